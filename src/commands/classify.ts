/**
 * `vsplesk classify --input FILE [--output FILE]`: topic, department and confidence for each input text.
 *
 * Input: NDJSON with a `text` field (other fields optional), or CSV with a `text` column (quoted multi-line fields
 * allowed). The format is taken from the extension (.csv / .ndjson / .jsonl / .json), else from the first
 * non-blank character (`{` → NDJSON, anything else → CSV). The file is streamed; memory stays bounded by one chunk
 * plus one record.
 *
 * Output: one JSON line per input record, in input order:
 *   {"id":"…","topic":"heating","department":"…","confidence":0.93}
 * `id` is copied when the input has one (NDJSON `id` field, CSV `id` column). A record that cannot be classified (a
 * line that is not JSON, a record without a string `text`) still gets a line, with `error` instead of a topic,
 * so output line N always answers input record N.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, renameSync } from 'node:fs';
import { extname } from 'node:path';
import type { Writable } from 'node:stream';
import { createCsvParser } from '../classify/csv-parser.ts';
import { createTopicClassifier, type TopicClassifier } from '../classify/topic.ts';
import { createNormaliser, type Normaliser } from '../normalise/index.ts';
import type { Message } from '../records.ts';

export interface ClassifyOptions {
  input: string;
  /** Default: stdout. Written to `${output}.tmp` and renamed when complete. */
  output?: string;
}

type Format = 'ndjson' | 'csv';

interface InputRecord {
  id?: string;
  text?: unknown;
  error?: string;
}

export async function runClassify(opts: ClassifyOptions): Promise<{ lines: number }> {
  const normalise = createNormaliser();
  const classify = createTopicClassifier();
  const tmp = opts.output ? `${opts.output}.tmp` : undefined;
  const out: Writable = tmp ? createWriteStream(tmp) : process.stdout;
  let lines = 0;
  let pending = '';

  const write = async (rec: InputRecord) => {
    pending += `${JSON.stringify(classifyRecord(rec, normalise, classify))}\n`;
    lines++;
    if (pending.length >= 64 * 1024) await flush();
  };
  const flush = async () => {
    if (pending === '') return;
    const ok = out.write(pending);
    pending = '';
    if (!ok) await once(out, 'drain');
  };

  try {
    const stream = createReadStream(opts.input, { encoding: 'utf8', highWaterMark: 256 * 1024 });
    let format: Format | undefined = formatFromExtension(opts.input);
    let ndjsonRest = '';
    const csv = createCsvParser();
    let header: string[] | undefined;
    let first = true;

    const onCsvRows = async (rows: string[][]) => {
      for (const row of rows) {
        if (!header) {
          header = row.map((h) =>
            h
              .trim()
              .replace(/^\uFEFF/, '')
              .toLowerCase(),
          );
          continue;
        }
        await write(csvRecord(header, row));
      }
    };
    const onNdjsonLine = async (line: string) => {
      if (line.trim() === '') return;
      await write(ndjsonRecord(line));
    };

    for await (const chunk of stream as AsyncIterable<string>) {
      let text = chunk;
      if (first) {
        text = text.replace(/^\uFEFF/, '');
        first = false;
      }
      if (format === undefined) {
        const c = /\S/.exec(text)?.[0];
        if (c === undefined) {
          ndjsonRest += text; // still blank: decide on the next chunk
          continue;
        }
        format = c === '{' ? 'ndjson' : 'csv';
        text = ndjsonRest + text;
        ndjsonRest = '';
      }
      if (format === 'csv') {
        await onCsvRows(csv.push(text));
      } else {
        const parts = (ndjsonRest + text).split('\n');
        ndjsonRest = parts.pop() ?? '';
        for (const line of parts) await onNdjsonLine(line);
      }
    }
    if (format === 'csv') await onCsvRows(csv.end());
    else if (ndjsonRest !== '') await onNdjsonLine(ndjsonRest);
    await flush();
  } finally {
    if (tmp) {
      out.end();
      await once(out, 'finish');
    }
  }
  if (tmp && opts.output) renameSync(tmp, opts.output);
  return { lines };
}

function formatFromExtension(path: string): Format | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.ndjson' || ext === '.jsonl' || ext === '.json') return 'ndjson';
  return undefined;
}

function ndjsonRecord(line: string): InputRecord {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return { error: 'invalid_json' };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { error: 'not_an_object' };
  const o = v as Record<string, unknown>;
  const id = typeof o.id === 'string' || typeof o.id === 'number' ? String(o.id) : undefined;
  return { ...(id !== undefined && { id }), text: o.text };
}

function csvRecord(header: readonly string[], row: readonly string[]): InputRecord {
  const ti = header.indexOf('text');
  const ii = header.indexOf('id');
  if (ti < 0) return { error: 'missing_column:text' };
  return { ...(ii >= 0 && row[ii] !== undefined && { id: row[ii] }), text: row[ti] };
}

function classifyRecord(
  rec: InputRecord,
  normalise: Normaliser,
  classify: TopicClassifier,
): Record<string, unknown> {
  const id = rec.id !== undefined ? { id: rec.id } : {};
  if (rec.error) return { ...id, error: rec.error };
  if (typeof rec.text !== 'string') return { ...id, error: 'missing_field:text' };
  const msg: Message = {
    id: rec.id ?? '',
    source: 'classify',
    createdAt: '',
    eventTimeMs: 0,
    text: rec.text,
  };
  const r = classify(normalise(msg));
  return {
    ...id,
    topic: r.topic,
    department: r.department,
    confidence: Math.round(r.confidence * 1000) / 1000,
  };
}
