/**
 * `vsplesk generate`: writes the synthetic stream as NDJSON (with back-pressure, to `out.tmp` then renamed, so
 * a reader never sees a half-written file) and the ground truth as JSON (same temp-then-rename).
 */
import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { type GeneratorOptions, generateStream } from '../source/generator/index.ts';

export interface GenerateCommandOptions extends GeneratorOptions {
  /** Output path, or '-' for stdout. */
  out: string;
  /** Where to write the ground truth JSON (optional). */
  truth?: string;
}

/** Lines are batched into chunks of about this many characters before each write. */
const CHUNK_CHARS = 256 * 1024;

async function writeAll(sink: Writable, lines: Iterable<{ line: string }>): Promise<number> {
  let n = 0;
  let chunk = '';
  for (const r of lines) {
    chunk += `${r.line}\n`;
    n++;
    if (chunk.length >= CHUNK_CHARS) {
      if (!sink.write(chunk)) await once(sink, 'drain');
      chunk = '';
    }
  }
  if (chunk && !sink.write(chunk)) await once(sink, 'drain');
  return n;
}

export async function runGenerate(opts: GenerateCommandOptions): Promise<{ lines: number }> {
  const { out, truth: truthPath, ...genOpts } = opts;
  const gen = generateStream(genOpts);
  let lines: number;
  if (out === '-') {
    lines = await writeAll(process.stdout, gen.records);
  } else {
    const tmp = `${out}.tmp`;
    const file = createWriteStream(tmp, { encoding: 'utf8' });
    try {
      lines = await writeAll(file, gen.records);
      file.end();
      await once(file, 'finish');
    } catch (err) {
      file.destroy();
      rmSync(tmp, { force: true });
      throw err;
    }
    renameSync(tmp, out);
  }
  if (truthPath) {
    const tmp = `${truthPath}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(gen.truth(), null, 1)}\n`);
    renameSync(tmp, truthPath);
  }
  return { lines };
}
