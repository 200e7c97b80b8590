import { describe, expect, it } from 'vitest';
import { createNormaliser } from '../normalise/normaliser.ts';
import type { TopicId } from '../records.ts';
import { loadTopics } from '../reference/topics.ts';
import { assignFolds, nestedCrossValidate, shuffledIndices } from './cross-validate.ts';
import { topicExample } from './topic-features.ts';

describe('assignFolds', () => {
  it('without groups, puts shuffled position i in fold i % k', () => {
    const order = shuffledIndices(23, 7);
    const fold = assignFolds(23, 5, 7);
    for (const [i, ex] of order.entries()) expect(fold[ex]).toBe(i % 5);
  });

  it('holds out examples of one group together', () => {
    const groups = Array.from({ length: 40 }, (_, i) => (i % 10 === 3 ? 'same text' : `text ${i}`));
    const fold = assignFolds(40, 4, 7, groups);
    const dupFolds = new Set([3, 13, 23, 33].map((i) => fold[i]));
    expect(dupFolds.size).toBe(1);
    expect(new Set(fold).size).toBe(4);
  });
});

describe('nestedCrossValidate', () => {
  it('scores every example once, choosing a setting per outer fold from inner folds of its training part', () => {
    const normalise = createNormaliser();
    const texts: [string, TopicId][] = [
      ['Нет отопления, батареи холодные', 'heating'],
      ['Отопление не работает, холодно в квартире', 'heating'],
      ['Батареи ледяные, отопления нет', 'heating'],
      ['Холодные батареи в квартире', 'heating'],
      ['Мусорные контейнеры переполнены', 'waste'],
      ['Мусор не вывозят, контейнеры полные', 'waste'],
      ['Свалка мусора во дворе', 'waste'],
      ['Контейнеры для мусора не вывозят', 'waste'],
    ];
    const examples = texts.map(([text, label]) =>
      topicExample(normalise({ id: 't', source: 'test', createdAt: '', eventTimeMs: 0, text }), label),
    );
    const grid = [
      { minCount: 1, minClassExamples: 1 },
      { minCount: 1, minClassExamples: 1, l2: 10 },
    ];
    const { preds, choices } = nestedCrossValidate(examples, loadTopics(), 2, grid, { innerK: 2 });
    expect(preds.map((p) => p.index)).toEqual(examples.map((_, i) => i));
    expect(choices).toHaveLength(2);
    for (const c of choices) {
      expect(c.innerAccuracy).toHaveLength(2);
      expect(c.chosen).toBe(c.innerAccuracy.indexOf(Math.max(...c.innerAccuracy)));
    }
  });
});
