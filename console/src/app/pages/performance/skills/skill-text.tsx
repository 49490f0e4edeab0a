/**
 * How skill levels and the staff record read in the console: a criterion in words with its figure and
 * threshold (已办结 220 笔 ≥ 200), KPI values in their unit, record categories and kinds.
 */
import { decimal, duration, count, percent } from '../../../format.ts';
import { t, type ConsoleKey } from '../../../i18n.ts';

export interface CriterionResult {
  kind: string;
  value: number | null;
  threshold: number;
  met: boolean;
}

/** The criterion's name (服务量, 办理时长对比营业厅中位数, …). */
export const criterionLabel = (kind: string) => t(`skills.criterion.${kind}` as ConsoleKey);

/** The clerk's figure as the criterion measures it. */
export function criterionValue(c: CriterionResult): string {
  if (c.value === null) return t('skills.noFigure');
  switch (c.kind) {
    case 'served':
      return t('skills.tickets', { n: count(c.value) });
    case 'handle-vs-median':
      return percent(c.value);
    case 'rating':
      return decimal(c.value, 2);
    case 'exam-passed':
      return t('skills.times', { n: count(c.value) });
    case 'no-critical-onsite':
    case 'max-errors':
      return t('skills.times', { n: count(c.value) });
    default:
      return String(c.value);
  }
}

/** What the criterion asks (≥ 200 笔, ≤ 中位数的 125%, ≥ 4.50, 0 次). */
export function criterionThreshold(c: CriterionResult): string {
  switch (c.kind) {
    case 'served':
      return `≥ ${t('skills.tickets', { n: count(c.threshold) })}`;
    case 'handle-vs-median':
      return t('skills.ofMedian', { share: percent(c.threshold) });
    case 'rating':
      return `≥ ${decimal(c.threshold, 2)}`;
    case 'exam-passed':
      return `≥ ${t('skills.times', { n: count(c.threshold) })}`;
    case 'no-critical-onsite':
      return t('skills.none');
    case 'max-errors':
      return `≤ ${t('skills.times', { n: count(c.threshold) })}`;
    default:
      return String(c.threshold);
  }
}

/** A level change in words (二级 → 三级). */
export const levelWord = (level: number | null) =>
  level === null ? t('skills.level.none') : t(`skills.level.${Math.min(3, Math.max(1, level))}` as ConsoleKey);

/** A KPI value in its unit. */
export function kpiValueText(value: number | null, unit: string): string {
  if (value === null) return '—';
  switch (unit) {
    case 'percent':
      return percent(value / 100);
    case 'minutes':
      return duration(value);
    case 'seconds':
      return duration(value / 60);
    case 'count':
      return count(value);
    case 'ratio':
      return decimal(value, 2);
    default:
      return decimal(value, value < 10 ? 2 : 1);
  }
}

export const recordKindLabel = (kind: string) => t(kind === 'award' ? 'skills.record.award' : 'skills.record.error');
export const categoryLabel = (c: string) => t(`skills.category.${c}` as ConsoleKey);
export const CATEGORIES = ['service', 'sales', 'cash', 'compliance', 'process', 'teamwork', 'other'] as const;

/** Every criterion kind, in the order the rules editor lists them, with its threshold's field and bounds. */
export const CRITERIA = [
  { kind: 'served', field: 'min', min: 1, max: 100_000, step: 1, initial: 100 },
  { kind: 'handle-vs-median', field: 'maxRatio', min: 0.3, max: 3, step: 0.05, initial: 1.25 },
  { kind: 'rating', field: 'min', min: 1, max: 5, step: 0.1, initial: 4.5 },
  { kind: 'exam-passed', field: 'min', min: 1, max: 20, step: 1, initial: 1 },
  { kind: 'no-critical-onsite', field: null, min: 0, max: 0, step: 1, initial: 0 },
  { kind: 'max-errors', field: 'max', min: 0, max: 100, step: 1, initial: 2 },
] as const;
