/**
 * The series chart: uPlot with the count (or per-100k) line, unique authors, and anomalies as red points on a
 * third series (null everywhere else). Buckets are shown in the selection's fixed UTC offset.
 */
import uPlot from 'uplot';
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

export interface ChartView {
  render(s: Series, perCapita: boolean): void;
}

export function createChart(container: HTMLElement): ChartView {
  let plot: uPlot | null = null;
  const width = () => Math.max(320, container.clientWidth);
  new ResizeObserver(() => plot?.setSize({ width: width(), height: 320 })).observe(container);

  return {
    render(s: Series, perCapita: boolean) {
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
