/** Tiny DOM helpers: text only goes through textContent (never innerHTML with data). */

export function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing from index.html`);
  return el as T;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

export function setOptions(
  select: HTMLSelectElement,
  first: [string, string],
  options: [string, string][],
  keep: string,
): void {
  select.replaceChildren(...[first, ...options].map(([value, label]) => el('option', { value }, label)));
  select.value = options.some(([v]) => v === keep) ? keep : first[0];
}

const nf = new Intl.NumberFormat('ru-RU');
const nf1 = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 1 });
export const fmtInt = (n: number) => nf.format(n);
export const fmtRate = (n: number | null) => (n === null ? '—' : nf1.format(n));
const sig2 = new Intl.NumberFormat('ru-RU', { maximumSignificantDigits: 2 });
/** An expected count: small baselines stay visible (0,006 rather than 0). */
export const fmtExpected = (n: number) => (n >= 10 ? nf1.format(n) : sig2.format(n));

/** A date-time in the given fixed offset: 10.01.2026, 17:00. */
export function fmtLocal(ms: number, utcOffsetMin: number): string {
  const d = new Date(ms + utcOffsetMin * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}.${p(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}, ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}
