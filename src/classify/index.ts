/** Classification stage: topic, geography and dedupe over normalised Docs (pure after construction). */

export { accuracyReport, crossValidate } from './cross-validate.ts';
export { createCsvParser, parseCsvRecords } from './csv-parser.ts';
export { Deduper } from './dedupe.ts';
export type { GeoInput, GeoResolver, GeoResolverOptions, GeoResult } from './geo.ts';
export { createGeoResolver, haversineKm, MOSCOW_UTC_OFFSET_MIN } from './geo.ts';
export { compileLexicon } from './lexicon.ts';
export type { SoftmaxTrainOptions, SoftmaxWeights, SparseExample } from './softmax-regression.ts';
export { balancedClassWeights, trainSoftmax } from './softmax-regression.ts';
export type { TopicClassifier, TopicClassifierOptions, TopicResult } from './topic.ts';
export { createTopicClassifier, DEFAULT_MIN_TOPIC_CONFIDENCE } from './topic.ts';
export type { TopicExample } from './topic-features.ts';
export { charGrams, featureCount, topicExample, topicFeatures } from './topic-features.ts';
export type { ScorableExample, TopicModelJson, TopicScorer } from './topic-model.ts';
export { createTopicScorer, DEFAULT_TOPIC_MODEL_PATH, loadTopicModel } from './topic-model.ts';
export type { TrainingExample, TrainOptions } from './train-topic-model.ts';
export { trainTopicModel } from './train-topic-model.ts';
