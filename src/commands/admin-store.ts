/**
 * The store opened for a short admin command (tokens, subscriptions) and closed after it. A running `vsplesk
 * serve` holds the DuckDB file's lock: that is a usage error naming the admin API routes that do the same.
 */
import { vspError } from '../errors.ts';
import { type Gazetteer, loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { openStore, type Store } from '../store/index.ts';

export async function withAdminStore<T>(
  db: string,
  /** The admin API routes to use instead, e.g. '(POST /api/tokens, DELETE /api/tokens/ID with an admin token)'. */
  apiRoutes: string,
  f: (store: Store, gazetteer: Gazetteer) => Promise<T>,
): Promise<T> {
  const gazetteer = loadGazetteer();
  let store: Store;
  try {
    store = await openStore(db, { gazetteer, topics: loadTopics() });
  } catch (e) {
    if (/lock/i.test(String((e as { cause?: Error }).cause?.message)))
      throw vspError(
        'VSP_CLI_USAGE',
        `${db} is in use (a running \`vsplesk serve\`?): stop it, or use its admin API ${apiRoutes}`,
        e,
      );
    throw e;
  }
  try {
    return await f(store, gazetteer);
  } finally {
    await store.close();
  }
}
