/**
 * The scheduler with an injected clock (no timers): a town at UTC+12 and one at UTC+2 get their briefings at their
 * own 07:00 from one process, once; a webhook that fails twice is retried with backoff (the sleep recorded, not
 * waited); a failing sink is recorded and reported; late data reach the next briefing. Only loopback addresses.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadGazetteer } from '../../reference/gazetteer.ts';
import { loadTopics } from '../../reference/topics.ts';
import { listDeliveries } from '../../store/deliveries.ts';
import { openStore, type Store } from '../../store/index.ts';
import { insertSubscription, type NewSubscription } from '../../store/subscriptions.ts';
import { agg, emptyBatch } from '../../store/test-records.ts';
import { localDay } from '../local-day.ts';
import type { Briefing } from '../types.ts';

import { ROUND_BACKOFF_MS, runDueDeliveries, type SchedulerDeps } from './scheduler.ts';
import { createSinkFor } from './sinks.ts';
import { IDEMPOTENCY_HEADER } from './webhook-sink.ts';

const gazetteer = loadGazetteer();
const topics = loadTopics();
const KAMCHATKA = '30701000'; // Петропавловск-Камчатский, UTC+12
const KALININGRAD = '27701000'; // Калининград, UTC+2
const CREATED = Date.UTC(2026, 11, 6, 12);
/** 07:00 of 7 December: at UTC+12 it is 19:00 UTC of the 6th; at UTC+2, 05:00 UTC of the 7th. */
const MORNING_KAMCHATKA = Date.UTC(2026, 11, 6, 19);
const MORNING_KALININGRAD = Date.UTC(2026, 11, 7, 5);

const dir = mkdtempSync(join(tmpdir(), 'vsplesk-delivery-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let store: Store;
let now = CREATED;
const sleeps: number[] = [];
const deps = (over: Partial<SchedulerDeps> = {}): SchedulerDeps => ({
  store,
  gazetteer,
  topics,
  clock: { nowMs: () => now },
  sinkFor: createSinkFor({
    smtp: null,
    baseDir: dir,
    retry: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000 },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  }),
  ...over,
});
const subscribe = (s: Partial<NewSubscription> & Pick<NewSubscription, 'place' | 'sink' | 'target'>) =>
  insertSubscription(
    store,
    { kind: 'municipality', formats: ['html'], sendAtMin: 420, enabled: true, ...s },
    CREATED,
  );

beforeEach(async () => {
  store = await openStore(':memory:', { gazetteer, topics });
  now = CREATED;
  sleeps.length = 0;
});
afterEach(() => store.close());

/** A local HTTP receiver answering each request with the next status of `statuses` (the last one repeats). */
async function receiver(statuses: number[]): Promise<{
  url: string;
  requests: { key: string | undefined; body: Record<string, unknown> }[];
  close(): Promise<void>;
}> {
  const requests: { key: string | undefined; body: Record<string, unknown> }[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    requests.push({ key: req.headers[IDEMPOTENCY_HEADER] as string | undefined, body: JSON.parse(raw) });
    res.statusCode = statuses[Math.min(requests.length, statuses.length) - 1] ?? 200;
    res.end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    requests,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

describe('briefing scheduler', () => {
  it('sends a UTC+12 and a UTC+2 town their briefings at their own 07:00, once each, from one process', async () => {
    const kam = await subscribe({ place: KAMCHATKA, sink: 'file', target: 'out', formats: ['html', 'md'] });
    const kal = await subscribe({ place: KALININGRAD, sink: 'file', target: 'out', formats: ['json'] });
    now = MORNING_KAMCHATKA - 1;
    expect(await runDueDeliveries(deps())).toEqual([]);
    now = MORNING_KAMCHATKA;
    expect((await runDueDeliveries(deps())).map((o) => [o.subscriptionId, o.date, o.state])).toEqual([
      [kam.id, '2026-12-06', 'sent'],
    ]);
    expect(await runDueDeliveries(deps())).toEqual([]); // not twice
    now = MORNING_KALININGRAD - 1;
    expect(await runDueDeliveries(deps())).toEqual([]);
    now = MORNING_KALININGRAD;
    expect((await runDueDeliveries(deps())).map((o) => [o.subscriptionId, o.date, o.state])).toEqual([
      [kal.id, '2026-12-06', 'sent'],
    ]);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual([
      `${KALININGRAD}-2026-12-06.json`,
      `${KAMCHATKA}-2026-12-06.html`,
      `${KAMCHATKA}-2026-12-06.md`,
    ]);
    expect(readFileSync(join(dir, 'out', `${KAMCHATKA}-2026-12-06.md`), 'utf8')).toContain(
      'Петропавловск-Камчатский',
    );
    const json = JSON.parse(
      readFileSync(join(dir, 'out', `${KALININGRAD}-2026-12-06.json`), 'utf8'),
    ) as Briefing;
    expect([json.place.name, json.date, json.place.utcOffsetMin]).toEqual(['Калининград', '2026-12-06', 120]);
    const rows = await listDeliveries(store);
    expect(rows.map((r) => [r.subscriptionId, r.state, r.attempts, r.sentAtMs]).sort()).toEqual(
      [
        [kal.id, 'sent', 1, MORNING_KALININGRAD],
        [kam.id, 'sent', 1, MORNING_KAMCHATKA],
      ].sort(),
    );
    // A day later both are due again, each for its own new "yesterday".
    now = MORNING_KALININGRAD + 86_400_000;
    expect((await runDueDeliveries(deps())).map((o) => [o.subscriptionId, o.date]).sort()).toEqual(
      [
        [kam.id, '2026-12-07'],
        [kal.id, '2026-12-07'],
      ].sort(),
    );
  });

  it('catches up the dates missed while stopped, within the look-back, and skips none', async () => {
    const s = await insertSubscription(
      store,
      {
        kind: 'municipality',
        place: KALININGRAD,
        sink: 'file',
        target: 'catch-up',
        formats: ['md'],
        sendAtMin: 420,
        enabled: true,
      },
      Date.UTC(2026, 10, 1),
    );
    now = MORNING_KALININGRAD + 10 * 86_400_000; // ten days down; the look-back is 3
    expect((await runDueDeliveries(deps())).map((o) => o.date)).toEqual([
      '2026-12-14',
      '2026-12-15',
      '2026-12-16',
    ]);
    expect((await listDeliveries(store, { subscriptionId: s.id })).every((r) => r.state === 'sent')).toBe(
      true,
    );
  });

  it('retries a webhook that fails twice with exponential backoff, with one idempotency key', async () => {
    const hook = await receiver([503, 502, 200]);
    try {
      const s = await subscribe({ place: KALININGRAD, sink: 'webhook', target: hook.url });
      now = MORNING_KALININGRAD;
      const [o] = await runDueDeliveries(deps());
      expect([o?.state, o?.attempts, o?.error]).toEqual(['sent', 1, null]);
      expect(sleeps).toEqual([1000, 2000]);
      expect(hook.requests.map((r) => r.key)).toEqual([
        `${s.id}.2026-12-06`,
        `${s.id}.2026-12-06`,
        `${s.id}.2026-12-06`,
      ]);
      const body = hook.requests[2]?.body as {
        briefing: Briefing;
        html: string;
        markdown: string;
        deliveryId: string;
      };
      expect(body.deliveryId).toBe(`${s.id}.2026-12-06`);
      expect(body.briefing.place.code).toBe(KALININGRAD);
      expect(body.html).toContain('<!DOCTYPE html>');
      expect(body.markdown).toContain('# Утренняя сводка: Калининград');
    } finally {
      await hook.close();
    }
  });

  it('records and reports a failing sink, tries again on later passes up to the bound, then stops', async () => {
    const hook = await receiver([500]);
    const rejecting = await receiver([400]);
    try {
      const failing = await subscribe({ place: KALININGRAD, sink: 'webhook', target: hook.url });
      const permanent = await subscribe({ place: KALININGRAD, sink: 'webhook', target: rejecting.url });
      const mail = await subscribe({ place: KALININGRAD, sink: 'email', target: 'glava@example.ru' });
      now = MORNING_KALININGRAD;
      const logged: string[] = [];
      const first = await runDueDeliveries(deps({ maxRounds: 2, log: (o) => logged.push(o.subscriptionId) }));
      expect(first.map((o) => o.state)).toEqual(['failed', 'failed', 'failed']);
      expect(logged.sort()).toEqual([failing.id, permanent.id, mail.id].sort());
      const errorOf = (id: string) => first.find((o) => o.subscriptionId === id)?.error;
      expect(errorOf(failing.id)).toMatch(/gave up after 3 attempts: HTTP 500/);
      expect(errorOf(permanent.id)).toMatch(/failed permanently after 1 attempt: HTTP 400/);
      expect(errorOf(mail.id)).toMatch(/SMTP is not configured/);
      expect([hook.requests.length, rejecting.requests.length]).toEqual([3, 1]);
      const rows = await listDeliveries(store);
      expect(rows.map((r) => [r.state, r.attempts, r.lastError === null])).toEqual([
        ['failed', 1, false],
        ['failed', 1, false],
        ['failed', 1, false],
      ]);
      // Not again before the pause after a failed round (5 minutes); then round 2 of 2; then no more: they stay
      // failed, reported by status.
      now += ROUND_BACKOFF_MS - 1;
      expect(await runDueDeliveries(deps({ maxRounds: 2 }))).toEqual([]);
      now += 1;
      expect((await runDueDeliveries(deps({ maxRounds: 2 }))).map((o) => o.attempts)).toEqual([2, 2, 2]);
      now += 100 * ROUND_BACKOFF_MS;
      expect(await runDueDeliveries(deps({ maxRounds: 2 }))).toEqual([]);
      expect((await listDeliveries(store)).map((r) => r.state)).toEqual(['failed', 'failed', 'failed']);
    } finally {
      await hook.close();
      await rejecting.close();
    }
  });

  it('notes in the next briefing the messages of the day before that arrived after it was sent', async () => {
    const day6 = localDay('2026-12-06', 120).fromMs;
    const day7 = localDay('2026-12-07', 120).fromMs;
    const counts = (heating6: number, heating7: number) =>
      store.writeBatch({
        ...emptyBatch(),
        aggregates: [
          agg('day', KALININGRAD, 'heating', day6, heating6),
          agg('day', KALININGRAD, 'heating', day7, heating7),
        ],
      });
    await counts(3, 0);
    await subscribe({ place: KALININGRAD, sink: 'file', target: 'late', formats: ['md', 'json'] });
    now = MORNING_KALININGRAD;
    await runDueDeliveries(deps());
    const first = JSON.parse(
      readFileSync(join(dir, 'late', `${KALININGRAD}-2026-12-06.json`), 'utf8'),
    ) as Briefing;
    expect([first.volume.count, first.late]).toEqual([3, null]);
    await counts(5, 4); // two messages of the 6th collected after 07:00 of the 7th
    now = MORNING_KALININGRAD + 86_400_000;
    await runDueDeliveries(deps());
    const next = JSON.parse(
      readFileSync(join(dir, 'late', `${KALININGRAD}-2026-12-07.json`), 'utf8'),
    ) as Briefing;
    expect([next.volume.count, next.late]).toEqual([4, { date: '2026-12-06', count: 2 }]);
    expect(readFileSync(join(dir, 'late', `${KALININGRAD}-2026-12-07.md`), 'utf8')).toContain(
      'После отправки прошлой сводки за 6 декабря пришло ещё 2 обращения.',
    );
  });
});
