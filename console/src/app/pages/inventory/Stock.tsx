/**
 * 库存 (/inventory): what is where — per item at the locations the user sees, grouped as warehouses, halls,
 * in transit and damaged; a hall manager's own hall first. Each item with its campaign and validity, an
 * item past its validity marked. A location filter (kept in the address) and the table's export.
 */
import { useSearchParams } from '@solidjs/router';
import { createMemo, createResource, For, Show } from 'solid-js';
import { api, type Outputs } from '../../api.ts';
import { ExportButtons } from '../../components/ExportButtons.tsx';
import { Loaded } from '../../components/States.tsx';
import type { TableSpec } from '../../export/table-spec.ts';
import { calendarDate, clockIn, count, dataLang } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { lastGood } from '../../resource.ts';
import { session } from '../../session.ts';
import { InventoryNav, Name, named, unitOf, type Item } from './inventory-text.tsx';
import './inventory.css';

type Location = Outputs['inventory']['locations'][number];
const GROUPS = ['warehouse', 'hall', 'transit', 'damaged'] as const;
type Group = (typeof GROUPS)[number];

export interface StockRow {
  group: Group;
  location: Location;
  item: Item;
  qty: number;
  expired: boolean;
}

const today = () => clockIn(Intl.DateTimeFormat().resolvedOptions().timeZone).date;

/** An item's validity in words: "2026年11月1日 – 2026年12月31日", "至 …", "长期有效". */
export function validity(item: Item): string {
  if (!item.validFrom && !item.validTo) return t('inventory.validAlways');
  if (!item.validFrom) return t('inventory.validUntil', { to: calendarDate(item.validTo!) });
  if (!item.validTo) return t('inventory.validFrom', { from: calendarDate(item.validFrom) });
  return `${calendarDate(item.validFrom)} – ${calendarDate(item.validTo)}`;
}

export default function StockPage() {
  const [search, setSearch] = useSearchParams<{ at?: string }>();
  const { me } = session();
  const [data, { refetch }] = createResource(async () => {
    const [stock, items, locations] = await Promise.all([
      api.inventory.stock.query(),
      api.inventory.items.query(),
      api.inventory.locations.query(),
    ]);
    return { stock, items, locations };
  });
  const current = lastGood(data);
  /** The org units where the user is a hall's manager: their hall's stock comes first. */
  const mine = createMemo(
    () => new Set((me()?.grants ?? []).filter((g) => g.role === 'hall_manager').map((g) => g.orgUnitId)),
  );
  const rows = createMemo((): StockRow[] => {
    const d = current();
    if (!d) return [];
    const items = new Map(d.items.map((i) => [i.id, i]));
    const locations = new Map(d.locations.map((l) => [l.id, l]));
    const day = today();
    const out: StockRow[] = [];
    for (const s of d.stock.stock) {
      const location = locations.get(s.locationId);
      const item = items.get(s.itemId);
      if (!location || !item) continue;
      out.push({ group: location.kind, location, item, qty: s.qty, expired: !!item.validTo && item.validTo < day });
    }
    const rank = (l: Location) => (l.orgUnitId && mine().has(l.orgUnitId) ? 0 : 1);
    return out.sort(
      (a, b) =>
        GROUPS.indexOf(a.group) - GROUPS.indexOf(b.group) ||
        rank(a.location) - rank(b.location) ||
        named(a.location).localeCompare(named(b.location), 'zh-CN') ||
        named(a.item).localeCompare(named(b.item), 'zh-CN'),
    );
  });
  const shown = () => (search.at ? rows().filter((r) => r.location.id === search.at) : rows());
  const spec = (): TableSpec<StockRow> => ({
    columns: [
      { title: 'inventory.col.group', kind: 'text', value: (r) => t(`inventory.group.${r.group}` as ConsoleKey) },
      { title: 'inventory.col.location', kind: 'text', value: (r) => named(r.location) },
      { title: 'inventory.col.item', kind: 'text', value: (r) => named(r.item) },
      { title: 'inventory.col.campaign', kind: 'text', value: (r) => r.item.campaign ?? '' },
      { title: 'inventory.col.validity', kind: 'text', value: (r) => validity(r.item) },
      { title: 'inventory.col.qty', kind: 'count', value: (r) => r.qty },
      { title: 'inventory.col.unit', kind: 'text', value: (r) => unitOf(r.item) },
    ],
    rows: shown(),
  });
  const filterName = () => {
    const l = current()?.locations.find((x) => x.id === search.at);
    return l ? named(l) : t('inventory.allLocations');
  };
  return (
    <section class="inventory">
      <h1>{t('inventory.title')}</h1>
      <InventoryNav />
      <Loaded of={data} retry={() => void refetch()} refused="inventory.refused">
        {(d) => (
          <>
            <div class="table-head">
              <h2>{t('inventory.stock.title')}</h2>
              <label class="inline-field">
                <span>{t('inventory.stock.location')}</span>
                <select
                  data-testid="stock-location"
                  value={search.at ?? ''}
                  onChange={(e) => setSearch({ at: e.currentTarget.value || undefined })}
                >
                  <option value="">{t('inventory.allLocations')}</option>
                  <For each={GROUPS}>
                    {(g) => (
                      <Show when={d().locations.some((l) => l.kind === g)}>
                        <optgroup label={t(`inventory.group.${g}` as ConsoleKey)}>
                          <For each={d().locations.filter((l) => l.kind === g)}>
                            {(l) => (
                              <option value={l.id} lang={g === 'transit' ? undefined : dataLang(named(l))}>
                                {g === 'transit' ? t('inventory.group.transit') : named(l)}
                              </option>
                            )}
                          </For>
                        </optgroup>
                      </Show>
                    )}
                  </For>
                </select>
              </label>
              <ExportButtons table={spec} title={t('inventory.stock.title')} before={filterName()} after={today()} />
            </div>
            <Show when={shown().some((r) => r.expired)}>
              <p class="notice warn" role="note">
                {t('inventory.stock.expiredNote', {
                  n: new Set(
                    shown()
                      .filter((r) => r.expired)
                      .map((r) => r.item.id),
                  ).size,
                })}
              </p>
            </Show>
            <Show
              when={shown().length > 0}
              fallback={
                <p class="state empty">{t(search.at ? 'inventory.stock.emptyHere' : 'inventory.stock.empty')}</p>
              }
            >
              <For each={GROUPS.filter((g) => shown().some((r) => r.group === g))}>
                {(g) => <StockTable group={g} rows={shown().filter((r) => r.group === g)} />}
              </For>
            </Show>
          </>
        )}
      </Loaded>
    </section>
  );
}

function StockTable(props: { group: Group; rows: StockRow[] }) {
  const total = () => props.rows.length;
  return (
    <div class="stock-group" data-group={props.group}>
      <h3>
        {t(`inventory.group.${props.group}` as ConsoleKey)}
        <span class="muted"> · {t('inventory.stock.lines', { n: count(total()) })}</span>
      </h3>
      <div class="table-wrap">
        <table class="data cards" data-testid={`stock-${props.group}`}>
          <thead>
            <tr>
              <th scope="col">{t('inventory.col.location')}</th>
              <th scope="col">{t('inventory.col.item')}</th>
              <th scope="col">{t('inventory.col.campaign')}</th>
              <th scope="col">{t('inventory.col.validity')}</th>
              <th scope="col" class="num">
                {t('inventory.col.qty')}
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.rows}>
              {(r) => (
                <tr classList={{ expired: r.expired }} data-item={r.item.id} data-location={r.location.id}>
                  <th scope="row">
                    {props.group === 'transit' ? t('inventory.group.transit') : <Name text={named(r.location)} />}
                  </th>
                  <td data-label={t('inventory.col.item')}>
                    <Name text={named(r.item)} />
                  </td>
                  <td data-label={t('inventory.col.campaign')}>
                    {r.item.campaign ? <Name text={r.item.campaign} /> : '—'}
                  </td>
                  <td data-label={t('inventory.col.validity')}>
                    {validity(r.item)}
                    <Show when={r.expired}>
                      {' '}
                      <span class="badge offline">{t('inventory.expired')}</span>
                    </Show>
                  </td>
                  <td class="num" data-label={t('inventory.col.qty')} data-qty={r.qty}>
                    {count(r.qty)} {unitOf(r.item)}
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </div>
  );
}
