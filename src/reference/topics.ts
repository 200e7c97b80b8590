/**
 * The topic taxonomy (fixtures/topics.json): id, Russian name, the department a complaint is routed to, and
 * the lexicon of stems that marks it. Lexicons match stems (PorterStemmerRu output), not word forms.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TopicId } from '../records.ts';

export interface Topic {
  id: TopicId;
  nameRu: string;
  department: string;
  /** Stems (single words) or stem bigrams ("горяч вод") that indicate the topic, with weights. */
  lexicon: Record<string, number>;
}

export const DEFAULT_TOPICS_PATH = fileURLToPath(new URL('../../fixtures/topics.json', import.meta.url));

let cached: readonly Topic[] | undefined;
export function loadTopics(path = DEFAULT_TOPICS_PATH): readonly Topic[] {
  if (path === DEFAULT_TOPICS_PATH && cached) return cached;
  const topics = Object.freeze(JSON.parse(readFileSync(path, 'utf8')) as Topic[]);
  if (path === DEFAULT_TOPICS_PATH) cached = topics;
  return topics;
}
