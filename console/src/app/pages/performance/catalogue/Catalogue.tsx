/**
 * 指标库 The KPI catalogue (/kpis): every KPI at its newest version — name in the UI's language, formula,
 * unit, direction, target, weight, who it applies to, period, version — each opening its editor; retired
 * ones in a section of their own when asked for. An empty catalogue offers the default KPIs.
 */
import { A } from '@solidjs/router';
import { PerfNav } from '../../../components/PerfNav.tsx';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, errorMessage } from '../../../api.ts';
import { Loaded } from '../../../components/States.tsx';
import { count, dataLang, decimal } from '../../../format.ts';
import { t } from '../../../i18n.ts';
import { appliesToText, directionText, kpiName, periodText, unitText, valueText, type KpiItem } from './kpi-text.ts';
import './catalogue.css';

function KpiTable(props: { items: KpiItem[]; units: Record<string, string> }) {
  return (
    <div class="table-wrap">
      <table class="data cards kpi-table">
        <thead>
          <tr>
            <th scope="col">{t('catalogue.col.name')}</th>
            <th scope="col">{t('catalogue.col.formula')}</th>
            <th scope="col">{t('catalogue.col.unit')}</th>
            <th scope="col">{t('catalogue.col.direction')}</th>
            <th scope="col" class="num">
              {t('catalogue.col.target')}
            </th>
            <th scope="col" class="num">
              {t('catalogue.col.weight')}
            </th>
            <th scope="col">{t('catalogue.col.appliesTo')}</th>
            <th scope="col">{t('catalogue.col.period')}</th>
            <th scope="col">{t('catalogue.col.version')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.items}>
            {(k) => (
              <tr data-kpi={k.key}>
                <th scope="row" lang={dataLang(kpiName(k))}>
                  <A href={`/kpis/${k.key}`}>{kpiName(k)}</A>
                </th>
                <td data-label={t('catalogue.col.formula')}>
                  <code class="formula-inline" translate="no">
                    {k.formula}
                  </code>
                </td>
                <td data-label={t('catalogue.col.unit')}>{unitText(k.unit)}</td>
                <td data-label={t('catalogue.col.direction')}>{directionText(k.direction)}</td>
                <td class="num" data-label={t('catalogue.col.target')}>
                  {valueText(k.target, k.unit)}
                </td>
                <td class="num" data-label={t('catalogue.col.weight')}>
                  {decimal(k.weight, 0)}
                </td>
                <td class="wrap" data-label={t('catalogue.col.appliesTo')}>
                  {appliesToText(k.appliesTo, props.units)}
                </td>
                <td data-label={t('catalogue.col.period')}>{periodText(k.period)}</td>
                <td data-label={t('catalogue.col.version')}>
                  {t('catalogue.versionOf', { version: count(k.version), n: count(k.versions) })}
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

export default function CataloguePage() {
  const [showRetired, setShowRetired] = createSignal(false);
  // The source is an object: a bare `false` would keep the resource from loading at all.
  const [data, { refetch }] = createResource(
    () => ({ includeRetired: showRetired() }),
    (input) => api.kpis.list.query(input),
  );
  const [note, setNote] = createSignal<{ ok: boolean; text: string } | null>(null);
  const seed = async () => {
    try {
      const r = await api.kpis.seedDefaults.mutate();
      setNote({ ok: true, text: t('catalogue.seeded', { n: count(r.written.length) }) });
      await refetch();
    } catch (err) {
      setNote({ ok: false, text: errorMessage(err) });
    }
  };
  return (
    <section class="catalogue-page">
      <div class="page-head">
        <h1>{t('catalogue.title')}</h1>
        <PerfNav />
        {/* Reading a failed resource throws: its state is looked at first. */}
        <Show when={!data.error && data()?.canEdit}>
          <A class="button" href="/kpis/new">
            {t('catalogue.new')}
          </A>
        </Show>
      </div>
      <p class="muted">{t('catalogue.intro')}</p>
      <label class="check">
        <input type="checkbox" checked={showRetired()} onChange={(e) => setShowRetired(e.currentTarget.checked)} />
        {t('catalogue.showRetired')}
      </label>
      <Show when={note()}>{(n) => <p class={n().ok ? 'ok' : 'error'}>{n().text}</p>}</Show>
      <Loaded of={data} retry={() => void refetch()} refused="catalogue.refused">
        {(d) => {
          const active = () => d().items.filter((k) => !k.retiredAt);
          const retired = () => d().items.filter((k) => k.retiredAt);
          return (
            <>
              <Show
                when={active().length > 0}
                fallback={
                  <div class="empty">
                    <p>{t('catalogue.empty')}</p>
                    <Show when={d().canEdit}>
                      <button type="button" onClick={() => void seed()}>
                        {t('catalogue.seed')}
                      </button>
                    </Show>
                  </div>
                }
              >
                <KpiTable items={active()} units={d().units} />
              </Show>
              <Show when={showRetired() && retired().length > 0}>
                <h2>{t('catalogue.retiredTitle')}</h2>
                <div class="retired">
                  <KpiTable items={retired()} units={d().units} />
                </div>
              </Show>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
