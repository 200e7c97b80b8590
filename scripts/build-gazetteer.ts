/**
 * Builds fixtures/geo/municipalities.json from the real gazetteer (../shared/data/geo/cities.csv,
 * "Города России, hflabs/city", CC BY-SA 4.0). Run once when the source changes:
 *   npx tsx scripts/build-gazetteer.ts ../shared/data/geo/cities.csv fixtures/geo/municipalities.json
 * A municipality is keyed by the 8-digit OKTMO code of its municipal formation (the first 8 of the
 * 11-digit settlement code). Where two cities share one formation (merged urban okrugs) the formation
 * gets the larger city's name and centre and the sum of the populations.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

const [src = '../shared/data/geo/cities.csv', out = 'fixtures/geo/municipalities.json'] =
  process.argv.slice(2);
const [header = [], ...rows] = parseCsv(readFileSync(src, 'utf8'));
const col = (name: string) => {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`column ${name} missing in ${src}`);
  return i;
};
const c = Object.fromEntries(
  [
    'address',
    'federal_district',
    'region_type',
    'region',
    'city',
    'kladr_id',
    'oktmo',
    'timezone',
    'geo_lat',
    'geo_lon',
    'population',
  ].map((n) => [n, col(n)]),
) as Record<string, number>;
const get = (r: string[], n: string) => r[c[n] as number] ?? '';

interface Out {
  code: string;
  name: string;
  region: string;
  regionName: string;
  federalDistrict: string;
  population: number;
  lat: number;
  lon: number;
  utcOffsetMin: number;
}
const byCode = new Map<string, Out & { maxPop: number }>();
for (const r of rows) {
  if (r.length < header.length) continue;
  const code = get(r, 'oktmo').slice(0, 8);
  const name = get(r, 'city') || get(r, 'address').replace(/^(?:.*, )?г /, '');
  const tz = /^UTC([+-]\d+)$/.exec(get(r, 'timezone'));
  if (!tz?.[1]) throw new Error(`bad timezone for ${name}: ${get(r, 'timezone')}`);
  const regionType = get(r, 'region_type');
  const regionBase = get(r, 'region');
  const regionName = regionType === 'г' ? regionBase : `${regionBase} ${regionType}`.trim();
  const pop = Number(get(r, 'population'));
  const m: Out & { maxPop: number } = {
    code,
    name,
    region: get(r, 'kladr_id').slice(0, 2),
    regionName,
    federalDistrict: get(r, 'federal_district'),
    population: pop,
    lat: Number(get(r, 'geo_lat')),
    lon: Number(get(r, 'geo_lon')),
    utcOffsetMin: Number(tz[1]) * 60,
    maxPop: pop,
  };
  const prev = byCode.get(code);
  if (!prev) byCode.set(code, m);
  else if (pop > prev.maxPop) byCode.set(code, { ...m, population: prev.population + pop });
  else prev.population += pop;
}
const list = [...byCode.values()]
  .map(({ maxPop: _, ...m }) => m)
  .sort((a, b) => a.code.localeCompare(b.code));
writeFileSync(`${out}.tmp`, `${JSON.stringify(list, null, 0).replace(/},{/g, '},\n{')}\n`);
renameSync(`${out}.tmp`, out);
console.log(`${list.length} municipalities → ${out}`);
