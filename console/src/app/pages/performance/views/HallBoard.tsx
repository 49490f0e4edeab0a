/**
 * 绩效看板 `/halls/:hallId/kpis?p=&date=`: a hall's clerks × KPIs over a period (today so far, a day, a
 * week, a month, a custom span) beside the period before — each value with its score's colour, "样本不足"
 * where the sample is below the KPI's minimum, sortable by any column; each cell opens the clerk's page at
 * that KPI (and the facts behind it). Below: the counters and the hall itself. Exported as the table shows.
 * Today so far refreshes itself every minute.
 */
import { A, useParams, useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import { api, type Outputs } from '../../../api.ts';
import { ExportButtons } from '../../../components/ExportButtons.tsx';
import { Loaded } from '../../../components/States.tsx';
import type { TableSpec } from '../../../export/table-spec.ts';
import { clockIn, dataLang, decimal } from '../../../format.ts';
import { lang, t } from '../../../i18n.ts';
import {
  clerkLabel,
  exportCell,
  kpiName,
  PeriodChooser,
  periodFrom,
  periodQuery,
  periodSearch,
  rangeText,
  scoreText,
  scoreTone,
  TooFew,
  valueText,
  type Kpi,
  type PeriodInput,
} from './kpi-text.tsx';
import './views.css';

type Board = Outputs['kpiViews']['hall'];
type Row = Board['clerks'][number];
type AnyRow = { values: Row['values']; total: number | null; previous: Row['previous'] };

const REFRESH_MS = 60_000;
const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

const valueOf = (r: AnyRow, key: string) => r.values.find((v) => v.key === key);

function Delta(props: { now: number | null; before: number | null | undefined }) {
  const d = () =>
    props.now !== null && props.before !== null && props.before !== undefined ? props.now - props.before : null;
  return (
    <Show when={d() !== null && Math.abs(d() as number) >= 0.05}>
      <span class={`delta ${(d() as number) > 0 ? 'up' : 'down'}`}>
        {t('kpiViews.delta', { d: `${(d() as number) > 0 ? '+' : '−'}${decimal(Math.abs(d() as number), 1)}` })}
      </span>
    </Show>
  );
}

function Cell(props: { kpi: Kpi; row: AnyRow; href: string | null }) {
  const v = () => valueOf(props.row, props.kpi.key);
  const before = () => props.row.previous?.values.find((x) => x.key === props.kpi.key)?.value;
  const inner = () => (
    <>
      <span class="value">{valueText(props.kpi.unit, v()?.value)}</span>
      <Show when={v()?.score !== null && v()?.score !== undefined}>
        <span class="score">{t('kpiViews.scoreShort', { s: scoreText(v()?.score) })}</span>
      </Show>
      <Show when={v()}>{(x) => <TooFew value={x()} kpi={props.kpi} />}</Show>
    </>
  );
  return (
    <td
      class={`num kpi-cell tone-${scoreTone(v()?.score)}`}
      data-label={kpiName(props.kpi)}
      title={
        before() !== undefined && before() !== null
          ? t('kpiViews.previousValue', { v: valueText(props.kpi.unit, before()) })
          : undefined
      }
    >
      <Show when={props.href} fallback={inner()}>
        {(href) => <A href={href()}>{inner()}</A>}
      </Show>
    </td>
  );
}

type SortKey = 'name' | 'total' | string;

export default function HallBoardPage() {
  const params = useParams<{ hallId: string }>();
  const [search, setSearch] = useSearchParams<{ p?: string; date?: string; from?: string; to?: string }>();
  // The hall's zone once the cloud has said it (the browser's until then): its today bounds the chooser.
  const [zone, setZone] = createSignal(browserZone);
  const today = (): string => clockIn(zone()).date;
  const period = createMemo((): PeriodInput => periodFrom(search, today(), 'month'));
  const [board, { refetch }] = createResource(
    () => ({ hallId: params.hallId, period: period() }),
    (q) => api.kpiViews.hall.query(q),
  );
  createEffect(() => {
    const z = board.error === undefined ? board.latest?.hall.timeZone : undefined;
    if (z) setZone(z);
  });
  // Today so far keeps itself current while the page is open (a minute is the facts' own grain).
  createEffect(() => {
    if (period().kind !== 'today') return;
    const timer = setInterval(() => void refetch(), REFRESH_MS);
    onCleanup(() => clearInterval(timer));
  });
  const setPeriod = (p: PeriodInput) => setSearch({ ...periodSearch(p) });
  const [sort, setSort] = createSignal<{ key: SortKey; desc: boolean }>({ key: 'total', desc: true });

  return (
    <section class="kpi-views kpi-board">
      <Loaded of={board} retry={() => void refetch()} refused="state.refusedHall" notFound="state.noSuchHall">
        {(b) => {
          const clerkKpis = () => b().kpis.filter((k) => k.subjects.includes('clerk'));
          const counterKpis = () => b().kpis.filter((k) => k.subjects.includes('counter'));
          const hallKpis = () => b().kpis.filter((k) => k.subjects.includes('hall'));
          const sorted = createMemo(() => {
            const { key, desc } = sort();
            const rows = [...b().clerks];
            const kpi = b().kpis.find((k) => k.key === key);
            const num = (r: Row): number | null => {
              if (key === 'total') return r.total;
              const x = valueOf(r, key);
              // Best first when "descending", whichever way the KPI runs; too few to score sorts last, as unranked.
              const v = x && x.enough ? x.value : null;
              return v === null ? null : kpi?.direction === 'lower' ? -v : v;
            };
            rows.sort((a, c) => {
              if (key === 'name') return clerkLabel(a).localeCompare(clerkLabel(c), 'zh-CN') * (desc ? -1 : 1);
              const x = num(a);
              const y = num(c);
              if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
              return (desc ? y - x : x - y) || clerkLabel(a).localeCompare(clerkLabel(c), 'zh-CN');
            });
            return rows;
          });
          const sortBy = (key: SortKey) =>
            setSort((s) => (s.key === key ? { key, desc: !s.desc } : { key, desc: key !== 'name' }));
          const ariaSort = (key: SortKey) =>
            sort().key === key ? (sort().desc ? 'descending' : 'ascending') : ('none' as const);
          const linkFor = (r: Row, kpi: string) =>
            r.employeeId ? `/staff/${encodeURIComponent(r.employeeId)}/kpis?kpi=${kpi}&${periodQuery(period())}` : null;
          const spec = (): TableSpec<Row> => ({
            columns: [
              { title: 'kpiViews.clerk', kind: 'text', value: (r) => clerkLabel(r) },
              { title: 'kpiViews.total', kind: 'decimal', value: (r) => r.total },
              ...clerkKpis().map((k) => ({
                title: 'kpiViews.clerk' as const,
                label: kpiName(k),
                kind: exportCell(k.unit, null).kind,
                value: (r: Row) => exportCell(k.unit, valueOf(r, k.key)?.value ?? null).value,
              })),
            ],
            rows: sorted(),
          });
          const asOf = () =>
            b().asOf
              ? new Intl.DateTimeFormat(lang(), {
                  hour: '2-digit',
                  minute: '2-digit',
                  hourCycle: 'h23',
                  timeZone: b().hall.timeZone,
                }).format(new Date(b().asOf as string))
              : null;
          return (
            <>
              <div class="page-head">
                <div>
                  <p class="crumbs">
                    <A href={`/halls/${params.hallId}`} lang={dataLang(b().hall.name)}>
                      {b().hall.name}
                    </A>
                  </p>
                  <h1>{t('kpiViews.board.title')}</h1>
                </div>
                <PeriodChooser value={period()} today={today()} onChange={setPeriod} />
              </div>
              <p class="note period-note">
                {rangeText(b().period)}
                <Show when={asOf()}>{(hm) => <span class="as-of"> · {t('kpiViews.asOf', { time: hm() })}</span>}</Show>
                <span class="muted"> · {t('kpiViews.comparedWith', { range: rangeText(b().period.previous) })}</span>
              </p>
              <Show when={b().kpis.length > 0} fallback={<p class="empty">{t('kpiViews.noKpis')}</p>}>
                <div class="section-head">
                  <h2>{t('kpiViews.board.clerks')}</h2>
                  <ExportButtons
                    table={spec}
                    title={t('kpiViews.board.title')}
                    before={b().hall.name}
                    after={`${b().period.from}_${b().period.to}`}
                  />
                </div>
                <Show when={b().clerks.length > 0} fallback={<p class="empty">{t('kpiViews.board.noClerks')}</p>}>
                  {/* On a phone the table is cards without a header row: the order is chosen here. */}
                  <label class="phone-sort">
                    {t('kpiViews.sortBy')}
                    <select
                      onChange={(e) => setSort({ key: e.currentTarget.value, desc: e.currentTarget.value !== 'name' })}
                    >
                      <option value="total" selected={sort().key === 'total'}>
                        {t('kpiViews.total')}
                      </option>
                      <For each={clerkKpis()}>
                        {(k) => (
                          <option value={k.key} selected={sort().key === k.key}>
                            {kpiName(k)}
                          </option>
                        )}
                      </For>
                      <option value="name" selected={sort().key === 'name'}>
                        {t('kpiViews.clerk')}
                      </option>
                    </select>
                  </label>
                  <div class="table-wrap">
                    <table class="data cards kpi-table">
                      <thead>
                        <tr>
                          <th scope="col" aria-sort={ariaSort('name')}>
                            <button type="button" class="sort" onClick={() => sortBy('name')}>
                              {t('kpiViews.clerk')}
                            </button>
                          </th>
                          <th scope="col" class="num" aria-sort={ariaSort('total')}>
                            <button type="button" class="sort" onClick={() => sortBy('total')}>
                              {t('kpiViews.total')}
                            </button>
                          </th>
                          <For each={clerkKpis()}>
                            {(k) => (
                              <th scope="col" class="num" aria-sort={ariaSort(k.key)}>
                                <button type="button" class="sort" onClick={() => sortBy(k.key)}>
                                  {kpiName(k)}
                                </button>
                              </th>
                            )}
                          </For>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={sorted()}>
                          {(r) => (
                            <tr data-subject={r.subjectId}>
                              <th scope="row">
                                <Show when={r.employeeId} fallback={<span>{clerkLabel(r)}</span>}>
                                  {(id) => (
                                    <A
                                      href={`/staff/${encodeURIComponent(id())}/kpis?${periodQuery(period())}`}
                                      lang={dataLang(r.name)}
                                    >
                                      {clerkLabel(r)}
                                    </A>
                                  )}
                                </Show>
                              </th>
                              <td class={`num total tone-${scoreTone(r.total)}`} data-label={t('kpiViews.total')}>
                                <span class="value">{scoreText(r.total)}</span>
                                <Delta now={r.total} before={r.previous?.total} />
                              </td>
                              <For each={clerkKpis()}>{(k) => <Cell kpi={k} row={r} href={linkFor(r, k.key)} />}</For>
                            </tr>
                          )}
                        </For>
                      </tbody>
                    </table>
                  </div>
                </Show>
                <Show when={counterKpis().length > 0 && b().counters.length > 0}>
                  <h2>{t('kpiViews.board.counters')}</h2>
                  <div class="table-wrap">
                    <table class="data cards kpi-table">
                      <thead>
                        <tr>
                          <th scope="col">{t('kpiViews.counter')}</th>
                          <For each={counterKpis()}>
                            {(k) => (
                              <th scope="col" class="num">
                                {kpiName(k)}
                              </th>
                            )}
                          </For>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={b().counters}>
                          {(c) => (
                            <tr data-subject={c.subjectId}>
                              <th scope="row" lang={dataLang(c.name)}>
                                {c.name ?? c.subjectId}
                              </th>
                              <For each={counterKpis()}>{(k) => <Cell kpi={k} row={c} href={null} />}</For>
                            </tr>
                          )}
                        </For>
                      </tbody>
                    </table>
                  </div>
                </Show>
                <Show when={hallKpis().length > 0}>
                  <h2>{t('kpiViews.board.hall')}</h2>
                  <div class="table-wrap">
                    <table class="data cards kpi-table hall-row">
                      <thead>
                        <tr>
                          <th scope="col">{t('kpiViews.hall')}</th>
                          <th scope="col" class="num">
                            {t('kpiViews.total')}
                          </th>
                          <For each={hallKpis()}>
                            {(k) => (
                              <th scope="col" class="num">
                                {kpiName(k)}
                              </th>
                            )}
                          </For>
                        </tr>
                      </thead>
                      <tbody>
                        <tr>
                          <th scope="row" lang={dataLang(b().hallRow.name)}>
                            {b().hallRow.name}
                          </th>
                          <td class={`num total tone-${scoreTone(b().hallRow.total)}`} data-label={t('kpiViews.total')}>
                            <span class="value">{scoreText(b().hallRow.total)}</span>
                            <Delta now={b().hallRow.total} before={b().hallRow.previous?.total} />
                          </td>
                          <For each={hallKpis()}>{(k) => <Cell kpi={k} row={b().hallRow} href={null} />}</For>
                        </tr>
                      </tbody>
                    </table>
                  </div>
                </Show>
                <p class="legend muted">{t('kpiViews.legend')}</p>
              </Show>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
