/**
 * Schedule adherence (排班遵从), `/halls/:hallId/adherence?date=&view=day|week`: per clerk the published
 * plan against what happened at the counters — a day as timelines (a list of figures on a phone), a
 * week as each clerk's totals with the days to drill into.
 */
import { A, useParams, useSearchParams } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { api, type Outputs } from '../../api.ts';
import { DateField, dayLabel, shiftDay } from '../../components/DateField.tsx';
import { Loaded } from '../../components/States.tsx';
import { TableHead } from '../../components/TableHead.tsx';
import { clockIn, count, dataLang, duration, percent } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { Timeline, TimelineScale } from './Timeline.tsx';
import './scheduling.css';

type Report = Outputs['adherence']['range'];
type Clerk = Report['days'][number]['clerks'][number];

const FLAG: Record<string, { key: ConsoleKey; tone: string }> = {
  late: { key: 'adherence.flag.late', tone: 'warning' },
  'early-end': { key: 'adherence.flag.earlyEnd', tone: 'warning' },
  'long-break': { key: 'adherence.flag.longBreak', tone: 'warning' },
  absent: { key: 'adherence.flag.absent', tone: 'critical' },
  unplanned: { key: 'adherence.flag.unplanned', tone: '' },
};

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const mondayOf = (date: string) => shiftDay(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));

/** A clerk's name in its own language, or their staff number when the cloud knows no name. */
function Who(props: { name: string | null; staffId: string }) {
  return (
    <Show when={props.name} fallback={<span>{t('adherence.staffNo', { no: props.staffId })}</span>}>
      {(n) => <span lang={dataLang(n())}>{n()}</span>}
    </Show>
  );
}

function Flags(props: { flags: readonly string[]; upcoming?: boolean | undefined }) {
  return (
    <span class="flags">
      <Show when={props.upcoming}>
        <span class="badge">{t('adherence.upcoming')}</span>
      </Show>
      <For each={props.flags}>
        {(f) => <span class={`badge ${FLAG[f]?.tone ?? ''}`}>{FLAG[f] ? t(FLAG[f].key) : f}</span>}
      </For>
      <Show when={!props.upcoming && props.flags.length === 0}>
        <span class="badge ok">{t('adherence.onPlan')}</span>
      </Show>
    </span>
  );
}

const mins = (m: number | null | undefined) => (m === null || m === undefined ? '—' : m > 0 ? duration(m) : '—');

function shiftText(c: Clerk): string {
  if (c.shifts.length === 0) return t('adherence.noShift');
  return c.shifts
    .map((s) =>
      s.breaks.length
        ? t('adherence.shiftWithBreaks', {
            from: s.start,
            to: s.end,
            breaks: s.breaks.map((b) => `${b.start}–${b.end}`).join(t('notify.listSep')),
          })
        : `${s.start}–${s.end}`,
    )
    .join(t('notify.listSep'));
}

function DayView(props: { report: Report; date: string }) {
  const day = () => props.report.days.find((d) => d.date === props.date);
  // The clock shown: every plan and every session of the day, with some room either side.
  const window = () => {
    const all = (day()?.clerks ?? []).flatMap((c) => [...c.planned, ...c.actual]);
    if (all.length === 0) return null;
    const h = 3_600_000;
    return {
      from: Math.floor(Math.min(...all.map((s) => s.from)) / h) * h,
      to: Math.ceil(Math.max(...all.map((s) => s.to)) / h) * h,
    };
  };
  return (
    <Show when={day()} fallback={<p class="empty">{t('adherence.noneDay')}</p>}>
      {(d) => (
        <Show when={d().clerks.length > 0} fallback={<p class="empty">{t('adherence.noneDay')}</p>}>
          <p class="note">
            <Show when={d().rosterVersion !== null} fallback={t('adherence.noRoster')}>
              {t('adherence.rosterVersion', { version: count(d().rosterVersion ?? 0) })}
            </Show>{' '}
            {t('adherence.grace', { minutes: count(props.report.graceMinutes) })}
          </p>
          <p class="legend" aria-hidden="true">
            <span class="key floor" /> {t('adherence.legendPlan')} <span class="key brk" /> {t('adherence.legendBreak')}{' '}
            <span class="key work" /> {t('adherence.legendActual')} <span class="key pause" />{' '}
            {t('adherence.legendPause')}
          </p>
          <div class="table-wrap">
            <table class="data cards adherence-day">
              <TableHead
                columns={[
                  'adherence.clerk',
                  'adherence.shift',
                  'adherence.timeline',
                  { key: 'adherence.adherence', num: true },
                  { key: 'adherence.late', num: true },
                  { key: 'adherence.earlyEnd', num: true },
                  { key: 'adherence.breakOver', num: true },
                  { key: 'adherence.unplanned', num: true },
                  'adherence.state',
                ]}
              />
              <tbody>
                <For each={d().clerks}>
                  {(c) => (
                    <tr data-clerk={c.staffId}>
                      <th scope="row">
                        <Who name={c.name} staffId={c.staffId} />
                      </th>
                      <td data-label={t('adherence.shift')}>{shiftText(c)}</td>
                      <td class="timeline-cell" data-label={t('adherence.timeline')}>
                        <Show when={window()}>
                          {(w) => (
                            <>
                              <Timeline
                                from={w().from}
                                to={w().to}
                                planned={c.planned}
                                breaks={c.plannedBreaks}
                                actual={c.actual}
                                pauses={c.pauses}
                                label={t('adherence.timelineLabel', {
                                  planned: duration(c.plannedMinutes),
                                  worked: duration(c.workedMinutes),
                                })}
                              />
                              <TimelineScale from={w().from} to={w().to} timeZone={props.report.timeZone} />
                            </>
                          )}
                        </Show>
                      </td>
                      <td class="num" data-label={t('adherence.adherence')}>
                        {percent(c.adherence)}
                      </td>
                      <td class="num" data-label={t('adherence.late')}>
                        {mins(c.lateMinutes)}
                      </td>
                      <td class="num" data-label={t('adherence.earlyEnd')}>
                        {mins(c.earlyEndMinutes)}
                      </td>
                      <td class="num" data-label={t('adherence.breakOver')}>
                        {mins(c.breakOverrunMinutes)}
                      </td>
                      <td class="num" data-label={t('adherence.unplanned')}>
                        {mins(c.unplannedMinutes)}
                      </td>
                      <td data-label={t('adherence.state')}>
                        <Flags flags={c.flags} upcoming={c.upcoming} />
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      )}
    </Show>
  );
}

function WeekView(props: { report: Report; onDay: (date: string) => void }) {
  return (
    <Show when={props.report.totals.length > 0} fallback={<p class="empty">{t('adherence.noneWeek')}</p>}>
      <div class="table-wrap">
        <table class="data cards adherence-week">
          <TableHead
            columns={[
              'adherence.clerk',
              { key: 'adherence.daysPlanned', num: true },
              { key: 'adherence.plannedTime', num: true },
              { key: 'adherence.workedTime', num: true },
              { key: 'adherence.adherence', num: true },
              { key: 'adherence.lateDays', num: true },
              { key: 'adherence.earlyEndDays', num: true },
              { key: 'adherence.longBreakDays', num: true },
              { key: 'adherence.absentDays', num: true },
              { key: 'adherence.unplanned', num: true },
            ]}
          />
          <tbody>
            <For each={props.report.totals}>
              {(c) => (
                <tr data-clerk={c.staffId}>
                  <th scope="row">
                    <Who name={c.name} staffId={c.staffId} />
                  </th>
                  <td class="num" data-label={t('adherence.daysPlanned')}>
                    {count(c.daysPlanned)}
                  </td>
                  <td class="num" data-label={t('adherence.plannedTime')}>
                    {mins(c.plannedMinutes)}
                  </td>
                  <td class="num" data-label={t('adherence.workedTime')}>
                    {mins(c.workedMinutes)}
                  </td>
                  <td class="num" data-label={t('adherence.adherence')}>
                    {percent(c.adherence)}
                  </td>
                  <td class="num" data-label={t('adherence.lateDays')}>
                    {count(c.lateDays)}
                  </td>
                  <td class="num" data-label={t('adherence.earlyEndDays')}>
                    {count(c.earlyEndDays)}
                  </td>
                  <td class="num" data-label={t('adherence.longBreakDays')}>
                    {count(c.longBreakDays)}
                  </td>
                  <td class="num" data-label={t('adherence.absentDays')}>
                    {count(c.absentDays)}
                  </td>
                  <td class="num" data-label={t('adherence.unplanned')}>
                    {mins(c.unplannedMinutes)}
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <h2>{t('adherence.days')}</h2>
      <ul class="day-list">
        <For each={props.report.days}>
          {(d) => {
            const flagged = d.clerks.filter((c) => c.flags.some((f) => f !== 'unplanned')).length;
            return (
              <li>
                <button type="button" class="link" onClick={() => props.onDay(d.date)}>
                  {dayLabel(d.date)}
                </button>{' '}
                <span class="muted">
                  {t('adherence.daySummary', { clerks: count(d.clerks.length), flagged: count(flagged) })}
                </span>
              </li>
            );
          }}
        </For>
      </ul>
    </Show>
  );
}

export default function AdherencePage() {
  const params = useParams<{ hallId: string }>();
  const [search, setSearch] = useSearchParams<{ date?: string; view?: string }>();
  const today = () => clockIn(report.latest?.timeZone ?? browserZone).date;
  const date = () => search.date ?? shiftDay(clockIn(browserZone).date, -1);
  const view = () => (search.view === 'week' ? 'week' : 'day');
  const range = () => {
    const d = date();
    if (view() === 'day') return { from: d, to: d };
    const from = mondayOf(d);
    return { from, to: shiftDay(from, 6) };
  };
  const [report, { refetch }] = createResource(
    () => ({ hallId: params.hallId, ...range() }),
    (q) => api.adherence.range.query({ hallId: q.hallId, fromDate: q.from, toDate: q.to }),
  );
  return (
    <section class="adherence">
      <Loaded of={report} retry={() => void refetch()} refused="state.refusedHall" notFound="state.noSuchHall">
        {(r) => (
          <>
            <div class="page-head">
              <div>
                <p class="crumbs">
                  <A href={`/halls/${params.hallId}`} lang={dataLang(r().hallName)}>
                    {r().hallName}
                  </A>
                </p>
                <h1>{t('adherence.title')}</h1>
              </div>
              <div class="filters">
                <div class="segmented" role="group" aria-label={t('adherence.view')}>
                  <button type="button" aria-pressed={view() === 'day'} onClick={() => setSearch({ view: 'day' })}>
                    {t('adherence.viewDay')}
                  </button>
                  <button type="button" aria-pressed={view() === 'week'} onClick={() => setSearch({ view: 'week' })}>
                    {t('adherence.viewWeek')}
                  </button>
                </div>
                <DateField
                  label={t('hall.date')}
                  value={date()}
                  max={today()}
                  onChange={(d) => setSearch({ date: d })}
                />
              </div>
            </div>
            <Show when={view() === 'week'}>
              <p class="note">{t('adherence.weekOf', { from: dayLabel(r().from), to: dayLabel(r().to) })}</p>
            </Show>
            <Show
              when={view() === 'day'}
              fallback={<WeekView report={r()} onDay={(d) => setSearch({ date: d, view: 'day' })} />}
            >
              <DayView report={r()} date={date()} />
            </Show>
          </>
        )}
      </Loaded>
    </section>
  );
}
