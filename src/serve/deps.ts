import type { Clock } from '../clock.ts';
import type { Gazetteer } from '../reference/gazetteer.ts';
import type { Topic } from '../reference/topics.ts';
import type { Store } from '../store/index.ts';
import type { ApiAuth } from './access.ts';

/** What the API needs; the same Store may be written by a pipeline in the same process. */
export interface ApiDeps {
  store: Store;
  gazetteer: Gazetteer;
  topics: readonly Topic[];
  /** Bearer tokens with roles and scopes, or AUTH_OFF (tests, `--auth off`): required, so it is always a choice. */
  auth: ApiAuth;
  /** Extra Prometheus text appended to GET /metrics (e.g. the pipeline's live counters). */
  metrics?: () => string;
  /** "Now" for the default period when the store holds no windows (default: system clock). */
  clock?: Clock;
  /** Serve the UI at / (default true). */
  ui?: boolean;
  /** Chromium that prints briefings to PDF (default /usr/bin/chromium, Debian's). */
  chromiumPath?: string;
  /** Most points one series may return (default 20,000); more is a 400. */
  maxSeriesPoints?: number;
}
