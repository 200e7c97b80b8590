/**
 * Quality of stories and explanations against the generator's truth (issue 5), as JSON lines:
 *
 *   npx tsx bench/cluster-quality.ts [--days 120] [--municipalities 30] [--seeds 1,2]
 *
 * - `ari`, `purity`: the pipeline's stories (cluster/stories.ts) against the generator's stories — each injected
 *   incident, bot flood and campaign is one story. ARI (Hubert & Arabie) over the messages of the generator's
 *   stories; purity over the pipeline's stories that hold any of them, background messages counting as a label
 *   of their own (a story that swallowed the town's chatter is impure).
 * - `explanation_term_hit`, `explanation_street_hit`: for each incident, the explanation (cluster/explain.ts) of its
 *   municipality and topic over the incident's span, against the 28 days before: does one of the incident's
 *   distinctive words appear among the top 5 terms, and is its street the first street named?
 * - `floods_collapsed`: share of floods and campaigns whose messages mostly sit in one story flagged as a flood or
 *   campaign.
 */
import { parseArgs } from 'node:util';
import defaultPipeline from '../pipelines/default.ts';
import { fixedClock } from '../src/clock.ts';
import { type ExplainMessage, explain } from '../src/cluster/explain.ts';
import { normalizePipeline } from '../src/config.ts';
import { createDistrictMatcher, loadDistricts } from '../src/geo/districts.ts';
import { isStopwordRu, normaliseText, stemRu, tokenize } from '../src/normalise/index.ts';
import { createProcessor } from '../src/pipeline/process.ts';
import type { ClassifiedDoc, Story } from '../src/records.ts';
import { loadGazetteer } from '../src/reference/gazetteer.ts';
import { generateStream } from '../src/source/generator/index.ts';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '120' },
    municipalities: { type: 'string', default: '30' },
    seeds: { type: 'string', default: '1,2' },
    /** Print the incidents whose explanation missed (words, street, what it gave). */
    verbose: { type: 'boolean', default: false },
  },
});

const DAY_MS = 86_400_000;
const gazetteer = loadGazetteer();

/** Adjusted Rand index of two labelings of the same items (Hubert & Arabie 1985). */
export function adjustedRandIndex(a: readonly string[], b: readonly string[]): number {
  const pairs = (n: number) => (n * (n - 1)) / 2;
  const cont = new Map<string, number>();
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    cont.set(`${x}\u0000${y}`, (cont.get(`${x}\u0000${y}`) ?? 0) + 1);
    rows.set(x, (rows.get(x) ?? 0) + 1);
    cols.set(y, (cols.get(y) ?? 0) + 1);
  }
  let index = 0;
  for (const n of cont.values()) index += pairs(n);
  let sa = 0;
  for (const n of rows.values()) sa += pairs(n);
  let sb = 0;
  for (const n of cols.values()) sb += pairs(n);
  const expected = (sa * sb) / pairs(a.length);
  const max = (sa + sb) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

const stemsOf = (text: string) =>
  tokenize(normaliseText(text))
    .filter((t) => !isStopwordRu(t))
    .map(stemRu);

for (const seed of values.seeds.split(',').map(Number)) {
  const days = Number(values.days);
  const municipalities = Number(values.municipalities);
  const t0 = performance.now();
  const gen = generateStream({ days, municipalities, seed, campaigns: 20 });
  const processor = createProcessor(normalizePipeline(defaultPipeline), {
    gazetteer,
    clock: fixedClock(Date.parse('2025-01-01T00:00:00Z') + (days + 3) * DAY_MS),
    districts: createDistrictMatcher(loadDistricts()),
  });
  const messages: ClassifiedDoc[] = [];
  const stories = new Map<string, Story>();
  const keep = (out: { messages: ClassifiedDoc[]; lateMessages: ClassifiedDoc[]; stories: Story[] }) => {
    messages.push(...out.messages, ...out.lateMessages);
    for (const s of out.stories) stories.set(s.id, s);
  };
  let batch: { raw: string; origin: { kind: 'file'; file: string; line: number } }[] = [];
  let line = 0;
  for (const r of gen.records) {
    batch.push({ raw: r.line, origin: { kind: 'file', file: 'gen', line: ++line } });
    if (batch.length === 20_000) {
      keep(processor.process(batch));
      batch = [];
    }
  }
  keep(processor.process(batch));
  keep(processor.finish());
  const truth = gen.truth();

  // Stories: the generator's (incidents, floods, campaigns) against the pipeline's.
  const truthOf = new Map<string, string>();
  for (const inc of truth.incidents) for (const id of inc.messageIds) truthOf.set(id, inc.id);
  for (const f of truth.floods) for (const id of f.messageIds) truthOf.set(id, f.id);
  const byId = new Map(messages.map((m) => [m.id, m]));
  const truthLabels: string[] = [];
  const predicted: string[] = [];
  for (const [id, label] of truthOf) {
    const m = byId.get(id);
    if (!m) continue; // dead-lettered or deduplicated
    truthLabels.push(label);
    predicted.push(m.storyId ?? `none:${id}`);
  }
  const ari = adjustedRandIndex(truthLabels, predicted);
  const touched = new Set(predicted);
  const members = new Map<string, Map<string, number>>();
  for (const m of messages) {
    if (!m.storyId || !touched.has(m.storyId)) continue;
    const label = truthOf.get(m.id) ?? 'background';
    const c = members.get(m.storyId) ?? new Map<string, number>();
    c.set(label, (c.get(label) ?? 0) + 1);
    members.set(m.storyId, c);
  }
  let majority = 0;
  let total = 0;
  for (const c of members.values()) {
    majority += Math.max(...c.values());
    for (const n of c.values()) total += n;
  }

  // Floods and campaigns: one flagged story each.
  let collapsed = 0;
  for (const f of truth.floods) {
    const counts = new Map<string, number>();
    for (const id of f.messageIds) {
      const s = byId.get(id)?.storyId;
      if (s) counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    const [top, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    const kind = stories.get(top)?.kind;
    if (n >= f.messageIds.length / 2 && (kind === 'flood' || kind === 'campaign')) collapsed++;
    else if (values.verbose)
      console.error(
        JSON.stringify({
          flood: f.id,
          kind: f.kind ?? 'bot',
          messages: f.messageIds.length,
          in_top: n,
          story: stories.get(top),
        }),
      );
  }

  // Explanations of the incidents' windows.
  const byKey = new Map<string, ClassifiedDoc[]>();
  for (const m of messages) {
    const k = `${m.municipalityCode}\u0000${m.topic}`;
    const l = byKey.get(k) ?? [];
    l.push(m);
    byKey.set(k, l);
  }
  const byPlace = new Map<string, ClassifiedDoc[]>();
  for (const m of messages) {
    const l = byPlace.get(m.municipalityCode) ?? [];
    l.push(m);
    byPlace.set(m.municipalityCode, l);
  }
  const asExplain = (m: ClassifiedDoc): ExplainMessage => ({
    id: m.id,
    text: m.text,
    author: m.author ?? null,
    eventTimeMs: m.eventTimeMs,
    storyId: m.storyId ?? null,
  });
  let termHits = 0;
  let streetHits = 0;
  let explained = 0;
  for (const inc of truth.incidents) {
    const all = byKey.get(`${inc.municipality}\u0000${inc.topic}`) ?? [];
    const target = all.filter((m) => m.eventTimeMs >= inc.startMs && m.eventTimeMs < inc.endMs);
    if (target.length === 0) continue;
    // As the store reads it (explainInputs): the place and topic over the 28 days before; when that is thin, all
    // the place's topics; fewer still, the place's 28 days from a day after as well.
    const before = (m: ClassifiedDoc) =>
      m.eventTimeMs < inc.startMs && m.eventTimeMs >= inc.startMs - 28 * DAY_MS;
    const after = (m: ClassifiedDoc) =>
      m.eventTimeMs >= inc.endMs + DAY_MS && m.eventTimeMs < inc.endMs + 29 * DAY_MS;
    let reference = all.filter(before).slice(-3000);
    if (reference.length < 200) reference = (byPlace.get(inc.municipality) ?? []).filter(before).slice(-3000);
    if (reference.length < 200)
      reference = reference.concat(all.filter(after).slice(0, 3000 - reference.length));
    const e = explain(target.slice(0, 2000).map(asExplain), reference.map(asExplain), stories);
    explained++;
    const words = new Set(inc.words.flatMap(stemsOf));
    const top = e.terms.slice(0, 5).flatMap((t) => t.stem.split(' '));
    const termHit = top.some((s) => words.has(s));
    // On stems: «ул. Крупской» may be read back as «ул. Крупская» (the extractor cannot tell a surname from an adjective).
    const street = stemsOf(inc.streetName).join(' ');
    const streetHit = stemsOf(e.streets[0]?.label ?? '')
      .join(' ')
      .includes(street);
    if (termHit) termHits++;
    if (streetHit) streetHits++;
    if (values.verbose && (!termHit || !streetHit))
      console.error(
        JSON.stringify({
          incident: inc.id,
          words: inc.words,
          street: inc.street,
          messages: target.length,
          reference: reference.length,
          incident_messages: inc.messageIds.length,
          terms: e.terms.slice(0, 5).map((t) => t.term),
          streets: e.streets.map((s) => s.label),
        }),
      );
  }

  console.log(
    JSON.stringify({
      unit: 'stories',
      seed,
      days,
      municipalities,
      messages: messages.length,
      stories: stories.size,
      story_messages: truthLabels.length,
      ari: Number(ari.toFixed(3)),
      purity: Number((majority / Math.max(total, 1)).toFixed(3)),
      incidents: explained,
      explanation_term_hit: Number((termHits / Math.max(explained, 1)).toFixed(3)),
      explanation_street_hit: Number((streetHits / Math.max(explained, 1)).toFixed(3)),
      floods: truth.floods.length,
      floods_collapsed: Number((collapsed / Math.max(truth.floods.length, 1)).toFixed(3)),
      seconds: Number(((performance.now() - t0) / 1000).toFixed(1)),
    }),
  );
}
