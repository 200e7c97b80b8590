import { describe, expect, it } from 'vitest';
import type { TopicId } from '../../records.ts';
import { cityForms } from './city-forms.ts';
import { composeCleanText, composeIncidentText, composeText } from './compose-text.ts';
import { addNoise } from './noise.ts';
import { createPrng } from './prng.ts';
import { COMMON_STREETS, INCIDENT_STREETS } from './streets.ts';
import { compileTemplate, renderTemplate, templateSlots } from './template.ts';
import { TEMPLATES } from './templates-ru.ts';
import { TOPIC_IDS } from './topic-profiles.ts';

const LATIN_IN_CYRILLIC = /[а-яё][a-z]|[a-z][а-яё]/i;

describe('templates', () => {
  it('compile and render choices, optional parts and slots', () => {
    const t = compileTemplate('[Нет|Пропала] вода {na_street}[!|]');
    expect([...templateSlots(t)]).toEqual(['na_street']);
    const rng = createPrng(3);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(renderTemplate(t, rng, () => 'на ул. Мира'));
    expect(seen).toEqual(
      new Set([
        'Нет вода на ул. Мира!',
        'Нет вода на ул. Мира',
        'Пропала вода на ул. Мира!',
        'Пропала вода на ул. Мира',
      ]),
    );
  });
  it('every topic has templates, and background texts never use incident words', () => {
    const rng = createPrng(1);
    const ctx = { rng, streets: COMMON_STREETS };
    expect(TOPIC_IDS).toHaveLength(22);
    for (const id of TOPIC_IDS) {
      const t = TEMPLATES[id as TopicId];
      expect(t.core.length).toBeGreaterThanOrEqual(4);
      expect(t.incidentWords.length).toBeGreaterThanOrEqual(2);
    }
    const allWords = TOPIC_IDS.flatMap((id) => TEMPLATES[id].incidentWords.map((w) => w.toLowerCase()));
    for (let i = 0; i < 20_000; i++) {
      const text = composeCleanText(i % 22, ctx).toLowerCase();
      expect(text).not.toMatch(/[{}[\]|]/);
      for (const w of allWords)
        if (w !== 'набережная' && text.includes(w)) throw new Error(`"${w}" in: ${text}`);
    }
  });
  it('city-only messages name the city in a case form', () => {
    const rng = createPrng(2);
    const city = cityForms('Курск');
    let named = 0;
    for (let i = 0; i < 400; i++) {
      if (/Курске|Курска/i.test(composeText(i % 22, { rng, streets: COMMON_STREETS, city }))) named++;
    }
    // Typos (~5% of words) may hit the name itself.
    expect(named / 400).toBeGreaterThan(0.9);
  });
  it('incident texts carry the street and the distinctive words', () => {
    const rng = createPrng(4);
    const street = INCIDENT_STREETS[0];
    if (!street) throw new Error('no incident streets');
    const words = ['пыль', 'запах сероводорода', 'гарь'];
    let withStreet = 0;
    let withTwo = 0;
    for (let i = 0; i < 500; i++) {
      const t = composeIncidentText(15, words, { rng, streets: COMMON_STREETS, street }).replace(/е/g, 'ё');
      const norm = t.toLowerCase().replace(/ё/g, 'е');
      if (norm.includes(street.name.toLowerCase().replace(/ё/g, 'е'))) withStreet++;
      if (words.filter((w) => norm.includes(w)).length >= 2) withTwo++;
    }
    expect(withStreet / 500).toBeGreaterThan(0.85);
    expect(withTwo / 500).toBeGreaterThan(0.6);
  });
});

describe('addNoise', () => {
  it('adds typos, homoglyphs and emoji at about the documented rates', () => {
    const rng = createPrng(9);
    const clean =
      'Холодные батареи третий день на улице Ленина, температура в квартире плюс пятнадцать градусов.';
    let latin = 0;
    let emoji = 0;
    let changed = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const t = addNoise(clean, rng);
      if (LATIN_IN_CYRILLIC.test(t)) latin++;
      if (/\p{Extended_Pictographic}/u.test(t)) emoji++;
      if (t !== clean) changed++;
    }
    expect(latin / n).toBeGreaterThan(0.01);
    expect(latin / n).toBeLessThan(0.05);
    expect(emoji / n).toBeGreaterThan(0.08);
    expect(emoji / n).toBeLessThan(0.12);
    expect(changed / n).toBeGreaterThan(0.3);
  });
});
