/**
 * The series chart: uPlot with the count (or per-100k) line, unique authors, and anomalies as red points on a
 * third series (null everywhere else). Buckets are shown in the selection's fixed UTC offset. The listed alerts
 * are bands behind the lines (alert-bands.ts); a click on a band (not a drag, which zooms) opens its alert.
 */
import uPlot from 'uplot';
import type { AlertBand } from './alert-bands.ts';
import type { Series } from './api-client.ts';

/** Etc/GMT zones have inverted signs: UTC+5 is 'Etc/GMT-5'. Russian offsets are whole hours. */
const zoneOf = (utcOffsetMin: number) =>
  utcOffsetMin === 0
    ? 'Etc/UTC'
    : `Etc/GMT${utcOffsetMin > 0 ? '-' : '+'}${Math.abs(Math.round(utcOffsetMin / 60))}`;

const fmtDay = uPlot.fmtDate('{DD}.{MM}');
const fmtHour = uPlot.fmtDate('{HH}:{mm}\n{DD}.{MM}');
const fmtDayFull = uPlot.fmtDate('{DD}.{MM}.{YYYY}');
const fmtHourFull = uPlot.fmtDate('{DD}.{MM}.{YYYY} {HH}:{mm}');

/** An alert's band as drawn, in CSS pixels from the left of the plotting area (uPlot's `over`). */
export interface AlertMark {
  id: string;
  leftPx: number;
  rightPx: number;
}

export interface ChartView {
  render(s: Series, perCapita: boolean, bands: readonly AlertBand[]): void;
  /** The alert bands where they are drawn now (they move with the size and a zoom). */
  alertMarks(): AlertMark[];
}

export interface ChartOptions {
  /** A click on an alert's band. */
  onAlertClick(id: string): void;
}

/** A band is at least this wide, so that a one-hour alert on a month stays visible and clickable. */
const MIN_BAND_PX = 6;
/** A pointer that moved further than this between press and release dragged (a zoom), it did not click. */
const CLICK_SLOP_PX = 4;

function bandFill(b: AlertBand): string {
  if (b.expected) return 'rgba(100, 116, 139, 0.12)';
  if (b.severity === 'critical') return 'rgba(220, 38, 38, 0.14)';
  if (b.severity === 'high') return 'rgba(234, 88, 12, 0.14)';
  return 'rgba(2, 132, 199, 0.12)';
}
function bandEdge(b: AlertBand): string {
  if (b.expected) return 'rgba(100, 116, 139, 0.7)';
  if (b.severity === 'critical') return 'rgba(220, 38, 38, 0.85)';
  if (b.severity === 'high') return 'rgba(234, 88, 12, 0.85)';
  return 'rgba(2, 132, 199, 0.8)';
}

/** The bands in CSS pixels of the plotting area, clipped to it; those off the (zoomed) scale are left out. */
function marksOf(u: uPlot, bands: readonly AlertBand[]): (AlertMark & { band: AlertBand })[] {
  const widthPx = u.over.clientWidth || u.bbox.width / uPlot.pxRatio;
  const marks: (AlertMark & { band: AlertBand })[] = [];
  for (const band of bands) {
    const from = u.valToPos(band.fromS, 'x');
    const to = u.valToPos(band.toS, 'x');
    const mid = (from + to) / 2;
    const half = Math.max(MIN_BAND_PX, to - from) / 2;
    const leftPx = Math.max(0, mid - half);
    const rightPx = Math.min(widthPx, mid + half);
    if (rightPx <= leftPx) continue;
    marks.push({ id: band.id, leftPx, rightPx, band });
  }
  return marks;
}

/** The mark under `xPx` (CSS pixels of the plotting area): of overlapping ones, the one centred nearest. */
function markAt<M extends AlertMark>(marks: readonly M[], xPx: number): M | undefined {
  let best: M | undefined;
  let bestDist = Number.POSITIVE_INFINITY;
  for (const m of marks) {
    if (xPx < m.leftPx || xPx > m.rightPx) continue;
    const dist = Math.abs((m.leftPx + m.rightPx) / 2 - xPx);
    if (dist < bestDist) {
      best = m;
      bestDist = dist;
    }
  }
  return best;
}

function drawBands(u: uPlot, bands: readonly AlertBand[]): void {
  const { ctx, bbox } = u;
  const r = uPlot.pxRatio;
  ctx.save();
  for (const m of marksOf(u, bands)) {
    const x = bbox.left + m.leftPx * r;
    const w = (m.rightPx - m.leftPx) * r;
    ctx.fillStyle = bandFill(m.band);
    ctx.fillRect(x, bbox.top, w, bbox.height);
    ctx.fillStyle = bandEdge(m.band);
    ctx.fillRect(x, bbox.top, w, 3 * r);
  }
  ctx.restore();
}

/** Clicks on the bands open their alerts; the pointer says where a band is. */
function listenToBands(u: uPlot, bands: readonly AlertBand[], opts: ChartOptions): void {
  const over = u.over;
  const xOf = (e: MouseEvent) => e.clientX - over.getBoundingClientRect().left;
  let downX: number | null = null;
  over.addEventListener('mousedown', (e) => {
    downX = e.clientX;
  });
  over.addEventListener('click', (e) => {
    const dragged = downX !== null && Math.abs(e.clientX - downX) > CLICK_SLOP_PX;
    downX = null;
    if (dragged) return;
    const hit = markAt(marksOf(u, bands), xOf(e));
    if (hit) opts.onAlertClick(hit.id);
  });
  over.addEventListener('mousemove', (e) => {
    const hit = markAt(marksOf(u, bands), xOf(e));
    over.style.cursor = hit ? 'pointer' : '';
    over.title = hit ? `Инцидент: ${hit.band.label} — нажмите, чтобы открыть` : '';
  });
}

export function createChart(container: HTMLElement, chartOpts: ChartOptions): ChartView {
  let plot: uPlot | null = null;
  let bands: readonly AlertBand[] = [];
  const width = () => Math.max(320, container.clientWidth);
  new ResizeObserver(() => plot?.setSize({ width: width(), height: 320 })).observe(container);

  return {
    alertMarks: () =>
      plot ? marksOf(plot, bands).map(({ id, leftPx, rightPx }) => ({ id, leftPx, rightPx })) : [],
    render(s: Series, perCapita: boolean, alertBands: readonly AlertBand[]) {
      bands = alertBands;
      const values = perCapita && s.perCapita ? s.perCapita : s.count;
      const index = new Map(s.x.map((x, i) => [x, i]));
      const marks: (number | null)[] = s.x.map(() => null);
      for (const a of s.anomalies) {
        const i = index.get(a.x);
        if (i !== undefined) marks[i] = values[i] ?? null;
      }
      const zone = s.bucket === 'day' ? 'Etc/UTC' : zoneOf(s.utcOffsetMin);
      const opts: uPlot.Options = {
        width: width(),
        height: 320,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), zone),
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
        hooks: {
          drawClear: [(u) => drawBands(u, alertBands)],
          ready: [(u) => listenToBands(u, alertBands, chartOpts)],
        },
        axes: [
          {
            values: (_u, splits, _ax, _space, incr) =>
              splits.map((ts) => (incr >= 86_400 ? fmtDay : fmtHour)(uPlot.tzDate(new Date(ts * 1e3), zone))),
          },
          { label: perCapita ? 'на 100 тыс. жителей' : 'обращений', size: 60 },
        ],
        series: [
          {
            label: s.bucket === 'day' ? 'Дата' : 'Время',
            value: (_u, ts) =>
              ts == null
                ? '—'
                : (s.bucket === 'day' ? fmtDayFull : fmtHourFull)(uPlot.tzDate(new Date(ts * 1e3), zone)),
          },
          {
            label: perCapita ? 'Обращений на 100 тыс.' : 'Обращений',
            stroke: '#2563eb',
            fill: 'rgba(37, 99, 235, 0.08)',
            width: 1.5,
            points: { show: false },
          },
          ...(perCapita
            ? []
            : [
                {
                  label: 'Уникальных авторов',
                  stroke: '#64748b',
                  width: 1,
                  dash: [4, 4],
                  points: { show: false },
                },
              ]),
          {
            label: 'Аномалии',
            stroke: '#dc2626',
            paths: () => null,
            points: { show: true, size: 9, fill: '#dc2626', stroke: '#dc2626' },
          },
        ],
      };
      const data: uPlot.AlignedData = perCapita
        ? [s.x, values, marks]
        : [s.x, values, s.uniqueAuthors, marks];
      plot?.destroy();
      plot = new uPlot(opts, data, container);
    },
  };
}
