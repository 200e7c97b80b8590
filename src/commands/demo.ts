/**
 * `npm start`: the embedded default. Generates a demo stream if there is none, processes it into a DuckDB
 * file (unless that database is already complete for this stream), and serves the API and UI on localhost —
 * with auth off, so the demo opens without a token, and runServe prints the loud warning that says so.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runGenerate } from './generate.ts';
import { runPipelineCommand } from './run.ts';
import { runServe } from './serve.ts';

export interface DemoOptions {
  dir: string;
  port: number;
  days: number;
  municipalities: number;
}

export async function runDemo(o: DemoOptions): Promise<void> {
  mkdirSync(o.dir, { recursive: true });
  const stem = `demo-${o.days}d-${o.municipalities}m`;
  const stream = join(o.dir, `${stem}.ndjson`);
  const db = join(o.dir, `${stem}.duckdb`);
  if (!existsSync(stream)) {
    process.stderr.write(
      `Generating a demo stream: ${o.days} days, ${o.municipalities} municipalities → ${stream}\n`,
    );
    await runGenerate({
      days: o.days,
      municipalities: o.municipalities,
      seed: 1,
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
    renameSync(tmp, db);
    process.stderr.write(
      `${stats.valid} messages, ${stats.deadLettered} dead letters, ${stats.late} late, ${stats.anomalies} anomalies\n`,
    );
  }
  const server = await runServe({ db, port: o.port, host: '127.0.0.1', auth: 'off' });
  process.stdout.write(`vsplesk demo: open ${server.url}\n`);
}
