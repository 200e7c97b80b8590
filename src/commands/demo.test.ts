import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeBriefing } from '../briefing/compose.ts';
import { renderMarkdown } from '../briefing/render-md.ts';
import { mulberry32 } from '../classify/softmax-regression.ts';
import type { Municipality } from '../reference/gazetteer.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { dailyFromPoints } from '../seasonal/daily-from-points.ts';
import { dayFromIsoDate, isoDateFromDay } from '../seasonal/days.ts';
import { planRegion } from '../seasonal/plan-region.ts';
import { recommendForRegion } from '../seasonal/region-recommendations.ts';
import { openStore } from '../store/index.ts';
import { dailyCountsByKey } from '../store/seasonal-counts.ts';
import { buildDemoDb, runDemo } from './demo.ts';
import { DEMO_HISTORY_YEARS, DEMO_START_DATE } from './demo-defaults.ts';

const dir = mkdtempSync(join(tmpdir(), 'vsplesk-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('buildDemoDb (a small demo: 30 days, 4 municipalities)', () => {
  it('stores ≥ 4 complete seasons of daily history for every town of the stream, differing year to year', async () => {
    const days = 30;
    const db = await buildDemoDb({ dir, days, municipalities: 4 });
    const gazetteer = loadGazetteer();
    const store = await openStore(db, { gazetteer, topics: loadTopics() });
    try {
      const streamFrom = dayFromIsoDate(DEMO_START_DATE) as number;
      const endDay = streamFrom + days;
      // Messages whose place is not known are stored under 'unknown': no town, no history.
      const inStream = (await dailyCountsByKey(store, { fromDay: streamFrom, toDay: endDay })).filter(
        (k) => gazetteer.byCode(k.municipality) !== undefined,
      );
      const towns = [...new Set(inStream.map((k) => k.municipality))];
      expect(towns.length).toBeGreaterThanOrEqual(4);
      const all = await dailyCountsByKey(store, { fromDay: streamFrom - 10 * 366, toDay: endDay });
      // Every town and topic of the stream has history from its first year on (small towns' quiet topics may
      // start a few days in: a day without a complaint has no row).
      for (const k of inStream) {
        const h = all.find((x) => x.municipality === k.municipality && x.topic === k.topic);
        const first = Math.min(...(h?.points ?? []).map((p) => p.day));
        expect(first, `${k.municipality} ${k.topic}`).toBeLessThan(
          streamFrom - (DEMO_HISTORY_YEARS - 1) * 366,
        );
      }
      // The planner on heating, as GET /api/seasonal plans it: ≥ 4 complete seasons per town.
      const heating = all.filter((k) => k.topic === 'heating' && towns.includes(k.municipality));
      expect(heating.length).toBeGreaterThanOrEqual(4);
      const plan = planRegion(
        heating.map((k) => ({
          municipality: k.municipality,
          population: 0,
          series: dailyFromPoints(k.points, Math.min(...k.points.map((p) => p.day)), endDay),
        })),
        { rand: mulberry32(1), permutations: 99 },
      );
      expect(plan.plans.length).toBe(heating.length);
      for (const p of plan.plans) {
        expect(p.profile.observed.length, p.municipality).toBeGreaterThanOrEqual(4);
        // Seasons differ (weather): not every season peaks the same week or the same height.
        const peaks = new Set(p.profile.observed.map((s) => s.peakWeekly));
        expect(peaks.size, p.municipality).toBeGreaterThan(1);
      }
      const onsets = new Set(
        plan.plans.flatMap((p) => p.profile.observed.map((s) => (s.onsetMonday ?? -1) % 364)),
      );
      expect(onsets.size).toBeGreaterThan(1);

      // The morning briefing's expected waves are the planner's recommendations for the town (issue 14 × 15):
      // a wave due within 8 weeks of the reading day is listed with the same onset and start as the API's row.
      const topics = loadTopics();
      const recs = (
        await Promise.all(
          [...new Set(towns.map((t) => gazetteer.byCode(t)?.region as string))].map((region) =>
            recommendForRegion({ store, gazetteer }, { region, fromDay: endDay, endDay, horizonWeeks: 52 }),
          ),
        )
      ).flat();
      const rec = recs.find((r) => towns.includes(r.municipality));
      expect(rec, 'a recurring wave ahead in some town').toBeDefined();
      if (rec === undefined) return;
      const briefed = isoDateFromDay(rec.onsetMonday - 4 * 7 - 1); // read 4 weeks before the onset
      const b = await composeBriefing(
        { store, gazetteer, topics },
        gazetteer.byCode(rec.municipality) as Municipality,
        briefed,
      );
      expect(b.forecasts.items).toContainEqual(
        expect.objectContaining({
          topic: rec.topic,
          onsetWeek: isoDateFromDay(rec.onsetMonday),
          campaignStart: isoDateFromDay(rec.startDay),
        }),
      );
      expect(renderMarkdown(b)).toContain('## Сезонные волны в ближайшие недели');
    } finally {
      await store.close();
    }
  }, 120_000);

  it('serves before it processes (the API answers at once), fills the served database, and a second start only serves', async () => {
    const d = mkdtempSync(join(tmpdir(), 'vsplesk-demo-serve-'));
    const complete = () => readdirSync(d).some((f) => f.endsWith('.complete'));
    const seen: { health: number; complete: boolean }[] = [];
    const onServing = async (url: string) => {
      seen.push({ health: (await fetch(`${url}/api/health`)).status, complete: complete() });
    };
    try {
      const o = { dir: d, port: 0, days: 10, municipalities: 3, historyYears: 1, onServing };
      const first = await runDemo(o);
      const health = (await (await fetch(`${first.url}/api/health`)).json()) as { messages: number };
      await first.close();
      expect(health.messages).toBeGreaterThan(0);
      expect(complete()).toBe(true);
      await (await runDemo(o)).close();
      // First start: answering before anything was processed; second: the marked database, served as it is.
      expect(seen).toEqual([
        { health: 200, complete: false },
        { health: 200, complete: true },
      ]);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  }, 120_000);
});
