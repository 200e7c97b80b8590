/**
 * Cost of the emerging-terms stage, with and without word pairs (not a test: no timing assertions). Run:
 *   npx tsx bench/emerging-pairs.ts [--days 60] [--municipalities 120] [--seed 1] [--rounds 3]
 * Generates a stream (source/generator), normalises and classifies it *outside* the timing, sorts it by event
 * time, then times only EmergingTerms.add + advance (watermark 10 minutes behind the newest message), with
 * `pairs: false` and `pairs: true`, alternating, best of `rounds`. Prints one JSON line per variant: messages,
 * µs per message, bursts (words / pairs, municipality / region), state size (snapshot bytes).
 */
import { parseArgs } from 'node:util';
import { createTopicClassifier } from '../src/classify/topic.ts';
import { EmergingTerms, type EmergingTermsOptions, type TermDoc } from '../src/detect/emerging-terms.ts';
import { createNormaliser } from '../src/normalise/index.ts';
import type { TermBurst } from '../src/records.ts';
import { generateStream } from '../src/source/generator/index.ts';
import { parseMessage } from '../src/source/parse.ts';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '60' },
    municipalities: { type: 'string', default: '120' },
    seed: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '3' },
  },
});
const normalise = createNormaliser();
const classify = createTopicClassifier();
const docs: TermDoc[] = [];
const { records } = generateStream({
  days: Number(values.days),
  municipalities: Number(values.municipalities),
  seed: Number(values.seed),
});
for (const r of records) {
  if (!r.valid) continue;
  const parsed = parseMessage(
    { raw: r.line, origin: { kind: 'generator', seq: docs.length } },
    Date.parse('2030-01-01'),
  );
  if (!parsed.ok) continue;
  const m = parsed.message;
  if (m.municipality === undefined) continue;
  const d = normalise(m);
  docs.push({
    id: d.id,
    municipality: m.municipality,
    region: m.region ?? '',
    topic: classify(d).topic,
    eventTimeMs: d.eventTimeMs,
    ...(d.author !== undefined ? { author: d.author } : {}),
    tokens: d.tokens,
    stems: d.stems,
  });
}
docs.sort((a, b) => a.eventTimeMs - b.eventTimeMs);

function runOnce(pairs: boolean): { ms: number; out: TermBurst[]; terms: EmergingTerms } {
  const terms = new EmergingTerms({ pairs } as Partial<EmergingTermsOptions>);
  const out: TermBurst[] = [];
  const t0 = performance.now();
  for (const d of docs) {
    terms.add(d);
    out.push(...terms.advance(d.eventTimeMs - 600_000));
  }
  out.push(...terms.flush());
  return { ms: performance.now() - t0, out, terms };
}

const rounds = Number(values.rounds);
const best = new Map<boolean, { ms: number; out: TermBurst[]; terms: EmergingTerms }>();
for (let r = 0; r < rounds; r++)
  for (const pairs of [false, true]) {
    const res = runOnce(pairs);
    const prev = best.get(pairs);
    if (prev === undefined || res.ms < prev.ms) best.set(pairs, res);
  }
for (const [pairs, { ms, out, terms }] of best) {
  const isPair = (b: TermBurst) => b.stem.includes(' ');
  console.log(
    JSON.stringify({
      pairs,
      messages: docs.length,
      ms: Math.round(ms),
      usPerMessage: Number(((ms * 1000) / docs.length).toFixed(2)),
      wordBursts: out.filter((b) => !isPair(b)).length,
      pairBursts: out.filter(isPair).length,
      regionBursts: out.filter((b) => b.scope === 'region').length,
      snapshotBytes: JSON.stringify(terms.snapshot()).length,
      stats: terms.stats(),
    }),
  );
}
