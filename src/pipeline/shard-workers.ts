/**
 * Shards in worker threads (config `workers`): each worker owns a fixed share of the shards for the whole run and
 * runs the same processor over them. Shares are dealt by the lines of the first batch (assign-shards.ts): regions
 * differ in size by orders of magnitude, and i mod N put 64% of bench:throughput's lines on one of two workers. The main thread routes each batch's lines to the workers by the
 * shard the processor will put them in (shard.ts `createLineRouter`), and merges their parts back into the batch
 * one processor would have made (merge-parts.ts). A shard's results depend only on its own lines in their order,
 * so the output is the same whatever N.
 *
 * Only lines go in and only what the store keeps comes out (messages without tokens and stems; state as JSON
 * serialised in the worker): the structured clone across the boundary is the price of the second core.
 */
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { Clock } from '../clock.ts';
import type { PipelineConfig } from '../config.ts';
import type { Calendar } from '../detect/calendar.ts';
import { VspError } from '../errors.ts';
import { type DistrictMatcher, loadDistricts } from '../geo/districts.ts';
import type { RawRecord, Rejected, RunStats } from '../records.ts';
import { type Gazetteer, loadGazetteer } from '../reference/gazetteer.ts';
import { DEFAULT_PARSE_LIMITS } from '../source/parse.ts';
import type { SerialisedSnapshot } from '../store/types.ts';
import { assignShards } from './assign-shards.ts';
import { concatParts, type LeanStoreBatch, mergeShardParts, sumStats } from './merge-parts.ts';
import { packRecords } from './packed-records.ts';
import type { ShardSnapshot } from './process.ts';
import { createLineRouter } from './shard.ts';
import type { ShardEngine } from './shard-engine.ts';
import type { FeedbackItem, ShardWorkerInit, ShardWorkerReply, ShardWorkerRequest } from './shard-worker.ts';
import { emptyStats } from './stats.ts';

/** The worker's entry: registers tsx (the product runs TypeScript), then loads shard-worker.ts. */
const ENTRY = new URL('./shard-worker-entry.mjs', import.meta.url);

export interface ShardWorkersOptions {
  cfg: PipelineConfig;
  workers: number;
  gazetteer: Gazetteer;
  clock: Clock;
  districts: DistrictMatcher;
  calendar?: Calendar;
}

type Ok = Extract<ShardWorkerReply, { ok: true }>;

interface Thread {
  worker: Worker;
  pending: Map<number, { resolve: (r: Ok) => void; reject: (e: Error) => void }>;
  stats: RunStats;
  watermarkMs: number | null;
  busyMs: number;
}

export async function startShardWorkers(o: ShardWorkersOptions): Promise<ShardEngine> {
  const { cfg, workers } = o;
  const shards = cfg.shards;
  const parseLimits = { ...DEFAULT_PARSE_LIMITS, ...cfg.parse };
  const route = createLineRouter(o.gazetteer, shards, parseLimits);
  let nextId = 0;
  let closing = false;
  /** The first failure of any worker: every later call rejects with it (the run stops, nothing half committed). */
  let failure: VspError | undefined;
  const fail = (w: number, detail: string, cause?: unknown): VspError => {
    failure ??= new VspError('VSP_PIPELINE_WORKER_FAILED', `worker ${w}: ${detail}`, { cause });
    return failure;
  };
  const threads: Thread[] = Array.from({ length: workers }, (_, w) => {
    const init: ShardWorkerInit = {
      vspleskShardWorker: true,
      cfg,
      shards,
      // The bundled files are read in the worker rather than cloned into it.
      gazetteer: o.gazetteer === loadGazetteer() ? null : [...o.gazetteer.all],
      districts: o.districts.all === loadDistricts() ? null : [...o.districts.all],
      calendar: [...(o.calendar?.events ?? [])],
    };
    // No inherited execArgv: the entry registers tsx itself, once, however the main thread runs TypeScript.
    // The main thread's heap limit (--max-old-space-size), which execArgv would have carried, for each worker.
    const worker = new Worker(ENTRY, {
      workerData: init,
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20) },
    });
    const t: Thread = { worker, pending: new Map(), stats: emptyStats(), watermarkMs: null, busyMs: 0 };
    const rejectAll = (e: Error) => {
      for (const p of t.pending.values()) p.reject(e);
      t.pending.clear();
    };
    worker.on('message', (r: ShardWorkerReply) => {
      const p = t.pending.get(r.id);
      t.pending.delete(r.id);
      if (!r.ok) {
        const e = fail(w, `${r.error.code ? `${r.error.code}: ` : ''}${r.error.message}`, r.error.stack);
        p?.reject(e);
        rejectAll(e);
        return;
      }
      t.stats = r.stats;
      t.watermarkMs = r.watermarkMs;
      t.busyMs = r.busyMs;
      p?.resolve(r);
    });
    worker.on('error', (e) => rejectAll(fail(w, e.message, e)));
    // A worker gone before close (out of memory, killed) would leave later requests unanswered: fail them all.
    worker.on('exit', (code) => {
      if (!closing) rejectAll(fail(w, `exited with code ${code}`));
    });
    return t;
  });
  type Body = ShardWorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;
  const call = (w: number, body: Body, transfer: ArrayBuffer[] = []): Promise<Ok> => {
    if (failure) return Promise.reject(failure);
    const t = threads[w] as Thread;
    const id = nextId++;
    return new Promise<Ok>((resolve, reject) => {
      t.pending.set(id, { resolve, reject });
      t.worker.postMessage({ ...body, id }, transfer);
    });
  };
  /** Requests whose reply nobody waits for: a failure stops the next batch. */
  const post = (w: number, body: Body) => {
    call(w, body).catch(() => {});
  };
  const all = (body: (w: number) => Body) => Promise.all(threads.map((_, w) => call(w, body(w))));
  const stateOf = (replies: readonly Ok[]) => replies.flatMap((r) => r.state ?? []);

  const close = async () => {
    closing = true;
    await Promise.all(threads.map((t) => t.worker.terminate()));
  };
  // A worker that cannot start (its entry fails to load) says so before the first batch.
  await all(() => ({ type: 'events', events: [] })).catch(async (e) => {
    await close();
    throw e;
  });
  /** Shard → worker, dealt at the first batch (or at the end, for a run that had none); state restored then. */
  let owner: number[] | undefined;
  let restored: readonly ShardSnapshot[] = [];
  let feedbackWaiting: FeedbackItem[] = [];
  const own = async (linesPerShard: readonly number[]) => {
    const dealt = assignShards(linesPerShard, workers);
    owner = dealt;
    await all((w) => ({
      type: 'own',
      shards: dealt.flatMap((x, shard) => (x === w ? [shard] : [])),
      snapshots: restored.filter((s) => dealt[s.shard] === w),
    }));
    restored = [];
    // Verdicts given before the shards had owners.
    if (feedbackWaiting.length > 0)
      for (let w = 0; w < workers; w++) post(w, { type: 'feedback', items: feedbackWaiting });
    feedbackWaiting = [];
  };
  const ensureOwned = () => (owner ? Promise.resolve() : own(new Array(shards).fill(0)));

  return {
    shards,
    get stats() {
      return sumStats(threads.map((t) => t.stats));
    },
    get busyMs() {
      return threads.map((t) => t.busyMs);
    },
    get watermarkMs() {
      const held = threads.flatMap((t) => (t.watermarkMs === null ? [] : [t.watermarkMs]));
      return held.length === 0 ? Number.NEGATIVE_INFINITY : Math.min(...held);
    },
    async restore(snapshots) {
      // Sent with the shares, when the first batch has dealt them.
      restored = [...snapshots];
    },
    feedback(items, held) {
      // Each worker applies the verdicts of its own shards (processor.feedback with the shards it owns).
      if (held === undefined && owner === undefined) feedbackWaiting.push(...items);
      else if (held === undefined)
        for (let w = 0; w < workers; w++) post(w, { type: 'feedback', items: [...items] });
      else
        throw new VspError(
          'VSP_PIPELINE_WORKER_FAILED',
          'held partitions are a Kafka run’s, which runs in-process',
        );
    },
    addKnownEvents(events) {
      for (let w = 0; w < workers; w++) post(w, { type: 'events', events: [...events] });
    },
    async process(records, sourceRejected, withState) {
      const nowMs = o.clock.nowMs();
      // −1: a line the processor will dead-letter, which may go anywhere (worker 0 records it, in its order).
      const shardOfLine = records.map((rec) => route(rec.raw, nowMs) ?? -1);
      if (owner === undefined) {
        const perShard = new Array<number>(shards).fill(0);
        for (const s of shardOfLine) if (s >= 0) perShard[s] = (perShard[s] ?? 0) + 1;
        await own(perShard);
      }
      const routed = new Uint8Array(records.length);
      const shares: RawRecord[][] = threads.map(() => []);
      for (let i = 0; i < records.length; i++) {
        const s = shardOfLine[i] as number;
        const w = s < 0 ? 0 : ((owner as number[])[s] as number);
        routed[i] = w;
        (shares[w] as RawRecord[]).push(records[i] as RawRecord);
      }
      const replies = await all((w) => ({
        type: 'process',
        records: packRecords(shares[w] as RawRecord[]),
        sourceRejected: w === 0 ? [...sourceRejected] : ([] as Rejected[]),
        nowMs,
        state: withState,
      }));
      const out = mergeShardParts(
        routed,
        replies.map((r) => ({ out: r.out as LeanStoreBatch, outcomes: r.outcomes as Uint8Array })),
        sourceRejected.length,
      );
      return withState ? { out, state: stateOf(replies) } : { out };
    },
    async state(): Promise<SerialisedSnapshot[]> {
      await ensureOwned();
      return stateOf(await all(() => ({ type: 'state' })));
    },
    async finish() {
      await ensureOwned();
      return concatParts((await all(() => ({ type: 'finish' }))).map((r) => r.out as LeanStoreBatch));
    },
    close,
  };
}
