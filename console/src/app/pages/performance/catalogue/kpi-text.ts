/**
 * How the catalogue's pages say a KPI's parts in the UI's language: its name, unit, direction, period,
 * who it applies to, its scoring bands, and a value in its unit.
 */
import type { Outputs } from '../../../api.ts';
import { decimal } from '../../../format.ts';
import { lang, t, type ConsoleKey } from '../../../i18n.ts';

export type KpiItem = Outputs['kpis']['list']['items'][number];
export type Bands = KpiItem['bands'];
export type AppliesTo = KpiItem['appliesTo'];

export const kpiName = (k: { nameZh: string; nameEn: string }) => (lang() === 'zh-CN' ? k.nameZh : k.nameEn);
export const unitText = (u: string) => t(`catalogue.unit.${u}` as ConsoleKey);
export const directionText = (d: string) => t(`catalogue.direction.${d}` as ConsoleKey);
export const periodText = (p: string) => t(`catalogue.period.${p}` as ConsoleKey);

/** A value in the KPI's unit: percent as "87.5%", others as a number with up to two decimals. */
export function valueText(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined) return '—';
  const digits = Math.abs(v) >= 100 || unit === 'count' ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return unit === 'percent' ? `${decimal(v, digits)}%` : decimal(v, digits);
}

export function appliesToText(a: AppliesTo, units: Record<string, string>): string {
  const sep = t('common.listSeparator');
  const parts = [a.subjects.map((s) => t(`catalogue.subject.${s}` as ConsoleKey)).join(sep)];
  if (a.roles?.length) parts.push(a.roles.map((r) => t(`catalogue.role.${r}` as ConsoleKey)).join(sep));
  parts.push(a.orgUnitIds?.length ? a.orgUnitIds.map((id) => units[id] ?? id).join(sep) : t('catalogue.allUnits'));
  return parts.join(' · ');
}

export function bandsText(b: Bands, unit: string): string {
  if (b.kind === 'linear')
    return t('catalogue.bandsText.linear', { zero: valueText(b.zeroAt, unit), full: valueText(b.fullAt, unit) });
  return b.points.map((p) => `${valueText(p.value, unit)}→${decimal(p.score, 0)}`).join(', ');
}

/**
 * The score of a value by the bands, for the editor's live chart only (the cloud's engines/kpi/score.ts
 * computes every score that is kept or shown as a result).
 */
export function scoreAt(value: number, b: Bands): number {
  if (b.kind === 'linear') {
    if (b.zeroAt === b.fullAt) return value >= b.fullAt ? 100 : 0;
    return Math.min(1, Math.max(0, (value - b.zeroAt) / (b.fullAt - b.zeroAt))) * 100;
  }
  const pts = [...b.points].sort((x, y) => x.value - y.value);
  const first = pts[0];
  const last = pts.at(-1);
  if (!first || !last) return 0;
  if (value <= first.value) return first.score;
  if (value >= last.value) return last.score;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1] as { value: number; score: number };
    const c = pts[i] as { value: number; score: number };
    if (value <= c.value) return a.score + ((value - a.value) / (c.value - a.value || 1)) * (c.score - a.score);
  }
  return last.score;
}
