export {
  DEFAULT_EXPLAIN,
  type ExplainMessage,
  type ExplainOptions,
  type Explanation,
  explain,
} from './explain.ts';
export { type KeyTerm, keyTerms, logLikelihoodG2, SurfaceForms, type TermCount } from './keyness.ts';
export { type Candidate, pickRepresentatives } from './representatives.ts';
export {
  DEFAULT_STORY_OPTIONS,
  Stories,
  type StoriesSnapshot,
  type StoryDoc,
  type StoryOptions,
} from './stories.ts';
export { ADDRESS_WORDS, extractStreets, formatStreet, type StreetMention, streetKey } from './streets.ts';
