import { describe, expect, it } from 'vitest';
import { createNormaliser } from '../normalise/normaliser.ts';
import type { Message } from '../records.ts';
import { loadTopics } from '../reference/topics.ts';
import { accuracyReport, predictHeldOut, shuffledIndices } from './cross-validate.ts';
import { loadKurskAppeals, trainingLabel } from './kursk-appeals.ts';
import { compileLexicon } from './lexicon.ts';
import { createTopicClassifier } from './topic.ts';
import { topicExample } from './topic-features.ts';
import { createTopicScorer, loadTopicModel } from './topic-model.ts';
import { trainTopicModel } from './train-topic-model.ts';

const normalise = createNormaliser();
const msg = (text: string): Message => ({ id: 't', source: 'test', createdAt: '', eventTimeMs: 0, text });
const topics = loadTopics();

describe('topic taxonomy', () => {
  it('has a non-empty stem lexicon for every topic, and its keys are stems', () => {
    for (const t of topics) expect(Object.keys(t.lexicon).length, t.id).toBeGreaterThan(0);
    const heating = topics.find((t) => t.id === 'heating');
    expect(heating?.lexicon.отоплен).toBeGreaterThan(0);
    expect(topics.find((t) => t.id === 'hot_water')?.lexicon['горяч вод']).toBeGreaterThan(0);
  });
});

describe('createTopicClassifier (shipped model)', () => {
  const classify = createTopicClassifier();
  const topicOf = (text: string) => classify(normalise(msg(text)));

  it('classifies plain complaints of several topics', () => {
    expect(topicOf('Третий день нет отопления, батареи ледяные').topic).toBe('heating');
    expect(topicOf('Нет горячей воды уже неделю в доме 5').topic).toBe('hot_water');
    expect(topicOf('Не вывозят мусор, контейнеры переполнены').topic).toBe('waste');
    expect(topicOf('Огромные ямы на дороге по улице Ленина, асфальт разбит').topic).toBe('roads');
    expect(topicOf('Не горят фонари на улице, темно, уличное освещение не работает').topic).toBe('lighting');
    expect(topicOf('Запах газа в подъезде, газовая служба не приезжает').topic).toBe('gas');
    expect(topicOf('Стая бродячих собак у школы, нападают на детей').topic).toBe('animals');
    expect(topicOf('Автобус 12 не ходит по расписанию, на остановке ждём час').topic).toBe('transport');
  });

  it('returns the department of the topic and a confidence in 0..1', () => {
    const r = topicOf('Третий день нет отопления, батареи ледяные');
    expect(r.department).toBe(topics.find((t) => t.id === 'heating')?.department);
    expect(r.confidence).toBeGreaterThan(0.5);
    expect(r.confidence).toBeLessThanOrEqual(1);
  });

  it("falls back to 'other' for text with nothing topical", () => {
    expect(topicOf('Спасибо!').topic).toBe('other');
    expect(topicOf('123 456').topic).toBe('other');
    expect(topicOf('').confidence).toBe(0);
  });

  it("maps low confidence to 'other' (minConfidence)", () => {
    const strict = createTopicClassifier({ minConfidence: 0.999 });
    expect(strict(normalise(msg('Во дворе что-то непонятное'))).topic).toBe('other');
  });
});

describe('topic model on held-out Kursk appeals', () => {
  it('keeps accuracy on a held-out 25% of the real Kursk set', () => {
    // Measured 2026-11-23: 0.769 on this split (strict Kursk labels; 10-fold CV over all rows: 0.758 argmax,
    // bench/classify-accuracy.ts; scikit-learn TF-IDF word+char LinearSVC on the same folds: 0.779).
    // The threshold leaves room for small retraining changes but fails if features, lexicons or training break
    // (lexicon alone: 0.71; majority class: 0.22).
    const appeals = loadKurskAppeals();
    const examples = appeals.map((a) => topicExample(normalise(msg(a.text)), a.topic));
    const order = shuffledIndices(examples.length, 42);
    const cut = Math.floor(examples.length * 0.75);
    const preds = predictHeldOut(examples, order.slice(0, cut), order.slice(cut), topics, {
      relabelForTraining: (ex) => trainingLabel(ex.features, ex.label),
    });
    const report = accuracyReport(preds);
    expect(report.n).toBe(examples.length - cut);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.74);
    expect(report.recall.roads?.recall).toBeGreaterThanOrEqual(0.75);
    expect(report.recall.transport?.recall).toBeGreaterThanOrEqual(0.8);
  });

  it('trains deterministically', () => {
    const ex = [
      topicExample(normalise(msg('Нет отопления, батареи холодные')), 'heating' as const),
      topicExample(normalise(msg('Мусорные контейнеры переполнены')), 'waste' as const),
      topicExample(normalise(msg('Отопление не работает, холодно')), 'heating' as const),
      topicExample(normalise(msg('Мусор лежит, свалка во дворе')), 'waste' as const),
    ];
    const lex = compileLexicon(topics);
    const classes = topics.map((t) => t.id);
    const opts = { minClassExamples: 1, minCount: 1 };
    expect(trainTopicModel(ex, classes, lex, opts)).toEqual(trainTopicModel(ex, classes, lex, opts));
  });

  it('is robust to a typo through char n-grams', () => {
    // "отопоения" is no stem the model knows; its char n-grams ("<отоп", "ения>") still point to heating.
    expect(createTopicClassifier()(normalise(msg('Нет отопоения в квартире, батореи холодные'))).topic).toBe(
      'heating',
    );
  });

  it('scores stems on the hot path exactly as it scores the feature strings used in training', () => {
    const lexicon = compileLexicon(topics);
    const scorer = createTopicScorer(loadTopicModel(), lexicon);
    for (const text of [
      'Нет горячей воды, горячей воды нет уже неделю, ГВС отключили',
      'Во дворе дома 15 не вывозят мусор 3 дня, мусор лежит у подъезда',
      'Ямы ямы ямы',
    ]) {
      const doc = normalise(msg(text));
      const ex = topicExample(doc, 'other');
      const slow = [...scorer.probabilities(ex)];
      const fast = [...scorer.probabilitiesOfDoc(doc)];
      for (const [i, p] of fast.entries()) expect(p).toBeCloseTo(slow[i] as number, 12);
    }
  });

  it('ships a version-2 model over the taxonomy classes', () => {
    const m = loadTopicModel();
    expect(m.version).toBe(2);
    expect([...m.classes].sort()).toEqual(topics.map((t) => t.id).sort());
  });
});
