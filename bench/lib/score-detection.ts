/**
 * Scores flagged windows against the generator's ground truth. Anomalies of one (municipality, topic) less
 * than `mergeGapMs` apart form one alert episode (what an analyst would see as one alert); an episode is a
 * true positive when it overlaps an injected incident of the same key (with `slackMs` either side), and an
 * incident is recalled when some episode overlaps it. Delay = first anomaly's window end − incident start
 * (the earliest moment the window could have been closed), in stream time.
 */
export interface TruthIncident {
  id: string;
  municipality: string;
  topic: string;
  startMs: number;
  endMs: number;
  messages: number;
  multiplier?: number;
  /** Messages per hour at the incident's peak (generator truth). */
  peakPerHour?: number;
  /** The street its messages name, as written («Фрунзе»). */
  streetName?: string;
}
export interface TruthFlood {
  id: string;
  municipality: string;
  topic: string;
  startMs: number;
  endMs: number;
}
export interface ScoredAnomaly {
  id: string;
  municipality: string;
  topic: string;
  bucket: string;
  startMs: number;
  endMs: number;
  /** When it was raised (default: the window end). An alert's first detection. */
  detectedAtMs?: number;
}

export interface DetectionScore {
  incidents: number;
  recalled: number;
  episodes: number;
  truePositiveEpisodes: number;
  precision: number;
  recall: number;
  f1: number;
  floodsAlerted: number;
  delaysMin: number[];
  delayMedianMin: number | null;
  delayP95Min: number | null;
  /**
   * Delay over critical incidents only — by the severity rule's own definition, at least 10 an hour and 5× the
   * expected volume at the peak (respond within the hour): the ones early warning is for.
   */
  criticalIncidents: number;
  criticalDelayMedianMin: number | null;
  criticalDelayP95Min: number | null;
  missed: TruthIncident[];
  falseEpisodes: { municipality: string; topic: string; startMs: number; endMs: number }[];
}

const HOUR_MS = 3_600_000;

export function quantileOfSorted(xs: number[], p: number): number | null {
  if (xs.length === 0) return null;
  return xs[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)] ?? null;
}

export function scoreDetection(
  truth: { incidents: TruthIncident[]; floods: TruthFlood[] },
  anomalies: readonly ScoredAnomaly[],
  opts: { mergeGapMs?: number; slackMs?: number } = {},
): DetectionScore {
  const mergeGapMs = opts.mergeGapMs ?? 2 * HOUR_MS;
  const slackMs = opts.slackMs ?? HOUR_MS;
  const byKey = new Map<string, ScoredAnomaly[]>();
  for (const a of anomalies) {
    const k = `${a.municipality}|${a.topic}`;
    const list = byKey.get(k) ?? [];
    list.push(a);
    byKey.set(k, list);
  }
  const episodes: { key: string; municipality: string; topic: string; startMs: number; endMs: number }[] = [];
  for (const [key, list] of byKey) {
    list.sort((a, b) => a.startMs - b.startMs);
    let cur: (typeof episodes)[number] | undefined;
    for (const a of list) {
      if (cur && a.startMs <= cur.endMs + mergeGapMs) cur.endMs = Math.max(cur.endMs, a.endMs);
      else {
        cur = { key, municipality: a.municipality, topic: a.topic, startMs: a.startMs, endMs: a.endMs };
        episodes.push(cur);
      }
    }
  }
  const overlaps = (s: number, e: number, x: { startMs: number; endMs: number }) =>
    s <= x.endMs + slackMs && e >= x.startMs - slackMs;

  const delaysMin: number[] = [];
  const criticalDelaysMin: number[] = [];
  const isCritical = (i: TruthIncident) => (i.peakPerHour ?? 0) >= 10 && (i.multiplier ?? 0) >= 5;
  const missed: TruthIncident[] = [];
  for (const inc of truth.incidents) {
    const list = byKey.get(`${inc.municipality}|${inc.topic}`) ?? [];
    const hits = list.filter((a) => overlaps(a.startMs, a.endMs, inc));
    if (hits.length === 0) {
      missed.push(inc);
      continue;
    }
    const delay = Math.max(
      0,
      (Math.min(...hits.map((a) => a.detectedAtMs ?? a.endMs)) - inc.startMs) / 60_000,
    );
    delaysMin.push(delay);
    if (isCritical(inc)) criticalDelaysMin.push(delay);
  }
  const tp = episodes.filter((ep) =>
    truth.incidents.some(
      (i) => `${i.municipality}|${i.topic}` === ep.key && overlaps(ep.startMs, ep.endMs, i),
    ),
  );
  const falseEpisodes = episodes
    .filter((ep) => !tp.includes(ep))
    .map(({ municipality, topic, startMs, endMs }) => ({ municipality, topic, startMs, endMs }));
  const floodsAlerted = truth.floods.filter((f) =>
    (byKey.get(`${f.municipality}|${f.topic}`) ?? []).some(
      (a) =>
        overlaps(a.startMs, a.endMs, f) &&
        !truth.incidents.some(
          (i) => i.municipality === f.municipality && i.topic === f.topic && overlaps(a.startMs, a.endMs, i),
        ),
    ),
  ).length;
  const recalled = truth.incidents.length - missed.length;
  const precision = episodes.length ? tp.length / episodes.length : 1;
  const recall = truth.incidents.length ? recalled / truth.incidents.length : 1;
  const sorted = [...delaysMin].sort((a, b) => a - b);
  const criticalSorted = [...criticalDelaysMin].sort((a, b) => a - b);
  // A missed critical incident counts as never detected: its delay is +∞ in the quantiles.
  const criticalMissed = missed.filter(isCritical).length;
  for (let i = 0; i < criticalMissed; i++) criticalSorted.push(Number.POSITIVE_INFINITY);
  return {
    incidents: truth.incidents.length,
    recalled,
    episodes: episodes.length,
    truePositiveEpisodes: tp.length,
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    floodsAlerted,
    delaysMin,
    delayMedianMin: quantileOfSorted(sorted, 0.5),
    delayP95Min: quantileOfSorted(sorted, 0.95),
    criticalIncidents: truth.incidents.filter(isCritical).length,
    criticalDelayMedianMin: quantileOfSorted(criticalSorted, 0.5),
    criticalDelayP95Min: quantileOfSorted(criticalSorted, 0.95),
    missed,
    falseEpisodes,
  };
}

/** Alerts of one incident group (detect/alerts.ts): one municipality, one or more topics. */
export interface ScoredGroup {
  municipality: string;
  topics: readonly string[];
  startMs: number;
  endMs: number;
  detectedAtMs: number;
  /** The words its alerts carry (emerging terms, as written); absent: matched by topic alone. */
  terms?: readonly string[];
}

/**
 * Scores incident groups: a group is a true positive when it overlaps an injected incident of its municipality
 * whose topic is among the group's, or whose street its words name (real appeals' texts are often filed under
 * another topic, «other» most of all: the row still shows the incident, by place, time and street); an incident
 * is recalled when such a group overlaps it; delay = the group's first detection − incident start. (One story
 * raised under several topics is one alert for the analyst.) `byStreetOnly` counts the groups matched by their
 * street alone (the topic was wrong).
 */
export function scoreGroups<G extends ScoredGroup>(
  truth: { incidents: TruthIncident[]; floods: TruthFlood[] },
  groups: readonly G[],
  opts: { slackMs?: number } = {},
): {
  episodes: number;
  precision: number;
  recall: number;
  f1: number;
  delayMedianMin: number | null;
  delayP95Min: number | null;
  floodsAlerted: number;
  falseGroups: G[];
  byStreetOnly: number;
} {
  const slackMs = opts.slackMs ?? HOUR_MS;
  const overlaps = (g: ScoredGroup, x: { municipality: string; startMs: number; endMs: number }) =>
    g.municipality === x.municipality && g.startMs <= x.endMs + slackMs && g.endMs >= x.startMs - slackMs;
  const names = (g: ScoredGroup, x: { streetName?: string }) => {
    const street = x.streetName?.toLowerCase().replaceAll('ё', 'е');
    return (
      street !== undefined && (g.terms ?? []).some((t) => t.toLowerCase().replaceAll('ё', 'е') === street)
    );
  };
  const hit = (
    g: ScoredGroup,
    x: { municipality: string; topic: string; startMs: number; endMs: number; streetName?: string },
  ) => overlaps(g, x) && (g.topics.includes(x.topic) || names(g, x));
  const falseGroups = groups.filter((g) => !truth.incidents.some((i) => hit(g, i)));
  const tp = groups.length - falseGroups.length;
  const delays: number[] = [];
  for (const inc of truth.incidents) {
    const hits = groups.filter((g) => hit(g, inc));
    if (hits.length > 0)
      delays.push(Math.max(0, (Math.min(...hits.map((g) => g.detectedAtMs)) - inc.startMs) / 60_000));
  }
  const floodsAlerted = truth.floods.filter((f) =>
    groups.some((g) => hit(g, f) && !truth.incidents.some((i) => hit(g, i))),
  ).length;
  const precision = groups.length ? tp / groups.length : 1;
  const recall = truth.incidents.length ? delays.length / truth.incidents.length : 1;
  delays.sort((a, b) => a - b);
  return {
    episodes: groups.length,
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    delayMedianMin: quantileOfSorted(delays, 0.5),
    delayP95Min: quantileOfSorted(delays, 0.95),
    floodsAlerted,
    falseGroups,
    byStreetOnly: groups.filter(
      (g) =>
        truth.incidents.some((i) => hit(g, i)) &&
        !truth.incidents.some((i) => overlaps(g, i) && g.topics.includes(i.topic)),
    ).length,
  };
}
