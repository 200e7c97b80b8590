/**
 * The briefing scheduler (issue 14, part 5). One `runDueDeliveries` pass, at the injected clock's "now": for each
 * enabled subscription, the dates due in its place's zone (schedule.ts) within the look-back; for each date not
 * sent yet — build it once (or take what an earlier round built), record the round `pending`, hand it to the sink,
 * record `sent` or `failed`. A failed date is tried again on later passes (after a growing pause), up to
 * `maxRounds`; every failure is recorded in the deliveries table and returned (and logged), never dropped. A
 * `pending` row (a crash mid-round) is tried again at once.
 *
 * Exactly once? Pending is committed before the sink is called and sent after it returned, so a crash (SIGKILL)
 * between the two re-sends that date on restart — at least once, with the same delivery id. Exactly once
 * across a crash therefore needs the receiver to drop a delivery id it has seen (the webhook's Idempotency-Key,
 * the mail's Message-ID); no sender alone can do better, because "sent" and "received" are two systems' states.
 */
import type { Clock } from '../../clock.ts';
import {
  beginDelivery,
  type DeliveryRow,
  deliveryIdOf,
  finishDelivery,
  listDeliveries,
} from '../../store/deliveries.ts';
import { listSubscriptions, type Subscription } from '../../store/subscriptions.ts';
import type { BriefingDeps } from '../compose.ts';
import { buildPayload, deliveryOf } from './build-delivery.ts';
import { DEFAULT_LOOKBACK_DAYS, dueDates, dueMsOf, subscriptionZone } from './schedule.ts';
import type { BriefingSink } from './sink.ts';

/** Rounds a date is tried (each with the sink's own retries) before it stays failed. */
export const DEFAULT_MAX_ROUNDS = 5;
/** Wait after a failed round before the next: 5 min, doubled each round (5, 10, 20, 40 min). */
export const ROUND_BACKOFF_MS = 5 * 60_000;

/** Whether a failed row's next round is due: rounds left, and its backoff since the last one has passed. */
export function retryDue(
  row: Pick<DeliveryRow, 'attempts' | 'updatedAtMs'>,
  nowMs: number,
  maxRounds: number,
) {
  return row.attempts < maxRounds && nowMs >= row.updatedAtMs + ROUND_BACKOFF_MS * 2 ** (row.attempts - 1);
}

export interface SchedulerDeps extends BriefingDeps {
  clock: Clock;
  /** The sink of a subscription; may throw (e-mail without SMTP): that round is recorded failed. */
  sinkFor(sub: Subscription): BriefingSink;
  /** Prints PDFs (a queued printer, render-pdf.ts createPdfPrinter). */
  pdf?: (html: string) => Promise<Buffer>;
  lookbackDays?: number;
  maxRounds?: number;
  /** Each outcome as it happens (the server's log, the CLI's stderr). */
  log?: (o: DeliveryOutcome) => void;
}

export interface DeliveryOutcome {
  subscriptionId: string;
  date: string;
  deliveryId: string;
  state: 'sent' | 'failed';
  /** Rounds so far. */
  attempts: number;
  error: string | null;
}

/** Subscriptions served at once in a pass: one slow webhook (its retries) must not hold back every town's 07:00. */
export const PASS_CONCURRENCY = 4;

/** Delivers everything due now; returns the rounds it ran (each subscription's dates oldest first). */
export async function runDueDeliveries(deps: SchedulerDeps): Promise<DeliveryOutcome[]> {
  const nowMs = deps.clock.nowMs();
  const subs = (await listSubscriptions(deps.store)).filter((s) => s.enabled);
  const results: DeliveryOutcome[][] = [];
  let next = 0;
  const worker = async () => {
    while (next < subs.length) {
      const i = next++;
      results[i] = await deliverSubscription(deps, subs[i] as Subscription, nowMs);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PASS_CONCURRENCY, subs.length) }, worker));
  return results.flat();
}

/** One subscription's dates due at `nowMs`, in date order (a catch-up keeps the order the head reads them in). */
async function deliverSubscription(
  deps: SchedulerDeps,
  sub: Subscription,
  nowMs: number,
): Promise<DeliveryOutcome[]> {
  const utcOffsetMin = subscriptionZone(sub, deps.gazetteer);
  if (utcOffsetMin === undefined) return []; // validated on add; `subscription list` shows a place gone since
  const zone = { utcOffsetMin, sendAtMin: sub.sendAtMin };
  const dates = dueDates(nowMs, zone, deps.lookbackDays ?? DEFAULT_LOOKBACK_DAYS, sub.createdAtMs);
  if (dates.length === 0) return [];
  const rows = await listDeliveries(deps.store, { subscriptionId: sub.id });
  const out: DeliveryOutcome[] = [];
  for (const date of dates) {
    const row = rows.find((r) => r.date === date);
    if (row?.state === 'sent') continue;
    if (row?.state === 'failed' && !retryDue(row, nowMs, deps.maxRounds ?? DEFAULT_MAX_ROUNDS)) continue;
    const o = await deliverDate(deps, sub, date, dueMsOf(date, utcOffsetMin, sub.sendAtMin), row, rows);
    deps.log?.(o);
    out.push(o);
  }
  return out;
}

async function deliverDate(
  deps: SchedulerDeps,
  sub: Subscription,
  date: string,
  dueMs: number,
  row: DeliveryRow | undefined,
  rows: readonly DeliveryRow[],
): Promise<DeliveryOutcome> {
  let built: { payload: string | null; messagesCount: number | null } = {
    payload: null,
    messagesCount: null,
  };
  let error: string | null = null;
  if (row?.payload == null) {
    try {
      built = await buildPayload(deps, sub, date, rows);
    } catch (e) {
      error = `building the briefing failed: ${(e as Error).message}`;
    }
  }
  const begun = await beginDelivery(
    deps.store,
    { subscriptionId: sub.id, date, dueMs, ...built },
    deps.clock.nowMs(),
  );
  const key = { subscriptionId: sub.id, date };
  if (error === null && begun.payload !== null) {
    try {
      const delivery = await deliveryOf(sub, date, begun.payload, deps.pdf);
      await deps.sinkFor(sub).deliver(delivery);
      await finishDelivery(deps.store, key, { state: 'sent' }, deps.clock.nowMs());
      return {
        ...key,
        deliveryId: delivery.deliveryId,
        state: 'sent',
        attempts: begun.attempts,
        error: null,
      };
    } catch (e) {
      error = (e as Error).message;
    }
  }
  const message = error ?? 'nothing was built';
  await finishDelivery(deps.store, key, { state: 'failed', error: message }, deps.clock.nowMs());
  return {
    ...key,
    deliveryId: deliveryIdOf(sub.id, date),
    state: 'failed',
    attempts: begun.attempts,
    error: message,
  };
}

/**
 * Runs passes every `intervalMs` (real timers: the long-running server and `vsplesk briefings run`; tests call
 * runDueDeliveries with an injected clock instead). A pass that throws (the store failed) is reported and the
 * next one tries again. `stop` waits for a pass under way.
 */
export function startScheduler(
  deps: SchedulerDeps,
  o: { intervalMs?: number; onError?: (e: unknown) => void } = {},
): { stop(): Promise<void> } {
  const intervalMs = o.intervalMs ?? 60_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const pass = () => {
    running = runDueDeliveries(deps)
      .then(() => undefined)
      .catch((e: unknown) => o.onError?.(e))
      .finally(() => {
        if (!stopped) timer = setTimeout(pass, intervalMs);
      });
  };
  pass();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
