/**
 * 补货 (/inventory/reorder): for a hall, each material's reorder point with its reasoning in words, low lines
 * first; for a region (or HQ), every hall's low lines and the one click 一键生成补货申请 that asks, per hall,
 * for what its points suggest — answered with the requests it made, each a link to its transfer. The unit is
 * in the address (`?unit=hall-NS`).
 */
import { A, useSearchParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, type Outputs } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { Loaded } from '../../components/States.tsx';
import { lastGood } from '../../resource.ts';
import { count, dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { LineCard, type ReorderLine } from './ReorderLine.tsx';
import { Name, topUnit, UnitPicker, type OrgUnit } from './more-text.tsx';
import { InventoryNav } from './inventory-text.tsx';
import './more.css';

type Created = Outputs['inventory']['suggest']['created'];

export default function ReorderPage() {
  const [search, setSearch] = useSearchParams<{ unit?: string }>();
  const [units, { refetch }] = createResource(() => api.org.tree.query());
  const unitsNow = lastGood(units);
  const unit = (): OrgUnit | undefined => {
    const list = unitsNow() ?? [];
    return list.find((u) => u.id === search.unit) ?? list.find((u) => u.id === topUnit(list));
  };
  return (
    <section class="inventory-more reorder">
      <div class="page-head">
        <h1>{t('inventory.reorder.title')}</h1>
      </div>
      <InventoryNav />
      <Loaded of={units} retry={() => void refetch()} refused="inventory.more.refused">
        {(list) => (
          <Show
            when={unit()}
            keyed
            fallback={
              <p class="empty" role="status">
                {t('inventory.stats.noUnits')}
              </p>
            }
          >
            {(u) => (
              <>
                <div class="filters">
                  <UnitPicker units={list()} value={u.id} onChange={(id) => setSearch({ unit: id })} />
                </div>
                <p class="hint">{t('inventory.reorder.help')}</p>
                <Show when={u.hallId} fallback={<UnitView unit={u} units={list()} />} keyed>
                  {(hallId) => <HallView hallId={hallId} />}
                </Show>
              </>
            )}
          </Show>
        )}
      </Loaded>
    </section>
  );
}

function HallView(props: { hallId: string }) {
  const [lines, { refetch }] = createResource(
    () => props.hallId,
    (hallId) => api.inventory.reorder.query({ hallId }),
  );
  return (
    <Loaded
      of={lines}
      retry={() => void refetch()}
      refused="inventory.more.refused"
      notFound="inventory.reorder.noHall"
    >
      {(v) => (
        <Show
          when={v().length > 0}
          fallback={
            <p class="empty" role="status">
              {t('inventory.reorder.nothing')}
            </p>
          }
        >
          <p class="reorder-summary" data-testid="reorder-summary">
            {t('inventory.reorder.summary', {
              low: count(v().filter((l) => l.low).length),
              n: count(v().length),
            })}
          </p>
          <div class="reorder-lines" data-testid="reorder-lines">
            <For each={v()}>{(l: ReorderLine) => <LineCard line={l} />}</For>
          </div>
        </Show>
      )}
    </Loaded>
  );
}

function UnitView(props: { unit: OrgUnit; units: OrgUnit[] }) {
  const [halls, { refetch }] = createResource(
    () => props.unit.id,
    (orgUnitId) => api.inventory.unitReorder.query({ orgUnitId }),
  );
  const hallsNow = lastGood(halls);
  const [created, setCreated] = createSignal<Created | null>(null);
  const [busy, setBusy] = createSignal(false);
  const notices = createNotices();
  const hallName = (hallId: string) => hallsNow()?.find((h) => h.hallId === hallId)?.hallName ?? hallId;
  const suggest = async () => {
    setBusy(true);
    notices.clear();
    setCreated(null);
    try {
      const out = await api.inventory.suggest.mutate({ orgUnitId: props.unit.id });
      setCreated(out.created);
      void refetch();
    } catch (err) {
      notices.fail(err);
    } finally {
      setBusy(false);
    }
  };
  const hallUnit = (hallId: string) => props.units.find((u) => u.hallId === hallId)?.id;
  return (
    <Loaded of={halls} retry={() => void refetch()} refused="inventory.more.refused" notFound="analysis.notFound">
      {(v) => (
        <Show
          when={v().length > 0}
          fallback={
            <p class="empty" role="status">
              {t('inventory.reorder.noHalls')}
            </p>
          }
        >
          <div class="suggest">
            <button
              type="button"
              class="primary"
              data-action="suggest"
              disabled={busy()}
              onClick={() => void suggest()}
            >
              {busy() ? t('inventory.reorder.suggesting') : t('inventory.reorder.suggestAll')}
            </button>
            <span class="muted">
              {t('inventory.reorder.suggestHelp', {
                halls: count(v().filter((h) => h.lines.some((l) => l.low && l.suggested > 0)).length),
              })}
            </span>
          </div>
          <Notices of={notices} />
          <Show when={created()}>
            {(c) => (
              <div class="created" role="status" data-testid="created">
                <Show when={c().length > 0} fallback={<p>{t('inventory.reorder.createdNone')}</p>}>
                  <p>{t('inventory.reorder.createdTitle', { n: count(c().length) })}</p>
                  <ul>
                    <For each={c()}>
                      {(x) => (
                        <li>
                          <A href={`/inventory/transfers/${x.transferId}`}>
                            {t('inventory.reorder.transfer', { id: x.transferId })}
                          </A>
                          {' · '}
                          <Name text={hallName(x.hallId)} />
                          {' · '}
                          {t('inventory.reorder.lines', { n: count(x.lines) })}
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </div>
            )}
          </Show>
          <div class="reorder-halls" data-testid="reorder-halls">
            <For each={v()}>
              {(h) => {
                const low = () => h.lines.filter((l) => l.low);
                return (
                  <section class="reorder-hall" data-hall={h.hallId}>
                    <h2>
                      <Show when={hallUnit(h.hallId)} fallback={<Name text={h.hallName} />}>
                        {(id) => (
                          <A href={`/inventory/reorder?unit=${encodeURIComponent(id())}`} lang={dataLang(h.hallName)}>
                            {h.hallName}
                          </A>
                        )}
                      </Show>
                      <span class={`badge ${low().length ? 'critical' : 'ok'}`}>
                        {low().length
                          ? t('inventory.reorder.lowCount', { n: count(low().length) })
                          : t('inventory.reorder.allFine')}
                      </span>
                    </h2>
                    <For each={low()}>{(l) => <LineCard line={l} />}</For>
                  </section>
                );
              }}
            </For>
          </div>
        </Show>
      )}
    </Loaded>
  );
}
