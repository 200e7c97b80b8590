/**
 * Test support (like test-briefing.ts): the fullest region digest a page must hold — `towns` rows with the
 * gazetteer's longest town names, every severity open, the longest topic name and large numbers in every cell,
 * and a late note.
 */
import type { DigestRow, RegionDigest } from './region-digest.ts';

const LONG_NAMES = [
  'Александровск-Сахалинский',
  'Петропавловск-Камчатский',
  'Петровск-Забайкальский',
  'Железногорск-Илимский',
  'Комсомольск-на-Амуре',
];

export function fullestDigest(towns: number): RegionDigest {
  const row = (i: number): DigestRow => ({
    code: String(65_000_000 + i),
    name: LONG_NAMES[i % LONG_NAMES.length] as string,
    population: 1_234_567,
    utcOffsetMin: 300,
    count: 12_345 - i,
    per10k: 99.9,
    openCritical: 12,
    openHigh: 11,
    openNormal: 22,
    unexplainedRise: 1_234.5,
    unexplainedRisePer10k: 10.12,
    leadingTopic: {
      topic: 'housing',
      topicName: 'Управляющие компании и жильё',
      count: 12_345,
      norm: 1_234.5,
    },
  });
  return {
    version: 1,
    region: '66',
    regionName: 'Кемеровская область - Кузбасс обл',
    date: '2026-12-06',
    readOn: '2026-12-07',
    rows: Array.from({ length: towns }, (_, i) => row(i)),
    late: { date: '2026-12-05', count: 12_345 },
  };
}
