/**
 * The wall screen: the number being called and its counter (chime and, where the browser can, the
 * number spoken), each service's queue, the counters, occupancy, active alarms, and the hall's time.
 * It fills one screen exactly, whatever its size and however many services (≤ 8) and counters (≤ 16)
 * the hall has: the regions are a grid sized to the screen, and type inside each region is sized to the
 * region (container units), so nothing is cut and nothing scrolls.
 */
import { formatMinutes, formatNumber } from '@hall/devices/alarm-text';
import type { HallSnapshot } from '@hall/edge';
import { createEffect, createMemo, createSignal, For, Match, onCleanup, Show, Switch } from 'solid-js';
import { lang, t } from '../../lib/i18n.ts';
import type { LinkState } from '../lib/live.ts';
import { AlarmText, LangSwitch, Name } from '../lib/names.tsx';
import { callKeys, freshCalls, type Call } from './calls.ts';
import { clockText, hubNow } from './clock.ts';

type Service = HallSnapshot['services'][number];
const STATUSES = ['idle', 'calling', 'serving', 'paused', 'closed'] as const;

/** The longest wait of a queue; nothing to say for an empty one. */
const longest = (s: Service) => (s.waiting > 0 ? formatMinutes(s.longestWaitMinutes, lang()) : '—');
/** What a customer taking a ticket now can expect. */
function estimate(s: Service): string {
  if (s.openCapacity <= 0) return t('wall.noCounter');
  if (s.waiting === 0) return t('wall.noWait');
  return formatMinutes(s.eta.p50Minutes, lang());
}

/** Counter tiles: one row up to 8 (two up to 16) on a landscape screen, four columns on a portrait one. */
function tileGrid(n: number) {
  const count = Math.max(n, 1);
  const rowsL = count <= 8 ? 1 : 2;
  const colsP = Math.min(count, 4);
  return {
    '--ctr-cols-l': String(Math.ceil(count / rowsL)),
    '--ctr-rows-l': String(rowsL),
    '--ctr-cols-p': String(colsP),
    '--ctr-rows-p': String(Math.ceil(count / colsP)),
  };
}

/**
 * Staffed vs required now, from the published roster the hub holds: clerks it plans at the counters,
 * clerks the requirement asks for, counters open. Marked short when fewer are planned than required or
 * fewer counters are open than planned.
 */
function Staffing(props: { staffing: NonNullable<HallSnapshot['staffing']> }) {
  const sep = () => (lang() === 'zh-CN' ? '：' : ': ');
  const st = () => props.staffing;
  const short = () =>
    (st().required !== null && st().planned < Math.ceil(st().required as number)) || st().open < st().planned;
  return (
    <span class="wall-staffing" data-short={short()} aria-label={t('wall.roster.label')} data-testid="wall-staffing">
      {t('wall.roster.planned')}
      {sep()}
      <strong>{formatNumber(st().planned, lang())}</strong>
      <span class="wall-staffing-sep"> · </span>
      {t('wall.roster.required')}
      {sep()}
      <strong>{st().required === null ? '—' : formatNumber(st().required as number, lang())}</strong>
      <span class="wall-staffing-sep"> · </span>
      {t('wall.roster.open')}
      {sep()}
      <strong>{formatNumber(st().open, lang())}</strong>
    </span>
  );
}

export interface WallScreenProps {
  snapshot: HallSnapshot | null;
  link: LinkState;
  /** Called for every new call (chime + speech in the browser). */
  announce?: (call: Call) => void;
  /** The screen's clock (tests pass a fake one); the time shown is the hub's. */
  clock?: () => number;
}

export function WallScreen(props: WallScreenProps) {
  const clock = () => (props.clock ?? Date.now)();
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

  // The hub's time: the last snapshot's, advanced by the screen's clock, every second.
  const [tick, setTick] = createSignal(clock());
  const timer = setInterval(() => setTick(clock()), 1_000);
  onCleanup(() => clearInterval(timer));
  let received = { at: 0, local: 0 };
  const now = createMemo(() => {
    const s = props.snapshot;
    if (s && s.at !== received.at) received = { at: s.at, local: clock() };
    return s ? hubNow(received.at, received.local, tick()) : null;
  });
  const time = () => {
    const s = props.snapshot;
    const at = now();
    return s && at !== null ? clockText(at, s.hall.timeZone, lang()) : null;
  };

  return (
    <main
      class="wall"
      data-staffing={Boolean(props.snapshot?.staffing)}
      style={{
        ...tileGrid(props.snapshot?.counters.length ?? 0),
        '--services': String(Math.max(props.snapshot?.services.length ?? 0, 1)),
      }}
    >
      <header class="wall-header">
        <h1>
          <Show when={props.snapshot} fallback={t('wall.title')} keyed>
            {(s) => <Name text={s.hall.name} />}
          </Show>
        </h1>
        <Show when={time()} keyed>
          {(c) => (
            <p class="wall-clock" data-testid="wall-clock">
              <time class="wall-time">{c.time}</time>
              <span class="wall-date">{c.date}</span>
            </p>
          )}
        </Show>
        <div class="wall-link" data-state={props.link} role="status">
          {t(`link.${props.link}`)}
        </div>
        <LangSwitch class="lang" />
      </header>
      <Show
        when={props.snapshot}
        keyed
        fallback={
          <p class="wall-wait" role={props.link === 'unauthorized' ? 'alert' : undefined}>
            {props.link === 'unauthorized' ? t('wall.refused') : t('wall.loading')}
          </p>
        }
      >
        {(s) => (
          <>
            <section class="now-calling" aria-live="assertive" aria-label={t('wall.nowCalling')}>
              <Show when={s.calls[0]} keyed fallback={<p class="no-call">{t('wall.noCall')}</p>}>
                {(c) => (
                  <p class="call">
                    <span class="ticket" data-testid="calling-ticket" translate="no">
                      {c.ticketNo}
                    </span>
                    <span class="arrow">{t('wall.nowCalling')}</span>
                    <Name class="counter" text={c.counterName} testId="calling-counter" />
                    <Show when={c.recall}>
                      <span class="recall">{t('wall.recall')}</span>
                    </Show>
                  </p>
                )}
              </Show>
              <Show when={s.calls.length > 1}>
                <ol class="recent-calls" aria-label={t('wall.recentCalls')}>
                  <For each={s.calls.slice(1, 4)}>
                    {(c) => (
                      <li>
                        <span translate="no">{c.ticketNo}</span> → <Name text={c.counterName} />
                      </li>
                    )}
                  </For>
                </ol>
              </Show>
            </section>
            <section class="services">
              <table>
                <caption>{t('wall.services')}</caption>
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
                        <th scope="row">
                          <Name text={svc.name} />
                        </th>
                        <td>{formatNumber(svc.waiting, lang())}</td>
                        <td classList={{ late: svc.waiting > 0 && svc.longestWaitMinutes > svc.targetWaitMinutes }}>
                          {longest(svc)}
                        </td>
                        <td>{estimate(svc)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </section>
            <section class="counters" aria-label={t('wall.counters')}>
              <ul>
                <For each={s.counters}>
                  {(c) => (
                    <li data-status={c.status}>
                      <strong>
                        <Name text={c.name} />
                      </strong>
                      <span class="status">
                        {(STATUSES as readonly string[]).includes(c.status)
                          ? t(`wall.status.${c.status as (typeof STATUSES)[number]}`)
                          : ''}
                      </span>
                      <span class="ticket-no" translate="no">
                        {c.ticketNo ?? ''}
                      </span>
                      <Name class="staff" text={c.staffName} />
                    </li>
                  )}
                </For>
              </ul>
            </section>
            <footer class="wall-footer">
              <span class="wall-occupancy">
                {t('wall.occupancy')}
                {lang() === 'zh-CN' ? '：' : ': '}
                <strong data-testid="occupancy">{formatNumber(s.totals.occupancy, lang())}</strong>
              </span>
              <Show when={s.staffing} keyed>
                {(st) => <Staffing staffing={st} />}
              </Show>
              <Switch>
                <Match when={s.alarms.length > 0}>
                  <span class="wall-alarm-count">
                    {t('wall.alarms')}
                    {lang() === 'zh-CN' ? '：' : ': '}
                    <strong>{formatNumber(s.alarms.length, lang())}</strong>
                  </span>
                  {/* The most severe two on the line; the console lists them all. */}
                  <ul class="alarms" aria-label={t('wall.alarms')}>
                    <For each={s.alarms.slice(0, 2)}>
                      {(a) => (
                        <li data-severity={a.severity}>
                          <AlarmText rule={a.rule} params={a.params} message={a.message} lang={lang()} />
                        </li>
                      )}
                    </For>
                  </ul>
                </Match>
                <Match when={s.alarms.length === 0}>
                  <span class="wall-no-alarms">{t('wall.noAlarms')}</span>
                </Match>
              </Switch>
            </footer>
          </>
        )}
      </Show>
    </main>
  );
}
