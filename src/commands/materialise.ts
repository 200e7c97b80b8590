/** `vsplesk materialise`: published results (scale-out processors) → a DuckDB file the API serves. */
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { materialise } from '../sink/materialise.ts';
import { openStore } from '../store/index.ts';

export interface MaterialiseCommandOptions {
  prefix: string;
  db: string;
  brokers: string;
  group?: string;
  untilIdleMs?: number;
  /** Days of raw texts kept (default the pipeline's `retention.messagesDays`). */
  retentionDays?: number;
}

export async function runMaterialiseCommand(o: MaterialiseCommandOptions): Promise<{ records: number }> {
  const store = await openStore(o.db, { gazetteer: loadGazetteer(), topics: loadTopics() });
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await materialise({ ...o, store, signal: stop.signal });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await store.close();
  }
}
