/** `vsplesk run`: load and validate the pipeline file, open the store, process the source, close cleanly. */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { systemClock } from '../clock.ts';
import { normalizePipeline, type PipelineConfig } from '../config.ts';
import { vspError } from '../errors.ts';
import type { ProgressMode } from '../pipeline/progress.ts';
import { parseSourceSpec, runPipeline } from '../pipeline/run.ts';
import type { RunStats } from '../records.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { createFileDeadLetterSink } from '../source/dead-letter.ts';
import { openStore } from '../store/index.ts';

export async function loadPipelineFile(path: string): Promise<PipelineConfig> {
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(resolve(path)).href)) as { default?: unknown };
  } catch (e) {
    throw vspError('VSP_CONFIG_INVALID', `cannot load pipeline ${path}: ${(e as Error).message}`, e);
  }
  return normalizePipeline(mod.default);
}

export interface RunOptions {
  pipeline: string;
  source: string;
  db: string;
  deadLetters?: string;
  progress: ProgressMode;
  /** DuckDB worker threads (default 1). */
  dbThreads?: number;
}

export async function runPipelineCommand(o: RunOptions): Promise<RunStats> {
  const cfg = await loadPipelineFile(o.pipeline);
  const source = parseSourceSpec(o.source);
  const gazetteer = loadGazetteer();
  // One DuckDB thread: on a small machine the other core is busy running the pipeline's JavaScript.
  const store = await openStore(o.db, { gazetteer, topics: loadTopics(), threads: o.dbThreads ?? 1 });
  const deadFile = o.deadLetters ?? cfg.deadLetter.file;
  const sink = deadFile ? createFileDeadLetterSink(deadFile) : undefined;
  try {
    return await runPipeline(cfg, source, {
      store,
      gazetteer,
      clock: systemClock,
      progress: o.progress,
      ...(sink ? { deadLetterSink: sink } : {}),
    });
  } finally {
    await sink?.close();
    await store.close();
  }
}
