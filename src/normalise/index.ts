export { createNormaliser } from './normaliser.ts';
export type { Normaliser, NormaliserOptions } from './normaliser.ts';
export { normaliseText } from './text.ts';
export { tokenize, isNumberToken } from './tokens.ts';
export { STOPWORDS_RU, isStopwordRu } from './stopwords-ru.ts';
export { createStemmer, stemRu, stemRuUncached, DEFAULT_STEM_CACHE_SIZE } from './stem.ts';
export type { Stemmer } from './stem.ts';
