/**
 * Message → Doc: normalised text, content tokens (stop words removed), their stems and the stems' ids (records.ts
 * `Doc`; ids: stem-ids.ts).
 *
 * Tokens are the runs `tokenize` finds ([0-9a-zа-я]+ on normalised text); they are scanned in place and looked
 * up in a bounded interning table (token-table.ts), so a message whose words were seen before costs no
 * allocation per token.
 */
import type { Doc, Message } from '../records.ts';
import { DEFAULT_STEM_CACHE_SIZE, stemRuUncached } from './stem.ts';
import { STEM_IDS, type StemIds } from './stem-ids.ts';
import { STOPWORDS_RU } from './stopwords-ru.ts';
import { normaliseText } from './text.ts';
import { createTokenTable } from './token-table.ts';

export interface NormaliserOptions {
  /** Bound of the token → stem table. */
  stemCacheSize?: number;
  /** Stop list (normalised forms). Default STOPWORDS_RU. */
  stopwords?: ReadonlySet<string>;
  /** Where stems get their ids. Default the process's (STEM_IDS), which the stages that read `stemIds` use. */
  stemIds?: StemIds;
}

export type Normaliser = (m: Message) => Doc;

/** Stem ids per slab (64 KB). */
const SLAB_IDS = 16_384;

/** Token characters: 0-9, a-z, а-я (the tokenize regex). */
function isTokenChar(c: number): boolean {
  return (c >= 0x430 && c <= 0x44f) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

export function createNormaliser(opts: NormaliserOptions = {}): Normaliser {
  const table = createTokenTable(
    stemRuUncached,
    opts.stopwords ?? STOPWORDS_RU,
    opts.stemCacheSize ?? DEFAULT_STEM_CACHE_SIZE,
    opts.stemIds ?? STEM_IDS,
  );
  // Docs' stem ids are views of a shared slab (one allocation per few hundred messages, not one per message); a
  // full slab is left to the docs that view it and a new one started.
  let slab = new Int32Array(SLAB_IDS);
  let used = 0;
  return (m: Message): Doc => {
    let from = used;
    const normText = normaliseText(m.text);
    const tokens: string[] = [];
    const stems: string[] = [];
    const n = normText.length;
    let i = 0;
    while (i < n) {
      let c = normText.charCodeAt(i);
      if (!isTokenChar(c)) {
        i++;
        continue;
      }
      const start = i;
      let hash = 0x811c9dc5 | 0;
      do {
        hash = Math.imul(hash ^ c, 0x01000193);
        if (++i >= n) break;
        c = normText.charCodeAt(i);
      } while (isTokenChar(c));
      const e = table.lookup(normText, start, i, hash);
      if (e.stem === null) continue;
      const k = stems.length;
      if (from + k === slab.length) {
        const next = new Int32Array(Math.max(SLAB_IDS, 2 * k));
        next.set(slab.subarray(from, from + k));
        slab = next;
        from = 0;
      }
      slab[from + k] = e.stemId;
      tokens.push(e.token);
      stems.push(e.stem);
    }
    // Field by field in the order a spread of the present ones would give (stored and hashed as JSON), without
    // the spreads' temporary objects: seven per message.
    const doc = {
      id: m.id,
      source: m.source,
      createdAt: m.createdAt,
      eventTimeMs: m.eventTimeMs,
      text: m.text,
    } as Doc;
    if (m.municipality !== undefined) doc.municipality = m.municipality;
    if (m.region !== undefined) doc.region = m.region;
    if (m.lat !== undefined) doc.lat = m.lat;
    if (m.lon !== undefined) doc.lon = m.lon;
    if (m.author !== undefined) doc.author = m.author;
    if (m.url !== undefined) doc.url = m.url;
    if (m.parentId !== undefined) doc.parentId = m.parentId;
    doc.normText = normText;
    doc.tokens = tokens;
    doc.stems = stems;
    // Not enumerable: ids are per process, and the Doc is stored and hashed as JSON.
    used = from + stems.length;
    Object.defineProperty(doc, 'stemIds', {
      value: slab.subarray(from, used),
      writable: true,
      configurable: true,
    });
    return doc;
  };
}
