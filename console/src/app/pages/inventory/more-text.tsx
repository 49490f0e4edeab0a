/**
 * What the catalogue, counts, issue, statistics and reorder pages of 物流管理 share: names in the UI's
 * language (names are data and carry their own `lang`), quantities with their unit, moments, the org
 * units the user sees.
 */
import { For, type JSX } from 'solid-js';
import type { Outputs } from '../../api.ts';
import { count, dataLang, decimal } from '../../format.ts';
import { lang, t, type ConsoleKey } from '../../i18n.ts';

export type Item = Outputs['inventory']['items'][number];
export type Location = Outputs['inventory']['locations'][number];
export type OrgUnit = Outputs['org']['tree'][number];

const zh = () => lang() === 'zh-CN';

/** A name pair (item, location) in the UI's language. */
export const named = (x: { nameZh: string; nameEn: string }) => (zh() ? x.nameZh : x.nameEn);
export const unitName = (x: { unitZh: string; unitEn: string }) => (zh() ? x.unitZh : x.unitEn);

/** Data text in its own language (a hall's Chinese name stays Chinese in the English console). */
export function Name(props: { text: string | null | undefined; class?: string }): JSX.Element {
  return (
    <span lang={dataLang(props.text ?? '')} class={props.class}>
      {props.text ?? '—'}
    </span>
  );
}

/** "24 张" / "24 sheets"; fractional quantities (a forecast) to a tenth. */
export const qty = (n: number, unit: string, digits = 0) => {
  const v = digits ? decimal(n, digits) : count(n);
  return unit ? `${v} ${unit}` : v;
};

/** The halls keep China's time (as the analysis pages assume): moments are shown in it, whatever the browser's zone. */
export const HALL_ZONE = 'Asia/Shanghai';

/** A moment from the cloud (a Date sent as its ISO text) to the minute, hall-local: "11月27日 14:05" / "27 Nov, 14:05". */
export function when(d: Date | string | null | undefined, timeZone = HALL_ZONE): string {
  if (d === null || d === undefined) return '—';
  const at = Date.parse(String(d));
  if (Number.isNaN(at)) return '—';
  return new Intl.DateTimeFormat(lang(), {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(at);
}

/** An item's validity in words. */
export function validityText(i: Pick<Item, 'validFrom' | 'validTo'>, date: (d: string) => string): string {
  if (!i.validFrom && !i.validTo) return t('inventory.catalogue.validAlways');
  if (!i.validFrom) return t('inventory.catalogue.validUntil', { to: date(i.validTo as string) });
  if (!i.validTo) return t('inventory.catalogue.validFrom', { from: date(i.validFrom) });
  return `${date(i.validFrom)} – ${date(i.validTo)}`;
}

/** Org units with their depth under the user's top units, in tree order (for a picker). */
export function unitTree(units: readonly OrgUnit[]): Array<{ unit: OrgUnit; depth: number }> {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, OrgUnit[]>();
  for (const u of units) {
    const parent = u.parentId && ids.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: Array<{ unit: OrgUnit; depth: number }> = [];
  const walk = (parent: string | null, depth: number) => {
    for (const u of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))) {
      out.push({ unit: u, depth });
      if (out.length < 2000) walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** A unit picker: every unit the user sees, indented by depth. */
export function UnitPicker(props: {
  units: readonly OrgUnit[];
  value: string | null;
  onChange: (id: string) => void;
  label?: ConsoleKey;
}) {
  return (
    <label>
      {t(props.label ?? 'inventory.more.unit')}
      <select value={props.value ?? ''} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <For each={unitTree(props.units)}>
          {(x) => (
            <option value={x.unit.id} selected={x.unit.id === props.value} lang={dataLang(x.unit.name)}>
              {`${'\u3000'.repeat(x.depth)}${x.unit.name}`}
            </option>
          )}
        </For>
      </select>
    </label>
  );
}

/** The user's top unit among those they see (HQ for HQ, their region, their hall). */
export function topUnit(units: readonly OrgUnit[]): string | null {
  const ids = new Set(units.map((u) => u.id));
  return unitTree(units).find((x) => !x.unit.parentId || !ids.has(x.unit.parentId))?.unit.id ?? null;
}
