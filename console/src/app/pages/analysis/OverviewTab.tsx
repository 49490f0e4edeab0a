/**
 * 概览 / Overview: at HQ or a region, the league of its regions or halls against the compared period (a
 * row drills into it); at a hall, its days (a day opens it by hour), an hour by service, counter or
 * clerk, and the tickets behind a row.
 */
import { createResource, For, Show } from 'solid-js';
import { api, type Outputs } from '../../api.ts';
import { calendarDate, dateTime } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { measureColumns, nameColumn, perStaffHourColumn, type CubeRow } from './columns.ts';
import { BarFigure } from './figure.tsx';
import { Answer, DataTable, Empty, Figure, periodText, type Col } from './parts.tsx';
import type { AnalysisState, SliceBy } from './state.ts';
import { periodQuery, type TabProps } from './tab.ts';

type Cube = Outputs['analytics']['cube'];
type Ticket = Outputs['analytics']['tickets']['tickets'][number];
type SliceRow = Outputs['analytics']['breakdown']['rows'][number];

const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** The dimension the overview shows: children above a hall; a hall's days, or its hours on one day. */
export function overviewBy(s: AnalysisState, isHall: boolean): Cube['by'] {
  if (!isHall) return 'child';
  return s.period === 'day' ? 'hour' : 'day';
}

export default function OverviewTab(props: TabProps) {
  const isHall = () => props.unit?.kind === 'hall';
  const [cube, { refetch }] = createResource(
    () => ({
      ...periodQuery(props.s),
      by: overviewBy(props.s, isHall()),
      compare: props.s.compare !== 'off',
    }),
    (q) => api.analytics.cube.query(q),
  );
  return (
    <Answer of={cube} retry={() => void refetch()}>
      {(c) => (
        <>
          <Headline cube={c()} s={props.s} />
          <Show when={c().totals.arrivals > 0 || c().rows.length > 0} fallback={<Empty />}>
            <Show when={c().unit.hallId} fallback={<League cube={c()} {...props} />}>
              {(hallId) => <HallDrill cube={c()} hallId={hallId()} {...props} />}
            </Show>
          </Show>
        </>
      )}
    </Answer>
  );
}

function Headline(props: { cube: Cube; s: AnalysisState }) {
  const other = () =>
    props.s.compare === 'off'
      ? undefined
      : props.s.compare === 'lastYear'
        ? props.cube.totals.lastYear
        : props.cube.totals.previous;
  const cmp = (f: (m: NonNullable<ReturnType<typeof other>>) => number | null) => {
    const o = other();
    return o ? f(o) : undefined;
  };
  const period = () => (props.s.compare === 'lastYear' ? props.cube.lastYear : props.cube.previous);
  return (
    <>
      <div class="figures">
        <Figure
          label="analysis.col.arrivals"
          kind="count"
          value={props.cube.totals.arrivals}
          before={cmp((m) => m.arrivals)}
        />
        <Figure
          label="analysis.col.serviceLevel"
          kind="percent"
          value={props.cube.totals.serviceLevel}
          before={cmp((m) => m.serviceLevel)}
          better="up"
        />
        <Figure
          label="analysis.col.avgWait"
          kind="minutes"
          value={props.cube.totals.avgWaitMin}
          before={cmp((m) => m.avgWaitMin)}
          better="down"
        />
        <Figure
          label="analysis.col.abandon"
          kind="percent"
          value={props.cube.totals.abandonRate}
          before={cmp((m) => m.abandonRate)}
          better="down"
        />
        <Figure
          label="analysis.col.rating"
          kind="decimal"
          value={props.cube.totals.ratings ? props.cube.totals.ratingAvg : null}
          before={cmp((m) => (m.ratings ? m.ratingAvg : null))}
          better="up"
        />
        <Figure label="analysis.col.perStaffHour" kind="decimal" value={props.cube.totals.perStaffHour} />
      </div>
      <Show when={props.s.compare !== 'off'}>
        <p class="hint">
          {t('analysis.comparedWith', {
            what: t(props.s.compare === 'lastYear' ? 'analysis.compare.lastYear' : 'analysis.compare.previous'),
            period: periodText(period().from, period().to),
          })}
        </p>
      </Show>
    </>
  );
}

/** HQ's regions or a region's halls, sortable, each row a step down. */
function League(props: TabProps & { cube: Cube }) {
  const columns = (): Array<Col<CubeRow>> => {
    const [arrivals, served, sl, wait, handle, abandon, rating] = measureColumns<CubeRow>(props.s.compare);
    return [
      nameColumn(props.cube.unit.kind === 'hq' ? 'analysis.col.region' : 'analysis.col.hall'),
      sl,
      wait,
      abandon,
      rating,
      arrivals,
      perStaffHourColumn<CubeRow>(),
      served,
      handle,
    ].filter((c): c is Col<CubeRow> => Boolean(c));
  };
  return (
    <>
      <BarFigure
        caption={t('analysis.leagueChart')}
        testId="league-chart"
        categories={props.cube.rows.map((r) => r.label)}
        series={[
          {
            label: t('analysis.col.arrivals'),
            kind: 'bars',
            color: '#1f6feb',
            values: props.cube.rows.map((r) => r.arrivals),
          },
        ]}
        onSelect={(i) => {
          const r = props.cube.rows[i];
          if (r?.unitId) props.set({ unit: r.unitId, hour: undefined, service: undefined, staff: undefined });
        }}
      />
      <DataTable
        title={t('analysis.league')}
        testId="league"
        before={props.unitName}
        after={props.periodText}
        columns={columns()}
        rows={props.cube.rows}
        rowKey={(r) => r.key}
        compare={props.s.compare}
        sortable
        sortBy={props.s.sort}
        onSort={(sort) => props.set({ sort })}
        onPick={(r) => r.unitId && props.set({ unit: r.unitId, sort: undefined })}
      />
    </>
  );
}

/** A hall: its days, a day's hours, an hour's slices, a slice's tickets. */
function HallDrill(props: TabProps & { cube: Cube; hallId: string }) {
  const byDay = () => props.cube.by === 'day';
  const byHour = () => props.cube.by === 'hour';
  const label = (r: CubeRow) => (byDay() ? calendarDate(r.key, 'short') : r.label);
  const pick = (r: CubeRow) => {
    if (byDay()) props.set({ period: 'day', from: r.key, to: undefined, hour: undefined });
    else if (byHour())
      props.set({
        hour: props.s.hour === Number(r.key) ? undefined : String(Number(r.key)),
        service: undefined,
        staff: undefined,
        counter: undefined,
      });
  };
  const first: ConsoleKey = byDay() ? 'analysis.col.day' : 'analysis.col.hour';
  const selectedIndex = () => {
    const h = props.s.hour;
    return byHour() && h !== null ? props.cube.rows.findIndex((r) => Number(r.key) === h) : null;
  };
  return (
    <>
      <Show when={props.cube.by === 'day' || props.cube.by === 'hour'}>
        <BarFigure
          caption={t(byDay() ? 'analysis.arrivalsByDay' : 'analysis.arrivalsByHour')}
          testId="drill-chart"
          categories={props.cube.rows.map(label)}
          series={[
            {
              label: t('analysis.col.arrivals'),
              kind: 'bars',
              color: '#1f6feb',
              values: props.cube.rows.map((r) => r.arrivals),
            },
            {
              label: t('analysis.col.avgWait'),
              kind: 'line',
              color: '#bf3989',
              values: props.cube.rows.map((r) => (r.avgWaitMin === null ? null : Math.round(r.avgWaitMin * 10) / 10)),
            },
          ]}
          selected={selectedIndex()}
          onSelect={(i) => {
            const r = props.cube.rows[i];
            if (r) pick(r);
          }}
        />
        <DataTable
          title={t(byDay() ? 'analysis.byDay' : 'analysis.byHour')}
          testId="drill"
          before={props.unitName}
          after={props.periodText}
          columns={[
            { ...nameColumn<CubeRow>(first), value: label },
            ...measureColumns<CubeRow>(props.s.compare),
            ...(byDay() ? [perStaffHourColumn<CubeRow>()] : []),
          ]}
          rows={props.cube.rows}
          rowKey={(r) => r.key}
          compare={props.s.compare}
          selected={byHour() && props.s.hour !== null ? String(props.s.hour) : null}
          onPick={pick}
        />
      </Show>
      {/* Until the hour's services arrive, the day's hours stay (not shown as if they were services). */}
      <Show when={byHour() && props.s.hour !== null}>
        <HourSlice {...props} hour={props.s.hour as number} />
      </Show>
    </>
  );
}

const SLICES = ['service', 'counter', 'staff'] as const;

function HourSlice(props: TabProps & { cube: Cube; hallId: string; hour: number }) {
  const by = (): SliceBy => (props.s.by === 'counter' || props.s.by === 'staff' ? props.s.by : 'service');
  const title = () => t('analysis.hourTitle', { day: calendarDate(props.s.from), hour: hh(props.hour) });
  // By counter or clerk: that hour's tickets (the roll-ups keep clerks by day, counters not at all).
  const [slice, { refetch }] = createResource(
    () => (by() === 'service' ? null : { hallId: props.hallId, date: props.s.from, hour: props.hour, by: by() }),
    (q) => api.analytics.breakdown.query(q),
  );
  const [services, servicesActions] = createResource(
    () =>
      by() === 'service'
        ? { ...periodQuery(props.s), by: 'service' as const, hour: props.hour, compare: props.s.compare !== 'off' }
        : null,
    (q) => api.analytics.cube.query(q),
  );
  const pickKey = () => (by() === 'service' ? props.s.service : by() === 'staff' ? props.s.staff : props.s.counter);
  const pick = (key: string) => {
    const param = by() === 'service' ? 'service' : by() === 'staff' ? 'staff' : 'counter';
    props.set({
      service: undefined,
      staff: undefined,
      counter: undefined,
      [param]: pickKey() === key ? undefined : key,
    });
  };
  const sliceColumns = (): Array<Col<SliceRow>> => [
    nameColumn(by() === 'staff' ? 'analysis.col.clerk' : 'analysis.col.counter'),
    { title: 'analysis.col.arrivals', kind: 'count', value: (r) => r.arrivals, key: true },
    { title: 'analysis.col.served', kind: 'count', value: (r) => r.served, key: true },
    { title: 'analysis.col.serviceLevel', kind: 'percent', value: (r) => r.serviceLevel },
    { title: 'analysis.col.avgWait', kind: 'minutes', value: (r) => r.avgWaitMin, key: true },
    { title: 'analysis.col.avgHandle', kind: 'minutes', value: (r) => r.avgServiceMin },
    { title: 'analysis.col.noShows', kind: 'count', value: (r) => r.noShows + r.cancelled },
    { title: 'analysis.col.rating', kind: 'decimal', value: (r) => (r.ratings ? r.ratingAvg : null) },
  ];
  return (
    <section class="drill" aria-label={title()}>
      <div class="table-head">
        <h2>{title()}</h2>
        <div class="segmented" role="group" aria-label={t('analysis.sliceBy')}>
          <For each={SLICES}>
            {(b) => (
              <button
                type="button"
                aria-pressed={by() === b}
                onClick={() =>
                  props.set({
                    by: b === 'service' ? undefined : b,
                    service: undefined,
                    staff: undefined,
                    counter: undefined,
                  })
                }
              >
                {t(`analysis.sliceBy.${b}`)}
              </button>
            )}
          </For>
        </div>
      </div>
      <Show
        when={by() !== 'service'}
        fallback={
          <Answer of={services} retry={() => void servicesActions.refetch()}>
            {(sv) => (
              <Show when={sv().rows.length > 0} fallback={<Empty />}>
                <DataTable
                  title={t('analysis.hourByService')}
                  testId="slice"
                  level={3}
                  before={props.unitName}
                  after={`${props.s.from} ${hh(props.hour)}`}
                  columns={[nameColumn<CubeRow>('analysis.col.service'), ...measureColumns<CubeRow>(props.s.compare)]}
                  rows={sv().rows}
                  rowKey={(r) => r.key}
                  compare={props.s.compare}
                  selected={props.s.service}
                  onPick={(r) => pick(r.key)}
                />
              </Show>
            )}
          </Answer>
        }
      >
        <Answer of={slice} retry={() => void refetch()}>
          {(sl) => (
            <Show when={sl().rows.length > 0} fallback={<Empty />}>
              <DataTable
                title={t(by() === 'staff' ? 'analysis.hourByClerk' : 'analysis.hourByCounter')}
                testId="slice"
                level={3}
                before={props.unitName}
                after={`${props.s.from} ${hh(props.hour)}`}
                columns={sliceColumns()}
                rows={sl().rows.map((r) => ({ ...r, key: r.key }))}
                rowKey={(r) => r.key}
                selected={pickKey()}
                onPick={(r) => pick(r.key)}
              />
            </Show>
          )}
        </Answer>
      </Show>
      <Show when={pickKey()}>
        <Tickets
          hallId={props.hallId}
          date={props.s.from}
          hour={props.hour}
          unitName={props.unitName}
          filter={
            by() === 'service'
              ? { serviceId: props.s.service ?? '' }
              : by() === 'staff'
                ? { staffId: props.s.staff ?? '' }
                : { counterId: props.s.counter ?? '' }
          }
        />
      </Show>
    </section>
  );
}

const CHANNELS = new Set(['kiosk', 'remote', 'appointment']);
const OUTCOMES = new Set(['waiting', 'called', 'serving', 'done', 'noshow', 'cancelled']);
export const channelLabel = (c: string | null) =>
  c && CHANNELS.has(c) ? t(`analysis.channel.${c}` as ConsoleKey) : (c ?? '—');
const outcomeLabel = (o: string) => (OUTCOMES.has(o) ? t(`analysis.outcome.${o}` as ConsoleKey) : o);

/** The tickets behind a row: who came when, waited how long, was served by whom, and how it ended. */
export function Tickets(props: {
  hallId: string;
  date: string;
  hour?: number;
  unitName: string;
  filter: { serviceId?: string; staffId?: string; counterId?: string };
}) {
  const [list, { refetch }] = createResource(
    () => ({
      hallId: props.hallId,
      date: props.date,
      ...(props.hour === undefined ? {} : { hour: props.hour }),
      ...props.filter,
    }),
    (q) => api.analytics.tickets.query(q),
  );
  return (
    <Answer of={list} retry={() => void refetch()}>
      {(l) => {
        const at = (ms: number | null) => (ms === null ? null : dateTime(ms, { timeZone: l().timeZone }).slice(-8));
        const columns: Array<Col<Ticket>> = [
          { title: 'analysis.col.ticketNo', kind: 'text', value: (r) => r.ticketNo, key: true },
          { title: 'analysis.col.service', kind: 'text', value: (r) => r.service, key: true },
          { title: 'analysis.col.channel', kind: 'text', value: (r) => channelLabel(r.channel) },
          { title: 'analysis.col.arrived', kind: 'text', value: (r) => at(r.arrivalAt), key: true },
          { title: 'analysis.col.waited', kind: 'duration', value: (r) => r.waitMin, key: true },
          { title: 'analysis.col.servedBy', kind: 'text', value: (r) => r.staff },
          { title: 'analysis.col.counter', kind: 'text', value: (r) => r.counter },
          { title: 'analysis.col.handling', kind: 'duration', value: (r) => r.handleMin },
          { title: 'analysis.col.rating', kind: 'decimal', value: (r) => r.ratingAvg },
          { title: 'analysis.col.outcome', kind: 'text', value: (r) => outcomeLabel(r.outcome), key: true },
        ];
        return (
          <Show when={l().tickets.length > 0} fallback={<Empty />}>
            <DataTable
              title={t('analysis.tickets', { n: l().tickets.length })}
              testId="tickets"
              level={3}
              before={l().hall}
              after={props.hour === undefined ? props.date : `${props.date} ${hh(props.hour)}`}
              columns={columns}
              rows={l().tickets}
              rowKey={(r) => r.ticketNo}
              sortable
            />
            <Show when={l().truncated}>
              <p class="hint">{t('analysis.ticketsTruncated')}</p>
            </Show>
          </Show>
        );
      }}
    </Answer>
  );
}
