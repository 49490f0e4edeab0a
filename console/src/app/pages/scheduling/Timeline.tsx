/**
 * One clerk's day as two bars on the hall's clock: above, the plan (on the floor, breaks hatched);
 * below, what happened (at a counter, pauses marked). Spans are instants (ms) within `from`–`to`.
 */
import { For } from 'solid-js';
import { t } from '../../i18n.ts';

interface Span {
  from: number;
  to: number;
}

const pct = (x: number, from: number, to: number) =>
  `${(Math.max(0, Math.min(1, (x - from) / (to - from))) * 100).toFixed(2)}%`;

export function Timeline(props: {
  from: number;
  to: number;
  planned: Span[];
  breaks: Span[];
  actual: Span[];
  pauses: Span[];
  label: string;
}) {
  const seg = (s: Span) => ({
    left: pct(s.from, props.from, props.to),
    width: `calc(${pct(s.to, props.from, props.to)} - ${pct(s.from, props.from, props.to)})`,
  });
  return (
    <div class="timeline" role="img" aria-label={props.label}>
      <div class="timeline-row plan" title={t('adherence.legendPlan')}>
        <For each={props.planned}>{(s) => <span class="seg floor" style={seg(s)} />}</For>
        <For each={props.breaks}>{(s) => <span class="seg brk" style={seg(s)} />}</For>
      </div>
      <div class="timeline-row actual" title={t('adherence.legendActual')}>
        <For each={props.actual}>{(s) => <span class="seg work" style={seg(s)} />}</For>
        <For each={props.pauses}>{(s) => <span class="seg pause" style={seg(s)} />}</For>
      </div>
    </div>
  );
}

/** Hour marks under a column of timelines. */
export function TimelineScale(props: { from: number; to: number; timeZone: string }) {
  const marks = () => {
    const out: Array<{ at: number; text: string }> = [];
    const step = 3_600_000 * ((props.to - props.from) / 3_600_000 > 12 ? 3 : 2);
    const first = Math.ceil(props.from / 3_600_000) * 3_600_000;
    const fmt = new Intl.DateTimeFormat('en-GB', {
      timeZone: props.timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    for (let x = first; x <= props.to; x += step) out.push({ at: x, text: fmt.format(x) });
    return out;
  };
  return (
    <div class="timeline-scale" aria-hidden="true">
      <For each={marks()}>{(m) => <span style={{ left: pct(m.at, props.from, props.to) }}>{m.text}</span>}</For>
    </div>
  );
}
