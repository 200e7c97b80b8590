/**
 * The windows a shard closed → its detectors → anomalies → alerts (with the known cause that covers them), and
 * the hour's emerging words → alerts. Run at the message that closes windows, so that a shard's output depends
 * on its messages and their order only.
 */

import type { Calendar } from '../detect/calendar.ts';
import { SLOW_RISE_DETECTOR } from '../detect/slow-rise.ts';
import type { DistrictMatcher } from '../geo/districts.ts';
import {
  type Aggregate,
  type Anomaly,
  type RunStats,
  type TermBurst,
  UNKNOWN_MUNICIPALITY,
} from '../records.ts';
import type { Gazetteer } from '../reference/gazetteer.ts';
import type { StoreBatch } from './process.ts';
import type { Shard } from './shard-state.ts';

/** Complaints per resident per hour (DESIGN.md: ~0.13 per 1,000 a day), spread over ~20 topics: a cold-start prior. */
const PRIOR_PER_RESIDENT_HOUR = 0.13 / 1000 / 24 / 20;

export interface DetectStage {
  /**
   * Emit closed/revised windows of a shard and test them with its detectors, in emission order; merge what they
   * flag into alerts, and close the alerts the shard's watermark has left quiet long enough.
   */
  emit(shard: Shard, aggregates: Aggregate[], out: StoreBatch): void;
  /** Emerging words of hours that closed: stored, and raised as alerts of their towns. */
  addTerms(shard: Shard, bursts: TermBurst[], out: StoreBatch): void;
}

export function createDetectStage(deps: {
  gazetteer: Gazetteer;
  calendar: Calendar;
  districts?: DistrictMatcher;
  stats: RunStats;
}): DetectStage {
  const { gazetteer, calendar, districts, stats } = deps;

  /** Merge a flagged window into its alert, labelled with the known cause covering `atMs` if one does. */
  const raise = (shard: Shard, a: Anomaly, atMs: number, out: StoreBatch) => {
    const m = gazetteer.byCode(a.municipality);
    const cause = calendar.lookup(a.municipality, m?.region ?? '', a.topic, atMs, m?.utcOffsetMin ?? 180);
    out.alerts.push(
      shard.alerts.observe(a, {
        ...(m ? { population: m.population, region: m.region } : {}),
        ...(cause ? { cause } : {}),
      }),
    );
  };

  /**
   * A district's window (not stored: the city's windows are the series served): tested by the district detectors;
   * what they flag is the city's flagged window of that district, and raises the city's alert.
   */
  const observeDistrict = (shard: Shard, agg: Aggregate, code: string, city: string, out: StoreBatch) => {
    const m = gazetteer.byCode(city);
    const ctx = { utcOffsetMin: m?.utcOffsetMin ?? 180 };
    for (const d of shard.districtDetectors ?? []) {
      if (d.bucket !== agg.bucket) continue;
      const found = d.detector.observe(agg, ctx);
      if (found === null) continue;
      const a: Anomaly = { ...found, id: `${found.id}:${city}`, municipality: city, district: code };
      out.anomalies.push(a);
      stats.anomalies++;
      raise(shard, a, a.startMs, out);
    }
  };

  const observe = (shard: Shard, agg: Aggregate, out: StoreBatch) => {
    const m = gazetteer.byCode(agg.municipality);
    const ctx = {
      utcOffsetMin: m?.utcOffsetMin ?? 180,
      ...(m ? { priorPerHour: m.population * PRIOR_PER_RESIDENT_HOUR } : {}),
    };
    const found: Anomaly[] = [];
    for (const d of shard.detectors) {
      if (d.bucket !== agg.bucket) continue;
      const a = d.detector.observe(agg, ctx);
      if (a) found.push(a);
    }
    const slow = agg.bucket === 'day' ? shard.slowRise?.observe(agg) : null;
    if (slow) found.push(slow);
    for (const a of found) {
      out.anomalies.push(a);
      stats.anomalies++;
      // A slow wave is explained by what covers the day it tripped on (its run may begin days before).
      raise(shard, a, a.detector === SLOW_RISE_DETECTOR ? a.endMs - 1 : a.startMs, out);
    }
  };

  const addTerms = (shard: Shard, bursts: TermBurst[], out: StoreBatch) => {
    out.termBursts.push(...bursts);
    // A town's new word is an incident signal of its own (a story the counts of its topic did not betray):
    // it opens or grows the alert of the topic its messages had, then every open alert of the town takes it.
    for (const b of bursts) if (b.scope === 'municipality') raise(shard, termAnomaly(b), b.startMs, out);
    out.alerts.push(...shard.alerts.observeTerms(bursts));
  };

  return {
    emit(shard, aggregates, out) {
      for (const agg of aggregates) {
        const district = shard.districtDetectors ? districts?.byCode(agg.municipality) : undefined;
        if (district !== undefined) {
          observeDistrict(shard, agg, district.code, district.municipality, out);
          continue;
        }
        out.aggregates.push(agg);
        stats.windowsEmitted++;
        // A mixed bag of places: no baseline means anything.
        if (agg.municipality !== UNKNOWN_MUNICIPALITY) observe(shard, agg, out);
        // Authors are the detectors' business: never stored or published.
        if (agg.authorIds !== undefined) delete agg.authorIds;
      }
      // Words of the hours that closed join the open alerts of their town before quiet alerts close.
      if (shard.terms) addTerms(shard, shard.terms.advance(shard.windower.watermarkMs), out);
      out.alerts.push(...shard.alerts.advance(shard.windower.watermarkMs));
    },
    addTerms,
  };
}

/** A town's emerging word as a flagged window for the alert tracker (not stored as an anomaly: it is a term burst). */
function termAnomaly(b: TermBurst): Anomaly {
  return {
    id: b.id,
    bucket: 'hour',
    municipality: b.municipality,
    topic: b.topic,
    startMs: b.startMs,
    endMs: b.endMs,
    observed: b.observed,
    expected: b.expected,
    pValue: b.pValue,
    score: b.score,
    severity: 'normal',
    detector: 'emerging-term',
    detectedAtMs: b.detectedAtMs,
    updates: 0,
  };
}
