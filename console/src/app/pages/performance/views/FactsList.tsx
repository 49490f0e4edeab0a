/**
 * The facts behind a clerk's KPI values (`kpiViews.facts`): tickets (service, wait, handling time, their
 * rating), ratings, or counter sessions with the clerk's pauses — a page of 50 at a time, times in the
 * hall's zone. The tab a KPI opens on is the source of its formula's facts.
 */
import { createEffect, createResource, createSignal, For, Match, on, Show, Switch } from 'solid-js';
import { api, type Outputs } from '../../../api.ts';
import { Loaded } from '../../../components/States.tsx';
import { count, dataLang, duration, wait } from '../../../format.ts';
import { lang, t, type ConsoleKey } from '../../../i18n.ts';
import type { PeriodInput } from './kpi-text.tsx';

type Facts = Outputs['kpiViews']['facts'];
export type FactTab = 'tickets' | 'ratings' | 'sessions';
const PAGE = 50;

const TABS: Array<{ id: FactTab; key: ConsoleKey }> = [
  { id: 'tickets', key: 'kpiViews.facts.tickets' },
  { id: 'ratings', key: 'kpiViews.facts.ratings' },
  { id: 'sessions', key: 'kpiViews.facts.sessions' },
];

const OUTCOME: Record<string, ConsoleKey> = {
  done: 'kpiViews.outcome.done',
  noshow: 'kpiViews.outcome.noshow',
  cancelled: 'kpiViews.outcome.cancelled',
  transferred: 'kpiViews.outcome.transferred',
  serving: 'kpiViews.outcome.serving',
  called: 'kpiViews.outcome.called',
  issued: 'kpiViews.outcome.issued',
};
const PAUSE: Record<string, ConsoleKey> = {
  break: 'kpiViews.pause.break',
  meal: 'kpiViews.pause.meal',
  meeting: 'kpiViews.pause.meeting',
  training: 'kpiViews.pause.training',
  backoffice: 'kpiViews.pause.backoffice',
  other: 'kpiViews.pause.other',
};

/** The tab for a KPI's sources: sessions and roster facts → sessions; ratings → ratings; else tickets. */
export function tabFor(sources: readonly string[]): FactTab {
  if (sources.includes('tickets')) return 'tickets';
  if (sources.includes('ratings')) return 'ratings';
  if (sources.includes('sessions') || sources.includes('roster')) return 'sessions';
  return 'tickets';
}

function when(iso: string | null, timeZone: string, withDate = true): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(lang(), {
    ...(withDate ? { month: '2-digit', day: '2-digit' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(new Date(iso));
}
const secs = (s: number | null) => (s === null ? '—' : wait(s / 60));

export function FactsList(props: {
  employeeId: string;
  period: PeriodInput;
  tab: FactTab;
  onTab: (t: FactTab) => void;
}) {
  const [offset, setOffset] = createSignal(0);
  // Another period or person starts at the first page.
  createEffect(on([() => props.period, () => props.employeeId], () => setOffset(0), { defer: true }));
  const [facts, { refetch }] = createResource(
    () => ({ employeeId: props.employeeId, period: props.period, list: props.tab, limit: PAGE, offset: offset() }),
    (q) => api.kpiViews.facts.query(q),
  );
  const choose = (tab: FactTab) => {
    setOffset(0);
    props.onTab(tab);
  };
  return (
    <div class="kpi-facts">
      <div class="tabs" role="tablist" aria-label={t('kpiViews.facts.title')}>
        <For each={TABS}>
          {(tab) => (
            <button
              type="button"
              role="tab"
              aria-selected={props.tab === tab.id}
              onClick={() => choose(tab.id)}
              data-tab={tab.id}
            >
              {t(tab.key)}
            </button>
          )}
        </For>
      </div>
      <Loaded of={facts} retry={() => void refetch()}>
        {(f) => (
          <div role="tabpanel">
            <Show when={f().total > 0} fallback={<p class="empty">{t('kpiViews.facts.none')}</p>}>
              <p class="muted">
                {t('kpiViews.facts.count', {
                  from: count(f().offset + 1),
                  to: count(Math.min(f().total, f().offset + f().limit)),
                  total: count(f().total),
                })}
              </p>
              <Switch>
                <Match when={f().list === 'tickets'}>
                  <Tickets f={f()} />
                </Match>
                <Match when={f().list === 'ratings'}>
                  <Ratings f={f()} />
                </Match>
                <Match when={f().list === 'sessions'}>
                  <Sessions f={f()} />
                </Match>
              </Switch>
              <Show when={f().total > f().limit}>
                <div class="pager">
                  <button
                    type="button"
                    disabled={offset() === 0}
                    onClick={() => setOffset(Math.max(0, offset() - PAGE))}
                  >
                    {t('kpiViews.facts.previous')}
                  </button>
                  <button
                    type="button"
                    disabled={offset() + PAGE >= f().total}
                    onClick={() => setOffset(offset() + PAGE)}
                  >
                    {t('kpiViews.facts.next')}
                  </button>
                </div>
              </Show>
            </Show>
          </div>
        )}
      </Loaded>
    </div>
  );
}

function Tickets(props: { f: Facts }) {
  return (
    <div class="table-wrap">
      <table class="data cards facts-tickets">
        <thead>
          <tr>
            <th scope="col">{t('kpiViews.facts.ticketNo')}</th>
            <th scope="col">{t('kpiViews.facts.issued')}</th>
            <th scope="col">{t('kpiViews.facts.service')}</th>
            <th scope="col">{t('kpiViews.counter')}</th>
            <th scope="col">{t('kpiViews.facts.outcome')}</th>
            <th scope="col" class="num">
              {t('kpiViews.facts.wait')}
            </th>
            <th scope="col" class="num">
              {t('kpiViews.facts.handle')}
            </th>
            <th scope="col" class="num">
              {t('kpiViews.facts.rating')}
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.f.tickets}>
            {(x) => (
              <tr data-ticket={x.ticketNo}>
                <th scope="row" translate="no">
                  {x.ticketNo}
                </th>
                <td data-label={t('kpiViews.facts.issued')}>{when(x.issuedAt, props.f.timeZone)}</td>
                <td data-label={t('kpiViews.facts.service')} lang={dataLang(x.serviceName)}>
                  {x.serviceName ?? x.serviceId}
                </td>
                <td data-label={t('kpiViews.counter')} lang={dataLang(x.counterName)}>
                  {x.counterName ?? x.counterId ?? '—'}
                </td>
                <td data-label={t('kpiViews.facts.outcome')}>
                  {OUTCOME[x.outcome] ? t(OUTCOME[x.outcome] as ConsoleKey) : x.outcome}
                </td>
                <td class="num" data-label={t('kpiViews.facts.wait')}>
                  {secs(x.waitSeconds)}
                </td>
                <td class="num" data-label={t('kpiViews.facts.handle')}>
                  {secs(x.handleSeconds)}
                </td>
                <td class="num" data-label={t('kpiViews.facts.rating')}>
                  {x.rating === null ? '—' : t('kpiViews.facts.stars', { n: count(x.rating) })}
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

function Ratings(props: { f: Facts }) {
  return (
    <div class="table-wrap">
      <table class="data cards facts-ratings">
        <thead>
          <tr>
            <th scope="col">{t('kpiViews.facts.ticketNo')}</th>
            <th scope="col">{t('kpiViews.facts.at')}</th>
            <th scope="col">{t('kpiViews.counter')}</th>
            <th scope="col" class="num">
              {t('kpiViews.facts.rating')}
            </th>
            <th scope="col">{t('kpiViews.facts.reasons')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.f.ratings}>
            {(x) => (
              <tr>
                <th scope="row" translate="no">
                  {x.ticketNo}
                </th>
                <td data-label={t('kpiViews.facts.at')}>{when(x.at, props.f.timeZone)}</td>
                <td data-label={t('kpiViews.counter')} lang={dataLang(x.counterName)}>
                  {x.counterName ?? x.counterId ?? '—'}
                </td>
                <td
                  class={`num ${x.score !== null && x.score <= 2 ? 'error' : ''}`}
                  data-label={t('kpiViews.facts.rating')}
                >
                  {x.score === null ? t('kpiViews.facts.skipped') : t('kpiViews.facts.stars', { n: count(x.score) })}
                </td>
                <td data-label={t('kpiViews.facts.reasons')} lang={dataLang(x.reasons.join(''))}>
                  {x.reasons.length ? x.reasons.join(t('common.listSeparator')) : '—'}
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

function Sessions(props: { f: Facts }) {
  return (
    <div class="table-wrap">
      <table class="data cards facts-sessions">
        <thead>
          <tr>
            <th scope="col">{t('kpiViews.counter')}</th>
            <th scope="col">{t('kpiViews.facts.opened')}</th>
            <th scope="col">{t('kpiViews.facts.closed')}</th>
            <th scope="col" class="num">
              {t('kpiViews.facts.length')}
            </th>
            <th scope="col">{t('kpiViews.facts.pauses')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.f.sessions}>
            {(s) => (
              <tr>
                <th scope="row" lang={dataLang(s.counterName)}>
                  {s.counterName ?? s.counterId}
                </th>
                <td data-label={t('kpiViews.facts.opened')}>{when(s.openedAt, props.f.timeZone)}</td>
                <td data-label={t('kpiViews.facts.closed')}>
                  {s.closedAt ? when(s.closedAt, props.f.timeZone, false) : t('kpiViews.facts.open')}
                </td>
                <td class="num" data-label={t('kpiViews.facts.length')}>
                  {duration(s.minutes)}
                </td>
                <td data-label={t('kpiViews.facts.pauses')}>
                  <Show when={s.pauses.length > 0} fallback="—">
                    <ul class="pauses">
                      <For each={s.pauses}>
                        {(p) => (
                          <li>
                            {PAUSE[p.reason] ? t(PAUSE[p.reason] as ConsoleKey) : p.reason}{' '}
                            {when(p.startedAt, props.f.timeZone, false)}–
                            {p.endedAt ? when(p.endedAt, props.f.timeZone, false) : ''} ({duration(p.minutes)})
                            <Show when={p.note}>{(n) => <span class="muted"> · {n()}</span>}</Show>
                          </li>
                        )}
                      </For>
                    </ul>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
