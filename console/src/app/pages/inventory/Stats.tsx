/**
 * 统计 (/inventory/stats): distribution (下发, what reached the halls) and consumption (发放, net of takings-back)
 * of an org unit over a day, week, month or chosen period, by item, hall, child unit, campaign, day, week,
 * month or business type, optionally of one item — and, first, consumption per 100 customers of each
 * business type. Then stock by age with the campaign materials past their validity and what must happen to
 * them, and the days a hall or a clerk handed out far more than its customers make plausible. Every table
 * exports. The view is in the address (`?unit=&period=&from=&to=&dim=&item=`), with the analysis pages'
 * period rules.
 */
import { useSearchParams } from '@solidjs/router';
import { createMemo, createResource, For, Show } from 'solid-js';
import { api } from '../../api.ts';
import { PeriodControls } from '../analysis/PeriodControls.tsx';
import { Loaded } from '../../components/States.tsx';
import { lastGood } from '../../resource.ts';
import { clockIn, dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { periodOf, readState, stepPeriod, type PeriodKind } from '../analysis/state.ts';
import { named, topUnit, UnitPicker } from './more-text.tsx';
import { InventoryNav } from './inventory-text.tsx';
import { StatsTables } from './StatsTables.tsx';
import '../analysis/analysis.css';
import './more.css';

export const DIMS = ['item', 'hall', 'unit', 'campaign', 'day', 'week', 'month', 'service'] as const;
export type Dim = (typeof DIMS)[number];

const ZONE = 'Asia/Shanghai';

export default function StatsPage() {
  const [search, setSearch] = useSearchParams();
  const [base, { refetch }] = createResource(async () => {
    const [units, items] = await Promise.all([api.org.tree.query(), api.inventory.items.query()]);
    return { units, items: items.filter((i) => i.kind === 'item') };
  });
  const baseNow = lastGood(base);
  const today = () => clockIn(ZONE).date;
  const s = createMemo(() => readState(search, today(), topUnit(baseNow()?.units ?? [])));
  const dim = (): Dim => {
    const d = search.dim;
    return (DIMS as readonly string[]).includes(String(d)) ? (d as Dim) : 'item';
  };
  const itemId = () => {
    const i = typeof search.item === 'string' ? search.item : '';
    return baseNow()?.items.some((x) => x.id === i) ? i : undefined;
  };
  const set = (patch: Record<string, string | undefined>) => setSearch(patch);
  const pickPeriod = (period: PeriodKind) => {
    if (period === 'custom') return set({ period, from: s().from, to: s().to });
    set({ period, from: periodOf(period, s().to, today()).from, to: undefined });
  };
  const step = (n: number) => {
    const p = stepPeriod(s(), n, today());
    set({ from: p.from, to: s().period === 'custom' ? p.to : undefined });
  };
  const unitName = () => baseNow()?.units.find((u) => u.id === s().unit)?.name ?? '';

  return (
    <section class="inventory-more stats analysis">
      <div class="page-head">
        <h1>
          {t('inventory.stats.title')}
          <Show when={unitName()}>
            {' · '}
            <span lang={dataLang(unitName())}>{unitName()}</span>
          </Show>
        </h1>
      </div>
      <InventoryNav />
      <Loaded of={base} retry={() => void refetch()} refused="inventory.more.refused">
        {(v) => (
          <Show
            when={s().unit}
            fallback={
              <p class="empty" role="status">
                {t('inventory.stats.noUnits')}
              </p>
            }
          >
            {(unit) => (
              <>
                <div class="analysis-controls">
                  <UnitPicker units={v().units} value={unit()} onChange={(id) => set({ unit: id })} />
                  <PeriodControls
                    period={s().period}
                    from={s().from}
                    to={s().to}
                    today={today()}
                    onPick={pickPeriod}
                    onStep={step}
                    onRange={(r) => set(r)}
                  />
                  <label>
                    {t('inventory.stats.item')}
                    <select
                      name="item"
                      value={itemId() ?? ''}
                      onChange={(e) => set({ item: e.currentTarget.value || undefined })}
                    >
                      <option value="">{t('inventory.stats.allItems')}</option>
                      <For each={v().items}>
                        {(i) => (
                          <option value={i.id} selected={i.id === itemId()}>
                            {named(i)}
                          </option>
                        )}
                      </For>
                    </select>
                  </label>
                </div>
                <Show when={!search.from && !search.period}>
                  <p class="hint">{t('analysis.defaultPeriod')}</p>
                </Show>
                <StatsTables
                  unit={unit()}
                  unitName={unitName()}
                  from={s().from}
                  to={s().to}
                  dim={dim()}
                  itemId={itemId()}
                  item={v().items.find((i) => i.id === itemId())}
                  onDim={(d) => set({ dim: d })}
                />
              </>
            )}
          </Show>
        )}
      </Loaded>
    </section>
  );
}
