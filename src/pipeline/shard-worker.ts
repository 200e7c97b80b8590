/**
 * The worker-thread side of the embedded run's shards (shard-workers.ts is the main-thread side): one processor
 * over the shards this worker owns, driven by requests in the order they were posted. Raw records in; out go the
 * batch's results with messages cut to what the store keeps, what became of each record, the counters, and —
 * when asked — the changed shards' state as JSON (serialised here, in parallel, not on the main thread).
 */
import { isMainThread, type MessagePort, parentPort, workerData } from 'node:worker_threads';
import type { PipelineConfig } from '../config.ts';
import { createCalendar, type KnownEvent } from '../detect/calendar.ts';
import type { FeedbackLabel } from '../detect/index.ts';
import { VspError } from '../errors.ts';
import { createDistrictMatcher, type District, loadDistricts } from '../geo/districts.ts';
import type { Rejected, RunStats, TopicId } from '../records.ts';
import { createGazetteer, loadGazetteer, type Municipality } from '../reference/gazetteer.ts';
import { storableDoc } from '../store/storable-doc.ts';
import type { SerialisedSnapshot } from '../store/types.ts';
import type { LeanStoreBatch } from './merge-parts.ts';
import { type PackedRecords, unpackRecords } from './packed-records.ts';
import { createProcessor, type ShardSnapshot, type StoreBatch } from './process.ts';
import { serialiseState } from './serialise-state.ts';

/** What a worker is started with (workerData). Reference data is null when the bundled files are meant. */
export interface ShardWorkerInit {
  vspleskShardWorker: true;
  cfg: PipelineConfig;
  shards: number;
  gazetteer: Municipality[] | null;
  districts: District[] | null;
  calendar: KnownEvent[];
}

export type FeedbackItem = { municipality: string; topic: TopicId; label: FeedbackLabel; atMs?: number };

export type ShardWorkerRequest = {
  id: number;
} /** The shards this worker owns for the run, with their saved state (before its first batch). */ & (
  | { type: 'own'; shards: number[]; snapshots: ShardSnapshot[] }
  | { type: 'feedback'; items: FeedbackItem[] }
  | { type: 'events'; events: KnownEvent[] }
  | {
      type: 'process';
      records: PackedRecords;
      sourceRejected: Rejected[];
      /** The clock's time for this batch (the same in every worker and in the router). */
      nowMs: number;
      /** Also send the state of the shards changed since the last time. */
      state: boolean;
    }
  | { type: 'state' }
  | { type: 'finish' }
);

export type ShardWorkerReply =
  | {
      id: number;
      ok: true;
      out?: LeanStoreBatch;
      outcomes?: Uint8Array;
      state?: SerialisedSnapshot[];
      stats: RunStats;
      /** Lowest watermark over the worker's shards with state; null when it has none yet. */
      watermarkMs: number | null;
      /** Milliseconds spent handling requests so far (how evenly the shares keep the workers busy). */
      busyMs: number;
    }
  | { id: number; ok: false; error: { message: string; code?: string; stack?: string } };

function lean(b: StoreBatch): LeanStoreBatch {
  return { ...b, messages: b.messages.map(storableDoc), lateMessages: b.lateMessages.map(storableDoc) };
}

/** Handles one request at a time (pure apart from the processor's state; tested without a thread). */
export function createShardWorkerHandler(
  init: ShardWorkerInit,
): (req: ShardWorkerRequest) => ShardWorkerReply {
  let nowMs = 0;
  // Filled by 'own' (the processor checks every record against it).
  const owned = new Set<number>();
  const districtList = init.districts ?? loadDistricts();
  const processor = createProcessor(init.cfg, {
    gazetteer: init.gazetteer ? createGazetteer(init.gazetteer) : loadGazetteer(),
    // The main thread's clock, read once per batch.
    clock: { nowMs: () => nowMs },
    shards: init.shards,
    calendar: createCalendar(init.calendar),
    districts: createDistrictMatcher(districtList),
    owns: owned,
  });
  const takeState = (): SerialisedSnapshot[] => serialiseState(processor, processor.takeTouched());
  let busyMs = 0;
  let startMs = 0;
  const done = (
    id: number,
    more: Partial<Extract<ShardWorkerReply, { ok: true }>> = {},
  ): ShardWorkerReply => {
    busyMs += performance.now() - startMs;
    return {
      id,
      ok: true,
      ...more,
      stats: processor.stats,
      watermarkMs: processor.heldShards > 0 ? processor.watermarkMs : null,
      busyMs,
    };
  };
  return (req) => {
    startMs = performance.now();
    try {
      switch (req.type) {
        case 'own':
          for (const s of req.shards) owned.add(s);
          processor.restore(req.snapshots);
          return done(req.id);
        case 'feedback':
          processor.feedback(req.items, owned);
          return done(req.id);
        case 'events':
          processor.addKnownEvents(req.events);
          return done(req.id);
        case 'process': {
          nowMs = req.nowMs;
          const records = unpackRecords(req.records);
          const outcomes = new Uint8Array(records.length);
          const out = lean(processor.process(records, req.sourceRejected, outcomes));
          // Changed shards wait in the processor's touched list until their state is asked for.
          const state = req.state ? takeState() : undefined;
          return done(req.id, { out, outcomes, ...(state ? { state } : {}) });
        }
        case 'state':
          return done(req.id, { state: takeState() });
        case 'finish':
          return done(req.id, { out: lean(processor.finish()) });
      }
    } catch (e) {
      const err = e as Error;
      return {
        id: req.id,
        ok: false,
        error: {
          message: err.message,
          ...(e instanceof VspError ? { code: e.code } : {}),
          ...(err.stack ? { stack: err.stack } : {}),
        },
      };
    }
  };
}

/** In a worker started by shard-workers.ts: answer the main thread's requests. */
export function serveShardWorker(port: MessagePort, init: ShardWorkerInit): void {
  const handle = createShardWorkerHandler(init);
  port.on('message', (req: ShardWorkerRequest) => {
    const reply = handle(req);
    port.postMessage(reply, reply.ok && reply.outcomes ? [reply.outcomes.buffer as ArrayBuffer] : []);
  });
}

if (!isMainThread && parentPort && (workerData as Partial<ShardWorkerInit> | null)?.vspleskShardWorker)
  serveShardWorker(parentPort, workerData as ShardWorkerInit);
