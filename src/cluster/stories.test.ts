import { describe, expect, it } from 'vitest';
import { isStopwordRu, normaliseText, stemRu, tokenize } from '../normalise/index.ts';
import type { Story, TopicId } from '../records.ts';
import { Stories, type StoryDoc } from './stories.ts';

const T0 = Date.UTC(2025, 2, 1, 6);
const MIN = 60_000;

function wordsOf(text: string): string[] {
  return tokenize(normaliseText(text)).filter((t) => !isStopwordRu(t));
}

let seq = 0;
function doc(
  text: string,
  opts: {
    atMin?: number;
    author?: string;
    street?: string;
    topic?: TopicId;
    municipality?: string;
    at?: [number, number];
  } = {},
): StoryDoc {
  seq++;
  return {
    id: `m${seq}`,
    municipality: opts.municipality ?? '38701000',
    region: '38',
    topic: opts.topic ?? 'landscaping',
    eventTimeMs: T0 + (opts.atMin ?? seq) * MIN,
    author: opts.author ?? `a${seq}`,
    stems: wordsOf(text).map(stemRu),
    tokens: wordsOf(text),
    streets: opts.street ? [{ key: `улица ${opts.street.toLowerCase()}`, label: `ул. ${opts.street}` }] : [],
    ...(opts.at ? { lat: opts.at[0], lon: opts.at[1] } : {}),
  };
}

const BACKGROUND = [
  'Когда починят лифт в нашем подъезде, третью неделю стоит',
  'Во дворе не вывозят мусор, контейнеры переполнены',
  'На остановке нет расписания автобусов',
  'Яма на дороге у школы, машины бьются',
  'Не горят фонари во дворе, темно вечером',
  'Собаки бегают стаями возле детской площадки',
  'В поликлинике не дозвониться до регистратуры',
  'Шумят соседи по ночам, ремонт без выходных',
];

const INCIDENT = [
  'Пыль столбом от ремонта набережной, дышать нечем',
  'Из-за ремонта набережной пыль во всех квартирах',
  'Строители на набережной подняли пыль, окна не открыть',
  'Опять пыль от ремонта набережной, дети кашляют',
  'Когда закончится пыль от ремонта на набережной?',
  'Пыль и грохот от ремонта набережной с утра',
];

describe('Stories', () => {
  it('gathers an incident into one story among unrelated complaints, with its street', () => {
    const s = new Stories();
    const ids = new Map<string, string>();
    for (let i = 0; i < INCIDENT.length; i++) {
      const bg = doc(BACKGROUND[i] as string, { atMin: 10 * i });
      ids.set(bg.id, s.add(bg));
      const inc = doc(INCIDENT[i] as string, { atMin: 10 * i + 5, street: 'Черняховского' });
      ids.set(inc.id, s.add(inc));
    }
    const incidentStories = new Set(
      [...ids].filter(([id]) => Number(id.slice(1)) % 2 === 0).map(([, st]) => st),
    );
    const backgroundStories = new Set(
      [...ids].filter(([id]) => Number(id.slice(1)) % 2 === 1).map(([, st]) => st),
    );
    expect(incidentStories.size).toBe(1);
    for (const b of backgroundStories) expect(incidentStories.has(b)).toBe(false);
    const published = s.take();
    expect(published).toHaveLength(1);
    const story = published[0] as Story;
    expect(story.messages).toBe(INCIDENT.length);
    expect(story.authors).toBe(INCIDENT.length);
    expect(story.kind).toBe('story');
    expect(story.streets[0]?.label).toBe('ул. Черняховского');
    expect(story.terms.slice(0, 4)).toEqual(expect.arrayContaining(['пыль', 'набережной']));
    expect(story.label).toMatch(/ — ул\. Черняховского$/);
    expect(story.closed).toBe(false);
  });

  it('places a message by its street when the words fit two stories alike', () => {
    const s = new Stories();
    const lenina = [0, 1, 2].map((i) =>
      s.add(doc('Прорвало трубу, вода хлещет из-под асфальта', { atMin: i, street: 'Ленина' })),
    );
    const frunze = s.add(doc('Прорвало трубу, вода хлещет из-под асфальта', { atMin: 3, street: 'Фрунзе' }));
    expect(new Set(lenina).size).toBe(1);
    // Same words, another street: a second burst pipe, not the first one's story.
    expect(frunze).not.toBe(lenina[0]);
    const next = s.add(doc('Вода хлещет, прорвало трубу', { atMin: 4, street: 'Фрунзе' }));
    expect(next).toBe(frunze);
    const unnamed = s.add(doc('Вода хлещет из-под асфальта, прорвало трубу', { atMin: 5 }));
    expect([lenina[0], frunze]).toContain(unnamed);
  });

  it('lets a neighbouring town join a story, on the words, and names both places', () => {
    const near = (m: string) => (m === '1' ? ['2'] : m === '2' ? ['1'] : []);
    const s = new Stories({}, undefined, near);
    const smoke = [
      'Горит свалка у трассы, дым над городом, дышать нечем',
      'Дым от свалки у трассы, горит вторые сутки, дышать нечем',
      'Свалка у трассы горит, дым в квартирах, дышать нечем',
      'Когда потушат свалку у трассы? Дым, дышать нечем',
    ];
    const ids = smoke.map((t, i) => s.add(doc(t, { atMin: i, municipality: i % 2 === 0 ? '1' : '2' })));
    expect(new Set(ids).size).toBe(1);
    // The same words in a town that is no neighbour: a story of its own.
    expect(s.add(doc(smoke[0] as string, { atMin: 5, municipality: '3' }))).not.toBe(ids[0]);
    const [story] = s.take().filter((x) => x.id === ids[0]);
    expect(story?.municipality).toBe('1');
    expect(story?.places).toEqual([
      { municipality: '1', messages: 2 },
      { municipality: '2', messages: 2 },
    ]);
  });

  it('takes coordinates within half a kilometre for evidence of the same place, and publishes their centre', () => {
    const text = 'Во дворе прорвало трубу, вода по колено, подвал затопило';
    // Two words in common (cosine ≈ 0.26, under the threshold): only the place decides.
    const other = 'Прорвало трубу на остановке, лужа до дороги, грязь';
    const far = new Stories();
    const a1 = far.add(doc(text, { atMin: 0, at: [54.71, 20.51] }));
    expect(far.add(doc(other, { atMin: 1, at: [54.76, 20.41] }))).not.toBe(a1);
    const near = new Stories();
    const a2 = near.add(doc(text, { atMin: 0, at: [54.71, 20.51] }));
    expect(near.add(doc(other, { atMin: 1, at: [54.7102, 20.5103] }))).toBe(a2);
    near.add(doc(text, { atMin: 3 }));
    const [story] = near.take().filter((x) => x.id === a2);
    expect(story?.located).toBe(2);
    expect(story?.lat).toBeCloseTo(54.7101, 4);
    expect(story?.lon).toBeCloseTo(20.5102, 4);
  });

  it('never mixes municipalities that are not neighbours', () => {
    const s = new Stories();
    const x = s.add(doc(INCIDENT[0] as string, { municipality: '1' }));
    const y = s.add(doc(INCIDENT[0] as string, { municipality: '2' }));
    expect(x).not.toBe(y);
  });

  it('flags one account repeating a text as a flood, many accounts as a campaign', () => {
    const s = new Stories();
    const text =
      'Требуем немедленно отремонтировать крышу дома номер семь, протекает уже месяц, управляющая компания бездействует';
    for (let i = 0; i < 8; i++) s.add(doc(text, { atMin: i, author: 'bot' }));
    for (let i = 0; i < 8; i++)
      s.add(doc(`${text}!`, { atMin: 100 + i, author: `citizen${i}`, municipality: '3' }));
    const kinds = new Map(s.take().map((st) => [st.municipality, st.kind]));
    expect(kinds.get('38701000')).toBe('flood');
    expect(kinds.get('3')).toBe('campaign');
  });

  it('closes a story idle for a day, and publishes it closed; a lone message is never published', () => {
    const s = new Stories();
    for (let i = 0; i < 4; i++) s.add(doc(INCIDENT[i] as string, { atMin: i }));
    s.add(doc('Совсем другая жалоба про парковку у рынка', { atMin: 5 }));
    expect(s.take().map((st) => st.closed)).toEqual([false]);
    s.advance(T0 + 10 * MIN + 25 * 60 * MIN);
    const closed = s.take();
    expect(closed).toHaveLength(1);
    expect(closed[0]?.closed).toBe(true);
    expect(s.openCount).toBe(0);
  });

  it('ends a chronic complaint at four days: the next ones start another story', () => {
    const s = new Stories();
    const ids = Array.from({ length: 36 }, (_, i) =>
      s.add(doc('Опять не вывезли мусор, контейнеры переполнены', { atMin: i * 4 * 60, street: 'Садовая' })),
    );
    // Every 4 hours for 6 days: one story for the first 4 days (25 messages, the last at 96 h), another after.
    expect(new Set(ids.slice(0, 25)).size).toBe(1);
    expect(new Set(ids.slice(25)).size).toBe(1);
    expect(ids[25]).not.toBe(ids[0]);
  });

  it('holds at most maxOpenPerMunicipality open stories', () => {
    const s = new Stories({ maxOpenPerMunicipality: 5 });
    for (let i = 0; i < 50; i++) s.add(doc(`уникальное слово${i} тема${i} вопрос${i}`, { atMin: i }));
    expect(s.openCount).toBe(5);
  });

  it('takes a snapshot that later messages do not change (it may be serialised after the next batch)', () => {
    const s = new Stories();
    for (let i = 0; i < 3; i++) s.add(doc(INCIDENT[i] as string, { atMin: i, street: 'Черняховского' }));
    const snap = s.snapshot();
    const before = JSON.stringify(snap);
    for (let i = 3; i < 6; i++)
      s.add(
        doc(INCIDENT[i] as string, { atMin: i, street: 'Черняховского', topic: 'roads', at: [54.7, 20.5] }),
      );
    expect(JSON.stringify(snap)).toBe(before);
  });

  it('continues the same after a snapshot through JSON', () => {
    const texts = [...INCIDENT, ...BACKGROUND, ...INCIDENT, ...BACKGROUND];
    const run = (cut: number) => {
      seq = 1000;
      let s = new Stories();
      const out: string[] = [];
      texts.forEach((t, i) => {
        if (i === cut) s = new Stories({}, JSON.parse(JSON.stringify(s.snapshot())));
        out.push(s.add(doc(t, { atMin: 30 * i, street: i % 3 === 0 ? 'Ватутина' : undefined })));
      });
      return out;
    };
    expect(run(9)).toEqual(run(-1));
  });
});
