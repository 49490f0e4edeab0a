/**
 * 业务预测 (`/halls/:hallId/forecast`): a week of the hall's forecast (mean with its P90 band) against the
 * arrivals that came, for all services or one; the staffing requirement it gives (clerks per interval,
 * with the targets used); the forecast's accuracy (the engine's backtest: WAPE per week and overall, P90
 * coverage), its model, history and version; and "run now" with the job's progress.
 */
import { A, useParams, useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import { api, errorMessage, type Outputs } from '../api.ts';
import { IntervalChart } from '../charts/IntervalChart.tsx';
import { shiftDay } from '../components/DateField.tsx';
import { Loaded } from '../components/States.tsx';
import { TableHead } from '../components/TableHead.tsx';
import { calendarDate, clockIn, count, dataLang, dateTime, decimal, duration, percent } from '../format.ts';
import { lang, t, type ConsoleKey } from '../i18n.ts';
import './planning.css';

type Week = Outputs['forecast']['week'];
type Status = Outputs['forecast']['status'];
type Requirement = Outputs['forecast']['requirement'];

/** The Monday of a date's week. */
import { mondayOf } from '@hall/devices/calendar';
export { mondayOf };

const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const weekdayShort = (date: string) =>
  new Intl.DateTimeFormat(lang(), { timeZone: 'UTC', weekday: 'short' }).format(Date.parse(`${date}T00:00:00Z`));
const sum = (xs: Array<number | null> | null | undefined) => (xs ?? []).reduce<number>((a, b) => a + (b ?? 0), 0);

/** The week's points (open days only), their labels and where each day starts. */
function axis<D extends { date: string; open: boolean }>(w: {
  days: D[];
  intervals: number;
  intervalMinutes: number;
  dayStartMinutes: number;
}) {
  const labels: string[] = [];
  const ticks: number[] = [];
  const tickLabels: string[] = [];
  const days = w.days.filter((d) => d.open);
  for (const d of days) {
    ticks.push(labels.length);
    tickLabels.push(weekdayShort(d.date));
    for (let i = 0; i < w.intervals; i++)
      labels.push(`${weekdayShort(d.date)} ${clock(w.dayStartMinutes + i * w.intervalMinutes)}`);
  }
  return { labels, ticks, tickLabels, days };
}

function RunNow(props: { hallId: string; status: Status; onChange: () => void }) {
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const running = () => ['queued', 'running'].includes(props.status.job?.state ?? '');
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.forecast.run.mutate({ hallId: props.hallId });
      props.onChange();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const cancel = async () => {
    setError(null);
    try {
      await api.forecast.cancel.mutate({ hallId: props.hallId });
      props.onChange();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const failed = () => {
    const j = props.status.job;
    if (!j || !['dead', 'failed'].includes(j.state)) return null;
    return j.errorCode === 'forecast-too-little-history'
      ? t('forecast.tooLittleHistory')
      : t('forecast.runFailed', { code: j.errorCode ?? '?' });
  };
  return (
    <div class="forecast-run">
      <button type="button" class="primary" disabled={busy() || running()} onClick={() => void go()}>
        {running() ? t('forecast.running') : t('forecast.runNow')}
      </button>
      <Show when={running()}>
        <span class="job-progress" role="status">
          <progress max="1" value={props.status.job?.progress ?? 0} /> {percent(props.status.job?.progress ?? 0)}
        </span>
        <button type="button" onClick={() => void cancel()}>
          {t('forecast.cancel')}
        </button>
      </Show>
      <Show when={error() ?? failed()}>
        <span class="error" role="alert">
          {error() ?? failed()}
        </span>
      </Show>
    </div>
  );
}

function Accuracy(props: { status: Status; services: Week['services'] }) {
  return (
    <Show when={props.status.forecast} fallback={<p class="empty">{t('forecast.none')}</p>}>
      {(f) => {
        const a = () => f().accuracy;
        const name = (id: string) => props.services.find((s) => s.id === id)?.name ?? id;
        return (
          <>
            <dl class="facts">
              <div>
                <dt>{t('forecast.version')}</dt>
                <dd>{t('forecast.versionValue', { version: f().version })}</dd>
              </div>
              <div>
                <dt>{t('forecast.madeAt')}</dt>
                <dd>{dateTime(Date.parse(f().createdAt))}</dd>
              </div>
              <div>
                <dt>{t('forecast.model')}</dt>
                <dd>{t(`forecast.model.${f().model}` as ConsoleKey)}</dd>
              </div>
              <div>
                <dt>{t('forecast.history')}</dt>
                <dd>
                  {t('forecast.historyValue', {
                    from: f().historyFrom ? calendarDate(f().historyFrom as string, 'short') : '—',
                    to: f().historyTo ? calendarDate(f().historyTo as string, 'short') : '—',
                    days: count(a().historyDays ?? 0),
                  })}
                </dd>
              </div>
              <div>
                <dt>{t('forecast.horizon')}</dt>
                <dd>
                  {t('forecast.horizonValue', {
                    from: calendarDate(f().fromDate, 'short'),
                    days: count(f().days),
                    minutes: duration(f().intervalMinutes),
                  })}
                </dd>
              </div>
              <div>
                <dt>{t('forecast.wape')}</dt>
                <dd class="big">{percent(a().wape)}</dd>
              </div>
              <div>
                <dt>{t('forecast.p90Coverage')}</dt>
                <dd>{percent(a().p90Coverage)}</dd>
              </div>
              <div>
                <dt>{t('forecast.poissonFloor')}</dt>
                <dd>{percent(a().poissonFloor)}</dd>
              </div>
            </dl>
            <p class="muted">{t('forecast.accuracyHow', { days: count(a().days) })}</p>
            <div class="table-wrap">
              <table class="data cards" data-table="accuracy-weeks">
                <TableHead
                  columns={[
                    'forecast.week',
                    { key: 'forecast.daysScored', num: true },
                    { key: 'forecast.arrivals', num: true },
                    { key: 'forecast.wape', num: true },
                    { key: 'forecast.p90Coverage', num: true },
                  ]}
                />
                <tbody>
                  <For each={a().weeks}>
                    {(w) => (
                      <tr>
                        <th scope="row">{t('forecast.weekOf', { date: calendarDate(w.from, 'short') })}</th>
                        <td class="num" data-label={t('forecast.daysScored')}>
                          {count(w.days)}
                        </td>
                        <td class="num" data-label={t('forecast.arrivals')}>
                          {count(w.arrivals)}
                        </td>
                        <td class="num" data-label={t('forecast.wape')}>
                          {percent(w.wape)}
                        </td>
                        <td class="num" data-label={t('forecast.p90Coverage')}>
                          {percent(w.p90Coverage)}
                        </td>
                      </tr>
                    )}
                  </For>
                  <For each={a().services}>
                    {(s) => (
                      <tr class="sub">
                        <th scope="row" lang={dataLang(name(s.serviceId))}>
                          {name(s.serviceId)}
                        </th>
                        <td class="num" data-label={t('forecast.daysScored')}>
                          {count(a().days)}
                        </td>
                        <td class="num" data-label={t('forecast.arrivals')}>
                          {count(s.arrivals)}
                        </td>
                        <td class="num" data-label={t('forecast.wape')}>
                          {percent(s.wape)}
                        </td>
                        <td class="num" data-label={t('forecast.p90Coverage')}>
                          {percent(s.p90Coverage)}
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </>
        );
      }}
    </Show>
  );
}

function WeekView(props: { week: Week }) {
  const ax = createMemo(() => axis(props.week));
  const pick = (f: (d: Week['days'][number]) => Array<number | null> | null) =>
    ax().days.flatMap((d) => f(d) ?? new Array<null>(props.week.intervals).fill(null));
  const series = createMemo(() => [
    { label: t('forecast.p90'), values: pick((d) => d.p90), color: '#7aa7d9', dash: [4, 4] },
    { label: t('forecast.mean'), values: pick((d) => d.mean), color: '#1f5fa8' },
    { label: t('forecast.actual'), values: pick((d) => d.actual), color: '#d9480f', points: true },
  ]);
  return (
    <>
      <IntervalChart
        title={t('forecast.chartTitle')}
        labels={ax().labels}
        ticks={ax().ticks}
        tickLabels={ax().tickLabels}
        xLabel={t('forecast.time')}
        series={series()}
        band={[0, 1]}
        emptyText={t('forecast.noValues')}
      />
      <div class="table-wrap">
        <table class="data cards" data-table="forecast-days">
          <TableHead
            columns={[
              'hall.date',
              { key: 'forecast.mean', num: true },
              { key: 'forecast.p90', num: true },
              { key: 'forecast.actual', num: true },
              { key: 'forecast.dayError', num: true },
            ]}
          />
          <tbody>
            <For each={props.week.days}>
              {(d) => {
                const err = () =>
                  d.mean && d.actual && d.complete && sum(d.actual) > 0
                    ? d.actual.reduce((a, x, i) => a + Math.abs(x - (d.mean?.[i] ?? 0)), 0) / sum(d.actual)
                    : null;
                return (
                  <tr data-day={d.date}>
                    <th scope="row">
                      {calendarDate(d.date, 'short')} {weekdayShort(d.date)}
                      <Show when={!d.open}>
                        {' '}
                        <span class="badge">{t('forecast.closed')}</span>
                      </Show>
                      <Show when={d.kind === 'backtest'}>
                        {' '}
                        <span class="badge" title={t('forecast.backtestHint')}>
                          {t('forecast.backtest')}
                        </span>
                      </Show>
                    </th>
                    <td class="num" data-label={t('forecast.mean')}>
                      {d.mean ? decimal(sum(d.mean), 0) : '—'}
                    </td>
                    <td class="num" data-label={t('forecast.p90')}>
                      {d.p90 ? decimal(sum(d.p90), 0) : '—'}
                    </td>
                    <td class="num" data-label={t('forecast.actual')}>
                      {d.actual ? count(sum(d.actual)) : '—'}
                      <Show when={d.actual && !d.complete}> {t('forecast.soFar')}</Show>
                    </td>
                    <td class="num" data-label={t('forecast.dayError')}>
                      {percent(err())}
                    </td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </div>
    </>
  );
}

function RequirementView(props: { req: Requirement; serviceId: string | undefined }) {
  const k = () => props.req.services.findIndex((s) => s.id === props.serviceId);
  const ax = createMemo(() =>
    axis({
      days: props.req.days,
      intervals: props.req.grid.intervals,
      intervalMinutes: props.req.grid.intervalMinutes,
      dayStartMinutes: props.req.grid.dayStartMinutes,
    }),
  );
  const values = () =>
    ax().days.flatMap((d) => (k() >= 0 ? (d.required[k()] ?? []) : d.total).map((n) => n as number | null));
  const sl = () => ax().days.flatMap((d) => d.serviceLevel.map((x) => x * 100));
  const clerkHours = (d: Requirement['days'][number]) =>
    ((k() >= 0 ? (d.required[k()] ?? []) : d.total).reduce((a, b) => a + b, 0) * props.req.grid.intervalMinutes) / 60;
  return (
    <>
      <IntervalChart
        title={t('forecast.requirementTitle')}
        labels={ax().labels}
        ticks={ax().ticks}
        tickLabels={ax().tickLabels}
        xLabel={t('forecast.time')}
        series={[{ label: t('forecast.clerks'), values: values(), color: '#2b8a3e', stepped: true }]}
        emptyText={t('forecast.noValues')}
        height={200}
      />
      <p class="muted">
        {t('forecast.requirementHow', {
          occupancy: percent(props.req.targets.occupancyCap),
          shrinkage: percent(props.req.targets.shrinkage),
          abandon: percent(props.req.targets.maxAbandon),
          min: count(props.req.targets.minStaffOpen),
        })}{' '}
        <Show when={sl().length}>{t('forecast.expectedSl', { sl: percent(Math.min(...sl()) / 100) })}</Show>
      </p>
      <div class="table-wrap">
        <table class="data cards" data-table="requirement-targets">
          <TableHead
            columns={[
              'forecast.service',
              { key: 'forecast.slTarget', num: true },
              { key: 'forecast.patience', num: true },
              { key: 'forecast.handle', num: true },
            ]}
          />
          <tbody>
            <For each={props.req.services}>
              {(s) => (
                <tr>
                  <th scope="row" lang={dataLang(s.name)}>
                    {s.name}
                  </th>
                  <td class="num" data-label={t('forecast.slTarget')}>
                    {t('forecast.slValue', { sl: percent(s.serviceLevel), within: duration(s.targetSeconds / 60) })}
                  </td>
                  <td class="num" data-label={t('forecast.patience')}>
                    {duration(s.patienceSeconds / 60)}
                  </td>
                  <td class="num" data-label={t('forecast.handle')}>
                    {t('forecast.minutesSeconds', {
                      value: decimal(s.handleSeconds / 60, 1),
                    })}
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <div class="table-wrap">
        <table class="data cards" data-table="requirement-days">
          <TableHead
            columns={[
              'hall.date',
              { key: 'forecast.peakClerks', num: true },
              { key: 'forecast.clerkHours', num: true },
            ]}
          />
          <tbody>
            <For each={props.req.days.filter((d) => d.open)}>
              {(d) => (
                <tr>
                  <th scope="row">
                    {calendarDate(d.date, 'short')} {weekdayShort(d.date)}
                  </th>
                  <td class="num" data-label={t('forecast.peakClerks')}>
                    {count(Math.max(0, ...(k() >= 0 ? (d.required[k()] ?? []) : d.total)))}
                  </td>
                  <td class="num" data-label={t('forecast.clerkHours')}>
                    {decimal(clerkHours(d), 1)}
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </>
  );
}

export default function ForecastPage() {
  const params = useParams<{ hallId: string }>();
  const [search, setSearch] = useSearchParams<{ week?: string; service?: string }>();
  const [status, { refetch: refetchStatus }] = createResource(
    () => params.hallId,
    (hallId) => api.forecast.status.query({ hallId }),
  );
  // The hall's zone once known (a week is the hall's, not the browser's).
  const [zone, setZone] = createSignal('Asia/Shanghai');
  const today = () => clockIn(zone()).date;
  const week = (): string =>
    search.week && /^\d{4}-\d{2}-\d{2}$/.test(search.week) ? mondayOf(search.week) : mondayOf(today());
  const [data, { refetch }] = createResource(
    () => ({ hallId: params.hallId, from: week(), serviceId: search.service || undefined }),
    (q) => api.forecast.week.query(q.serviceId ? q : { hallId: q.hallId, from: q.from }),
  );
  const [req, { refetch: refetchReq }] = createResource(
    () => ({ hallId: params.hallId, from: week() }),
    (q) => api.forecast.requirement.query(q),
  );
  createEffect(() => {
    const tz = data.latest?.hall.timeZone;
    if (tz && tz !== zone()) setZone(tz);
  });
  // While a run is queued or running, follow its progress; when it ends, show the new forecast.
  let timer: ReturnType<typeof setInterval> | undefined;
  createEffect(() => {
    const state = status.latest?.job?.state;
    const active = state === 'queued' || state === 'running';
    if (active && !timer) timer = setInterval(() => void refetchStatus(), 1_500);
    if (!active && timer) {
      clearInterval(timer);
      timer = undefined;
      void refetch();
      void refetchReq();
    }
  });
  onCleanup(() => timer && clearInterval(timer));
  const weeks = () => Array.from({ length: 13 }, (_, i) => shiftDay(mondayOf(today()), (i - 8) * 7));
  return (
    <section class="forecast-page">
      <Loaded of={data} retry={() => void refetch()} refused="state.refusedHall" notFound="state.noSuchHall">
        {(w) => (
          <>
            <div class="page-head">
              <div>
                <p class="crumbs">
                  <A href={`/halls/${params.hallId}`} lang={dataLang(w().hall.name)}>
                    {w().hall.name}
                  </A>{' '}
                  · <A href={`/halls/${params.hallId}/scheduling/settings`}>{t('planSettings.title')}</A>
                </p>
                <h1>{t('forecast.title')}</h1>
              </div>
              <div class="filters">
                <div class="date-field" role="group" aria-label={t('forecast.week')}>
                  <span class="date-field-label">{t('forecast.week')}</span>
                  <button
                    type="button"
                    aria-label={t('forecast.previousWeek')}
                    onClick={() => setSearch({ week: shiftDay(week(), -7) })}
                  >
                    ‹
                  </button>
                  <select aria-label={t('forecast.week')} onChange={(e) => setSearch({ week: e.currentTarget.value })}>
                    <For each={weeks().includes(week()) ? weeks() : [week(), ...weeks()]}>
                      {(m) => (
                        <option value={m} selected={m === week()}>
                          {t('forecast.weekOf', { date: calendarDate(m, 'short') })}
                        </option>
                      )}
                    </For>
                  </select>
                  <button
                    type="button"
                    aria-label={t('forecast.nextWeek')}
                    onClick={() => setSearch({ week: shiftDay(week(), 7) })}
                  >
                    ›
                  </button>
                </div>
                <label class="date-field">
                  <span class="date-field-label">{t('forecast.service')}</span>
                  <select onChange={(e) => setSearch({ service: e.currentTarget.value || undefined })}>
                    <option value="" selected={!search.service}>
                      {t('forecast.allServices')}
                    </option>
                    <For each={w().services}>
                      {(s) => (
                        <option value={s.id} selected={s.id === search.service} lang={dataLang(s.name)}>
                          {s.name}
                        </option>
                      )}
                    </For>
                  </select>
                </label>
              </div>
            </div>
            <Show when={status.latest}>
              {(s) => <RunNow hallId={params.hallId} status={s()} onChange={() => void refetchStatus()} />}
            </Show>
            <Show when={!w().forecast}>
              <p class="empty">{t('forecast.noneYet')}</p>
            </Show>
            <h2>{t('forecast.chartTitle')}</h2>
            <WeekView week={w()} />
            <h2>{t('forecast.requirementTitle')}</h2>
            <Show when={req.latest} fallback={<p class="muted">{t('common.loading')}</p>}>
              {(r) => <RequirementView req={r()} serviceId={search.service || undefined} />}
            </Show>
            <h2>{t('forecast.accuracyTitle')}</h2>
            <Show when={status.latest}>{(s) => <Accuracy status={s()} services={w().services} />}</Show>
          </>
        )}
      </Loaded>
    </section>
  );
}
