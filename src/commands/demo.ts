/**
 * `npm start`: the embedded default. Generates a demo stream if there is none, serves the API and UI on localhost
 * at once — with auth off, so the demo opens without a token, and runServe prints the loud warning that says so —
 * and processes the stream into the served DuckDB file in the same process (unless a marker says that database is
 * complete), then adds generated daily history of earlier years for the seasonal planner (demo-history.ts).
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { openStore, type Store } from '../store/index.ts';
import { DEMO_HISTORY_YEARS, DEMO_SEED, DEMO_START_DATE } from './demo-defaults.ts';
import { writeDemoHistoryInto } from './demo-history.ts';
import { runGenerate } from './generate.ts';
import { runPipelineCommand } from './run.ts';
import { type RunningServer, runServe } from './serve.ts';

export interface DemoOptions {
  dir: string;
  port: number;
  days: number;
  municipalities: number;
  /** Years of generated daily history before the stream (default DEMO_HISTORY_YEARS; 0: none). */
  historyYears?: number;
  /** Called once the API answers, before the stream is processed (tests). */
  onServing?: (url: string) => void | Promise<void>;
}

interface DemoPaths {
  stem: string;
  stream: string;
  db: string;
  /** Written once the database holds the whole stream and its history: the next start only serves. */
  complete: string;
}

function demoPaths(o: Omit<DemoOptions, 'port'>): DemoPaths {
  const historyYears = o.historyYears ?? DEMO_HISTORY_YEARS;
  const stem = `demo-${o.days}d-${o.municipalities}m-from${DEMO_START_DATE}`;
  // The history is part of the database, not of the stream: a database without it is rebuilt, the stream kept.
  const db = join(o.dir, historyYears > 0 ? `${stem}-h${historyYears}.duckdb` : `${stem}.duckdb`);
  return { stem, stream: join(o.dir, `${stem}.ndjson`), db, complete: `${db}.complete` };
}

async function ensureStream(o: Omit<DemoOptions, 'port'>, p: DemoPaths): Promise<void> {
  mkdirSync(o.dir, { recursive: true });
  if (existsSync(p.stream)) return;
  process.stderr.write(
    `Generating a demo stream: ${o.days} days, ${o.municipalities} municipalities → ${p.stream}\n`,
  );
  // Into a temporary file: an interrupted generation never passes for the whole stream.
  const tmp = `${p.stream}.part`;
  await runGenerate({
    days: o.days,
    municipalities: o.municipalities,
    seed: DEMO_SEED,
    startDate: DEMO_START_DATE,
    out: tmp,
    truth: join(o.dir, `${p.stem}.truth.json`),
  });
  renameSync(tmp, p.stream);
}

/**
 * Processes the stream into `store` (resuming where an interrupted start left off: the pipeline commits its
 * position with every batch), then adds the generated history (idempotent) and marks the database complete.
 * Returns false when interrupted (Ctrl-C): nothing is marked, the next start resumes.
 */
async function fillDemoDb(store: Store, o: Omit<DemoOptions, 'port'>, p: DemoPaths): Promise<boolean> {
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const stats = await runPipelineCommand({
      pipeline: new URL('../../pipelines/default.ts', import.meta.url).pathname,
      source: `file:${p.stream}`,
      store,
      deadLetters: join(o.dir, `${p.stem}.dead-letters.ndjson`),
      progress: process.stderr.isTTY ? 'bar' : 'log',
    });
    if (interrupted) return false;
    process.stderr.write(
      `${stats.valid} messages, ${stats.deadLettered} dead letters, ${stats.late} late, ${stats.anomalies} anomalies\n`,
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const historyYears = o.historyYears ?? DEMO_HISTORY_YEARS;
  if (historyYears > 0) {
    const h = await writeDemoHistoryInto(store, `${p.db}.history.csv`, {
      streamStartDate: DEMO_START_DATE,
      days: o.days,
      years: historyYears,
      seed: DEMO_SEED,
    });
    process.stderr.write(
      `Generated history (daily counts only, for the seasonal planner): ${historyYears} years before ${DEMO_START_DATE}, ` +
        `${h.keys} municipality-topics, ${h.windows} day windows, ${h.ms} ms\n`,
    );
  }
  writeFileSync(p.complete, `${new Date().toISOString()}\n`);
  return true;
}

/** Generates (if missing) and processes (if not complete) the demo stream; returns the database's path. */
export async function buildDemoDb(o: Omit<DemoOptions, 'port'>): Promise<string> {
  const p = demoPaths(o);
  await ensureStream(o, p);
  if (!existsSync(p.complete)) {
    process.stderr.write(`Processing ${p.stream} → ${p.db}\n`);
    const store = await openStore(p.db, { gazetteer: loadGazetteer(), topics: loadTopics(), threads: 1 });
    try {
      await fillDemoDb(store, o, p);
    } finally {
      await store.close();
    }
  }
  return p.db;
}

/**
 * Serves first, then fills: the UI and API answer within seconds of the stream being there, and show the year as
 * it is processed (the API's cached answers follow each committed batch).
 */
export async function runDemo(o: DemoOptions): Promise<RunningServer> {
  const p = demoPaths(o);
  await ensureStream(o, p);
  const server = await runServe({ db: p.db, port: o.port, host: '127.0.0.1', auth: 'off', logger: false });
  process.stdout.write(`vsplesk demo: open ${server.url}\n`);
  await o.onServing?.(server.url);
  if (existsSync(p.complete)) return server;
  process.stderr.write(`Processing ${p.stream} → ${p.db} while serving: the data fill in as you watch\n`);
  if (!(await fillDemoDb(server.store, o, p))) {
    await server.close();
    process.exit(130);
  }
  process.stdout.write(`vsplesk demo: the whole stream is in; open ${server.url}\n`);
  return server;
}
