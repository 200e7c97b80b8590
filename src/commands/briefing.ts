/**
 * `vsplesk briefing --db FILE --municipality CODE [--date D] --format html|md|json|pdf [--out F]`: one town's
 * morning briefing for one local day (`--region CODE` instead: the region's digest, every town on one page) (default: yesterday in the town's own zone, or the last whole day of data
 * when the data end earlier). Written to --out (via a temporary file and a rename: never half a briefing) or
 * stdout.
 */
import { renameSync, writeFileSync } from 'node:fs';
import {
  type BriefingFormat,
  composeBriefing,
  composeRegionDigest,
  defaultBriefingDate,
  isLocalDate,
  renderBriefing,
  renderRegionDigest,
} from '../briefing/index.ts';
import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';
import { vspError } from '../errors.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { openStore } from '../store/index.ts';

export interface BriefingOptions {
  db: string;
  /** Exactly one of municipality (a town's briefing) and region (the region's digest). */
  municipality?: string;
  region?: string;
  date?: string;
  format: BriefingFormat;
  /** Output file; undefined: stdout. */
  out?: string;
  chromiumPath?: string;
  clock?: Clock;
}

/** Builds and writes the briefing; returns its bytes and the date it is about. */
export async function runBriefing(o: BriefingOptions): Promise<{ date: string; bytes: number }> {
  const gazetteer = loadGazetteer();
  const topics = loadTopics();
  if ((o.municipality === undefined) === (o.region === undefined))
    throw vspError('VSP_CLI_USAGE', 'give exactly one of --municipality CODE and --region CODE');
  const m = o.municipality === undefined ? undefined : gazetteer.byCode(o.municipality);
  if (o.municipality !== undefined && !m)
    throw vspError('VSP_CLI_USAGE', `unknown municipality '${o.municipality}' (an OKTMO code)`);
  const towns = o.region === undefined ? [] : gazetteer.all.filter((x) => x.region === o.region);
  if (o.region !== undefined && towns.length === 0)
    throw vspError('VSP_CLI_USAGE', `unknown region '${o.region}' (two digits, as OKTMO codes begin)`);
  if (o.date !== undefined && !isLocalDate(o.date))
    throw vspError('VSP_CLI_USAGE', `--date '${o.date}' is not a date (YYYY-MM-DD)`);
  const store = await openStore(o.db, { gazetteer, topics });
  const render = o.chromiumPath ? { chromiumPath: o.chromiumPath } : {};
  let body: string | Buffer;
  let date: string;
  try {
    const offset = m?.utcOffsetMin ?? (towns[0] as { utcOffsetMin: number }).utcOffsetMin;
    date =
      o.date ??
      defaultBriefingDate((o.clock ?? systemClock).nowMs(), (await store.dataRange())?.toMs ?? null, offset);
    body = m
      ? await renderBriefing(await composeBriefing({ store, gazetteer, topics }, m, date), o.format, render)
      : await renderRegionDigest(
          await composeRegionDigest({ store, gazetteer, topics }, o.region as string, date),
          o.format,
          render,
        );
  } finally {
    await store.close();
  }
  if (o.out === undefined || o.out === '-') process.stdout.write(body);
  else {
    const tmp = `${o.out}.tmp-${process.pid}`;
    writeFileSync(tmp, body);
    renameSync(tmp, o.out);
  }
  return { date, bytes: Buffer.byteLength(body) };
}
