/**
 * How the 物流管理 pages say things: items, units and locations in the UI's language (names are data, so
 * each carries its own `lang`), a transfer's number and status, quantities with their unit, moments to the
 * minute. One place, so the stock page, the transfer pages and the receipt agree.
 */
import { A } from '@solidjs/router';
import type { JSX } from 'solid-js';
import type { Outputs } from '../../api.ts';
import { count, dataLang } from '../../format.ts';
import { lang, t, type ConsoleKey } from '../../i18n.ts';

export type Transfer = Outputs['inventory']['transfer'];
export type TransferLine = Transfer['lines'][number];
export type Discrepancy = Transfer['discrepancies'][number];
export type Item = Outputs['inventory']['items'][number];
export type TransferStatus = Transfer['status'];

export const STATUSES: TransferStatus[] = [
  'requested',
  'approved',
  'shipped',
  'discrepancy',
  'closed',
  'refused',
  'cancelled',
];

/** Who uses these pages: the roles with inventory edit (cloud/src/modules/access/permissions.ts). */
export const INVENTORY_ROLES = ['administrator', 'region_manager', 'hall_manager', 'logistics'] as const;

const zh = () => lang() === 'zh-CN';

/** A name pair (item, location) in the UI's language. */
export const named = (x: { nameZh: string; nameEn: string }) => (zh() ? x.nameZh : x.nameEn);
export const unitOf = (x: { unitZh: string; unitEn: string }) => (zh() ? x.unitZh : x.unitEn);

/** Data text in its own language (a hall's Chinese name stays Chinese in the English console). */
export function Name(props: { text: string; class?: string }): JSX.Element {
  return (
    <span lang={dataLang(props.text)} class={props.class}>
      {props.text}
    </span>
  );
}

/** "24 张" / "24 sheets". */
export const qty = (n: number, unit: string) => (unit ? `${count(n)} ${unit}` : count(n));

export const transferNo = (id: number) => `#${id}`;

export const statusName = (s: TransferStatus) => t(`inventory.status.${s}` as ConsoleKey);

/** The badge's tone per status: what waits on someone is amber, done is green, stopped is grey. */
export const statusTone = (s: TransferStatus) =>
  s === 'closed' ? 'ok' : s === 'refused' || s === 'cancelled' ? '' : s === 'discrepancy' ? 'offline' : 'warning';

export function StatusBadge(props: { status: TransferStatus }) {
  return (
    <span class={`badge ${statusTone(props.status)}`} data-status={props.status}>
      {statusName(props.status)}
    </span>
  );
}

/** A moment from the cloud (a Date sent as its ISO text) as milliseconds. */
export const ms = (d: Date | string | null | undefined) =>
  d === null || d === undefined ? null : Date.parse(String(d));

/** A moment to the minute, in the browser's zone: "11月27日 14:05" / "27 Nov, 14:05". */
export function when(d: Date | string | null | undefined): string {
  const at = ms(d);
  if (at === null || Number.isNaN(at)) return '—';
  return new Intl.DateTimeFormat(lang(), {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

export const kindName = (d: Pick<Discrepancy, 'kind'>) => t(`inventory.kind.${d.kind}` as ConsoleKey);
export const resolutionName = (r: string) => t(`inventory.resolution.${r}` as ConsoleKey);

/** What the user can do next with a transfer, by its `can` flags (null when nothing). */
export function nextStep(c: Transfer['can']): ConsoleKey | null {
  if (c.decide) return 'inventory.next.decide';
  if (c.ship) return 'inventory.next.ship';
  if (c.receive) return 'inventory.next.receive';
  if (c.resolve) return 'inventory.next.resolve';
  return null;
}

/** The tab bar of 物流管理: only pages that exist (the catalogue, counts and statistics come later). */
export function InventoryNav() {
  const tabs: Array<{ href: string; label: ConsoleKey; end: boolean }> = [
    { href: '/inventory', label: 'inventory.tab.stock', end: true },
    { href: '/inventory/transfers', label: 'inventory.tab.transfers', end: false },
  ];
  return (
    <nav class="subnav inventory-nav" aria-label={t('inventory.title')}>
      {tabs.map((tab) => (
        <A href={tab.href} end={tab.end}>
          {t(tab.label)}
        </A>
      ))}
    </nav>
  );
}
