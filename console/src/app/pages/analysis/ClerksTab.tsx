/**
 * 员工 / Clerks: each clerk's volume, handling time as measured and adjusted for the mix of services,
 * handling against the region's clerks (1.12× = 12% slower than the region for the same mix), ratings,
 * no-shows, a sparkline of tickets served per day, and where they sit in the region's band (p10–p90).
 * A clerk opens their days; a day opens their tickets.
 */
import { createResource, For, Show } from 'solid-js';
import { api, type Outputs } from '../../api.ts';
import { calendarDate, count, dataLang, decimal, percent } from '../../format.ts';
import { t } from '../../i18n.ts';
import { measureColumns, nameColumn, type CubeRow } from './columns.ts';
import { BarFigure } from './figure.tsx';
import { Tickets } from './OverviewTab.tsx';
import { Answer, DataTable, Empty, Say, type Col } from './parts.tsx';
import { Sparkline } from './Sparkline.tsx';
import { periodQuery, type TabProps } from './tab.ts';

type Clerks = Outputs['analytics']['clerks'];
type Clerk = Clerks['clerks'][number];
type Band = Clerks['band']['served'];

/** The region's band (p10–p90, the median marked) with the clerk's value as a dot. */
export function BandMark(props: { band: Band; value: number | null }) {
  const w = 80;
  const lo = () => Math.min(props.band.p10 ?? 0, props.value ?? Infinity);
  const hi = () => Math.max(props.band.p90 ?? 0, props.value ?? -Infinity);
  const x = (v: number) => (hi() > lo() ? 4 + ((v - lo()) / (hi() - lo())) * (w - 8) : w / 2);
  return (
    <Show when={props.band.p10 !== null && props.band.p90 !== null}>
      <svg class="band" width={w} height={14} viewBox={`0 0 ${w} 14`} aria-hidden="true">
        <rect
          x={x(props.band.p10 as number)}
          y={4}
          width={Math.max(2, x(props.band.p90 as number) - x(props.band.p10 as number))}
          height={6}
          fill="#d0d7de"
        />
        <line x1={x(props.band.p50 ?? 0)} x2={x(props.band.p50 ?? 0)} y1={2} y2={12} stroke="#57606a" />
        <Show when={props.value !== null}>
          <circle cx={x(props.value as number)} cy={7} r={3.5} fill="#0b4f9c" />
        </Show>
      </svg>
    </Show>
  );
}

const ratioText = (r: number | null) => (r === null ? '—' : `${decimal(r, 2)}×`);

export default function ClerksTab(props: TabProps) {
  const [clerks, { refetch }] = createResource(
    () => periodQuery(props.s),
    (q) => api.analytics.clerks.query(q),
  );
  return (
    <Answer of={clerks} retry={() => void refetch()}>
      {(c) => (
        <Show when={c().clerks.length > 0} fallback={<Empty />}>
          <p class="hint">
            <Say
              text="analysis.bandNote"
              params={{
                n: c().bandUnit.clerks,
                p10: ratioText(c().band.handleRatio.p10),
                p90: ratioText(c().band.handleRatio.p90),
              }}
              data={{ unit: c().bandUnit.name }}
            />
          </p>
          <ClerkTable clerks={c()} {...props} />
          <Show when={props.s.staff}>{(staffId) => <ClerkDays clerks={c()} staffId={staffId()} {...props} />}</Show>
        </Show>
      )}
    </Answer>
  );
}

function ClerkTable(props: TabProps & { clerks: Clerks }) {
  const columns = (): Array<Col<Clerk>> => [
    { title: 'analysis.col.clerk', kind: 'text', value: (r) => r.name, key: true },
    {
      title: 'analysis.col.hall',
      kind: 'text',
      value: (r) => r.halls.map((h) => h.name).join(t('common.listSeparator')),
    },
    {
      title: 'analysis.col.trend',
      kind: 'text',
      value: (r) => r.servedPerDay.join(' '),
      cell: (r) => <Sparkline values={r.servedPerDay} />,
    },
    { title: 'analysis.col.served', kind: 'count', value: (r) => r.served, key: true },
    { title: 'analysis.col.avgHandle', kind: 'minutes', value: (r) => r.avgHandleMin },
    { title: 'analysis.col.mixAdjusted', kind: 'minutes', value: (r) => r.mixAdjustedHandleMin, key: true },
    {
      title: 'analysis.col.handleRatio',
      kind: 'decimal',
      value: (r) => r.handleRatio,
      key: true,
      cell: (r) => (
        <span class="with-band">
          {ratioText(r.handleRatio)}
          <BandMark band={props.clerks.band.handleRatio} value={r.handleRatio} />
        </span>
      ),
    },
    { title: 'analysis.col.rating', kind: 'decimal', value: (r) => (r.ratings ? r.ratingAvg : null) },
    { title: 'analysis.col.noShows', kind: 'count', value: (r) => r.noShows },
    {
      title: 'analysis.col.noShowRate',
      kind: 'percent',
      value: (r) => (r.served + r.noShows ? r.noShows / (r.served + r.noShows) : null),
    },
  ];
  return (
    <DataTable
      title={t('analysis.clerks')}
      testId="clerks"
      before={props.unitName}
      after={props.periodText}
      columns={columns()}
      rows={props.clerks.clerks}
      rowKey={(r) => r.staffId}
      selected={props.s.staff}
      sortable
      onPick={(r) => props.set({ staff: props.s.staff === r.staffId ? undefined : r.staffId, date: undefined })}
    />
  );
}

/** One clerk's days over the period (the cube with their id), and their tickets of a chosen day. */
function ClerkDays(props: TabProps & { clerks: Clerks; staffId: string }) {
  const clerk = () => props.clerks.clerks.find((c) => c.staffId === props.staffId);
  const [days, { refetch }] = createResource(
    () => ({ ...periodQuery(props.s), by: 'day' as const, staffId: props.staffId, compare: false }),
    (q) => api.analytics.cube.query(q),
  );
  const hallId = () => props.unit?.hallId ?? clerk()?.halls[0]?.hallId ?? null;
  return (
    <section class="analysis-block">
      <h2>
        <Say text="analysis.clerkDays" data={{ name: clerk()?.name ?? props.staffId }} />
      </h2>
      <Show when={clerk()}>
        {(c) => (
          <p class="hint">
            {t('analysis.clerkServices')}
            <For each={c().services}>
              {(s, i) => (
                <>
                  {i() ? t('common.listSeparator') : ''}
                  <span lang={dataLang(s.name)}>{s.name}</span> ({count(s.served)})
                </>
              )}
            </For>
            {' · '}
            {t('analysis.col.noShowRate')}{' '}
            {percent(c().served + c().noShows ? c().noShows / (c().served + c().noShows) : null)}
          </p>
        )}
      </Show>
      <Answer of={days} retry={() => void refetch()}>
        {(d) => (
          <Show when={d().rows.length > 0} fallback={<Empty />}>
            <BarFigure
              caption={t('analysis.clerkServedByDay')}
              testId="clerk-chart"
              categories={d().rows.map((r) => calendarDate(r.key, 'short'))}
              series={[
                {
                  label: t('analysis.col.served'),
                  kind: 'bars',
                  color: '#2da44e',
                  values: d().rows.map((r) => r.served),
                },
              ]}
              onSelect={(i) => {
                const r = d().rows[i];
                if (r) props.set({ date: r.key });
              }}
            />
            <DataTable
              title={t('analysis.byDay')}
              testId="clerk-days"
              level={3}
              before={clerk()?.name ?? ''}
              after={props.periodText}
              columns={[
                { ...nameColumn<CubeRow>('analysis.col.day'), value: (r) => calendarDate(r.key, 'short') },
                ...measureColumns<CubeRow>('off'),
              ]}
              rows={d().rows}
              rowKey={(r) => r.key}
              selected={props.s.date}
              onPick={(r) => props.set({ date: r.key })}
            />
          </Show>
        )}
      </Answer>
      <Show when={props.s.date && hallId() ? { date: props.s.date, hallId: hallId() as string } : null}>
        {(q) => (
          <Tickets hallId={q().hallId} date={q().date} unitName={props.unitName} filter={{ staffId: props.staffId }} />
        )}
      </Show>
    </section>
  );
}
