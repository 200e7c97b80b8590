/**
 * Builds the Russian text of one message from the topic templates, the town's streets and the noise model.
 * Background messages, incident messages (with the incident's distinctive words and street) and flood copies
 * all come from here, so they read alike.
 */
import type { TopicId } from '../../records.ts';
import type { CityForms } from './city-forms.ts';
import { addNoise } from './noise.ts';
import type { Prng } from './prng.ts';
import { formatStreet, houseNumber, type Street } from './streets.ts';
import { type CompiledTemplate, compileTemplate, renderTemplate } from './template.ts';
import { DURATIONS, GENERIC_EXTRA, MANAGEMENT, OPENERS, PLEAS, TEMPLATES } from './templates-ru.ts';
import { TOPIC_IDS } from './topic-profiles.ts';

interface CompiledTopic {
  core: CompiledTemplate[];
  extra: CompiledTemplate[];
  vague: CompiledTemplate[];
}

const compileAll = (xs: string[]) => xs.map(compileTemplate);
const COMPILED: CompiledTopic[] = TOPIC_IDS.map((id) => {
  const t = TEMPLATES[id];
  return { core: compileAll(t.core), extra: compileAll(t.extra), vague: compileAll(t.vague) };
});
const GENERIC = compileAll(GENERIC_EXTRA);
const INCIDENT_SENTENCES = compileAll([
  '{W} {na_street}!',
  '{NA_STREET}: {W}.',
  'У нас {na_street} {W} {dur}.',
  'Срочно! {W} {na_street}, {house}.',
  'Что происходит {na_street}? {W}.',
  '{W} — адрес {addr}. [Примите меры!|Помогите!|Куда звонить?]',
  '[Опять|Снова|Вот уже] {W} {na_street}. [Дышать нечем.|Жуть.|Никто не едет.|]',
  '[Люди, |Соседи, |]кто знает, что {na_street}? {W}.',
]);
const INCIDENT_ADDRESSES = compileAll([
  'Адрес: {addr}.',
  '{NA_STREET}, {house}.',
  'Мы живём {na_street}.',
  'Это {na_street}, дом {house}.',
  '[Пишу|Пишем] {po_street}.',
  '({addr})',
]);
const pick = <T>(xs: readonly T[], rng: Prng): T => xs[rng.int(xs.length)] as T;

export const MIXED_SHARE = 0.06;
export const VAGUE_SHARE = 0.08;

export interface TextContext {
  rng: Prng;
  streets: readonly Street[];
  /** When set, the text names its city (messages that carry neither a code nor coordinates). */
  city?: CityForms;
  /** Force this street into every street slot (incident messages). */
  street?: Street;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function slotFiller(ctx: TextContext, words?: string): (name: string) => string {
  const { rng } = ctx;
  let street: Street | undefined = ctx.street;
  const st = () => {
    if (!street) street = pick(ctx.streets, rng);
    return street;
  };
  return (name: string) => {
    switch (name) {
      case 'addr':
        return `${formatStreet(st(), 'plain', rng)}, ${houseNumber(rng)}`;
      case 'na_street':
        return formatStreet(st(), 'na', rng);
      case 'NA_STREET':
        return capitalise(formatStreet(st(), 'na', rng));
      case 'po_street':
        return formatStreet(st(), 'po', rng);
      case 'house':
        return houseNumber(rng);
      case 'dur':
        return pick(DURATIONS, rng);
      case 'temp':
        return `+${12 + rng.int(6)}`;
      case 'route':
        return String(1 + Math.floor(rng.next() ** 2 * 120));
      case 'uk':
        return pick(MANAGEMENT, rng);
      case 'n':
        return String(2 + rng.int(8));
      case 'school':
        return `№ ${1 + rng.int(60)}`;
      case 'plea':
        return pick(PLEAS, rng);
      case 'W':
        return words ?? '';
      default:
        throw new Error(`unknown template slot {${name}}`);
    }
  };
}

function render(t: CompiledTemplate, ctx: TextContext, words?: string): string {
  const s = renderTemplate(t, ctx.rng, slotFiller(ctx, words))
    .replace(/\s+([.,!?])/g, '$1')
    .trim();
  return capitalise(s);
}

/** `text` framed by a sentence naming its city (messages that carry neither a code nor coordinates). */
export function withCity(text: string, city: CityForms, rng: Prng): string {
  switch (rng.int(5)) {
    case 0:
      return `${text} И это в ${city.prepositional}!`;
    case 1:
      return `Жители ${city.genitive} обращаются: ${text}`;
    case 2:
      return `${text} Администрация ${city.genitive}, примите меры.`;
    case 3:
      return `В ${city.prepositional} опять проблема. ${text}`;
    default:
      return `${text} Мы живём в ${city.prepositional}, а не в деревне.`;
  }
}

/** The clean (noise-free) text of a background message of topic index `t`. */
export function composeCleanText(t: number, ctx: TextContext): string {
  const { rng } = ctx;
  const topic = COMPILED[t] as CompiledTopic;
  const parts: string[] = [];
  if (rng.next() < 0.22) parts.push(pick(OPENERS, rng));
  const vague = topic.vague.length > 0 && rng.next() < VAGUE_SHARE;
  parts.push(render(pick(vague ? topic.vague : topic.core, rng), ctx));
  const r = rng.next();
  const extras = r < 0.55 ? 0 : r < 0.8 ? 1 : r < 0.92 ? 2 : 3 + rng.int(3);
  for (let i = 0; i < extras; i++) {
    const pool = topic.extra.length > 0 && rng.next() < 0.6 ? topic.extra : GENERIC;
    parts.push(render(pick(pool, rng), ctx));
  }
  if (rng.next() < MIXED_SHARE) {
    const other = COMPILED[rng.int(COMPILED.length - 1)] as CompiledTopic;
    parts.push(render(pick(other.core, rng), ctx));
  }
  let text = parts.join(' ');
  if (ctx.city) text = withCity(text, ctx.city, rng);
  return text;
}

/** A background message's text, with noise. */
export function composeText(t: number, ctx: TextContext): string {
  return addNoise(composeCleanText(t, ctx), ctx.rng);
}

/**
 * An incident message: the incident's street in every street slot, at least two of its distinctive words
 * (all of them when it has two) in most messages, often with an ordinary complaint of the topic around it.
 */
export function composeIncidentText(t: number, words: readonly string[], ctx: TextContext): string {
  const { rng } = ctx;
  const many = rng.next() < 0.85;
  const k = !many ? 1 : words.length <= 2 ? words.length : 2 + rng.int(words.length - 1);
  const chosen = [...words];
  for (let i = chosen.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [chosen[i], chosen[j]] = [chosen[j] as string, chosen[i] as string];
  }
  const list = chosen.slice(0, Math.max(1, k)).join(', ');
  const parts: string[] = [];
  if (rng.next() < 0.15) parts.push(pick(OPENERS, rng));
  parts.push(render(pick(INCIDENT_SENTENCES, rng), ctx, list));
  if (rng.next() < 0.55) parts.push(render(pick((COMPILED[t] as CompiledTopic).core, rng), ctx));
  if (rng.next() < 0.3) parts.push(pick(PLEAS, rng));
  let text = parts.join(' ');
  if (ctx.city) text = withCity(text, ctx.city, rng);
  return addNoise(text, rng);
}

/**
 * One sentence of an incident with its distinctive `words` (a comma list) and the incident's street (`ctx.street`):
 * what a resident writes first about it ("Нет воды на ул. Черняховского!").
 */
export function renderIncidentSentence(words: string, ctx: TextContext): string {
  return render(pick(INCIDENT_SENTENCES, ctx.rng), ctx, words);
}

/** A sentence naming the incident's street (`ctx.street`) and a house, for a story sentence that has none. */
export function renderIncidentAddress(ctx: TextContext): string {
  return render(pick(INCIDENT_ADDRESSES, ctx.rng), ctx);
}

/** A copy of a flood's base text with the small edits a copy-paster makes. */
export function varyFloodText(base: string, rng: Prng): string {
  switch (rng.int(7)) {
    case 0:
      return `${base}!!!`;
    case 1:
      return `${base} ${pick(['😡', '🤬', '‼️', '❗❗', '👎'], rng)}`;
    case 2:
      return `СРОЧНО! ${base}`;
    case 3:
      return `${base} (повторно)`;
    case 4:
      return `${base.replace(/[.!]+$/, '')} +${1 + rng.int(99)}`;
    case 5:
      return base.toUpperCase();
    default:
      return base;
  }
}

export const topicIndex = (id: TopicId): number => TOPIC_IDS.indexOf(id);
