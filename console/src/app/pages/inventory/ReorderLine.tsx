/**
 * One reorder line in words: how much is handed out per 100 customers of each service, the customers the
 * coming days are expected to bring, the daily demand, lead time and safety stock giving the reorder point,
 * and what is on hand and on its way — "近28天每百名办卡客户领取 60 张；预测日均 20 名办卡客户；每日约 13 张；
 * 到货周期 3 天 + 安全 2 天 → 再订货点 65 张；现有 56 张 + 在途 0，约可用 4.3 天". Service names are data and
 * keep their own language inside the sentence.
 */
import { For, Show } from 'solid-js';
import type { Outputs } from '../../api.ts';
import { lang, t } from '../../i18n.ts';
import { Say } from '../analysis/parts.tsx';
import { named, Name, unitName } from './more-text.tsx';

export type ReorderLine = Outputs['inventory']['reorder'][number];

/** Days the rates are learnt from (stats.service.ts RATE_DAYS). */
const RATE_DAYS = 28;

/** A figure as people say it: whole where whole, else to a tenth. */
export const fig = (n: number) => new Intl.NumberFormat(lang(), { maximumFractionDigits: 1 }).format(n);

export function Reasoning(props: { line: ReorderLine }) {
  const l = () => props.line;
  const u = () => unitName(l());
  const sep = () => t('inventory.reorder.sep');
  const idle = () => l().meanDailyDemand <= 0;
  return (
    <Show
      when={!idle()}
      fallback={
        <p class="reasoning" data-testid="reasoning">
          {t('inventory.reorder.idle', {
            days: RATE_DAYS,
            onHand: fig(l().onHand),
            incoming: fig(l().incoming),
            unit: u(),
          })}
        </p>
      }
    >
      <p class="reasoning" data-testid="reasoning">
        <For each={l().why}>
          {(w) => (
            <>
              <Say
                text="inventory.reorder.rate"
                params={{ days: RATE_DAYS, per100: fig(w.per100), unit: u() }}
                data={{ service: w.serviceName ?? t('inventory.reorder.someService') }}
              />
              {sep()}
              <Say
                text={l().forecastSource === 'forecast' ? 'inventory.reorder.forecast' : 'inventory.reorder.history'}
                params={{ n: fig(w.customersPerDay) }}
                data={{ service: w.serviceName ?? t('inventory.reorder.someService') }}
              />
              {sep()}
            </>
          )}
        </For>
        <Show when={l().bulkPerDay > 0}>
          {t('inventory.reorder.bulk', { n: fig(l().bulkPerDay), unit: u() })}
          {sep()}
        </Show>
        {t('inventory.reorder.daily', { n: fig(l().meanDailyDemand), unit: u() })}
        {sep()}
        {t('inventory.reorder.point', {
          lead: fig(l().leadTimeDays),
          safety: fig(l().safetyDays),
          point: fig(l().reorderPoint),
          unit: u(),
        })}
        {sep()}
        {l().coverDays === null
          ? t('inventory.reorder.positionNoDemand', { onHand: fig(l().onHand), incoming: fig(l().incoming), unit: u() })
          : t('inventory.reorder.position', {
              onHand: fig(l().onHand),
              incoming: fig(l().incoming),
              cover: fig(l().coverDays ?? 0),
              unit: u(),
            })}
        <Show when={l().low && l().suggested > 0}>
          {sep()}
          <strong>
            {t('inventory.reorder.suggest', { n: fig(l().suggested), upTo: fig(l().orderUpTo), unit: u() })}
          </strong>
        </Show>
      </p>
    </Show>
  );
}

export function LineCard(props: { line: ReorderLine }) {
  const l = () => props.line;
  const state = () => (l().low ? 'low' : l().meanDailyDemand > 0 ? 'ok' : 'idle');
  return (
    <article class="reorder-line" classList={{ low: l().low }} data-item={l().itemId} data-low={String(l().low)}>
      <header>
        <h3>
          <Name text={named(l())} />
        </h3>
        <span class={`badge ${state() === 'low' ? 'critical' : state() === 'ok' ? 'ok' : ''}`}>
          {t(`inventory.reorder.state.${state()}`)}
        </span>
      </header>
      <Reasoning line={l()} />
    </article>
  );
}
