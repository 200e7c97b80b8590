/**
 * Broker → DuckDB throughput (not a test: prints one JSON line per case). Needs a broker: `bash scripts/kafka.sh up`
 * or VSPLESK_KAFKA_BROKERS.
 *   npm run bench:kafka -- [--days 120] [--municipalities 100] [--seed 1] [--partitions 4]
 * Cases, each on a fresh 4-partition topic holding the same generated stream:
 *   - duckdb    1 processor: `vsplesk run --source kafka:T --db FILE` (results + offsets + state in DuckDB);
 *   - publish   N = 1, 2 processors: `vsplesk run --publish P` (results and state to Kafka), then
 *               `materialise` of the published results into DuckDB, timed separately and end to end.
 * Times are wall clock from spawn to exit minus the `--until-idle` wait, so they include process start-up.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runGenerate } from '../src/commands/generate.ts';
import { runProduce } from '../src/commands/produce.ts';
import { createTopic } from '../src/pipeline/kafka-test-support.ts';
import { loadGazetteer } from '../src/reference/gazetteer.ts';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '120' },
    municipalities: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    partitions: { type: 'string', default: '4' },
  },
});
const brokers = process.env.VSPLESK_KAFKA_BROKERS ?? '127.0.0.1:9092';
const days = Number(values.days);
const municipalities = Number(values.municipalities);
const partitions = Number(values.partitions);
const dir = join('.cache', 'bench');
mkdirSync(dir, { recursive: true });
const stream = join(dir, `stream-${days}d-${municipalities}m-s${values.seed}.ndjson`);
if (!existsSync(stream)) await runGenerate({ days, municipalities, seed: Number(values.seed), out: stream });
const lines = readFileSync(stream, 'utf8').split('\n').filter(Boolean).length;
const bin = new URL('../bin/vsplesk.mjs', import.meta.url).pathname;
const IDLE_S = 3;
const gazetteer = loadGazetteer();

function vsplesk(args: string[]): { child: ChildProcess; done: Promise<void> } {
  const child = spawn(process.execPath, [bin, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' },
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4000);
  });
  const done = new Promise<void>((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`vsplesk ${args[0]} exit ${code}: ${err}`)),
    ),
  );
  return { child, done };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return (performance.now() - t0) / 1000 - IDLE_S;
}

async function freshTopic(tag: string): Promise<string> {
  const topic = `bench-${tag}-${Date.now()}`;
  await createTopic(brokers, topic, partitions);
  const t0 = performance.now();
  await runProduce({ input: stream, topic, brokers, gazetteer });
  const s = (performance.now() - t0) / 1000;
  console.error(`produced ${lines} records to ${topic} in ${s.toFixed(1)} s (${Math.round(lines / s)}/s)`);
  return topic;
}

const report = (o: Record<string, unknown>) =>
  console.log(JSON.stringify({ messages: lines, partitions, ...o }));
const common = (topic: string) => [
  '--source',
  `kafka:${topic}`,
  '--brokers',
  brokers,
  '--until-idle',
  String(IDLE_S),
  '--progress',
  'off',
];

{
  const topic = await freshTopic('duckdb');
  const db = join(dir, `kafka-bench-${Date.now()}.duckdb`);
  const s = await timed(() => vsplesk(['run', ...common(topic), '--group', `${topic}-g`, '--db', db]).done);
  report({ case: 'duckdb', processors: 1, seconds: +s.toFixed(1), msgPerSec: Math.round(lines / s) });
  rmSync(db, { force: true });
}

for (const n of [1, 2]) {
  const topic = await freshTopic(`publish${n}`);
  const prefix = `${topic}.out`;
  const run = await timed(() =>
    Promise.all(
      Array.from(
        { length: n },
        () => vsplesk(['run', ...common(topic), '--group', `${topic}-g`, '--publish', prefix]).done,
      ),
    ),
  );
  const db = join(dir, `kafka-bench-${Date.now()}.duckdb`);
  const mat = await timed(
    () =>
      vsplesk([
        'materialise',
        '--from',
        prefix,
        '--db',
        db,
        '--brokers',
        brokers,
        '--until-idle',
        String(IDLE_S),
      ]).done,
  );
  report({
    case: 'publish',
    processors: n,
    seconds: +run.toFixed(1),
    msgPerSec: Math.round(lines / run),
    materialiseSeconds: +mat.toFixed(1),
    endToEndMsgPerSec: Math.round(lines / (run + mat)),
  });
  rmSync(db, { force: true });
}
