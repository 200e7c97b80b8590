/**
 * Topic classification of a normalised Doc: the learned linear model (topic-model.ts, fixtures/models/topic-model.json)
 * over stem/bigram features, char n-grams of the tokens and the topic lexicons (fixtures/topics.json). Pure after
 * construction (apart from a bounded token cache); one Map lookup per feature.
 *
 * `confidence` is the model's probability of the best topic. When it is below `minConfidence`, or the text has no
 * feature at all, the topic is 'other' (routed to the municipality's administration) and `confidence` still reports
 * the best topic's probability, so a consumer can tell "sure it is other" from "unsure".
 */
import type { Doc, TopicId } from '../records.ts';
import type { Topic } from '../reference/topics.ts';
import { loadTopics } from '../reference/topics.ts';
import { compileLexicon } from './lexicon.ts';
import { isFeatureStem } from './topic-features.ts';
import type { TopicModelJson } from './topic-model.ts';
import { createTopicScorer, loadTopicModel } from './topic-model.ts';

export interface TopicResult {
  topic: TopicId;
  department: string;
  /** 0..1 */
  confidence: number;
}

export interface TopicClassifierOptions {
  /** Taxonomy with lexicons. Default: fixtures/topics.json. */
  topics?: readonly Topic[];
  /** Learned model. Default: fixtures/models/topic-model.json. */
  model?: TopicModelJson;
  /** Below this probability the topic is 'other'. Default DEFAULT_MIN_TOPIC_CONFIDENCE. */
  minConfidence?: number;
}

/**
 * Chosen on the cross-validated Kursk set (bench/classify-accuracy.ts prints accuracy per threshold): above the
 * largest class prior (roads ≈ 0.22), so a text with nothing topical falls to 'other', while costing little accuracy.
 */
export const DEFAULT_MIN_TOPIC_CONFIDENCE = 0.3;

/**
 * Takes a Doc's stems (word features), their ids when it has them (normalise/stem-ids.ts) and tokens (char
 * n-grams); the pipeline passes the whole Doc.
 */
export type TopicClassifier = (doc: Pick<Doc, 'stems' | 'tokens' | 'stemIds'>) => TopicResult;

export function createTopicClassifier(opts: TopicClassifierOptions = {}): TopicClassifier {
  const topics = opts.topics ?? loadTopics();
  const model = opts.model ?? loadTopicModel();
  const minConfidence = opts.minConfidence ?? DEFAULT_MIN_TOPIC_CONFIDENCE;
  const departments = new Map(topics.map((t) => [t.id, t.department]));
  const otherDepartment = departments.get('other') ?? 'Администрация муниципального образования';
  const scorer = createTopicScorer(model, compileLexicon(topics));
  const classes = scorer.classes;
  const otherIndex = classes.indexOf('other');

  return (doc) => {
    if (!doc.stems.some(isFeatureStem)) return { topic: 'other', department: otherDepartment, confidence: 0 };
    const p = scorer.probabilitiesOfDoc(doc);
    let best = Math.max(otherIndex, 0);
    for (let c = 0; c < p.length; c++) if ((p[c] as number) > (p[best] as number)) best = c;
    const confidence = p[best] as number;
    const topic = confidence >= minConfidence ? (classes[best] as TopicId) : 'other';
    return { topic, department: departments.get(topic) ?? otherDepartment, confidence };
  };
}
