/**
 * Crash safety with real processes (docs/crash-safety.md): `vsplesk run` killed with SIGKILL mid-run, stopped by a
 * full disk, pointed at a corrupt or a locked DuckDB file. Each failure is real — a kill -9, a tmpfs that runs out
 * of space (or, where mounting is refused, a file-size limit), bytes overwritten, a second process holding the
 * file — and each rerun is compared with a run that never failed: every table the pipeline writes, row for row.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateStream } from '../source/generator/index.ts';
import { dumpTables, RESULT_TABLES } from '../store/test-dump.ts';

const REPO = resolve(import.meta.dirname, '../..');
const BIN = join(REPO, 'bin/vsplesk.mjs');
const dir = mkdtempSync(join(tmpdir(), 'vsplesk-crash-'));
const stream = join(dir, 'stream.ndjson');
const pipeline = join(dir, 'pipeline.mjs');
const cleanDb = join(dir, 'clean.duckdb');
let lines = 0;
let clean: Dump;
/** Bytes of WAL a fresh store holds after one batch (sizes the file-size limit when tmpfs cannot be mounted). */
let walAfterOneBatch = 0;

/** Rows of every table a run writes, as JSON text per table (wall-clock stamps left out). */
type Dump = Record<string, string>;

const TABLES: Record<string, string> = {
  ...RESULT_TABLES,
  messages:
    'SELECT r.*, k.* EXCLUDE (key_id) FROM message_rows r JOIN message_keys k USING (key_id) ORDER BY id',
  dead_letters: 'SELECT * EXCLUDE (at_ms) FROM dead_letters ORDER BY ALL',
};

const dump = (path: string): Promise<Dump> => dumpTables(path, TABLES);

const rowCount = (d: Dump, table: string) => (JSON.parse(d[table] ?? '[]') as unknown[]).length;

function runArgs(db: string, pipelineFile = pipeline): string[] {
  return [
    BIN,
    'run',
    '--pipeline',
    pipelineFile,
    '--source',
    `file:${stream}`,
    '--db',
    db,
    '--progress',
    'log',
  ];
}

/** A pipeline file of the crash-test pipeline with `options` (e.g. `workers: 2`) on top of batches of 300. */
function pipelineWith(name: string, options: string): string {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, `export default { name: "crash-test", batchSize: 300, ${options} };\n`);
  return file;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function exited(child: ChildProcess, stderr: () => string): Promise<Exit> {
  return new Promise((done) => child.on('close', (code, signal) => done({ code, signal, stderr: stderr() })));
}

/** Runs `vsplesk run` to its end (through `sh -c PREFIX exec node …` when a shell prefix is given). */
function runToEnd(args: string[], shellPrefix?: string): Promise<Exit> {
  const child = shellPrefix
    ? spawn('sh', ['-c', `${shellPrefix} exec node "$@"`, 'sh', ...args], { cwd: REPO })
    : spawn('node', args, { cwd: REPO });
  let err = '';
  child.stderr?.on('data', (b: Buffer) => {
    err += b.toString();
  });
  return exited(child, () => err);
}

/** Runs `vsplesk run` and sends it `signal` once its stderr holds `event` (a progress event) `times` times. */
function stopAfter(args: string[], event: string, signal: NodeJS.Signals, times = 1): Promise<Exit> {
  const child = spawn('node', args, { cwd: REPO });
  let err = '';
  child.stderr.on('data', (b: Buffer) => {
    err += b.toString();
    const seen = err.split(`"event":"${event}"`).length - 1;
    if (seen >= times && child.exitCode === null && !child.killed) child.kill(signal);
  });
  return exited(child, () => err);
}

/** stderr without the JSON progress lines: what a person reads. */
const humanLines = (stderr: string) =>
  stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('{"event"'));

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

beforeAll(async () => {
  // ~10,000 lines (4 MB) with their share of invalid records. The file source reads 1 MB at a time and makes a
  // batch of each chunk's lines (at least batchSize): four batches, so a run can be stopped between them.
  const out: string[] = [];
  for (const r of generateStream({ days: 30, municipalities: 16, seed: 5 }).records) out.push(r.line);
  lines = out.length;
  writeFileSync(stream, `${out.join('\n')}\n`);
  // State with every batch (stateEveryMs: 0, not the default minute): each kill below lands after a full commit;
  // the replay of batches stored without their state has its own case (stateEveryMs: 3600000).
  writeFileSync(pipeline, 'export default { name: "crash-test", batchSize: 300, stateEveryMs: 0 };\n');
  const r = await runToEnd(runArgs(cleanDb));
  expect(r.code, r.stderr).toBe(0);
  clean = await dump(cleanDb);
}, 180_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('vsplesk run, killed or failing, then run again', () => {
  it('the reference run stored every valid message once and committed the end of the file', () => {
    const messages = JSON.parse(clean.messages ?? '[]') as { id: string }[];
    expect(messages.length).toBeGreaterThan(4000);
    expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
    expect(rowCount(clean, 'dead_letters')).toBeGreaterThan(0);
    expect(rowCount(clean, 'anomalies')).toBeGreaterThan(0);
    expect(JSON.parse(clean.offsets ?? '[]')).toEqual([
      expect.objectContaining({ partition: 0, offset: String(lines + 1) }),
    ]);
  });

  it('SIGKILL mid-run, then a rerun: the store equals the run that was never killed', async () => {
    const db = join(dir, 'killed.duckdb');
    // The first batch is committed (results, position and shard state): kill -9, no chance to clean up.
    const killed = await stopAfter(runArgs(db), 'committed', 'SIGKILL');
    expect(killed.signal, killed.stderr).toBe('SIGKILL');

    walAfterOneBatch = statSync(`${db}.wal`).size;
    const partial = await dump(db);
    const stored = rowCount(partial, 'messages');
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(rowCount(clean, 'messages'));

    const rerun = await runToEnd(runArgs(db));
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toMatch(/"event":"resumed"/);
    expect(await dump(db)).toEqual(clean);

    // And a run of a file already done adds nothing (its end re-closes the same windows: same values).
    const again = await runToEnd(runArgs(db));
    expect(again.code, again.stderr).toBe(0);
    expect(await dump(db)).toEqual(clean);
  }, 240_000);

  // Stopped after the first commit (results, position and both workers' shards' state): kill -9, where the threads
  // die with the process; or SIGINT, where exiting at all shows the threads ended, and no open window is closed
  // (no partial hours tested, no alert closed early). Either way the rerun's store is the never-stopped run's,
  // every table.
  it.each([
    ['SIGKILL', (e: Exit) => expect(e.signal, e.stderr).toBe('SIGKILL')],
    ['SIGINT', (e: Exit) => expect(e.code, e.stderr).toBe(0)],
  ] as const)(
    'shards in two worker threads (workers: 2): %s after a commit, then a rerun: the store equals the one-thread run',
    async (signal, stoppedAsExpected) => {
      const db = join(dir, `workers-${signal}.duckdb`);
      const args = runArgs(db, pipelineWith('workers-pipeline', 'stateEveryMs: 0, workers: 2'));
      stoppedAsExpected(await stopAfter(args, 'committed', signal));
      expect(rowCount(await dump(db), 'messages')).toBeLessThan(rowCount(clean, 'messages'));

      const done = await runToEnd(args);
      expect(done.code, done.stderr).toBe(0);
      expect(done.stderr).toMatch(/"event":"resumed"/);
      expect(await dump(db)).toEqual(clean);
    },
    240_000,
  );

  it('state every hour of wall time (stateEveryMs): SIGKILL after batches that stored results alone, then a rerun replays them: the store equals the reference', async () => {
    const db = join(dir, 'lazy.duckdb');
    const args = runArgs(db, pipelineWith('lazy-pipeline', 'stateEveryMs: 3600000'));
    // A batch's results are stored, its state is not: kill -9.
    const killed = await stopAfter(args, 'written', 'SIGKILL');
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(killed.stderr).not.toMatch(/"event":"committed"/);
    const partial = await dump(db);
    expect(rowCount(partial, 'messages')).toBeGreaterThan(0);
    expect(rowCount(partial, 'shard_snapshots')).toBe(0);

    const done = await runToEnd(args);
    expect(done.code, done.stderr).toBe(0);
    // The same rows as the run with state every batch; its offsets also say how far results were written.
    const { offsets, ...rest } = await dump(db);
    const { offsets: cleanOffsets, ...cleanRest } = clean;
    const differ = Object.keys(cleanRest).filter((k) => rest[k] !== cleanRest[k]);
    expect(differ).toEqual([]);
    const rows = JSON.parse(offsets ?? '[]') as { partition: number; offset: string }[];
    expect(rows.filter((r) => r.partition !== -1)).toEqual(JSON.parse(cleanOffsets ?? '[]'));
    expect(rows.find((r) => r.partition === -1)?.offset).toBe(String(lines + 1));
  }, 240_000);

  it('a full disk: exits 1 with one line naming the file and what to do; with space again it resumes, nothing lost or doubled', async () => {
    const mnt = join(dir, 'small-disk');
    mkdirSync(mnt);
    const db = join(mnt, 'store.duckdb');
    const filler = join(mnt, 'filler');
    // A tmpfs of its own, filled up by another file once the first batch is committed: the disk runs out under a
    // running pipeline. Without the right to mount, a file-size limit between one batch's WAL and two (SIGXFSZ
    // ignored, so the write fails with EFBIG) is the same failure as DuckDB sees it.
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', mnt]).status === 0;
    try {
      let full: Exit;
      if (mounted) {
        const child = spawn('node', runArgs(db), { cwd: REPO });
        let err = '';
        let filled = false;
        child.stderr.on('data', (b: Buffer) => {
          err += b.toString();
          if (!filled && err.includes('"event":"committed"')) {
            filled = true;
            fillUp(filler);
          }
        });
        full = await exited(child, () => err);
      } else {
        expect(walAfterOneBatch).toBeGreaterThan(0);
        // POSIX sh counts `ulimit -f` in 512-byte blocks.
        const blocks = Math.ceil((1.5 * walAfterOneBatch) / 512);
        full = await runToEnd(runArgs(db), `trap '' XFSZ; ulimit -f ${blocks};`);
      }
      expect(full.code, full.stderr).toBe(1);
      const said = humanLines(full.stderr);
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/^vsplesk: VSP_STORE_FAILED: .*full.*run the same command again/);
      expect(said[0]).toContain(db);

      const partial = await dump(db);
      expect(rowCount(partial, 'messages')).toBeGreaterThan(0);
      expect(rowCount(partial, 'messages')).toBeLessThan(rowCount(clean, 'messages'));

      if (mounted) rmSync(filler);
      const rerun = await runToEnd(runArgs(db));
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(await dump(db)).toEqual(clean);
    } finally {
      if (mounted) spawnSync('umount', [mnt]);
    }
  }, 240_000);

  it.each([
    ['bytes overwritten inside it', (p: string) => overwrite(p, 5000, randomBlock().subarray(0, 4096))],
    ['truncated', (p: string) => truncateSync(p, 8000)],
    ['random bytes', (p: string) => writeFileSync(p, randomBlock())],
  ])(
    'a corrupt DuckDB file (%s): exits 1 naming it and what to do, and leaves it as it was',
    async (_name, damage) => {
      const db = join(dir, `corrupt-${_name.split(' ')[0]}.duckdb`);
      copyFileSync(cleanDb, db);
      damage(db);
      const before = sha256(db);
      const r = await runToEnd(runArgs(db));
      expect(r.code).toBe(1);
      const said = humanLines(r.stderr);
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/^vsplesk: VSP_STORE_FAILED: .*corrupt or truncated.*restore it from a backup/);
      expect(said[0]).toContain(db);
      expect(sha256(db)).toBe(before);
    },
  );

  it('a DuckDB file another process holds read-write: exits 1 naming the file and the holder; its data unchanged', async () => {
    const db = join(dir, 'locked.duckdb');
    copyFileSync(cleanDb, db);
    const holder = spawn(
      'node',
      [
        '--input-type=module',
        '-e',
        // The instance and connection stay referenced from the timer: unreachable ones are collected once the
        // process idles, and their finaliser releases the lock (a CI run under load saw exactly that).
        `import { DuckDBInstance } from '@duckdb/node-api';
         const db = await DuckDBInstance.create(process.argv[1]);
         const conn = await db.connect();
         await conn.run('SELECT 1');
         process.stdout.write('holding\\n');
         setInterval(() => { globalThis.held = [db, conn]; }, 1000);`,
        db,
      ],
      { cwd: REPO },
    );
    try {
      await new Promise<void>((ready, fail) => {
        holder.stdout.on('data', (b: Buffer) => b.toString().includes('holding') && ready());
        holder.on('close', () => fail(new Error('the holder exited before holding the file')));
      });
      const r = await runToEnd(runArgs(db));
      expect(r.code).toBe(1);
      const said = humanLines(r.stderr);
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/^vsplesk: VSP_STORE_FAILED: .* is open read-write in another process/);
      expect(said[0]).toContain(db);
      expect(said[0]).toContain(`PID ${holder.pid}`);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((done) => (holder.exitCode !== null ? done(null) : holder.on('close', done)));
    }
    expect(await dump(db)).toEqual(clean);
  });
});

/** Writes a file until the disk refuses more. */
function fillUp(path: string): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(1 << 20, 0x5a);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
}

function overwrite(path: string, at: number, bytes: Uint8Array): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, at);
  } finally {
    closeSync(fd);
  }
}

/** 64 KiB of seeded noise (the same every run). */
function randomBlock(): Buffer {
  const b = Buffer.alloc(64 * 1024);
  let x = 2463534242;
  for (let i = 0; i < b.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}
