/**
 * Scores emerging-term bursts against the generator's truth: an injected incident is *named* when a burst of its
 * municipality overlaps it (±1 h) and its word is one of the incident's distinctive words or its street's name
 * (compared as stems). A municipality's burst that overlaps no incident of its town is false. Of the named ones:
 * `phrased` — a hit carries a phrase; `phrase_hit` — a hit's phrase adds another of the incident's words or its
 * street to the burst's own word («ремонт набережной» for the words «ремонт», «набережная»).
 */
import type { TermBurst } from '../../src/records.ts';
import { quantileOfSorted } from './score-detection.ts';

const HOUR_MS = 3_600_000;

export interface TermTruthIncident {
  municipality: string;
  startMs: number;
  endMs: number;
  words?: string[];
  streetName?: string;
}

export function scoreTerms(
  incidents: readonly TermTruthIncident[],
  bursts: readonly TermBurst[],
  stemsOf: (text: string) => string[],
  municipalityMonths: number,
): {
  incidents: number;
  named: number;
  word_hit: number;
  street_hit: number;
  phrased: number;
  phrase_hit: number;
  municipality_bursts: number;
  region_bursts: number;
  false_per_municipality_month: number;
  delay_median_min: number | null;
  delay_p95_min: number | null;
} {
  const local = bursts.filter((b) => b.scope === 'municipality');
  const near = (b: TermBurst, i: TermTruthIncident) =>
    b.municipality === i.municipality && b.startMs <= i.endMs + HOUR_MS && b.endMs >= i.startMs - HOUR_MS;
  let wordHits = 0;
  let streetHits = 0;
  let phrased = 0;
  let phraseHits = 0;
  const delays: number[] = [];
  for (const inc of incidents) {
    const mine = local.filter((b) => near(b, inc));
    const words = new Set((inc.words ?? []).flatMap(stemsOf));
    const street = new Set(inc.streetName ? stemsOf(inc.streetName) : []);
    const byWord = mine.filter((b) => words.has(b.stem));
    const byStreet = mine.filter((b) => street.has(b.stem));
    if (byWord.length > 0) wordHits++;
    if (byStreet.length > 0) streetHits++;
    const hits = [...byWord, ...byStreet];
    if (hits.some((b) => b.phrase !== undefined)) phrased++;
    const telling = (b: TermBurst) =>
      b.phrase !== undefined &&
      stemsOf(b.phrase).some((s) => s !== b.stem && (words.has(s) || street.has(s)));
    if (hits.some(telling)) phraseHits++;
    if (hits.length > 0)
      delays.push(Math.max(0, (Math.min(...hits.map((b) => b.detectedAtMs)) - inc.startMs) / 60_000));
  }
  const falseBursts = local.filter((b) => !incidents.some((i) => near(b, i)));
  delays.sort((a, b) => a - b);
  const n = incidents.length || 1;
  return {
    incidents: incidents.length,
    named: +(delays.length / n).toFixed(3),
    word_hit: +(wordHits / n).toFixed(3),
    street_hit: +(streetHits / n).toFixed(3),
    phrased: +(phrased / Math.max(delays.length, 1)).toFixed(3),
    phrase_hit: +(phraseHits / Math.max(delays.length, 1)).toFixed(3),
    municipality_bursts: local.length,
    region_bursts: bursts.length - local.length,
    false_per_municipality_month: +(falseBursts.length / municipalityMonths).toFixed(3),
    delay_median_min: quantileOfSorted(delays, 0.5),
    delay_p95_min: quantileOfSorted(delays, 0.95),
  };
}
