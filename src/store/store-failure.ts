/**
 * What a DuckDB failure means for the operator, in one line that names the file and what to do. DuckDB reports
 * everything as text ("IO Error: …"); these patterns are the ones it uses for a held lock, a damaged file and a
 * full disk (probed with @duckdb/node-api 1.5: docs/crash-safety.md).
 */
export type StoreFailureKind = 'locked' | 'corrupt' | 'disk_full' | 'not_writable' | 'other';

const PATTERNS: readonly [StoreFailureKind, RegExp][] = [
  ['locked', /Could not set lock on file|Conflicting lock is held/i],
  [
    'corrupt',
    /not a valid DuckDB database|Corrupt database file|checksum|Could not read enough bytes|Serialization Error|Invalid block|database file.*(corrupt|truncated)/i,
  ],
  ['disk_full', /No space left on device|disk is full|ENOSPC|File too large|EFBIG|out of disk space/i],
  ['not_writable', /Permission denied|Read-only file system|EACCES|EROFS/i],
];

export function classifyStoreFailure(message: string): StoreFailureKind {
  for (const [kind, re] of PATTERNS) if (re.test(message)) return kind;
  return 'other';
}

/** The first line of DuckDB's message, without its documentation links. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/\s*See also https?:\/\/\S+/, '').trim();
}

/** Why `path` could not be opened, and what to do about it. */
export function describeOpenFailure(path: string, cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  const pid = /\(PID (\d+)\)/.exec(message)?.[1];
  switch (classifyStoreFailure(message)) {
    case 'locked':
      return `${path} is open read-write in another process${pid ? ` (PID ${pid})` : ''}; DuckDB allows one writer: stop that process (or let it finish) and run again — nothing was written`;
    case 'corrupt':
      return `${path} is not a readable DuckDB database, it looks corrupt or truncated (${firstLine(message)}); it was left as it is: restore it from a backup, or move it aside and run again to rebuild it from the source`;
    case 'disk_full':
      return `no space left to open ${path} (${firstLine(message)}): free space on its disk and run again`;
    case 'not_writable':
      return `cannot write ${path} (${firstLine(message)}): check the permissions of the file and its directory`;
    default:
      return `cannot open DuckDB at ${path}: ${firstLine(message)}`;
  }
}

/** Why a batch could not be committed (it was rolled back), and what to do about it. */
export function describeWriteFailure(path: string, cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  switch (classifyStoreFailure(message)) {
    case 'disk_full':
      return `the disk holding ${path} is full (${firstLine(message)}); the batch was rolled back: free space and run the same command again — it resumes after the last committed batch, nothing lost or counted twice`;
    case 'not_writable':
      return `cannot write ${path} (${firstLine(message)}); the batch was rolled back: fix the permissions and run the same command again — it resumes after the last committed batch`;
    case 'corrupt':
      return `${path} is damaged (${firstLine(message)}); the batch was rolled back: restore the file from a backup, or move it aside and rebuild it from the source`;
    default:
      return `writeBatch rolled back: ${firstLine(message)}`;
  }
}
