/**
 * Russian text normalisation for matching (not for display): the hot path, ≥100k messages/s.
 *
 * normaliseText(s):
 *  1. lower case (Unicode simple lower-case mapping, one code unit to one), ё → е;
 *  2. HTML remnants: tags (`<br/>`, `<p class=…>`) and entities (`&nbsp;`, `&#171;`, `&amp;quot;`) become a space;
 *     the characters `<`, `>` and `&` never survive, so a second pass cannot find a new tag or entity;
 *  3. emoji, pictographs and other astral-plane symbols become a space; control, zero-width and format characters
 *     and combining marks are deleted (combining breve after и makes й, as in NFD text);
 *  4. Latin look-alikes inside Cyrillic words are folded to Cyrillic ("ленинa" with Latin a → "ленина"), and
 *     Cyrillic look-alikes inside Latin words to Latin ("hеllo" with Cyrillic е → "hello"); a word keeps its
 *     mixed spelling when neither direction is a pure look-alike fold;
 *  5. every run of whitespace becomes one space; leading/trailing spaces are trimmed.
 *
 * Idempotent: normaliseText(normaliseText(s)) === normaliseText(s) (property-tested).
 *
 * @example normaliseText('  Ёлки &nbsp;<b>НЕТ</b> свет😡 в домe ') === 'елки нет свет в доме'
 */

const TAG_RE = /<[^<>]*>/g;
const AMP_RE = /&amp;/gi;
const AMP_TEST_RE = /&amp;/i;
const ENTITY_RE = /&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi;

// Lower-case Latin → Cyrillic look-alikes (covers the lower-case images of upper-case look-alikes: H→h→н, B→b→в …).
const LAT_TO_CYR = new Int32Array(128).fill(0);
const CYR_TO_LAT = new Int32Array(0x460).fill(0);
for (const [lat, cyr] of [
  ['a', 'а'],
  ['b', 'в'],
  ['c', 'с'],
  ['e', 'е'],
  ['h', 'н'],
  ['k', 'к'],
  ['m', 'м'],
  ['o', 'о'],
  ['p', 'р'],
  ['t', 'т'],
  ['x', 'х'],
  ['y', 'у'],
] as const) {
  LAT_TO_CYR[lat.charCodeAt(0)] = cyr.charCodeAt(0);
  CYR_TO_LAT[cyr.charCodeAt(0)] = lat.charCodeAt(0);
}

const SPACE = 0x20;
const CYR_E = 0x435; // е
const CYR_YO = 0x451; // ё
const CYR_I = 0x438; // и
const CYR_SHORT_I = 0x439; // й

function isCyrillicLetter(c: number): boolean {
  return c >= 0x430 && c <= 0x44f; // а..я after lower-casing and ё→е
}
function isLatinLetter(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}
function isWordChar(c: number): boolean {
  return isCyrillicLetter(c) || isLatinLetter(c) || (c >= 0x30 && c <= 0x39);
}

function isWhitespace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Characters deleted outright: C0/C1 controls, soft hyphen, zero-width and bidi/format marks, variation selectors. */
function isDeleted(c: number): boolean {
  return (
    c < 0x20 ||
    (c >= 0x7f && c <= 0x9f) ||
    c === 0xad ||
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x206f) ||
    (c >= 0xfe00 && c <= 0xfe0f) ||
    c === 0xfeff ||
    c === 0xfffd ||
    c === 0x3c || // <
    c === 0x3e || // >
    c === 0x26 // &
  );
}

/** BMP pictographs that become a space: arrows, misc technical, symbols and dingbats, geometric shapes, stars. */
function isBmpSymbol(c: number): boolean {
  return (
    (c >= 0x2190 && c <= 0x21ff) ||
    (c >= 0x2300 && c <= 0x23ff) ||
    (c >= 0x25a0 && c <= 0x27bf) ||
    (c >= 0x2b00 && c <= 0x2bff) ||
    c === 0x20e3 // combining keycap
  );
}

// One class per UTF-16 code unit, so the loop below does a single table lookup per character.
const KEEP = 0;
const WS = 1;
const DEL = 2;
const SYM = 3;
const COMBINING = 4;
const LATIN = 5;
const CYR = 6;
const YO = 7;
const SURROGATE = 8;
// Simple (one-to-one) lower-case mapping of every BMP code unit; İ (whose full lower case is i + combining dot)
// maps to i. Surrogates map to themselves. Doing this in the table saves a String#toLowerCase pass.
const LOWER = new Uint16Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  if (c >= 0xd800 && c <= 0xdfff) {
    LOWER[c] = c;
    continue;
  }
  const l = String.fromCharCode(c).toLowerCase();
  LOWER[c] = l.length === 1 && l.toLowerCase() === l ? l.charCodeAt(0) : l.length > 1 ? l.charCodeAt(0) : c;
}
const CLASS = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  CLASS[c] = isWhitespace(c)
    ? WS
    : isDeleted(c)
      ? DEL
      : isBmpSymbol(c)
        ? SYM
        : c >= 0x300 && c <= 0x36f
          ? COMBINING
          : isLatinLetter(c)
            ? LATIN
            : isCyrillicLetter(c)
              ? CYR
              : c === CYR_YO
                ? YO
                : c >= 0xd800 && c <= 0xdfff
                  ? SURROGATE
                  : KEEP;
}

let buf = new Uint16Array(1024);
const decoder = new TextDecoder('utf-16le');

/** See the module comment. */
export function normaliseText(s: string): string {
  let t = s;
  if (t.indexOf('<') !== -1) t = t.replace(TAG_RE, ' ');
  if (t.indexOf('&') !== -1) {
    // Double-escaped remnants ("&amp;quot;") are unwrapped first, so they strip like single ones.
    for (let k = 0; k < 3 && AMP_TEST_RE.test(t); k++) t = t.replace(AMP_RE, '&');
    t = t.replace(ENTITY_RE, ' ');
  }

  const n = t.length;
  if (buf.length < n) buf = new Uint16Array(Math.max(n, buf.length * 2));
  const out = buf;
  let len = 0;
  let pendingSpace = false;
  let hasLatin = false;
  let hasCyr = false;
  // Stays true while the output is a prefix-identical copy of t, so unchanged text skips the decode.
  let same = true;
  for (let i = 0; i < n; i++) {
    const raw = t.charCodeAt(i);
    let c = LOWER[raw] as number;
    if (c !== raw) same = false;
    const cls = CLASS[c] as number;
    if (cls !== KEEP) {
      if (cls === CYR) hasCyr = true;
      else if (cls === LATIN) hasLatin = true;
      else if (cls === YO) {
        c = CYR_E;
        hasCyr = true;
        same = false;
      } else if (cls === WS || cls === SYM) {
        if (c !== SPACE || pendingSpace || len === 0) same = false;
        pendingSpace = len > 0;
        continue;
      } else if (cls === DEL) {
        same = false;
        continue;
      } else if (cls === COMBINING) {
        // и + combining breve → й; everything else (stress marks, diaeresis on е) is dropped.
        if (c === 0x306 && len > 0 && out[len - 1] === CYR_I && !pendingSpace) out[len - 1] = CYR_SHORT_I;
        continue;
      } else {
        same = false;
        // Surrogates: an astral code point (emoji, pictograph, mathematical letter …) → a space; Unicode tag
        // characters (U+E0000–E007F, inside flag emoji) and lone surrogates are deleted.
        if (c <= 0xdbff && i + 1 < n) {
          const d = t.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) {
            const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
            i++;
            if (cp < 0xe0000 || cp > 0xe007f) pendingSpace = len > 0;
          }
        }
        continue;
      }
    }
    if (pendingSpace) {
      out[len++] = SPACE;
      pendingSpace = false;
    }
    out[len++] = c;
  }
  if (len === 0) return '';
  if (hasLatin && hasCyr && foldLookAlikes(out, len)) same = false;
  if (same && len === n) return t;
  return decoder.decode(out.subarray(0, len));
}

/** Step 4, in place: per word (run of Latin/Cyrillic letters and digits), fold look-alikes towards the word's script. */
function foldLookAlikes(out: Uint16Array, len: number): boolean {
  let folded = false;
  let i = 0;
  while (i < len) {
    if (!isWordChar(out[i] as number)) {
      i++;
      continue;
    }
    const start = i;
    let cyr = 0;
    let cyrFoldable = 0;
    let lat = 0;
    let latFoldable = 0;
    for (; i < len; i++) {
      const c = out[i] as number;
      if (isCyrillicLetter(c)) {
        cyr++;
        if (CYR_TO_LAT[c]) cyrFoldable++;
      } else if (isLatinLetter(c)) {
        lat++;
        if (LAT_TO_CYR[c]) latFoldable++;
      } else if (!(c >= 0x30 && c <= 0x39)) break;
    }
    if (cyr === 0 || lat === 0) continue;
    if (latFoldable === lat) {
      folded = true;
      for (let j = start; j < i; j++) {
        const c = out[j] as number;
        if (c < 0x80 && LAT_TO_CYR[c]) out[j] = LAT_TO_CYR[c] as number;
      }
    } else if (cyrFoldable === cyr) {
      folded = true;
      for (let j = start; j < i; j++) {
        const c = out[j] as number;
        if (c >= 0x430 && c < 0x460 && CYR_TO_LAT[c]) out[j] = CYR_TO_LAT[c] as number;
      }
    }
  }
  return folded;
}
