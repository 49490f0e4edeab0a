/**
 * 业务 / Business: the service mix against the compared period, channels (取号机/线上/预约), priorities
 * and the transaction types done at the counters.
 */
import { createResource, Show } from 'solid-js';
import { api, type Outputs } from '../../api.ts';
import { count } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { measureColumns, nameColumn, type CubeRow } from './columns.ts';
import { BarFigure } from './figure.tsx';
import { channelLabel } from './OverviewTab.tsx';
import { Answer, DataTable, Empty, type Col } from './parts.tsx';
import { periodQuery, type TabProps } from './tab.ts';

type Habits = Outputs['analytics']['habits'];
type MixRow = Habits['services'][number];
type TxRow = Habits['txTypes'][number];

const PRIORITIES = new Set(['vip', 'appointment', 'elderly']);
const priorityLabel = (p: string) =>
  p === '' ? t('analysis.priority.none') : PRIORITIES.has(p) ? t(`analysis.priority.${p}` as ConsoleKey) : p;

export default function BusinessTab(props: TabProps) {
  const [cube, cubeActions] = createResource(
    () => ({ ...periodQuery(props.s), by: 'service' as const, compare: props.s.compare !== 'off' }),
    (q) => api.analytics.cube.query(q),
  );
  const [habits, habitsActions] = createResource(
    () => periodQuery(props.s),
    (q) => api.analytics.habits.query(q),
  );
  const share = (rows: MixRow[]) => {
    const total = rows.reduce((n, r) => n + r.arrivals, 0);
    return (r: MixRow) => (total ? r.arrivals / total : null);
  };
  const mixColumns = (rows: MixRow[], first: ConsoleKey, label: (r: MixRow) => string): Array<Col<MixRow>> => {
    const [arrivals, served, sl, wait, handle, abandon, rating] = measureColumns<MixRow>('off');
    return [
      { ...nameColumn<MixRow>(first), value: label },
      arrivals as Col<MixRow>,
      { title: 'analysis.col.share', kind: 'percent', value: share(rows), key: true },
      served as Col<MixRow>,
      sl as Col<MixRow>,
      wait as Col<MixRow>,
      handle as Col<MixRow>,
      abandon as Col<MixRow>,
      rating as Col<MixRow>,
    ];
  };
  return (
    <Answer of={cube} retry={() => void cubeActions.refetch()}>
      {(c) => (
        <Show when={c().rows.length > 0} fallback={<Empty />}>
          <BarFigure
            caption={t('analysis.serviceMix')}
            testId="mix-chart"
            categories={c().rows.map((r) => r.label)}
            series={[
              {
                label: t('analysis.col.arrivals'),
                kind: 'bars',
                color: '#1f6feb',
                values: c().rows.map((r) => r.arrivals),
              },
            ]}
          />
          <DataTable
            title={t('analysis.byService')}
            testId="by-service"
            before={props.unitName}
            after={props.periodText}
            columns={[nameColumn<CubeRow>('analysis.col.service'), ...measureColumns<CubeRow>(props.s.compare)]}
            rows={c().rows}
            rowKey={(r) => r.key}
            compare={props.s.compare}
            sortable
          />
          <Answer of={habits} retry={() => void habitsActions.refetch()}>
            {(h) => (
              <>
                <div class="two-up">
                  <DataTable
                    title={t('analysis.channels')}
                    level={3}
                    before={props.unitName}
                    after={props.periodText}
                    columns={mixColumns(h().channels, 'analysis.col.channel', (r) => channelLabel(r.key)).slice(0, 6)}
                    rows={h().channels}
                    rowKey={(r) => r.key}
                  />
                  <DataTable
                    title={t('analysis.priorities')}
                    level={3}
                    before={props.unitName}
                    after={props.periodText}
                    columns={mixColumns(h().priorities, 'analysis.col.priority', (r) => priorityLabel(r.key)).slice(
                      0,
                      6,
                    )}
                    rows={h().priorities}
                    rowKey={(r) => r.key}
                  />
                </div>
                <Show when={h().txTypes.length > 0} fallback={<p class="empty">{t('analysis.noTxTypes')}</p>}>
                  <DataTable
                    title={t('analysis.txTypes')}
                    level={3}
                    before={props.unitName}
                    after={props.periodText}
                    columns={
                      [
                        { title: 'analysis.col.txType', kind: 'text', value: (r) => r.txType, key: true },
                        { title: 'analysis.col.service', kind: 'text', value: (r) => r.service, key: true },
                        { title: 'analysis.col.count', kind: 'count', value: (r) => r.n, key: true },
                      ] satisfies Array<Col<TxRow>>
                    }
                    rows={[...h().txTypes].sort((a, b) => b.n - a.n)}
                    rowKey={(r) => `${r.serviceId}:${r.txType}`}
                    sortable
                  />
                  <p class="hint">{t('analysis.txTotal', { n: count(h().txTypes.reduce((n, r) => n + r.n, 0)) })}</p>
                </Show>
              </>
            )}
          </Answer>
        </Show>
      )}
    </Answer>
  );
}
