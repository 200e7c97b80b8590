import { describe, expect, it } from 'vitest';
import { TOPIC_IDS } from '../records.ts';
import { loadTopics } from './topics.ts';

describe('topic taxonomy', () => {
  it('fixtures/topics.json lists exactly the ids the code knows, each with a department and a lexicon', () => {
    const topics = loadTopics();
    expect(topics.map((t) => t.id)).toEqual([...TOPIC_IDS]);
    for (const t of topics) {
      expect(t.department.length, t.id).toBeGreaterThan(0);
      expect(Object.keys(t.lexicon).length, t.id).toBeGreaterThan(0);
    }
  });
});
