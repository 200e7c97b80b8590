export { findPii, maskPii, PII_PLACEHOLDERS, type PiiKind, type PiiMatch } from './mask-pii.ts';
export type { Normaliser, NormaliserOptions } from './normaliser.ts';
export { createNormaliser } from './normaliser.ts';
export type { Stemmer } from './stem.ts';
export { createStemIds, STEM_IDS, type StemIds, stemIdsOf } from './stem-ids.ts';
export { createStemmer, DEFAULT_STEM_CACHE_SIZE, stemRu, stemRuUncached } from './stem.ts';
export { isStopwordRu, STOPWORDS_RU } from './stopwords-ru.ts';
export { normaliseText } from './text.ts';
export { isNumberToken, tokenize } from './tokens.ts';
