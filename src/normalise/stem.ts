/**
 * Russian stems: natural's PorterStemmerRu (Snowball Russian), behind a bounded cache. Word forms repeat a lot
 * (Zipf), so a cache of ~50k entries makes stemming nearly free on the hot path.
 *
 * natural's index module runs dotenv and prints to stdout on import, so only the stemmer file is loaded.
 *
 * @example stemRu('отопления') === stemRu('отоплением') // 'отоплен'
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const porterStemmerRu = require('natural/lib/natural/stemmers/porter_stemmer_ru.js') as {
  stem(token: string): string;
};

export const DEFAULT_STEM_CACHE_SIZE = 50_000;

/** Stems one lower-case token. Latin words and numbers are returned as they are. */
export function stemRuUncached(token: string): string {
  const c = token.charCodeAt(0);
  if (c < 0x430 || c > 0x44f) return token; // starts with a digit or a Latin letter
  return porterStemmerRu.stem(token);
}

export type Stemmer = (token: string) => string;

/**
 * A stemmer with a bounded cache. When the cache is full it is cleared (cheaper than LRU bookkeeping and, with a
 * Zipfian vocabulary, refilled with the frequent forms within a few thousand messages).
 */
export function createStemmer(maxEntries = DEFAULT_STEM_CACHE_SIZE): Stemmer {
  const cache = new Map<string, string>();
  return (token: string): string => {
    let s = cache.get(token);
    if (s === undefined) {
      s = stemRuUncached(token);
      if (cache.size >= maxEntries) cache.clear();
      cache.set(token, s);
    }
    return s;
  };
}

/** A shared default stemmer (its cache is process-wide; stemming is pure, so sharing is safe). */
export const stemRu: Stemmer = createStemmer();
