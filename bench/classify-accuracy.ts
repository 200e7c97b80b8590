/**
 * Topic classification accuracy and normaliser/classifier throughput. Prints one JSON object per line.
 *
 *   npx tsx bench/classify-accuracy.ts                 # figures
 *   npx tsx bench/classify-accuracy.ts --write-model   # also retrain on all Kursk rows → fixtures/models/topic-model.json
 *   options: --k 10 (folds), --per-topic 200 (generator texts per topic), --no-speed,
 *            --router (also: a department router trained on the text, same folds; ~1.5× the CV's time),
 *            --nested (also: hyper-parameters chosen per outer fold by an inner 3-fold CV; ~10× the CV's time)
 *
 * The real-text figure (`real_accuracy`) is k-fold cross-validated over both labelled Kursk files
 * (fixtures/ru/appeals-kursk-dev.csv + appeals-kursk-extra.csv, 1,984 appeals): every appeal is scored by a model
 * that never saw it, nor an identical text (duplicates share a fold). No generator text is in it; the shipped model
 * (trained on all Kursk rows) is scored on the generator's texts separately. Hyper-parameters are the trainer's
 * defaults, not tuned on these folds (docs/classification.md). Caveat: the lexicons in fixtures/topics.json were
 * written partly from errors on the dev file, so the figure is somewhat optimistic on its rows.
 * Peer: bench/peers/classify_sklearn.py runs scikit-learn on the same folds.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { accuracyReport, crossValidate, nestedCrossValidate } from '../src/classify/cross-validate.ts';
import { crossValidateRouter, heldOutDepartmentAccuracy } from '../src/classify/department-routing.ts';
import { loadAllKurskAppeals, loadKurskAppeals, trainingLabel } from '../src/classify/kursk-appeals.ts';
import { compileLexicon, scoreLexiconInto } from '../src/classify/lexicon.ts';
import { createTopicClassifier, DEFAULT_MIN_TOPIC_CONFIDENCE } from '../src/classify/topic.ts';
import { topicExample } from '../src/classify/topic-features.ts';
import { DEFAULT_TOPIC_MODEL_PATH, loadTopicModel } from '../src/classify/topic-model.ts';
import { trainTopicModel } from '../src/classify/train-topic-model.ts';
import { createNormaliser } from '../src/normalise/index.ts';
import type { Message, TopicId } from '../src/records.ts';
import { loadTopics } from '../src/reference/topics.ts';

const args = process.argv.slice(2);
const argValue = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const k = argValue('--k', 10);
const perTopic = argValue('--per-topic', 200);
const print = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);
const msg = (id: string, text: string): Message => ({
  id,
  source: 'bench',
  createdAt: '',
  eventTimeMs: 0,
  text,
});

const topics = loadTopics();
const classes = topics.map((t) => t.id);
const normalise = createNormaliser();
const appeals = loadAllKurskAppeals();
const docs0 = appeals.map((a) => normalise(msg(a.id, a.text)));
const examples = appeals.map((a, i) => topicExample(docs0[i] as (typeof docs0)[number], a.topic));
// Identical texts (after normalisation) are held out together: 18 appeals were sent twice.
const groups = docs0.map((d) => d.stems.join(' '));
const devRows = loadKurskAppeals().length; // loadAllKurskAppeals lists the dev file's rows first

// 1. Kursk (both files), cross-validated.
const t0 = performance.now();
const relabelForTraining = (ex: { features: readonly string[]; label: TopicId }) =>
  trainingLabel(ex.features, ex.label);
const preds = crossValidate(examples, topics, k, { relabelForTraining, groups });
const cvMs = performance.now() - t0;
const withOther = accuracyReport(preds, DEFAULT_MIN_TOPIC_CONFIDENCE);
const departmentAccuracy = heldOutDepartmentAccuracy(
  preds.map((p) => ({
    ...p,
    predicted: p.confidence >= DEFAULT_MIN_TOPIC_CONFIDENCE ? p.predicted : 'other',
  })),
  appeals.map((a) => ({ topic: a.topic, department: a.responsible })),
);
print({
  bench: 'classify-accuracy',
  set: 'kursk-dev+extra',
  method: `${k}-fold cross-validation over both labelled Kursk files (duplicates share a fold), minConfidence ${DEFAULT_MIN_TOPIC_CONFIDENCE}`,
  n: withOther.n,
  real_accuracy: round(withOther.accuracy),
  real_accuracy_argmax: round(accuracyReport(preds).accuracy),
  recall: withOther.recall,
  department_accuracy: round(departmentAccuracy),
  department_method:
    "predicted topic → the department that most often handled that topic in the other folds' appeals (Kursk `responsible`)",
  cvMs: Math.round(cvMs),
  caveat:
    'fixtures/topics.json lexicons (a prior feature of the model) were written partly from errors on the dev file, so the figure is somewhat optimistic on its rows; hyper-parameters are the defaults, not tuned on these folds',
});
if (args.includes('--router')) {
  const t1 = performance.now();
  const routed = crossValidateRouter(
    examples,
    appeals.map((a) => a.responsible),
    k,
    { groups },
  );
  print({
    bench: 'classify-accuracy',
    set: 'kursk-dev+extra',
    method: `${k}-fold CV of a router: the topic model's features and trainer with the departments as classes (no lexicon, no class weights)`,
    department_accuracy_router: round(routed),
    ms: Math.round(performance.now() - t1),
  });
}
if (args.includes('--nested')) {
  // The settings the defaults were compared with (docs/classification.md); the first is the default.
  const grid = [{}, { l2: 0.3 }, { classWeightCap: 0 }];
  const t1 = performance.now();
  const nested = nestedCrossValidate(examples, topics, k, grid, { relabelForTraining, groups, innerK: 3 });
  print({
    bench: 'classify-accuracy',
    set: 'kursk-dev+extra',
    method: `nested ${k}-fold CV: per outer fold, the setting of ${JSON.stringify(grid)} with the best inner 3-fold CV accuracy on the outer training part`,
    real_accuracy_nested: round(accuracyReport(nested.preds, DEFAULT_MIN_TOPIC_CONFIDENCE).accuracy),
    chosen: nested.choices.map((c) => c.chosen),
    innerAccuracy: nested.choices.map((c) => c.innerAccuracy.map(round)),
    ms: Math.round(performance.now() - t1),
  });
}
// The same held-out predictions restricted to each file (the dev-file figure is comparable to the old bench's).
for (const [name, keep] of [
  ['kursk-dev', (i: number) => i < devRows],
  ['kursk-extra', (i: number) => i >= devRows],
] as const) {
  const part = preds.filter((p) => keep(p.index));
  print({
    bench: 'classify-accuracy',
    set: name,
    method: `the ${k}-fold predictions above, rows of one file`,
    n: part.length,
    accuracy: round(accuracyReport(part, DEFAULT_MIN_TOPIC_CONFIDENCE).accuracy),
  });
}
// The Kursk taxonomy (fine topics, fixtures/ru/kursk-topic-map.tsv) has no hot-water kind: "нет горячей воды"
// appeals are filed under water supply or heating there. The second figure scores against the labels mapped to our
// taxonomy (trainingLabel: such rows → hot_water); the strict figure above keeps the Kursk labels.
const kurskTaxonomy = preds.map((p) => ({
  ...p,
  label: trainingLabel((examples[p.index] as (typeof examples)[number]).features, p.label),
}));
const kt = accuracyReport(kurskTaxonomy, DEFAULT_MIN_TOPIC_CONFIDENCE);
print({
  bench: 'classify-accuracy',
  set: 'kursk-dev+extra',
  method: `${k}-fold cross-validation, labels mapped to our taxonomy (hot-water rows → hot_water)`,
  n: kt.n,
  accuracy: round(kt.accuracy),
  accuracyArgmax: round(accuracyReport(kurskTaxonomy).accuracy),
  recall: kt.recall,
});
print({
  bench: 'classify-accuracy',
  set: 'kursk-dev+extra',
  method: `${k}-fold cross-validation, accuracy by minConfidence`,
  sweep: Object.fromEntries(
    [0, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5].map((th) => [th, round(accuracyReport(preds, th).accuracy)]),
  ),
});

// 2. Lexicon alone (no learned weights): the baseline the model has to beat; no training, so no leak.
{
  const lex = compileLexicon(topics);
  const buf = new Float64Array(classes.length);
  let ok = 0;
  for (const ex of examples) {
    scoreLexiconInto(lex, ex.features, buf);
    let best = classes.indexOf('other');
    for (let c = 0; c < buf.length; c++) if ((buf[c] as number) > (buf[best] as number)) best = c;
    if (classes[best] === ex.label) ok++;
  }
  print({
    bench: 'classify-accuracy',
    set: 'kursk-dev+extra',
    method: 'lexicon only',
    n: examples.length,
    accuracy: round(ok / examples.length),
  });
}

// 3. Optionally retrain the shipped model on all rows (write to a temp file, then rename).
if (args.includes('--write-model')) {
  const training = examples.map((ex) => ({ ...ex, label: relabelForTraining(ex) }));
  const model = trainTopicModel(training, classes, compileLexicon(topics), {
    trainedOn: `fixtures/ru/appeals-kursk-dev.csv + appeals-kursk-extra.csv (${examples.length} rows; hot-water rows relabelled hot_water) + fixtures/topics.json lexicons`,
  });
  const tmp = `${DEFAULT_TOPIC_MODEL_PATH}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(model)}\n`);
  renameSync(tmp, DEFAULT_TOPIC_MODEL_PATH);
  print({
    bench: 'classify-accuracy',
    wroteModel: DEFAULT_TOPIC_MODEL_PATH,
    wordFeatures: Object.keys(model.weights).length,
    charGrams: Object.keys(model.grams).length,
    jsonBytes: JSON.stringify(model).length + 1,
  });
}

// 4. The generator's texts, balanced: composeText per topic (topic known because we ask for it), shipped model.
const classify = createTopicClassifier({ model: loadTopicModel() });
const generated = await generatorTexts(perTopic);
if (generated) {
  const byTopic = new Map<string, { ok: number; n: number }>();
  let ok = 0;
  for (const g of generated) {
    const r = classify(normalise(msg('g', g.text)));
    const s = byTopic.get(g.topic) ?? { ok: 0, n: 0 };
    s.n++;
    if (r.topic === g.topic) {
      s.ok++;
      ok++;
    }
    byTopic.set(g.topic, s);
  }
  print({
    bench: 'classify-accuracy',
    set: 'generator-balanced',
    method: 'shipped model (never trained on generator texts), composeText, equal texts per topic',
    n: generated.length,
    accuracy: round(ok / generated.length),
    recall: Object.fromEntries([...byTopic].map(([t, s]) => [t, round(s.ok / s.n)])),
  });
} else {
  print({
    bench: 'classify-accuracy',
    set: 'generator',
    skipped: 'src/source/generator/compose-text.ts not available',
  });
}

// 4b. The generator's stream (generateStream): its records carry the true topic and municipality in `meta`.
await generatorStreamFigures();

// 5. Throughput on ~270-character messages.
if (!args.includes('--no-speed')) {
  const texts = (generated?.map((g) => g.text) ?? appeals.map((a) => a.text)).map((t) => fitLength(t, 270));
  const msgs = texts.map((t, i) => msg(String(i), t));
  const n = 300_000;
  const fresh = createNormaliser();
  for (let i = 0; i < 20_000; i++) fresh(msgs[i % msgs.length] as Message); // warm-up (JIT, stem table)
  let t = performance.now();
  for (let i = 0; i < n; i++) fresh(msgs[i % msgs.length] as Message);
  const normPerS = n / ((performance.now() - t) / 1000);
  const docs = msgs.map((m) => fresh(m));
  for (let i = 0; i < 20_000; i++) classify(docs[i % docs.length] as (typeof docs)[number]);
  t = performance.now();
  for (let i = 0; i < n; i++) classify(docs[i % docs.length] as (typeof docs)[number]);
  const clsPerS = n / ((performance.now() - t) / 1000);
  print({
    bench: 'classify-throughput',
    messageChars: 270,
    distinctMessages: msgs.length,
    normaliserMsgPerS: Math.round(normPerS),
    classifierMsgPerS: Math.round(clsPerS),
    bothMsgPerS: Math.round(1 / (1 / normPerS + 1 / clsPerS)),
  });
  // natural's BayesClassifier.classify(), for comparison (trained on the same stems).
  const require = createRequire(import.meta.url);
  const BayesClassifier = require('natural/lib/natural/classifiers/bayes_classifier.js') as new () => {
    addDocument(d: string[], label: string): void;
    train(): void;
    classify(d: string[]): string;
  };
  const bayes = new BayesClassifier();
  for (const ex of examples) bayes.addDocument([...ex.features], ex.label);
  bayes.train();
  const m = 2000;
  t = performance.now();
  for (let i = 0; i < m; i++) bayes.classify((docs[i % docs.length] as (typeof docs)[number]).stems);
  print({
    bench: 'classify-throughput',
    naturalBayesClassifyMsgPerS: Math.round(m / ((performance.now() - t) / 1000)),
  });
}

async function generatorStreamFigures(): Promise<void> {
  let gen: typeof import('../src/source/generator/index.ts');
  try {
    gen = await import('../src/source/generator/index.ts');
  } catch (e) {
    print({ bench: 'classify-accuracy', set: 'generator-stream', skipped: (e as Error).message });
    return;
  }
  const { createGeoResolver } = await import('../src/classify/geo.ts');
  const { loadGazetteer } = await import('../src/reference/gazetteer.ts');
  const resolveGeo = createGeoResolver(loadGazetteer());
  const opts = { days: 14, municipalities: 60, seed: 7 };
  const byTopic = new Map<string, { ok: number; n: number }>();
  const byGeoMethod: Record<string, { ok: number; n: number }> = {};
  let ok = 0;
  let n = 0;
  for (const rec of gen.generateStream(opts).records) {
    if (!rec.valid || rec.meta.kind === 'invalid' || !rec.meta.topic) continue;
    const o = JSON.parse(rec.line) as Record<string, unknown>;
    if (typeof o.text !== 'string') continue;
    const m: Message = {
      ...msg(String(o.id), o.text),
      ...(typeof o.municipality === 'string' && { municipality: o.municipality }),
      ...(typeof o.region === 'string' && { region: o.region }),
      ...(typeof o.lat === 'number' && { lat: o.lat }),
      ...(typeof o.lon === 'number' && { lon: o.lon }),
    };
    const doc = normalise(m);
    const r = classify(doc);
    const s = byTopic.get(rec.meta.topic) ?? { ok: 0, n: 0 };
    s.n++;
    n++;
    if (r.topic === rec.meta.topic) {
      s.ok++;
      ok++;
    }
    byTopic.set(rec.meta.topic, s);
    if (rec.meta.municipality) {
      const g = resolveGeo(doc);
      const gm = byGeoMethod[g.geoMethod] ?? { ok: 0, n: 0 };
      byGeoMethod[g.geoMethod] = gm;
      gm.n++;
      if (g.municipalityCode === rec.meta.municipality) gm.ok++;
    }
    if (n >= 50_000) break;
  }
  print({
    bench: 'classify-accuracy',
    set: 'generator-stream',
    method: `generateStream(${JSON.stringify(opts)}), valid records with meta.topic, shipped model`,
    n,
    accuracy: round(ok / n),
    recall: Object.fromEntries(
      [...byTopic]
        .sort((a, b) => b[1].n - a[1].n)
        .map(([t, x]) => [t, { recall: round(x.ok / x.n), n: x.n }]),
    ),
  });
  print({
    bench: 'classify-accuracy',
    set: 'generator-stream',
    method: 'geography: resolved municipality === meta.municipality, by geoMethod',
    byGeoMethod: Object.fromEntries(
      Object.entries(byGeoMethod).map(([k2, v]) => [k2, { accuracy: round(v.ok / v.n), n: v.n }]),
    ),
  });
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function fitLength(t: string, n: number): string {
  let s = t;
  while (s.length < n) s = `${s} ${t}`;
  return s.slice(0, n);
}

/** perTopic texts for each topic from the generator's composeText, or undefined if it is not there (yet). */
async function generatorTexts(per: number): Promise<{ topic: TopicId; text: string }[] | undefined> {
  try {
    const compose = await import('../src/source/generator/compose-text.ts');
    const prng = await import('../src/source/generator/prng.ts');
    const streets = await import('../src/source/generator/streets.ts');
    const profiles = await import('../src/source/generator/topic-profiles.ts');
    const rng = prng.createPrng(2026, 'classify-accuracy');
    const townStreets = streets.townStreets(rng);
    const out: { topic: TopicId; text: string }[] = [];
    profiles.TOPIC_IDS.forEach((topic, t) => {
      for (let i = 0; i < per; i++)
        out.push({ topic, text: compose.composeText(t, { rng, streets: townStreets }) });
    });
    return out;
  } catch (e) {
    process.stderr.write(`generator texts unavailable: ${(e as Error).message}\n`);
    return undefined;
  }
}
