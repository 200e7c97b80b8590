/**
 * Districts end to end: messages of Moscow that name a district carry it through the pipeline into DuckDB, the
 * explanation of a spike names the district it concentrates on, `/api/top?by=district` ranks a city's districts,
 * and messages of a town without known districts carry none.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import defaultPipeline from '../../pipelines/default.ts';
import { fixedClock } from '../clock.ts';
import { normalizePipeline } from '../config.ts';
import { bundledDistrict } from '../geo/districts.ts';
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
const gazetteer = loadGazetteer();
const topics = loadTopics();
const T0 = Date.parse('2026-10-01T00:00:00Z');
const HOUR = 3_600_000;
/** The spike: 40 residents of Восточное Измайлово without water within one hour, 20 days in. */
const SPIKE_MS = T0 + 20 * 24 * HOUR + 9 * HOUR;
let store: Store;
let api: ReturnType<typeof buildApi>;

const BACKGROUND = [
  'Во дворе на ул. Ленина не вывозят мусор, контейнеры переполнены',
  'Яма на дороге у школы, машины бьются',
  'Не горят фонари во дворе дома, темно вечером',
  'Жители района Марьино просят убрать мусор у подъезда',
  'В Кировском районе опять не убрали снег',
  'Когда починят лифт в нашем подъезде',
];
const SPIKE = [
  'В Восточном Измайлове нет холодной воды с утра',
  'Восточное Измайлово: вода не идёт второй час, когда дадут?',
  'Жители Восточного Измайлова без воды, авария на сетях',
  'Нет воды в кранах, дом на Сиреневом бульваре, Восточное Измайлово',
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

beforeAll(async () => {
  const lines: string[] = [];
  let n = 0;
  for (let h = 0; h < 28 * 24; h += 3) {
    const at = T0 + h * HOUR + 600_000;
    lines.push(line(`bg${++n}`, at, MOSCOW, BACKGROUND[n % BACKGROUND.length] as string, `u${n % 200}`));
    lines.push(line(`ku${n}`, at, KURSK, BACKGROUND[n % BACKGROUND.length] as string, `k${n % 200}`));
  }
  for (let i = 0; i < 40; i++)
    lines.push(line(`spike${i}`, SPIKE_MS + i * 60_000, MOSCOW, SPIKE[i % SPIKE.length] as string, `s${i}`));
  lines.sort((a, b) => Date.parse(JSON.parse(a).created_at) - Date.parse(JSON.parse(b).created_at));
  const file = join(dir, 'stream.ndjson');
  writeFileSync(file, `${lines.join('\n')}\n`);
  store = await openStore(join(dir, 'd.duckdb'), { gazetteer, topics });
  await runPipeline(
    normalizePipeline(defaultPipeline),
    { kind: 'file', path: file },
    {
      store,
      gazetteer,
      clock: fixedClock(T0 + 40 * 24 * HOUR),
    },
  );
  api = buildApi({ store, gazetteer, topics, auth: AUTH_OFF });
  await api.ready();
}, 60_000);

afterAll(async () => {
  await api?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('districts through the pipeline', () => {
  it('stores the district a message names, and none where the city has no districts or none is named', async () => {
    const byId = new Map(
      (await store.messagesByIds(['spike1', 'bg3', 'bg1', 'bg4', 'ku3'])).map((m) => [m.id, m]),
    );
    expect(byId.get('spike1')?.district).toBe(VOST_IZMAILOVO);
    const marino = byId.get('bg3');
    expect(marino?.text).toContain('Марьино');
    expect(bundledDistrict(marino?.district ?? '')?.name).toBe('Марьино');
    expect(byId.get('bg1')?.district).toBeNull();
    // Moscow has no Кировский район (St Petersburg's районы are not its municipal okrugs either).
    expect(byId.get('bg4')?.text).toContain('Кировском районе');
    expect(byId.get('bg4')?.district).toBeNull();
    const kursk = byId.get('ku3');
    expect(kursk?.text).toContain('Марьино');
    expect(kursk?.district).toBeNull();
  });

  it("explains the spike by its district, against the city's background", async () => {
    const e = await explainWindow(store, {
      municipality: MOSCOW,
      topic: (await store.messagesByIds(['spike0']))[0]?.topic ?? 'water_sewer',
      fromMs: SPIKE_MS,
      toMs: SPIKE_MS + HOUR,
    });
    expect(e.districts[0]).toMatchObject({ code: VOST_IZMAILOVO, name: 'Восточное Измайлово' });
    expect(e.districts[0]?.messages).toBeGreaterThanOrEqual(30);
    expect(e.districts[0]?.share).toBeGreaterThan(0.7);
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
    expect(body.messagesRead).toBe(224 + 40);
    expect(body.rows[0]).toMatchObject({ key: VOST_IZMAILOVO, name: 'Восточное Измайлово', count: 40 });
    expect(body.rows[0]?.authors).toBe(40);
    expect(body.rows[0]?.share).toBeCloseTo(40 / 264, 4);
    const named = body.rows.map((r) => r.name);
    expect(named).toContain('Марьино');
    const kursk = await api.inject(`/api/top?by=district&municipality=${KURSK}&from=2026-10-01T00:00:00Z`);
    expect(kursk.json().rows).toEqual([]);
    expect((await api.inject('/api/top?by=district')).statusCode).toBe(400);
  });
});
