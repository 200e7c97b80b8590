/**
 * Progress while processing: a bar on a terminal, a JSON log line every few seconds otherwise (machine-readable
 * for CI and log collectors), or nothing.
 */
import cliProgress from 'cli-progress';
import type { RunStats } from '../records.ts';

export type ProgressMode = 'bar' | 'log' | 'off';

export interface Progress {
  update(stats: RunStats, bytesDone?: number): void;
  stop(stats: RunStats): void;
  /** Something worth a log line (log mode only), e.g. partitions assigned in a rebalance. */
  event(name: string, fields: Record<string, unknown>): void;
}

export function createProgress(
  mode: ProgressMode,
  totalBytes: number | undefined,
  nowMs = Date.now,
): Progress {
  const startMs = nowMs();
  const rate = (n: number) => Math.round(n / Math.max(0.001, (nowMs() - startMs) / 1000));
  if (mode === 'off') return { update() {}, stop() {}, event() {} };
  if (mode === 'log') {
    let lastMs = startMs;
    let lastRead = -1;
    const line = (event: string, s: RunStats, bytes?: number) =>
      process.stderr.write(
        `${JSON.stringify({ event, read: s.read, valid: s.valid, deadLettered: s.deadLettered, late: s.late, anomalies: s.anomalies, msgPerSec: rate(s.read), ...(bytes !== undefined && totalBytes ? { pct: Math.round((100 * bytes) / totalBytes) } : {}) })}\n`,
      );
    return {
      update(s, bytes) {
        if (nowMs() - lastMs < 5000) return;
        lastMs = nowMs();
        lastRead = s.read;
        line('progress', s, bytes);
      },
      stop(s) {
        if (s.read !== lastRead) line('progress', s, totalBytes);
      },
      event(name, fields) {
        process.stderr.write(`${JSON.stringify({ event: name, ...fields })}\n`);
      },
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format:
        ' {bar} {percentage}% | {read} read | {rate} msg/s | {dead} dead | {anomalies} anomalies | ETA {eta}s',
      hideCursor: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(totalBytes ?? 1, 0, { read: 0, rate: 0, dead: 0, anomalies: 0 });
  const payload = (s: RunStats) => ({
    read: s.read,
    rate: rate(s.read),
    dead: s.deadLettered,
    anomalies: s.anomalies,
  });
  return {
    update(s, bytes) {
      bar.update(totalBytes ? (bytes ?? 0) : 0, payload(s));
    },
    stop(s) {
      bar.update(totalBytes ?? 1, payload(s));
      bar.stop();
    },
    event() {},
  };
}
