/**
 * The explanation of a spike (an alert's span, a flagged window): its messages and those of the weeks before it
 * read from the store, the stories its messages joined, and cluster/explain.ts. What it serves is masked.
 */
import { type Explanation, explain } from '../cluster/explain.ts';
import { bundledDistrict } from '../geo/districts.ts';
import { maskPii } from '../normalise/mask-pii.ts';
import type { TopicId } from '../records.ts';
import type { Store } from '../store/index.ts';

export async function explainWindow(
  store: Pick<Store, 'explainInputs' | 'storiesByIds'>,
  w: { municipality: string; topic: TopicId; fromMs: number; toMs: number },
): Promise<Explanation> {
  const { target, reference } = await store.explainInputs(w.municipality, w.topic, w.fromMs, w.toMs);
  const storyIds = new Set<string>();
  for (const m of target) if (m.storyId !== null) storyIds.add(m.storyId);
  const stories = new Map((await store.storiesByIds([...storyIds])).map((s) => [s.id, s]));
  const e = explain(target, reference, stories, {
    districtName: (code) => bundledDistrict(code)?.name,
  });
  // explain() masks its samples; a story's label is the start of a message, so it is masked here (maskPii is
  // idempotent, so masking the samples again costs little and guards a change there).
  return {
    ...e,
    clusters: e.clusters.map((c) => ({ ...c, label: maskPii(c.label) })),
    samples: e.samples.map((x) => ({ ...x, text: maskPii(x.text) })),
  };
}
