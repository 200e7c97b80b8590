import { describe, expect, it } from 'vitest';
import type { Story } from '../records.ts';
import { type ExplainMessage, explain } from './explain.ts';

const BACKGROUND = [
  'Во дворе на ул. Ленина не вывозят мусор, контейнеры переполнены',
  'Яма на дороге у школы на ул. Гагарина, машины бьются',
  'Не горят фонари во дворе дома на ул. Ленина, темно вечером',
  'Когда починят лифт в нашем подъезде на ул. Мира',
  'Собаки бегают стаями возле детской площадки',
  'На остановке нет расписания автобусов',
  'Опять не убрали двор на ул. Гагарина',
];
const INCIDENT = [
  'Пыль столбом от ремонта набережной на ул. Черняховского, дышать нечем',
  'Из-за ремонта набережной пыль во всех квартирах, ул. Черняховского',
  'Строители на ул. Черняховского подняли пыль, окна не открыть',
  'Опять пыль от ремонта набережной, дети кашляют. Звоните 8 912 345-67-89',
  'Когда закончится пыль от ремонта на набережной? Черняховского 12',
  'Пыль и грохот от ремонта набережной с утра на улице Черняховского',
];

let n = 0;
const msg = (text: string, author: string, storyId: string | null = null): ExplainMessage => ({
  id: `m${++n}`,
  text,
  author,
  eventTimeMs: Date.UTC(2025, 5, 1) + n * 60_000,
  storyId,
});

const story: Story = {
  id: 'story:1:x',
  municipality: '1',
  region: '1',
  topic: 'landscaping',
  kind: 'story',
  startMs: 0,
  lastMs: 1,
  messages: 12,
  places: [{ municipality: '1', messages: 12 }],
  authors: 12,
  terms: ['пыль', 'ремонта', 'набережной'],
  streets: [{ key: 'улица черняховского', label: 'ул. Черняховского', messages: 10 }],
  label: 'пыль ремонта набережной — ул. Черняховского',
  closed: false,
};

describe('explain', () => {
  const reference = Array.from({ length: 210 }, (_, i) =>
    msg(BACKGROUND[i % BACKGROUND.length] as string, `r${i}`),
  );
  const target = [
    ...INCIDENT.flatMap((t, i) => [msg(t, `a${i}`, story.id), msg(t, `b${i}`, story.id)]),
    ...BACKGROUND.slice(0, 4).map((t, i) => msg(t, `c${i}`)),
  ];
  const e = explain(target, reference, new Map([[story.id, story]]));

  it('names the words of the spike, as written', () => {
    expect(e.messages).toBe(target.length);
    expect(e.referenceMessages).toBe(reference.length);
    const top = e.terms.slice(0, 5).map((t) => t.term);
    expect(top).toContain('пыль');
    expect(e.terms.some((t) => /набережной/.test(t.term))).toBe(true);
    // Everyday words of the town are not in it.
    expect(e.terms.map((t) => t.term)).not.toContain('мусор');
    for (let i = 1; i < e.terms.length; i++)
      expect((e.terms[i - 1] as { g2: number }).g2).toBeGreaterThanOrEqual((e.terms[i] as { g2: number }).g2);
  });

  it('names the street concentrated in it, not the streets every message names', () => {
    expect(e.streets[0]?.label).toBe('ул. Черняховского');
    expect(e.streets[0]?.messages).toBe(8); // two of the six texts name no street (one only «Черняховского 12»)
    expect(e.streets.map((s) => s.label)).not.toContain('ул. Ленина');
  });

  it('names the district concentrated in it (by name), not one every message names, nor one named once', () => {
    const inDistrict = (m: ExplainMessage, district: string | null) => ({ ...m, district });
    const ref = reference.map((m, i) => inDistrict(m, i % 2 === 0 ? 'everywhere' : null));
    const tgt = target.map((m, i) =>
      inDistrict(m, i < 9 ? 'd-spike' : i === 9 ? 'd-once' : i % 2 === 0 ? 'everywhere' : null),
    );
    const names: Record<string, string> = { 'd-spike': 'Восточное Измайлово' };
    const d = explain(tgt, ref, new Map(), { districtName: (c) => names[c] }).districts;
    expect(d[0]).toMatchObject({ code: 'd-spike', name: 'Восточное Измайлово', messages: 9, reference: 0 });
    expect(d[0]?.share).toBeCloseTo(9 / tgt.length);
    expect(d.map((x) => x.code)).not.toContain('d-once');
    expect(d.map((x) => x.code)).not.toContain('everywhere');
    // Without district names the code stands in; without districts, none.
    expect(explain(tgt, ref, new Map()).districts[0]?.name).toBe('d-spike');
    expect(e.districts).toEqual([]);
  });

  it('lists the stories of its messages', () => {
    expect(e.clusters).toHaveLength(1);
    expect(e.clusters[0]).toMatchObject({ id: story.id, inWindow: 12, kind: 'story' });
  });

  it('samples a few different messages, personal data masked', () => {
    expect(e.samples.length).toBeGreaterThanOrEqual(3);
    expect(e.samples.length).toBeLessThanOrEqual(5);
    const texts = e.samples.map((s) => s.text);
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts.join(' ')).not.toMatch(/345-67-89/);
    expect(texts.some((t) => /пыль/i.test(t))).toBe(true);
  });

  it('explains an empty window as empty', () => {
    const none = explain([], reference, new Map());
    expect(none).toMatchObject({ messages: 0, terms: [], streets: [], clusters: [], samples: [] });
  });
});
