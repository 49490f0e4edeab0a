/**
 * 客户习惯 / Habits: when customers come (weekday × hour, per day and hall), how long they wait before
 * leaving (patience: the share still waiting after each minute, per service), and how waits move ratings.
 */
import { createMemo, createResource, For, Show } from 'solid-js';
import { api, type Outputs } from '../../api.ts';
import { duration } from '../../format.ts';
import { t } from '../../i18n.ts';
import { BarFigure } from './figure.tsx';
import { HeatMap, weekdayName } from './HeatMap.tsx';
import { LineChart } from './LineChart.tsx';
import { Answer, DataTable, Empty, Say, type Col } from './parts.tsx';
import { periodQuery, type TabProps } from './tab.ts';

type Habits = Outputs['analytics']['habits'];
type Patience = Habits['patience'][number];
type BandRow = Habits['ratingByBand'][number];

/** The hours the heat map shows: those with arrivals, at least 08–18. */
export function heatHours(heat: Habits['heat']): number[] {
  const busy = heat.filter((c) => c.arrivals > 0).map((c) => c.hour);
  const from = Math.min(8, ...busy);
  const to = Math.max(18, ...busy);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** "一半的客户最多等 12 分钟" — or that fewer than half left while waiting. */
export function MedianSentence(props: { p: Patience }) {
  return (
    <Say
      text={props.p.medianMinutes === null ? 'analysis.patienceNoMedian' : 'analysis.patienceMedian'}
      params={{ time: duration(props.p.medianMinutes ?? 0) }}
      data={{ service: props.p.name }}
    />
  );
}

export default function HabitsTab(props: TabProps) {
  const [habits, { refetch }] = createResource(
    () => periodQuery(props.s),
    (q) => api.analytics.habits.query(q),
  );
  return (
    <Answer of={habits} retry={() => void refetch()}>
      {(h) => (
        <Show when={h().heat.some((c) => c.arrivals > 0)} fallback={<Empty />}>
          <Heat habits={h()} {...props} />
          <PatienceCurves habits={h()} {...props} />
          <Ratings habits={h()} {...props} />
        </Show>
      )}
    </Answer>
  );
}

function Heat(props: TabProps & { habits: Habits }) {
  const hours = () => heatHours(props.habits.heat);
  const index = createMemo(() => new Map(props.habits.heat.map((c) => [`${c.weekday}:${c.hour}`, c.perDay])));
  const value = (wd: number, h: number) => index().get(`${wd}:${h}`) ?? 0;
  type WdRow = { weekday: number; label: string };
  const columns = (): Array<Col<WdRow>> => [
    { title: 'analysis.col.weekday', kind: 'text', value: (r) => r.label, key: true },
    ...hours().map((h): Col<WdRow> => ({
      title: 'analysis.col.hour',
      label: `${String(h).padStart(2, '0')}:00`,
      kind: 'decimal',
      value: (r) => value(r.weekday, h),
      key: true,
    })),
  ];
  return (
    <>
      <HeatMap hours={hours()} value={value} caption={t('analysis.heatCaption', { halls: props.habits.halls })} />
      <DataTable
        title={t('analysis.heatTable')}
        testId="heat-table"
        level={3}
        before={props.unitName}
        after={props.periodText}
        columns={columns()}
        rows={[0, 1, 2, 3, 4, 5, 6].map((wd) => ({ weekday: wd, label: weekdayName(wd, 'long') }))}
        rowKey={(r) => String(r.weekday)}
      />
    </>
  );
}

function PatienceCurves(props: TabProps & { habits: Habits }) {
  const shown = () => [...props.habits.patience].sort((a, b) => b.customers - a.customers).slice(0, 8);
  const minutes = () => [...new Set(shown().flatMap((p) => p.points.map((x) => x.minute)))].sort((a, b) => a - b);
  const columns: Array<Col<Patience>> = [
    { title: 'analysis.col.service', kind: 'text', value: (r) => r.name, key: true },
    { title: 'analysis.col.customers', kind: 'count', value: (r) => r.customers, key: true },
    { title: 'analysis.col.left', kind: 'count', value: (r) => r.left },
    { title: 'analysis.col.medianPatience', kind: 'duration', value: (r) => r.medianMinutes, key: true },
  ];
  return (
    <section class="analysis-block">
      <h2>{t('analysis.patience')}</h2>
      <p class="hint">{t('analysis.patienceHelp')}</p>
      <Show when={shown().length > 0} fallback={<Empty />}>
        <ul class="sentences">
          <For each={shown()}>
            {(p) => (
              <li>
                <MedianSentence p={p} />
              </li>
            )}
          </For>
        </ul>
        <figure class="analysis-chart" data-testid="patience-chart">
          <figcaption>{t('analysis.patienceCaption')}</figcaption>
          <LineChart
            title={t('analysis.patienceCaption')}
            xLabel={t('analysis.minutesWaited')}
            x={minutes()}
            series={shown().map((p) => ({
              label: p.name,
              values: minutes().map((m) => p.points.find((x) => x.minute === m)?.survival ?? null),
            }))}
          />
        </figure>
        <DataTable
          title={t('analysis.patienceTable')}
          level={3}
          before={props.unitName}
          after={props.periodText}
          columns={columns}
          rows={props.habits.patience}
          rowKey={(r) => r.serviceId}
          sortable
        />
      </Show>
    </section>
  );
}

/** "5–6 分钟", "60 分钟以上". */
export function bandLabel(band: number, next: number | undefined): string {
  return next === undefined ? t('analysis.bandOver', { from: band }) : t('analysis.band', { from: band, to: next });
}

function Ratings(props: TabProps & { habits: Habits }) {
  // The bands up to the longest wait anyone had (the empty ones past it would only say "—").
  const rows = () => {
    const all = props.habits.ratingByBand;
    let last = all.length - 1;
    while (last > 0 && (all[last]?.called ?? 0) === 0 && (all[last]?.ratings ?? 0) === 0) last -= 1;
    return all
      .slice(0, last + 1)
      .map((r, i) => ({ ...r, label: bandLabel(r.band, i === all.length - 1 ? undefined : all[i + 1]?.band) }));
  };
  const columns: Array<Col<BandRow & { label: string }>> = [
    { title: 'analysis.col.waitBand', kind: 'text', value: (r) => r.label, key: true },
    { title: 'analysis.col.called', kind: 'count', value: (r) => r.called, key: true },
    { title: 'analysis.col.ratings', kind: 'count', value: (r) => r.ratings },
    { title: 'analysis.col.rating', kind: 'decimal', value: (r) => r.ratingAvg, key: true },
  ];
  return (
    <section class="analysis-block">
      <BarFigure
        caption={t('analysis.ratingByWait')}
        testId="rating-chart"
        categories={rows().map((r) => r.label)}
        series={[
          {
            label: t('analysis.col.rating'),
            kind: 'bars',
            color: '#2da44e',
            values: rows().map((r) => (r.ratingAvg === null ? null : Math.round(r.ratingAvg * 100) / 100)),
          },
        ]}
      />
      <DataTable
        title={t('analysis.ratingByWaitTable')}
        testId="rating-table"
        level={3}
        before={props.unitName}
        after={props.periodText}
        columns={columns}
        rows={rows()}
        rowKey={(r) => String(r.band)}
      />
    </section>
  );
}
