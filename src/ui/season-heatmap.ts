/**
 * The planner's calendar heat map: one row per season (oldest on top), one column per week of the season (from its
 * first Monday), a cell per week wholly in the data, coloured by its weekly count (square-root scale: a winter's
 * peak and a quiet summer both stay readable). Plain SVG, no dependency; each cell's title gives its week and count.
 */
const SVG = 'http://www.w3.org/2000/svg';
const CELL_PX = 13;
const GAP_PX = 2;
const LABEL_PX = 78;
const HEADER_PX = 16;

const svgEl = (tag: string, attrs: Record<string, string | number>) => {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
};

/** White to dark red through orange, for a share 0…1. */
export function heatColour(share: number): string {
  const s = Math.max(0, Math.min(1, share));
  const stops = [
    [248, 250, 252],
    [253, 186, 116],
    [220, 38, 38],
    [127, 29, 29],
  ] as const;
  const pos = s * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(pos));
  const f = pos - i;
  const a = stops[i] as readonly number[];
  const b = stops[i + 1] as readonly number[];
  const c = a.map((v, k) => Math.round(v + ((b[k] as number) - v) * f));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

const ruDate = (iso: string) => iso.split('-').reverse().join('.');
const addDaysIso = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * @param seasons each season's label (its first Monday) and weekly counts (null: no cell)
 * @returns the number of cells drawn
 */
export function renderSeasonHeatmap(
  box: HTMLElement,
  seasons: readonly { firstMonday: string; label: string; counts: readonly (number | null)[] }[],
): number {
  const weeks = Math.max(0, ...seasons.map((s) => s.counts.length));
  const max = Math.max(1, ...seasons.flatMap((s) => s.counts.map((c) => c ?? 0)));
  const width = LABEL_PX + weeks * (CELL_PX + GAP_PX);
  const height = HEADER_PX + seasons.length * (CELL_PX + GAP_PX);
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'heatmap' });
  const first = seasons[0];
  if (first)
    for (let i = 0; i < weeks; i += 4) {
      const t = svgEl('text', { x: LABEL_PX + i * (CELL_PX + GAP_PX), y: 11, class: 'axis' });
      t.textContent = ruDate(addDaysIso(first.firstMonday, 7 * i)).slice(0, 5);
      svg.append(t);
    }
  let cells = 0;
  seasons.forEach((s, row) => {
    const y = HEADER_PX + row * (CELL_PX + GAP_PX);
    const label = svgEl('text', { x: 0, y: y + CELL_PX - 2, class: 'axis' });
    label.textContent = s.label;
    svg.append(label);
    s.counts.forEach((c, i) => {
      if (c === null) return;
      const rect = svgEl('rect', {
        x: LABEL_PX + i * (CELL_PX + GAP_PX),
        y,
        width: CELL_PX,
        height: CELL_PX,
        rx: 2,
        class: 'cell',
        fill: heatColour(Math.sqrt(c / max)),
        'data-count': c,
      });
      const title = svgEl('title', {});
      title.textContent = `неделя с ${ruDate(addDaysIso(s.firstMonday, 7 * i))}: ${c}`;
      rect.append(title);
      svg.append(rect);
      cells++;
    });
  });
  box.replaceChildren(svg);
  return cells;
}
