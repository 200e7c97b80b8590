import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.ts';
import { VspError } from '../errors.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { openStore } from './duckdb.ts';
import {
  agg,
  alert,
  anomaly,
  DAY_MS,
  doc,
  EKB,
  emptyBatch,
  HOUR_MS,
  KAZAN,
  NTAGIL,
  rejected,
  sampleBatch,
  story,
  T0,
  termBurst,
} from './test-records.ts';
import type { AlertQuery, Store, StoryQuery, TermBurstQuery } from './types.ts';

const deps = { gazetteer: loadGazetteer(), topics: loadTopics(), clock: fixedClock(T0 + 5 * DAY_MS) };

describe('openStore(":memory:")', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore(':memory:', deps);
  });
  afterEach(async () => {
    await store.close();
  });

  it('loads the gazetteer and topics into reference tables', async () => {
    const all = await store.municipalities({ all: true });
    expect(all).toHaveLength(deps.gazetteer.all.length);
    expect(all.find((m) => m.code === EKB)).toMatchObject({
      name: 'Екатеринбург',
      region: '66',
      utcOffsetMin: 300,
      messages: 0,
    });
    expect(await store.municipalities({ all: false })).toEqual([]);
    const regions = await store.regions({ all: true });
    expect(regions.find((r) => r.code === '66')?.municipalities).toBeGreaterThan(3);
  });

  it('round-trips messages, late messages, windows, anomalies and dead letters', async () => {
    const late = doc({ municipalityCode: NTAGIL, eventTimeMs: T0 - 3 * DAY_MS });
    await store.writeBatch({ ...sampleBatch(), lateMessages: [late] });
    const s = await store.stats();
    expect(s.messages).toBe(22);
    expect(s.lateMessages).toBe(1);
    expect(s.lastEventTimeMs).toBe(T0 + 12 * HOUR_MS + 19 * 60_000);
    expect(s.deadLettersByReason).toEqual({ invalid_json: 1, bad_timestamp: 1 });
    expect(s.deadLetters).toBe(2);
    expect(s.anomalies).toEqual([{ severity: 'critical', status: 'open', count: 1 }]);
    expect(s.windows.find((w) => w.bucket === 'hour')?.windows).toBe(16 + 12 + 8);

    const series = await store.series({
      bucket: 'hour',
      municipality: EKB,
      topic: 'heating',
      fromMs: T0,
      toMs: T0 + 13 * HOUR_MS,
    });
    expect(series.map((p) => [p.at, p.count])).toEqual(
      [0, 3, 6, 9, 12].map((h) => [T0 + h * HOUR_MS, h === 12 ? 20 : 2]),
    );

    const samples = await store.sampleMessages({
      municipality: EKB,
      topic: 'heating',
      fromMs: T0 + 12 * HOUR_MS,
      toMs: T0 + 13 * HOUR_MS,
      limit: 5,
    });
    expect(samples).toHaveLength(5);
    expect(samples[0]).toMatchObject({ municipality: EKB, topic: 'heating', late: false, source: 'vk' });
    expect(samples[0]?.text).toContain('отопления');
  });

  it('replaces a window when it is re-emitted (revision), also within one batch', async () => {
    await store.writeBatch({ ...emptyBatch(), aggregates: [agg('hour', EKB, 'heating', T0, 3)] });
    await store.writeBatch({
      ...emptyBatch(),
      aggregates: [
        agg('hour', EKB, 'heating', T0, 4, { revision: true }),
        agg('hour', EKB, 'heating', T0, 5, { revision: true, uniqueAuthors: 5, sources: { vk: 4, tg: 1 } }),
      ],
    });
    const series = await store.series({ bucket: 'hour', municipality: EKB, fromMs: T0, toMs: T0 + HOUR_MS });
    expect(series).toEqual([{ at: T0, count: 5, uniqueAuthors: 5 }]);
    const s = await store.stats();
    expect(s.windows.find((w) => w.bucket === 'hour')).toEqual({ bucket: 'hour', windows: 1, revisions: 1 });
  });

  it('routes windows by bucket and sums day windows per local calendar day', async () => {
    const localMidnight = T0 - 5 * HOUR_MS; // 2026-01-10 00:00 in Екатеринбург (UTC+5)
    const kazanMidnight = T0 - 3 * HOUR_MS; // 2026-01-10 00:00 in Казань (UTC+3)
    await store.writeBatch({
      ...emptyBatch(),
      aggregates: [
        agg('5m', EKB, 'heating', T0, 1),
        agg('day', EKB, 'heating', localMidnight, 7),
        agg('day', KAZAN, 'heating', kazanMidnight, 2),
        agg('day', KAZAN, 'heating', kazanMidnight + DAY_MS, 1),
      ],
    });
    const day0 = T0 / DAY_MS;
    expect(await store.series({ bucket: 'day', fromMs: 0, toMs: 0, fromDay: day0, toDay: day0 + 2 })).toEqual(
      [
        { at: day0, count: 9, uniqueAuthors: 7 },
        { at: day0 + 1, count: 1, uniqueAuthors: 0 },
      ],
    );
    expect(await store.series({ bucket: '5m', fromMs: T0, toMs: T0 + HOUR_MS })).toEqual([
      { at: T0, count: 1, uniqueAuthors: 0 },
    ]);
    expect(
      await store.series({ bucket: 'day', region: '16', fromMs: 0, toMs: 0, fromDay: day0, toDay: day0 + 1 }),
    ).toEqual([{ at: day0, count: 2, uniqueAuthors: 1 }]);
  });

  it('upserts anomalies by id, keeping the first detection time and taking the update count', async () => {
    const a = anomaly('hour', EKB, 'heating', T0, { observed: 5, detectedAtMs: T0 + HOUR_MS });
    await store.writeBatch({ ...emptyBatch(), anomalies: [a] });
    await store.writeBatch({
      ...emptyBatch(),
      anomalies: [{ ...a, observed: 8, severity: 'critical', detectedAtMs: T0 + 2 * HOUR_MS, updates: 1 }],
    });
    const got = await store.anomaly(a.id);
    expect(got).toMatchObject({
      id: a.id,
      observed: 8,
      severity: 'critical',
      detectedAtMs: T0 + 2 * HOUR_MS,
      firstDetectedAtMs: T0 + HOUR_MS,
      status: 'open',
      updates: 1,
      municipalityName: 'Екатеринбург',
      regionName: 'Свердловская обл',
      topicName: 'Отопление',
    });
    expect(got?.district).toBeUndefined();
    const list = await store.anomalies({ limit: 10, offset: 0 });
    expect(list.total).toBe(1);
    expect(await store.anomaly('nope')).toBeUndefined();
    // A district's window: the city's anomaly, with its district.
    const d = anomaly('hour', EKB, 'heating', T0, { id: 'd', district: '45303000' });
    await store.writeBatch({ ...emptyBatch(), anomalies: [d] });
    expect((await store.anomaly('d'))?.district).toBe('45303000');
  });

  it('keeps the earliest detection of an anomaly whether its emissions came in one batch or several', async () => {
    const a = anomaly('hour', EKB, 'water_sewer', T0 + 40 * HOUR_MS, { detectedAtMs: T0 + 41 * HOUR_MS });
    const later = { ...a, observed: 12, detectedAtMs: T0 + 42 * HOUR_MS, updates: 1 };
    const other = await openStore(':memory:', deps);
    try {
      await store.writeBatch({ ...emptyBatch(), anomalies: [a, later] });
      await other.writeBatch({ ...emptyBatch(), anomalies: [a] });
      await other.writeBatch({ ...emptyBatch(), anomalies: [later] });
      await other.writeBatch({ ...emptyBatch(), anomalies: [later] }); // a replay
      const [x, y] = [await store.anomaly(a.id), await other.anomaly(a.id)];
      expect(x).toMatchObject({
        firstDetectedAtMs: T0 + 41 * HOUR_MS,
        detectedAtMs: T0 + 42 * HOUR_MS,
        observed: 12,
      });
      expect(y).toEqual(x);
    } finally {
      await other.close();
    }
  });

  it('filters and pages anomalies', async () => {
    const xs = [0, 1, 2, 3, 4].map((h) =>
      anomaly('hour', h % 2 ? NTAGIL : KAZAN, 'heating', T0 + h * HOUR_MS, {
        severity: h === 4 ? 'critical' : 'normal',
      }),
    );
    await store.writeBatch({ ...emptyBatch(), anomalies: xs });
    const page = await store.anomalies({ limit: 2, offset: 0 });
    expect(page.total).toBe(5);
    expect(page.items.map((i) => i.startMs)).toEqual([T0 + 4 * HOUR_MS, T0 + 3 * HOUR_MS]);
    expect((await store.anomalies({ limit: 10, offset: 4 })).items).toHaveLength(1);
    expect((await store.anomalies({ region: '66', limit: 10, offset: 0 })).total).toBe(2);
    expect((await store.anomalies({ severity: 'critical', limit: 10, offset: 0 })).total).toBe(1);
    expect(
      (await store.anomalies({ fromMs: T0 + 2 * HOUR_MS, toMs: T0 + 3 * HOUR_MS, limit: 10, offset: 0 }))
        .total,
    ).toBe(1);
  });

  it('upserts alerts by id: a later value replaces the whole row, also within one batch', async () => {
    const opened = alert(EKB, 'heating', T0, { districts: ['45303000', '45307000'] });
    await store.writeBatch({ ...emptyBatch(), alerts: [opened] });
    expect(await store.alert(opened.id)).toEqual({
      ...opened,
      municipalityName: 'Екатеринбург',
      region: '66',
      regionName: 'Свердловская обл',
      topicName: 'Отопление',
    });
    const grown = { ...opened, endMs: T0 + 2 * HOUR_MS, windows: 2, lastDetectedAtMs: T0 + 2 * HOUR_MS };
    const closed: typeof opened = {
      ...grown,
      status: 'closed',
      closedAtMs: T0 + 4 * HOUR_MS,
      severity: 'critical',
      respondWithinMin: 60,
      peakPer10k: null,
      cause: { id: 'heating-start-2026', kind: 'season', label: 'Начало отопительного сезона' },
    };
    await store.writeBatch({ ...emptyBatch(), alerts: [grown, closed] });
    const got = await store.alert(opened.id);
    expect(got).toMatchObject({ ...closed, topicName: 'Отопление' });
    expect(got?.firstDetectedAtMs).toBe(opened.firstDetectedAtMs);
    expect((await store.alerts({ limit: 10, offset: 0 })).total).toBe(1);

    // A reopened alert (late revision inside the quiet gap) goes back to open with no close time.
    await store.writeBatch({ ...emptyBatch(), alerts: [{ ...closed, status: 'open', closedAtMs: null }] });
    expect(await store.alert(opened.id)).toMatchObject({ status: 'open', closedAtMs: null, windows: 2 });
    expect(await store.alert('nope')).toBeUndefined();
  });

  it('filters alerts (overlap, expected, status, severity, place) and pages them newest first', async () => {
    const cause = { id: 'shutoff-1', kind: 'planned_shutoff', label: 'Плановое отключение' };
    const a = alert(EKB, 'heating', T0);
    const b = alert(NTAGIL, 'waste', T0 + 2 * HOUR_MS, {
      status: 'closed',
      closedAtMs: T0 + 5 * HOUR_MS,
      severity: 'critical',
      cause,
    });
    const c = alert(KAZAN, 'heating', T0 + 4 * HOUR_MS, { severity: 'normal' });
    // d spans three hours and was first detected when c was: the tie is broken by id.
    const d = alert(EKB, 'roads', T0 + 6 * HOUR_MS, {
      endMs: T0 + 9 * HOUR_MS,
      windows: 3,
      severity: 'critical',
      firstDetectedAtMs: c.firstDetectedAtMs,
      cause,
    });
    await store.writeBatch({ ...emptyBatch(), alerts: [a, b, c, d] });
    const ids = async (q: Partial<AlertQuery>) =>
      (await store.alerts({ limit: 10, offset: 0, ...q })).items.map((x) => x.id);

    const page = await store.alerts({ limit: 2, offset: 0 });
    expect(page.total).toBe(4);
    expect(page.items.map((x) => x.id)).toEqual([d.id, c.id]);
    expect(await ids({ offset: 2 })).toEqual([b.id, a.id]);
    expect(await ids({ offset: 4 })).toEqual([]);

    expect(await ids({ expected: true })).toEqual([d.id, b.id]);
    expect(await ids({ expected: false })).toEqual([c.id, a.id]);
    expect(await ids({ status: 'closed' })).toEqual([b.id]);
    expect(await ids({ status: 'open', severity: 'critical' })).toEqual([d.id]);
    expect(await ids({ region: '66' })).toEqual([d.id, b.id, a.id]);
    expect(await ids({ municipality: EKB, topic: 'heating' })).toEqual([a.id]);
    expect((await store.alerts({ region: '16', limit: 10, offset: 0 })).total).toBe(1);

    // Overlap with [from, to): a ends at T0+1h and b starts at T0+2h, so [T0+1h, T0+2h) touches neither.
    expect(await ids({ fromMs: T0 + HOUR_MS, toMs: T0 + 2 * HOUR_MS })).toEqual([]);
    expect(await ids({ fromMs: T0 + 2 * HOUR_MS, toMs: T0 + 3 * HOUR_MS })).toEqual([b.id]);
    expect(await ids({ fromMs: T0 + 7 * HOUR_MS, toMs: T0 + 8 * HOUR_MS })).toEqual([d.id]);
    expect(await ids({ toMs: T0 + HOUR_MS })).toEqual([a.id]);
    expect(
      (await store.alerts({ fromMs: T0 + 3 * HOUR_MS, expected: false, limit: 10, offset: 0 })).total,
    ).toBe(1);
  });

  it('upserts term bursts by id: a replay, within a batch or in a later one, leaves one row of the same value', async () => {
    const msgs = [doc({ eventTimeMs: T0 + 60_000 }), doc({ eventTimeMs: T0 + 120_000, author: 'b' })];
    const burst = termBurst(EKB, 'сирен', T0, {
      term: 'сирена',
      phrase: 'сирена гудит',
      topic: 'safety',
      observed: 7,
      expected: 0.35,
      pValue: 2e-7,
      score: 0.66,
      messageIds: msgs.map((m) => m.id),
    });
    await store.writeBatch({ ...emptyBatch(), messages: msgs, termBursts: [burst, burst] });
    await store.writeBatch({ ...emptyBatch(), termBursts: [burst] });
    const stored = {
      ...burst,
      municipalityName: 'Екатеринбург',
      regionName: 'Свердловская обл',
      topicName: expect.any(String),
    };
    expect(await store.termBurst(burst.id)).toEqual(stored);
    expect(await store.termBursts({ limit: 10, offset: 0 })).toEqual({ total: 1, items: [stored] });
    expect(await store.termBurst('nope')).toBeUndefined();

    // A region-wide burst: no municipality (''), the region's name.
    const regional = termBurst('66', 'сирен', T0, { municipalities: 3 });
    await store.writeBatch({ ...emptyBatch(), termBursts: [regional] });
    expect(await store.termBurst(regional.id)).not.toHaveProperty('phrase');
    expect(await store.termBurst(regional.id)).toMatchObject({
      scope: 'region',
      municipality: '',
      municipalityName: null,
      region: '66',
      regionName: 'Свердловская обл',
      municipalities: 3,
      messageIds: [],
    });

    // Its example messages, looked up by id (unknown ids skipped).
    const examples = await store.messagesByIds([...burst.messageIds].reverse().concat('vk:none'));
    expect(examples.map((m) => m.id)).toEqual(burst.messageIds);
    expect(examples[1]).toMatchObject({ author: 'b', municipality: EKB, late: false });
    expect(await store.messagesByIds([])).toEqual([]);
  });

  it('filters term bursts (hour start, place, topic, scope) and pages them newest hour first', async () => {
    const a = termBurst(EKB, 'сирен', T0, { topic: 'safety', score: 0.5 });
    const b = termBurst(NTAGIL, 'запах', T0, { topic: 'ecology', score: 0.9 });
    const c = termBurst('66', 'запах', T0 + HOUR_MS, { topic: 'ecology', municipalities: 2 });
    const d = termBurst(KAZAN, 'гарь', T0 + 2 * HOUR_MS, { topic: 'ecology' });
    await store.writeBatch({ ...emptyBatch(), termBursts: [a, b, c, d] });
    const ids = async (q: Partial<TermBurstQuery>) =>
      (await store.termBursts({ limit: 10, offset: 0, ...q })).items.map((x) => x.id);

    // Newest hour first; within an hour the higher score first.
    const page = await store.termBursts({ limit: 2, offset: 0 });
    expect(page.total).toBe(4);
    expect(page.items.map((x) => x.id)).toEqual([d.id, c.id]);
    expect(await ids({ offset: 2 })).toEqual([b.id, a.id]);
    expect(await ids({ offset: 4 })).toEqual([]);

    expect(await ids({ municipality: EKB })).toEqual([a.id]);
    expect(await ids({ region: '66' })).toEqual([c.id, b.id, a.id]);
    expect(await ids({ region: '66', scope: 'region' })).toEqual([c.id]);
    expect(await ids({ scope: 'municipality', topic: 'ecology' })).toEqual([d.id, b.id]);
    expect((await store.termBursts({ region: '16', limit: 10, offset: 0 })).total).toBe(1);

    // The hour's start in [from, to): c's hour starts at T0+1h.
    expect(await ids({ fromMs: T0 + HOUR_MS, toMs: T0 + 2 * HOUR_MS })).toEqual([c.id]);
    expect(await ids({ fromMs: T0 + 30 * 60_000, toMs: T0 + 2 * HOUR_MS })).toEqual([c.id]);
    expect(await ids({ toMs: T0 + HOUR_MS })).toEqual([b.id, a.id]);
    expect(await ids({ fromMs: T0 + 2 * HOUR_MS + 1 })).toEqual([]);
    expect((await store.termBursts({ fromMs: T0 + HOUR_MS, region: '66', limit: 10, offset: 0 })).total).toBe(
      1,
    );
  });

  it('upserts stories by id: the last value of an id wins, within a batch and in a later one', async () => {
    const opened = story(EKB, 'vk:100', T0);
    await store.writeBatch({ ...emptyBatch(), stories: [opened] });
    const names = {
      municipalityName: 'Екатеринбург',
      regionName: 'Свердловская обл',
      topicName: 'Отопление',
    };
    expect(await store.storyById(opened.id)).toEqual({ ...opened, ...names });

    const grown = {
      ...opened,
      lastMs: T0 + 3 * HOUR_MS,
      messages: 9,
      authors: 7,
      terms: ['трубу', 'прорвало'],
    };
    const flagged: typeof opened = {
      ...grown,
      kind: 'campaign',
      messages: 12,
      streets: [
        { key: 'ленина', label: 'ул. Ленина', messages: 8 },
        { key: 'мира', label: 'ул. Мира', messages: 1 },
      ],
      label: 'Прорвало трубу — ул. Ленина',
    };
    await store.writeBatch({ ...emptyBatch(), stories: [grown, flagged] });
    expect(await store.storyById(opened.id)).toEqual({ ...flagged, ...names });

    const closed = { ...flagged, closed: true, streets: [], terms: [] };
    await store.writeBatch({ ...emptyBatch(), stories: [closed] });
    expect(await store.storyById(opened.id)).toEqual({ ...closed, ...names });
    expect(await store.stories({ limit: 10, offset: 0 })).toEqual({
      total: 1,
      items: [{ ...closed, ...names }],
    });
    expect(await store.storyById('nope')).toBeUndefined();

    const other = story(KAZAN, 'vk:7', T0, { messages: 20 });
    await store.writeBatch({ ...emptyBatch(), stories: [other] });
    expect((await store.storiesByIds([opened.id, 'nope', other.id])).map((x) => x.id)).toEqual([
      other.id,
      opened.id,
    ]);
    expect(await store.storiesByIds([])).toEqual([]);
  });

  it('filters stories (place, topic, overlap of their span, kind, size) and pages them biggest first', async () => {
    const a = story(EKB, 'vk:1', T0, { messages: 5 });
    const b = story(EKB, 'vk:2', T0 + 2 * HOUR_MS, { messages: 5, topic: 'waste', kind: 'flood' });
    // c began in Нижний Тагил and Екатеринбург's residents joined it (a neighbour's story), located by 12 messages.
    const c = story(NTAGIL, 'vk:3', T0 + 4 * HOUR_MS, {
      messages: 40,
      lastMs: T0 + 30 * HOUR_MS,
      places: [
        { municipality: NTAGIL, messages: 30 },
        { municipality: EKB, messages: 10 },
      ],
      lat: 57.9194,
      lon: 59.9651,
      located: 12,
    });
    const d = story(KAZAN, 'vk:4', T0, { messages: 3, kind: 'campaign' });
    await store.writeBatch({ ...emptyBatch(), stories: [a, b, c, d] });
    expect(await store.storyById(c.id)).toMatchObject({
      places: c.places,
      lat: 57.9194,
      lon: 59.9651,
      located: 12,
    });
    expect(await store.storyById(a.id)).not.toHaveProperty('lat');
    const ids = async (q: Partial<StoryQuery>) =>
      (await store.stories({ limit: 10, offset: 0, ...q })).items.map((x) => x.id);

    // Biggest first; a tie in size goes to the one whose last message is later (b), then by id.
    const page = await store.stories({ limit: 2, offset: 0 });
    expect(page.total).toBe(4);
    expect(page.items.map((x) => x.id)).toEqual([c.id, b.id]);
    expect(await ids({ offset: 2 })).toEqual([a.id, d.id]);
    expect(await ids({ offset: 4 })).toEqual([]);

    expect(await ids({ region: '66' })).toEqual([c.id, b.id, a.id]);
    expect(await ids({ municipality: EKB })).toEqual([c.id, b.id, a.id]);
    expect(await ids({ municipality: NTAGIL })).toEqual([c.id]);
    expect(await ids({ topic: 'waste' })).toEqual([b.id]);
    expect(await ids({ kind: 'campaign' })).toEqual([d.id]);
    expect(await ids({ kind: 'story', region: '66' })).toEqual([c.id, a.id]);
    expect(await ids({ minMessages: 5 })).toEqual([c.id, b.id, a.id]);
    expect(await ids({ minMessages: 6 })).toEqual([c.id]);
    expect((await store.stories({ region: '16', limit: 10, offset: 0 })).total).toBe(1);
    expect((await store.stories({ minMessages: 5, municipality: EKB, limit: 1, offset: 0 })).total).toBe(3);

    // Overlap of [startMs, lastMs] with [from, to): a spans [T0, T0+1h], b [T0+2h, T0+3h], c [T0+4h, T0+30h].
    expect(await ids({ fromMs: T0 + HOUR_MS + 1, toMs: T0 + 2 * HOUR_MS })).toEqual([]);
    expect(await ids({ fromMs: T0 + HOUR_MS, toMs: T0 + 2 * HOUR_MS })).toEqual([a.id, d.id]);
    expect(await ids({ fromMs: T0 + 2 * HOUR_MS, toMs: T0 + 2 * HOUR_MS + 1 })).toEqual([b.id]);
    expect(await ids({ fromMs: T0 + 20 * HOUR_MS })).toEqual([c.id]);
    expect(await ids({ toMs: T0 + 2 * HOUR_MS })).toEqual([a.id, d.id]);
  });

  it("keeps the story each message joined and pages a story's messages earliest first", async () => {
    const s = story(EKB, 'vk:s1', T0);
    const joined = [3, 0, 2, 1, 4].map((i) => doc({ eventTimeMs: T0 + i * 60_000, storyId: s.id }));
    const other = doc({ eventTimeMs: T0 + 30_000, storyId: 'story:65701000:vk:other' });
    const alone = doc({ eventTimeMs: T0 + 90_000 });
    const late = doc({ eventTimeMs: T0 + 5 * 60_000, storyId: s.id });
    await store.writeBatch({
      ...emptyBatch(),
      messages: [...joined, other, alone],
      lateMessages: [late],
      stories: [s],
    });
    const inOrder = [...joined].sort((x, y) => x.eventTimeMs - y.eventTimeMs).map((m) => m.id);
    const first = await store.messagesByStory(s.id, { limit: 4, offset: 0 });
    expect(first.total).toBe(6);
    expect(first.items.map((m) => m.id)).toEqual(inOrder.slice(0, 4));
    expect(first.items[0]).toMatchObject({ storyId: s.id, municipality: EKB, late: false });
    const second = await store.messagesByStory(s.id, { limit: 4, offset: 4 });
    expect(second.items.map((m) => [m.id, m.late])).toEqual([
      [inOrder[4], false],
      [late.id, true],
    ]);
    expect(await store.messagesByStory('nope', { limit: 4, offset: 0 })).toEqual({ total: 0, items: [] });

    // Every read of messages carries the story id (null when it joined none).
    const window = await store.sampleMessages({
      municipality: EKB,
      topic: 'heating',
      fromMs: T0,
      toMs: T0 + 2 * 60_000,
      limit: 10,
    });
    expect(window.map((m) => [m.id, m.storyId])).toEqual([
      [joined[1]?.id, s.id],
      [other.id, other.storyId],
      [joined[3]?.id, s.id],
      [alone.id, null],
    ]);
    expect((await store.messagesByIds([alone.id, other.id])).map((m) => m.storyId)).toEqual([
      other.storyId,
      null,
    ]);
  });

  it("reads what explains a spike: its messages, the 28 days before, the place's other topics and later weeks filling a thin reference", async () => {
    const spike = T0 + 40 * DAY_MS;
    const before = spike - 28 * DAY_MS;
    const at = (ms: number, over: Parameters<typeof doc>[0] = {}) => doc({ eventTimeMs: ms, ...over });
    // 2,001 messages in the spike hour (the last one beyond the limit), one just after it.
    const target = Array.from({ length: 2_001 }, (_, i) =>
      at(spike + i * 1_000, {
        storyId: i < 3 ? 's1' : undefined,
        district: i === 0 ? '45303000' : undefined,
      }),
    );
    // Within a day after the window: the rest of the spike, never its reference.
    const after = at(spike + HOUR_MS);
    // The reference: 150 of its own topic (one exactly 28 days before) and one of another topic before it, one of
    // its own two days after; left out: a day older, the region's other towns.
    const own = Array.from({ length: 150 }, (_, i) => at(before + i * HOUR_MS));
    const otherTopic = at(spike - HOUR_MS, { topic: 'waste' });
    const later = at(spike + HOUR_MS + 2 * DAY_MS);
    const region = Array.from({ length: 300 }, (_, i) =>
      at(before + i * 60_000, { municipalityCode: NTAGIL, storyId: i === 0 ? 's2' : undefined }),
    );
    const excluded = [
      at(before - 1),
      at(spike - HOUR_MS, { municipalityCode: KAZAN }),
      at(spike - HOUR_MS, { municipalityCode: NTAGIL, topic: 'waste' }),
    ];
    await store.writeBatch({
      ...emptyBatch(),
      messages: [...target, after, ...own, otherTopic, later, ...region, ...excluded],
    });
    const byTimeDesc = (xs: { id: string; eventTimeMs: number }[]) =>
      [...xs].sort((x, y) => y.eventTimeMs - x.eventTimeMs).map((m) => m.id);

    const got = await store.explainInputs(EKB, 'heating', spike, spike + HOUR_MS);
    expect(got.target).toHaveLength(2_000);
    expect(got.target.map((m) => m.id)).toEqual(target.slice(0, 2_000).map((m) => m.id));
    const m0 = target[0] as (typeof target)[number];
    expect(got.target[0]).toEqual({
      id: m0.id,
      text: m0.text,
      author: m0.author,
      eventTimeMs: spike,
      storyId: 's1',
      district: '45303000',
    });
    expect(got.target[3]?.storyId).toBeNull();
    expect(got.target[3]?.district).toBeNull();
    expect(got.reference.map((m) => m.id)).toEqual([...byTimeDesc([...own, otherTopic]), later.id]);

    // With 200 of its own, the municipality is its own reference.
    const more = Array.from({ length: 50 }, (_, i) => at(spike - (i + 1) * 60_000));
    await store.writeBatch({ ...emptyBatch(), messages: more });
    const enough = await store.explainInputs(EKB, 'heating', spike, spike + HOUR_MS);
    expect(enough.reference.map((m) => m.id)).toEqual(byTimeDesc([...own, ...more]));
    expect(enough.target).toHaveLength(2_000);

    const unknown = await store.explainInputs('unknown', 'heating', spike, spike + HOUR_MS);
    expect(unknown).toEqual({ target: [], reference: [] });
  });

  it('commits offsets with the batch and reads them back', async () => {
    await store.writeBatch({
      ...emptyBatch(),
      offsets: [{ source: 'complaints', partition: 0, offset: '41' }],
    });
    await store.writeBatch({
      ...emptyBatch(),
      offsets: [
        { source: 'complaints', partition: 0, offset: '9007199254740993' },
        { source: 'complaints', partition: 1, offset: '7' },
      ],
    });
    expect(await store.offsets('complaints')).toEqual([
      { source: 'complaints', partition: 0, offset: '9007199254740993' },
      { source: 'complaints', partition: 1, offset: '7' },
    ]);
    expect(await store.offsets('other')).toEqual([]);
  });

  it('rolls the whole batch back when one part violates a constraint', async () => {
    await store.writeBatch({ ...emptyBatch(), aggregates: [agg('hour', EKB, 'heating', T0, 2)] });
    const bad = {
      messages: [doc(), doc()],
      lateMessages: [doc()],
      aggregates: [agg('hour', EKB, 'heating', T0, 9), agg('hour', EKB, 'waste', T0, -1)],
      anomalies: [anomaly('hour', EKB, 'heating', T0)],
      termBursts: [termBurst(EKB, 'сирен', T0)],
      stories: [story(EKB, 'vk:1', T0)],
      deadLetters: [rejected()],
      offsets: [{ source: 'complaints', partition: 0, offset: '100' }],
    };
    const err = await store.writeBatch(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VspError);
    expect((err as VspError).code).toBe('VSP_STORE_FAILED');
    const s = await store.stats();
    expect(s.messages).toBe(0);
    expect(s.deadLetters).toBe(0);
    expect(s.anomalies).toEqual([]);
    expect((await store.termBursts({ limit: 10, offset: 0 })).total).toBe(0);
    expect((await store.stories({ limit: 10, offset: 0 })).total).toBe(0);
    expect(await store.offsets('complaints')).toEqual([]);
    expect(await store.series({ bucket: 'hour', fromMs: T0, toMs: T0 + HOUR_MS })).toEqual([
      { at: T0, count: 2, uniqueAuthors: 1 },
    ]);
    // The store keeps working after a failed batch (the staging tables were rolled back too).
    await store.writeBatch({
      ...emptyBatch(),
      aggregates: [agg('hour', EKB, 'heating', T0, 9)],
      messages: [doc()],
    });
    expect((await store.stats()).messages).toBe(1);
    expect(await store.series({ bucket: 'hour', fromMs: T0, toMs: T0 + HOUR_MS })).toEqual([
      { at: T0, count: 9, uniqueAuthors: 8 },
    ]);
  });

  it('ranks municipalities (absolute and per 100k) and topics', async () => {
    await store.writeBatch(sampleBatch());
    const top = await store.top({ by: 'municipality', fromMs: T0, toMs: T0 + 2 * DAY_MS, limit: 10 });
    expect(top.map((r) => r.key)).toEqual([EKB, NTAGIL]);
    expect(top[0]).toMatchObject({ name: 'Екатеринбург', count: 15 * 2 + 20 + 8 * 3, anomalies: 1 });
    expect(top[0]?.perCapita).toBeCloseTo((74 * 100_000) / 1_377_738, 6);
    const perCapita = await store.top({
      by: 'municipality',
      fromMs: T0,
      toMs: T0 + 2 * DAY_MS,
      sort: 'perCapita',
      limit: 1,
    });
    expect(perCapita.map((r) => r.key)).toEqual([EKB]); // 74/1.38M > 12/0.36M
    const topics = await store.top({
      by: 'topic',
      fromMs: T0,
      toMs: T0 + 2 * DAY_MS,
      region: '66',
      limit: 10,
    });
    expect(topics).toEqual([
      { key: 'heating', name: 'Отопление', count: 50 + 12, perCapita: null, anomalies: 1 },
      { key: 'waste', name: 'Вывоз мусора', count: 24, perCapita: null, anomalies: 0 },
    ]);
  });

  it('records run stats', async () => {
    await store.writeRunStats('run-1', {
      read: 10,
      valid: 8,
      deadLettered: 2,
      deadByReason: { invalid_json: 2 },
      late: 0,
      duplicates: 1,
      unknownMunicipality: 0,
      windowsEmitted: 4,
      anomalies: 0,
    });
    const [r] = await store.latestRunStats();
    expect(r).toMatchObject({
      runId: 'run-1',
      read: 10,
      deadByReason: { invalid_json: 2 },
      atMs: T0 + 5 * DAY_MS,
    });
  });
});

/**
 * The message tables and view as schema.sql created them before messages had a story (commit 8e314a1): a file
 * written by that version must keep opening.
 */
const SCHEMA_BEFORE_STORIES = `
CREATE TABLE message_keys (key_id INTEGER PRIMARY KEY, source VARCHAR NOT NULL, municipality VARCHAR NOT NULL,
  region VARCHAR NOT NULL, topic VARCHAR NOT NULL, department VARCHAR, geo_method VARCHAR NOT NULL);
CREATE TABLE message_rows (id VARCHAR NOT NULL, key_id INTEGER NOT NULL, event_time_ms BIGINT NOT NULL,
  created_offset_min SMALLINT, topic_confidence DOUBLE NOT NULL, author VARCHAR, text VARCHAR NOT NULL, url VARCHAR,
  parent_id VARCHAR, late BOOLEAN NOT NULL);
CREATE OR REPLACE VIEW messages AS
SELECT r.id, k.source, r.event_time_ms, r.created_offset_min, k.municipality, k.region, k.topic, r.topic_confidence,
  k.department, k.geo_method, r.author, r.text, r.url, r.parent_id, r.late
FROM message_rows r
JOIN message_keys k ON k.key_id = r.key_id;
INSERT INTO message_keys VALUES (0, 'vk', '${EKB}', '66', 'heating', 'ЖКХ', 'code');
INSERT INTO message_rows VALUES ('vk:old', 0, ${T0}, 300, 0.9, 'a1', 'Нет отопления', NULL, NULL, false);
`;

describe('openStore(file)', () => {
  it('opens a file written before messages had a story: old rows get no story, new ones keep theirs', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const dir = mkdtempSync(join(tmpdir(), 'vsplesk-store-'));
    try {
      const path = join(dir, 'old.duckdb');
      const old = await DuckDBInstance.create(path);
      const conn = await old.connect();
      await conn.run(SCHEMA_BEFORE_STORIES);
      conn.closeSync();
      old.closeSync();

      const store = await openStore(path, deps);
      try {
        expect((await store.stats()).messages).toBe(1);
        const s = story(EKB, 'vk:new', T0);
        const joined = doc({ eventTimeMs: T0 + 60_000, storyId: s.id, district: '45303000' });
        // Both write paths: appended directly, and staged then deduplicated (materialising published results).
        const staged = doc({ eventTimeMs: T0 + 120_000, storyId: s.id, district: '45307000' });
        await store.writeBatch({ ...emptyBatch(), messages: [joined], stories: [s] });
        await store.writeBatch({ ...emptyBatch(), messages: [staged, staged], dedupe: true });
        const all = await store.sampleMessages({
          municipality: EKB,
          topic: 'heating',
          fromMs: T0,
          toMs: T0 + HOUR_MS,
          limit: 10,
        });
        expect(all.map((m) => [m.id, m.storyId, m.createdAt, m.district])).toEqual([
          ['vk:old', null, '2026-01-10T05:00:00.000+05:00', null],
          [joined.id, s.id, new Date(joined.eventTimeMs).toISOString(), '45303000'],
          [staged.id, s.id, new Date(staged.eventTimeMs).toISOString(), '45307000'],
        ]);
        expect((await store.messagesByStory(s.id, { limit: 10, offset: 0 })).total).toBe(2);
        expect(await store.storyById(s.id)).toMatchObject({ messages: 3, closed: false });
      } finally {
        await store.close();
      }
      // And it opens again (the column is there now: ADD COLUMN IF NOT EXISTS is a no-op).
      const again = await openStore(path, deps);
      expect((await again.messagesByStory(`story:${EKB}:vk:new`, { limit: 10, offset: 0 })).total).toBe(2);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reopens an existing file (idempotent schema) and keeps data', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'vsplesk-store-'));
    try {
      const path = join(dir, 'x.duckdb');
      const a = await openStore(path, deps);
      await a.writeBatch({ ...emptyBatch(), messages: [doc()] });
      await a.close();
      const b = await openStore(path, deps);
      expect((await b.stats()).messages).toBe(1);
      // Known message keys are reloaded; a new one gets a fresh id.
      await b.writeBatch({
        ...emptyBatch(),
        messages: [doc({ eventTimeMs: T0 }), doc({ eventTimeMs: T0, topic: 'waste' })],
      });
      const heating = await b.sampleMessages({
        municipality: EKB,
        topic: 'heating',
        fromMs: T0,
        toMs: T0 + 1,
        limit: 5,
      });
      const waste = await b.sampleMessages({
        municipality: EKB,
        topic: 'waste',
        fromMs: T0,
        toMs: T0 + 1,
        limit: 5,
      });
      expect([heating.length, waste.length]).toEqual([1, 1]);
      expect((await b.municipalities({ all: true })).length).toBe(deps.gazetteer.all.length);
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
