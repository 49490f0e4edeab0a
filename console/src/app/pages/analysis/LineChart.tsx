/**
 * Lines over a numeric x axis (uPlot): the patience curves, one line per service, x in minutes of
 * waiting, y the share still waiting (0–100%). The table beside it has the same figures.
 */
import { createEffect, onCleanup, onMount } from 'solid-js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { dataLang, percent } from '../../format.ts';

export const PALETTE = ['#1f6feb', '#bf3989', '#2da44e', '#9a6700', '#8250df', '#cf222e', '#0969da', '#57606a'];

export function LineChart(props: {
  title: string;
  x: number[];
  series: Array<{ label: string; values: Array<number | null> }>;
  xLabel: string;
  height?: number;
}) {
  let box!: HTMLDivElement;
  let plot: uPlot | undefined;
  const build = () => {
    plot?.destroy();
    plot = new uPlot(
      {
        width: Math.max(240, box.clientWidth),
        height: props.height ?? 240,
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false }, y: { range: [0, 1] } },
        axes: [
          { label: props.xLabel, grid: { stroke: '#eef1f4' } },
          { values: (_u, ticks) => ticks.map((v) => percent(v)), grid: { stroke: '#e3e8ef' } },
        ],
        series: [
          { label: props.xLabel },
          ...props.series.map((s, i) => ({
            label: s.label,
            stroke: PALETTE[i % PALETTE.length],
            width: 2,
            spanGaps: true,
            paths: uPlot.paths.stepped?.({ align: 1 }),
          })),
        ],
      },
      [props.x, ...props.series.map((s) => s.values)],
      box,
    );
    // The legend's labels are data (service names): marked with their language.
    const names = new Set(props.series.map((x) => x.label));
    plot.root.querySelectorAll('.u-legend .u-label').forEach((el) => {
      const label = el.textContent ?? '';
      if (names.has(label)) el.setAttribute('lang', dataLang(label));
    });
  };
  onMount(() => {
    const resize = new ResizeObserver(() =>
      plot?.setSize({ width: Math.max(240, box.clientWidth), height: props.height ?? 240 }),
    );
    resize.observe(box);
    onCleanup(() => resize.disconnect());
  });
  createEffect(() => {
    void [props.x, props.series];
    build();
  });
  onCleanup(() => plot?.destroy());
  return <div class="chart" ref={box} aria-hidden="true" title={props.title} />;
}
