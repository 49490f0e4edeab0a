/**
 * One day of a roster as bars on a time axis, a row per person: on a desktop a bar is dragged to move
 * the shift and its right edge to resize it, in steps of the planning interval. While dragging, the
 * proposed shift is handed up (`onPropose`) for the live check; on release it is saved (`onCommit`).
 * On a phone the same edits are made with the form (a bar tap selects the shift).
 */
import { createSignal, For, Show } from 'solid-js';
import { t } from '../../i18n.ts';
import { dataLang } from '../../format.ts';
import { hhmm, minutesOf } from './roster-format.ts';

export interface TimelineShift {
  id: number;
  employeeId: string;
  start: string;
  end: string;
  breaks: Array<{ start: string; end: string }>;
  serviceId: string | null;
}

export interface Proposal {
  shiftId: number;
  start: string;
  end: string;
}

export function DayTimeline(props: {
  people: Array<{ id: string; name: string }>;
  shifts: TimelineShift[];
  dayStart: number;
  dayEnd: number;
  step: number;
  editable: boolean;
  selected: number | null;
  serviceName: (id: string | null) => string;
  onSelect: (shiftId: number) => void;
  onPropose: (p: Proposal | null) => void;
  onCommit: (p: Proposal) => void;
}) {
  const span = () => props.dayEnd - props.dayStart;
  const pos = (m: number) => `${((m - props.dayStart) / span()) * 100}%`;
  const [drag, setDrag] = createSignal<{
    id: number;
    mode: 'move' | 'resize';
    x0: number;
    width: number;
    start: number;
    end: number;
    now: { start: number; end: number };
  } | null>(null);
  const hours = () => {
    const out: number[] = [];
    for (let m = Math.ceil(props.dayStart / 60) * 60; m <= props.dayEnd; m += 60) out.push(m);
    return out;
  };
  const begin = (e: PointerEvent, s: TimelineShift, mode: 'move' | 'resize') => {
    props.onSelect(s.id);
    if (!props.editable || e.pointerType === 'touch') return;
    const track = (e.currentTarget as HTMLElement).closest('.tl-track') as HTMLElement;
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    const start = minutesOf(s.start);
    const end = minutesOf(s.end);
    setDrag({ id: s.id, mode, x0: e.clientX, width: track.clientWidth, start, end, now: { start, end } });
    e.preventDefault();
    e.stopPropagation();
  };
  const move = (e: PointerEvent) => {
    const d = drag();
    if (!d) return;
    const minutes = Math.round((((e.clientX - d.x0) / d.width) * span()) / props.step) * props.step;
    let next: { start: number; end: number };
    if (d.mode === 'move') {
      const delta = Math.max(props.dayStart - d.start, Math.min(props.dayEnd - d.end, minutes));
      next = { start: d.start + delta, end: d.end + delta };
    } else next = { start: d.start, end: Math.max(d.start + props.step, Math.min(props.dayEnd, d.end + minutes)) };
    if (next.start === d.now.start && next.end === d.now.end) return;
    setDrag({ ...d, now: next });
    const changed = next.start !== d.start || next.end !== d.end;
    props.onPropose(changed ? { shiftId: d.id, start: hhmm(next.start), end: hhmm(next.end) } : null);
  };
  const end = () => {
    const d = drag();
    setDrag(null);
    if (!d) return;
    if (d.now.start !== d.start || d.now.end !== d.end)
      props.onCommit({ shiftId: d.id, start: hhmm(d.now.start), end: hhmm(d.now.end) });
  };
  const shown = (s: TimelineShift) => {
    const d = drag();
    return d && d.id === s.id ? d.now : { start: minutesOf(s.start), end: minutesOf(s.end) };
  };
  return (
    <div class="timeline" onPointerMove={move} onPointerUp={end} onPointerCancel={end}>
      <div class="tl-row tl-axis" aria-hidden="true">
        <span class="tl-name" />
        <div class="tl-track">
          <For each={hours()}>
            {(m) => (
              <span class="tl-hour" classList={{ odd: (m / 60) % 2 === 1 }} style={{ left: pos(m) }}>
                {hhmm(m)}
              </span>
            )}
          </For>
        </div>
      </div>
      <For each={props.people}>
        {(p) => (
          <div class="tl-row">
            <span class="tl-name" lang={dataLang(p.name)}>
              {p.name}
            </span>
            <div class="tl-track">
              <For each={props.shifts.filter((s) => s.employeeId === p.id)}>
                {(s) => (
                  <div
                    class="tl-bar"
                    classList={{ selected: props.selected === s.id, dragging: drag()?.id === s.id }}
                    style={{ left: pos(shown(s).start), width: pos(props.dayStart + shown(s).end - shown(s).start) }}
                    role="button"
                    tabIndex={0}
                    lang={dataLang(p.name)}
                    aria-label={`${p.name} ${hhmm(shown(s).start)}–${hhmm(shown(s).end)} ${props.serviceName(s.serviceId)}`}
                    onPointerDown={(e) => begin(e, s, 'move')}
                    onKeyDown={(e) => e.key === 'Enter' && props.onSelect(s.id)}
                  >
                    <For each={s.breaks}>
                      {(b) => (
                        <span
                          class="tl-break"
                          title={t('rosters.break')}
                          style={{
                            left: `${((minutesOf(b.start) - minutesOf(s.start)) / (minutesOf(s.end) - minutesOf(s.start))) * 100}%`,
                            width: `${((minutesOf(b.end) - minutesOf(b.start)) / (minutesOf(s.end) - minutesOf(s.start))) * 100}%`,
                          }}
                        />
                      )}
                    </For>
                    <span class="tl-label">
                      {hhmm(shown(s).start)}–{hhmm(shown(s).end)}
                    </span>
                    <Show when={props.editable}>
                      <span
                        class="tl-resize"
                        title={t('rosters.resize')}
                        onPointerDown={(e) => begin(e, s, 'resize')}
                      />
                    </Show>
                  </div>
                )}
              </For>
            </div>
          </div>
        )}
      </For>
    </div>
  );
}
