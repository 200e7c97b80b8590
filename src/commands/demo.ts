/**
 * `npm start`: the embedded default. Generates a demo stream if there is none, processes it into a DuckDB
 * file (unless that database is already complete for this stream), adds generated daily history of earlier years
 * for the seasonal planner (demo-history.ts), and serves the API and UI on localhost — with auth off, so the demo
 * opens without a token, and runServe prints the loud warning that says so.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeDemoHistory } from './demo-history.ts';
import { runGenerate } from './generate.ts';
import { runPipelineCommand } from './run.ts';
import { runServe } from './serve.ts';

export interface DemoOptions {
  dir: string;
  port: number;
  days: number;
  municipalities: number;
  /** Years of generated daily history before the stream (default DEMO_HISTORY_YEARS; 0: none). */
  historyYears?: number;
}

/**
 * The stream's first local day. A year from July ends before the heating season and the first snow: the planner
 * card's recommendations are then for the coming winter (a stream ending on 31 December would find that winter's
 * onset already past).
 */
export const DEMO_START_DATE = '2024-07-01';
/** Five earlier years: with the stream's year, at least 4 complete seasons from any start month. */
export const DEMO_HISTORY_YEARS = 5;

/** Generates (if missing) and processes (if missing) the demo stream; returns the database's path. */
export async function buildDemoDb(o: Omit<DemoOptions, 'port'>): Promise<string> {
  mkdirSync(o.dir, { recursive: true });
  const historyYears = o.historyYears ?? DEMO_HISTORY_YEARS;
  const stem = `demo-${o.days}d-${o.municipalities}m-from${DEMO_START_DATE}`;
  const stream = join(o.dir, `${stem}.ndjson`);
  // The history is part of the database, not of the stream: a database without it is rebuilt, the stream kept.
  const db = join(o.dir, historyYears > 0 ? `${stem}-h${historyYears}.duckdb` : `${stem}.duckdb`);
  if (!existsSync(stream)) {
    process.stderr.write(
      `Generating a demo stream: ${o.days} days, ${o.municipalities} municipalities → ${stream}\n`,
    );
    await runGenerate({
      days: o.days,
      municipalities: o.municipalities,
      seed: 1,
      startDate: DEMO_START_DATE,
      out: stream,
      truth: join(o.dir, `${stem}.truth.json`),
    });
  }
  if (!existsSync(db)) {
    process.stderr.write(`Processing ${stream} → ${db}\n`);
    // Build into a temporary file and rename, so an interrupted run never leaves a half-built database behind.
    const tmp = `${db}.building`;
    rmSync(tmp, { force: true });
    rmSync(`${tmp}.wal`, { force: true });
    const stats = await runPipelineCommand({
      pipeline: new URL('../../pipelines/default.ts', import.meta.url).pathname,
      source: `file:${stream}`,
      db: tmp,
      deadLetters: join(o.dir, `${stem}.dead-letters.ndjson`),
      progress: process.stderr.isTTY ? 'bar' : 'log',
    });
    process.stderr.write(
      `${stats.valid} messages, ${stats.deadLettered} dead letters, ${stats.late} late, ${stats.anomalies} anomalies\n`,
    );
    if (historyYears > 0) {
      const h = await writeDemoHistory(tmp, {
        streamStartDate: DEMO_START_DATE,
        days: o.days,
        years: historyYears,
        seed: 1,
      });
      process.stderr.write(
        `Generated history (daily counts only, for the seasonal planner): ${historyYears} years before ${DEMO_START_DATE}, ` +
          `${h.keys} municipality-topics, ${h.windows} day windows, ${h.ms} ms\n`,
      );
    }
    renameSync(tmp, db);
  }
  return db;
}

export async function runDemo(o: DemoOptions): Promise<void> {
  const db = await buildDemoDb(o);
  const server = await runServe({ db, port: o.port, host: '127.0.0.1', auth: 'off' });
  process.stdout.write(`vsplesk demo: open ${server.url}\n`);
}
