/**
 * `vsplesk detect` on the Numenta Anomaly Benchmark (not a test: prints one JSON line).
 *   npx tsx bench/nab.ts [--nab-root /work/shared/data/nab] [--scorer /work/shared/tools/nab/nab_score.py]
 *                        [--model counts|values] [--keep DIR]
 * Every data/<category>/<file>.csv goes through runDetect — the CLI's own code path, bad-row reporting included —
 * and its `score` column becomes NAB's anomaly_score in RESULTS/<category>/vsplesk_<file>.csv. The scorer (NAB
 * v1.1: threshold sweep, scaled-sigmoid windows, normalised against the null detector) is run twice: on the
 * whole corpus, and on realTweets alone with a windows file holding only realTweets' keys (the subset gets its
 * own best threshold, as the scorer's README's published per-subset figures do).
 * Keys: nab_{standard,low_fp,low_fn} and realtweets_{standard,low_fp,low_fn}, plus rows, bad rows and seconds.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runDetect } from '../src/commands/detect.ts';
import type { SeriesModelChoice } from '../src/detect/series.ts';

const { values } = parseArgs({
  options: {
    'nab-root': { type: 'string', default: '/work/shared/data/nab' },
    scorer: { type: 'string', default: '/work/shared/tools/nab/nab_score.py' },
    model: { type: 'string' },
    /** Keep the results here instead of a temp dir that is removed. */
    keep: { type: 'string' },
  },
});
const NAME = 'vsplesk';
const root = values['nab-root'];
const model = values.model as SeriesModelChoice | undefined;
const work = values.keep ?? mkdtempSync(join(tmpdir(), 'vsplesk-nab-'));
const resultsDir = join(work, 'results');
const startedMs = Date.now();

const windows = JSON.parse(readFileSync(join(root, 'labels', 'combined_windows.json'), 'utf8')) as Record<
  string,
  [string, string][]
>;

let rows = 0;
let badRows = 0;
try {
  for (const category of readdirSync(join(root, 'data'), { withFileTypes: true })) {
    if (!category.isDirectory()) continue;
    mkdirSync(join(resultsDir, category.name), { recursive: true });
    for (const file of readdirSync(join(root, 'data', category.name)).filter((f) => f.endsWith('.csv'))) {
      const input = join(root, 'data', category.name, file);
      const detected = join(work, 'detect.csv');
      const summary = await runDetect({
        input,
        output: detected,
        log: () => {},
        ...(model ? { model } : {}),
      });
      rows += summary.rows;
      badRows += summary.skipped;
      const spans = (windows[`${category.name}/${file}`] ?? []).map(([a, b]) => [utcMs(a), utcMs(b)]);
      writeFileSync(join(resultsDir, category.name, `${NAME}_${file}`), toNabResults(input, detected, spans));
    }
  }
  rmSync(join(work, 'detect.csv'), { force: true });

  const corpus = score(undefined);
  const tweetsWindows = join(work, 'realTweets_windows.json');
  writeFileSync(
    tweetsWindows,
    JSON.stringify(Object.fromEntries(Object.entries(windows).filter(([k]) => k.startsWith('realTweets/')))),
  );
  const tweets = score(tweetsWindows);
  console.log(
    JSON.stringify({
      nab_standard: corpus.standard,
      nab_low_fp: corpus.reward_low_FP_rate,
      nab_low_fn: corpus.reward_low_FN_rate,
      realtweets_standard: tweets.standard,
      realtweets_low_fp: tweets.reward_low_FP_rate,
      realtweets_low_fn: tweets.reward_low_FN_rate,
      model: model ?? 'auto',
      rows,
      bad_rows: badRows,
      seconds: Math.round((Date.now() - startedMs) / 1000),
    }),
  );
} finally {
  if (values.keep === undefined) rmSync(work, { recursive: true, force: true });
}

/** NAB's timestamps ("2015-02-26 21:42:53" or with ".000000") as UTC epoch ms. */
function utcMs(s: string): number {
  return Date.parse(`${s.trim().replace(' ', 'T').slice(0, 23)}Z`);
}

/**
 * runDetect's timestamp,value,expected,score,flag → NAB's timestamp,value,anomaly_score,label (label: in a
 * window), one row per data row: NAB pairs rows by position, so a row the command skipped (one NAB file replays
 * an hour out of order) gets score 0. The command's rows are the data rows in order minus the
 * skipped ones, with timestamp and value copied as given: a row is matched when both are equal.
 */
function toNabResults(dataCsv: string, detectedCsv: string, spans: number[][]): string {
  const data = readFileSync(dataCsv, 'utf8').trim().split('\n').slice(1);
  const detected = readFileSync(detectedCsv, 'utf8').trim().split('\n').slice(1);
  let out = 'timestamp,value,anomaly_score,label\n';
  let next = 0;
  for (const line of data) {
    const [stamp, value] = line.split(',').map((f) => f.trim()) as [string, string];
    const [dStamp, dValue, , dScore] = (detected[next] ?? '').split(',');
    const matched = dStamp === stamp && dValue === value;
    if (matched) next++;
    const anomalyScore = matched ? (dScore as string) : '0';
    const t = utcMs(stamp);
    const label = spans.some(([a, b]) => t >= (a as number) && t <= (b as number)) ? 1 : 0;
    out += `${stamp},${value},${anomalyScore},${label}\n`;
  }
  if (next !== detected.length)
    throw new Error(`${dataCsv}: ${detected.length - next} output rows unmatched`);
  return out;
}

/** Normalised scores by profile from the scorer (its per-file CSV goes to the work dir). */
function score(windowsPath: string | undefined): Record<string, number> {
  const args = [
    values.scorer,
    '--nab-root',
    root,
    '--results',
    resultsDir,
    '--detector',
    NAME,
    '--out-csv',
    join(work, windowsPath ? 'scores_subset.csv' : 'scores.csv'),
    ...(windowsPath ? ['--windows', windowsPath] : []),
  ];
  const run = spawnSync('python3', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`nab_score.py failed (${run.status}): ${run.stderr}`);
  const parsed = JSON.parse(run.stdout) as Record<string, number>;
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, Math.round(v * 10) / 10]));
}
