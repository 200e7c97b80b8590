// Run: npx tsx scripts/build-districts.ts [../shared/data/geo/oktmo-municipal-formations.json] [fixtures/geo/districts.json]
/**
 * Builds fixtures/geo/districts.json: the inner districts that OKTMO lists below six of our municipalities
 * (Москва, Санкт-Петербург, Севастополь, Самара, Челябинск, Махачкала).
 *
 * A parent is every OKTMO entry whose name starts with "Внутригородские"; its children are the entries whose
 * code starts with the parent's code without its trailing zeros (45300000 → "453…"). The "(см. также …)" parents
 * 45900000 and 40900000 hold further children (Moscow's south and New Moscow, the rest of St Petersburg), so they
 * are read too. A parent belongs to the municipality whose code is the parent's with its 3rd digit (federal cities,
 * 45300000 → 45000000) or its 6th digit (urban okrugs, 36701300 → 36701000) set to 0; the build fails if that
 * municipality is not in the gazetteer. Every child is kept: муниципальные округа (Moscow's "муниципальное
 * образование Савелки" included as one), Moscow's поселения and its two городские округа (Троицк, Щербинка; they
 * are not municipalities of their own in our gazetteer), St Petersburg's towns and settlements, Sevastopol's
 * Инкерман, and the внутригородские районы of the three cities. Output is sorted by code and written to a temp
 * file, then renamed.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

import type { DistrictKind } from '../src/geo/districts.ts';

interface District {
  code: string;
  name: string;
  municipality: string;
  kind: DistrictKind;
}

const [src = '../shared/data/geo/oktmo-municipal-formations.json', out = 'fixtures/geo/districts.json'] =
  process.argv.slice(2);
const gazetteerPath = 'fixtures/geo/municipalities.json';

const oktmo = JSON.parse(readFileSync(src, 'utf8')) as Record<string, string>;
const municipalities = new Set(
  (JSON.parse(readFileSync(gazetteerPath, 'utf8')) as { code: string }[]).map((m) => m.code),
);

/** "45301000(6)" → "45301000". */
function codeOf(key: string): string {
  const m = /^(\d{8})\(\d\)$/.exec(key);
  if (!m?.[1]) throw new Error(`unexpected OKTMO key ${JSON.stringify(key)}`);
  return m[1];
}

function municipalityOf(parent: string): string {
  const federal = `${parent.slice(0, 2)}000000`;
  if (/^\d\d[39]0{5}$/.test(parent)) return federal;
  if (/^\d{5}300$/.test(parent)) return `${parent.slice(0, 5)}000`;
  throw new Error(`cannot place parent ${parent}`);
}

/** OKTMO prefixes (or suffixes) naming a child's kind: "поселение Кокошкино", "Балаклавский муниципальный округ". */
const KIND_BY_PREFIX: readonly [RegExp, DistrictKind][] = [
  [/^муниципальн(?:ый округ|ое образование) (.+)$/, 'муниципальный округ'],
  [/^(.+) муниципальный округ$/, 'муниципальный округ'],
  [/^поселение (.+)$/, 'поселение'],
  [/^городской округ (.+)$/, 'городской округ'],
  [/^город (.+)$/, 'город'],
  [/^поселок (.+)$/, 'посёлок'],
];

/** OKTMO's child name → display name and kind (the parent tells внутригородские районы apart). */
function classify(raw: string, parentName: string): { name: string; kind: DistrictKind } {
  const s = raw.replace(/\s+/g, ' ').replace(/[«»"]/g, '').trim();
  for (const [re, kind] of KIND_BY_PREFIX) {
    const name = re.exec(s)?.[1];
    if (name === undefined) continue;
    // "муниципальный округ № 7" → "МО № 7": a bare number is no name.
    return { name: /^№ ?\d+$/.test(name) ? `МО № ${name.replace(/^№ ?/, '')}` : name, kind };
  }
  if (/районы/.test(parentName)) return { name: / район$/.test(s) ? s : `${s} район`, kind: 'район' };
  throw new Error(`unclassified OKTMO child ${JSON.stringify(raw)}`);
}

const entries = Object.entries(oktmo).map(([key, name]) => ({ code: codeOf(key), name }));
const parents = entries.filter((e) => e.name.startsWith('Внутригородские'));
const districts: District[] = [];
for (const parent of parents) {
  const municipality = municipalityOf(parent.code);
  if (!municipalities.has(municipality)) {
    throw new Error(`parent ${parent.code} maps to ${municipality}, which is not in ${gazetteerPath}`);
  }
  const prefix = parent.code.replace(/0+$/, '');
  for (const e of entries) {
    if (e.code === parent.code || !e.code.startsWith(prefix)) continue;
    const { name, kind } = classify(e.name, parent.name);
    districts.push({ code: e.code, name, municipality, kind });
  }
}
districts.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
const seen = new Set<string>();
for (const d of districts) {
  if (seen.has(d.code)) throw new Error(`duplicate district ${d.code}`);
  seen.add(d.code);
}

const json = `[\n${districts.map((d) => `  ${JSON.stringify(d)}`).join(',\n')}\n]\n`;
writeFileSync(`${out}.tmp`, json);
renameSync(`${out}.tmp`, out);
const perCity = new Map<string, number>();
for (const d of districts) perCity.set(d.municipality, (perCity.get(d.municipality) ?? 0) + 1);
console.log(`${districts.length} districts → ${out}`, Object.fromEntries(perCity));
