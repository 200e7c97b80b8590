/**
 * Surface noise of real social-media Russian: typos (adjacent letters swapped or one dropped, in ~5% of words),
 * ё written as е (most people do), Latin look-alike letters inside Cyrillic words (~3% of messages), emoji
 * (~10%), the odd message in capitals or without a capital letter. The rates are per call and documented on
 * `NOISE_RATES` so tests and the normaliser's author can rely on them.
 */
import type { Prng } from './prng.ts';

export const NOISE_RATES = {
  typoPerWord: 0.05,
  yoToYe: 0.65,
  homoglyphMessage: 0.03,
  emojiMessage: 0.1,
  capsMessage: 0.015,
  lowerFirstMessage: 0.12,
} as const;

const EMOJI = [
  '😡',
  '🤬',
  '😤',
  '😢',
  '😭',
  '🙏',
  '👎',
  '‼️',
  '❗',
  '🤦‍♀️',
  '🤦‍♂️',
  '😱',
  '💩',
  '🥶',
  '🔥',
  '😠',
  '👍',
  '🙄',
];

/** Cyrillic → Latin homoglyphs (а, е, о, р, с, х, у and capitals). */
const HOMOGLYPHS: Record<string, string> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  х: 'x',
  у: 'y',
  А: 'A',
  Е: 'E',
  О: 'O',
  Р: 'P',
  С: 'C',
  Х: 'X',
};
const CYRILLIC_WORD = /^[А-Яа-яЁё]{4,}$/;

function typo(word: string, rng: Prng): string {
  const i = 1 + rng.int(word.length - 2);
  if (rng.next() < 0.5) return word.slice(0, i) + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2);
  return word.slice(0, i) + word.slice(i + 1);
}

function homoglyphs(word: string, rng: Prng): string {
  let out = '';
  let changed = 0;
  for (const ch of word) {
    const lat = HOMOGLYPHS[ch];
    if (lat && (changed === 0 || rng.next() < 0.3)) {
      out += lat;
      changed++;
    } else out += ch;
  }
  return out;
}

/** Apply the noise model to one clean text. */
export function addNoise(text: string, rng: Prng): string {
  let t = text;
  if (rng.next() < NOISE_RATES.yoToYe) t = t.replace(/ё/g, 'е').replace(/Ё/g, 'Е');
  const words = t.split(' ');
  const homo = rng.next() < NOISE_RATES.homoglyphMessage;
  let homoDone = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w.length >= 5 && rng.next() < NOISE_RATES.typoPerWord && CYRILLIC_WORD.test(w))
      words[i] = typo(w, rng);
    else if (homo && !homoDone && w.length >= 4 && CYRILLIC_WORD.test(w) && rng.next() < 0.4) {
      words[i] = homoglyphs(w, rng);
      homoDone = i > 2 || rng.next() < 0.5;
    }
  }
  t = words.join(' ');
  const r = rng.next();
  if (r < NOISE_RATES.capsMessage) t = t.toUpperCase();
  else if (r < NOISE_RATES.capsMessage + NOISE_RATES.lowerFirstMessage)
    t = t.charAt(0).toLowerCase() + t.slice(1);
  if (rng.next() < NOISE_RATES.emojiMessage) {
    const n = 1 + rng.int(3);
    let e = '';
    for (let i = 0; i < n; i++) e += EMOJI[rng.int(EMOJI.length)];
    t = rng.next() < 0.8 ? `${t} ${e}` : `${e} ${t}`;
  }
  return t;
}
