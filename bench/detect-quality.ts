/**
 * Detection quality against the generator's ground truth (not a test: prints JSON lines).
 *   npx tsx bench/detect-quality.ts [--days 120] [--municipalities 30] [--seeds 1,2,3]
 * Runs generate → processor (no store) and scores, per seed, two lines:
 *   - unit "alert": the pipeline's alerts (one per incident, detect/alerts.ts) — the figure that counts. Planned
 *     hot-water shut-offs are known in advance, so they are given to the pipeline as a calendar of known causes
 *     (`--calendar planned`, the default; `none` to switch off; `planned+weather` adds regional weather
 *     warnings on the generator's snowfall and frost days); alerts they explain are `expected`, not scored
 *     as incidents. Weather (cold snaps, snowfalls) is not in the calendar; alerts on it are reported apart as
 *     `explained`.
 *   - unit "window-episode": flagged windows merged per key with a 2-hour gap (the previous measure).
 * Keys: precision, recall, F1, false alerts per municipality-month, detection delay (median, p95).
 */
import { parseArgs } from 'node:util';
import defaultPipeline from '../pipelines/default.ts';
import { fixedClock } from '../src/clock.ts';
import { normalizePipeline } from '../src/config.ts';
import { createCalendar, type KnownEvent } from '../src/detect/calendar.ts';
import type { FeedbackLabel } from '../src/detect/index.ts';
import { createDistrictMatcher, loadDistricts } from '../src/geo/districts.ts';
import { createNormaliser } from '../src/normalise/index.ts';
import { createProcessor } from '../src/pipeline/process.ts';
import type { Aggregate, Alert, Anomaly, RawRecord, TermBurst } from '../src/records.ts';
import { loadGazetteer } from '../src/reference/gazetteer.ts';
import { generateStream } from '../src/source/generator/index.ts';
import { earsC2, rollingZScore } from './lib/peers.ts';
import { type ScoredAnomaly, scoreDetection, scoreGroups } from './lib/score-detection.ts';
import { scoreTerms } from './lib/score-terms.ts';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '120' },
    municipalities: { type: 'string', default: '30' },
    seeds: { type: 'string', default: '1,2,3' },
    verbose: { type: 'boolean', default: false },
    /** JSON merged over pipelines/default.ts, e.g. '{"detect":[{"bucket":"hour","pValue":1e-5,"minCount":3,"warmupMs":604800000}]}' */
    pipeline: { type: 'string', default: '{}' },
    calendar: { type: 'string', default: 'planned' },
    /** Simulate an analyst who labels every new alert (from the truth) and feed the labels back. */
    feedback: { type: 'boolean', default: false },
    /** Day-to-day noise (coefficient of variation) of the generated rates, e.g. 0.35,0.7 (default: the generator's). */
    noise: { type: 'string', default: '' },
    /** Volume: multiplies every generated rate (1 = DESIGN.md's 0.13 per 1,000 residents a day). */
    'rate-scale': { type: 'string', default: '1' },
    /** Bigger incidents: at least this many messages in the first hour (default 6), so more are critical. */
    'incident-min-peak': { type: 'string', default: '' },
    /** Copy-paste campaigns (one long text from many fresh accounts), counted with the floods. */
    campaigns: { type: 'string', default: '' },
    /** Message texts: the generator's templates, or composed from real citizen appeals (fixtures/ru). */
    texts: { type: 'string', default: 'templates' },
    /** Always include the N most populous municipalities (Moscow, St Petersburg, Novosibirsk…). */
    'largest-cities': { type: 'string', default: '0' },
    /** Population above which a town's volume stops growing (0: none — big cities at their real volumes). */
    'population-cap': { type: 'string', default: '' },
  },
});
const gazetteer = loadGazetteer();
const MONTH_MS = 30.44 * 24 * 3_600_000;

const noises = values.noise ? values.noise.split(',').map(Number) : [undefined];
const rateScale = Number(values['rate-scale']);
const minPeak = values['incident-min-peak'] ? Number(values['incident-min-peak']) : undefined;
const campaigns = values.campaigns ? Number(values.campaigns) : undefined;
if (values.texts !== 'templates' && values.texts !== 'real') throw new Error('--texts templates|real');
const largestCities = Number(values['largest-cities']);
const populationCap = values['population-cap'] === '' ? undefined : Number(values['population-cap']);
const realOptions = {
  ...(values.texts === 'real' ? { texts: 'real' as const } : {}),
  ...(largestCities > 0 ? { largestCities } : {}),
  ...(populationCap !== undefined ? { populationCap: populationCap || Number.POSITIVE_INFINITY } : {}),
};
for (const seed of values.seeds.split(',').map(Number))
  for (const noiseCv of noises) {
    const days = Number(values.days);
    const municipalities = Number(values.municipalities);
    const gen = generateStream({
      days,
      municipalities,
      seed,
      rateScale,
      ...(noiseCv !== undefined ? { dayNoiseCv: noiseCv } : {}),
      ...(minPeak ? { incidentMinPeak: minPeak } : {}),
      ...(campaigns ? { campaigns } : {}),
      ...realOptions,
    });
    const variant = {
      ...(values.texts === 'real' ? { texts: 'real' } : {}),
      ...(largestCities > 0 ? { largest_cities: largestCities } : {}),
      ...(populationCap !== undefined ? { population_cap: populationCap } : {}),
      ...(noiseCv !== undefined ? { noise_cv: noiseCv } : {}),
      ...(rateScale !== 1 ? { rate_scale: rateScale } : {}),
      ...(minPeak ? { incident_min_peak: minPeak } : {}),
      ...(campaigns ? { campaigns } : {}),
    };
    // The generator's plan is fixed before its records stream, so the planned shut-offs are known up front, as a
    // municipality's published schedule would be.
    // `planned+weather` adds weather warnings (snowfall, frost) as a regional warning service would publish
    // them: for the whole region of the town the generator hit, on the same days.
    const withWeather = values.calendar === 'planned+weather';
    const planned: KnownEvent[] =
      values.calendar === 'planned' || withWeather
        ? gen
            .truth()
            .weatherEvents.filter((w) => w.kind === 'hot_water_shutoff' || withWeather)
            .map((w, i) => {
              const m = gazetteer.byCode(w.municipality);
              const off = (m?.utcOffsetMin ?? 180) * 60_000;
              const day = (ms: number) => new Date(ms + off).toISOString().slice(0, 10);
              const when = { topics: [w.topic], from: day(w.startMs), to: day(w.endMs - 1) };
              return w.kind === 'hot_water_shutoff'
                ? {
                    id: `planned-${i}`,
                    kind: w.kind,
                    label: 'Плановое отключение горячей воды',
                    municipality: w.municipality,
                    ...when,
                  }
                : {
                    id: `weather-${i}`,
                    kind: 'weather_warning',
                    label:
                      w.kind === 'snowfall'
                        ? 'Штормовое предупреждение: снегопад'
                        : 'Предупреждение: сильные морозы',
                    region: m?.region ?? '',
                    ...when,
                  };
            })
        : [];
    const processor = createProcessor(
      normalizePipeline({ ...defaultPipeline, ...JSON.parse(values.pipeline) }),
      {
        gazetteer,
        // "Now" just after the stream ends, so the generator's deliberately future-dated records stay invalid.
        clock: fixedClock(Date.parse('2025-01-01T00:00:00Z') + (days + 3) * 86_400_000),
        calendar: createCalendar(planned),
        districts: createDistrictMatcher(loadDistricts()),
      },
    );
    const anomalies: Anomaly[] = [];
    const alertsById = new Map<string, Alert>();
    /** Final distinct authors per (municipality, topic) and hour, for the peer baselines. */
    const hourly = new Map<string, Map<number, number>>();
    const termBursts: TermBurst[] = [];
    const keep = (out: {
      anomalies: Anomaly[];
      alerts: Alert[];
      aggregates: Aggregate[];
      termBursts: TermBurst[];
    }) => {
      anomalies.push(...out.anomalies);
      termBursts.push(...out.termBursts);
      for (const a of out.alerts) alertsById.set(a.id, a);
      for (const g of out.aggregates) {
        if (g.bucket !== 'hour' || g.municipality === 'unknown') continue;
        const k = `${g.municipality}|${g.topic}`;
        const m = hourly.get(k) ?? new Map<number, number>();
        m.set(g.startMs, g.uniqueAuthors);
        hourly.set(k, m);
      }
    };
    // The simulated analyst: after each batch, labels every alert seen for the first time — real when an
    // injected incident of its town overlaps it (whatever topic it was filed under), a known cause when a
    // weather event of its town and topic does, noise otherwise — and the labels go back to the detectors.
    const planTruth = gen.truth();
    const labelled = new Set<string>();
    const H = 3_600_000;
    const near = (a: { startMs: number; endMs: number }, x: { startMs: number; endMs: number }) =>
      a.startMs <= x.endMs + H && a.endMs >= x.startMs - H;
    const analyst = () => {
      if (!values.feedback) return;
      const labels: { municipality: string; topic: Alert['topic']; label: FeedbackLabel }[] = [];
      for (const a of alertsById.values()) {
        if (labelled.has(a.id)) continue;
        labelled.add(a.id);
        const label: FeedbackLabel = planTruth.incidents.some(
          (i) => i.municipality === a.municipality && near(a, i),
        )
          ? 'real'
          : planTruth.weatherEvents.some(
                (w) => w.municipality === a.municipality && w.topic === a.topic && near(a, w),
              )
            ? 'known_cause'
            : 'noise';
        labels.push({ municipality: a.municipality, topic: a.topic, label });
      }
      processor.feedback(labels);
    };
    let batch: RawRecord[] = [];
    let seq = 0;
    const t0 = performance.now();
    for (const r of gen.records) {
      batch.push({ raw: r.line, origin: { kind: 'generator', seq: seq++ } });
      if (batch.length === 20_000) {
        keep(processor.process(batch));
        analyst();
        batch = [];
      }
    }
    keep(processor.process(batch));
    keep(processor.finish());
    const seconds = (performance.now() - t0) / 1000;
    const truth = gen.truth();
    const weather = truth.weatherEvents ?? [];
    const municipalityMonths = (municipalities * days * 24 * 3_600_000) / MONTH_MS;
    const alerts = [...alertsById.values()];
    // Incidents: bursts nothing explains (slow waves are scored on their own below).
    const incidentAlerts = alerts.filter((a) => a.cause === null && a.kind === 'burst');
    const slowWaveAlerts = alerts.filter((a) => a.cause === null && a.kind === 'slow_wave');
    // Incident groups: the unit an analyst reads (one story under several topics is one incident).
    const groups = new Map<
      string,
      {
        municipality: string;
        topics: Set<string>;
        terms: Set<string>;
        startMs: number;
        endMs: number;
        detectedAtMs: number;
        /** The strongest member's peak window, observed against expected (printed with --verbose). */
        peak: string;
      }
    >();
    for (const a of incidentAlerts) {
      const g = groups.get(a.groupId) ?? {
        municipality: a.municipality,
        topics: new Set<string>(),
        terms: new Set<string>(),
        startMs: a.startMs,
        endMs: a.endMs,
        detectedAtMs: a.firstDetectedAtMs,
        peak: '',
      };
      if (g.topics.size === 0 || a.severity === 'critical') g.peak = `${a.peakObserved}/${a.peakExpected.toFixed(1)}`;
      g.topics.add(a.topic);
      for (const t of a.terms) g.terms.add(t);
      g.startMs = Math.min(g.startMs, a.startMs);
      g.endMs = Math.max(g.endMs, a.endMs);
      g.detectedAtMs = Math.min(g.detectedAtMs, a.firstDetectedAtMs);
      groups.set(a.groupId, g);
    }
    const groupList = [...groups.values()].map((g) => ({ ...g, topics: [...g.topics], terms: [...g.terms] }));
    const wordOnly = groupList.filter(
      (g) =>
        !anomalies.some(
          (a) =>
            a.municipality === g.municipality &&
            g.topics.includes(a.topic) &&
            a.startMs < g.endMs &&
            a.endMs > g.startMs,
        ),
    );
    const gs = scoreGroups(truth, groupList);
    const weatherGroups = gs.falseGroups.filter((g) =>
      weather.some(
        (w) =>
          g.topics.includes(w.topic) &&
          w.municipality === g.municipality &&
          g.startMs <= w.endMs &&
          g.endMs >= w.startMs,
      ),
    );
    // Small municipalities (< 50,000 residents): most places, fewest messages — where count methods break.
    const small = (m: string) => (gazetteer.byCode(m)?.population ?? 0) < 50_000;
    const gsSmall = scoreGroups(
      { incidents: truth.incidents.filter((i) => small(i.municipality)), floods: [] },
      groupList.filter((g) => small(g.municipality)),
    );
    // Cities whose districts are known (Москва, Санкт-Петербург…): their incidents are set in one district.
    const districtCities = new Set(loadDistricts().map((d) => d.municipality));
    const inCity = (m: string) => districtCities.has(m);
    const gsCities = scoreGroups(
      { incidents: truth.incidents.filter((i) => inCity(i.municipality)), floods: [] },
      groupList.filter((g) => inCity(g.municipality)),
    );
    const located = truth.incidents.filter((i) => i.district !== undefined);
    const caught = located
      .map((i) => incidentAlerts.filter((a) => a.municipality === i.municipality && near(a, i)))
      .filter((as) => as.length > 0);
    const districtNamed = caught.length
      ? caught.filter((as, k) => as.some((a) => a.districts.includes(located[k]?.district ?? ''))).length /
        caught.length
      : 0;
    // Cities over a million: the largest vocabularies and volumes, reported apart (issue 13).
    const million = (m: string) => (gazetteer.byCode(m)?.population ?? 0) >= 1_000_000;
    const millionTowns = new Set(truth.municipalities.filter((m) => million(m.code)).map((m) => m.code));
    const gsMillion = scoreGroups(
      { incidents: truth.incidents.filter((i) => million(i.municipality)), floods: truth.floods },
      groupList.filter((g) => million(g.municipality)),
    );
    const millionMonths = (millionTowns.size * days * 24 * 3_600_000) / MONTH_MS;
    console.log(
      JSON.stringify({
        // The alerts list as the analyst reads it: one row per incident (alerts of one town opened while its first
        // was open, under whatever topics the classifier filed its messages — detect/alerts.ts).
        unit: values.feedback ? 'alert+feedback' : 'alert',
        seed,
        ...variant,
        days,
        municipalities,
        messages: truth.valid,
        incidents: truth.incidents.length,
        episodes: gs.episodes,
        precision: +gs.precision.toFixed(3),
        precision_weather_explained: gs.episodes
          ? +(gs.precision + weatherGroups.length / gs.episodes).toFixed(3)
          : 1,
        recall: +gs.recall.toFixed(3),
        f1: +gs.f1.toFixed(3),
        false_alerts_per_municipality_month: +(gs.falseGroups.length / municipalityMonths).toFixed(3),
        floods_alerted: gs.floodsAlerted,
        delay_median_min: gs.delayMedianMin,
        delay_p95_min: gs.delayP95Min,
        topic_alerts_per_alert: gs.episodes ? +(incidentAlerts.length / gs.episodes).toFixed(2) : 0,
        // Rows no count window flagged: raised by an emerging word alone (detect/emerging-terms.ts).
        word_only_alerts: {
          episodes: wordOnly.length,
          false: wordOnly.filter((g) => gs.falseGroups.includes(g)).length,
        },
        // True rows whose topic was not the incident's, matched by the street their words name.
        matched_by_street_only: gs.byStreetOnly,
        ...(millionTowns.size > 0
          ? {
              cities_over_1m: {
                municipalities: millionTowns.size,
                incidents: truth.incidents.filter((i) => million(i.municipality)).length,
                episodes: gsMillion.episodes,
                precision: +gsMillion.precision.toFixed(3),
                recall: +gsMillion.recall.toFixed(3),
                false_alerts_per_municipality_month: +(gsMillion.falseGroups.length / millionMonths).toFixed(
                  3,
                ),
                delay_median_min: gsMillion.delayMedianMin,
              },
            }
          : {}),
        seconds: +seconds.toFixed(1),
        small_municipalities: {
          episodes: gsSmall.episodes,
          precision: +gsSmall.precision.toFixed(3),
          recall: +gsSmall.recall.toFixed(3),
          delay_median_min: gsSmall.delayMedianMin,
        },
        ...(districtCities.size > 0
          ? {
              cities_with_districts: {
                episodes: gsCities.episodes,
                precision: +gsCities.precision.toFixed(3),
                recall: +gsCities.recall.toFixed(3),
                delay_median_min: gsCities.delayMedianMin,
                delay_p95_min: gsCities.delayP95Min,
                // Of their incidents set in a district that an alert caught, those whose alert names it.
                district_named: +districtNamed.toFixed(3),
              },
            }
          : {}),
      }),
    );
    if (values.verbose)
      for (const g of gs.falseGroups)
        console.log(
          '  false group',
          g.municipality,
          g.topics.join(','),
          new Date(g.startMs).toISOString(),
          ((g.endMs - g.startMs) / 3.6e6).toFixed(1),
          'h',
          weatherGroups.includes(g) ? '(weather)' : '',
          g.peak,
          g.terms.slice(0, 8).join(' '),
        );
    if (process.env.VSP_CORROB) {
      const corroborated = (g: { municipality: string; startMs: number; endMs: number }) =>
        termBursts.some(
          (b) =>
            b.scope === 'municipality' &&
            b.municipality === g.municipality &&
            b.startMs <= g.endMs + 2 * H &&
            b.endMs >= g.startMs - H,
        );
      const falseSet = new Set(gs.falseGroups);
      const tg = groupList.filter((g) => !falseSet.has(g));
      console.log(
        'corroborated true',
        tg.filter(corroborated).length,
        '/',
        tg.length,
        'false',
        gs.falseGroups.filter(corroborated).length,
        '/',
        gs.falseGroups.length,
        'weather false',
        weatherGroups.filter(corroborated).length,
        '/',
        weatherGroups.length,
      );
    }
    // Slow waves: runs of the day CUSUM (the generator injects none, so every run is unexplained here).
    const cusumRuns = new Set(anomalies.filter((a) => a.detector === 'cusum').map((a) => a.id));
    console.log(
      JSON.stringify({
        unit: 'slow-rise',
        seed,
        ...variant,
        runs: cusumRuns.size,
        runs_per_municipality_month: +(cusumRuns.size / municipalityMonths).toFixed(3),
        // Slow-wave alerts (a run no burst joined and no known cause explains): the generator injects none.
        slow_wave_alerts: slowWaveAlerts.length,
        slow_wave_alerts_per_municipality_month: +(slowWaveAlerts.length / municipalityMonths).toFixed(3),
      }),
    );
    // The first snow of each season in each town (the generator's first snowfall after mid-October): is it
    // raised as an incident, or labelled an expected wave?
    const firstSnow = new Map<string, (typeof weather)[number]>();
    for (const w of weather) {
      if (w.kind !== 'snowfall') continue;
      const d = new Date(w.startMs);
      if (d.getUTCMonth() < 9) continue;
      const k = `${w.municipality}|${d.getUTCFullYear()}`;
      const seen = firstSnow.get(k);
      if (seen === undefined || w.startMs < seen.startMs) firstSnow.set(k, w);
    }
    const snowAlerts = (w: (typeof weather)[number], incident: boolean) =>
      alerts.some(
        (a) =>
          a.municipality === w.municipality &&
          a.topic === 'snow_ice' &&
          (a.cause === null) === incident &&
          a.startMs <= w.endMs &&
          a.endMs >= w.startMs,
      );
    const firsts = [...firstSnow.values()];
    console.log(
      JSON.stringify({
        unit: 'first-snow',
        seed,
        ...variant,
        first_snowfalls: firsts.length,
        alerted_as_incident: firsts.filter((w) => snowAlerts(w, true)).length,
        labelled_expected: firsts.filter((w) => snowAlerts(w, false) && !snowAlerts(w, true)).length,
      }),
    );
    // Emerging terms: does a burst name the incident (one of its words, or its street)?
    const normalise = createNormaliser();
    const stemsOf = (text: string) =>
      normalise({ id: '', source: '', createdAt: '', eventTimeMs: 0, text }).stems;
    console.log(
      JSON.stringify({
        unit: 'emerging-terms',
        seed,
        ...variant,
        ...scoreTerms(truth.incidents, termBursts, stemsOf, municipalityMonths),
      }),
    );
    if (values.verbose)
      for (const b of termBursts.filter(
        (b) =>
          b.scope === 'region' ||
          !truth.incidents.some(
            (i) => i.municipality === b.municipality && b.startMs <= i.endMs + H && b.endMs >= i.startMs - H,
          ),
      ))
        console.log(
          '  term',
          b.scope,
          b.municipality || b.region,
          b.term,
          b.topic,
          new Date(b.startMs).toISOString(),
          b.observed,
          b.expected.toFixed(2),
        );
    // Peers on the same hourly series (bench/lib/peers.ts), scored like window episodes.
    const t0Ms = Date.parse('2025-01-01T00:00:00Z') - 14 * 3_600_000;
    const hours = Math.ceil((days + 2) * 24) + 14;
    const peerFlags: Record<string, ScoredAnomaly[]> = { 'peer:rolling-z': [], 'peer:ears-c2': [] };
    for (const [k, byHour] of hourly) {
      const [municipality, topic] = k.split('|') as [string, string];
      const v = new Float64Array(hours);
      for (const [startMs, n] of byHour) {
        const i = Math.round((startMs - t0Ms) / 3_600_000);
        if (i >= 0 && i < hours) v[i] = n;
      }
      const flag = (name: string, idx: number[]) => {
        for (const i of idx) {
          const startMs = t0Ms + i * 3_600_000;
          (peerFlags[name] as ScoredAnomaly[]).push({
            id: `${name}:${k}:${i}`,
            municipality,
            topic,
            bucket: 'hour',
            startMs,
            endMs: startMs + 3_600_000,
          });
        }
      };
      flag('peer:rolling-z', rollingZScore(v, { weeks: 4, z: 3, minCount: 3, sdFloor: 0.5 }));
      flag('peer:ears-c2', earsC2(v, { threshold: 3, minCount: 3, sdFloor: 0.5 }));
    }
    for (const [unit, flags] of Object.entries(peerFlags)) report(unit, scoreDetection(truth, flags));
    for (const [unit, score] of [
      [
        // Every per-topic alert as stored (a second view: the list folds an incident's topics into one row).
        'topic-alert',
        scoreDetection(
          truth,
          incidentAlerts.map((a) => ({ ...a, bucket: 'alert', detectedAtMs: a.firstDetectedAtMs })),
          { mergeGapMs: 0 },
        ),
      ],
      ['window-episode', scoreDetection(truth, anomalies)],
    ] as const) {
      report(unit, score);
    }

    function report(unit: string, score: ReturnType<typeof scoreDetection>) {
      const explained = score.falseEpisodes.filter((ep) =>
        weather.some(
          (w) =>
            w.topic === ep.topic &&
            w.municipality === ep.municipality &&
            ep.startMs <= w.endMs &&
            ep.endMs >= w.startMs,
        ),
      );
      const unexplained = score.falseEpisodes.length - explained.length;
      const precisionExplained = score.episodes
        ? (score.truePositiveEpisodes + explained.length) / score.episodes
        : 1;
      console.log(
        JSON.stringify({
          unit: values.feedback && !unit.startsWith('peer') ? `${unit}+feedback` : unit,
          seed,
          ...variant,
          days,
          municipalities,
          messages: truth.valid,
          incidents: score.incidents,
          episodes: score.episodes,
          precision: +score.precision.toFixed(3),
          precision_weather_explained: +precisionExplained.toFixed(3),
          recall: +score.recall.toFixed(3),
          f1: +score.f1.toFixed(3),
          false_alerts_per_municipality_month: +(score.falseEpisodes.length / municipalityMonths).toFixed(3),
          unexplained_false_alerts_per_municipality_month: +(unexplained / municipalityMonths).toFixed(3),
          floods_alerted: score.floodsAlerted,
          delay_median_min: score.delayMedianMin,
          delay_p95_min: score.delayP95Min,
          critical_incidents: score.criticalIncidents,
          critical_delay_median_min: score.criticalDelayMedianMin,
          critical_delay_p95_min: score.criticalDelayP95Min,
          ...(unit === 'topic-alert'
            ? {
                expected_alerts: alerts.length - incidentAlerts.length,
                critical_alerts: incidentAlerts.filter((a) => a.severity === 'critical').length,
              }
            : {}),
          seconds: +seconds.toFixed(1),
        }),
      );
      if (values.verbose) {
        for (const m of score.missed)
          console.log('  missed', JSON.stringify({ ...m, messageIds: undefined, words: undefined }));
        for (const f of score.falseEpisodes)
          console.log(
            '  false',
            f.municipality,
            f.topic,
            new Date(f.startMs).toISOString(),
            (f.endMs - f.startMs) / 3.6e6,
            'h',
            explained.includes(f) ? '(weather)' : '',
          );
      }
    }
  }
