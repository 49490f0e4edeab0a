/**
 * The wall screen: the number being called and its counter (chime and, where the browser can, the
 * number spoken), each service's queue, the counters, occupancy and active alarms. Sized for reading
 * from five metres on a 1080p screen.
 */
import { alarmText, type AlarmParams } from '@hall/devices/alarm-text';
import type { HallSnapshot } from '@hall/edge';
import { createEffect, For, Show } from 'solid-js';
import { lang, setLang, t } from '../../lib/i18n.ts';
import type { LinkState } from '../lib/live.ts';
import { callKeys, freshCalls, hoursAndMinutes, minutes, type Call } from './calls.ts';

/** An alarm's raw measurements as people read them (86.654633 → 87, 0.66 → 0.7; whole numbers stay). */
function alarmFigures(params: AlarmParams | null | undefined): AlarmParams | null | undefined {
  if (!params) return params;
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [
      k,
      typeof v === 'number' && !Number.isInteger(v) ? (v < 10 ? v.toFixed(1) : String(Math.round(v))) : v,
    ]),
  );
}

/** A wait on the screen: minutes, or hours and minutes from an hour on. */
const wait = (value: number) => hoursAndMinutes(value, lang()) ?? t('wall.minutes', { n: minutes(value) });

export interface WallScreenProps {
  snapshot: HallSnapshot | null;
  link: LinkState;
  /** Called for every new call (chime + speech in the browser). */
  announce?: (call: Call) => void;
}

export function WallScreen(props: WallScreenProps) {
  let seen: Set<string> | null = null;
  createEffect(() => {
    const calls = props.snapshot?.calls ?? [];
    if (props.link !== 'live') {
      seen = null;
      return;
    }
    for (const c of freshCalls(seen, calls)) props.announce?.(c);
    seen = callKeys(calls);
  });

  return (
    <main class="wall">
      <header class="wall-header">
        <h1>{props.snapshot?.hall.name ?? t('wall.title')}</h1>
        <div class="wall-link" data-state={props.link} role="status">
          {t(`link.${props.link}`)}
        </div>
        <button type="button" class="lang" onClick={() => setLang(lang() === 'zh-CN' ? 'en' : 'zh-CN')}>
          {t('lang.switch')}
        </button>
      </header>
      <Show when={props.snapshot} keyed>
        {(s) => (
          <>
            <section class="now-calling" aria-live="assertive" aria-label={t('wall.nowCalling')}>
              <Show when={s.calls[0]} keyed fallback={<p class="no-call">{t('wall.noCall')}</p>}>
                {(c) => (
                  <p>
                    <span class="ticket" data-testid="calling-ticket">
                      {c.ticketNo}
                    </span>
                    <span class="arrow">{t('wall.nowCalling')}</span>
                    <span class="counter" data-testid="calling-counter">
                      {c.counterName}
                    </span>
                    <Show when={c.recall}>
                      <span class="recall">{t('wall.recall')}</span>
                    </Show>
                  </p>
                )}
              </Show>
              <ol class="recent-calls">
                <For each={s.calls.slice(1, 5)}>
                  {(c) => (
                    <li>
                      {c.ticketNo} → {c.counterName}
                    </li>
                  )}
                </For>
              </ol>
            </section>
            <section class="services">
              <h2>{t('wall.services')}</h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('wall.service')}</th>
                    <th scope="col">{t('wall.waiting')}</th>
                    <th scope="col">{t('wall.longestWait')}</th>
                    <th scope="col">{t('wall.estimate')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={s.services}>
                    {(svc) => (
                      <tr data-testid={`service-${svc.id}`}>
                        <th scope="row">{svc.name}</th>
                        <td>{svc.waiting}</td>
                        <td classList={{ late: svc.longestWaitMinutes > svc.targetWaitMinutes }}>
                          {wait(svc.longestWaitMinutes)}
                        </td>
                        <td>{wait(svc.eta.p50Minutes)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </section>
            <section class="counters">
              <h2>{t('wall.counters')}</h2>
              <ul>
                <For each={s.counters}>
                  {(c) => (
                    <li data-status={c.status}>
                      <strong>{c.name}</strong>
                      <span>
                        {t(`wall.status.${c.status as 'idle' | 'calling' | 'serving' | 'paused' | 'closed'}`)}
                      </span>
                      <span>{c.ticketNo ?? ''}</span>
                      <span>{c.staffName ?? ''}</span>
                    </li>
                  )}
                </For>
              </ul>
            </section>
            <footer class="wall-footer">
              <span>
                {t('wall.occupancy')}
                {lang() === 'zh-CN' ? '：' : ': '}
                <strong data-testid="occupancy">{s.totals.occupancy}</strong>
              </span>
              <Show when={s.alarms.length > 0}>
                <span class="wall-alarm-count">
                  {t('wall.alarms')}
                  {lang() === 'zh-CN' ? '：' : ': '}
                  <strong>{s.alarms.length}</strong>
                </span>
                <ul class="alarms" aria-label={t('wall.alarms')}>
                  <For each={s.alarms}>
                    {(a) => (
                      <li data-severity={a.severity}>{alarmText(a.rule, alarmFigures(a.params), lang(), a.message)}</li>
                    )}
                  </For>
                </ul>
              </Show>
            </footer>
          </>
        )}
      </Show>
    </main>
  );
}
