/**
 * The statistics page's content for one unit and period: 每百名客户消耗 per business type (first, as figures
 * and a chart), the dimension switch with its table and bars, 库龄与到期 and 异常发放 — each table with its
 * export (the analysis pages' DataTable: one spec for the screen and the files).
 */
import { createResource, For, Show } from 'solid-js';
import { api, type Outputs } from '../../api.ts';
import { calendarDate, count, decimal } from '../../format.ts';
import { lang, t, type ConsoleKey } from '../../i18n.ts';
import { BarFigure } from '../analysis/figure.tsx';
import { Answer, DataTable, periodText, type Col } from '../analysis/parts.tsx';
import { named, Name, unitName, type Item } from './more-text.tsx';
import type { Dim } from './Stats.tsx';

type Stats = Outputs['inventory']['stats'];
type Row = Stats['rows'][number];
type Ageing = Outputs['inventory']['ageing'][number];
type Flag = Outputs['inventory']['leakage'][number];

const DIM_LIST: Dim[] = ['item', 'hall', 'unit', 'campaign', 'day', 'week', 'month', 'service'];

/** A row's name for its dimension, in words (never the key itself where a name exists). */
export function rowLabel(dim: Dim, r: Row): string {
  const n = r as { nameZh?: string | null; nameEn?: string };
  const name = lang() === 'zh-CN' ? n.nameZh : (n.nameEn ?? n.nameZh);
  if (dim === 'day') return calendarDate(r.key, 'short');
  if (dim === 'week') return t('inventory.stats.weekOf', { date: calendarDate(r.key, 'short') });
  if (dim === 'month') {
    const [y, m] = r.key.split('-').map(Number) as [number, number];
    return new Intl.DateTimeFormat(lang(), { timeZone: 'UTC', year: 'numeric', month: 'long' }).format(
      Date.UTC(y, m - 1, 1),
    );
  }
  if (dim === 'service' && !r.key) return t('inventory.stats.noService');
  if (dim === 'campaign' && !r.key) return t('inventory.stats.noCampaign');
  return name ?? r.key;
}

export function StatsTables(props: {
  unit: string;
  unitName: string;
  from: string;
  to: string;
  dim: Dim;
  itemId: string | undefined;
  item: Item | undefined;
  onDim: (d: Dim) => void;
}) {
  const q = () => ({
    orgUnitId: props.unit,
    from: props.from,
    to: props.to,
    ...(props.itemId ? { itemId: props.itemId } : {}),
  });
  const [perService, perServiceActions] = createResource(q, (x) => api.inventory.stats.query({ ...x, by: 'service' }));
  const [main, mainActions] = createResource(
    () => ({ ...q(), by: props.dim }),
    (x) => api.inventory.stats.query(x),
  );
  const [ageing, ageingActions] = createResource(
    () => props.unit,
    (orgUnitId) => api.inventory.ageing.query({ orgUnitId }),
  );
  const [leakage, leakageActions] = createResource(
    () => ({ orgUnitId: props.unit, from: props.from, to: props.to }),
    (x) => api.inventory.leakage.query(x),
  );
  const after = () => periodText(props.from, props.to);
  const unit = () => (props.item ? unitName(props.item) : '');
  const services = (s: Stats) => s.rows.filter((r) => r.key !== '' && r.customers !== null);

  const mainColumns = (): Array<Col<Row>> => [
    {
      title: `inventory.stats.dim.${props.dim}` as ConsoleKey,
      kind: 'text',
      value: (r) => rowLabel(props.dim, r),
      key: true,
    },
    ...(props.dim === 'service'
      ? []
      : ([{ title: 'inventory.stats.col.distributed', kind: 'count', value: (r) => r.distributed, key: true }] as Array<
          Col<Row>
        >)),
    { title: 'inventory.stats.col.issued', kind: 'count', value: (r) => r.issued, key: true },
    { title: 'inventory.stats.col.atCounter', kind: 'count', value: (r) => r.atCounter },
    { title: 'inventory.stats.col.customers', kind: 'count', value: (r) => r.customers },
    { title: 'inventory.stats.col.per100', kind: 'decimal', value: (r) => r.per100, key: true },
  ];
  const ageingColumns: Array<Col<Ageing>> = [
    {
      title: 'inventory.stats.col.location',
      kind: 'text',
      value: (r) => named({ nameZh: r.locationZh, nameEn: r.locationEn }),
      key: true,
    },
    { title: 'inventory.stats.col.item', kind: 'text', value: (r) => named(r), key: true },
    { title: 'inventory.stats.col.qty', kind: 'count', value: (r) => r.qty, key: true },
    { title: 'inventory.stats.col.unit', kind: 'text', value: (r) => unitName(r) },
    { title: 'inventory.stats.col.ageDays', kind: 'count', value: (r) => r.ageDays },
    {
      title: 'inventory.stats.col.band',
      kind: 'text',
      value: (r) => (r.band ? t(`inventory.stats.band.${r.band}` as ConsoleKey) : null),
    },
    { title: 'inventory.stats.col.campaign', kind: 'text', value: (r) => r.campaign },
    { title: 'inventory.stats.col.validTo', kind: 'text', value: (r) => (r.validTo ? calendarDate(r.validTo) : null) },
    {
      title: 'inventory.stats.col.action',
      kind: 'text',
      value: (r) =>
        r.expired
          ? t(r.action ? (`inventory.stats.action.${r.action}` as ConsoleKey) : 'inventory.stats.action.keep')
          : null,
      key: true,
    },
  ];
  const leakageColumns: Array<Col<Flag>> = [
    { title: 'inventory.stats.col.hall', kind: 'text', value: (r) => r.hallName, key: true },
    { title: 'inventory.stats.col.day', kind: 'text', value: (r) => calendarDate(r.day, 'short'), key: true },
    {
      title: 'inventory.stats.col.clerk',
      kind: 'text',
      value: (r) => (r.staffId ? (r.staffName ?? t('inventory.stats.clerkUnnamed')) : t('inventory.stats.wholeHall')),
      key: true,
    },
    { title: 'inventory.stats.col.item', kind: 'text', value: (r) => named(r), key: true },
    { title: 'inventory.stats.col.issued', kind: 'count', value: (r) => r.issued, key: true },
    { title: 'inventory.stats.col.customers', kind: 'count', value: (r) => r.customers },
    { title: 'inventory.stats.col.plausible', kind: 'count', value: (r) => r.plausible },
    { title: 'inventory.stats.col.ratio', kind: 'decimal', value: (r) => r.ratio },
  ];

  return (
    <>
      <section class="per100" aria-labelledby="per100-title" data-testid="per100">
        <h2 id="per100-title">{t('inventory.stats.per100Title')}</h2>
        <Answer of={perService} retry={() => void perServiceActions.refetch()}>
          {(s) => (
            <Show
              when={services(s()).length > 0}
              fallback={
                <p class="empty" role="status">
                  {t('inventory.stats.noCustomers')}
                </p>
              }
            >
              <div class="figures">
                <For each={services(s())}>
                  {(r) => (
                    <div class="figure per100-figure" data-service={r.key}>
                      <span class="figure-label">
                        <Name text={rowLabel('service', r)} />
                      </span>
                      <span class="figure-value">{r.per100 === null ? '—' : decimal(r.per100)}</span>
                      <span class="muted small">
                        {t('inventory.stats.per100Of', {
                          issued: count(r.atCounter),
                          customers: count(r.customers ?? 0),
                          unit: unit(),
                        })}
                      </span>
                    </div>
                  )}
                </For>
              </div>
              <p class="hint">{t('inventory.stats.per100Help')}</p>
            </Show>
          )}
        </Answer>
      </section>

      <h2>{t('inventory.stats.byTitle')}</h2>
      <div class="segmented dims" role="group" aria-label={t('inventory.stats.by')}>
        <For each={DIM_LIST}>
          {(d) => (
            <button type="button" aria-pressed={props.dim === d} onClick={() => props.onDim(d)}>
              {t(`inventory.stats.dim.${d}`)}
            </button>
          )}
        </For>
      </div>
      <Answer of={main} retry={() => void mainActions.refetch()}>
        {(s) => (
          <Show
            when={s().rows.length > 0}
            fallback={
              <p class="empty" role="status">
                {t('inventory.stats.empty')}
              </p>
            }
          >
            <div class="figures">
              {/* What reached the halls has no business type. */}
              <Show when={props.dim !== 'service'}>
                <div class="figure">
                  <span class="figure-label">{t('inventory.stats.col.distributed')}</span>
                  <span class="figure-value" data-testid="total-distributed">
                    {count(s().total.distributed)}
                  </span>
                </div>
              </Show>
              <div class="figure">
                <span class="figure-label">{t('inventory.stats.col.issued')}</span>
                <span class="figure-value" data-testid="total-issued">
                  {count(s().total.issued)}
                </span>
              </div>
              <div class="figure">
                <span class="figure-label">{t('inventory.stats.col.customers')}</span>
                <span class="figure-value">{count(s().total.customers)}</span>
              </div>
              <div class="figure">
                <span class="figure-label">{t('inventory.stats.col.per100')}</span>
                <span class="figure-value">{s().total.per100 === null ? '—' : decimal(s().total.per100)}</span>
              </div>
            </div>
            <BarFigure
              caption={t(props.dim === 'service' ? 'inventory.stats.chartPer100' : 'inventory.stats.chart')}
              testId="stats-chart"
              categories={s().rows.map((r) => rowLabel(props.dim, r))}
              series={
                props.dim === 'service'
                  ? [
                      {
                        label: t('inventory.stats.col.per100'),
                        kind: 'bars',
                        color: '#1f6feb',
                        values: s().rows.map((r) => r.per100),
                      },
                    ]
                  : [
                      {
                        label: t('inventory.stats.col.issued'),
                        kind: 'bars',
                        color: '#1f6feb',
                        values: s().rows.map((r) => r.issued),
                      },
                    ]
              }
            />
            <DataTable
              title={t(`inventory.stats.tableBy.${props.dim}` as ConsoleKey)}
              testId="stats"
              before={props.unitName}
              after={after()}
              columns={mainColumns()}
              rows={s().rows}
              rowKey={(r) => r.key}
              sortable
            />
          </Show>
        )}
      </Answer>

      <Answer of={ageing} retry={() => void ageingActions.refetch()}>
        {(rows) => (
          <Show
            when={rows().length > 0}
            fallback={
              <>
                <h2>{t('inventory.stats.ageingTitle')}</h2>
                <p class="empty" role="status">
                  {t('inventory.stats.noStock')}
                </p>
              </>
            }
          >
            <Show when={rows().some((r) => r.expired && r.action)}>
              <p class="notice-expired" role="status">
                {t('inventory.stats.expiredNotice', { n: count(rows().filter((r) => r.expired && r.action).length) })}
              </p>
            </Show>
            <DataTable
              title={t('inventory.stats.ageingTitle')}
              testId="ageing"
              before={props.unitName}
              after={calendarDate(new Date().toISOString().slice(0, 10))}
              columns={ageingColumns}
              rows={rows()}
              rowKey={(r) => `${r.locationId}|${r.itemId}`}
              sortable
            />
          </Show>
        )}
      </Answer>

      <Answer of={leakage} retry={() => void leakageActions.refetch()}>
        {(flags) => (
          <>
            <Show
              when={flags().length > 0}
              fallback={
                <>
                  <h2>{t('inventory.stats.leakageTitle')}</h2>
                  <p class="empty" role="status">
                    {t('inventory.stats.noLeakage')}
                  </p>
                </>
              }
            >
              <DataTable
                title={t('inventory.stats.leakageTitle')}
                testId="leakage"
                before={props.unitName}
                after={after()}
                columns={leakageColumns}
                rows={flags()}
                rowKey={(r) => `${r.hallId}|${r.day}|${r.staffId ?? ''}|${r.itemId}`}
                sortable
              />
            </Show>
            <p class="hint">{t('inventory.stats.leakageHelp')}</p>
          </>
        )}
      </Answer>
    </>
  );
}
