/**
 * 客流 / Footfall: people through the doors, tickets taken, conversion (取号率: tickets per person in)
 * and the balk estimate (people who came in and left without a ticket), by day, hour or hall/region;
 * and right now, per hall, the people inside without a ticket.
 */
import { createResource, For, Show } from 'solid-js';
import { api, type Outputs } from '../../api.ts';
import { calendarDate } from '../../format.ts';
import { t } from '../../i18n.ts';
import { BarFigure } from './figure.tsx';
import { Answer, DataTable, Empty, Figure, type Col } from './parts.tsx';
import { periodQuery, type TabProps } from './tab.ts';

type Footfall = Outputs['analytics']['footfall'];
type Row = Footfall['rows'][number];
type Now = Footfall['now'][number];
type By = 'day' | 'hour' | 'child';

export default function FootfallTab(props: TabProps) {
  const isHall = () => props.unit?.kind === 'hall';
  const by = (): By => {
    const b = props.s.by as string;
    // `by` is shared with the hour's slice in the address; here it says day, hour or child.
    return b === 'hour' || (b === 'child' && !isHall()) ? b : 'day';
  };
  const [data, { refetch }] = createResource(
    () => ({ ...periodQuery(props.s), by: by() }),
    (q) => api.analytics.footfall.query(q),
  );
  const label = (r: Row) => (by() === 'day' ? calendarDate(r.key, 'short') : r.label);
  const columns = (): Array<Col<Row>> => [
    {
      title:
        by() === 'day'
          ? 'analysis.col.day'
          : by() === 'hour'
            ? 'analysis.col.hour'
            : isHall()
              ? 'analysis.col.hall'
              : props.unit?.kind === 'hq'
                ? 'analysis.col.region'
                : 'analysis.col.hall',
      kind: 'text',
      value: label,
      key: true,
    },
    { title: 'analysis.col.entered', kind: 'count', value: (r) => r.entered, key: true },
    { title: 'analysis.col.left', kind: 'count', value: (r) => r.left },
    { title: 'analysis.col.tickets', kind: 'count', value: (r) => r.tickets, key: true },
    { title: 'analysis.col.conversion', kind: 'percent', value: (r) => r.conversion, key: true },
    { title: 'analysis.col.balk', kind: 'count', value: (r) => r.balk },
    { title: 'analysis.col.balkRate', kind: 'percent', value: (r) => r.balkRate, key: true },
  ];
  const nowColumns: Array<Col<Now>> = [
    { title: 'analysis.col.hall', kind: 'text', value: (r) => r.name, key: true },
    { title: 'analysis.col.inHall', kind: 'count', value: (r) => r.inHall, key: true },
    { title: 'analysis.col.waiting', kind: 'count', value: (r) => r.waiting },
    { title: 'analysis.col.atCounters', kind: 'count', value: (r) => r.atCounters },
    { title: 'analysis.col.withoutTicket', kind: 'count', value: (r) => r.withoutTicket, key: true },
  ];
  return (
    <>
      <div class="segmented" role="group" aria-label={t('analysis.footfallBy')}>
        <For each={(isHall() ? ['day', 'hour'] : ['day', 'hour', 'child']) as By[]}>
          {(b) => (
            <button
              type="button"
              aria-pressed={by() === b}
              onClick={() => props.set({ by: b === 'day' ? undefined : b })}
            >
              {t(`analysis.footfallBy.${b}`)}
            </button>
          )}
        </For>
      </div>
      <Answer of={data} retry={() => void refetch()}>
        {(f) => (
          <>
            <Show when={f().totals.entered > 0 || f().totals.tickets > 0} fallback={<Empty />}>
              <div class="figures">
                <Figure label="analysis.col.entered" kind="count" value={f().totals.entered} />
                <Figure label="analysis.col.tickets" kind="count" value={f().totals.tickets} />
                <Figure label="analysis.col.conversion" kind="percent" value={f().totals.conversion} />
                <Figure label="analysis.col.balk" kind="count" value={f().totals.balk} />
                <Figure label="analysis.col.balkRate" kind="percent" value={f().totals.balkRate} />
              </div>
              <p class="hint">{t('analysis.footfallHelp')}</p>
              <BarFigure
                caption={t('analysis.footfallChart')}
                testId="footfall-chart"
                categories={f().rows.map(label)}
                series={[
                  {
                    label: t('analysis.col.entered'),
                    kind: 'bars',
                    color: '#1f6feb',
                    values: f().rows.map((r) => r.entered),
                  },
                  {
                    label: t('analysis.col.tickets'),
                    kind: 'line',
                    color: '#2da44e',
                    values: f().rows.map((r) => r.tickets),
                  },
                ]}
              />
              <DataTable
                title={t('analysis.footfall')}
                testId="footfall"
                before={props.unitName}
                after={props.periodText}
                columns={columns()}
                rows={f().rows}
                rowKey={(r) => r.key}
                sortable
                {...(by() === 'child'
                  ? { onPick: (r: Row) => r.unitId && props.set({ unit: r.unitId, by: undefined }) }
                  : {})}
              />
            </Show>
            <Show when={f().now.length > 0}>
              <DataTable
                title={t('analysis.nowInHall')}
                testId="now"
                level={3}
                before={props.unitName}
                after={t('analysis.now')}
                columns={nowColumns}
                rows={f().now}
                rowKey={(r) => r.hallId}
                sortable
              />
            </Show>
          </>
        )}
      </Answer>
    </>
  );
}
