/**
 * Bars (and optional lines) over categories, drawn by uPlot on a canvas; clicking a bar selects its
 * category. Each chart on a page has a table with the same figures and the same selection next to it,
 * which is what assistive technology reads. Loaded only by pages with charts.
 */
import { createEffect, onCleanup, onMount, Show } from 'solid-js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
  kind: 'bars' | 'line';
  color: string;
}

export interface BarChartProps {
  title: string;
  categories: string[];
  series: ChartSeries[];
  selected?: number | null;
  onSelect?: (index: number) => void;
  height?: number;
  /** Said instead of an empty chart when no value is known (a day without data is not a day of zeros). */
  emptyText?: string;
}

/**
 * The value axis: from zero, always (a bar's length is its value; an axis from 740 to 830 makes 800
 * tickets look like a tenth of 830), up to a round number above the largest value; 0–1 when there is
 * nothing to show.
 */
export function valueRange(max: number | null | undefined): [number, number] {
  if (max === null || max === undefined || !Number.isFinite(max) || max <= 0) return [0, 1];
  const step = 10 ** Math.floor(Math.log10(max));
  const nice = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((f) => f * step >= max * 1.05) ?? 10;
  return [0, nice * step];
}

/** Whether a chart has anything to draw (missing values are not zeros). */
export const hasValues = (series: ChartSeries[]) => series.some((s) => s.values.some((v) => v !== null));

/** Every n-th category label, so that labels (about 7 px a character at the axis font) keep apart; the plot is the chart less its value axis (about 50 px). */
export function labelStep(plotWidthPx: number, labels: readonly string[]): number {
  const needed = Math.max(0, ...labels.map((l) => l.length)) * 7 + 10;
  const perCategory = plotWidthPx / Math.max(1, labels.length);
  return perCategory <= 0 || perCategory >= needed ? 1 : Math.ceil(needed / perCategory);
}

export function BarChart(props: BarChartProps) {
  let box!: HTMLDivElement;
  let plot: uPlot | undefined;

  const build = () => {
    plot?.destroy();
    const bars = uPlot.paths.bars?.({ size: [0.7, 60] });
    const opts: uPlot.Options = {
      width: Math.max(240, box.clientWidth),
      height: props.height ?? 220,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: {
        x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] },
        y: { range: (_u, _min, max) => valueRange(max) },
      },
      axes: [
        // Every category labelled where there is room; on a phone every second or third (labels like "11-23" would run together).
        {
          values: (u, ticks) =>
            ticks.map((i, k) =>
              k % labelStep(u.width - 50, props.categories) === 0 ? (props.categories[Math.round(i)] ?? '') : '',
            ),
          splits: () => props.categories.map((_, i) => i),
          grid: { show: false },
        },
        { grid: { stroke: '#e3e8ef' } },
      ],
      series: [
        { label: '' },
        ...props.series.map((s) => ({
          label: s.label,
          stroke: s.color,
          fill: s.kind === 'bars' ? `${s.color}cc` : undefined,
          width: s.kind === 'line' ? 2 : 0,
          ...(s.kind === 'bars' && bars
            ? { paths: bars, points: { show: false } }
            : { points: { show: true, size: 5 } }),
        })),
      ],
      hooks: {
        // The selected category gets a band behind it.
        drawClear: [
          (u) => {
            const i = props.selected;
            if (i === null || i === undefined) return;
            const left = u.valToPos(i - 0.5, 'x', true);
            const right = u.valToPos(i + 0.5, 'x', true);
            u.ctx.save();
            u.ctx.fillStyle = 'rgba(255, 196, 0, 0.25)';
            u.ctx.fillRect(left, u.bbox.top, right - left, u.bbox.height);
            u.ctx.restore();
          },
        ],
      },
    };
    const data: uPlot.AlignedData = [
      props.categories.map((_, i) => i),
      ...props.series.map((s) => s.values.map((v) => v ?? null)),
    ];
    plot = new uPlot(opts, data, box);
    plot.over.addEventListener('click', () => {
      const i = plot?.cursor.idx;
      if (i !== null && i !== undefined) props.onSelect?.(i);
    });
  };

  onMount(() => {
    const resize = new ResizeObserver(() =>
      plot?.setSize({ width: Math.max(240, box.clientWidth), height: props.height ?? 220 }),
    );
    resize.observe(box);
    onCleanup(() => resize.disconnect());
  });
  // Rebuild when the data or the selection changes (a few dozen points: cheap).
  createEffect(() => {
    void [props.categories, props.series, props.selected];
    build();
  });
  onCleanup(() => plot?.destroy());

  // Hidden from assistive technology: the table beside each chart has the same figures and selection.
  return (
    <div class="chart-box">
      <div
        class="chart"
        ref={box}
        aria-hidden="true"
        title={props.title}
        data-categories={props.categories.join(',')}
        hidden={!hasValues(props.series)}
      />
      <Show when={!hasValues(props.series)}>
        <p class="empty chart-empty">{props.emptyText ?? ''}</p>
      </Show>
    </div>
  );
}
