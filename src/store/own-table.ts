/**
 * A table a module owns (campaigns, subscriptions, deliveries): created by its own query on first use, once per
 * store, through `runQuery` like store/tokens.ts — the store's schema.sql does not need to know it.
 */
import type { QueryName } from './queries.ts';
import type { Store } from './types.ts';

export type QueryStore = Pick<Store, 'runQuery'>;

/** `ensure(store)` resolves once `createQuery` has run on that store (concurrent first uses share one run). */
export function ownTable(createQuery: QueryName): (store: QueryStore) => Promise<void> {
  const ready = new WeakMap<QueryStore, Promise<unknown>>();
  return async (store) => {
    let p = ready.get(store);
    if (p === undefined) {
      p = store.runQuery(createQuery, {}, 'write');
      ready.set(store, p);
    }
    await p;
  };
}
