/**
 * Message texts made of real appeals (`texts: 'real'`): real sentences, lengths, typos and vocabulary, but no
 * whole-text copies. ~3,000 appeals serve a big city's ~1,700 messages a day, so reusing whole texts would make
 * exact copies from different authors, which no real stream has and which the near-duplicate and emerging-word
 * detectors would see. So a message takes a random appeal of its topic as its shape (its number of sentences:
 * real lengths) and fills each position with that appeal's own sentence or, as often, a sentence from that
 * position of another appeal of the topic; some sentences take their tail from another sentence, at a comma or
 * between words (in messages of one or two sentences, all of them), and the noise model (noise.ts) adds typos, ё/е, case and emoji on top.
 *
 * Incidents: each picks one real appeal of its topic as its story, and the story's rare words as its distinctive
 * words. Its messages lead either with a story sentence carrying them (plus the incident's street, as an address
 * sentence) or with a resident's short sentence naming them and the street (compose-text.ts), followed by a few
 * other real sentences of the topic: many residents on one thing in one place, alike but not copies.
 * Floods keep their copy-paste nature: a bot posts one real complaint (an appeal's opening), a campaign a whole
 * long real appeal, varied only by varyFloodText.
 */
import { renderIncidentAddress, renderIncidentSentence, type TextContext, withCity } from './compose-text.ts';
import { addNoise } from './noise.ts';
import type { Prng } from './prng.ts';
import { fillCityNames } from './real-city-names.ts';
import type { RealCorpus, TopicMaterial } from './real-corpus.ts';
import type { CityForms } from './city-forms.ts';

/** Share of a message's sentences that are its shape appeal's own. */
export const OWN_SENTENCE_SHARE = 0.5;
/** Share of sentences (of messages of 3+ sentences; shorter ones always) whose tail is another sentence's. */
export const SPLICE_SHARE = 0.3;
/** Share of incident messages that lead with a sentence of the story (the others name its words). */
export const STORY_LEAD_SHARE = 0.6;

const pick = <T>(xs: readonly T[], rng: Prng): T => xs[rng.int(xs.length)] as T;

/**
 * A uniform position of `sep` in `s` within [lo, hi) (reservoir sampling: one pass, no array), or -1.
 */
function cutAt(s: string, sep: string, lo: number, hi: number, rng: Prng): number {
  let at = -1;
  let seen = 0;
  for (let i = s.indexOf(sep, lo); i >= 0 && i < hi; i = s.indexOf(sep, i + 1))
    if (rng.int(++seen) === 0) at = i;
  return at;
}

/**
 * `a`'s head and `b`'s tail, joined where a clause ends (a comma) or, in a sentence without one, between two
 * words of its middle half: two residents' sentences on one topic, read as one. `a` itself when `b` is too short.
 */
export function spliceSentences(a: string, b: string, rng: Prng): string {
  let i = cutAt(a, ', ', a.length >> 2, a.length, rng);
  if (i < 0) i = cutAt(a, ' ', a.length >> 2, (3 * a.length) >> 2, rng);
  if (i < 0) return a;
  let j = cutAt(b, ', ', 1, b.length - 8, rng);
  if (j < 0) j = cutAt(b, ' ', b.length >> 2, (3 * b.length) >> 2, rng);
  if (j < 0) return a;
  return a.slice(0, i) + b.slice(j);
}

/** The clean text of a message of topic material `m`: city names still masked (real-city-names.ts). */
export function composeRealClean(m: TopicMaterial, rng: Prng): string {
  const shape = pick(m.appeals, rng);
  const n = shape.length;
  let out = '';
  for (let i = 0; i < n; i++) {
    const pool = i === 0 ? m.first : i === n - 1 ? m.last : m.middle;
    let s = rng.next() < OWN_SENTENCE_SHARE ? (shape[i] as string) : pick(pool, rng);
    if (n <= 2 || rng.next() < SPLICE_SHARE) s = spliceSentences(s, pick(m.middle, rng), rng);
    out = i === 0 ? s : `${out} ${s}`;
  }
  return out;
}

/** Names the town (`home`) where the appeal named its own, frames it with the city when asked, adds noise. */
function finish(text: string, ctx: TextContext, home: CityForms): string {
  const framed = ctx.city ? withCity(text, ctx.city, ctx.rng) : text;
  return addNoise(fillCityNames(framed, home), ctx.rng);
}

/** A background message of topic material `m` in the town whose names are `home`. */
export function composeRealText(m: TopicMaterial, ctx: TextContext, home: CityForms): string {
  return finish(composeRealClean(m, ctx.rng), ctx, home);
}

export interface RealStory {
  /** The story's sentences that carry at least one of its words. */
  lead: readonly string[];
  /** Its distinctive words, lower case, as written in it. */
  words: string[];
}

const STORY_WORD = /(?<![А-Яа-яЁёA-Za-z])[а-яё]{6,}(?![А-Яа-яЁёA-Za-z])/g;

/**
 * An incident's story: a real appeal of its topic and 2–4 of its rarest words (lower case, 6+ letters, in 2–40
 * appeals of the corpus: rare, yet not a one-off typo or surname). Draws only from `rng`.
 */
export function pickRealStory(m: TopicMaterial, docFreq: RealCorpus['docFreq'], rng: Prng): RealStory {
  let best: { sentences: readonly string[]; ranked: string[] } | undefined;
  for (let attempt = 0; attempt < 20; attempt++) {
    const sentences = pick(m.appeals, rng);
    const ranked = [...new Set(sentences.join(' ').match(STORY_WORD) ?? [])]
      .map((w) => ({ w, df: docFreq.get(w) ?? 0 }))
      .filter((x) => x.df >= 2 && x.df <= 40)
      .sort((a, b) => a.df - b.df || (a.w < b.w ? -1 : 1))
      .map((x) => x.w);
    if (!best || ranked.length > best.ranked.length) best = { sentences, ranked };
    if (ranked.length >= 4) break;
  }
  const { sentences, ranked } = best as { sentences: readonly string[]; ranked: string[] };
  const top = ranked.slice(0, 6);
  for (let i = top.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [top[i], top[j]] = [top[j] as string, top[i] as string];
  }
  const words = top.slice(0, Math.min(top.length, 2 + rng.int(3)));
  if (words.length === 0) words.push(...(sentences.join(' ').match(STORY_WORD) ?? []).slice(0, 2));
  const lead = sentences.filter((s) => words.some((w) => s.includes(w)));
  return { lead: lead.length > 0 ? lead : sentences, words };
}

/** A message of an incident with story `story` (its street in `ctx.street`), in the town named `home`. */
export function composeRealIncidentText(
  m: TopicMaterial,
  story: RealStory,
  ctx: TextContext,
  home: CityForms,
): string {
  const { rng } = ctx;
  const parts: string[] = [];
  const storyLead = rng.next() < STORY_LEAD_SHARE;
  if (storyLead) {
    const lead = pick(story.lead, rng);
    if (rng.next() < 0.9) {
      const address = renderIncidentAddress(ctx);
      if (rng.next() < 0.5) parts.push(address, lead);
      else parts.push(lead, address);
    } else parts.push(lead);
  } else {
    const k = story.words.length <= 2 ? story.words.length : 2 + rng.int(story.words.length - 1);
    const chosen = [...story.words];
    for (let i = chosen.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [chosen[i], chosen[j]] = [chosen[j] as string, chosen[i] as string];
    }
    parts.push(renderIncidentSentence(chosen.slice(0, Math.max(1, k)).join(', '), ctx));
  }
  // A story sentence is shared by many messages: at least one sentence of the writer's own keeps them apart
  // (the near-duplicate detector would otherwise hear one voice).
  const r = rng.next();
  const extra = (r < 0.35 ? 0 : r < 0.7 ? 1 : r < 0.9 ? 2 : 3) + (storyLead ? 1 : 0);
  for (let i = 0; i < extra; i++) parts.push(pick(i === extra - 1 ? m.last : m.middle, rng));
  return finish(parts.join(' '), ctx, home);
}

/**
 * The base text a flood copies (clean, the town's name written in): a bot's one complaint (an appeal's first one
 * or two sentences), a campaign's whole long appeal.
 */
export function realFloodBase(m: TopicMaterial, rng: Prng, campaign: boolean, home: CityForms): string {
  const text = campaign
    ? (m.appeals[pick(m.long, rng)] as readonly string[]).join(' ')
    : pick(m.appeals, rng)
        .slice(0, 1 + rng.int(2))
        .join(' ');
  return fillCityNames(text, home);
}
