/**
 * The briefing as data: the single source every renderer (Markdown, HTML, PDF) formats and the JSON format
 * returns as is. Every number here is one the API serves for the same place and day (docs/briefing.md says
 * which route and parameters); times are epoch ms, dates local YYYY-MM-DD.
 */
import type { KnownCause, Severity, Story, TopicId } from '../records.ts';

/** The most items of one kind a briefing lists; the rest are counted in `more`. */
export const MAX_ITEMS = 5;

/** A ranked list cut to MAX_ITEMS: the items shown and how many more there were. */
export interface Capped<T> {
  items: T[];
  more: number;
}

export interface BriefingPlace {
  code: string;
  name: string;
  region: string;
  regionName: string;
  population: number;
  utcOffsetMin: number;
}

/** Messages of the day against the norm for that weekday in this season. */
export interface Volume {
  /** Messages of the local day (GET /api/series?bucket=day). */
  count: number;
  /** Unique authors of the day (the same series' uniqueAuthors). */
  authors: number;
  /** Per 10,000 residents; null when the population is unknown. */
  per10k: number | null;
  /** Mean of the same weekday in the NORM_WEEKS weeks before (the same season); null without those days. */
  norm: number | null;
  /** The counts the norm is the mean of, oldest first. */
  normDays: { date: string; count: number }[];
  /** count / norm; null when the norm is 0 or unknown. */
  ratio: number | null;
}

/** The town among comparable towns of its region by the day's rate (GET /api/top?by=municipality). */
export interface Rank {
  /** 1 = the highest shrunk rate per 10,000 among the comparable towns. */
  position: number;
  /** How many comparable towns (the town included). */
  of: number;
  /** Population bounds of "comparable" (within COMPARABLE_FACTOR of the town's); null: the whole region. */
  populationFrom: number | null;
  populationTo: number | null;
  /** The API's empirical-Bayes rate per 10,000 and its 95% interval. */
  shrunk: number;
  shrunkLow: number;
  shrunkHigh: number;
  /** The raw rate per 10,000 and its exact interval. */
  per10k: number;
  low: number;
  high: number;
  /** The region's rate per 10,000 that day (all its monitored towns). */
  regionPer10k: number;
}

/** A topic that moved against its norm, with what the messages said. */
export interface TopicMove {
  topic: TopicId;
  topicName: string;
  count: number;
  /** Mean of the same weekday of the `normWeeks` weeks before (0 when there are none). */
  norm: number;
  /** Weeks of data the norm averages (up to NORM_WEEKS; 0: the day has no norm yet). */
  normWeeks: number;
  /** (count − norm) / √(norm + 1): how surprising the rise is for a Poisson count; the ranking key. */
  score: number;
  /** Key words (the explanation's terms), streets and districts of the day's messages. */
  terms: string[];
  streets: string[];
  districts: string[];
  /** One resident's message, masked as the API masks it (truncated); null when none. */
  quote: string | null;
}

export type AlertState = 'new' | 'open' | 'closed';

export interface BriefingAlert {
  id: string;
  /** new: first detected during the day or the night after; open: older and still open at 07:00; closed: closed overnight. */
  state: AlertState;
  topic: TopicId;
  topicName: string;
  severity: Severity;
  respondWithinMin: number;
  /** First detection + respondWithinMin. */
  respondByMs: number;
  startMs: number;
  endMs: number;
  firstDetectedAtMs: number;
  closedAtMs: number | null;
  peakObserved: number;
  peakExpected: number;
  terms: string[];
  districts: string[];
  cause: KnownCause | null;
}

export interface BriefingStory {
  id: string;
  topic: TopicId;
  topicName: string;
  kind: Story['kind'];
  /** Masked, as GET /api/clusters serves it. */
  label: string;
  messages: number;
  authors: number;
  startMs: number;
  lastMs: number;
  streets: string[];
}

/** An expected cause of a rise: a known event covering the day (GET /api/calendar), or one an alert names. */
export interface BriefingCause {
  id: string;
  kind: string;
  label: string;
  /** Topics it covers (empty: all). */
  topics: TopicId[];
  from: string | null;
  to: string | null;
  /** Alerts of the town it explains on the day. */
  alerts: number;
}

/** A leading topic's last 30 local days (GET /api/series?bucket=day&topic=…), the briefing's day last. */
export interface TopicSeries {
  topic: TopicId;
  topicName: string;
  /** Local dates, oldest first. */
  dates: string[];
  counts: number[];
}

/**
 * Messages of an earlier briefed day that arrived after its briefing was built (late data: social posts are
 * collected late): the day's count now minus the count that briefing used. Set by the scheduler, which knows what
 * it sent (store/deliveries.ts); null otherwise.
 */
export interface LateNote {
  /** The local day of the earlier briefing. */
  date: string;
  /** Messages of that day counted since. */
  count: number;
}

/** A recurring seasonal wave forecast to start soon (src/seasonal: onset = first week at 30% of the peak week). */
export interface ExpectedWave {
  topic: TopicId;
  topicName: string;
  /** Monday of the forecast onset week and its 80% interval (ISO dates). */
  onsetWeek: string;
  onsetLow: string;
  onsetHigh: string;
  /** When to start informing residents (onset − lead time). */
  campaignStart: string;
  /** Forecast season total per 10,000 residents; null without a population. */
  expectedPer10k: number | null;
}

export interface Briefing {
  /** Format version of this JSON. */
  version: 1;
  place: BriefingPlace;
  /** The local day it is about ("yesterday") and the morning it is read (the next day). */
  date: string;
  readOn: string;
  /** 00:00 of the day to 07:00 of the next, local, as instants: the night counts for alerts. */
  fromMs: number;
  toMs: number;
  morningMs: number;
  volume: Volume;
  rank: Rank | null;
  topics: Capped<TopicMove>;
  alerts: Capped<BriefingAlert>;
  stories: Capped<BriefingStory>;
  causes: Capped<BriefingCause>;
  series: TopicSeries[];
  /**
   * Seasonal waves expected in the coming weeks in this town (the planner's recommendations, GET
   * /api/campaigns/recommended for the town's region from the day after the briefing): onset soonest first.
   */
  forecasts: Capped<ExpectedWave>;
  /** Late data of the previous briefing's day, when some arrived after it was sent. */
  late: LateNote | null;
}
