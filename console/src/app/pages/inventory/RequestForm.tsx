/**
 * 申请物料 (/inventory/transfers/new), made for a phone: the hall (one of the user's), each material with a
 * stepper and what the hall holds of it now, kits shown as kits with their parts (the cloud books a kit as
 * its parts), a note → `inventory.request`, then the new transfer's page.
 */
import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { api, errorMessage, type Outputs } from '../../api.ts';
import { Loaded } from '../../components/States.tsx';
import { clockIn, count, dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { session } from '../../session.ts';
import { INVENTORY_ROLES, Name, named, qty, unitOf, type Item } from './inventory-text.tsx';
import { Stepper } from './Stepper.tsx';
import { PickName } from './ItemPhoto.tsx';
import './inventory.css';

type Unit = Outputs['org']['tree'][number];

/** The halls under the user's inventory grants (a hall manager's hall, a region's halls). */
function hallsOf(units: Unit[], grants: Array<{ role: string; orgUnitId: string }>) {
  const byId = new Map(units.map((u) => [u.id, u]));
  const roots = new Set(
    grants.filter((g) => (INVENTORY_ROLES as readonly string[]).includes(g.role)).map((g) => g.orgUnitId),
  );
  const under = (u: Unit | undefined): boolean => !!u && (roots.has(u.id) || under(byId.get(u.parentId ?? '')));
  return units
    .filter((u) => u.kind === 'hall' && u.hallId && under(u))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

export default function RequestPage() {
  const { me } = session();
  const [data, { refetch }] = createResource(async () => {
    const [units, items, stock] = await Promise.all([
      api.org.tree.query(),
      api.inventory.items.query(),
      api.inventory.stock.query(),
    ]);
    return { units, items, stock };
  });
  return (
    <section class="inventory phone-first">
      <p class="crumbs">
        <A href="/inventory/transfers">{t('inventory.transfers.title')}</A>
      </p>
      <h1>{t('inventory.request.title')}</h1>
      <Loaded of={data} retry={() => void refetch()} refused="inventory.refused">
        {(d) => (
          <RequestFields halls={hallsOf(d().units, me()?.grants ?? [])} items={d().items} stock={d().stock.stock} />
        )}
      </Loaded>
    </section>
  );
}

function RequestFields(props: { halls: Unit[]; items: Item[]; stock: Outputs['inventory']['stock']['stock'] }) {
  const navigate = useNavigate();
  const [search] = useSearchParams<{ hall?: string }>();
  const [hallId, setHallId] = createSignal(
    props.halls.find((h) => h.hallId === search.hall)?.hallId ?? props.halls[0]?.hallId ?? '',
  );
  const [amounts, setAmounts] = createStore<Record<string, number>>({});
  const [note, setNote] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const day = clockIn(Intl.DateTimeFormat().resolvedOptions().timeZone).date;
  const byId = createMemo(() => new Map(props.items.map((i) => [i.id, i])));
  /** What may be asked for today: active, within its validity; kits after the single items. */
  const offered = createMemo(() =>
    props.items
      .filter((i) => i.active && (!i.validFrom || i.validFrom <= day) && (!i.validTo || i.validTo >= day))
      .sort((a, b) => (a.kind === b.kind ? named(a).localeCompare(named(b), 'zh-CN') : a.kind === 'kit' ? 1 : -1)),
  );
  const onHand = (itemId: string) =>
    props.stock.find((s) => s.locationId === `hall:${hallId()}` && s.itemId === itemId)?.qty ?? 0;
  const chosen = () => offered().filter((i) => (amounts[i.id] ?? 0) > 0);
  const parts = (kit: Item) =>
    kit.parts
      .map((p) => {
        const part = byId().get(p.itemId);
        return part ? `${named(part)} × ${count(p.qty)}` : null;
      })
      .filter(Boolean)
      .join(t('common.listSeparator'));

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const { id } = await api.inventory.request.mutate({
        hallId: hallId(),
        lines: chosen().map((i) => ({ itemId: i.id, qty: amounts[i.id] ?? 0 })),
        ...(note().trim() ? { note: note().trim() } : {}),
      });
      navigate(`/inventory/transfers/${id}?done=requested`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Show when={props.halls.length > 0} fallback={<p class="state empty">{t('inventory.request.noHall')}</p>}>
      <Show
        when={props.halls.length > 1}
        fallback={
          <p class="hall-line">
            {t('inventory.request.for')} <Name text={props.halls[0]!.name} />
          </p>
        }
      >
        <label class="field">
          <span>{t('inventory.request.hall')}</span>
          <select value={hallId()} onChange={(e) => setHallId(e.currentTarget.value)}>
            <For each={props.halls}>
              {(h) => (
                <option value={h.hallId!} lang={dataLang(h.name)}>
                  {h.name}
                </option>
              )}
            </For>
          </select>
        </label>
      </Show>
      <Show when={offered().length > 0} fallback={<p class="state empty">{t('inventory.request.noItems')}</p>}>
        <ul class="pick-list" data-testid="request-items">
          <For each={offered()}>
            {(i) => (
              <li data-item={i.id} classList={{ chosen: (amounts[i.id] ?? 0) > 0 }}>
                <PickName
                  item={i}
                  badge={
                    <Show when={i.kind === 'kit'}>
                      {' '}
                      <span class="badge">{t('inventory.kit')}</span>
                    </Show>
                  }
                  detail={
                    i.kind === 'kit'
                      ? t('inventory.request.kitOf', { parts: parts(i) })
                      : t('inventory.request.onHand', { qty: qty(onHand(i.id), unitOf(i)) })
                  }
                />
                <Stepper
                  label={named(i)}
                  value={amounts[i.id] ?? 0}
                  max={1_000_000}
                  onChange={(n) => setAmounts(i.id, n)}
                />
                <span class="pick-unit">{unitOf(i)}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <label class="field">
        <span>{t('inventory.request.note')}</span>
        <textarea
          rows={2}
          maxLength={300}
          placeholder={t('inventory.request.notePlaceholder')}
          value={note()}
          onInput={(e) => setNote(e.currentTarget.value)}
        />
      </label>
      <div class="submit-bar">
        <span class="muted">{t('inventory.request.summary', { n: chosen().length })}</span>
        <button
          type="button"
          class="primary"
          data-action="request"
          disabled={busy() || chosen().length === 0 || !hallId()}
          onClick={() => void submit()}
        >
          {busy() ? t('inventory.sending') : t('inventory.request.submit')}
        </button>
      </div>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </Show>
  );
}
