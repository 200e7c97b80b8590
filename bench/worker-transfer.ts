/**
 * What crossing the thread boundary costs for one batch of shard workers (pipeline/shard-workers.ts): the
 * structured clone of a worker's reply — whole StoreBatch vs messages cut to what the store keeps — and, for
 * comparison, the same through JSON text (stringify in the worker, parse on the main thread), next to the time
 * the processor took for the batch. Not a test; prints one JSON line.
 *   npx tsx bench/worker-transfer.ts [--days 30] [--municipalities 15] [--seed 4] [--batch 20000]
 */
import { parseArgs } from 'node:util';
import defaultPipeline from '../pipelines/default.ts';
import { fixedClock } from '../src/clock.ts';
import { normalizePipeline } from '../src/config.ts';
import { createDistrictMatcher, loadDistricts } from '../src/geo/districts.ts';
import { packRecords } from '../src/pipeline/packed-records.ts';
import { createProcessor, type StoreBatch } from '../src/pipeline/process.ts';
import { loadGazetteer } from '../src/reference/gazetteer.ts';
import { generateStream } from '../src/source/generator/index.ts';
import { storableDoc as storable } from '../src/store/storable-doc.ts';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '30' },
    municipalities: { type: 'string', default: '15' },
    seed: { type: 'string', default: '4' },
    batch: { type: 'string', default: '20000' },
  },
});
const lines: string[] = [];
for (const r of generateStream({
  days: Number(values.days),
  municipalities: Number(values.municipalities),
  seed: Number(values.seed),
}).records)
  lines.push(r.line);
const batch = Number(values.batch);
const processor = createProcessor(normalizePipeline(defaultPipeline), {
  gazetteer: loadGazetteer(),
  clock: fixedClock(Date.parse('2030-01-01T00:00:00Z')),
  districts: createDistrictMatcher(loadDistricts()),
});
/** Milliseconds per call of `f`, best of `n` (the machine is shared: the best is the cost, the rest is noise). */
function best(n: number, f: () => unknown): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    f();
    min = Math.min(min, performance.now() - t0);
  }
  return +min.toFixed(1);
}
// A batch in the middle of the stream (windows closing, detectors warm), not the first.
let out: StoreBatch | undefined;
let processMs = 0;
for (let i = 0; i + batch <= lines.length && i <= batch * 2; i += batch) {
  const records = lines
    .slice(i, i + batch)
    .map((raw, j) => ({ raw, origin: { kind: 'generator' as const, seq: i + j } }));
  const t0 = performance.now();
  out = processor.process(records);
  processMs = performance.now() - t0;
}
const whole = out as StoreBatch;
const lean = {
  ...whole,
  messages: whole.messages.map(storable),
  lateMessages: whole.lateMessages.map(storable),
};
const json = JSON.stringify(lean);
const state = JSON.stringify(processor.snapshot([0, 1, 2, 3]));
const records = lines
  .slice(0, batch)
  .map((raw, j) => ({ raw, origin: { kind: 'generator' as const, seq: j } }));
console.log(
  JSON.stringify({
    bench: 'worker-transfer',
    batch,
    messages: whole.messages.length,
    aggregates: whole.aggregates.length,
    process_ms: +processMs.toFixed(1),
    records_in_clone_ms: best(5, () => structuredClone(records)),
    packed_records_in_clone_ms: best(5, () => structuredClone(packRecords(records))),
    whole_clone_ms: best(5, () => structuredClone(whole)),
    lean_cut_ms: best(5, () => whole.messages.map(storable)),
    lean_clone_ms: best(5, () => structuredClone(lean)),
    lean_json_stringify_ms: best(5, () => JSON.stringify(lean)),
    lean_json_parse_ms: best(5, () => JSON.parse(json)),
    lean_json_clone_ms: best(5, () => structuredClone(json)),
    lean_json_mb: +(json.length / 1e6).toFixed(1),
    state_json_mb: +(state.length / 1e6).toFixed(1),
    state_json_clone_ms: best(5, () => structuredClone(state)),
  }),
);
