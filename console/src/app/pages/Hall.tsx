/**
 * One hall's day: arrivals and waits by hour next to the recent days' average, and the recent days
 * themselves. Clicking an hour (a bar, or its row) breaks that hour down by service, counter or staff;
 * clicking a day opens that day; choosing a service narrows everything to it.
 */
import { A, useParams, useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, createResource, For, Show } from 'solid-js';
import { api, type Outputs } from '../api.ts';
import { BarChart } from '../charts/BarChart.tsx';
import { HallNav } from '../components/HallNav.tsx';
import { DateField, dayLabel } from '../components/DateField.tsx';
import { Loaded } from '../components/States.tsx';
import { calendarDate, clockIn, dataLang } from '../format.ts';
import { ExportButtons } from '../components/ExportButtons.tsx';
import { t } from '../i18n.ts';
import { lastGood } from '../resource.ts';
import CountersPanel from './Counters.tsx';
import { MetricsTable, metricsColumns } from '../components/MetricsTable.tsx';

type Day = Outputs['analytics']['hallDay'];
type Row = Outputs['analytics']['breakdown']['rows'][number];
type By = 'service' | 'counter' | 'staff';

/**
 * Hours that have not happened yet in the hall: all of a future day, those after the current hour
 * today (hall time), none of a past day. They have no figures yet, which is not zero.
 */
export function isFuture(date: string, hour: number, now: { date: string; hour: number }): boolean {
  return date > now.date || (date === now.date && hour > now.hour);
}

/** A day with no ticket at all: "no data", not a table of zeros. */
export const dayIsEmpty = (hours: Day['hours']) => hours.every((h) => h.arrivals === 0);

/**
 * The service filter. The chosen option is marked on the option itself: the list is rebuilt each time
 * the day is fetched again, and a select whose options are replaced forgets a value set before them
 * (it showed 全部业务 while the figures stayed filtered).
 */
export function ServiceFilter(props: {
  services: Array<{ id: string; name: string }>;
  value: string | undefined;
  onChange: (serviceId: string | undefined) => void;
}) {
  let select!: HTMLSelectElement;
  const options = () =>
    props.value && !props.services.some((s) => s.id === props.value)
      ? [...props.services, { id: props.value, name: props.value }]
      : props.services;
  // After the options are (re)built: the select shows what the address says.
  createEffect(() => {
    void options();
    select.value = props.value ?? '';
  });
  return (
    <label>
      {t('hall.service')}
      <select ref={select} onChange={(e) => props.onChange(e.currentTarget.value || undefined)}>
        <option value="">{t('hall.allServices')}</option>
        <For each={options()}>
          {(s) => (
            <option value={s.id} lang={dataLang(s.name)}>
              {s.name}
            </option>
          )}
        </For>
      </select>
    </label>
  );
}

/** The hours worth showing: those with traffic today or recently, at least 08–18. */
export function visibleHours(hours: Day['hours']): number[] {
  const busy = hours.filter((h) => h.arrivals > 0 || h.recentArrivals > 0).map((h) => Number(h.key));
  const from = Math.min(8, ...busy);
  const to = Math.max(18, ...busy);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export { MetricsTable, metricsColumns } from '../components/MetricsTable.tsx';

export default function HallPage() {
  const params = useParams<{ hallId: string }>();
  const [search, setSearch] = useSearchParams<{ date?: string; service?: string; hour?: string; by?: string }>();
  const query = () => ({
    hallId: params.hallId,
    ...(search.date ? { date: search.date } : {}),
    ...(search.service ? { serviceId: search.service } : {}),
    recentDays: 7,
  });
  const [day, { refetch }] = createResource(query, (q) => api.analytics.hallDay.query(q));
  const dayNow = lastGood(day);
  const hour = () => (search.hour === undefined || search.hour === '' ? null : Number(search.hour));
  const by = (): By => (search.by === 'counter' || search.by === 'staff' ? search.by : 'service');
  const [slice, sliceActions] = createResource(
    () => {
      const d = dayNow();
      if (!d || dayIsEmpty(d.hours)) return null;
      const h = hour();
      return {
        hallId: params.hallId,
        date: d.date,
        by: by(),
        ...(h === null ? {} : { hour: h }),
        ...(search.service ? { serviceId: search.service } : {}),
      };
    },
    (q) => api.analytics.breakdown.query(q),
  );
  const now = () => {
    const d = dayNow();
    return clockIn(d?.timeZone ?? 'Asia/Shanghai');
  };
  const hours = createMemo(() => {
    const d = dayNow();
    return d ? visibleHours(d.hours) : [];
  });
  const hourRows = createMemo(() =>
    hours()
      .map((h) => dayNow()?.hours[h])
      .filter((r): r is Day['hours'][number] => Boolean(r)),
  );
  const future = (h: number) => isFuture(dayNow()?.date ?? '', h, now());
  const pickHour = (h: number | null) => setSearch({ hour: h === null || h === hour() ? undefined : String(h) });
  const hh = (h: number) => String(h).padStart(2, '0');
  const breakdownTitle = () => {
    const date = dayLabel(dayNow()?.date ?? '');
    const h = hour();
    return h === null ? t('hall.breakdownDay', { date }) : t('hall.breakdownHour', { date, hour: `${hh(h)}:00` });
  };

  return (
    <section>
      <Loaded of={day} retry={() => void refetch()} refused="state.refusedHall" notFound="state.noSuchHall">
        {(d) => (
          <>
            <div class="page-head">
              <div>
                <h1 lang={dataLang(d().name)}>{d().name}</h1>
                <HallNav hallId={params.hallId} />
                <p class="hall-analyse">
                  <A href={`/analysis?unit=hall-${encodeURIComponent(params.hallId)}`}>{t('analysis.analyseHall')}</A>
                </p>
              </div>
              <div class="filters">
                <DateField
                  label={t('hall.date')}
                  value={d().date}
                  max={now().date}
                  onChange={(date) => setSearch({ date, hour: undefined })}
                />
                <ServiceFilter
                  services={d().services}
                  value={search.service}
                  onChange={(service) => setSearch({ service, hour: undefined })}
                />
              </div>
            </div>
            <Show
              when={!dayIsEmpty(d().hours)}
              fallback={
                <p class="empty" role="status">
                  {d().date === now().date
                    ? t('hall.noTicketsToday')
                    : d().date > now().date
                      ? t('hall.futureDay', { date: dayLabel(d().date) })
                      : t('hall.noDataDay', { date: dayLabel(d().date) })}
                </p>
              }
            >
              <div class="charts">
                <figure>
                  <figcaption>{t('hall.arrivalsByHour', { date: dayLabel(d().date) })}</figcaption>
                  <BarChart
                    title={t('hall.arrivalsByHour', { date: dayLabel(d().date) })}
                    categories={hours().map(hh)}
                    series={[
                      {
                        label: t('hall.arrivals'),
                        kind: 'bars',
                        color: '#1f6feb',
                        values: hourRows().map((r) => (future(Number(r.key)) ? null : r.arrivals)),
                      },
                      {
                        label: t('hall.recentAverage'),
                        kind: 'line',
                        color: '#9a6700',
                        values: hourRows().map((r) => Math.round(r.recentArrivals * 10) / 10),
                      },
                    ]}
                    selected={hour() === null ? null : hours().indexOf(hour() as number)}
                    onSelect={(i) => pickHour(hours()[i] ?? null)}
                    emptyText={t('hall.noData')}
                  />
                </figure>
                <figure>
                  <figcaption>{t('hall.waitByHour')}</figcaption>
                  <BarChart
                    title={t('hall.waitByHour')}
                    categories={hours().map(hh)}
                    series={[
                      {
                        label: t('hall.avgWait'),
                        kind: 'bars',
                        color: '#bf3989',
                        values: hourRows().map((r) =>
                          r.avgWaitMin === null || future(Number(r.key)) ? null : Math.round(r.avgWaitMin * 10) / 10,
                        ),
                      },
                    ]}
                    selected={hour() === null ? null : hours().indexOf(hour() as number)}
                    onSelect={(i) => pickHour(hours()[i] ?? null)}
                    emptyText={t('hall.noData')}
                  />
                </figure>
                <RecentDays day={d()} onPick={(date) => setSearch({ date, hour: undefined })} />
              </div>

              <div class="table-head">
                <h2>{t('hall.byHour')}</h2>
                <ExportButtons
                  title={t('hall.byHour')}
                  before={d().name}
                  after={d().date}
                  table={() => ({
                    columns: metricsColumns('hall.hour'),
                    rows: hourRows().filter((r) => !future(Number(r.key))),
                  })}
                />
              </div>
              <MetricsTable
                rows={hourRows().filter((r) => !future(Number(r.key)))}
                first="hall.hour"
                selected={hour() === null ? null : String(hour())}
                onPick={(r) => pickHour(Number(r.key))}
                pickLabel={(r) => t('hall.drillHour', { hour: r.label })}
              />

              <div class="table-head">
                <h2 id="breakdown">{breakdownTitle()}</h2>
                <Show when={slice.state === 'ready' || slice.state === 'refreshing' ? slice.latest : undefined}>
                  {(s) => (
                    <ExportButtons
                      title={`${breakdownTitle()} · ${t(`hall.by.${s().by}`)}`}
                      before={d().name}
                      after={d().date}
                      table={() => ({ columns: metricsColumns(`hall.by.${s().by}`), rows: s().rows })}
                    />
                  )}
                </Show>
              </div>
              <div role="tablist" aria-labelledby="breakdown" class="tabs">
                <For each={['service', 'counter', 'staff'] as const}>
                  {(b) => (
                    <button type="button" role="tab" aria-selected={by() === b} onClick={() => setSearch({ by: b })}>
                      {t(`hall.by.${b}`)}
                    </button>
                  )}
                </For>
              </div>
              <Loaded of={slice} retry={() => void sliceActions.refetch()}>
                {(s) => (
                  <Show when={s().rows.length > 0} fallback={<p class="empty">{t('hall.noTickets')}</p>}>
                    <MetricsTable
                      rows={s().rows}
                      first={`hall.by.${s().by}`}
                      {...(s().by === 'service'
                        ? {
                            onPick: (r: Row) =>
                              setSearch({ service: search.service === r.key ? undefined : r.key, hour: undefined }),
                            selected: search.service ?? null,
                          }
                        : {})}
                    />
                  </Show>
                )}
              </Loaded>
            </Show>
            <Show when={dayIsEmpty(d().hours)}>
              <div class="charts">
                <RecentDays day={d()} onPick={(date) => setSearch({ date, hour: undefined })} />
              </div>
            </Show>

            <CountersPanel hallId={params.hallId} timeZone={d().timeZone} hallName={d().name} />
          </>
        )}
      </Loaded>
    </section>
  );
}

/** The recent days' arrivals; clicking a day opens it. */
function RecentDays(props: { day: Day; onPick: (date: string) => void }) {
  return (
    <figure>
      <figcaption>{t('hall.recentDays')}</figcaption>
      <BarChart
        title={t('hall.recentDays')}
        categories={props.day.days.map((x) => calendarDate(x.key, 'short'))}
        series={[
          {
            label: t('hall.arrivals'),
            kind: 'bars',
            color: '#2da44e',
            values: props.day.days.map((x) => x.arrivals),
          },
        ]}
        selected={props.day.days.findIndex((x) => x.key === props.day.date)}
        emptyText={t('hall.noData')}
        onSelect={(i) => {
          const picked = props.day.days[i];
          if (picked) props.onPick(picked.key);
        }}
      />
    </figure>
  );
}
