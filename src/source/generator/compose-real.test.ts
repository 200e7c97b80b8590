import { describe, expect, it } from 'vitest';
import { composeRealClean, pickRealStory, spliceSentences } from './compose-real.ts';
import { createPrng } from './prng.ts';
import { buildRealCorpus, MIN_APPEALS_PER_TOPIC, type RealAppeal } from './real-corpus.ts';
import { TOPIC_IDS } from './topic-profiles.ts';

const appeals: RealAppeal[] = Array.from({ length: 12 }, (_, i) => ({
  topic: 'roads',
  city: 'kursk',
  text: `Здравствуйте, на дороге ${i} яма номер ${i}, колесо пробито. Прошу отремонтировать асфальт, ямочный ремонт провести. Спасибо.`,
}));
appeals.push({
  topic: 'roads',
  city: 'kursk',
  text: 'В Курске разрушилось асфальтобетонное покрытие, ямочный ремонт не провели.',
});

describe('real texts', () => {
  const corpus = buildRealCorpus(appeals);
  const roads = corpus.topics[TOPIC_IDS.indexOf('roads')];

  it('topics with fewer than MIN_APPEALS_PER_TOPIC appeals get no material (they keep templates)', () => {
    expect(roads?.appeals).toHaveLength(13);
    expect(MIN_APPEALS_PER_TOPIC).toBeGreaterThan(1);
    expect(corpus.topics[TOPIC_IDS.indexOf('heating')]).toBeUndefined();
  });

  it('spliceSentences joins a head and a tail at a comma, or between words', () => {
    const rng = createPrng(1);
    const s = spliceSentences('Первая часть, вторая часть.', 'Начало другого, конец другого.', rng);
    expect(s).toBe('Первая часть, конец другого.');
    const w = spliceSentences('раз два три четыре пять шесть', 'один два три четыре пять шесть', rng);
    expect(w.startsWith('раз')).toBe(true);
    expect(w.endsWith('шесть')).toBe(true);
    expect(spliceSentences('Коротко.', 'Тоже.', rng)).toBe('Коротко.');
  });

  it("a message has its shape appeal's number of sentences, made of the topic's sentences", () => {
    const rng = createPrng(2);
    for (let i = 0; i < 50; i++) {
      const text = composeRealClean(roads as NonNullable<typeof roads>, rng);
      expect(text.length).toBeGreaterThan(10);
      expect(text).not.toMatch(/Курск/);
    }
  });

  it("an incident's story: its rare words (in 2–40 appeals) and the sentences that carry them", () => {
    const story = pickRealStory(roads as NonNullable<typeof roads>, corpus.docFreq, createPrng(3));
    expect(story.words.length).toBeGreaterThanOrEqual(1);
    for (const w of story.words) expect(corpus.docFreq.get(w)).toBeLessThanOrEqual(40);
    for (const s of story.lead) expect(story.words.some((w) => s.includes(w))).toBe(true);
  });
});
