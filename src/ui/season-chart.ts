/**
 * A chart over the weeks of a season (uPlot, x = week index from the season's first Monday): lines (past seasons,
 * the running one, an expected curve) and shaded boxes behind them — an x range over the full height (the forecast
 * onset interval, a campaign's window), or an x × y box (the forecast peak week × peak weekly interval). Used by
 * the planner page twice: the seasons with the forecast band, and a campaign's effect. The boxes as drawn are
 * readable (`boxes()`, CSS pixels of the plotting area) for the tests.
 */
import uPlot from 'uplot';

export interface SeasonLine {
  label: string;
  values: readonly (number | null)[];
  stroke: string;
  width?: number;
  dash?: number[];
}

export interface SeasonBox {
  id: string;
  label: string;
  /** Week indices, both inclusive (a box covers [from − ½, to + ½]). */
  fromWeek: number;
  toWeek: number;
  /** A y range; absent: the full height. */
  yLow?: number;
  yHigh?: number;
  fill: string;
}

export interface DrawnBox {
  id: string;
  leftPx: number;
  rightPx: number;
  topPx: number;
  bottomPx: number;
}

export interface SeasonChart {
  render(d: {
    weeks: number;
    lines: readonly SeasonLine[];
    boxes: readonly SeasonBox[];
    yLabel: string;
  }): void;
  boxes(): DrawnBox[];
}

/** @param weekLabel the date of week `i`'s Monday, as shown under the axis and in the legend. */
export function createSeasonChart(container: HTMLElement, weekLabel: (i: number) => string): SeasonChart {
  let plot: uPlot | null = null;
  let boxes: readonly SeasonBox[] = [];
  const height = 280;
  const width = () => Math.max(320, container.clientWidth);
  new ResizeObserver(() => plot?.setSize({ width: width(), height })).observe(container);

  const drawn = (u: uPlot): DrawnBox[] =>
    boxes.map((b) => {
      const left = u.valToPos(b.fromWeek - 0.5, 'x');
      const right = u.valToPos(b.toWeek + 0.5, 'x');
      const top = b.yHigh === undefined ? 0 : u.valToPos(b.yHigh, 'y');
      const bottom = b.yLow === undefined ? u.bbox.height / uPlot.pxRatio : u.valToPos(b.yLow, 'y');
      return { id: b.id, leftPx: left, rightPx: right, topPx: top, bottomPx: bottom };
    });

  function drawBoxes(u: uPlot): void {
    const { ctx, bbox } = u;
    const r = uPlot.pxRatio;
    ctx.save();
    drawn(u).forEach((m, i) => {
      ctx.fillStyle = (boxes[i] as SeasonBox).fill;
      ctx.fillRect(
        bbox.left + m.leftPx * r,
        bbox.top + m.topPx * r,
        (m.rightPx - m.leftPx) * r,
        (m.bottomPx - m.topPx) * r,
      );
    });
    ctx.restore();
  }

  return {
    boxes: () => (plot ? drawn(plot) : []),
    render(d) {
      boxes = d.boxes;
      const x = Array.from({ length: d.weeks }, (_, i) => i);
      const yMax = Math.max(
        1,
        ...d.lines.flatMap((l) => l.values.map((v) => v ?? 0)),
        ...d.boxes.map((b) => b.yHigh ?? 0),
      );
      const opts: uPlot.Options = {
        width: width(),
        height,
        scales: { x: { time: false, range: [-0.5, d.weeks - 0.5] }, y: { range: [0, yMax * 1.1] } },
        hooks: { drawClear: [drawBoxes] },
        axes: [
          { values: (_u, splits) => splits.map((i) => (Number.isInteger(i) ? weekLabel(i) : '')), space: 60 },
          { label: d.yLabel, size: 60 },
        ],
        series: [
          { label: 'Неделя с', value: (_u, i) => (i == null ? '—' : weekLabel(i)) },
          ...d.lines.map((l) => ({
            label: l.label,
            stroke: l.stroke,
            width: l.width ?? 1,
            ...(l.dash ? { dash: l.dash } : {}),
            points: { show: false },
            spanGaps: false,
          })),
        ],
      };
      const data = [x, ...d.lines.map((l) => Array.from({ length: d.weeks }, (_, i) => l.values[i] ?? null))];
      plot?.destroy();
      plot = new uPlot(opts, data as uPlot.AlignedData, container);
    },
  };
}
