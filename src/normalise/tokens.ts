/**
 * Tokeniser for normalised text (see normaliseText): maximal runs of Cyrillic letters, Latin letters or digits.
 * A run that mixes scripts stays one token ("14а", "covid19"); punctuation and hyphens split ("из-за" → из, за).
 *
 * @example tokenize('не вывозят мусор во дворе дома 15') → ['не','вывозят','мусор','во','дворе','дома','15']
 */
const TOKEN_RE = /[0-9a-zа-я]+/g;

/** All tokens of a normalised string, in order (stop words included). */
export function tokenize(normText: string): string[] {
  return normText.match(TOKEN_RE) ?? [];
}

/** True when a token is only digits (house numbers, dates, phone fragments). */
export function isNumberToken(token: string): boolean {
  const c = token.charCodeAt(0);
  return c >= 0x30 && c <= 0x39 && /^[0-9]+$/.test(token);
}
