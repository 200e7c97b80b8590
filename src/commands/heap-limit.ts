/**
 * V8's heap limit is fixed when the process starts (`v8.setFlagsFromString` after start does not move it), and by
 * default it is a quarter of the machine's memory or more (4 GB here): V8 then lets the old generation grow to
 * ~3–4× the live heap before a full collection. `vsplesk run --memory-limit` therefore starts the command again in
 * a child node with `--max-old-space-size` set from the budget, unless this process already has a limit that fits
 * (`NODE_OPTIONS=--max-old-space-size=…`, or it is that child).
 *
 * Signals: the child is in the launcher's process group, so a terminal's Ctrl-C reaches it directly (the launcher
 * ignores SIGINT while it waits, and forwarding it would be a second Ctrl-C: an immediate stop); SIGTERM and SIGHUP
 * sent to the launcher are forwarded. The launcher exits with the child's code.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { getHeapStatistics } from 'node:v8';

/** V8's heap_size_limit is the old generation's limit plus the young generation's (48 MiB on 64-bit Node 20; 64 leaves a margin). */
const YOUNG_GENERATION_MB = 64;

/** Whether a process whose heap_size_limit is `currentLimitMb` must start again to keep its old space ≤ `heapMb`. */
export function needsHeapRelaunch(currentLimitMb: number, heapMb: number): boolean {
  return currentLimitMb > heapMb + YOUNG_GENERATION_MB;
}

/** The child's node arguments: this process's, any heap size of them replaced by `heapMb`. */
export function relaunchNodeArgs(execArgv: readonly string[], heapMb: number): string[] {
  return [
    ...execArgv.filter((a) => !/^--max[-_]old[-_]space[-_]size(=|$)/.test(a)),
    `--max-old-space-size=${heapMb}`,
  ];
}

/**
 * Runs `script args` again in a child node with the old space capped at `heapMb`, and resolves with its exit code;
 * resolves undefined at once when this process's heap limit already fits (the caller goes on in-process).
 */
export async function relaunchWithHeapLimit(
  heapMb: number,
  script: string,
  args: readonly string[],
): Promise<number | undefined> {
  const currentMb = getHeapStatistics().heap_size_limit / 2 ** 20;
  if (!needsHeapRelaunch(currentMb, heapMb)) return undefined;
  const child = spawn(process.execPath, [...relaunchNodeArgs(process.execArgv, heapMb), script, ...args], {
    stdio: 'inherit',
  });
  const ignore = () => {};
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onTerm = forward('SIGTERM');
  const onHup = forward('SIGHUP');
  process.on('SIGINT', ignore);
  process.on('SIGTERM', onTerm);
  process.on('SIGHUP', onHup);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) =>
        resolve(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1)),
      );
    });
  } finally {
    process.off('SIGINT', ignore);
    process.off('SIGTERM', onTerm);
    process.off('SIGHUP', onHup);
  }
}
