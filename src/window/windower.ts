/**
 * Tumbling event-time windows keyed by (municipality, topic), for several buckets at once.
 *
 * - A window closes when the watermark (max event time − allowedDelayMs) reaches its end; `advance()` emits it
 *   as a full value (`revision: false`).
 * - An event behind the watermark but not older than watermark − allowedLatenessMs updates its (closed,
 *   retained) window, which `advance()` emits again as a full value (`revision: true`): a replay is an upsert.
 * - An older event is **late**: it is not added to any window, `add` returns 'late' (so the caller can store
 *   it flagged) and the late counter grows. Nothing is dropped silently.
 * - A closed window is kept until the watermark passes end + allowedLatenessMs, then evicted; a key with no
 *   windows left is forgotten. State is bounded by active keys × windows within the lateness horizon, never
 *   by the number of messages (a window keeps its distinct authors, which exact unique counts need).
 *
 * Values do not depend on arrival order as long as no event is late (property-tested).
 */
import { VspError } from '../errors.ts';
import type { Aggregate, Bucket, TopicId } from '../records.ts';
import { decodeNumber, encodeNumber, type JsonNumber } from '../state/json-number.ts';
import { BUCKET_SIZE_MS, HOUR_MS, isValidUtcOffsetMin, MINUTE_MS } from './assign.ts';
import { EndQueue } from './end-queue.ts';
import { Watermark } from './watermark.ts';

export const DEFAULT_ALLOWED_LATENESS_MS = 48 * HOUR_MS;

export interface WindowerOptions {
  buckets: Bucket[];
  /** Watermark = max event time − allowedDelayMs. */
  allowedDelayMs: number;
  /** How far behind the watermark an event may still update its window. Default 48 h. */
  allowedLatenessMs?: number;
  /**
   * 'max-event-time' (default): the watermark follows the events added. 'external': only `advance(toMs)` moves
   * it — for sources whose progress is known better outside (Kafka: the minimum over assigned partitions, so a
   * partition read ahead of the others does not make their messages late).
   */
  watermark?: 'max-event-time' | 'external';
  /** Buckets whose emitted windows carry their named authors (`Aggregate.authorIds`) for span tests. */
  authorsFor?: readonly Bucket[];
}

export interface WindowInput {
  eventTimeMs: number;
  municipality: string;
  topic: TopicId;
  /** Pseudonymous author; a message without one counts as its own author. */
  author?: string;
  source: string;
  /** The municipality's fixed offset from UTC (minutes); `day` windows start at its local midnight. */
  utcOffsetMin: number;
}

export type AddResult = 'ok' | 'late';

/**
 * One window in a snapshot: bucket index, municipality, topic, start, count, anonymous messages, distinct named
 * authors (in first-seen order), per-source counts (first source first), emitted (0/1).
 */
export type WindowRecord = [
  bucketIndex: number,
  municipality: string,
  topic: TopicId,
  startMs: number,
  count: number,
  anonymous: number,
  authors: string[],
  sources: [string, number][],
  emitted: 0 | 1,
];

/** Everything a Windower holds, as JSON; windows in the order they will close (and be evicted). */
export interface WindowerSnapshot {
  buckets: Bucket[];
  watermarkMs: JsonNumber;
  maxEventTimeMs: JsonNumber;
  late: number;
  added: number;
  open: WindowRecord[];
  retained: WindowRecord[];
}

export interface WindowerStats {
  /** Windows the watermark has not yet closed. */
  openWindows: number;
  /** Closed windows kept for late events until watermark > end + allowedLatenessMs. */
  retainedWindows: number;
  /** Events older than watermark − allowedLatenessMs (not added to windows). */
  late: number;
  /** Events added to windows. */
  added: number;
  /** (municipality, topic) keys with at least one open or retained window. */
  keys: number;
  watermarkMs: number;
}

interface KeyState {
  readonly municipality: string;
  readonly topic: TopicId;
  /** Per bucket index: windows by start. */
  readonly windows: Map<number, WindowState>[];
  /** Per bucket index: the window last touched (most events hit it again). */
  readonly last: (WindowState | undefined)[];
  windowCount: number;
}

/**
 * One window's values, laid out for the common case of one author and one source (most cells hold 0 or 1
 * message): the Set and Map are only allocated for a second distinct author or source. Same values as a
 * `WindowPartial` (partials.ts), which is the mergeable form.
 */
interface WindowState {
  readonly key: KeyState;
  readonly bucketIndex: number;
  readonly startMs: number;
  readonly endMs: number;
  count: number;
  /** Messages without an author (each its own author). */
  anonymous: number;
  /** The first named author, while there is only one. */
  author0: string | undefined;
  /** All distinct named authors once there are two or more. */
  authors: Set<string> | undefined;
  source0: string;
  source0Count: number;
  /** Counts of sources other than source0. */
  otherSources: Map<string, number> | undefined;
  closed: boolean;
  /** Emitted at least once. */
  emitted: boolean;
  /** Changed since it was closed (and not yet re-emitted). */
  dirty: boolean;
}

export class Windower {
  readonly buckets: readonly Bucket[];
  readonly allowedDelayMs: number;
  readonly allowedLatenessMs: number;
  readonly #sizesMs: number[];
  #watermark: Watermark;
  readonly #externalWatermark: boolean;
  /** Per bucket index: emit `authorIds`. */
  readonly #withAuthors: boolean[];
  readonly #keys = new Map<string, Map<string, KeyState>>();
  readonly #open = new EndQueue<WindowState>();
  readonly #retained = new EndQueue<WindowState>();
  #dirty: WindowState[] = [];
  #keyCount = 0;
  #late = 0;
  #added = 0;

  constructor(options: WindowerOptions) {
    const { buckets, allowedDelayMs } = options;
    const allowedLatenessMs = options.allowedLatenessMs ?? DEFAULT_ALLOWED_LATENESS_MS;
    if (!Array.isArray(buckets) || buckets.length === 0) {
      throw new VspError('VSP_CONFIG_INVALID', 'window buckets must be a non-empty list');
    }
    for (const b of buckets) {
      if (!Object.hasOwn(BUCKET_SIZE_MS, b))
        throw new VspError('VSP_CONFIG_INVALID', `unknown bucket '${b}'`);
    }
    if (new Set(buckets).size !== buckets.length) {
      throw new VspError('VSP_CONFIG_INVALID', `duplicate bucket in [${buckets.join(', ')}]`);
    }
    if (!(allowedLatenessMs >= 0) || !Number.isFinite(allowedLatenessMs)) {
      throw new VspError(
        'VSP_CONFIG_INVALID',
        `allowedLatenessMs must be finite and ≥ 0, got ${allowedLatenessMs}`,
      );
    }
    this.buckets = Object.freeze([...buckets]);
    this.#sizesMs = buckets.map((b) => BUCKET_SIZE_MS[b]);
    this.#watermark = new Watermark(allowedDelayMs);
    this.#externalWatermark = options.watermark === 'external';
    this.#withAuthors = buckets.map((b) => options.authorsFor?.includes(b) ?? false);
    this.allowedDelayMs = allowedDelayMs;
    this.allowedLatenessMs = allowedLatenessMs;
  }

  get watermarkMs(): number {
    return this.#watermark.valueMs;
  }

  /** True when `advance()` would emit something: an open window the watermark has passed, or a revision. */
  get hasDue(): boolean {
    return this.#dirty.length > 0 || this.#open.peekEndMs() <= this.#watermark.valueMs;
  }

  /** The whole state, after an `advance()` (pending revisions are not part of a snapshot). */
  snapshot(): WindowerSnapshot {
    if (this.#dirty.length > 0)
      throw new Error('Windower.snapshot: call advance() first (revisions pending)');
    const record = (w: WindowState): WindowRecord => {
      const authors = w.authors !== undefined ? [...w.authors] : w.author0 !== undefined ? [w.author0] : [];
      const sources: [string, number][] = w.source0Count > 0 ? [[w.source0, w.source0Count]] : [];
      if (w.otherSources !== undefined) sources.push(...w.otherSources);
      return [
        w.bucketIndex,
        w.key.municipality,
        w.key.topic,
        w.startMs,
        w.count,
        w.anonymous,
        authors,
        sources,
        w.emitted ? 1 : 0,
      ];
    };
    return {
      buckets: [...this.buckets],
      watermarkMs: encodeNumber(this.#watermark.valueMs),
      maxEventTimeMs: encodeNumber(this.#watermark.maxEventTimeMs),
      late: this.#late,
      added: this.#added,
      open: [...this.#open.items()].map(record),
      retained: [...this.#retained.items()].map(record),
    };
  }

  /** A Windower in the state `snapshot()` captured; `options` must name the same buckets. */
  static restore(options: WindowerOptions, s: WindowerSnapshot): Windower {
    if (s.buckets.join() !== options.buckets.join())
      throw new VspError(
        'VSP_CONFIG_INVALID',
        `saved window state has buckets [${s.buckets}], the pipeline [${options.buckets}]`,
      );
    const w = new Windower(options);
    w.#watermark = Watermark.restore(
      options.allowedDelayMs,
      decodeNumber(s.watermarkMs),
      decodeNumber(s.maxEventTimeMs),
    );
    w.#late = s.late;
    w.#added = s.added;
    const load = (r: WindowRecord, closed: boolean) => {
      const [i, municipality, topic, startMs, count, anonymous, authors, sources, emitted] = r;
      const key = w.#keyState(municipality, topic);
      const endMs = startMs + (w.#sizesMs[i] as number);
      const st = w.#openWindow(
        key,
        i,
        startMs,
        endMs,
        closed ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY,
      );
      st.count = count;
      st.anonymous = anonymous;
      st.author0 = authors[0];
      if (authors.length > 1) st.authors = new Set(authors);
      const [first, ...others] = sources;
      if (first) [st.source0, st.source0Count] = first;
      if (others.length > 0) st.otherSources = new Map(others);
      st.emitted = emitted === 1;
    };
    for (const r of s.open) load(r, false);
    for (const r of s.retained) load(r, true);
    return w;
  }

  /**
   * Add one event. Returns 'late' (and counts it) when it is older than watermark − allowedLatenessMs: it is
   * then in no window, and the caller stores it flagged late.
   */
  add(ev: WindowInput): AddResult {
    const t = ev.eventTimeMs;
    if (!Number.isFinite(t)) throw new RangeError(`eventTimeMs must be finite, got ${t}`);
    const offsetMin = ev.utcOffsetMin;
    if (!isValidUtcOffsetMin(offsetMin)) throw new RangeError(`utcOffsetMin out of range: ${offsetMin}`);
    const wm = this.#externalWatermark ? this.#watermark.valueMs : this.#watermark.observe(t);
    if (t < wm - this.allowedLatenessMs) {
      this.#late++;
      return 'late';
    }
    this.#added++;
    const key = this.#keyState(ev.municipality, ev.topic);
    const localMs = t + offsetMin * MINUTE_MS;
    const author = ev.author;
    const source = ev.source;
    const sizes = this.#sizesMs;
    for (let i = 0; i < sizes.length; i++) {
      const size = sizes[i] as number;
      const startMs = t - (((localMs % size) + size) % size);
      let w = key.last[i];
      if (w === undefined || w.startMs !== startMs) {
        w = key.windows[i]?.get(startMs) ?? this.#openWindow(key, i, startMs, startMs + size, wm);
        key.last[i] = w;
      }
      w.count++;
      if (author === undefined || author === '') w.anonymous++;
      else if (w.authors !== undefined) w.authors.add(author);
      else if (w.author0 === undefined) w.author0 = author;
      else if (w.author0 !== author) w.authors = new Set([w.author0, author]);
      if (source === w.source0) w.source0Count++;
      else if (w.source0Count === 0) {
        w.source0 = source;
        w.source0Count = 1;
      } else {
        if (w.otherSources === undefined) w.otherSources = new Map();
        w.otherSources.set(source, (w.otherSources.get(source) ?? 0) + 1);
      }
      if (w.closed && !w.dirty) {
        w.dirty = true;
        this.#dirty.push(w);
      }
    }
    return 'ok';
  }

  /**
   * Emit windows the watermark has closed (revision=false) and windows changed by events within the allowed
   * lateness since their last emission (revision=true), then evict windows past end + allowedLatenessMs.
   * `toWatermarkMs` moves the watermark explicitly (e.g. an idle source's heartbeat from a Clock); moving it
   * back throws VSP_WINDOW_WATERMARK_REGRESSED. Output is ordered by window end.
   */
  advance(toWatermarkMs?: number): Aggregate[] {
    if (toWatermarkMs !== undefined) this.#watermark.advanceTo(toWatermarkMs);
    const wm = this.#watermark.valueMs;
    const out: Aggregate[] = [];
    while (this.#open.peekEndMs() <= wm) {
      const group = this.#open.popGroup();
      if (group === undefined) break;
      for (const w of group.items) {
        w.closed = true;
        out.push(this.#emit(w));
        this.#retained.push(w.endMs, w);
      }
    }
    if (this.#dirty.length > 0) {
      const dirty = this.#dirty;
      this.#dirty = [];
      dirty.sort((a, b) => a.endMs - b.endMs);
      for (const w of dirty) {
        w.dirty = false;
        out.push(this.#emit(w));
      }
    }
    const evictBeforeMs = wm - this.allowedLatenessMs;
    while (this.#retained.peekEndMs() <= evictBeforeMs) {
      const group = this.#retained.popGroup();
      if (group === undefined) break;
      for (const w of group.items) this.#evict(w);
    }
    if (this.#isUnsortedByEnd(out)) out.sort((a, b) => a.endMs - b.endMs); // stable: closing order kept within an end
    return out;
  }

  /** End of a finite stream: the watermark goes to +∞, every window is emitted and evicted. */
  flush(): Aggregate[] {
    return this.advance(Number.POSITIVE_INFINITY);
  }

  #isUnsortedByEnd(out: Aggregate[]): boolean {
    for (let i = 1; i < out.length; i++)
      if ((out[i] as Aggregate).endMs < (out[i - 1] as Aggregate).endMs) return true;
    return false;
  }

  stats(): WindowerStats {
    return {
      openWindows: this.#open.size,
      retainedWindows: this.#retained.size,
      late: this.#late,
      added: this.#added,
      keys: this.#keyCount,
      watermarkMs: this.#watermark.valueMs,
    };
  }

  #keyState(municipality: string, topic: TopicId): KeyState {
    let byTopic = this.#keys.get(municipality);
    if (byTopic === undefined) {
      byTopic = new Map();
      this.#keys.set(municipality, byTopic);
    }
    let key = byTopic.get(topic);
    if (key === undefined) {
      const n = this.#sizesMs.length;
      key = {
        municipality,
        topic,
        windows: Array.from({ length: n }, () => new Map<number, WindowState>()),
        last: new Array<WindowState | undefined>(n).fill(undefined),
        windowCount: 0,
      };
      byTopic.set(topic, key);
      this.#keyCount++;
    }
    return key;
  }

  #openWindow(key: KeyState, bucketIndex: number, startMs: number, endMs: number, wm: number): WindowState {
    const closed = endMs <= wm;
    const w: WindowState = {
      key,
      bucketIndex,
      startMs,
      endMs,
      count: 0,
      anonymous: 0,
      author0: undefined,
      authors: undefined,
      source0: '',
      source0Count: 0,
      otherSources: undefined,
      closed,
      emitted: false,
      dirty: false,
    };
    (key.windows[bucketIndex] as Map<number, WindowState>).set(startMs, w);
    key.windowCount++;
    // A window first seen after the watermark passed its end (a late-but-allowed event) goes straight to the
    // retained set; `add` marks it dirty so the next advance() emits it.
    if (closed) this.#retained.push(endMs, w);
    else this.#open.push(endMs, w);
    return w;
  }

  #emit(w: WindowState): Aggregate {
    const revision = w.emitted;
    w.emitted = true;
    const agg: Aggregate = {
      bucket: this.buckets[w.bucketIndex] as Bucket,
      municipality: w.key.municipality,
      topic: w.key.topic,
      startMs: w.startMs,
      endMs: w.endMs,
      count: w.count,
      uniqueAuthors:
        w.anonymous + (w.authors !== undefined ? w.authors.size : w.author0 !== undefined ? 1 : 0),
      sources: sourcesOf(w),
      revision,
    };
    if (this.#withAuthors[w.bucketIndex])
      agg.authorIds = w.authors !== undefined ? [...w.authors] : w.author0 !== undefined ? [w.author0] : [];
    return agg;
  }

  #evict(w: WindowState): void {
    const key = w.key;
    (key.windows[w.bucketIndex] as Map<number, WindowState>).delete(w.startMs);
    if (key.last[w.bucketIndex] === w) key.last[w.bucketIndex] = undefined;
    if (--key.windowCount === 0) {
      const byTopic = this.#keys.get(key.municipality);
      if (byTopic !== undefined) {
        byTopic.delete(key.topic);
        if (byTopic.size === 0) this.#keys.delete(key.municipality);
      }
      this.#keyCount--;
    }
  }
}

/** Per-source counts as a plain record with sorted keys, so equal windows serialise equally. */
/** Built by `Object.fromEntries` (defines keys): a source named `__proto__` is a key, not the prototype. */
function sourcesOf(w: WindowState): Record<string, number> {
  if (w.otherSources === undefined)
    return Object.fromEntries(w.source0Count > 0 ? [[w.source0, w.source0Count]] : []);
  const all = new Map(w.otherSources);
  all.set(w.source0, w.source0Count);
  return Object.fromEntries([...all].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}
