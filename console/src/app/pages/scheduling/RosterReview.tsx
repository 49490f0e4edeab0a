/**
 * The roster review (排班合理性), `/halls/:hallId/rosters/review?week=YYYY-MM-DD`: a past week's published
 * roster against the traffic that came — required, planned, at the counters and what perfect foresight
 * would have rostered, per half hour and day; the service level promised, given and measured; where the
 * roster was short or long. Computed by a background job on request and kept.
 */
import { A, useParams, useSearchParams } from '@solidjs/router';
import { createEffect, createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import { api, errorMessage, type Outputs } from '../../api.ts';
import { dayLabel, shiftDay } from '../../components/DateField.tsx';
import { Loaded } from '../../components/States.tsx';
import { TableHead } from '../../components/TableHead.tsx';
import { calendarDate, clockIn, count, dataLang, decimal, percent } from '../../format.ts';
import { lang, t } from '../../i18n.ts';
import './scheduling.css';

type Review = Outputs['adherence']['review'];
type Result = NonNullable<Review['result']>;

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const mondayOf = (date: string) => shiftDay(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const hours = (h: number | null | undefined) =>
  h === null || h === undefined ? '—' : t('review.hours', { h: decimal(h, 1) });

/** Required, planned, at the counters and foresight through one day, as step lines. */
function DayChart(props: { result: Result; day: number }) {
  const rows = () => props.result.days[props.day] ?? [];
  const W = 480;
  const H = 120;
  const top = () => Math.max(1, ...rows().flatMap((r) => [r.required, r.planned, r.atCounters, r.foresight ?? 0]));
  const path = (v: (r: Result['days'][number][number]) => number | null) => {
    const n = rows().length;
    if (n === 0) return '';
    const x = (i: number) => (i / n) * W;
    const y = (p: number) => H - (p / top()) * (H - 8);
    return rows()
      .map((r, i) => {
        const p = v(r) ?? 0;
        return `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p).toFixed(1)} L${x(i + 1).toFixed(1)},${y(p).toFixed(1)}`;
      })
      .join(' ');
  };
  const shortBands = () =>
    rows()
      .map((r, i) => ({ i, short: r.state === 'short' }))
      .filter((b) => b.short);
  const date = () => shiftDay(props.result.week, props.day);
  return (
    <figure class="review-day">
      <figcaption>{dayLabel(date())}</figcaption>
      <svg viewBox={`0 0 ${W} ${H + 16}`} role="img" aria-label={t('review.chartLabel', { date: dayLabel(date()) })}>
        <For each={shortBands()}>
          {(b) => <rect class="band-short" x={(b.i / rows().length) * W} y={0} width={W / rows().length} height={H} />}
        </For>
        <path class="line required" d={path((r) => r.required)} />
        <path class="line planned" d={path((r) => r.planned)} />
        <path class="line counters" d={path((r) => r.atCounters)} />
        <Show when={props.result.foresight && !('infeasible' in props.result.foresight)}>
          <path class="line foresight" d={path((r) => r.foresight)} />
        </Show>
        <text class="axis" x={0} y={H + 13}>
          {hhmm(props.result.dayStartMinutes)}
        </text>
        <text class="axis" x={W} y={H + 13} text-anchor="end">
          {hhmm(props.result.dayStartMinutes + props.result.intervalsPerDay * props.result.intervalMinutes)}
        </text>
        <text class="axis" x={2} y={10}>
          {t('review.people', { n: count(top()) })}
        </text>
      </svg>
    </figure>
  );
}

function Summary(props: { result: Result }) {
  const r = () => props.result;
  const f = () => {
    const x = r().foresight;
    return x && !('infeasible' in x) ? x : null;
  };
  return (
    <>
      <div class="tiles">
        <div class="tile">
          <div class="tile-label">{t('review.arrivals')}</div>
          <div class="tile-value">{count(r().arrivals)}</div>
        </div>
        <div class="tile">
          <div class="tile-label">{t('review.requiredHours')}</div>
          <div class="tile-value">{hours(r().requiredHours)}</div>
        </div>
        <div class="tile">
          <div class="tile-label">{t('review.expectedSl')}</div>
          <div class="tile-value">{percent(r().plan.expectedSl)}</div>
          <Show when={r().plan.expectedSl === null}>
            <div class="tile-label">{t('review.noForecast')}</div>
          </Show>
        </div>
        <div class="tile">
          <div class="tile-label">{t('review.measuredSl')}</div>
          <div class="tile-value">{percent(r().actual.measuredSl)}</div>
        </div>
      </div>
      <div class="table-wrap">
        <table class="data cards review-compare">
          <TableHead
            columns={[
              'review.which',
              { key: 'review.staffHours', num: true },
              { key: 'review.shortfall', num: true },
              { key: 'review.excess', num: true },
              { key: 'review.sl', num: true },
            ]}
          />
          <tbody>
            <tr data-row="plan">
              <th scope="row">{t('review.plan')}</th>
              <td class="num" data-label={t('review.staffHours')}>
                {hours(r().plan.staffHours)}
              </td>
              <td class="num" data-label={t('review.shortfall')}>
                {hours(r().plan.shortfallHours)}
              </td>
              <td class="num" data-label={t('review.excess')}>
                {hours(r().plan.excessHours)}
              </td>
              <td class="num" data-label={t('review.sl')}>
                {percent(r().plan.serviceLevel)}
              </td>
            </tr>
            <tr data-row="actual">
              <th scope="row">{t('review.actual')}</th>
              <td class="num" data-label={t('review.staffHours')}>
                {hours(r().actual.staffHours)}
              </td>
              <td class="num" data-label={t('review.shortfall')}>
                {hours(r().actual.shortfallHours)}
              </td>
              <td class="num" data-label={t('review.excess')}>
                {hours(r().actual.excessHours)}
              </td>
              <td class="num" data-label={t('review.sl')}>
                {percent(r().actual.serviceLevel)}
              </td>
            </tr>
            <Show when={f()}>
              {(x) => (
                <tr data-row="foresight">
                  <th scope="row">{t('review.foresight')}</th>
                  <td class="num" data-label={t('review.staffHours')}>
                    {hours(x().staffHours)}
                  </td>
                  <td class="num" data-label={t('review.shortfall')}>
                    {hours(x().shortfallHours)}
                  </td>
                  <td class="num" data-label={t('review.excess')}>
                    {hours(x().excessHours)}
                  </td>
                  <td class="num" data-label={t('review.sl')}>
                    {percent(x().serviceLevel)}
                  </td>
                </tr>
              )}
            </Show>
          </tbody>
        </table>
      </div>
      <p class="note">
        <Show when={f()} fallback={t(r().foresight ? 'review.foresightInfeasible' : 'review.foresightNone')}>
          {(x) =>
            x().gap < 0.0005 ? t('review.foresightOptimal') : t('review.foresightGap', { gap: percent(x().gap) })
          }
        </Show>{' '}
        {t('review.slNote')}
      </p>
    </>
  );
}

/** The stretches grouped by time of day: the same short afternoon on five days is one row. */
function grouped(result: Result) {
  const groups = new Map<
    string,
    { from: number; to: number; state: 'short' | 'long'; days: number[]; worst: number; staffHours: number }
  >();
  for (const s of result.stretches) {
    const key = `${s.from}-${s.to}-${s.state}`;
    const g = groups.get(key) ?? { from: s.from, to: s.to, state: s.state, days: [], worst: 0, staffHours: 0 };
    g.days.push(s.day);
    g.worst = Math.max(g.worst, Math.abs(s.worst));
    g.staffHours += s.staffHours;
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.staffHours - a.staffHours);
}

function Stretches(props: { result: Result }) {
  const at = (i: number) => hhmm(props.result.dayStartMinutes + i * props.result.intervalMinutes);
  const weekday = (d: number) =>
    new Intl.DateTimeFormat(lang(), { weekday: 'short', timeZone: 'UTC' }).format(
      Date.parse(`${shiftDay(props.result.week, d)}T00:00:00Z`),
    );
  const days = (list: number[]) =>
    list.length === 7 ? t('review.everyDay') : [...list].sort().map(weekday).join(t('notify.listSep'));
  return (
    <Show when={props.result.stretches.length > 0} fallback={<p class="empty">{t('review.noStretches')}</p>}>
      <div class="table-wrap">
        <table class="data cards review-stretches">
          <TableHead
            columns={[
              'review.when',
              'review.days',
              'review.what',
              { key: 'review.worst', num: true },
              { key: 'review.staffHours', num: true },
            ]}
          />
          <tbody>
            <For each={grouped(props.result).slice(0, 12)}>
              {(s) => (
                <tr data-stretch={s.state} data-days={s.days.length}>
                  <th scope="row">{`${at(s.from)}–${at(s.to)}`}</th>
                  <td data-label={t('review.days')}>{days(s.days)}</td>
                  <td data-label={t('review.what')}>
                    <span class={`badge ${s.state === 'short' ? 'critical' : 'warning'}`}>
                      {t(s.state === 'short' ? 'review.short' : 'review.long')}
                    </span>
                  </td>
                  <td class="num" data-label={t('review.worst')}>
                    {t('review.people', { n: decimal(s.worst, 1) })}
                  </td>
                  <td class="num" data-label={t('review.staffHours')}>
                    {hours(s.staffHours)}
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}

export default function RosterReviewPage() {
  const params = useParams<{ hallId: string }>();
  const [search, setSearch] = useSearchParams<{ week?: string }>();
  const lastFull = () => shiftDay(mondayOf(clockIn(browserZone).date), -7);
  const week = () => search.week ?? lastFull();
  const [review, { refetch }] = createResource(
    () => ({ hallId: params.hallId, week: week() }),
    (q) => api.adherence.review.query(q),
  );
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  // While the job runs, look again every two seconds.
  createEffect(() => {
    if (review.latest?.state !== 'queued') return;
    const timer = setInterval(() => void refetch(), 2_000);
    onCleanup(() => clearInterval(timer));
  });
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.adherence.startReview.mutate({ hallId: params.hallId, week: week() });
      await refetch();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const weeks = () => Array.from({ length: 12 }, (_, i) => shiftDay(lastFull(), -7 * i));
  const weekText = (w: string) =>
    t('review.weekRange', { from: calendarDate(w, 'short'), to: calendarDate(shiftDay(w, 6), 'short') });
  return (
    <section class="roster-review">
      <Loaded of={review} retry={() => void refetch()} refused="state.refusedHall" notFound="state.noSuchHall">
        {(r) => (
          <>
            <div class="page-head">
              <div>
                <p class="crumbs">
                  <A href={`/halls/${params.hallId}`} lang={dataLang(r().hallName)}>
                    {r().hallName}
                  </A>
                </p>
                <h1>{t('review.title')}</h1>
              </div>
              <div class="filters">
                <label class="week-field">
                  <span>{t('review.week')}</span>
                  <select onChange={(e) => setSearch({ week: e.currentTarget.value })}>
                    <For each={weeks().includes(week()) ? weeks() : [week(), ...weeks()]}>
                      {(w) => (
                        <option value={w} selected={w === week()}>
                          {weekText(w)}
                          {r().weeks.some((x) => x.week === w && x.state === 'done') ? ` ✓` : ''}
                        </option>
                      )}
                    </For>
                  </select>
                </label>
                <button
                  type="button"
                  class="primary"
                  disabled={busy() || r().state === 'queued'}
                  onClick={() => void start()}
                >
                  {r().state === 'queued' ? t('review.running') : t(r().result ? 'review.again' : 'review.start')}
                </button>
              </div>
            </div>
            <Show when={error()}>
              <p class="error" role="alert">
                {error()}
              </p>
            </Show>
            <Show when={r().state === 'failed' && r().errorCode}>
              <p class="error" role="alert">
                {t('review.failed')}
              </p>
            </Show>
            <Show
              when={r().result}
              fallback={
                <p class="empty">
                  {r().state === 'queued' ? t('review.runningLong') : t('review.none', { week: weekText(week()) })}
                </p>
              }
            >
              {(res) => (
                <>
                  <Summary result={res()} />
                  <h2>{t('review.stretches')}</h2>
                  <Stretches result={res()} />
                  <h2>{t('review.byDay')}</h2>
                  <p class="legend" aria-hidden="true">
                    <span class="key required" /> {t('review.required')} <span class="key planned" /> {t('review.plan')}{' '}
                    <span class="key counters" /> {t('review.actual')} <span class="key foresight" />{' '}
                    {t('review.foresight')} <span class="key short" /> {t('review.short')}
                  </p>
                  <div class="review-days">
                    <For each={res().days.map((_, d) => d)}>{(d) => <DayChart result={res()} day={d} />}</For>
                  </div>
                  <p class="note">
                    <A href={`/halls/${params.hallId}/adherence?view=week&date=${week()}`}>{t('review.toAdherence')}</A>
                  </p>
                </>
              )}
            </Show>
          </>
        )}
      </Loaded>
    </section>
  );
}
