/**
 * Every hall the user may see, live: waiting now, the longest wait, today's share called within target,
 * open alarms, whether its hub is online, when the cloud last acknowledged its events, and whether its
 * upload is stuck or has rows the cloud refused. Refreshes every 10 seconds.
 */
import { A } from '@solidjs/router';
import { createResource, For, onCleanup, Show } from 'solid-js';
import { api, type Outputs } from '../api.ts';
import {
  ago,
  clockIn,
  count,
  dataLang,
  duration,
  percent,
  serviceLevelTone,
  severalZones,
  wait,
  zoneName,
} from '../format.ts';
import { lang, t } from '../i18n.ts';
import { Loaded } from '../components/States.tsx';
import { TableHead } from '../components/TableHead.tsx';
import { ExportButtons } from '../components/ExportButtons.tsx';
import type { TableColumn } from '../export/table-spec.ts';

export type HallStatus = Outputs['analytics']['overview'][number];

/** The time it is in a hall, with its zone: shown where halls of several zones are listed together. */
function hallClock(timeZone: string, now: number) {
  const time = new Intl.DateTimeFormat(lang(), {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(now);
  return t('overview.localTime', { time, zone: zoneName(timeZone, now) });
}

/** The overview's figures for its XLSX/CSV export, as the table shows them. */
export function overviewColumns(now?: number): Array<TableColumn<HallStatus>> {
  return [
    { title: 'overview.hall', kind: 'text', value: (h) => h.name },
    { title: 'overview.region', kind: 'text', value: (h) => h.region },
    { title: 'overview.waiting', kind: 'count', value: (h) => h.waiting },
    { title: 'overview.longestWait', kind: 'duration', value: (h) => (h.waiting > 0 ? h.longestWaitMin : null) },
    { title: 'overview.issuedToday', kind: 'count', value: (h) => h.issuedToday },
    { title: 'overview.serviceLevel', kind: 'percent', value: (h) => h.serviceLevelToday },
    { title: 'overview.alarms', kind: 'count', value: (h) => h.openAlarms },
    {
      title: 'overview.hub',
      kind: 'text',
      value: (h) =>
        `${h.hubOnline ? t('overview.online') : t('overview.offline')} ${
          h.lastSyncAt === null ? t('overview.neverSynced') : t('overview.lastSync', { ago: ago(h.lastSyncAt, now) })
        }`,
    },
  ];
}

export function OverviewTable(props: { halls: HallStatus[]; now?: number }) {
  const zones = () => severalZones(props.halls.map((h) => h.timeZone));
  return (
    <div class="table-wrap">
      <table class="data cards">
        <caption class="visually-hidden">{t('overview.title')}</caption>
        <TableHead
          columns={[
            'overview.hall',
            'overview.region',
            ...(
              [
                'overview.waiting',
                'overview.longestWait',
                'overview.issuedToday',
                'overview.serviceLevel',
                'overview.alarms',
              ] as const
            ).map((key) => ({ key, num: true })),
            'overview.hub',
          ]}
        />
        <tbody>
          <For each={props.halls}>
            {(h) => (
              <tr data-hall={h.hallId}>
                <th scope="row">
                  <A href={`/halls/${encodeURIComponent(h.hallId)}`} lang={dataLang(h.name)}>
                    {h.name}
                  </A>
                  <Show when={zones()}>
                    <span class="muted zone">{hallClock(h.timeZone, props.now ?? Date.now())}</span>
                  </Show>
                </th>
                <td data-label={t('overview.region')}>
                  <span lang={dataLang(h.region)}>{h.region ?? '—'}</span>
                </td>
                <td class="num" data-label={t('overview.waiting')}>
                  {count(h.waiting)}
                </td>
                <td class="num" data-label={t('overview.longestWait')}>
                  {h.waiting > 0 ? wait(h.longestWaitMin) : '—'}
                </td>
                <td class="num" data-label={t('overview.issuedToday')}>
                  {count(h.issuedToday)}
                </td>
                <td class={`num sl-${serviceLevelTone(h.serviceLevelToday)}`} data-label={t('overview.serviceLevel')}>
                  {percent(h.serviceLevelToday)}
                </td>
                <td class="num" data-label={t('overview.alarms')}>
                  <Show when={h.openAlarms > 0} fallback="0">
                    <A
                      href={`/alarms?hall=${encodeURIComponent(h.hallId)}`}
                      class={h.criticalAlarms > 0 ? 'badge critical' : 'badge warning'}
                    >
                      {t('overview.openAlarms', { n: count(h.openAlarms) })}
                    </A>
                  </Show>
                </td>
                <td data-label={t('overview.hub')}>
                  <span class={h.hubOnline ? 'badge ok' : 'badge offline'}>
                    {h.hubOnline ? t('overview.online') : t('overview.offline')}
                  </span>{' '}
                  <span class="muted">
                    {h.lastSyncAt === null
                      ? t('overview.neverSynced')
                      : t('overview.lastSync', { ago: ago(h.lastSyncAt, props.now) })}
                  </span>
                  <Show when={h.sync.stuck}>
                    {' '}
                    <span class="badge warning" data-sync="stuck">
                      {t('overview.syncStuck', {
                        n: count(h.sync.pending),
                        waited: duration(h.sync.oldestPendingMin ?? 0),
                      })}
                    </span>
                  </Show>
                  <Show when={h.sync.deadLetters > 0}>
                    {' '}
                    <span class="badge critical" data-sync="dead-letters">
                      {t('overview.deadLetters', { n: count(h.sync.deadLetters) })}
                    </span>
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

export function OverviewPage() {
  const [halls, { refetch }] = createResource(() => api.analytics.overview.query());
  const timer = setInterval(() => void refetch(), 10_000);
  onCleanup(() => clearInterval(timer));
  return (
    <section>
      <h1>{t('overview.title')}</h1>
      <Loaded of={halls} retry={() => void refetch()} refused="state.refusedOverview">
        {(list) => {
          const total = (f: (h: HallStatus) => number) => count(list().reduce((s, h) => s + f(h), 0));
          return (
            <Show when={list().length > 0} fallback={<p class="empty">{t('overview.noHalls')}</p>}>
              <div class="tiles">
                <div class="tile">
                  <span class="tile-label">{t('overview.hallsOnline')}</span>
                  <span class="tile-value">
                    {total((h) => (h.hubOnline ? 1 : 0))} / {count(list().length)}
                  </span>
                </div>
                <div class="tile">
                  <span class="tile-label">{t('overview.waitingNow')}</span>
                  <span class="tile-value">{total((h) => h.waiting)}</span>
                </div>
                <div class="tile">
                  <span class="tile-label">{t('overview.alarmsOpen')}</span>
                  <span class="tile-value">{total((h) => h.openAlarms)}</span>
                </div>
              </div>
              <div class="table-head">
                <span />
                <ExportButtons
                  title={t('overview.title')}
                  before=""
                  after={clockIn(Intl.DateTimeFormat().resolvedOptions().timeZone).date}
                  table={() => ({ columns: overviewColumns(), rows: list() })}
                />
              </div>
              <OverviewTable halls={list()} />
            </Show>
          );
        }}
      </Loaded>
    </section>
  );
}
