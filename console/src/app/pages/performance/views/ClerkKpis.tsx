/**
 * One clerk's KPIs (`kpiViews.clerk`), shared by `/staff/:employeeId/kpis` (a manager's view) and
 * `/me/kpis` (the clerk's own, phone-first): a card per KPI with value, target, score, "样本不足" and the
 * hall's band (median and quartiles of its clerks, shown only with three or more); the chosen KPI's
 * daily chart with the same figures in a table; and the facts behind it (tickets, ratings, sessions).
 */
import { useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, createResource, createSignal, For, lazy, Show, Suspense } from 'solid-js';
import { api, type Outputs } from '../../../api.ts';
import { dayLabel } from '../../../components/DateField.tsx';
import { Loaded } from '../../../components/States.tsx';
import { clockIn, count, dataLang } from '../../../format.ts';
import { lang, t } from '../../../i18n.ts';
import { FactsList, tabFor, type FactTab } from './FactsList.tsx';
import {
  kpiName,
  PeriodChooser,
  periodFrom,
  periodSearch,
  rangeText,
  scoreText,
  scoreTone,
  TooFew,
  valueText,
  type Kpi,
  type PeriodInput,
} from './kpi-text.tsx';
import './views.css';

const BarChart = lazy(() => import('../../../charts/BarChart.tsx').then((m) => ({ default: m.BarChart })));

type Clerk = Outputs['kpiViews']['clerk'];
const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const TONE_COLOR: Record<string, string> = { good: '#116329', fair: '#7d4e00', poor: '#a40e26', none: '#57606a' };

export function ClerkKpis(props: { employeeId: string; self: boolean }) {
  const [search, setSearch] = useSearchParams<{
    p?: string;
    date?: string;
    from?: string;
    to?: string;
    kpi?: string;
    tab?: string;
  }>();
  // The hall's zone once the cloud has said it (the browser's until then): its today bounds the chooser.
  const [zone, setZone] = createSignal(browserZone);
  const today = (): string => clockIn(zone()).date;
  const period = createMemo((): PeriodInput => periodFrom(search, today(), 'month'));
  const [clerk, { refetch }] = createResource(
    () => ({ employeeId: props.employeeId, period: period() }),
    (q) => api.kpiViews.clerk.query(q),
  );
  createEffect(() => {
    const z = clerk.error === undefined ? clerk.latest?.timeZone : undefined;
    if (z) setZone(z);
  });
  const setPeriod = (p: PeriodInput) => setSearch({ ...periodSearch(p) });
  return (
    <Loaded of={clerk} retry={() => void refetch()} refused="kpiViews.refusedClerk" notFound="kpiViews.noSuchClerk">
      {(c) => {
        const chosen = () => c().kpis.find((k) => k.key === search.kpi) ?? c().kpis[0];
        const tab = (): FactTab =>
          search.tab === 'tickets' || search.tab === 'ratings' || search.tab === 'sessions'
            ? search.tab
            : tabFor(chosen()?.sources ?? []);
        return (
          <>
            <div class="page-head">
              <div>
                <p class="crumbs" lang={dataLang(c().employee.hallName)}>
                  {c().employee.hallName}
                </p>
                <h1>
                  <span lang={dataLang(c().employee.name)}>{c().employee.name}</span>
                  <span class="muted title-suffix">
                    {' '}
                    · {t(props.self ? 'kpiViews.me.title' : 'kpiViews.clerk.title')}
                  </span>
                </h1>
              </div>
              <PeriodChooser value={period()} today={today()} onChange={setPeriod} />
            </div>
            <p class="note period-note">
              {rangeText(c().period)}
              <Show when={c().total !== null}> · {t('kpiViews.totalIs', { s: scoreText(c().total) })}</Show>
            </p>
            <Show when={c().kpis.length > 0} fallback={<p class="empty">{t('kpiViews.noKpis')}</p>}>
              <Show when={c().days > 0} fallback={<p class="empty">{t('kpiViews.clerk.noFacts')}</p>}>
                <ul class="kpi-cards">
                  <For each={c().kpis}>
                    {(k) => (
                      <KpiCard
                        kpi={k}
                        clerk={c()}
                        selected={chosen()?.key === k.key}
                        onSelect={() => setSearch({ kpi: k.key, tab: undefined })}
                      />
                    )}
                  </For>
                </ul>
                <Show when={chosen()}>
                  {(k) => (
                    <>
                      <Show when={c().period.kind !== 'today' && (c().series[k().key]?.length ?? 0) > 1}>
                        <DailyChart kpi={k()} clerk={c()} />
                      </Show>
                      <h2>{t('kpiViews.facts.behind', { kpi: kpiName(k()) })}</h2>
                      <FactsList
                        employeeId={props.employeeId}
                        period={period()}
                        tab={tab()}
                        onTab={(x) => setSearch({ tab: x })}
                      />
                    </>
                  )}
                </Show>
              </Show>
            </Show>
          </>
        );
      }}
    </Loaded>
  );
}

function KpiCard(props: { kpi: Kpi; clerk: Clerk; selected: boolean; onSelect: () => void }) {
  const v = () => props.clerk.values.find((x) => x.key === props.kpi.key);
  const before = () => props.clerk.previous?.values.find((x) => x.key === props.kpi.key)?.value ?? null;
  const band = () => props.clerk.bands[props.kpi.key] ?? null;
  return (
    <li
      class={`kpi-card tone-${scoreTone(v()?.score)}`}
      classList={{ selected: props.selected }}
      data-kpi={props.kpi.key}
    >
      <button type="button" aria-pressed={props.selected} onClick={() => props.onSelect()}>
        <span class="kpi-name">{kpiName(props.kpi)}</span>
        <span class="kpi-value">{valueText(props.kpi.unit, v()?.value)}</span>
        <span class="kpi-score">
          {t('kpiViews.score')} {scoreText(v()?.score)}
          <Show when={v()}>{(x) => <TooFew value={x()} kpi={props.kpi} />}</Show>
        </span>
        <Show when={v()?.confidence}>
          {(c) => (
            <span class="kpi-line" data-confidence>
              {t('kpiViews.confidence', {
                low: valueText(props.kpi.unit, c().low),
                high: valueText(props.kpi.unit, c().high),
              })}
            </span>
          )}
        </Show>
        <Show when={props.kpi.target !== null}>
          <span class="kpi-line">{t('kpiViews.target', { v: valueText(props.kpi.unit, props.kpi.target) })}</span>
        </Show>
        <Show when={band()}>
          {(b) => (
            <span class="kpi-line">
              {t('kpiViews.band', {
                median: valueText(props.kpi.unit, b().median),
                q1: valueText(props.kpi.unit, b().q1),
                q3: valueText(props.kpi.unit, b().q3),
                n: count(b().n),
              })}
            </span>
          )}
        </Show>
        <Show when={before() !== null}>
          <span class="kpi-line muted">{t('kpiViews.previousValue', { v: valueText(props.kpi.unit, before()) })}</span>
        </Show>
      </button>
    </li>
  );
}

function DailyChart(props: { kpi: Kpi; clerk: Clerk }) {
  const points = () => props.clerk.series[props.kpi.key] ?? [];
  const short = (d: string) =>
    new Intl.DateTimeFormat(lang(), { month: 'numeric', day: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${d}T00:00:00Z`),
    );
  return (
    <div class="kpi-chart">
      <h2>{t('kpiViews.daily', { kpi: kpiName(props.kpi) })}</h2>
      <Suspense fallback={<p class="loading">{t('common.loading')}</p>}>
        <BarChart
          title={t('kpiViews.daily', { kpi: kpiName(props.kpi) })}
          categories={points().map((p) => short(p.date))}
          series={[
            {
              label: kpiName(props.kpi),
              values: points().map((p) => p.value),
              kind: 'bars',
              color: TONE_COLOR.none as string,
            },
          ]}
          height={180}
          emptyText={t('kpiViews.clerk.noFacts')}
        />
      </Suspense>
      <details>
        <summary>{t('kpiViews.dailyTable')}</summary>
        <div class="table-wrap">
          <table class="data daily-table">
            <thead>
              <tr>
                <th scope="col">{t('kpiViews.date')}</th>
                <th scope="col" class="num">
                  {kpiName(props.kpi)}
                </th>
                <th scope="col" class="num">
                  {t('kpiViews.score')}
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={points()}>
                {(p) => (
                  <tr>
                    <th scope="row">{dayLabel(p.date)}</th>
                    <td class="num">{valueText(props.kpi.unit, p.value)}</td>
                    <td class="num">{scoreText(p.score)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
