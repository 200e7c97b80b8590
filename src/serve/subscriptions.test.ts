/** The admin routes of briefing subscriptions and deliveries (access itself: access.test.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { beginDelivery, finishDelivery } from '../store/deliveries.ts';
import { openStore, type Store } from '../store/index.ts';
import { AUTH_OFF, buildApi } from './api.ts';

const NOW = Date.UTC(2026, 11, 6, 12);
let store: Store;
let app: ReturnType<typeof buildApi>;
beforeAll(async () => {
  store = await openStore(':memory:', { gazetteer: loadGazetteer(), topics: loadTopics() });
  app = buildApi({
    store,
    gazetteer: loadGazetteer(),
    topics: loadTopics(),
    auth: AUTH_OFF,
    clock: fixedClock(NOW),
    ui: false,
  });
});
afterAll(async () => {
  await app.close();
  await store.close();
});

describe('/api/subscriptions and /api/deliveries', () => {
  it('adds a subscription with its next local send time, lists, reports deliveries, removes', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/subscriptions',
      payload: { municipality: '30701000', sink: 'email', target: 'glava@kamchatka.test', sendAt: '07:30' },
    });
    expect(created.statusCode).toBe(201);
    const sub = created.json();
    // 07:30 of 7 December at UTC+12 = 19:30 UTC of the 6th: the next send after 12:00 UTC.
    expect(sub).toMatchObject({
      kind: 'municipality',
      placeName: 'Петропавловск-Камчатский',
      sendAt: '07:30',
      formats: ['html'],
      nextSendAt: '2026-12-06T19:30:00.000Z',
    });
    expect((await app.inject('/api/subscriptions')).json().map((s: { id: string }) => s.id)).toEqual([
      sub.id,
    ]);

    const key = { subscriptionId: sub.id, date: '2026-12-06' };
    await beginDelivery(store, { ...key, messagesCount: 4, payload: '{}', dueMs: NOW }, NOW);
    await finishDelivery(store, key, { state: 'failed', error: 'SMTP is not configured' }, NOW + 1);
    const deliveries = (await app.inject('/api/deliveries?state=failed')).json();
    expect(deliveries).toMatchObject({
      failed: 1,
      items: [
        {
          deliveryId: `${sub.id}.2026-12-06`,
          state: 'failed',
          attempts: 1,
          lastError: 'SMTP is not configured',
        },
      ],
    });
    expect((await app.inject('/api/deliveries?state=sent')).json()).toEqual({ items: [], failed: 0 });

    const bad = await app.inject({
      method: 'POST',
      url: '/api/subscriptions',
      payload: { municipality: '30701000', sink: 'webhook', target: 'ftp://x' },
    });
    expect([bad.statusCode, bad.json().error]).toEqual([400, 'VSP_SERVE_BAD_QUERY']);
    expect((await app.inject({ method: 'DELETE', url: `/api/subscriptions/${sub.id}` })).statusCode).toBe(
      200,
    );
    expect((await app.inject({ method: 'DELETE', url: `/api/subscriptions/${sub.id}` })).statusCode).toBe(
      404,
    );
    expect((await app.inject('/api/subscriptions')).json()).toEqual([]);
  });
});
