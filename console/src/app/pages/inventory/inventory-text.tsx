/**
 * How the 物流管理 pages say things: items, units and locations in the UI's language (names are data, so
 * each carries its own `lang`), a transfer's number and status, quantities with their unit, moments to the
 * minute. One place, so the stock page, the transfer pages and the receipt agree.
 */
import { A } from '@solidjs/router';
import type { Outputs } from '../../api.ts';
import { t, type ConsoleKey } from '../../i18n.ts';

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

// Names, units, quantities and moments: one definition for the whole section (more-text.tsx).
export { named, Name, qty, when, unitName as unitOf } from './more-text.tsx';

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

/** The tab bar of 物流管理. */
export function InventoryNav() {
  const tabs: Array<{ href: string; label: ConsoleKey; end: boolean }> = [
    { href: '/inventory', label: 'inventory.tab.stock', end: true },
    { href: '/inventory/transfers', label: 'inventory.tab.transfers', end: false },
    { href: '/inventory/issue', label: 'inventory.more.nav.issue', end: true },
    { href: '/inventory/counts', label: 'inventory.more.nav.counts', end: true },
    { href: '/inventory/reorder', label: 'inventory.more.nav.reorder', end: true },
    { href: '/inventory/stats', label: 'inventory.more.nav.stats', end: true },
    { href: '/inventory/catalogue', label: 'inventory.more.nav.catalogue', end: true },
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
