/** Test helper: a simulated region of 8 towns sharing each season's weather (plan-region, evaluate-campaign). */
import { rng } from '../detect/test-random.ts';
import { drawWeather, simulateSeasons } from './simulate-seasons.ts';

const WINTER = { riseWeek: 14, peakWeek: 26, endWeek: 40, amplitude: 8 };

/** Towns sharing each season's weather; town 0 optionally with a campaign effect from `effectFrom`. */
export function region(seed: number, seasons: number, factor = 1, effectFrom = Number.POSITIVE_INFINITY) {
  const rand = rng(seed);
  const weather = drawWeather(seasons, { shiftSdWeeks: 1, severityLogSd: 0.25 }, rand);
  return Array.from({ length: 8 }, (_, t) => {
    const population = 20_000 + Math.floor(rand() * 200_000);
    return {
      municipality: `m${t}`,
      population,
      series: simulateSeasons({
        firstYear: 2019,
        startMonth: 6,
        weather: weather.map((w) => ({ ...w, severity: w.severity * (0.9 + 0.2 * rand()) })),
        baseDaily: population / 40_000,
        wave: WINTER,
        rand,
        ...(t === 0 ? { effect: { fromDay: effectFrom, toDay: effectFrom + 400, factor } } : {}),
      }),
    };
  });
}

export type Town = ReturnType<typeof region>[number];
