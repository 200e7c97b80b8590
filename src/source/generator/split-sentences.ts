/**
 * Splits a real appeal into its sentences, so the generator can recombine them (real-corpus.ts). A sentence ends
 * at . ! ? … (or a run of them, with closing quotes or brackets) followed by a space and a capital, digit or
 * opening quote, or at a line break. Not after abbreviations and initials ("ул. Ленина", "г. Курск", "А.И.
 * Петров"): a dot after a word of at most 3 letters or a single capital does not end a sentence. Glued sentences
 * ("доме.Температура") stay glued, as the author wrote them; each sentence keeps its own punctuation.
 *
 * @example splitSentences('Нет света. Ул. Ленина, д. 5! Когда?') // ['Нет света.', 'Ул. Ленина, д. 5!', 'Когда?']
 */
const BOUNDARY = /[.!?…]+["»”)]*[ \t]+|[ \t]*(?:\r?\n)+[ \t]*/g;
const STARTS_SENTENCE = /^[А-ЯЁA-Z0-9«"“(–-]/;
const WORD_BEFORE = /([A-Za-zА-Яа-яЁё]+)[.!?…]+["»”)]*[ \t]*$/;

export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (const m of text.matchAll(BOUNDARY)) {
    const end = (m.index ?? 0) + m[0].length;
    const newline = m[0].includes('\n');
    if (!newline) {
      if (!STARTS_SENTENCE.test(text.slice(end, end + 1))) continue;
      if (m[0][0] === '.' && isAbbreviation(text.slice(Math.max(from, end - 40), end))) continue;
    }
    push(out, text.slice(from, newline ? m.index : end));
    from = end;
  }
  push(out, text.slice(from));
  return out;
}

function isAbbreviation(tail: string): boolean {
  const w = WORD_BEFORE.exec(tail)?.[1];
  if (w === undefined) return false;
  return w.length <= 3 || /^[А-ЯЁA-Z]$/.test(w);
}

function push(out: string[], s: string): void {
  const t = s.trim();
  if (t) out.push(t);
}
