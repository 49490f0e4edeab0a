/**
 * 排行榜 `/kpis/league?unit=&of=halls|clerks&kpi=&p=&date=`: the halls or the clerks under an org unit
 * (only units under the caller's grants are offered) ranked by one KPI or by the total over a period;
 * those below the KPI's minimum sample are listed apart, not ranked.
 */
import { A, useSearchParams } from '@solidjs/router';
import { PerfNav } from '../../../components/PerfNav.tsx';
import { createMemo, createResource, For, Show } from 'solid-js';
import { api, type Outputs } from '../../../api.ts';
import { ExportButtons } from '../../../components/ExportButtons.tsx';
import { Loaded } from '../../../components/States.tsx';
import type { TableSpec } from '../../../export/table-spec.ts';
import { clockIn, count, dataLang } from '../../../format.ts';
import { t } from '../../../i18n.ts';
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
  valueText,
  type PeriodInput,
} from './kpi-text.tsx';
import './views.css';

type Choices = Outputs['kpiViews']['choices'];
type League = Outputs['kpiViews']['league'];
type Row = League['ranked'][number];
const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The units as a tree in depth-first order, indented by depth (only those the caller may see). */
function unitOptions(units: Choices['units']) {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, Choices['units']>();
  for (const u of units) {
    const parent = u.parentId && ids.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: Array<{ unit: Choices['units'][number]; depth: number }> = [];
  const walk = (parent: string | null, depth: number) => {
    for (const u of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))) {
      out.push({ unit: u, depth });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export default function LeaguePage() {
  const [search, setSearch] = useSearchParams<{
    unit?: string;
    of?: string;
    kpi?: string;
    p?: string;
    date?: string;
    from?: string;
    to?: string;
  }>();
  const [choices, { refetch }] = createResource(() => api.kpiViews.choices.query());
  const today = () => clockIn(browserZone).date;
  const period = createMemo(
    () => periodFrom(search, today(), 'month', false) as Exclude<PeriodInput, { kind: 'today' }>,
  );
  const of = () => (search.of === 'halls' ? 'hall' : 'clerk') as 'hall' | 'clerk';
  return (
    <section class="kpi-views kpi-league">
      <Loaded of={choices} retry={() => void refetch()} refused="kpiViews.refusedLeague">
        {(c) => {
          const options = () => unitOptions(c().units);
          const unit = () =>
            (options().some((o) => o.unit.id === search.unit) ? search.unit : options()[0]?.unit.id) ?? null;
          const kpis = () => c().kpis.filter((k) => k.subjects.includes(of()));
          const kpi = () => (kpis().some((k) => k.key === search.kpi) ? (search.kpi as string) : null);
          return (
            <>
              <div class="page-head">
                <h1>{t('kpiViews.league.title')}</h1>
                <PerfNav />
                <PeriodChooser
                  value={period()}
                  today={today()}
                  allowToday={false}
                  onChange={(p) => setSearch({ ...periodSearch(p) })}
                />
              </div>
              <Show when={options().length > 0} fallback={<p class="empty">{t('kpiViews.league.noUnits')}</p>}>
                <div class="filters league-filters">
                  <label>
                    {t('kpiViews.league.unit')}
                    <select onChange={(e) => setSearch({ unit: e.currentTarget.value })}>
                      <For each={options()}>
                        {(o) => (
                          <option value={o.unit.id} selected={o.unit.id === unit()} lang={dataLang(o.unit.name)}>
                            {'\u3000'.repeat(o.depth)}
                            {o.unit.name}
                          </option>
                        )}
                      </For>
                    </select>
                  </label>
                  <div class="segmented" role="group" aria-label={t('kpiViews.league.of')}>
                    <button
                      type="button"
                      aria-pressed={of() === 'hall'}
                      onClick={() => setSearch({ of: 'halls', kpi: undefined })}
                    >
                      {t('kpiViews.league.halls')}
                    </button>
                    <button
                      type="button"
                      aria-pressed={of() === 'clerk'}
                      onClick={() => setSearch({ of: 'clerks', kpi: undefined })}
                    >
                      {t('kpiViews.league.clerks')}
                    </button>
                  </div>
                  <label>
                    {t('kpiViews.league.by')}
                    <select onChange={(e) => setSearch({ kpi: e.currentTarget.value || undefined })}>
                      <option value="" selected={kpi() === null}>
                        {t('kpiViews.total')}
                      </option>
                      <For each={kpis()}>
                        {(k) => (
                          <option value={k.key} selected={k.key === kpi()}>
                            {kpiName(k)}
                          </option>
                        )}
                      </For>
                    </select>
                  </label>
                </div>
                <Show when={unit()}>
                  {(u) => <Table orgUnitId={u()} subjectKind={of()} kpiKey={kpi()} period={period()} />}
                </Show>
              </Show>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

function Table(props: {
  orgUnitId: string;
  subjectKind: 'hall' | 'clerk';
  kpiKey: string | null;
  period: Exclude<PeriodInput, { kind: 'today' }>;
}) {
  const [league, { refetch }] = createResource(
    () => ({ ...props }),
    (q) => api.kpiViews.league.query(q),
  );
  return (
    <Loaded of={league} retry={() => void refetch()} refused="kpiViews.refusedLeague">
      {(l) => {
        const name = (r: Omit<Row, 'rank'>) => (l().subjectKind === 'hall' ? (r.name ?? r.hallId) : clerkLabel(r));
        const href = (r: Row) =>
          l().subjectKind === 'hall'
            ? `/halls/${encodeURIComponent(r.hallId)}/kpis?${periodQuery(props.period)}`
            : r.employeeId
              ? `/staff/${encodeURIComponent(r.employeeId)}/kpis?${l().kpi ? `kpi=${l().kpi?.key}&` : ''}${periodQuery(props.period)}`
              : null;
        const spec = (): TableSpec<Row> => {
          const k = l().kpi;
          return {
            columns: [
              { title: 'kpiViews.league.rank', kind: 'count', value: (r) => r.rank },
              { title: l().subjectKind === 'hall' ? 'kpiViews.hall' : 'kpiViews.clerk', kind: 'text', value: name },
              ...(l().subjectKind === 'clerk'
                ? [
                    {
                      title: 'kpiViews.hall' as const,
                      kind: 'text' as const,
                      value: (r: Row) => r.hallName ?? r.hallId,
                    },
                  ]
                : []),
              ...(k
                ? [
                    {
                      title: 'kpiViews.value' as const,
                      label: kpiName(k),
                      kind: exportCell(k.unit, null).kind,
                      value: (r: Row) => exportCell(k.unit, r.value).value,
                    },
                    { title: 'kpiViews.score' as const, kind: 'decimal' as const, value: (r: Row) => r.score },
                  ]
                : [{ title: 'kpiViews.total' as const, kind: 'decimal' as const, value: (r: Row) => r.total }]),
            ],
            rows: l().ranked,
          };
        };
        return (
          <>
            <p class="note period-note">
              {rangeText(l().period)} ·{' '}
              {t('kpiViews.league.summary', { halls: count(l().halls), ranked: count(l().rankedTotal) })}
            </p>
            <div class="section-head">
              <h2>
                {l().kpi ? kpiName(l().kpi as NonNullable<League['kpi']>) : t('kpiViews.total')}
                <Show when={l().unit}>
                  {(u) => (
                    <span class="muted" lang={dataLang(u())}>
                      {' '}
                      · {u()}
                    </span>
                  )}
                </Show>
              </h2>
              <ExportButtons
                table={spec}
                title={t('kpiViews.league.title')}
                before={l().unit ?? ''}
                after={`${l().period.from}_${l().period.to}`}
              />
            </div>
            <Show when={l().ranked.length > 0} fallback={<p class="empty">{t('kpiViews.league.none')}</p>}>
              <div class="table-wrap">
                <table class="data cards league-table">
                  <thead>
                    <tr>
                      <th scope="col" class="num">
                        {t('kpiViews.league.rank')}
                      </th>
                      <th scope="col">{t(l().subjectKind === 'hall' ? 'kpiViews.hall' : 'kpiViews.clerk')}</th>
                      <Show when={l().subjectKind === 'clerk'}>
                        <th scope="col">{t('kpiViews.hall')}</th>
                      </Show>
                      <th scope="col" class="num">
                        {l().kpi ? kpiName(l().kpi as NonNullable<League['kpi']>) : t('kpiViews.total')}
                      </th>
                      <Show when={l().kpi}>
                        <th scope="col" class="num">
                          {t('kpiViews.score')}
                        </th>
                      </Show>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={l().ranked}>
                      {(r) => (
                        <tr data-subject={r.subjectId}>
                          <td class="num rank" data-label={t('kpiViews.league.rank')}>
                            {count(r.rank)}
                          </td>
                          <th scope="row">
                            <Show when={href(r)} fallback={<span lang={dataLang(name(r))}>{name(r)}</span>}>
                              {(h) => (
                                <A href={h()} lang={dataLang(name(r))}>
                                  {name(r)}
                                </A>
                              )}
                            </Show>
                          </th>
                          <Show when={l().subjectKind === 'clerk'}>
                            <td data-label={t('kpiViews.hall')} lang={dataLang(r.hallName)}>
                              {r.hallName ?? r.hallId}
                            </td>
                          </Show>
                          <Show
                            when={l().kpi}
                            fallback={
                              <td class={`num tone-${scoreTone(r.total)}`} data-label={t('kpiViews.total')}>
                                {scoreText(r.total)}
                              </td>
                            }
                          >
                            {(k) => (
                              <>
                                <td class={`num tone-${scoreTone(r.score)}`} data-label={kpiName(k())}>
                                  {valueText(k().unit, r.value)}
                                </td>
                                <td class="num" data-label={t('kpiViews.score')}>
                                  {scoreText(r.score)}
                                </td>
                              </>
                            )}
                          </Show>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </Show>
            <Show when={l().tooFew.length > 0}>
              <h2>{t('kpiViews.league.tooFew')}</h2>
              <p class="muted">
                {l().kpi?.minSample
                  ? t('kpiViews.league.tooFewRule', { min: count(l().kpi?.minSample?.n ?? 0) })
                  : t('kpiViews.league.tooFewTotal')}
              </p>
              <ul class="too-few-list">
                <For each={l().tooFew}>
                  {(r) => (
                    <li>
                      <span lang={dataLang(name(r))}>{name(r)}</span>
                      <Show when={l().subjectKind === 'clerk'}>
                        <span class="muted" lang={dataLang(r.hallName)}>
                          {' '}
                          · {r.hallName ?? r.hallId}
                        </span>
                      </Show>
                      <Show when={l().kpi}>
                        {(k) => (
                          <span class="muted">
                            {' '}
                            · {valueText(k().unit, r.value)} ·{' '}
                            {t('kpiViews.league.sample', { n: count(r.sample ?? 0) })}
                          </span>
                        )}
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </>
        );
      }}
    </Loaded>
  );
}
