/**
 * The region's map: an inline SVG (no tiles, no map library) with a circle per municipality at its coordinates
 * (fit-equirectangular.ts), its area proportional to the period's complaints, its colour the empirical-Bayes
 * rate per 10,000 (`shrunk`: a village's few complaints are pulled toward the region's rate, so colour does not
 * chase chance), a tooltip (<title>) with name, count, raw rate and its 95% interval, and a legend. A click on a
 * circle selects the municipality. Without coordinates (an older server) it shows a note instead. Names reach
 * the page through textContent only.
 */
import type { TopRow } from './api-client.ts';
import { el, fmtInt, fmtRate } from './dom.ts';
import { fitEquirectangular } from './fit-equirectangular.ts';

/** What it shows, for tests (part of window.__vsplesk). */
export interface MapState {
  /** The codes drawn, in drawing order (biggest first); `note` when nothing could be drawn. */
  map: { codes: string[]; note: string | null } | null;
}

export interface MunicipalityMap {
  /** Draws `rows` (a region's municipalities); null hides the map (no region chosen). */
  render(rows: readonly TopRow[] | null, selected: string): void;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const WIDTH_PX = 640;
const HEIGHT_PX = 400;
const MAX_RADIUS_PX = 22;
const MIN_RADIUS_PX = 2.5;
/** Names written next to the circles: all of a small region's, else the biggest few (the rest in tooltips). */
const NAMED_ALL_UP_TO = 8;
const NAMED_BIGGEST = 5;
/** A sequential scale, light to dark (ColorBrewer YlOrRd, 5 classes). */
const RAMP = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'] as const;

type Placed = TopRow & { lat: number; lon: number };

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

const hex = (c: string, i: number) => Number.parseInt(c.slice(1 + 2 * i, 3 + 2 * i), 16);

/** The ramp's colour at t in 0..1 (linear between its stops). */
export function rampColour(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const a = RAMP[i] as string;
  const b = RAMP[i + 1] as string;
  const mix = (k: number) => Math.round(hex(a, k) + (hex(b, k) - hex(a, k)) * f);
  return `rgb(${mix(0)}, ${mix(1)}, ${mix(2)})`;
}

const hasCoords = (r: TopRow): r is Placed =>
  typeof r.lat === 'number' && typeof r.lon === 'number' && Number.isFinite(r.lat) && Number.isFinite(r.lon);

/** The rate a circle is coloured by: the shrunk rate, else the raw one (per 10,000). */
const rateOf = (r: TopRow): number | null => r.shrunk ?? r.per10k ?? null;

/** «Екатеринбург: 1 234 обращений · 8,9 на 10 тыс. (95%: 8,4–9,4) · сглажено 8,9». */
export function circleTitle(r: TopRow): string {
  const parts = [`${r.name}: ${fmtInt(r.count)} обращ.`];
  if (r.per10k != null) {
    const interval = r.low != null && r.high != null ? ` (95%: ${fmtRate(r.low)}–${fmtRate(r.high)})` : '';
    parts.push(`${fmtRate(r.per10k)} на 10 тыс. жителей${interval}`);
  }
  if (r.shrunk != null) {
    const interval =
      r.shrunkLow != null && r.shrunkHigh != null
        ? ` (${fmtRate(r.shrunkLow)}–${fmtRate(r.shrunkHigh)})`
        : '';
    parts.push(`с поправкой на малую выборку ${fmtRate(r.shrunk)}${interval}`);
  }
  if (r.population != null) parts.push(`население ${fmtInt(r.population)}`);
  return parts.join(' · ');
}

export function createMunicipalityMap(
  card: HTMLElement,
  box: HTMLElement,
  legend: HTMLElement,
  state: MapState,
  onPick: (code: string) => void,
): MunicipalityMap {
  function note(text: string): void {
    state.map = { codes: [], note: text };
    box.replaceChildren(el('div', { class: 'empty' }, text));
    legend.replaceChildren();
  }

  function render(rows: readonly TopRow[] | null, selected: string): void {
    card.hidden = rows === null;
    if (rows === null) {
      state.map = null;
      box.replaceChildren();
      legend.replaceChildren();
      return;
    }
    const placed = rows.filter(hasCoords);
    if (rows.length === 0 || placed.length === 0) {
      note(
        rows.length === 0
          ? 'Нет обращений за период'
          : 'Координаты муниципалитетов недоступны: карта не построена',
      );
      return;
    }

    // Biggest first, so that small circles are drawn on top and stay clickable.
    const order = [...placed].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
    const xy = fitEquirectangular(order, {
      widthPx: WIDTH_PX,
      heightPx: HEIGHT_PX,
      padPx: MAX_RADIUS_PX + 2,
    });
    const maxCount = Math.max(1, ...order.map((r) => r.count));
    const rates = order.map(rateOf).filter((v): v is number => v !== null && Number.isFinite(v));
    const lo = rates.length > 0 ? Math.min(...rates) : 0;
    const hi = rates.length > 0 ? Math.max(...rates) : 0;
    const tOf = (v: number | null) => (v === null ? 0 : hi > lo ? (v - lo) / (hi - lo) : 0.5);

    const root = svg('svg', {
      viewBox: `0 0 ${WIDTH_PX} ${HEIGHT_PX}`,
      class: 'map-svg',
      role: 'img',
      'aria-label': 'Карта муниципалитетов региона',
      'data-testid': 'map-svg',
    });
    const names = svg('g', { class: 'map-names' });
    order.forEach((r, i) => {
      const p = xy[i] as { x: number; y: number };
      const radius = Math.max(MIN_RADIUS_PX, MAX_RADIUS_PX * Math.sqrt(r.count / maxCount));
      const rate = rateOf(r);
      const c = svg('circle', {
        cx: p.x.toFixed(1),
        cy: p.y.toFixed(1),
        r: radius.toFixed(1),
        fill: rate === null ? '#e5e7eb' : rampColour(tOf(rate)),
        class: r.key === selected ? 'place selected' : 'place',
        'data-code': r.key,
      });
      const title = svg('title');
      title.textContent = circleTitle(r);
      c.append(title);
      c.addEventListener('click', () => onPick(r.key));
      root.append(c);
      if (order.length <= NAMED_ALL_UP_TO || i < NAMED_BIGGEST || r.key === selected) {
        // Right of the circle, or left of it in the box's right third (so that the name is not cut off).
        const left = p.x > (WIDTH_PX * 2) / 3;
        const t = svg('text', {
          x: (left ? p.x - radius - 3 : p.x + radius + 3).toFixed(1),
          y: (p.y + 4).toFixed(1),
          'text-anchor': left ? 'end' : 'start',
        });
        t.textContent = r.name;
        names.append(t);
      }
    });
    root.append(names);
    box.replaceChildren(root);
    state.map = { codes: order.map((r) => r.key), note: null };

    const swatches = RAMP.map((_, i) => {
      const t = i / (RAMP.length - 1);
      return el('span', { class: 'swatch', style: `background:${rampColour(t)}` });
    });
    legend.replaceChildren(
      el('span', {}, 'На 10 тыс. жителей, с поправкой на малую выборку: '),
      el('span', { class: 'legend-value' }, rates.length > 0 ? fmtRate(lo) : '—'),
      ...swatches,
      el('span', { class: 'legend-value' }, rates.length > 0 ? fmtRate(hi) : '—'),
      el('span', {}, ` · площадь круга — число обращений (наибольшее ${fmtInt(maxCount)})`),
      ...(placed.length < rows.length
        ? [el('span', {}, ` · без координат: ${fmtInt(rows.length - placed.length)}`)]
        : []),
    );
  }

  return { render };
}
