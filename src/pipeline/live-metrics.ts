/**
 * Live numbers of a running pipeline or materialiser for GET /metrics (Prometheus text): records read and their
 * rate, batch latency (read → committed), dead letters by reason, and — on Kafka — consumer lag per partition.
 * Stored totals come from the store (serve/metrics.ts); these are the process's own.
 */
import type { RunStats } from '../records.ts';
import { family } from '../serve/metrics.ts';

/** The rate is measured over this much recent time. */
const RATE_WINDOW_MS = 30_000;

export class LiveMetrics {
  readonly #now: () => number;
  readonly #name: string;
  #records = 0;
  #batches = 0;
  #latencySumMs = 0;
  #latencyMaxMs = 0;
  #lastLatencyMs = 0;
  /** (time, records so far) samples for the rate. */
  #samples: [number, number][] = [];
  #lag = new Map<number, number>();
  #stats: RunStats | undefined;

  /** `name`: the process's role in metric labels ('pipeline' or 'materialise'). */
  constructor(name: string, now: () => number = Date.now) {
    this.#name = name;
    this.#now = now;
  }

  /** A batch of `records` was committed `latencyMs` after it was read. */
  batchCommitted(records: number, latencyMs: number): void {
    this.#records += records;
    this.#batches++;
    this.#latencySumMs += latencyMs;
    this.#lastLatencyMs = latencyMs;
    if (latencyMs > this.#latencyMaxMs) this.#latencyMaxMs = latencyMs;
    const t = this.#now();
    this.#samples.push([t, this.#records]);
    while (this.#samples.length > 2 && (this.#samples[0] as [number, number])[0] < t - RATE_WINDOW_MS)
      this.#samples.shift();
  }

  lag(byPartition: Map<number, number>): void {
    this.#lag = new Map(byPartition);
  }

  stats(s: RunStats): void {
    this.#stats = s;
  }

  /** Records per second over the last ~30 s of commits (0 when idle for longer). */
  get ratePerSec(): number {
    const first = this.#samples[0];
    const last = this.#samples.at(-1);
    if (!first || !last || last === first || this.#now() - last[0] > RATE_WINDOW_MS) return 0;
    return ((last[1] - first[1]) * 1000) / Math.max(1, last[0] - first[0]);
  }

  render(): string {
    const role = { role: this.#name };
    const parts = [
      family('vsplesk_live_records_total', 'Records read and committed by this process.', [
        { labels: role, value: this.#records },
      ]),
      family('vsplesk_live_records_per_second', 'Records committed per second, last 30 s.', [
        { labels: role, value: Math.round(this.ratePerSec * 10) / 10 },
      ]),
      family('vsplesk_live_batches_total', 'Batches committed by this process.', [
        { labels: role, value: this.#batches },
      ]),
      family('vsplesk_live_batch_latency_seconds_sum', 'Total time from a batch read to its commit.', [
        { labels: role, value: this.#latencySumMs / 1000 },
      ]),
      family('vsplesk_live_batch_latency_seconds_last', 'Latency of the last batch, read to commit.', [
        { labels: role, value: this.#lastLatencyMs / 1000 },
      ]),
      family('vsplesk_live_batch_latency_seconds_max', 'Longest batch latency, read to commit.', [
        { labels: role, value: this.#latencyMaxMs / 1000 },
      ]),
      family(
        'vsplesk_live_consumer_lag_records',
        'Kafka: records behind the end of each assigned partition.',
        [...this.#lag].map(([p, v]) => ({ labels: { ...role, partition: String(p) }, value: v })),
      ),
    ];
    if (this.#stats)
      parts.push(
        family(
          'vsplesk_live_dead_letters_total',
          'Records dead-lettered by this process, by reason.',
          Object.entries(this.#stats.deadByReason).map(([reason, value]) => ({
            labels: { ...role, reason },
            value,
          })),
        ),
      );
    return `${parts.join('\n')}\n`;
  }
}
