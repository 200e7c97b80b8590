/**
 * The API under load (issue 16): autocannon, 50 connections, a real admin token (auth on), the rate limit off (as
 * `serve --rate-limit 0` behind a gateway would be), against a store of the demo's size, on this machine.
 *   npx tsx bench/api-load.ts [--days 365] [--municipalities 100] [--seconds 10] [--connections 50] [--serve]
 * The store is built once into .cache/bench/ (the stream of bench/throughput.ts) and reused. One JSON line per
 * route with `api_rps` (mean requests a second) and `api_p99_ms`, and two for bare Fastify routes in the same
 * process (the ceiling: what the framework alone serves here): a tiny JSON answer, and a stored answer of the
 * largest route's size (what sending those bytes costs). autocannon runs in a child process, so the server's event
 * loop is its own (on 2 cores, autocannon takes most of the other one): `api_vs_bare` is rps over the tiny bare
 * route's rps of the same run. One more row reads /api/series while a write lands every 250 ms (each empties the
 * cache: what a dashboard sees while a pipeline commits). `server_cpu_us_per_request` is this process's CPU time
 * (user + system, the kernel's loopback sends included) over the requests answered: on a shared machine it moves
 * far less than rps does.
 * `--serve`: the routes are asked of the real command instead — `vsplesk serve --rate-limit 0 --no-access-log`
 * (its own process, its pino logger on, stdout to a file) over a copy of the store holding the bench's token — the
 * server's CPU read from /proc/<pid>/stat (10 ms ticks). The row with writes is left out there (the command holds
 * the store's lock); the bare rows stay in this process.
 */
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type autocannon from 'autocannon';
import Fastify from 'fastify';
import defaultPipeline from '../pipelines/default.ts';
import { fixedClock } from '../src/clock.ts';
import { runGenerate } from '../src/commands/generate.ts';
import { normalizePipeline } from '../src/config.ts';
import { runPipeline } from '../src/pipeline/run.ts';
import { loadGazetteer } from '../src/reference/gazetteer.ts';
import { loadTopics } from '../src/reference/topics.ts';
import { buildApi } from '../src/serve/api.ts';
import { openStore } from '../src/store/index.ts';
import { openTokenStore, validateNewToken } from '../src/store/tokens.ts';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '365' },
    municipalities: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    serve: { type: 'boolean', default: false },
  },
});
const days = Number(values.days);
const municipalities = Number(values.municipalities);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const dir = join('.cache', 'bench');
mkdirSync(dir, { recursive: true });
const gazetteer = loadGazetteer();
const topics = loadTopics();

const db = join(dir, `api-${days}d-${municipalities}m.duckdb`);
if (!existsSync(db)) {
  const stream = join(dir, `stream-${days}d-${municipalities}m-s1.ndjson`);
  if (!existsSync(stream)) await runGenerate({ days, municipalities, seed: 1, out: stream });
  // One clock for the run and the store (retention compares the run's now with the store's stamps).
  const clock = fixedClock(Date.parse('2030-01-01T00:00:00Z'));
  const store = await openStore(db, { gazetteer, topics, clock });
  const t0 = performance.now();
  await runPipeline(
    normalizePipeline(defaultPipeline),
    { kind: 'file', path: stream },
    { store, gazetteer, clock },
  );
  await store.close();
  console.error(`built ${db} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

/** This process's CPU so far, in µs (the in-process server's, and the bare routes'). */
function ownCpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** Where the routes are asked: `base`, the server's CPU time so far (µs), and how to stop it. */
interface Target {
  base: string;
  cpuMicros(): number;
  /** Present when the bench may write to the served store (in process). */
  write?: () => Promise<unknown>;
  close(): Promise<void>;
}

/** An admin token created in the store at `file` (the store closed again). */
async function createToken(file: string): Promise<string> {
  const s = await openStore(file, { gazetteer, topics });
  const { token } = await (await openTokenStore(s)).create(
    validateNewToken({ role: 'admin', name: 'bench' }, { regionOf: () => undefined, hasRegion: () => false }),
  );
  await s.close();
  return token;
}

/** The API built in this process (the server's event loop is still its own: autocannon runs in a child). */
async function inProcess(file: string): Promise<{ target: Target; token: string }> {
  const token = await createToken(file);
  const store = await openStore(file, { gazetteer, topics });
  const tokens = await openTokenStore(store);
  const app = buildApi(
    { store, gazetteer, topics, auth: { mode: 'tokens', tokens } },
    { limits: { rateMax: 0 } },
  );
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const write = () => store.runQuery('campaigns_create_table', {}, 'write');
  const close = () => app.close().then(() => store.close());
  return { token, target: { base, cpuMicros: ownCpuMicros, write, close } };
}

/** User + system CPU of a process from /proc/<pid>/stat, in µs (the kernel counts 100 ticks a second). */
function procCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000; // utime, stime: fields 14 and 15 of stat
}

/** The real command, `vsplesk serve --rate-limit 0 --no-access-log`, over a copy of the store with a token. */
async function serveCommand(file: string): Promise<{ target: Target; token: string }> {
  const copy = file.replace(/\.duckdb$/, '-serve.duckdb');
  for (const ext of ['', '.wal']) rmSync(copy + ext, { force: true });
  copyFileSync(file, copy);
  if (existsSync(`${file}.wal`)) copyFileSync(`${file}.wal`, `${copy}.wal`);
  const token = await createToken(copy);
  const bin = new URL('../bin/vsplesk.mjs', import.meta.url).pathname;
  const log = openSync(join(dir, 'api-serve.log'), 'w');
  const args = ['serve', '--db', copy, '--port', '0', '--rate-limit', '0', '--no-access-log'];
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', log, 'pipe'] });
  const base = await new Promise<string>((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (d) => {
      err += d;
      const m = /serving on (\S+)/.exec(err);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`vsplesk serve exited (${code}): ${err}`)));
  });
  const pid = child.pid as number;
  process.on('exit', () => child.kill()); // the bench failing must not leave a server holding the copy
  const close = () =>
    new Promise<void>((resolve) => {
      child.removeAllListeners('exit');
      child.on('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { token, target: { base, cpuMicros: () => procCpuMicros(pid), close } };
}

const { target, token } = values.serve ? await serveCommand(db) : await inProcess(db);
const base = target.base;
const headers = { authorization: `Bearer ${token}` };

// A town and topic with an alert, so the series and the region's top have data behind them.
const alerts = (await (await fetch(`${base}/api/alerts?limit=1`, { headers })).json()) as {
  items: { municipality: string; topic: string; startMs: number }[];
};
const first = alerts.items[0];
if (first === undefined) throw new Error(`${db} holds no alert: build it from a longer stream`);
const region = gazetteer.byCode(first.municipality)?.region ?? '';
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const from = day(first.startMs - 60 * 86_400_000);
const to = day(first.startMs + 60 * 86_400_000);
const routes: Record<string, string> = {
  '/api/series': `/api/series?municipality=${first.municipality}&topic=${first.topic}&bucket=day&from=${from}&to=${to}`,
  '/api/top': `/api/top?region=${region}`,
  '/api/alerts': '/api/alerts?limit=20',
};

const autocannonCli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

/** autocannon's JSON result for `url`, run in its own process (it must not share the server's event loop). */
function autocannonRun(url: string, extraHeaders: Record<string, string>): Promise<autocannon.Result> {
  const args = [autocannonCli, '-j', '-c', String(connections), '-d', String(seconds)];
  for (const [k, v] of Object.entries(extraHeaders)) args.push('-H', `${k}=${v}`);
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [...args, url], { maxBuffer: 16 * 2 ** 20 }, (err, stdout) =>
      err ? reject(err) : resolve(JSON.parse(stdout) as autocannon.Result),
    ),
  );
}

async function load(url: string, extraHeaders: Record<string, string>, cpuMicros = target.cpuMicros) {
  const cpu0 = cpuMicros();
  const r = await autocannonRun(url, extraHeaders);
  const cpu = cpuMicros() - cpu0;
  return {
    api_rps: Math.round(r.requests.average),
    server_cpu_us_per_request: Math.round(cpu / Math.max(1, r.requests.total)),
    api_p50_ms: r.latency.p50,
    api_p99_ms: r.latency.p99,
    requests: r.requests.total,
    non_2xx: r.non2xx,
    errors: r.errors,
  };
}

const results: Record<string, unknown>[] = [];
let largest = Buffer.alloc(0);
for (const [route, path] of Object.entries(routes)) {
  const res = await fetch(`${base}${path}`, { headers });
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  if (bytes.length > largest.length) largest = bytes;
  results.push({ route, body_bytes: bytes.length, ...(await load(`${base}${path}`, headers)) });
}
// The largest answer as a browser asks for it (Accept-Encoding: gzip): a repeated read is sent gzipped, made once.
{
  const path = routes['/api/alerts'] as string;
  const gz = { ...headers, 'accept-encoding': 'gzip, deflate, br' };
  const res = await fetch(`${base}${path}`, { headers: gz });
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
  results.push({ route: '/api/alerts, accept-encoding gzip', ...(await load(`${base}${path}`, gz)) });
}
// A live store: a write lands every 250 ms (as committed batches do under `npm start`), and each makes every
// cached answer stale; the 50 connections' next requests all miss at once.
const write = target.write;
if (write !== undefined) {
  const path = routes['/api/series'] as string;
  const writes = setInterval(() => void write(), 250);
  results.push({
    route: '/api/series, a write every 250 ms',
    body_bytes: results[0]?.body_bytes,
    ...(await load(`${base}${path}`, headers)),
  });
  clearInterval(writes);
}
await target.close();

const bare = Fastify();
bare.get('/', async () => ({ status: 'ok' }));
bare.get('/stored', async (_req, reply) => reply.type('application/json; charset=utf-8').send(largest));
const bareBase = await bare.listen({ port: 0, host: '127.0.0.1' });
const bareTiny = { route: 'bare fastify', body_bytes: 15, ...(await load(bareBase, {}, ownCpuMicros)) };
results.push(bareTiny, {
  route: 'bare fastify, stored answer of the largest route',
  body_bytes: largest.length,
  ...(await load(`${bareBase}/stored`, {}, ownCpuMicros)),
});
await bare.close();
for (const r of results)
  console.log(
    JSON.stringify({
      bench: 'api',
      server: values.serve && !String(r.route).startsWith('bare') ? 'vsplesk serve' : 'in process',
      connections,
      seconds,
      ...r,
      api_vs_bare: Number(((r.api_rps as number) / bareTiny.api_rps).toFixed(2)),
      cpu_vs_bare: Number(
        ((r.server_cpu_us_per_request as number) / bareTiny.server_cpu_us_per_request).toFixed(2),
      ),
    }),
  );
