/**
 * A tiny template language for message texts, compiled once and rendered many times:
 * `[a|b|c]` picks one alternative (nesting allowed, `[a|]` makes a part optional), `{slot}` asks the caller for
 * a value ("{na_street}" → "на ул. Ленина").
 *
 * @example
 * renderTemplate(compileTemplate('[Нет|Пропала] вода {na_street}'), rng, slots); // "Пропала вода на ул. Мира"
 */
import type { Prng } from './prng.ts';

export type TemplateNode = string | { choice: TemplateNode[][] } | { slot: string };
export type CompiledTemplate = TemplateNode[];
export type SlotFiller = (name: string) => string;

export function compileTemplate(src: string): CompiledTemplate {
  let i = 0;
  function parseSeq(stopAt: string): TemplateNode[][] {
    const alts: TemplateNode[][] = [[]];
    let buf = '';
    const flush = () => {
      if (buf) (alts[alts.length - 1] as TemplateNode[]).push(buf);
      buf = '';
    };
    while (i < src.length) {
      const ch = src[i] as string;
      if (stopAt.includes(ch) && ch === ']') {
        flush();
        i++;
        return alts;
      }
      if (ch === '|' && stopAt === ']') {
        flush();
        alts.push([]);
        i++;
      } else if (ch === '[') {
        flush();
        i++;
        (alts[alts.length - 1] as TemplateNode[]).push({ choice: parseSeq(']') });
      } else if (ch === '{') {
        flush();
        const end = src.indexOf('}', i);
        if (end < 0) throw new Error(`unclosed { in template: ${src}`);
        (alts[alts.length - 1] as TemplateNode[]).push({ slot: src.slice(i + 1, end) });
        i = end + 1;
      } else {
        buf += ch;
        i++;
      }
    }
    if (stopAt === ']') throw new Error(`unclosed [ in template: ${src}`);
    flush();
    return alts;
  }
  return parseSeq('')[0] ?? [];
}

export function renderTemplate(t: CompiledTemplate, rng: Prng, slot: SlotFiller): string {
  let out = '';
  for (const node of t) {
    if (typeof node === 'string') out += node;
    else if ('slot' in node) out += slot(node.slot);
    else out += renderTemplate(node.choice[rng.int(node.choice.length)] as TemplateNode[], rng, slot);
  }
  return out;
}

/** Every slot name a template uses (for tests that check all slots are fillable). */
export function templateSlots(t: CompiledTemplate, acc = new Set<string>()): Set<string> {
  for (const node of t) {
    if (typeof node === 'string') continue;
    if ('slot' in node) acc.add(node.slot);
    else for (const alt of node.choice) templateSlots(alt, acc);
  }
  return acc;
}
