/**
 * Arrivals by weekday × hour as a grid of coloured cells (an SVG: 7 × ~12 cells need no chart library),
 * five steps from pale to dark with a legend; empty cells stay white-grey. The table under it has the
 * same figures.
 */
import { For } from 'solid-js';
import { decimal } from '../../format.ts';
import { lang, t } from '../../i18n.ts';

export const STEPS = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
export const EMPTY_CELL = '#f3f4f6';

/** The step (0–4) of a value against the largest value; null for nothing. */
export function stepOf(v: number, max: number): number | null {
  if (!(v > 0) || !(max > 0)) return null;
  return Math.min(STEPS.length - 1, Math.floor((v / max) * STEPS.length));
}

export function weekdayName(wd: number, style: 'short' | 'long' = 'short'): string {
  // 2024-01-01 was a Monday.
  return new Intl.DateTimeFormat(lang(), { weekday: style, timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1 + wd));
}

export function HeatMap(props: { hours: number[]; value: (weekday: number, hour: number) => number; caption: string }) {
  const cell = 36;
  const left = 44;
  const top = 18;
  const max = () => Math.max(0, ...[0, 1, 2, 3, 4, 5, 6].flatMap((wd) => props.hours.map((h) => props.value(wd, h))));
  const width = () => left + props.hours.length * cell;
  return (
    <figure class="heatmap" data-testid="heatmap">
      <figcaption>{props.caption}</figcaption>
      <div class="heatmap-scroll">
        <svg
          viewBox={`0 0 ${width()} ${top + 7 * cell}`}
          width={width()}
          height={top + 7 * cell}
          role="img"
          aria-label={props.caption}
        >
          <For each={props.hours}>
            {(h, i) => (
              <text x={left + i() * cell + cell / 2} y={12} text-anchor="middle" class="heat-axis">
                {String(h).padStart(2, '0')}
              </text>
            )}
          </For>
          <For each={[0, 1, 2, 3, 4, 5, 6]}>
            {(wd) => (
              <>
                <text x={left - 6} y={top + wd * cell + cell / 2 + 4} text-anchor="end" class="heat-axis">
                  {weekdayName(wd)}
                </text>
                <For each={props.hours}>
                  {(h, i) => {
                    const v = () => props.value(wd, h);
                    const step = () => stepOf(v(), max());
                    return (
                      <rect
                        x={left + i() * cell + 1}
                        y={top + wd * cell + 1}
                        width={cell - 2}
                        height={cell - 2}
                        rx={3}
                        fill={step() === null ? EMPTY_CELL : STEPS[step() as number]}
                        class={step() === null ? 'heat-cell' : 'heat-cell on'}
                        data-weekday={wd}
                        data-hour={h}
                      >
                        <title>{`${weekdayName(wd, 'long')} ${String(h).padStart(2, '0')}:00 · ${decimal(v())}`}</title>
                      </rect>
                    );
                  }}
                </For>
              </>
            )}
          </For>
        </svg>
      </div>
      <div class="heat-legend" aria-hidden="true">
        <span>{t('analysis.heatLess')}</span>
        <For each={STEPS}>{(c) => <i style={{ background: c }} />}</For>
        <span>{t('analysis.heatMore', { max: decimal(max()) })}</span>
      </div>
    </figure>
  );
}
