import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { beginDelivery, finishDelivery, listDeliveries } from './deliveries.ts';
import { openStore, type Store } from './index.ts';
import { insertSubscription, listSubscriptions, removeSubscription } from './subscriptions.ts';

let store: Store;
beforeAll(async () => {
  store = await openStore(':memory:', { gazetteer: loadGazetteer(), topics: loadTopics() });
});
afterAll(() => store.close());

describe('subscriptions and deliveries tables', () => {
  it('adds, lists and removes a subscription with its formats and send time', async () => {
    const s = await insertSubscription(
      store,
      {
        kind: 'municipality',
        place: '65701000',
        sink: 'file',
        target: '/tmp/x',
        formats: ['html', 'md'],
        sendAtMin: 450,
        enabled: true,
      },
      1000,
    );
    expect(await listSubscriptions(store)).toEqual([s]);
    expect(await removeSubscription(store, s.id)).toBe(true);
    expect(await removeSubscription(store, s.id)).toBe(false);
    expect(await listSubscriptions(store)).toEqual([]);
  });

  it('counts rounds while pending or failed, and never reopens a sent delivery', async () => {
    const d = {
      subscriptionId: 'sub_a',
      date: '2026-12-06',
      messagesCount: 12,
      payload: '{"a":1}',
      dueMs: 5,
    };
    expect(await beginDelivery(store, d, 10)).toEqual({ state: 'pending', attempts: 1, payload: '{"a":1}' });
    await finishDelivery(store, d, { state: 'failed', error: 'HTTP 503' }, 11);
    expect((await listDeliveries(store))[0]).toMatchObject({
      state: 'failed',
      lastError: 'HTTP 503',
      attempts: 1,
    });
    // A later round sends what the first one built (its payload and count), not a rebuilt briefing.
    expect(await beginDelivery(store, { ...d, messagesCount: 13, payload: '{"a":2}' }, 20)).toEqual({
      state: 'pending',
      attempts: 2,
      payload: '{"a":1}',
    });
    await finishDelivery(store, d, { state: 'sent' }, 21);
    expect((await beginDelivery(store, { ...d, messagesCount: 99 }, 30)).state).toBe('sent');
    expect(await listDeliveries(store, { subscriptionId: 'sub_a' })).toEqual([
      {
        subscriptionId: 'sub_a',
        date: '2026-12-06',
        deliveryId: 'sub_a.2026-12-06',
        state: 'sent',
        attempts: 2,
        lastError: null,
        messagesCount: 12,
        payload: '{"a":1}',
        dueMs: 5,
        updatedAtMs: 21,
        sentAtMs: 21,
      },
    ]);
  });
});
