/**
 * The period picker of the analysis and the inventory statistics: 日/周/月 with ‹ › to step through them, or
 * 自定义 with two days (at most a year). The page keeps the state (in its address); this only draws it.
 */
import { For, Show } from 'solid-js';
import { DateField } from '../../components/DateField.tsx';
import { t } from '../../i18n.ts';
import { periodText } from './parts.tsx';
import type { PeriodKind } from './state.ts';

export function PeriodControls(props: {
  period: PeriodKind;
  from: string;
  to: string;
  today: string;
  onPick: (p: PeriodKind) => void;
  onStep: (dir: -1 | 1) => void;
  /** A custom range: the other end follows when the new one passes it. */
  onRange: (range: { from: string; to: string }) => void;
}) {
  return (
    <>
      <div class="segmented" role="group" aria-label={t('analysis.period')}>
        <For each={['day', 'week', 'month', 'custom'] as const}>
          {(p) => (
            <button type="button" aria-pressed={props.period === p} onClick={() => props.onPick(p)}>
              {t(`analysis.period.${p}`)}
            </button>
          )}
        </For>
      </div>
      <Show
        when={props.period === 'custom'}
        fallback={
          <div class="period-step">
            <button type="button" aria-label={t('analysis.periodBack')} onClick={() => props.onStep(-1)}>
              ‹
            </button>
            <span class="period-text" data-testid="period">
              {periodText(props.from, props.to)}
            </span>
            <button
              type="button"
              aria-label={t('analysis.periodForward')}
              disabled={props.to >= props.today}
              onClick={() => props.onStep(1)}
            >
              ›
            </button>
          </div>
        }
      >
        <DateField
          label={t('analysis.from')}
          value={props.from}
          max={props.today}
          days={366}
          onChange={(from) => props.onRange({ from, to: props.to < from ? from : props.to })}
        />
        <DateField
          label={t('analysis.to')}
          value={props.to}
          max={props.today}
          days={366}
          onChange={(to) => props.onRange({ to, from: props.from > to ? to : props.from })}
        />
      </Show>
    </>
  );
}
