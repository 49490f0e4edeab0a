/**
 * One hall's day: arrivals and waits by hour next to the recent days' average, and the recent days
 * themselves. Clicking an hour (a bar, or its row) breaks that hour down by service, counter or staff;
 * clicking a day opens that day; choosing a service narrows everything to it.
 */
import { useParams, useSearchParams } from '@solidjs/router';
import { createMemo, createResource, For, Show } from 'solid-js';
import { api, errorMessage, type Outputs } from '../api.ts';
import { BarChart } from '../charts/BarChart.tsx';
import { decimal, minutes, percent, serviceLevelTone } from '../format.ts';
import { t, type ConsoleKey } from '../i18n.ts';
import { TableHead } from '../components/TableHead.tsx';
import { lastGood } from '../resource.ts';
import CountersPanel from './Counters.tsx';

type Day = Outputs['analytics']['hallDay'];
type Row = Outputs['analytics']['breakdown']['rows'][number];
type By = 'service' | 'counter' | 'staff';

/** The hours worth showing: those with traffic today or recently, at least 08–18. */
export function visibleHours(hours: Day['hours']): number[] {
  const busy = hours.filter((h) => h.arrivals > 0 || h.recentArrivals > 0).map((h) => Number(h.key));
  const from = Math.min(8, ...busy);
  const to = Math.max(18, ...busy);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export function MetricsTable(props: {
  rows: Row[];
  first: ConsoleKey;
  selected?: string | null;
  onPick?: (row: Row) => void;
  pickLabel?: (row: Row) => string;
}) {
  return (
    <div class="table-wrap">
      <table class="data">
        <TableHead
          columns={[
            props.first,
            ...(
              [
                'hall.arrivals',
                'hall.served',
                'hall.serviceLevel',
                'hall.avgWait',
                'hall.avgService',
                'hall.noShows',
                'hall.rating',
              ] as const
            ).map((key) => ({ key, num: true })),
          ]}
        />
        <tbody>
          <For each={props.rows}>
            {(r) => (
              <tr classList={{ selected: props.selected === r.key }}>
                <th scope="row">
                  <Show when={props.onPick} fallback={r.label}>
                    <button
                      type="button"
                      class="link"
                      aria-pressed={props.selected === r.key}
                      aria-label={props.pickLabel?.(r) ?? r.label}
                      onClick={() => props.onPick?.(r)}
                    >
                      {r.label}
                    </button>
                  </Show>
                </th>
                <td class="num">{r.arrivals}</td>
                <td class="num">{r.served}</td>
                <td class={`num sl-${serviceLevelTone(r.serviceLevel)}`}>{percent(r.serviceLevel)}</td>
                <td class="num">{minutes(r.avgWaitMin)}</td>
                <td class="num">{minutes(r.avgServiceMin)}</td>
                <td class="num">{r.noShows + r.cancelled}</td>
                <td class="num">{r.ratings ? decimal(r.ratingAvg) : '—'}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

export default function HallPage() {
  const params = useParams<{ hallId: string }>();
  const [search, setSearch] = useSearchParams<{ date?: string; service?: string; hour?: string; by?: string }>();
  const query = () => ({
    hallId: params.hallId,
    ...(search.date ? { date: search.date } : {}),
    ...(search.service ? { serviceId: search.service } : {}),
    recentDays: 7,
  });
  const [day] = createResource(query, (q) => api.analytics.hallDay.query(q));
  const dayNow = lastGood(day);
  const hour = () => (search.hour === undefined || search.hour === '' ? null : Number(search.hour));
  const by = (): By => (search.by === 'counter' || search.by === 'staff' ? search.by : 'service');
  const [slice] = createResource(
    () => {
      const d = dayNow();
      if (!d) return null;
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
  const sliceNow = lastGood(slice);
  const hours = createMemo(() => {
    const d = dayNow();
    return d ? visibleHours(d.hours) : [];
  });
  const hourRows = createMemo(() =>
    hours()
      .map((h) => dayNow()?.hours[h])
      .filter((r): r is Day['hours'][number] => Boolean(r)),
  );
  const pickHour = (h: number | null) => setSearch({ hour: h === null || h === hour() ? undefined : String(h) });

  return (
    <section>
      <Show when={day.error as unknown}>
        <p role="alert" class="error">
          {errorMessage(day.error)}
        </p>
      </Show>
      <Show
        when={dayNow()}
        fallback={
          <Show when={!day.error}>
            <p class="loading">{t('common.loading')}</p>
          </Show>
        }
      >
        {(d) => (
          <>
            <div class="page-head">
              <h1>{d().name}</h1>
              <div class="filters">
                <label>
                  {t('hall.date')}
                  <input
                    type="date"
                    value={d().date}
                    onChange={(e) => setSearch({ date: e.currentTarget.value || undefined, hour: undefined })}
                  />
                </label>
                <label>
                  {t('hall.service')}
                  <select
                    value={search.service ?? ''}
                    onChange={(e) => setSearch({ service: e.currentTarget.value || undefined })}
                  >
                    <option value="">{t('hall.allServices')}</option>
                    <For each={d().services}>{(s) => <option value={s.id}>{s.name}</option>}</For>
                  </select>
                </label>
              </div>
            </div>
            <div class="charts">
              <figure>
                <figcaption>{t('hall.arrivalsByHour', { date: d().date })}</figcaption>
                <BarChart
                  title={t('hall.arrivalsByHour', { date: d().date })}
                  categories={hours().map((h) => `${String(h).padStart(2, '0')}`)}
                  series={[
                    {
                      label: t('hall.arrivals'),
                      kind: 'bars',
                      color: '#1f6feb',
                      values: hourRows().map((r) => r.arrivals),
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
                />
              </figure>
              <figure>
                <figcaption>{t('hall.waitByHour')}</figcaption>
                <BarChart
                  title={t('hall.waitByHour')}
                  categories={hours().map((h) => `${String(h).padStart(2, '0')}`)}
                  series={[
                    {
                      label: t('hall.avgWait'),
                      kind: 'bars',
                      color: '#bf3989',
                      values: hourRows().map((r) =>
                        r.avgWaitMin === null ? null : Math.round(r.avgWaitMin * 10) / 10,
                      ),
                    },
                  ]}
                  selected={hour() === null ? null : hours().indexOf(hour() as number)}
                  onSelect={(i) => pickHour(hours()[i] ?? null)}
                />
              </figure>
              <figure>
                <figcaption>{t('hall.recentDays')}</figcaption>
                <BarChart
                  title={t('hall.recentDays')}
                  categories={d().days.map((x) => x.key.slice(5))}
                  series={[
                    {
                      label: t('hall.arrivals'),
                      kind: 'bars',
                      color: '#2da44e',
                      values: d().days.map((x) => x.arrivals),
                    },
                  ]}
                  selected={d().days.findIndex((x) => x.key === d().date)}
                  onSelect={(i) => {
                    const picked = d().days[i];
                    if (picked) setSearch({ date: picked.key, hour: undefined });
                  }}
                />
              </figure>
            </div>

            <h2>{t('hall.byHour')}</h2>
            <MetricsTable
              rows={hourRows()}
              first="hall.hour"
              selected={hour() === null ? null : String(hour())}
              onPick={(r) => pickHour(Number(r.key))}
              pickLabel={(r) => t('hall.drillHour', { hour: r.label })}
            />

            <h2 id="breakdown">
              {hour() === null
                ? t('hall.breakdownDay', { date: d().date })
                : t('hall.breakdownHour', { date: d().date, hour: `${String(hour()).padStart(2, '0')}:00` })}
            </h2>
            <div role="tablist" aria-labelledby="breakdown" class="tabs">
              <For each={['service', 'counter', 'staff'] as const}>
                {(b) => (
                  <button type="button" role="tab" aria-selected={by() === b} onClick={() => setSearch({ by: b })}>
                    {t(`hall.by.${b}`)}
                  </button>
                )}
              </For>
            </div>
            <Show when={slice.error as unknown}>
              <p role="alert" class="error">
                {errorMessage(slice.error)}
              </p>
            </Show>
            <Show
              when={sliceNow()}
              fallback={
                <Show when={!slice.error}>
                  <p class="loading">{t('common.loading')}</p>
                </Show>
              }
            >
              {(s) => (
                <Show when={s().rows.length > 0} fallback={<p>{t('hall.noTickets')}</p>}>
                  <MetricsTable
                    rows={s().rows}
                    first={`hall.by.${s().by}`}
                    {...(s().by === 'service'
                      ? {
                          onPick: (r: Row) => setSearch({ service: search.service === r.key ? undefined : r.key }),
                          selected: search.service ?? null,
                          pickLabel: (r: Row) => t('hall.filterService', { service: r.label }),
                        }
                      : {})}
                  />
                </Show>
              )}
            </Show>

            <CountersPanel hallId={params.hallId} />
          </>
        )}
      </Show>
    </section>
  );
}
