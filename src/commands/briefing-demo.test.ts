/**
 * The demo's busiest town and day prints on exactly one A4 page (issue 14, "Done when"). The demo's year is
 * generated here as `npm start` generates it (demo.ts), the busiest (town, local day) is found in it, and the slice
 * that town's briefing reads — the demo's own lines, in the demo's order — is processed by the real pipeline.
 *
 * The generator cannot make one town alone: every town's draws come from one seeded stream, in hour order, and a
 * message's text takes a varying number of draws, so a town's messages depend on all the others'. The whole year is
 * generated (the cost of this test, ~15 s of CPU) and cut, not re-generated in part.
 */
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import defaultPipeline from '../../pipelines/default.ts';
import { composeBriefing } from '../briefing/compose.ts';
import { addDays, DAY_MS } from '../briefing/local-day.ts';
import { renderHtml } from '../briefing/render-html.ts';
import { DEFAULT_CHROMIUM, pdfPageCount, renderPdf } from '../briefing/render-pdf.ts';
import type { Briefing } from '../briefing/types.ts';
import { fixedClock } from '../clock.ts';
import { normalizePipeline } from '../config.ts';
import { runPipeline } from '../pipeline/run.ts';
import { loadGazetteer, type Municipality } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { isoDateFromDay } from '../seasonal/days.ts';
import { type GeneratedRecord, generateStream } from '../source/generator/index.ts';
import { openStore, type Store } from '../store/index.ts';
import {
  DEMO_DAYS,
  DEMO_HISTORY_YEARS,
  DEMO_MUNICIPALITIES,
  DEMO_SEED,
  DEMO_START_DATE,
} from './demo-defaults.ts';
import { writeDemoHistoryInto } from './demo-history.ts';

/** The demo's stream, as `vsplesk demo` makes it by default. */
const DEMO_STREAM = {
  days: DEMO_DAYS,
  municipalities: DEMO_MUNICIPALITIES,
  seed: DEMO_SEED,
  startDate: DEMO_START_DATE,
} as const;
/**
 * Days of stream before the briefed day: the norm's 4 weeks, the explanation's 28 days, the 30-day charts, and
 * the detectors' memory (8 weeks of profile, 7 days of warm-up) — so the day is tested as a warmed-up pipeline
 * would.
 */
const HISTORY_DAYS = 63;

interface Town {
  code: string;
  region: string;
  utcOffsetMin: number;
}

/** The valid lines of a generated stream, each with its town (index) and local day, written to `file`. */
interface WrittenStream {
  towns: readonly Town[];
  lineTown: Int32Array;
  lineDay: Int32Array;
}

/**
 * Writes the valid lines in the stream's order (broken lines are left out: the pipeline dead-letters them, and no
 * count reads them). A valid line is JSON on one line, so the file splits back into the same lines.
 */
function writeValidLines(
  records: Iterable<GeneratedRecord>,
  towns: readonly Town[],
  file: string,
): WrittenStream {
  const index = new Map(towns.map((t, i) => [t.code, i]));
  const lineTown: number[] = [];
  const lineDay: number[] = [];
  const fd = openSync(file, 'w');
  let chunk = '';
  try {
    for (const r of records) {
      const ti = r.valid ? index.get(r.meta.municipality ?? '') : undefined;
      if (ti === undefined || r.meta.eventTimeMs === undefined) continue;
      const offsetMs = (towns[ti] as Town).utcOffsetMin * 60_000;
      lineTown.push(ti);
      lineDay.push(Math.floor((r.meta.eventTimeMs + offsetMs) / DAY_MS));
      chunk += `${r.line}\n`;
      if (chunk.length >= 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return { towns, lineTown: Int32Array.from(lineTown), lineDay: Int32Array.from(lineDay) };
}

/** The (town, local day) with the most messages; the earlier line's on a tie. */
function busiestTownDay(s: WrittenStream): { town: number; day: number; count: number } {
  const counts = new Map<number, number>();
  let best = { town: -1, day: 0, count: 0 };
  // Town and day in one key: days since 1970 stay below 2^20.
  for (let i = 0; i < s.lineTown.length; i++) {
    const town = s.lineTown[i] as number;
    const day = s.lineDay[i] as number;
    const key = town * 2 ** 20 + day;
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    if (count > best.count) best = { town, day, count };
  }
  return best;
}

/** Copies the lines of `towns` whose local day is within [fromDay, toDay] to `out`, in order; returns how many. */
async function cutSlice(
  s: WrittenStream,
  file: string,
  keep: { towns: ReadonlySet<number>; fromDay: number; toDay: number },
  out: string,
): Promise<number> {
  const fd = openSync(out, 'w');
  let i = 0;
  let n = 0;
  try {
    for await (const line of createInterface({
      input: createReadStream(file, 'utf8'),
      crlfDelay: Infinity,
    })) {
      const town = s.lineTown[i] as number;
      const day = s.lineDay[i] as number;
      i++;
      if (!keep.towns.has(town) || day < keep.fromDay || day > keep.toDay) continue;
      writeSync(fd, `${line}\n`);
      n++;
    }
  } finally {
    closeSync(fd);
  }
  expect(i, 'the file splits back into the lines written').toBe(s.lineTown.length);
  return n;
}

const dir = mkdtempSync(join(tmpdir(), 'vsplesk-briefing-demo-'));
const gazetteer = loadGazetteer();
const topics = loadTopics();
let store: Store;
let busiest: { town: Municipality; date: string; generated: number };
let b: Briefing;

beforeAll(async () => {
  const gen = generateStream(DEMO_STREAM);
  const streamFile = join(dir, 'demo.ndjson');
  const stream = writeValidLines(gen.records, gen.truth().municipalities, streamFile);
  const best = busiestTownDay(stream);
  const town = gazetteer.byCode(stream.towns[best.town]?.code ?? '') as Municipality;
  busiest = { town, date: isoDateFromDay(best.day), generated: best.count };

  // The region's towns of the demo: the rank compares them, a story gathers neighbours within one region. Up to
  // the morning after the day (the alerts' period ends at 07:00 of D+1).
  const sliceFile = join(dir, 'slice.ndjson');
  const regionTowns = new Set(stream.towns.flatMap((t, i) => (t.region === town.region ? [i] : [])));
  const fromDay = best.day - HISTORY_DAYS;
  await cutSlice(stream, streamFile, { towns: regionTowns, fromDay, toDay: best.day + 1 }, sliceFile);
  rmSync(streamFile);

  store = await openStore(':memory:', { gazetteer, topics });
  await runPipeline(
    normalizePipeline(defaultPipeline),
    { kind: 'file', path: sliceFile },
    { store, gazetteer, clock: fixedClock(Date.parse('2025-07-01T00:00:00Z')) },
  );
  // Earlier years of day counts, as the demo adds them (the seasonal waves section reads them).
  await writeDemoHistoryInto(store, join(dir, 'history.csv'), {
    streamStartDate: isoDateFromDay(fromDay),
    days: HISTORY_DAYS + 2,
    years: DEMO_HISTORY_YEARS,
    seed: DEMO_STREAM.seed,
  });
  b = await composeBriefing({ store, gazetteer, topics }, town, busiest.date);
}, 240_000);

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the demo's busiest town and day", () => {
  it('is briefed from a slice that holds the day and what the page compares it with', () => {
    const what = `${busiest.town.name}, ${busiest.date}`;
    // The pipeline keeps nearly all of the day's messages (a few lose their place or are duplicates).
    expect(b.volume.count, what).toBeGreaterThan(0.97 * busiest.generated);
    expect(b.volume.count, what).toBeLessThanOrEqual(busiest.generated);
    expect(b.volume.normDays.map((d) => d.date)).toEqual(
      [28, 21, 14, 7].map((n) => addDays(busiest.date, -n)),
    );
    expect(b.series.length, what).toBeGreaterThan(0);
    for (const s of b.series) expect(s.counts).toHaveLength(30);
  });

  it('prints on exactly one A4 page (Debian Chromium), as the demo shows it and as delivered with a late note', async () => {
    const what = `${busiest.town.name}, ${busiest.date}`;
    // A delivered briefing may also say how many messages of the day before came after the last one was sent.
    const delivered: Briefing = { ...b, late: { date: addDays(busiest.date, -1), count: 1021 } };
    for (const page of [b, delivered]) {
      const pdf = await renderPdf(renderHtml(page), { chromiumPath: DEFAULT_CHROMIUM });
      expect(pdfPageCount(pdf), what).toBe(1);
      // A4 portrait is 595.28 × 841.89 points; Chromium rounds to whole CSS pixels (595.92 × 842.88).
      const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
      expect(Math.abs(Number(box?.[1]) - 595.28)).toBeLessThan(1.5);
      expect(Math.abs(Number(box?.[2]) - 841.89)).toBeLessThan(1.5);
    }
  });
});
