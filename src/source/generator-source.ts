/**
 * The generator as a source: `--source generator:days=30,municipalities=20,seed=1` streams a synthetic stream
 * straight into the pipeline (no file), in the same batches as the file source. Real texts and big cities:
 * `generator:days=30,texts=real,largest=3,cap=0,include=38701000+36701000` (codes joined by '+', cap=0: no cap).
 */
import { vspError } from '../errors.ts';
import type { RawRecord } from '../records.ts';
import type { SourceBatch } from './file.ts';
import { type GeneratorOptions, generateStream } from './generator/index.ts';

const KEYS: Record<string, keyof GeneratorOptions> = {
  days: 'days',
  municipalities: 'municipalities',
  seed: 'seed',
  start: 'startDate',
  rate: 'rateScale',
  invalid: 'invalidFraction',
  late: 'lateFraction',
  incidents: 'incidents',
  floods: 'floods',
  campaigns: 'campaigns',
  texts: 'texts',
  include: 'include',
  largest: 'largestCities',
  cap: 'populationCap',
};

/** A value as its option wants it: text, a '+'-joined list of codes, or a number. */
function parseValue(field: keyof GeneratorOptions, v: string): unknown {
  if (field === 'startDate' || field === 'texts') return v.trim();
  if (field === 'include')
    return v
      .split('+')
      .map((c) => c.trim())
      .filter(Boolean);
  return Number(v);
}

/** Parses `days=30,municipalities=20,seed=1` (defaults: 30 days, 20 municipalities, seed 1). */
export function parseGeneratorSpec(spec: string): GeneratorOptions {
  const o: Record<string, unknown> = { days: 30, municipalities: 20, seed: 1 };
  for (const part of spec.split(',').filter(Boolean)) {
    const [k = '', v = ''] = part.split('=', 2);
    const field = KEYS[k.trim()];
    if (!field)
      throw vspError(
        'VSP_CLI_USAGE',
        `unknown generator option '${k}' (known: ${Object.keys(KEYS).join(', ')})`,
      );
    o[field] = parseValue(field, v);
  }
  return o as unknown as GeneratorOptions;
}

export async function* readGeneratorSource(
  opts: GeneratorOptions,
  batchLines: number,
): AsyncGenerator<SourceBatch> {
  let records: RawRecord[] = [];
  let seq = 0;
  for (const r of generateStream(opts).records) {
    records.push({ raw: r.line, origin: { kind: 'generator', seq: seq++ } });
    if (records.length >= batchLines) {
      yield { records, rejected: [] };
      records = [];
    }
  }
  if (records.length > 0) yield { records, rejected: [] };
}
