/**
 * `vsplesk briefing --db FILE --municipality CODE [--date D] --format html|md|json|pdf [--out F]`: one town's
 * morning briefing for one local day (default: yesterday in the town's own zone, or the last whole day of data
 * when the data end earlier). Written to --out (via a temporary file and a rename: never half a briefing) or
 * stdout.
 */
import { renameSync, writeFileSync } from 'node:fs';
import {
  type BriefingFormat,
  composeBriefing,
  defaultBriefingDate,
  isLocalDate,
  renderBriefing,
} from '../briefing/index.ts';
import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';
import { vspError } from '../errors.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { openStore } from '../store/index.ts';

export interface BriefingOptions {
  db: string;
  municipality: string;
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
  const m = gazetteer.byCode(o.municipality);
  if (!m) throw vspError('VSP_CLI_USAGE', `unknown municipality '${o.municipality}' (an OKTMO code)`);
  if (o.date !== undefined && !isLocalDate(o.date))
    throw vspError('VSP_CLI_USAGE', `--date '${o.date}' is not a date (YYYY-MM-DD)`);
  const store = await openStore(o.db, { gazetteer, topics });
  let body: string | Buffer;
  let date: string;
  try {
    date =
      o.date ??
      defaultBriefingDate(
        (o.clock ?? systemClock).nowMs(),
        (await store.dataRange())?.toMs ?? null,
        m.utcOffsetMin,
      );
    const b = await composeBriefing({ store, gazetteer, topics }, m, date);
    body = await renderBriefing(b, o.format, o.chromiumPath ? { chromiumPath: o.chromiumPath } : {});
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
