/**
 * Hand-made records for store, API and UI tests: builders with sensible defaults and one small filled store.
 * Not a test file itself (no test runs from here).
 */
import type {
  Aggregate,
  Alert,
  Anomaly,
  Bucket,
  ClassifiedDoc,
  Rejected,
  Story,
  TermBurst,
  TopicId,
} from '../records.ts';
import type { WriteBatch } from './types.ts';

export const EKB = '65701000'; // Екатеринбург, region 66, UTC+5, population 1,377,738
export const NTAGIL = '65751000'; // Нижний Тагил, region 66, UTC+5, population 361,883
export const KAZAN = '92701000'; // Казань, region 16, UTC+3

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** 2026-01-10T00:00:00Z */
export const T0 = Date.UTC(2026, 0, 10);

const REGION: Record<string, string> = { [EKB]: '66', [NTAGIL]: '66', [KAZAN]: '16' };

let seq = 0;
export function doc(over: Partial<ClassifiedDoc> = {}): ClassifiedDoc {
  const n = seq++;
  const eventTimeMs = over.eventTimeMs ?? T0 + n * 60_000;
  const municipalityCode = over.municipalityCode ?? EKB;
  return {
    id: `vk:${n}`,
    source: 'vk',
    createdAt: new Date(eventTimeMs).toISOString(),
    eventTimeMs,
    text: 'Третий день нет отопления в доме 15 по ул. Ленина',
    author: `a${n % 7}`,
    url: `https://vk.com/wall-1_${n}`,
    normText: 'третий день нет отопления в доме 15 по ул. ленина',
    tokens: ['трет', 'ден', 'отоплен'],
    stems: ['трет', 'ден', 'отоплен'],
    topic: 'heating',
    department: 'ЖКХ',
    topicConfidence: 0.9,
    municipalityCode,
    regionCode: REGION[municipalityCode] ?? '',
    geoMethod: 'code',
    ...over,
  };
}

export function agg(
  bucket: Bucket,
  municipality: string,
  topic: TopicId,
  startMs: number,
  count: number,
  over: Partial<Aggregate> = {},
): Aggregate {
  const size = bucket === '5m' ? 300_000 : bucket === 'hour' ? HOUR_MS : DAY_MS;
  return {
    bucket,
    municipality,
    topic,
    startMs,
    endMs: startMs + size,
    count,
    uniqueAuthors: Math.max(0, count - 1),
    sources: { vk: count },
    revision: false,
    ...over,
  };
}

export function anomaly(
  bucket: Bucket,
  municipality: string,
  topic: TopicId,
  startMs: number,
  over: Partial<Anomaly> = {},
): Anomaly {
  const size = bucket === '5m' ? 300_000 : bucket === 'hour' ? HOUR_MS : DAY_MS;
  return {
    id: `${bucket}:${municipality}:${topic}:${startMs}`,
    bucket,
    municipality,
    topic,
    startMs,
    endMs: startMs + size,
    observed: 9,
    expected: 1.2,
    pValue: 1e-5,
    score: 0.8,
    severity: 'high',
    detector: 'poisson',
    detectedAtMs: startMs + size,
    updates: 0,
    ...over,
  };
}

/** An open, unexplained alert of one hourly window starting at `startMs` (id as detect/alerts.ts makes it). */
export function alert(
  municipality: string,
  topic: TopicId,
  startMs: number,
  over: Partial<Alert> = {},
): Alert {
  return {
    id: `${municipality}:${topic}:${startMs}`,
    municipality,
    topic,
    status: 'open',
    severity: 'high',
    respondWithinMin: 240,
    startMs,
    endMs: startMs + HOUR_MS,
    firstDetectedAtMs: startMs + HOUR_MS,
    lastDetectedAtMs: startMs + HOUR_MS,
    closedAtMs: null,
    windows: 1,
    peakObserved: 9,
    peakExpected: 1.2,
    peakPer10k: 0.07,
    minPValue: 1e-5,
    maxScore: 0.8,
    cause: null,
    groupId: `${municipality}:${topic}:${startMs}`,
    regionGroupId: `${municipality}:${topic}:${startMs}`,
    terms: [],
    kind: 'burst',
    districts: [],
    ...over,
  };
}

/**
 * An emerging term of the hour starting at `startMs` (id as detect/emerging-terms.ts makes it): a municipality's
 * burst when `place` is a municipality code, a region-wide one when it is a region code.
 */
export function termBurst(
  place: string,
  stem: string,
  startMs: number,
  over: Partial<TermBurst> = {},
): TermBurst {
  const regional = place.length < 8;
  const scope = regional ? 'region' : 'municipality';
  return {
    id: `term:${scope}:${place}:${stem}:${startMs}`,
    scope,
    municipality: regional ? '' : place,
    region: regional ? place : (REGION[place] ?? ''),
    stem,
    term: stem,
    topic: 'other',
    startMs,
    endMs: startMs + HOUR_MS,
    observed: 6,
    expected: 0.4,
    pValue: 1e-6,
    score: 0.7,
    municipalities: 1,
    messageIds: [],
    detectedAtMs: startMs + HOUR_MS,
    ...over,
  };
}

/**
 * A story of `municipality` whose first message is `firstId` (id as cluster/stories.ts makes it): three messages
 * from three authors over its first hour, open, about the heating on ул. Ленина.
 */
export function story(
  municipality: string,
  firstId: string,
  startMs: number,
  over: Partial<Story> = {},
): Story {
  return {
    id: `story:${municipality}:${firstId}`,
    municipality,
    region: REGION[municipality] ?? '',
    topic: 'heating',
    kind: 'story',
    startMs,
    lastMs: startMs + HOUR_MS,
    messages: 3,
    authors: 3,
    terms: ['отопления', 'батареи'],
    streets: [{ key: 'ленина', label: 'ул. Ленина', messages: 2 }],
    label: 'Третий день нет отопления — ул. Ленина',
    places: [{ municipality, messages: 3 }],
    closed: false,
    ...over,
  };
}

export function rejected(over: Partial<Rejected> = {}): Rejected {
  return {
    reason: 'invalid_json',
    stage: 'parse',
    detail: 'Unexpected token',
    raw: '{"id":',
    origin: { kind: 'file', file: 'in.ndjson', line: 3 },
    ...over,
  };
}

export const emptyBatch = (): WriteBatch => ({
  messages: [],
  lateMessages: [],
  aggregates: [],
  anomalies: [],
  deadLetters: [],
});

/**
 * A small, fully described data set (for API and UI tests): two days (2026-01-10 and 11, UTC) of hourly and
 * daily heating/waste windows in Екатеринбург and Нижний Тагил, a spike in Екатеринбург at 2026-01-10 12:00Z
 * with its anomaly and messages, and two dead letters.
 */
export function sampleBatch(): WriteBatch {
  const aggregates: Aggregate[] = [];
  const messages: ClassifiedDoc[] = [];
  for (let h = 0; h < 48; h++) {
    const start = T0 + h * HOUR_MS;
    if (h % 3 === 0) aggregates.push(agg('hour', EKB, 'heating', start, h === 12 ? 20 : 2));
    if (h % 4 === 1) aggregates.push(agg('hour', NTAGIL, 'heating', start, 1));
    if (h % 6 === 2) aggregates.push(agg('hour', EKB, 'waste', start, 3));
  }
  for (let i = 0; i < 20; i++) {
    messages.push(
      doc({ eventTimeMs: T0 + 12 * HOUR_MS + i * 60_000, municipalityCode: EKB, topic: 'heating' }),
    );
  }
  messages.push(doc({ eventTimeMs: T0 + 1 * HOUR_MS, municipalityCode: NTAGIL, topic: 'heating' }));
  // Day windows start at local midnight (UTC+5): 2026-01-09T19:00Z is 2026-01-10 00:00 in Екатеринбург.
  for (const d of [0, 1]) {
    const start = T0 + d * DAY_MS - 5 * HOUR_MS;
    const sum = (m: string, t: TopicId) =>
      aggregates
        .filter(
          (a) => a.municipality === m && a.topic === t && a.startMs >= start && a.startMs < start + DAY_MS,
        )
        .reduce((s, a) => s + a.count, 0);
    aggregates.push(agg('day', EKB, 'heating', start, sum(EKB, 'heating')));
    aggregates.push(agg('day', EKB, 'waste', start, sum(EKB, 'waste')));
    aggregates.push(agg('day', NTAGIL, 'heating', start, sum(NTAGIL, 'heating')));
  }
  return {
    messages,
    lateMessages: [],
    aggregates,
    anomalies: [
      anomaly('hour', EKB, 'heating', T0 + 12 * HOUR_MS, { observed: 20, expected: 2, severity: 'critical' }),
    ],
    deadLetters: [rejected(), rejected({ reason: 'bad_timestamp', detail: 'created_at is not ISO 8601' })],
  };
}

export const KAMENSK = '65740000'; // Каменск-Уральский, region 66
export const PERVOURALSK = '65753000'; // Первоуральск, region 66

/**
 * A deterministic month of data for the UI (and its screenshot): hourly and daily windows for four
 * municipalities of Свердловская обл and four topics, with a daily rhythm, seeded noise, a heating spike in
 * Екатеринбург on day 20 (with anomalies and messages) and a snow spike in Нижний Тагил on day 9.
 */
export function monthBatch(days = 30): WriteBatch {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const poisson = (lambda: number) => {
    const l = Math.exp(-lambda);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= rand();
    } while (p > l);
    return k - 1;
  };
  const places: [string, number][] = [
    [EKB, 1.2],
    [NTAGIL, 0.45],
    [KAMENSK, 0.25],
    [PERVOURALSK, 0.2],
  ];
  const topicRates: [TopicId, number][] = [
    ['heating', 1],
    ['waste', 0.6],
    ['roads', 0.4],
    ['snow_ice', 0.5],
  ];
  const aggregates: Aggregate[] = [];
  const anomalies: Anomaly[] = [];
  const messages: ClassifiedDoc[] = [];
  const start = T0 - 5 * HOUR_MS; // local midnight (UTC+5) of 2026-01-10
  for (const [m, size] of places) {
    for (const [topic, rate] of topicRates) {
      for (let d = 0; d < days; d++) {
        let dayCount = 0;
        for (let h = 0; h < 24; h++) {
          const at = start + d * DAY_MS + h * HOUR_MS;
          const rhythm = h < 7 ? 0.2 : h < 10 || (h >= 17 && h < 22) ? 1.6 : 1;
          let lambda = size * rate * rhythm;
          const spike =
            (m === EKB && topic === 'heating' && d === 20 && h >= 8 && h < 14) ||
            (m === NTAGIL && topic === 'snow_ice' && d === 9 && h >= 6 && h < 12);
          if (spike) lambda *= 9;
          const n = poisson(lambda);
          if (n === 0) continue;
          dayCount += n;
          aggregates.push(agg('hour', m, topic, at, n));
          if (spike) {
            anomalies.push(
              anomaly('hour', m, topic, at, {
                observed: n,
                expected: size * rate * rhythm,
                severity: n > 12 ? 'critical' : 'high',
              }),
            );
            for (let i = 0; i < Math.min(n, 5); i++) {
              messages.push(doc({ eventTimeMs: at + i * 60_000, municipalityCode: m, topic }));
            }
          }
        }
        if (dayCount > 0) aggregates.push(agg('day', m, topic, start + d * DAY_MS, dayCount));
      }
    }
  }
  return { messages, lateMessages: [], aggregates, anomalies, deadLetters: [rejected()] };
}
