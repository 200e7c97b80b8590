/**
 * `vsplesk briefings run --db FILE [--dir DIR] [--once] [--now ISO] [--smtp-…]`: the briefing scheduler as its own
 * long-running process (`vsplesk serve --briefings DIR` runs the same inside the server). `--once` runs one pass —
 * what is due now, catch-up included — and exits (cron); `--now` pretends it is that instant (replays, tests).
 */

import {
  abortableSleep,
  createSinkFor,
  type DeliveryOutcome,
  runDueDeliveries,
  type SmtpConfig,
  startScheduler,
} from '../briefing/delivery/index.ts';
import { createPdfPrinter } from '../briefing/render-pdf.ts';
import { type Clock, fixedClock, systemClock } from '../clock.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { openStore } from '../store/index.ts';

export interface BriefingsRunOptions {
  db: string;
  /** Where relative file targets resolve (default: the working directory). */
  dir?: string;
  smtp: SmtpConfig | null;
  once: boolean;
  nowMs?: number;
  lookbackDays?: number;
  intervalMs?: number;
  chromiumPath?: string;
  /** Each outcome (default: a JSON line on stderr). */
  log?: (o: DeliveryOutcome) => void;
  /** Resolves when the long-running scheduler should stop (default: SIGINT or SIGTERM). */
  until?: Promise<void>;
}

export const logOutcome = (o: DeliveryOutcome) =>
  process.stderr.write(`${JSON.stringify({ event: 'briefing_delivery', ...o })}\n`);

/** Returns the outcomes of a `--once` pass (empty for the long-running loop). */
export async function runBriefingsRun(o: BriefingsRunOptions): Promise<DeliveryOutcome[]> {
  const gazetteer = loadGazetteer();
  const topics = loadTopics();
  const store = await openStore(o.db, { gazetteer, topics });
  const clock: Clock = o.nowMs === undefined ? systemClock : fixedClock(o.nowMs);
  const stopping = new AbortController();
  const deps = {
    store,
    gazetteer,
    topics,
    clock,
    sinkFor: createSinkFor({
      smtp: o.smtp,
      sleep: abortableSleep(stopping.signal),
      ...(o.dir !== undefined ? { baseDir: o.dir } : {}),
    }),
    pdf: createPdfPrinter(o.chromiumPath ? { chromiumPath: o.chromiumPath } : {}),
    log: o.log ?? logOutcome,
    ...(o.lookbackDays !== undefined ? { lookbackDays: o.lookbackDays } : {}),
  };
  try {
    if (o.once) return await runDueDeliveries(deps);
    const scheduler = startScheduler(deps, {
      ...(o.intervalMs !== undefined ? { intervalMs: o.intervalMs } : {}),
      onError: (e) => process.stderr.write(`vsplesk: a briefing pass failed: ${(e as Error).message}\n`),
    });
    await (o.until ??
      new Promise<void>((done) => {
        process.once('SIGINT', () => done());
        process.once('SIGTERM', () => done());
      }));
    stopping.abort();
    await scheduler.stop();
    return [];
  } finally {
    await store.close();
  }
}
