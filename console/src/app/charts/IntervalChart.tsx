/**
 * Values per interval over several days, drawn by uPlot: lines (or steps, for whole clerks), an optional
 * band between two of them (the forecast's mean to its P90), the days marked along the axis. The page
 * puts a table with the same figures beside it (what assistive technology reads). Loaded only by the
 * forecast page.
 */
import { createEffect, onCleanup, onMount, Show } from 'solid-js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { valueRange } from './BarChart.tsx';

export interface IntervalSeries {
  label: string;
  values: Array<number | null>;
  color: string;
  /** Steps (clerks) instead of straight lines. */
  stepped?: boolean;
  dash?: number[];
  /** Drawn as points with no line (actual arrivals). */
  points?: boolean;
}

export interface IntervalChartProps {
  title: string;
  /** A label per point ("一 09:00"); axis labels are those at `ticks`. */
  labels: string[];
  /** Point indexes that start a day (labelled on the axis, with a line). */
  ticks: number[];
  /** The axis label of each tick (the day). */
  tickLabels: string[];
  /** The legend's name for the x value ("时间"). */
  xLabel: string;
  series: IntervalSeries[];
  /** Fill between series `band[0]` (upper) and `band[1]` (lower), in the colour of the lower. */
  band?: [number, number];
  height?: number;
  emptyText?: string;
}

const has = (series: IntervalSeries[]) => series.some((s) => s.values.some((v) => v !== null));

export function IntervalChart(props: IntervalChartProps) {
  let box!: HTMLDivElement;
  let plot: uPlot | undefined;
  const build = () => {
    plot?.destroy();
    const stepped = uPlot.paths.stepped?.({ align: 1 });
    const opts: uPlot.Options = {
      width: Math.max(240, box.clientWidth),
      height: props.height ?? 240,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false }, y: { range: (_u, _min, max) => valueRange(max) } },
      axes: [
        {
          splits: () => props.ticks,
          values: (_u, ticks) => ticks.map((i) => props.tickLabels[props.ticks.indexOf(Math.round(i))] ?? ''),
          grid: { stroke: '#d5dbe3' },
        },
        { grid: { stroke: '#eef1f5' } },
      ],
      series: [
        { label: props.xLabel, value: (_u, v) => (v === null ? '' : (props.labels[Math.round(v)] ?? '')) },
        ...props.series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: s.points ? 0 : 2,
          ...(s.dash ? { dash: s.dash } : {}),
          ...(s.stepped && stepped ? { paths: stepped } : {}),
          points: s.points ? { show: true, size: 4, fill: s.color } : { show: false },
          spanGaps: false,
        })),
      ],
      ...(props.band
        ? {
            bands: [
              {
                series: [props.band[0] + 1, props.band[1] + 1] as [number, number],
                fill: `${props.series[props.band[1]]?.color ?? '#888888'}33`,
              },
            ],
          }
        : {}),
    };
    const data: uPlot.AlignedData = [props.labels.map((_, i) => i), ...props.series.map((s) => s.values)];
    plot = new uPlot(opts, data, box);
  };
  onMount(() => {
    const resize = new ResizeObserver(() =>
      plot?.setSize({ width: Math.max(240, box.clientWidth), height: props.height ?? 240 }),
    );
    resize.observe(box);
    onCleanup(() => resize.disconnect());
  });
  createEffect(() => {
    void [props.labels, props.series, props.ticks];
    build();
  });
  onCleanup(() => plot?.destroy());
  return (
    <div class="chart-box">
      <div class="chart" ref={box} aria-hidden="true" title={props.title} hidden={!has(props.series)} />
      <Show when={!has(props.series)}>
        <p class="empty chart-empty">{props.emptyText ?? ''}</p>
      </Show>
    </div>
  );
}
