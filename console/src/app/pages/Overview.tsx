/**
 * Every hall the user may see, live: waiting now, the longest wait, today's share called within target,
 * open alarms, whether its hub is online, when the cloud last acknowledged its events, and whether its
 * upload is stuck or has rows the cloud refused. Refreshes every 10 seconds.
 */
import { A } from '@solidjs/router';
import { createResource, For, onCleanup, Show } from 'solid-js';
import { api, type Outputs } from '../api.ts';
import { ago, count, duration, minutes, percent, serviceLevelTone } from '../format.ts';
import { t } from '../i18n.ts';
import { TableHead } from '../components/TableHead.tsx';
import { lastGood } from '../resource.ts';

export type HallStatus = Outputs['analytics']['overview'][number];

export function OverviewTable(props: { halls: HallStatus[]; now?: number }) {
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
                  <A href={`/halls/${encodeURIComponent(h.hallId)}`}>{h.name}</A>
                </th>
                <td data-label={t('overview.region')}>{h.region ?? '—'}</td>
                <td class="num" data-label={t('overview.waiting')}>
                  {h.waiting}
                </td>
                <td class="num" data-label={t('overview.longestWait')}>
                  {minutes(h.longestWaitMin)}
                </td>
                <td class="num" data-label={t('overview.issuedToday')}>
                  {h.issuedToday}
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
                      {t('overview.openAlarms', { n: h.openAlarms })}
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
  const current = lastGood(halls);
  const total = (f: (h: HallStatus) => number) => (current() ?? []).reduce((s, h) => s + f(h), 0);
  return (
    <section>
      <h1>{t('overview.title')}</h1>
      <Show when={halls.error as unknown}>
        <p role="alert" class="error">
          {t('common.cloudUnreachable')}
        </p>
      </Show>
      <Show
        when={current()}
        fallback={
          <Show when={!halls.error}>
            <p class="loading">{t('common.loading')}</p>
          </Show>
        }
      >
        {(list) => (
          <>
            <div class="tiles">
              <div class="tile">
                <span class="tile-label">{t('overview.hallsOnline')}</span>
                <span class="tile-value">
                  {total((h) => (h.hubOnline ? 1 : 0))} / {list().length}
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
            <Show when={list().length > 0} fallback={<p>{t('overview.noHalls')}</p>}>
              <OverviewTable halls={list()} />
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
