/**
 * 数据分析 / Analysis: any org unit (HQ, a region, a hall) over a day, a week, a month or a chosen
 * period, against the period before or the same period last year, in six tabs loaded on first use.
 * Everything on the page is in its address (state.ts): a copied URL shows the same view, and the
 * browser's back and forward step through the drill-down.
 */
import { A, useSearchParams } from '@solidjs/router';
import { createMemo, createResource, For, lazy, Show, Suspense, type Component } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import { api } from '../../api.ts';
import { PeriodControls } from './PeriodControls.tsx';
import { Loaded, Loading } from '../../components/States.tsx';
import { clockIn, dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { lastGood } from '../../resource.ts';
import { DRILL, periodOf, readState, stepPeriod, VIEWS, type PeriodKind, type View } from './state.ts';
import type { TabProps, UnitInfo } from './tab.ts';
import { periodText } from './parts.tsx';
import './analysis.css';

const TABS: Record<View, Component<TabProps>> = {
  overview: lazy(() => import('./OverviewTab.tsx')),
  business: lazy(() => import('./BusinessTab.tsx')),
  habits: lazy(() => import('./HabitsTab.tsx')),
  clerks: lazy(() => import('./ClerksTab.tsx')),
  footfall: lazy(() => import('./FootfallTab.tsx')),
  devices: lazy(() => import('./DevicesTab.tsx')),
};

/** The analysed halls keep China's time; the period's "today" is theirs. */
const ZONE = 'Asia/Shanghai';

export default function AnalysisPage() {
  const [search, setSearch] = useSearchParams();
  const [units, { refetch: refetchUnits }] = createResource(() => api.analytics.units.query());
  const unitList = lastGood(units);
  const today = () => clockIn(ZONE).date;
  // The user's top unit: the one whose parent they may not analyse (HQ for HQ, their region, their hall).
  const top = createMemo(() => {
    const list = unitList() ?? [];
    const ids = new Set(list.map((u) => u.id));
    return list.find((u) => !u.parentId || !ids.has(u.parentId))?.id ?? null;
  });
  const s = createMemo(() => readState(search, today(), top()));
  const unitOf = (id: string | null): UnitInfo | undefined => unitList()?.find((u) => u.id === id);
  const path = createMemo(() => {
    const out: UnitInfo[] = [];
    for (let u = unitOf(s().unit); u && out.length < 10; u = unitOf(u.parentId)) out.unshift(u);
    return out;
  });
  const set = (patch: Record<string, string | undefined>) => setSearch(patch);
  const pickPeriod = (period: PeriodKind) => {
    if (period === 'custom') return set({ period, from: s().from, to: s().to });
    const p = periodOf(period, s().to, today());
    set({ period, from: p.from, to: undefined, ...DRILL });
  };
  const step = (n: number) => {
    const p = stepPeriod(s(), n, today());
    set({ from: p.from, to: s().period === 'custom' ? p.to : undefined, ...DRILL });
  };
  const defaulted = () => !search.from && !search.period;
  const unitName = () => unitOf(s().unit)?.name ?? '';

  return (
    <section class="analysis">
      <div class="page-head">
        <div>
          <nav class="crumbs" aria-label={t('analysis.path')}>
            <For each={path()}>
              {(u, i) => (
                <>
                  {i() > 0 ? <span aria-hidden="true"> › </span> : null}
                  <A
                    href={`/analysis?${new URLSearchParams({ unit: u.id, period: s().period, from: s().from, ...(s().period === 'custom' ? { to: s().to } : {}), view: s().view }).toString()}`}
                    lang={dataLang(u.name)}
                    aria-current={u.id === s().unit ? 'page' : undefined}
                  >
                    {u.name}
                  </A>
                </>
              )}
            </For>
          </nav>
          <h1>
            {t('analysis.title')}
            <Show when={unitName()}>
              {' · '}
              <span lang={dataLang(unitName())}>{unitName()}</span>
            </Show>
          </h1>
        </div>
      </div>

      <div class="analysis-controls">
        <PeriodControls
          period={s().period}
          from={s().from}
          to={s().to}
          today={today()}
          onPick={pickPeriod}
          onStep={step}
          onRange={(r) => set({ ...r, ...DRILL })}
        />
        <label>
          {t('analysis.compare')}
          <select value={s().compare} onChange={(e) => set({ compare: e.currentTarget.value })}>
            <option value="previous" selected={s().compare === 'previous'}>
              {t('analysis.compare.previous')}
            </option>
            <option value="lastYear" selected={s().compare === 'lastYear'}>
              {t('analysis.compare.lastYear')}
            </option>
            <option value="off" selected={s().compare === 'off'}>
              {t('analysis.compare.off')}
            </option>
          </select>
        </label>
      </div>
      <Show when={defaulted()}>
        <p class="hint">{t('analysis.defaultPeriod')}</p>
      </Show>

      <div class="tabs analysis-tabs" role="tablist" aria-label={t('analysis.views')}>
        <For each={VIEWS}>
          {(v) => (
            <button type="button" role="tab" aria-selected={s().view === v} onClick={() => set({ view: v, ...DRILL })}>
              {t(`analysis.view.${v}`)}
            </button>
          )}
        </For>
      </div>

      <Loaded of={units} retry={() => void refetchUnits()} refused="analysis.refused">
        {() => (
          <Show when={s().unit} fallback={<p class="empty">{t('analysis.noUnits')}</p>}>
            <div role="tabpanel">
              <Suspense fallback={<Loading />}>
                <Dynamic
                  component={TABS[s().view]}
                  s={s()}
                  set={set}
                  unit={unitOf(s().unit)}
                  unitName={unitName()}
                  periodText={periodText(s().from, s().to)}
                  today={today()}
                />
              </Suspense>
            </div>
          </Show>
        )}
      </Loaded>
    </section>
  );
}
