/**
 * Districts end to end. Moscow writes ~30 messages an hour, a third of them about water; then ten residents of
 * Восточное Измайлово (named about once a day before) write within one hour that they have no water. The city's
 * water series barely moves (20 against ~10 an hour: p ≈ 0.003); the district's leaps. So:
 * - messages carry the district their text names into DuckDB (none where a city has no known districts);
 * - the district's flagged window raises Moscow's alert, which lists the district — once, at the city; with
 *   district detection (and emerging words, which see «Измайлово» as new in the city) off, nothing is raised;
 * - the explanation names the district, and `/api/top?by=district` ranks the city's districts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import defaultPipeline from '../../pipelines/default.ts';
import { fixedClock } from '../clock.ts';
import { normalizePipeline } from '../config.ts';
import { bundledDistrict } from '../geo/districts.ts';
import type { Alert } from '../records.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { AUTH_OFF, buildApi } from '../serve/api.ts';
import { explainWindow } from '../serve/explain-window.ts';
import { openStore, type Store } from '../store/index.ts';
import { runPipeline } from './run.ts';

const MOSCOW = '45000000';
const KURSK = '38701000';
const VOST_IZMAILOVO = '45303000';
const dir = mkdtempSync(join(tmpdir(), 'vsplesk-districts-'));
const file = join(dir, 'stream.ndjson');
const gazetteer = loadGazetteer();
const topics = loadTopics();
const T0 = Date.parse('2026-10-01T00:00:00Z');
const HOUR = 3_600_000;
const DAYS = 28;
/** The spike: 10 residents of Восточное Измайлово without water within one hour, 20 days in (12:00 Moscow). */
const SPIKE_MS = T0 + 20 * 24 * HOUR + 9 * HOUR;
const SPIKE_AUTHORS = 10;

const BACKGROUND = [
  'Нет горячей воды в доме уже второй день',
  'Во дворе не вывозят мусор, контейнеры переполнены',
  'Яма на дороге у школы, машины бьются',
  'Жители района Марьино просят убрать мусор у подъезда',
  'Не горят фонари во дворе дома, темно вечером',
  'Из крана течёт ржавая вода, когда это закончится',
  'В Кировском районе опять не убрали снег',
  'Когда починят лифт в нашем подъезде',
  'Слабый напор холодной воды на верхних этажах',
];
const SPIKE = [
  'В Восточном Измайлове нет холодной воды с утра',
  'Восточное Измайлово: вода не идёт второй час, когда дадут?',
  'Жители Восточного Измайлова без воды, авария на сетях',
  'Нет воды в кранах, Сиреневый бульвар, Восточное Измайлово',
];

function line(id: string, atMs: number, municipality: string, text: string, author: string): string {
  return JSON.stringify({
    id,
    source: 'vk',
    created_at: new Date(atMs).toISOString(),
    text,
    municipality,
    author,
  });
}

let store: Store;
let api: ReturnType<typeof buildApi>;
let offAlerts: Alert[];
/** Moscow's messages in the stream, and those naming Восточное Измайлово. */
let moscowMessages = 0;
let izmailovoMessages = 0;

async function runInto(path: string, detect: boolean): Promise<Store> {
  const s = await openStore(path, { gazetteer, topics });
  // Off: emerging words off too — «Измайлово» is a new word in the city, and would open the alert by itself.
  const off = { districts: { detect: false }, terms: { ...defaultPipeline.terms, enabled: false } };
  await runPipeline(
    normalizePipeline({ ...defaultPipeline, ...(detect ? {} : off) }),
    { kind: 'file', path: file },
    { store: s, gazetteer, clock: fixedClock(T0 + 40 * 24 * HOUR) },
  );
  return s;
}

beforeAll(async () => {
  const lines: string[] = [];
  for (let i = 0, at = T0; at < T0 + DAYS * 24 * HOUR; i++, at += 120_000) {
    // About once a day a background message names Восточное Измайлово.
    const named = i % 720 === 360;
    const text = named
      ? 'Восточное Измайлово: во дворе не убран мусор'
      : (BACKGROUND[i % BACKGROUND.length] as string);
    lines.push(line(`bg${i}`, at, MOSCOW, text, `u${(i * 7919) % 6000}`));
    moscowMessages++;
    if (named) izmailovoMessages++;
    if (i % 40 === 0) lines.push(line(`ku${i}`, at, KURSK, text, `k${i % 300}`));
  }
  for (let i = 0; i < SPIKE_AUTHORS; i++)
    lines.push(
      line(
        `spike${i}`,
        SPIKE_MS + i * 5 * 60_000 + 30_000,
        MOSCOW,
        SPIKE[i % SPIKE.length] as string,
        `s${i}`,
      ),
    );
  moscowMessages += SPIKE_AUTHORS;
  izmailovoMessages += SPIKE_AUTHORS;
  lines.sort((a, b) => Date.parse(JSON.parse(a).created_at) - Date.parse(JSON.parse(b).created_at));
  writeFileSync(file, `${lines.join('\n')}\n`);
  store = await runInto(join(dir, 'on.duckdb'), true);
  const off = await runInto(':memory:', false);
  offAlerts = (await off.alerts({ limit: 1000, offset: 0 })).items;
  await off.close();
  api = buildApi({ store, gazetteer, topics, auth: AUTH_OFF });
  await api.ready();
}, 120_000);

afterAll(async () => {
  await api?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const coversSpike = (a: { municipality: string; startMs: number; endMs: number }) =>
  a.municipality === MOSCOW && a.startMs < SPIKE_MS + HOUR && a.endMs > SPIKE_MS;

describe('districts through the pipeline', () => {
  it('stores the district a message names; none when it names none or its city has no known districts', async () => {
    const byId = new Map(
      (await store.messagesByIds(['spike1', 'bg3', 'bg0', 'bg6', 'ku0'])).map((m) => [m.id, m]),
    );
    expect(byId.get('spike1')?.district).toBe(VOST_IZMAILOVO);
    const marino = byId.get('bg3');
    expect(marino?.text).toContain('Марьино');
    expect(bundledDistrict(marino?.district ?? '')?.name).toBe('Марьино');
    expect(byId.get('bg0')?.district).toBeNull();
    // Moscow has no Кировский район.
    expect(byId.get('bg6')?.text).toContain('Кировском районе');
    expect(byId.get('bg6')?.district).toBeNull();
    expect(byId.get('ku0')?.district).toBeNull();
  });

  it("raises Moscow's alert from the district's flagged window, once, naming the district", async () => {
    const alerts = (await store.alerts({ limit: 1000, offset: 0 })).items.filter(coversSpike);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.districts).toEqual([VOST_IZMAILOVO]);
    const res = await api.inject(`/api/alerts/${encodeURIComponent(alerts[0]?.id ?? '')}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.districts).toEqual([{ code: VOST_IZMAILOVO, name: 'Восточное Измайлово' }]);
    expect(
      body.anomalies.some((a: { district: { code: string } | null }) => a.district?.code === VOST_IZMAILOVO),
    ).toBe(true);
    // The city's own series did not see it: with district detection and emerging words off, nothing is raised.
    expect(offAlerts.filter(coversSpike)).toEqual([]);
    // District windows are tested, not stored: the city's series are what is served.
    const counts = await api.inject(
      `/api/top?by=municipality&from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z`,
    );
    expect(counts.json().rows.map((r: { key: string }) => r.key)).not.toContain(VOST_IZMAILOVO);
  });

  it("explains the spike by its district, against the city's background", async () => {
    const [spike] = await store.messagesByIds(['spike0']);
    const e = await explainWindow(store, {
      municipality: MOSCOW,
      topic: spike?.topic ?? 'water_sewer',
      fromMs: SPIKE_MS,
      toMs: SPIKE_MS + HOUR,
    });
    expect(e.districts[0]).toMatchObject({ code: VOST_IZMAILOVO, name: 'Восточное Измайлово' });
    expect(e.districts[0]?.messages).toBe(SPIKE_AUTHORS);
  });

  it('ranks the districts of a city in /api/top?by=district, with shares of its messages', async () => {
    const res = await api.inject(
      `/api/top?by=district&municipality=${MOSCOW}&from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as {
      messagesRead: number;
      rows: { key: string; name: string; count: number; authors: number; share: number }[];
    };
    expect(body.messagesRead).toBe(moscowMessages);
    expect(body.rows.map((r) => r.name)).toEqual(['Марьино', 'Восточное Измайлово']);
    expect(body.rows[1]).toMatchObject({ key: VOST_IZMAILOVO, count: izmailovoMessages });
    expect(body.rows[1]?.share).toBeCloseTo(izmailovoMessages / moscowMessages, 4);
    const kursk = await api.inject(`/api/top?by=district&municipality=${KURSK}&from=2026-10-01T00:00:00Z`);
    expect(kursk.json().rows).toEqual([]);
    expect((await api.inject('/api/top?by=district')).statusCode).toBe(400);
  });
});
