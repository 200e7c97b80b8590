/**
 * Department routing from a predicted topic: the department that most often handled each topic in labelled appeals
 * (the Kursk `responsible` column). A topic names the kind of problem, so its usual handler is the natural
 * prediction; what it cannot know is geography (a district administration handles its own towns' roads), which is
 * why the routing figure sits below the topic figure. Off the hot path (the bench scores it).
 *
 * Example: learnTopicDepartments([{ topic: 'roads', department: 'А' }, { topic: 'roads', department: 'А' },
 *   { topic: 'roads', department: 'Б' }]).get('roads') → 'А'
 */
import type { TopicId } from '../records.ts';
import type { Topic } from '../reference/topics.ts';
import type { CrossValidateOptions, HeldOutPrediction } from './cross-validate.ts';
import { crossValidate } from './cross-validate.ts';
import type { ScorableExample } from './topic-model.ts';

export interface RoutedExample {
  topic: TopicId;
  department: string;
}

/** Topic → its most frequent department (ties: the alphabetically first, so the result is order-free). */
export function learnTopicDepartments(rows: readonly RoutedExample[]): Map<TopicId, string> {
  const counts = new Map<TopicId, Map<string, number>>();
  for (const r of rows) {
    let m = counts.get(r.topic);
    if (!m) {
      m = new Map();
      counts.set(r.topic, m);
    }
    m.set(r.department, (m.get(r.department) ?? 0) + 1);
  }
  const out = new Map<TopicId, string>();
  for (const [topic, m] of counts) {
    const best = [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] as [string, number];
    out.set(topic, best[0]);
  }
  return out;
}

/**
 * Share of held-out appeals routed to their true department when the department comes from the predicted topic,
 * with each fold's topic → department table learned from the other folds' true labels only.
 * `fallback` (the most frequent department of the training folds) routes a topic never seen in training.
 */
export function heldOutDepartmentAccuracy(
  preds: readonly HeldOutPrediction[],
  rows: readonly RoutedExample[],
): number {
  const folds = [...new Set(preds.map((p) => p.fold))];
  let ok = 0;
  for (const f of folds) {
    const train = preds.filter((p) => p.fold !== f).map((p) => rows[p.index] as RoutedExample);
    const table = learnTopicDepartments(train);
    const fallback = mostFrequent(train.map((r) => r.department));
    for (const p of preds) {
      if (p.fold !== f) continue;
      if ((table.get(p.predicted) ?? fallback) === (rows[p.index] as RoutedExample).department) ok++;
    }
  }
  return preds.length ? ok / preds.length : 0;
}

function mostFrequent(values: readonly string[]): string {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? '';
}

/**
 * The alternative measured beside it: a router, i.e. the same linear model (features, trainer, folds) with the
 * departments as its classes and no lexicon, cross-validated. Returns the share of appeals routed right (argmax).
 * The trainer's types name topics; it is generic over class names, so the departments pass through one cast here.
 */
export function crossValidateRouter(
  examples: readonly ScorableExample[],
  departments: readonly string[],
  k: number,
  opts: CrossValidateOptions = {},
): number {
  const classes = [...new Set(departments)].sort();
  const pseudoTopics = classes.map((d) => ({
    id: d,
    nameRu: d,
    department: d,
    lexicon: {},
  })) as unknown as Topic[];
  const labelled = examples.map((ex, i) => ({ ...ex, label: departments[i] as TopicId }));
  const preds = crossValidate(labelled, pseudoTopics, k, { classWeightCap: 0, ...opts });
  return preds.length ? preds.filter((p) => p.predicted === p.label).length / preds.length : 0;
}
