/**
 * Command line (DESIGN.md "Command line"). Parses argv into each command's typed options and calls it; the
 * only place besides main/demo that reads process.env or argv.
 */
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { DEMO_DAYS, DEMO_MUNICIPALITIES } from './commands/demo-defaults.ts';
import { VspError } from './errors.ts';
import { memoryBudget } from './store/memory-budget.ts';

const int = (name: string, min: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
  return n;
};
const num = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative number`);
  return n;
};

/** A memory size as DuckDB writes it ('1GB', '1536MB'), checked against store/memory-budget.ts's floor. */
const memorySize = (v: string) => {
  try {
    memoryBudget(v);
  } catch (e) {
    // commander names the option and the value already: keep what is wrong with it.
    throw new InvalidArgumentError(`It ${(e as Error).message.replace(/^.*?: --memory-limit \S+ /, '')}.`);
  }
  return v;
};

/** The `vsplesk` script, started again by `run --memory-limit` with a heap limit (commands/heap-limit.ts). */
const BIN = fileURLToPath(new URL('../bin/vsplesk.mjs', import.meta.url));

const oneOf = (name: string, values: readonly string[]) => (v: string) => {
  if (!values.includes(v)) throw new InvalidArgumentError(`${name} must be one of ${values.join(', ')}`);
  return v;
};

/** SMTP settings of e-mail delivery (`serve --briefings`, `briefings run`); the password only from the env. */
const withSmtpOptions = (c: Command) =>
  c
    .option(
      '--smtp-host <host>',
      'SMTP server for e-mail subscriptions (none: e-mail deliveries fail, recorded)',
    )
    .option('--smtp-port <n>', 'SMTP port (default 587, or 465 with --smtp-secure)')
    .option('--smtp-secure', 'TLS from the first byte (port 465); default: STARTTLS when offered')
    .option('--smtp-user <name>', 'SMTP user (the password is read from $VSPLESK_SMTP_PASSWORD)')
    .option('--smtp-from <address>', 'From address, e.g. "Всплеск <svodka@example.ru>"');

async function smtpOf(o: Record<string, unknown>) {
  const { normalizeSmtpConfig } = await import('./briefing/delivery/index.ts');
  return normalizeSmtpConfig({
    host: o.smtpHost,
    port: o.smtpPort,
    secure: o.smtpSecure === true,
    user: o.smtpUser,
    password: process.env.VSPLESK_SMTP_PASSWORD,
    from: o.smtpFrom,
  });
}

const instant = (name: string) => (v: string) => {
  const ms = Date.parse(v);
  if (!Number.isFinite(ms) || !/(Z|[+-]\d{2}:?\d{2})$/.test(v))
    throw new InvalidArgumentError(
      `${name} must be an ISO date-time with an offset, e.g. 2026-12-07T07:00+05:00`,
    );
  return ms;
};

/** `argv`: what will be parsed (node, script, then the arguments), for `run --memory-limit` to start again with. */
export function buildCli(argv: readonly string[] = process.argv): Command {
  const program = new Command('vsplesk')
    .description('Spikes in residents’ complaints: stream → topics and places → windows → anomalies → API/UI')
    .showHelpAfterError();

  program
    .command('generate')
    .description('write a realistic synthetic stream (NDJSON) with injected incidents and ground truth')
    .option('--days <n>', 'days of stream', int('--days', 1), 30)
    .option('--municipalities <n>', 'municipalities drawn from the gazetteer', int('--municipalities', 1), 20)
    .option('--seed <n>', 'random seed (same seed → same bytes)', int('--seed', 0), 1)
    .option('--start <date>', 'first day, YYYY-MM-DD', '2025-01-01')
    .option('--rate-scale <x>', 'multiplies all message rates', num('--rate-scale'), 1)
    .option('--invalid-fraction <x>', 'share of deliberately broken records', num('--invalid-fraction'))
    .option(
      '--texts <kind>',
      "message texts: 'templates' or 'real' (recombined real appeals)",
      oneOf('--texts', ['templates', 'real']),
      'templates',
    )
    .option(
      '--largest-cities <n>',
      'always include the N most populous municipalities',
      int('--largest-cities', 0),
    )
    .option('--include <codes>', 'OKTMO codes always included, comma-separated')
    .option(
      '--population-cap <n>',
      'population at which volume stops growing (0: no cap)',
      num('--population-cap'),
    )
    .option('--campaigns <n>', 'copy-paste campaigns', int('--campaigns', 0))
    .requiredOption('--out <file>', "output NDJSON file, or '-' for stdout")
    .option('--truth <file>', 'write the ground truth (incidents, floods, seasonal waves) as JSON')
    .action(async (o) => {
      const { runGenerate } = await import('./commands/generate.ts');
      const r = await runGenerate({
        days: o.days,
        municipalities: o.municipalities,
        seed: o.seed,
        startDate: o.start,
        rateScale: o.rateScale,
        ...(o.invalidFraction !== undefined ? { invalidFraction: o.invalidFraction } : {}),
        ...(o.texts !== 'templates' ? { texts: o.texts } : {}),
        ...(o.largestCities !== undefined ? { largestCities: o.largestCities } : {}),
        ...(o.include
          ? {
              include: String(o.include)
                .split(',')
                .map((c) => c.trim()),
            }
          : {}),
        ...(o.populationCap !== undefined ? { populationCap: o.populationCap } : {}),
        ...(o.campaigns !== undefined ? { campaigns: o.campaigns } : {}),
        out: o.out,
        ...(o.truth ? { truth: o.truth } : {}),
      });
      if (o.out !== '-') process.stderr.write(`${r.lines} lines → ${o.out}\n`);
    });

  program
    .command('run')
    .description('process a stream into DuckDB (or, from Kafka, publish results for `materialise`)')
    .option('--pipeline <file>', 'pipeline definition', 'pipelines/default.ts')
    .requiredOption('--source <spec>', 'file:PATH (or file:- for stdin)')
    .option('--db <file>', 'DuckDB file (created if missing)')
    .option(
      '--publish <prefix>',
      'kafka: publish results and shard state to <prefix>.results / <prefix>.state instead of --db (scale-out)',
    )
    .option('--dead-letters <file>', 'also append dead letters to this NDJSON file')
    .option('--brokers <list>', 'Kafka bootstrap servers (kafka: sources)', '127.0.0.1:9092')
    .option('--group <id>', 'Kafka consumer group (kafka: sources)', 'vsplesk')
    .option('--dead-letter-topic <name>', 'kafka: dead-letter topic (default <topic>.dead-letters)')
    .option('--until-idle <seconds>', 'kafka: stop after this long without new records', num('--until-idle'))
    .option('--progress <mode>', 'bar | log | off (default: bar on a terminal, log otherwise)')
    .option(
      '--metrics-port <n>',
      'serve live /metrics (rate, batch latency, lag) on this port',
      int('--metrics-port', 0),
    )
    .option(
      '--calendar <file>',
      'known causes (planned shut-offs, heating season…) that label alerts expected',
    )
    .option(
      '--retention-days <n>',
      "days of event time raw messages are kept behind the watermark (default: the pipeline's retention)",
      int('--retention-days', 1),
    )
    .option(
      '--memory-limit <size>',
      'memory budget of the process, e.g. 1GB (≥ 512MB): DuckDB gets a quarter, the JavaScript heap half ' +
        '(node starts again with --max-old-space-size unless its heap limit already fits)',
      memorySize,
    )
    .action(async (o) => {
      if (o.memoryLimit !== undefined) {
        const { relaunchWithHeapLimit } = await import('./commands/heap-limit.ts');
        const code = await relaunchWithHeapLimit(memoryBudget(o.memoryLimit).heapMb, BIN, argv.slice(2));
        if (code !== undefined) {
          process.exitCode = code;
          return;
        }
      }
      const { runPipelineCommand } = await import('./commands/run.ts');
      const stats = await runPipelineCommand({
        pipeline: o.pipeline,
        source: o.source,
        ...(o.db ? { db: o.db } : {}),
        ...(o.publish ? { publish: o.publish } : {}),
        deadLetters: o.deadLetters,
        ...(o.deadLetterTopic ? { deadLetterTopic: o.deadLetterTopic } : {}),
        kafka: {
          brokers: o.brokers,
          group: o.group,
          ...(o.untilIdle !== undefined ? { untilIdleMs: Math.round(o.untilIdle * 1000) } : {}),
        },
        progress: o.progress ?? (process.stderr.isTTY ? 'bar' : 'log'),
        ...(o.metricsPort !== undefined ? { metricsPort: o.metricsPort } : {}),
        ...(o.calendar ? { calendar: o.calendar } : {}),
        ...(o.retentionDays !== undefined ? { retentionDays: o.retentionDays } : {}),
        ...(o.memoryLimit !== undefined ? { memoryLimit: o.memoryLimit } : {}),
      });
      process.stderr.write(`${JSON.stringify({ event: 'done', ...stats })}\n`);
    });

  program
    .command('materialise')
    .description('read results published by `run --publish` processors into a DuckDB file (scale-out)')
    .requiredOption('--from <prefix>', 'the --publish prefix of the processors')
    .requiredOption('--db <file>', 'DuckDB file (created if missing)')
    .option('--brokers <list>', 'Kafka bootstrap servers', '127.0.0.1:9092')
    .option('--group <id>', 'consumer group of this store (default <prefix>.materialise)')
    .option('--until-idle <seconds>', 'stop after this long without new results', num('--until-idle'))
    .option(
      '--retention-days <n>',
      "days of residents' raw texts kept (default 365)",
      num('--retention-days'),
    )
    .action(async (o) => {
      const { runMaterialiseCommand } = await import('./commands/materialise.ts');
      const r = await runMaterialiseCommand({
        prefix: o.from,
        db: o.db,
        brokers: o.brokers,
        ...(o.group ? { group: o.group } : {}),
        ...(o.retentionDays !== undefined ? { retentionDays: o.retentionDays } : {}),
        ...(o.untilIdle !== undefined ? { untilIdleMs: Math.round(o.untilIdle * 1000) } : {}),
      });
      process.stderr.write(`${JSON.stringify({ event: 'done', ...r })}\n`);
    });

  program
    .command('produce')
    .description('replay an NDJSON file into a Kafka topic, each record on its region shard partition')
    .requiredOption('--input <file>', "NDJSON file (or '-' for stdin)")
    .requiredOption('--topic <name>', 'Kafka topic')
    .option('--brokers <list>', 'Kafka bootstrap servers', '127.0.0.1:9092')
    .option('--rate <n>', 'messages per second (default: as fast as possible)', num('--rate'))
    .option(
      '--speedup <x>',
      'pace by event time, x times real time (e.g. 3600: an hour a second)',
      num('--speedup'),
    )
    .action(async (o) => {
      const { runProduce } = await import('./commands/produce.ts');
      const { loadGazetteer } = await import('./reference/gazetteer.ts');
      const r = await runProduce({
        input: o.input,
        topic: o.topic,
        brokers: o.brokers,
        gazetteer: loadGazetteer(),
        ...(o.rate ? { ratePerSec: o.rate } : {}),
        ...(o.speedup ? { speedup: o.speedup } : {}),
      });
      process.stderr.write(`${r.produced} records → ${o.topic} (${r.partitions} partitions)\n`);
    });

  withSmtpOptions(program.command('serve'))
    .description('serve the API and the UI over a DuckDB file')
    .option(
      '--briefings <dir>',
      'also run the briefing scheduler (subscriptions in --db); relative file targets resolve under <dir>',
    )
    .requiredOption('--db <file>', 'DuckDB file')
    .option('--port <n>', 'port', int('--port', 0), 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--materialise <prefix>', 'keep --db up to date from `run --publish <prefix>` processors (Kafka)')
    .option('--brokers <list>', 'Kafka bootstrap servers (with --materialise)', '127.0.0.1:9092')
    .option('--group <id>', 'consumer group of this store (default <prefix>.materialise)')
    .option(
      '--auth <mode>',
      'on: bearer tokens (`vsplesk token create`); off: no authentication (warns loudly)',
      oneOf('--auth', ['on', 'off']),
      'on',
    )
    .option(
      '--rate-limit <n>',
      'requests a minute per token (per address without one); 0: off, for load tests or behind a gateway',
      int('--rate-limit', 0),
      600,
    )
    .option('--no-access-log', 'log failed requests only, not every request (a gateway keeps the access log)')
    .action(async (o) => {
      const { runServe } = await import('./commands/serve.ts');
      const s = await runServe({
        db: o.db,
        port: o.port,
        host: o.host,
        auth: o.auth,
        rateLimit: o.rateLimit,
        logRequests: o.accessLog,
        ...(o.briefings !== undefined ? { briefings: { dir: o.briefings, smtp: await smtpOf(o) } } : {}),
        ...(o.materialise
          ? {
              materialise: {
                prefix: o.materialise,
                brokers: o.brokers,
                ...(o.group ? { group: o.group } : {}),
              },
            }
          : {}),
      });
      process.stderr.write(`vsplesk serving on ${s.url}\n`);
    });

  program
    .command('briefing')
    .description(
      "a head's morning briefing: one municipality, one local day (default: yesterday in its zone); --region: the region's digest",
    )
    .requiredOption('--db <file>', 'DuckDB file')
    .option('--municipality <code>', "OKTMO code of the municipality (a head's briefing)")
    .option('--region <code>', "a region's digest instead: every municipality, what needs attention first")
    .option('--date <date>', "local date YYYY-MM-DD (default: yesterday in the town's zone)")
    .option(
      '--format <f>',
      'html | md | json | pdf',
      oneOf('--format', ['html', 'md', 'json', 'pdf']),
      'html',
    )
    .option('--out <file>', 'output file (default stdout)')
    .action(async (o) => {
      const { runBriefing } = await import('./commands/briefing.ts');
      const r = await runBriefing({
        db: o.db,
        ...(o.municipality !== undefined ? { municipality: o.municipality } : {}),
        ...(o.region !== undefined ? { region: o.region } : {}),
        format: o.format,
        ...(o.date !== undefined ? { date: o.date } : {}),
        ...(o.out !== undefined ? { out: o.out } : {}),
      });
      if (o.out !== undefined && o.out !== '-') process.stderr.write(`briefing for ${r.date} → ${o.out}\n`);
    });

  program
    .command('export')
    .description(
      'one table of a store as a file pandas, polars and R read directly: Arrow IPC, Parquet or CSV (docs/export.md)',
    )
    .requiredOption('--db <file>', 'DuckDB file (opened read-only; stop a server that holds it)')
    .requiredOption(
      '--table <t>',
      'counts | alerts | anomalies | stories',
      oneOf('--table', ['counts', 'alerts', 'anomalies', 'stories']),
    )
    .requiredOption('--format <f>', 'arrow | parquet | csv', oneOf('--format', ['arrow', 'parquet', 'csv']))
    .option(
      '--bucket <b>',
      'counts: 5m | hour | day (default hour)',
      oneOf('--bucket', ['5m', 'hour', 'day']),
    )
    .option('--from <t>', "rows overlapping from this ISO date or date-time (a date: the region's local day)")
    .option('--to <t>', 'rows overlapping up to this ISO date (inclusive) or date-time (exclusive)')
    .option('--region <code>', 'one region (two digits, as OKTMO codes begin)')
    .option('--out <file>', 'output file (default vsplesk-<table>[-<bucket>].<arrow|parquet|csv>)')
    .action(async (o) => {
      const { runExport } = await import('./commands/export.ts');
      const r = await runExport({
        db: o.db,
        table: o.table,
        format: o.format,
        ...(o.bucket !== undefined ? { bucket: o.bucket } : {}),
        ...(o.from !== undefined ? { from: o.from } : {}),
        ...(o.to !== undefined ? { to: o.to } : {}),
        ...(o.region !== undefined ? { region: o.region } : {}),
        ...(o.out !== undefined ? { out: o.out } : {}),
      });
      process.stderr.write(`${r.rows} rows → ${r.out}\n`);
    });

  const subscription = program
    .command('subscription')
    .description(
      'briefing subscriptions: who gets which briefing or digest, by which sink, at what local time',
    );
  subscription
    .command('add')
    .description("subscribe a sink to a municipality's briefing (or a region's digest)")
    .requiredOption('--db <file>', 'DuckDB file')
    .option('--municipality <code>', "OKTMO code: the town's briefing")
    .option('--region <code>', "region code: the region's digest")
    .requiredOption('--sink <kind>', 'file | webhook | email', oneOf('--sink', ['file', 'webhook', 'email']))
    .requiredOption('--target <t>', 'file: a directory; webhook: an http(s) URL; email: an address')
    .option('--format <list>', 'file: html,md,json,pdf (comma-separated)', 'html')
    .option('--at <HH:MM>', "local send time in the place's zone", '07:00')
    .option('--disabled', 'add it switched off')
    .action(async (o) => {
      const { runSubscriptionAdd } = await import('./commands/subscription.ts');
      const lines = await runSubscriptionAdd({
        db: o.db,
        municipality: o.municipality,
        region: o.region,
        sink: o.sink,
        target: o.target,
        formats: o.format,
        sendAt: o.at,
        enabled: o.disabled !== true,
      });
      process.stdout.write(`${lines.join('\n')}\n`);
    });
  subscription
    .command('list')
    .description('list subscriptions with their next send time (UTC)')
    .requiredOption('--db <file>', 'DuckDB file')
    .action(async (o) => {
      const { runSubscriptionList } = await import('./commands/subscription.ts');
      process.stdout.write(`${(await runSubscriptionList({ db: o.db })).join('\n')}\n`);
    });
  subscription
    .command('remove')
    .description('remove a subscription (its deliveries stay on record)')
    .requiredOption('--db <file>', 'DuckDB file')
    .requiredOption('--id <id>', 'subscription id (sub_…)')
    .action(async (o) => {
      const { runSubscriptionRemove } = await import('./commands/subscription.ts');
      process.stdout.write(`${(await runSubscriptionRemove({ db: o.db, id: o.id })).join('\n')}\n`);
    });

  const briefings = program
    .command('briefings')
    .description('scheduled delivery of briefings: run the scheduler, or show what was delivered');
  withSmtpOptions(briefings.command('run'))
    .description(
      "deliver each subscription's briefing at its local send time (long-running; --once: one pass)",
    )
    .requiredOption('--db <file>', 'DuckDB file')
    .option('--dir <dir>', 'where relative file targets resolve', '.')
    .option('--once', 'deliver what is due now (catch-up included) and exit')
    .option('--now <iso>', 'pretend it is this instant (replays, tests)', instant('--now'))
    .option(
      '--lookback-days <n>',
      'days of missed briefings a restart still sends',
      int('--lookback-days', 1),
      3,
    )
    .action(async (o) => {
      const { runBriefingsRun } = await import('./commands/briefings-run.ts');
      const outcomes = await runBriefingsRun({
        db: o.db,
        dir: o.dir,
        smtp: await smtpOf(o),
        once: o.once === true,
        lookbackDays: o.lookbackDays,
        ...(o.now !== undefined ? { nowMs: o.now } : {}),
      });
      if (outcomes.some((x) => x.state === 'failed')) process.exitCode = 1;
    });
  briefings
    .command('status')
    .description('deliveries, newest first: state (pending/sent/failed), rounds, sent time, last error')
    .requiredOption('--db <file>', 'DuckDB file')
    .option('--subscription <id>', 'one subscription')
    .option('--limit <n>', 'most rows', int('--limit', 1), 100)
    .action(async (o) => {
      const { runDeliveriesStatus } = await import('./commands/subscription.ts');
      const r = await runDeliveriesStatus({ db: o.db, subscription: o.subscription, limit: o.limit });
      process.stdout.write(`${r.lines.join('\n')}\n`);
      if (r.failed > 0) process.exitCode = 1;
    });

  const token = program
    .command('token')
    .description('API tokens: create (prints the token on its last line), revoke, list');
  token
    .command('create')
    .description('create a token; the secret is printed once, on the last line of stdout')
    .requiredOption('--db <file>', 'DuckDB file')
    .requiredOption(
      '--role <role>',
      'admin | analyst | head | planner',
      oneOf('--role', ['admin', 'analyst', 'head', 'planner']),
    )
    .option('--region <code>', 'analyst, planner: the region it covers')
    .option('--municipality <code>', 'head: the municipality (OKTMO) it covers; its region is derived')
    .option('--name <text>', 'who or what it is for')
    .action(async (o) => {
      const { runTokenCreate } = await import('./commands/token.ts');
      const lines = await runTokenCreate({
        db: o.db,
        role: o.role,
        ...(o.region !== undefined ? { region: o.region } : {}),
        ...(o.municipality !== undefined ? { municipality: o.municipality } : {}),
        ...(o.name !== undefined ? { name: o.name } : {}),
      });
      process.stdout.write(`${lines.join('\n')}\n`);
    });
  token
    .command('revoke')
    .description('revoke a token (by its id, from `token list`)')
    .requiredOption('--db <file>', 'DuckDB file')
    .requiredOption('--id <id>', 'token id (tok_…)')
    .action(async (o) => {
      const { runTokenRevoke } = await import('./commands/token.ts');
      process.stdout.write(`${(await runTokenRevoke({ db: o.db, id: o.id })).join('\n')}\n`);
    });
  token
    .command('list')
    .description('list tokens: id, role, scope, name, created, revoked, last used (never a secret)')
    .requiredOption('--db <file>', 'DuckDB file')
    .action(async (o) => {
      const { runTokenList } = await import('./commands/token.ts');
      process.stdout.write(`${(await runTokenList({ db: o.db })).join('\n')}\n`);
    });

  program
    .command('classify')
    .description('topic and department for each input text (NDJSON with `text`, or CSV with a `text` column)')
    .requiredOption('--input <file>', 'input file')
    .option('--output <file>', 'output NDJSON (default stdout)')
    .action(async (o) => {
      const { runClassify } = await import('./commands/classify.ts');
      await runClassify({ input: o.input, ...(o.output ? { output: o.output } : {}) });
    });

  program
    .command('detect')
    .description(
      'flag spikes in any timestamp,value CSV series (expected value, score in [0,1], flag per row)',
    )
    .requiredOption('--input <file>', 'CSV: timestamp,value (header optional; any regular step)')
    .option('--output <file>', 'output CSV (default stdout)')
    .option('--p-value <p>', "flag threshold on the model's tail p-value", num('--p-value'), 1e-4)
    .option('--model <m>', 'auto (from the data), counts (integers ≥ 0) or values (any number)', 'auto')
    .action(async (o) => {
      const { runDetect } = await import('./commands/detect.ts');
      await runDetect({
        input: o.input,
        ...(o.output ? { output: o.output } : {}),
        pValue: o.pValue,
        model: o.model,
      });
    });

  program
    .command('seasonal')
    .description(
      'seasonal planner on a daily timestamp,value CSV: each past season (onset, peak, total) and a forecast of the next',
    )
    .requiredOption(
      '--input <file>',
      'CSV: timestamp,value, one row a day (header optional), at least a year',
    )
    .option('--output <file>', 'output NDJSON (default stdout)')
    .option('--seed <n>', 'seed of the recurrence permutation test', int('--seed', 0), 1)
    .action(async (o) => {
      const { runSeasonal } = await import('./commands/seasonal.ts');
      await runSeasonal({ input: o.input, ...(o.output ? { output: o.output } : {}), seed: o.seed });
    });

  program
    .command('demo')
    .description('the embedded default: generate a demo year if missing, process it, serve on :8080')
    .option('--dir <dir>', 'where the demo stream and database live', 'data')
    .option('--port <n>', 'port', int('--port', 0), 8080)
    .option('--days <n>', 'days of demo stream', int('--days', 1), DEMO_DAYS)
    .option('--municipalities <n>', 'municipalities', int('--municipalities', 1), DEMO_MUNICIPALITIES)
    .action(async (o) => {
      const { runDemo } = await import('./commands/demo.ts');
      await runDemo({ dir: o.dir, port: o.port, days: o.days, municipalities: o.municipalities });
    });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli(argv).parseAsync(argv);
  } catch (e) {
    if (e instanceof VspError) {
      process.stderr.write(`vsplesk: ${e.code}: ${e.message}\n`);
      process.exitCode = e.statusCode === 400 ? 2 : 1;
    } else throw e;
  }
}
