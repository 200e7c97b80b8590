/** The saved state of one shard (src/pipeline/shard.ts): everything its processor holds, as JSON. */
import type { DeduperSnapshot } from '../classify/dedupe.ts';
import type { NearDuplicatesSnapshot } from '../classify/near-duplicates.ts';
import type { StoriesSnapshot } from '../cluster/stories.ts';
import type { AlertTrackerSnapshot } from '../detect/alerts.ts';
import type { EmergingTermsSnapshot } from '../detect/emerging-terms.ts';
import type { DetectorSnapshot } from '../detect/poisson-burst.ts';
import type { SlowRiseSnapshot } from '../detect/slow-rise.ts';
import type { WindowerSnapshot } from '../window/windower.ts';

export interface ShardSnapshot {
  version: 1;
  shard: number;
  shards: number;
  windower: WindowerSnapshot;
  deduper: DeduperSnapshot;
  /** Absent in state saved before campaigns were collapsed. */
  voices?: NearDuplicatesSnapshot;
  detectors: DetectorSnapshot[];
  /** The same detectors over district windows (absent: districts off, or state saved before them). */
  districtDetectors?: DetectorSnapshot[];
  alerts: AlertTrackerSnapshot;
  /** Absent in state saved before emerging terms existed (they then start afresh). */
  terms?: EmergingTermsSnapshot;
  /** Absent in state saved before the slow-wave CUSUM existed. */
  slowRise?: SlowRiseSnapshot;
  /** Absent in state saved before stories existed. */
  stories?: StoriesSnapshot;
}
