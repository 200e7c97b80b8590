import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { NearDuplicates } from '../../classify/near-duplicates.ts';
import { createDistrictMatcher, loadDistricts } from '../../geo/districts.ts';
import { createNormaliser } from '../../normalise/index.ts';
import { createGazetteer, loadGazetteer } from '../../reference/gazetteer.ts';
import { type GeneratedRecord, type GroundTruth, generateStream } from './index.ts';

const gazetteer = loadGazetteer();
const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-])(\d{2}):(\d{2})$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: checking that valid texts carry none
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/;
const norm = (s: string) => s.toLowerCase().replace(/ё/g, 'е');

function collect(opts: Parameters<typeof generateStream>[0]): {
  recs: GeneratedRecord[];
  truth: GroundTruth;
} {
  const g = generateStream(opts);
  const recs = [...g.records];
  return { recs, truth: g.truth() };
}

function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}

describe('determinism', () => {
  it('same options → byte-identical lines; another seed → different lines', () => {
    const opts = { days: 20, municipalities: 4, seed: 11 };
    const a = collect(opts).recs.map((r) => r.line);
    const b = collect(opts).recs.map((r) => r.line);
    const c = collect({ ...opts, seed: 12 }).recs.map((r) => r.line);
    expect(a.length).toBeGreaterThan(100);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
  it('dayNoiseCv widens the day-to-day spread of volumes (and is validated)', () => {
    const dailyCv = (cv?: number) => {
      const perDay = new Map<string, number>();
      const gen = generateStream({
        days: 60,
        municipalities: 3,
        seed: 4,
        incidents: 0,
        floods: 0,
        ...(cv ? { dayNoiseCv: cv } : {}),
      });
      for (const r of gen.records) {
        const m = /"created_at":"(\d{4}-\d{2}-\d{2})/.exec(r.line);
        if (m?.[1]) perDay.set(m[1], (perDay.get(m[1]) ?? 0) + 1);
      }
      const xs = [...perDay.values()];
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length) / mean;
    };
    expect(dailyCv(1.2)).toBeGreaterThan(1.5 * dailyCv());
    expect(() => generateStream({ days: 1, municipalities: 1, seed: 1, dayNoiseCv: 0 })).toThrow(
      /dayNoiseCv/,
    );
    expect(() => generateStream({ days: 1, municipalities: 1, seed: 1, dayNoiseCv: 5 })).toThrow(
      /dayNoiseCv/,
    );
  });

  it('iterating the same stream twice replays the same bytes', () => {
    const g = generateStream({ days: 10, municipalities: 3, seed: 5 });
    const a = [...g.records].map((r) => r.line);
    const b = [...g.records].map((r) => r.line);
    expect(b).toEqual(a);
    expect(g.truth().valid + g.truth().invalid).toBe(b.length);
  });
});

describe('a 90-day stream over 8 municipalities', () => {
  let recs: GeneratedRecord[];
  let truth: GroundTruth;
  const byId = new Map<string, Record<string, unknown>>();
  beforeAll(() => {
    ({ recs, truth } = collect({
      days: 90,
      municipalities: 8,
      seed: 3,
      startDate: '2025-03-01',
      invalidFraction: 0.01,
      incidents: 6,
      floods: 2,
    }));
    for (const r of recs)
      if (r.valid) byId.set((JSON.parse(r.line) as { id: string }).id, JSON.parse(r.line));
  });

  it('valid lines follow the message contract', () => {
    const codes = new Map(truth.municipalities.map((m) => [m.code, m]));
    const ids = new Set<string>();
    const start = Date.parse('2025-03-01T00:00:00Z') - 14 * 3_600_000;
    const end = Date.parse('2025-05-30T00:00:00Z') + 14 * 3_600_000;
    let withCode = 0;
    let coordsOnly = 0;
    let textOnly = 0;
    let textNamed = 0;
    const valid = recs.filter((r) => r.valid);
    const problems: string[] = [];
    const check = (ok: boolean, what: string, r: GeneratedRecord) => {
      if (!ok && problems.length < 10) problems.push(`${what}: ${r.line.slice(0, 300)}`);
    };
    for (const r of valid) {
      check(!r.line.includes('\n'), 'newline', r);
      const m = JSON.parse(r.line) as Record<string, unknown>;
      for (const f of ['id', 'source', 'created_at', 'text'] as const) check(typeof m[f] === 'string', f, r);
      check(m.author === undefined || typeof m.author === 'string', 'author', r);
      check(!ids.has(m.id as string), 'duplicate id', r);
      ids.add(m.id as string);
      check(['vk', 'ok', 'telegram', 'gosuslugi', 'portal'].includes(m.source as string), 'source', r);
      const text = (m.text as string).trim();
      check(text.length > 0 && text.length <= 20_000, 'text length', r);
      check(!CONTROL.test(text), 'control characters', r);
      const iso = ISO_WITH_OFFSET.exec(m.created_at as string);
      check(iso !== null, 'created_at format', r);
      const t = Date.parse(m.created_at as string);
      check(t >= start && t < end, 'created_at in period', r);
      check(t === r.meta.eventTimeMs, 'event time', r);
      const home = codes.get(r.meta.municipality ?? '');
      check(home !== undefined, 'home municipality', r);
      if (!home) continue;
      const offsetMin = (iso?.[7] === '-' ? -1 : 1) * (Number(iso?.[8]) * 60 + Number(iso?.[9]));
      check(offsetMin === home.utcOffsetMin, 'offset', r);
      if (m.municipality !== undefined) {
        withCode++;
        check(/^\d{8}$/.test(m.municipality as string), 'code format', r);
        check(gazetteer.byCode(m.municipality as string) !== undefined, 'code in gazetteer', r);
        check(m.municipality === home.code && m.region === home.region, 'code and region', r);
      }
      if (m.lat !== undefined) {
        const g = gazetteer.byCode(home.code);
        check(distanceKm(m.lat as number, m.lon as number, g?.lat ?? 0, g?.lon ?? 0) <= 5, 'within 5 km', r);
        if (m.municipality === undefined) coordsOnly++;
      }
      if (m.municipality === undefined && m.lat === undefined) {
        textOnly++;
        const name = home.name.split(/[\s-]/)[0] ?? home.name;
        // The name's first 4 letters survive declension ("Курск" → "Курске"); typos hit ~5% of words.
        if (norm(text).includes(norm(name.slice(0, 4)))) textNamed++;
      }
    }
    expect(problems).toEqual([]);
    expect(textNamed / textOnly).toBeGreaterThan(0.9);
    const n = valid.length;
    // Floods are posted with a code, so the code share is a little above 75%.
    expect(withCode / n).toBeGreaterThan(0.72);
    expect(withCode / n).toBeLessThan(0.8);
    expect(coordsOnly / n).toBeGreaterThan(0.12);
    expect(coordsOnly / n).toBeLessThan(0.18);
    expect(textOnly / n).toBeGreaterThan(0.07);
  });

  it('invalid lines are counted in the truth, by reason, and cover every kind', () => {
    const invalid = recs.filter((r) => !r.valid);
    expect(invalid.length).toBe(truth.invalid);
    expect(recs.length - invalid.length).toBe(truth.valid);
    expect(Object.values(truth.invalidByReason).reduce((a, b) => a + b, 0)).toBe(truth.invalid);
    const byReason: Record<string, number> = {};
    for (const r of invalid) byReason[r.meta.reason ?? '?'] = (byReason[r.meta.reason ?? '?'] ?? 0) + 1;
    expect(byReason).toEqual(truth.invalidByReason);
    for (const reason of [
      'invalid_json',
      'missing_field:text',
      'missing_field:created_at',
      'bad_timestamp',
      'future_timestamp',
      'text_too_long',
      'text_empty',
      'unknown_municipality',
      'binary_text',
    ]) {
      expect(truth.invalidByReason[reason], reason).toBeGreaterThan(0);
    }
    expect(truth.invalidByKind.binary_garbage).toBeGreaterThan(0);
    expect(truth.invalid / recs.length).toBeGreaterThan(0.005);
    expect(truth.invalid / recs.length).toBeLessThan(0.015);
    for (const r of invalid) {
      switch (r.meta.reason) {
        case 'invalid_json':
          expect(() => JSON.parse(r.line)).toThrow();
          break;
        case 'text_too_long':
          expect((JSON.parse(r.line).text as string).trim().length).toBeGreaterThan(20_000);
          break;
        case 'text_empty':
          expect((JSON.parse(r.line).text as string).trim()).toBe('');
          break;
        case 'unknown_municipality':
          expect(JSON.parse(r.line).municipality).toBe('99999999');
          break;
        case 'missing_field:text':
          expect(JSON.parse(r.line).text).toBeUndefined();
          break;
        case 'future_timestamp':
          expect(Date.parse(JSON.parse(r.line).created_at)).toBeGreaterThan(Date.parse('2090-01-01'));
          break;
        case 'bad_timestamp':
          expect(
            ISO_WITH_OFFSET.test(JSON.parse(r.line).created_at) &&
              !Number.isNaN(Date.parse(JSON.parse(r.line).created_at)),
          ).toBe(false);
          break;
      }
    }
  });

  it('records come in delivery order: on time within minutes, a late share up to two days behind', () => {
    let maxSeen = 0;
    let late = 0;
    const valid = recs.filter((r) => r.valid);
    for (const r of valid) {
      const t = r.meta.eventTimeMs ?? 0;
      if (t < maxSeen - 20 * 60_000) late++;
      expect(t).toBeGreaterThan(maxSeen - 49 * 3_600_000);
      maxSeen = Math.max(maxSeen, t);
    }
    expect(truth.late / valid.length).toBeGreaterThan(0.006);
    expect(truth.late / valid.length).toBeLessThan(0.014);
    expect(late).toBeLessThanOrEqual(truth.late);
    expect(late).toBeGreaterThan(truth.late * 0.5);
  });

  it('injects incidents with a front, their words, their street and many authors', () => {
    expect(truth.incidents).toHaveLength(6);
    const startMs = Date.parse('2025-03-01T00:00:00Z');
    for (const inc of truth.incidents) {
      expect(inc.messageIds).toHaveLength(inc.messages);
      expect(inc.words.length).toBeGreaterThanOrEqual(2);
      expect(inc.words.length).toBeLessThanOrEqual(4);
      expect(inc.endMs - inc.startMs).toBeGreaterThanOrEqual(3_600_000);
      expect(inc.endMs - inc.startMs).toBeLessThanOrEqual(72 * 3_600_000);
      expect(inc.startMs).toBeGreaterThanOrEqual(startMs + 14 * 86_400_000 - 12 * 3_600_000);
      const msgs = inc.messageIds.map((id) => byId.get(id));
      expect(msgs.every((m) => m !== undefined)).toBe(true);
      const texts = msgs.map((m) => norm(String(m?.text)));
      const firstHour = msgs.filter(
        (m) => Date.parse(String(m?.created_at)) < inc.startMs + 3_600_000,
      ).length;
      expect(firstHour).toBeGreaterThanOrEqual(6);
      expect(firstHour).toBeGreaterThanOrEqual(3 * inc.expectedPerHour);
      for (const m of msgs) {
        const t = Date.parse(String(m?.created_at));
        expect(t).toBeGreaterThanOrEqual(inc.startMs);
        expect(t).toBeLessThan(inc.endMs);
      }
      const withStreet = texts.filter((t) => t.includes(norm(inc.streetName))).length;
      expect(withStreet / texts.length).toBeGreaterThan(0.8);
      for (const w of inc.words) expect(texts.filter((t) => t.includes(norm(w))).length).toBeGreaterThan(0);
      const authors = new Set(msgs.map((m) => m?.author));
      expect(authors.size).toBeGreaterThan(0.8 * msgs.length);
      // Its located messages come from one spot (within 300 m of it), as residents of one yard write.
      const located = msgs.filter((m) => typeof m?.lat === 'number') as { lat: number; lon: number }[];
      expect(located.length).toBeGreaterThan(0);
      for (const a of located)
        for (const b of located) expect(distanceKm(a.lat, a.lon, b.lat, b.lon)).toBeLessThanOrEqual(0.61);
    }
  });

  it('injects bot floods: one author, 40–150 near-identical messages within 1–3 hours', () => {
    expect(truth.floods).toHaveLength(2);
    for (const f of truth.floods) {
      expect(f.messages).toBeGreaterThanOrEqual(40);
      expect(f.messages).toBeLessThanOrEqual(150);
      expect(f.messageIds).toHaveLength(f.messages);
      expect(f.endMs - f.startMs).toBeGreaterThanOrEqual(3_600_000 - 60_000);
      expect(f.endMs - f.startMs).toBeLessThanOrEqual(3 * 3_600_000);
      const msgs = f.messageIds.map((id) => byId.get(id));
      expect(new Set(msgs.map((m) => m?.author))).toEqual(new Set([f.author]));
      expect(new Set(msgs.map((m) => m?.municipality))).toEqual(new Set([f.municipality]));
      const distinctTexts = new Set(
        msgs.map((m) =>
          norm(String(m?.text))
            .replace(/[^а-яa-z ]/g, '')
            .trim(),
        ),
      );
      expect(distinctTexts.size).toBeLessThan(12);
    }
  });

  it('injects copy-paste campaigns on request: one long text, each message from a fresh account', () => {
    const c = collect({ days: 40, municipalities: 4, seed: 3, incidents: 2, floods: 0, campaigns: 2 });
    const campaigns = c.truth.floods.filter((f) => f.kind === 'campaign');
    expect(campaigns).toHaveLength(2);
    const lines = new Map(
      c.recs
        .filter((r) => r.valid)
        .map((r) => [(JSON.parse(r.line) as { id: string }).id, JSON.parse(r.line)]),
    );
    for (const f of campaigns) {
      expect(f.messages).toBeGreaterThanOrEqual(15);
      expect(f.messageIds).toHaveLength(f.messages);
      const msgs = f.messageIds.map((id) => lines.get(id) as { author: string; text: string });
      expect(new Set(msgs.map((m) => m.author)).size).toBe(f.messages);
      const core = (t: string) =>
        norm(t)
          .replace(/[^а-яa-z ]/g, '')
          .replace('срочно', '')
          .replace('повторно', '')
          .trim();
      expect(new Set(msgs.map((m) => core(m.text))).size).toBeLessThanOrEqual(2);
      expect(core(msgs[0]?.text ?? '').split(' ').length).toBeGreaterThan(12);
    }
  });

  it('background authors are heavy-tailed: the most active poster writes far more than the median one', () => {
    const perAuthor = new Map<string, number>();
    for (const r of recs) {
      if (r.meta.kind !== 'background') continue;
      const a = (JSON.parse(r.line) as { author?: string }).author;
      if (a) perAuthor.set(a, (perAuthor.get(a) ?? 0) + 1);
    }
    const counts = [...perAuthor.values()].sort((a, b) => b - a);
    expect(counts[0]).toBeGreaterThan(20 * (counts[Math.floor(counts.length / 2)] ?? 1));
  });
});

describe('a full year over 5 municipalities', () => {
  let recs: GeneratedRecord[];
  let truth: GroundTruth;
  beforeAll(() => {
    ({ recs, truth } = collect({
      days: 365,
      municipalities: 5,
      seed: 21,
      incidents: 0,
      floods: 0,
      invalidFraction: 0,
    }));
  });
  const monthOf = (r: GeneratedRecord) => new Date(r.meta.eventTimeMs ?? 0).getUTCMonth() + 1;
  const count = (topic: string, months: number[]) =>
    recs.filter((r) => r.meta.topic === topic && months.includes(monthOf(r))).length;

  it('follows the seasons', () => {
    // Heating: winter ≫ summer (Boston 311: 300–430/month against 2–11).
    expect(count('heating', [1])).toBeGreaterThan(10 * Math.max(1, count('heating', [7])));
    expect(count('snow_ice', [7])).toBe(0);
    expect(count('snow_ice', [1, 2])).toBeGreaterThan(100);
    expect(count('hot_water', [6, 7])).toBeGreaterThan(2 * count('hot_water', [1, 2]));
    expect(count('roads', [4])).toBeGreaterThan(1.5 * count('roads', [9]));
    expect(count('landscaping', [7])).toBeGreaterThan(1.5 * count('landscaping', [2]));
    expect(
      truth.seasonalWaves.some(
        (w) => w.topic === 'heating' && w.peakWeekOfYear >= 38 && w.peakWeekOfYear <= 44,
      ),
    ).toBe(true);
  });

  it('is quiet at night and on weekends, in local time', () => {
    const byHour = new Array(24).fill(0);
    const byDow = new Array(7).fill(0);
    const off = new Map(truth.municipalities.map((m) => [m.code, m.utcOffsetMin]));
    for (const r of recs) {
      const local = new Date((r.meta.eventTimeMs ?? 0) + (off.get(r.meta.municipality ?? '') ?? 0) * 60_000);
      byHour[local.getUTCHours()]++;
      if (r.meta.topic === 'housing') byDow[(local.getUTCDay() + 6) % 7]++;
    }
    const night = byHour[2] + byHour[3] + byHour[4];
    const morning = byHour[8] + byHour[9] + byHour[10];
    expect(night * 8).toBeLessThan(morning);
    expect(byDow[6] * 1.4).toBeLessThan(byDow[2]);
  });

  it('matches the target volume: 0.13 per 1,000 residents per day (population capped at 1.5 million)', () => {
    for (const m of truth.municipalities) {
      const n = recs.filter((r) => r.meta.municipality === m.code).length;
      const expected = m.baseRatePerDay * 365;
      expect(m.baseRatePerDay).toBeCloseTo((0.13 * Math.min(m.population, 1_500_000)) / 1000, 2);
      // Per-town topic biases (gamma, shape 6) and day noise move a town's year by up to ~±25%.
      expect(n / expected, m.name).toBeGreaterThan(0.7);
      expect(n / expected, m.name).toBeLessThan(1.3);
    }
    const big = truth.municipalities.filter((m) => m.population >= 500_000);
    expect(big.length).toBeGreaterThanOrEqual(1);
  });

  it('day counts are over-dispersed (variance > mean) for a busy (town, topic)', () => {
    const big = [...truth.municipalities].sort((a, b) => b.population - a.population)[0];
    const perDay = new Map<number, number>();
    for (const r of recs) {
      if (r.meta.municipality !== big?.code || r.meta.topic !== 'housing') continue;
      const d = Math.floor((r.meta.eventTimeMs ?? 0) / 86_400_000);
      perDay.set(d, (perDay.get(d) ?? 0) + 1);
    }
    const xs = [...perDay.values()];
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(variance).toBeGreaterThan(1.3 * mean);
  });
});

describe('districts in the six cities whose districts are known', () => {
  // Moscow and St Petersburg (districts) with three towns without: a gazetteer of just these five forces them in.
  const five = ['45000000', '40000000', '38701000', '28701000', '24701000'];
  const small = createGazetteer(five.map((c) => gazetteer.byCode(c)).filter((m) => m !== undefined));
  const opts = { days: 30, municipalities: 5, seed: 8, incidents: 10, floods: 1 };
  const matcher = createDistrictMatcher(loadDistricts());
  let recs: GeneratedRecord[];
  let truth: GroundTruth;
  const textOf = (r: GeneratedRecord) => (JSON.parse(r.line) as { text: string }).text;
  beforeAll(() => {
    const g = generateStream(opts, { gazetteer: small });
    recs = [...g.records];
    truth = g.truth();
  });

  it('about a quarter of the ordinary messages of Moscow and St Petersburg name a district of their own', () => {
    for (const code of ['45000000', '40000000']) {
      const own = recs.filter((r) => r.meta.kind === 'background' && r.meta.municipality === code);
      expect(own.length).toBeGreaterThan(3000);
      let found = 0;
      let asMeant = 0;
      let unmeant = 0;
      const named = new Set<string>();
      for (const r of own) {
        const got = matcher.match(code, textOf(r));
        if (got !== undefined) {
          found++;
          named.add(got);
          expect(matcher.byCode(got)?.municipality).toBe(code);
        }
        if (r.meta.district !== undefined && got === r.meta.district) asMeant++;
        if (r.meta.district === undefined && got !== undefined) unmeant++;
      }
      expect(found / own.length, code).toBeGreaterThan(0.15);
      expect(found / own.length, code).toBeLessThan(0.35);
      // What the generator meant is what the matcher reads; texts without a district rarely seem to name one.
      expect(asMeant / own.filter((r) => r.meta.district).length).toBeGreaterThan(0.97);
      expect(unmeant / own.length).toBeLessThan(0.005);
      // Many districts, not one.
      expect(named.size).toBeGreaterThan(50);
    }
  });

  it('an incident in such a town happens in one district, which most of its messages name', () => {
    const withDistrict = truth.incidents.filter((i) => i.district !== undefined);
    expect(withDistrict.length).toBeGreaterThanOrEqual(2);
    const lines = new Map(
      recs.filter((r) => r.valid).map((r) => [(JSON.parse(r.line) as { id: string }).id, textOf(r)]),
    );
    const pooled = { same: 0, all: 0 };
    for (const inc of truth.incidents) {
      const hasDistricts = inc.municipality === '45000000' || inc.municipality === '40000000';
      expect(inc.district !== undefined, inc.id).toBe(hasDistricts);
      if (!inc.district) continue;
      expect(inc.districtName).toBe(matcher.byCode(inc.district)?.name);
      expect(matcher.byCode(inc.district)?.municipality).toBe(inc.municipality);
      const got = inc.messageIds.map((id) => matcher.match(inc.municipality, lines.get(id) ?? ''));
      const same = got.filter((c) => c === inc.district).length;
      expect(same, inc.id).toBeGreaterThan(0);
      // INCIDENT_DISTRICT_SHARE is 0.65: a small incident may fall below half by chance, so only larger ones.
      if (got.length >= 20) expect(same / got.length, inc.id).toBeGreaterThanOrEqual(0.5);
      pooled.same += same;
      pooled.all += got.length;
      // The rest name none (residents leave it out), not another district.
      expect(got.filter((c) => c !== undefined && c !== inc.district).length, inc.id).toBeLessThanOrEqual(
        Math.max(1, 0.03 * got.length),
      );
    }
    expect(pooled.same / pooled.all).toBeGreaterThan(0.55);
    expect(pooled.same / pooled.all).toBeLessThan(0.75);
  });

  it('towns without districts never name one', () => {
    const others = recs.filter(
      (r) => r.valid && r.meta.municipality !== '45000000' && r.meta.municipality !== '40000000',
    );
    expect(others.length).toBeGreaterThan(1000);
    expect(others.filter((r) => r.meta.district !== undefined)).toEqual([]);
    // Their texts read as if they were posted in Moscow or St Petersburg still name no district.
    for (const code of ['45000000', '40000000'])
      expect(others.filter((r) => matcher.match(code, textOf(r)) !== undefined)).toEqual([]);
  });

  it('districts draw only from their own PRNG streams: without them only those texts change', () => {
    const g = generateStream(opts, { gazetteer: small, districts: [] });
    const plain = [...g.records];
    expect(plain).toHaveLength(recs.length);
    let changed = 0;
    for (const [i, r] of recs.entries()) {
      const p = plain[i] as GeneratedRecord;
      const { district, ...meta } = r.meta;
      expect(p.meta).toEqual(meta);
      if (p.line === r.line) {
        expect(district).toBeUndefined();
        continue;
      }
      if (!r.valid) continue; // a broken copy of the message before it
      changed++;
      expect(district).toBeDefined();
      const { text: a, ...restA } = JSON.parse(p.line) as Record<string, unknown>;
      const { text: b, ...restB } = JSON.parse(r.line) as Record<string, unknown>;
      expect(restB).toEqual(restA);
      // The district sentence is added around the text, which stays as it was.
      expect((b as string).toLowerCase()).toContain(
        String(a)
          .replace(/\s\S*$/u, '')
          .toLowerCase(),
      );
    }
    expect(changed).toBe(recs.filter((r) => r.meta.district !== undefined).length);
    const { incidents, ...rest } = g.truth();
    const { incidents: withDistricts, ...restWith } = truth;
    expect(restWith).toEqual(rest);
    expect(withDistricts.map(({ district: _d, districtName: _n, ...i }) => i)).toEqual(incidents);
  });
});

describe('new options off: the stream is as before they existed', () => {
  const opts = { days: 20, municipalities: 6, seed: 7, campaigns: 1 };
  const digest = (o: Parameters<typeof generateStream>[0]) => {
    const h = createHash('sha256');
    for (const r of generateStream(o).records) h.update(`${r.line}\n`);
    return h.digest('hex');
  };
  it('a default stream hashes to the digest of commit 22793cd (before texts, include, largestCities, populationCap)', () => {
    // Computed by running this stream on 22793cd's generator.
    expect(digest(opts)).toBe('5baa6fe16cf4046007dca66289e6fb71e5dfc7fbb4bb7338fe4aae5c399b822d');
  });
  it('the options at their default values change no byte', () => {
    const explicit = {
      ...opts,
      texts: 'templates',
      include: [],
      largestCities: 0,
      populationCap: 1_500_000,
    } as const;
    expect(digest(explicit)).toBe(digest(opts));
  });
});

describe('big cities at their real volumes', () => {
  it('largestCities and include are always in the stream; populationCap 0 lifts the cap', () => {
    const g = generateStream({
      days: 1,
      municipalities: 4,
      seed: 2,
      largestCities: 2,
      include: ['38701000'],
      populationCap: 0,
    });
    const towns = g.truth().municipalities;
    expect(towns).toHaveLength(4);
    const codes = towns.map((t) => t.code);
    for (const c of ['45000000', '40000000', '38701000']) expect(codes).toContain(c);
    // Moscow: 0.13 per 1,000 of 11.5 million residents a day (fixtures/geo/municipalities.json).
    const moscow = towns.find((t) => t.code === '45000000');
    expect(moscow?.baseRatePerDay).toBeCloseTo((0.13 * (moscow?.population ?? 0)) / 1000, 0);
    const capped = generateStream({ days: 1, municipalities: 2, seed: 2, largestCities: 1 }).truth()
      .municipalities;
    expect(capped.find((t) => t.code === '45000000')?.baseRatePerDay).toBe(195);
  });
  it('pinned towns beyond `municipalities` are all kept; an unknown code fails fast', () => {
    expect(
      generateStream({ days: 1, municipalities: 1, seed: 2, largestCities: 3 }).truth().municipalities,
    ).toHaveLength(3);
    expect(() => generateStream({ days: 1, municipalities: 1, seed: 2, include: ['99999999'] })).toThrow(
      /99999999/,
    );
    expect(() => generateStream({ days: 1, municipalities: 1, seed: 2, texts: 'fancy' as 'real' })).toThrow(
      /texts/,
    );
  });
});

describe('real texts', () => {
  let recs: GeneratedRecord[];
  let truth: GroundTruth;
  let lines: Map<string, Record<string, unknown>>;
  beforeAll(() => {
    ({ recs, truth } = collect({
      days: 4,
      municipalities: 1,
      largestCities: 1,
      populationCap: 0,
      seed: 3,
      texts: 'real',
      incidents: 4,
      floods: 1,
      campaigns: 1,
      startDate: '2025-03-01',
    }));
    lines = new Map(
      recs
        .filter((r) => r.valid)
        .map((r) => {
          const o = JSON.parse(r.line) as Record<string, unknown>;
          return [o.id as string, o];
        }),
    );
  });
  const textOf = (r: GeneratedRecord) => String(JSON.parse(r.line).text);

  it('are long, varied real texts that name the target town, never Kursk or Troitsk', () => {
    const bg = recs.filter((r) => r.meta.kind === 'background');
    expect(bg.length).toBeGreaterThan(5000); // Moscow at ≈ 1,500 a day
    const lengths = bg.map((r) => textOf(r).length).sort((a, b) => a - b);
    // The appeals' median is ~310 characters; templates' ~100.
    expect(lengths[lengths.length >> 1]).toBeGreaterThan(200);
    for (const r of bg) {
      const t = textOf(r);
      expect(CONTROL.test(t)).toBe(false);
      expect(t).not.toMatch(/(?<![А-Яа-яЁё-])Курск(?:а|е|у|ом)?(?![А-Яа-яЁё-])/);
      // Троицк is also a district of Moscow, which district mentions may name.
      if (r.meta.district === undefined)
        expect(t).not.toMatch(/(?<![А-Яа-яЁё-])Троицк(?:а|е|у|ом)?(?![А-Яа-яЁё-])/);
    }
    const vocabulary = new Set(bg.flatMap((r) => norm(textOf(r)).match(/[а-я]+/g) ?? []));
    expect(vocabulary.size).toBeGreaterThan(10_000);
  });

  it("rarely repeat: under the product's own MinHash measure, < 1% of background messages are near-duplicates", () => {
    const normalise = createNormaliser();
    const voices = new NearDuplicates();
    const merged: Record<string, number> = {};
    const total: Record<string, number> = {};
    const valid = recs
      .filter((r) => r.valid)
      .sort((a, b) => (a.meta.eventTimeMs ?? 0) - (b.meta.eventTimeMs ?? 0));
    for (const r of valid) {
      const o = JSON.parse(r.line) as {
        id: string;
        source: string;
        created_at: string;
        text: string;
        author?: string;
      };
      const eventTimeMs = r.meta.eventTimeMs ?? 0;
      const doc = normalise({
        id: o.id,
        source: o.source,
        createdAt: o.created_at,
        eventTimeMs,
        text: o.text,
      });
      const own = o.author ?? `\u0000${o.id}`;
      const kind = r.meta.ref?.startsWith('campaign') ? 'campaign' : r.meta.kind;
      total[kind] = (total[kind] ?? 0) + 1;
      if (voices.voiceOf({ municipality: '45000000', eventTimeMs, author: own, stems: doc.stems }) !== own)
        merged[kind] = (merged[kind] ?? 0) + 1;
    }
    // Measured (seed 3): background 0.4 %, incidents 4 %, campaign 98 % — as on template texts (0.4 %, 6.5 %).
    expect((merged.background ?? 0) / (total.background ?? 1)).toBeLessThan(0.01);
    expect((merged.incident ?? 0) / (total.incident ?? 1)).toBeLessThan(0.1);
    expect((merged.campaign ?? 0) / (total.campaign ?? 1)).toBeGreaterThan(0.8);
  });

  it('incidents: many authors on one story, its words and street in the messages, not copies', () => {
    expect(truth.incidents).toHaveLength(4);
    for (const inc of truth.incidents) {
      const texts = inc.messageIds.map((id) => norm(String(lines.get(id)?.text)));
      expect(texts.length).toBe(inc.messages);
      expect(texts.filter((t) => t.includes(norm(inc.streetName))).length / texts.length).toBeGreaterThan(
        0.8,
      );
      const withWord = texts.filter((t) => inc.words.some((w) => t.includes(norm(w)))).length;
      expect(withWord / texts.length).toBeGreaterThan(0.7);
      expect(new Set(texts).size).toBeGreaterThan(0.95 * texts.length);
    }
  });

  it('floods stay copy-paste: a bot repeats one real complaint, a campaign one long real appeal', () => {
    for (const f of truth.floods) {
      const texts = f.messageIds.map((id) =>
        norm(String(lines.get(id)?.text))
          .replace(/[^а-яa-z ]/g, '')
          .replace(/^срочно /, '')
          .replace(/ повторно$/, '')
          .trim(),
      );
      expect(new Set(texts).size).toBeLessThanOrEqual(3);
      if (f.kind === 'campaign') expect((texts[0] ?? '').split(' ').length).toBeGreaterThanOrEqual(40);
    }
  });
});
