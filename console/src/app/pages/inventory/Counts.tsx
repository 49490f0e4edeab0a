/**
 * 盘点 (/inventory/counts), made for a phone on the shop floor: choose the hall or warehouse, count what is
 * on the shelf — the books' quantities are not shown while counting, so the count is not led by them —
 * then see each line's variance against the books, give a reason and submit. Below, the counts of the
 * locations the user sees with their variances; the unit above the location approves or refuses (never
 * the one who counted). The location is in the address (`?at=hall:NS`).
 */
import { useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, createResource, createSignal, For, on, Show } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { api, type Outputs } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { Loaded } from '../../components/States.tsx';
import { lastGood } from '../../resource.ts';
import { count, dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { CountCard } from './CountsCard.tsx';
import { named, Name, unitName, type Item } from './more-text.tsx';
import { InventoryNav } from './inventory-text.tsx';
import './more.css';

type Count = Outputs['inventory']['counts'][number];

export default function CountsPage() {
  const [search, setSearch] = useSearchParams<{ at?: string }>();
  const [base, { refetch }] = createResource(async () => {
    const [locations, items] = await Promise.all([api.inventory.locations.query(), api.inventory.items.query()]);
    return { locations: locations.filter((l) => l.kind === 'hall' || l.kind === 'warehouse'), items };
  });
  const baseNow = lastGood(base);
  const at = () => {
    const list = baseNow()?.locations ?? [];
    return list.find((l) => l.id === search.at)?.id ?? list.find((l) => l.kind === 'hall')?.id ?? list[0]?.id ?? null;
  };
  const [stock, stockActions] = createResource(at, (locationId) => api.inventory.stock.query({ locationId }));
  const stockNow = lastGood(stock);
  const [counts, countsActions] = createResource(
    () => baseNow() && true,
    () => api.inventory.counts.query(),
  );
  const notices = createNotices();
  /** Counted quantities per item ('' while not counted) and the items added by hand. */
  const [counted, setCounted] = createStore<Record<string, number | ''>>({});
  const [added, setAdded] = createSignal<string[]>([]);
  const [reviewing, setReviewing] = createSignal(false);
  const [reason, setReason] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  // A new location starts a new count.
  createEffect(
    on(at, () => {
      setCounted(reconcile({}));
      setAdded([]);
      setReviewing(false);
      setReason('');
    }),
  );
  const items = createMemo(() => new Map((baseNow()?.items ?? []).map((i) => [i.id, i])));
  const book = (itemId: string) =>
    stockNow()?.stock.find((s) => s.itemId === itemId && s.locationId === at())?.qty ?? 0;
  /** The lines to count: what the books hold here, and what was added. */
  const lines = createMemo((): Item[] => {
    const held = (stockNow()?.stock ?? []).filter((s) => s.locationId === at() && s.qty > 0).map((s) => s.itemId);
    const ids = [...new Set([...held, ...added()])];
    return ids.flatMap((id) => (items().get(id) ? [items().get(id) as Item] : []));
  });
  const addable = createMemo(() =>
    (baseNow()?.items ?? []).filter((i) => i.kind === 'item' && i.active && !lines().some((l) => l.id === i.id)),
  );
  const entered = () => lines().filter((l) => typeof counted[l.id] === 'number');
  const submit = async () => {
    const locationId = at();
    if (!locationId) return;
    setBusy(true);
    notices.clear();
    try {
      await api.inventory.submitCount.mutate({
        locationId,
        lines: entered().map((l) => ({ itemId: l.id, counted: counted[l.id] as number })),
        ...(reason().trim() ? { reason: reason().trim() } : {}),
      });
      notices.ok('inventory.count.submitted');
      setCounted(reconcile({}));
      setAdded([]);
      setReviewing(false);
      setReason('');
      void countsActions.refetch();
    } catch (err) {
      notices.fail(err);
    } finally {
      setBusy(false);
    }
  };
  const variance = (l: Item) => (counted[l.id] as number) - book(l.id);

  return (
    <section class="inventory-more counts">
      <div class="page-head">
        <h1>{t('inventory.count.title')}</h1>
      </div>
      <InventoryNav />
      <Loaded of={base} retry={() => void refetch()} refused="inventory.more.refused">
        {(v) => (
          <Show
            when={v().locations.length > 0}
            fallback={
              <p class="empty" role="status">
                {t('inventory.count.noLocations')}
              </p>
            }
          >
            <div class="count-new" data-testid="count-new">
              <h2>{t('inventory.count.new')}</h2>
              <label>
                {t('inventory.count.location')}
                <select name="location" value={at() ?? ''} onChange={(e) => setSearch({ at: e.currentTarget.value })}>
                  <For each={v().locations}>
                    {(l) => (
                      <option value={l.id} selected={l.id === at()} lang={dataLang(named(l))}>
                        {named(l)}
                      </option>
                    )}
                  </For>
                </select>
              </label>
              <Loaded of={stock} retry={() => void stockActions.refetch()} refused="inventory.more.refused">
                {() => (
                  <Show
                    when={!reviewing()}
                    fallback={
                      <div class="count-review" data-testid="count-review">
                        <p class="hint">{t('inventory.count.reviewHelp')}</p>
                        <ul class="count-lines">
                          <For each={entered()}>
                            {(l) => (
                              <li data-item={l.id}>
                                <Name text={named(l)} class="line-name" />
                                <span class="line-figures">
                                  {t('inventory.count.reviewLine', {
                                    counted: count(counted[l.id] as number),
                                    book: count(book(l.id)),
                                    unit: unitName(l),
                                  })}
                                </span>
                                <span
                                  class="variance"
                                  classList={{ short: variance(l) < 0, over: variance(l) > 0 }}
                                  data-variance={variance(l)}
                                >
                                  {variance(l) === 0
                                    ? t('inventory.count.noVariance')
                                    : t('inventory.count.variance', {
                                        n: `${variance(l) > 0 ? '+' : '−'}${count(Math.abs(variance(l)))}`,
                                      })}
                                </span>
                              </li>
                            )}
                          </For>
                        </ul>
                        <label>
                          {t('inventory.count.reason')}
                          <input
                            name="reason"
                            maxLength={300}
                            value={reason()}
                            placeholder={t('inventory.count.reasonHint')}
                            onInput={(e) => setReason(e.currentTarget.value)}
                          />
                        </label>
                        <div class="form-actions">
                          <button type="button" class="primary" disabled={busy()} onClick={() => void submit()}>
                            {busy() ? t('inventory.more.saving') : t('inventory.count.submit')}
                          </button>
                          <button type="button" onClick={() => setReviewing(false)}>
                            {t('inventory.count.back')}
                          </button>
                        </div>
                      </div>
                    }
                  >
                    <p class="hint">{t('inventory.count.countHelp')}</p>
                    <Show
                      when={lines().length > 0}
                      fallback={
                        <p class="empty" role="status">
                          {t('inventory.count.nothingHeld')}
                        </p>
                      }
                    >
                      <ul class="count-lines">
                        <For each={lines()}>
                          {(l) => (
                            <li data-item={l.id}>
                              <label class="count-line">
                                <Name text={named(l)} class="line-name" />
                                <span class="count-input">
                                  <input
                                    type="number"
                                    inputMode="numeric"
                                    min={0}
                                    max={1000000}
                                    value={counted[l.id] ?? ''}
                                    aria-label={t('inventory.count.countedOf', { item: named(l) })}
                                    onInput={(e) =>
                                      setCounted(
                                        l.id,
                                        e.currentTarget.value === ''
                                          ? ''
                                          : Math.max(0, Math.round(e.currentTarget.valueAsNumber)),
                                      )
                                    }
                                  />
                                  <span>{unitName(l)}</span>
                                </span>
                              </label>
                            </li>
                          )}
                        </For>
                      </ul>
                    </Show>
                    <Show when={addable().length > 0}>
                      <label>
                        {t('inventory.count.addItem')}
                        <select
                          name="add"
                          value=""
                          onChange={(e) => {
                            const id = e.currentTarget.value;
                            if (id) setAdded((a) => [...a, id]);
                            e.currentTarget.value = '';
                          }}
                        >
                          <option value="">{t('inventory.more.choose')}</option>
                          <For each={addable()}>{(i) => <option value={i.id}>{named(i)}</option>}</For>
                        </select>
                      </label>
                    </Show>
                    <div class="form-actions">
                      <button
                        type="button"
                        class="primary"
                        data-action="review"
                        disabled={entered().length === 0}
                        onClick={() => {
                          notices.clear();
                          setReviewing(true);
                        }}
                      >
                        {t('inventory.count.review', { n: count(entered().length) })}
                      </button>
                    </div>
                  </Show>
                )}
              </Loaded>
              <Notices of={notices} />
            </div>

            <h2>{t('inventory.count.history')}</h2>
            <Loaded of={counts} retry={() => void countsActions.refetch()} refused="inventory.more.refused">
              {(list) => (
                <Show
                  when={list().length > 0}
                  fallback={
                    <p class="empty" role="status">
                      {t('inventory.count.none')}
                    </p>
                  }
                >
                  <div class="count-cards" data-testid="counts">
                    <For each={list()}>
                      {(c: Count) => <CountCard count={c} onDecided={() => void countsActions.refetch()} />}
                    </For>
                  </div>
                </Show>
              )}
            </Loaded>
          </Show>
        )}
      </Loaded>
    </section>
  );
}
