/**
 * What the KPI views share: a KPI's name in the UI's language, its value in its unit (percent, minutes
 * as 时/分, counts, scores) through Intl, a score's tone, the "too few" mark, and the period chooser
 * (today so far, a day, a week, a month, a custom span) kept in the page's address.
 */
import { createMemo, Show } from 'solid-js';
import type { Outputs } from '../../../api.ts';
import { DateField, dayLabel, shiftDay } from '../../../components/DateField.tsx';
import { count, decimal, duration, percent } from '../../../format.ts';
import { lang, t, type ConsoleKey } from '../../../i18n.ts';

export type Kpi = Outputs['kpiViews']['hall']['kpis'][number];
export type KpiValue = Outputs['kpiViews']['hall']['clerks'][number]['values'][number];
export type PeriodInput =
  { kind: 'today' } | { kind: 'day' | 'week' | 'month'; date: string } | { kind: 'custom'; from: string; to: string };

/** "Clerk name", or their staff number when the cloud knows no name. */
export function clerkLabel(r: { name: string | null; staffId: string | null }) {
  return r.name ?? t('kpiViews.staffNo', { no: r.staffId ?? '?' });
}

export const kpiName = (k: Pick<Kpi, 'nameZh' | 'nameEn'>) => (lang() === 'zh-CN' ? k.nameZh : k.nameEn);

/** Minutes to one decimal under an hour (5.5 分钟), hours and minutes above (1小时5分钟). */
function minutesText(m: number): string {
  if (Math.abs(m) >= 60) return duration(m);
  return new Intl.NumberFormat(lang(), {
    style: 'unit',
    unit: 'minute',
    unitDisplay: lang() === 'zh-CN' ? 'long' : 'short',
    maximumFractionDigits: 1,
  }).format(m);
}

/** A KPI value in its unit; "—" when there is none. Percent KPIs are computed as 0–100. */
export function valueText(unit: Kpi['unit'], v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  switch (unit) {
    case 'percent':
      return percent(v / 100);
    case 'minutes':
      return minutesText(v);
    case 'seconds':
      return minutesText(v / 60);
    case 'count':
      return count(v);
    case 'score':
      return decimal(v, 2);
    default:
      return decimal(v, 2);
  }
}

/** The export's kind of figure for a KPI unit, and the value as that kind reads it. */
export function exportCell(unit: Kpi['unit'], v: number | null) {
  if (unit === 'percent') return { kind: 'percent' as const, value: v === null ? null : v / 100 };
  if (unit === 'minutes') return { kind: 'minutes' as const, value: v };
  if (unit === 'seconds') return { kind: 'minutes' as const, value: v === null ? null : v / 60 };
  if (unit === 'count') return { kind: 'count' as const, value: v };
  return { kind: 'decimal' as const, value: v };
}

export const scoreText = (s: number | null | undefined) => (s === null || s === undefined ? '—' : decimal(s, 0));

/** good ≥ 80, fair ≥ 60, else poor; none without a score (no value, or too few to score). */
export function scoreTone(score: number | null | undefined): 'good' | 'fair' | 'poor' | 'none' {
  if (score === null || score === undefined) return 'none';
  return score >= 80 ? 'good' : score >= 60 ? 'fair' : 'poor';
}

/** "样本不足" beside a value that is shown but not scored (below the KPI's minimum sample). */
export function TooFew(props: { value: Pick<KpiValue, 'value' | 'enough' | 'sample'>; kpi?: Kpi | undefined }) {
  return (
    <Show when={props.value.value !== null && !props.value.enough}>
      <span
        class="badge warning too-few"
        title={
          props.kpi?.minSample
            ? t('kpiViews.tooFewTitle', { n: count(props.value.sample ?? 0), min: count(props.kpi.minSample.n) })
            : undefined
        }
      >
        {t('kpiViews.tooFew')}
      </span>
    </Show>
  );
}

/** The period in the address: `?p=today|day|week|month|custom&date=&from=&to=`. */
export function periodFrom(
  search: { p?: string | undefined; date?: string | undefined; from?: string | undefined; to?: string | undefined },
  today: string,
  fallback: PeriodInput['kind'] = 'month',
  allowToday = true,
): PeriodInput {
  const ok = (d: string | undefined) => (d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : undefined);
  const kind = (search.p ?? fallback) as PeriodInput['kind'];
  if (kind === 'today' && allowToday) return { kind: 'today' };
  if (kind === 'custom') {
    const to = ok(search.to) ?? today;
    return { kind: 'custom', from: ok(search.from) ?? shiftDay(to, -6), to };
  }
  const k = kind === 'day' || kind === 'week' || kind === 'month' ? kind : fallback === 'today' ? 'month' : fallback;
  return { kind: k as 'day' | 'week' | 'month', date: ok(search.date) ?? today };
}

export function periodSearch(p: PeriodInput) {
  return {
    p: p.kind,
    date: 'date' in p ? p.date : undefined,
    from: p.kind === 'custom' ? p.from : undefined,
    to: p.kind === 'custom' ? p.to : undefined,
  };
}

/** The same period as an address query (for links to another view of it). */
export function periodQuery(p: PeriodInput): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(periodSearch(p))) if (v) q.set(k, v);
  return q.toString();
}

/** The resolved period said in words: 2026年11月2日 周一 – 2026年11月8日 周日, or one day. */
export function rangeText(r: { from: string; to: string }): string {
  return r.from === r.to ? dayLabel(r.from) : t('kpiViews.range', { from: dayLabel(r.from), to: dayLabel(r.to) });
}

const KINDS: Array<{ kind: PeriodInput['kind']; key: ConsoleKey }> = [
  { kind: 'today', key: 'kpiViews.period.today' },
  { kind: 'day', key: 'kpiViews.period.day' },
  { kind: 'week', key: 'kpiViews.period.week' },
  { kind: 'month', key: 'kpiViews.period.month' },
  { kind: 'custom', key: 'kpiViews.period.custom' },
];

export function PeriodChooser(props: {
  value: PeriodInput;
  today: string;
  allowToday?: boolean;
  onChange: (p: PeriodInput) => void;
}) {
  const kinds = createMemo(() => KINDS.filter((k) => k.kind !== 'today' || props.allowToday !== false));
  const date = () => ('date' in props.value ? props.value.date : props.today);
  const pick = (kind: PeriodInput['kind']) => {
    if (kind === 'today') props.onChange({ kind });
    else if (kind === 'custom') props.onChange({ kind, from: shiftDay(date(), -6), to: date() });
    else props.onChange({ kind, date: date() });
  };
  return (
    <div class="filters kpi-period">
      <div class="segmented" role="group" aria-label={t('kpiViews.period')}>
        {kinds().map((k) => (
          <button type="button" aria-pressed={props.value.kind === k.kind} onClick={() => pick(k.kind)}>
            {t(k.key)}
          </button>
        ))}
      </div>
      <Show when={props.value.kind === 'day' || props.value.kind === 'week' || props.value.kind === 'month'}>
        <DateField
          label={t('kpiViews.period.date')}
          value={date()}
          max={props.today}
          days={400}
          onChange={(d) => props.onChange({ kind: props.value.kind as 'day', date: d })}
        />
      </Show>
      <Show when={props.value.kind === 'custom' ? props.value : null}>
        {(c) => (
          <>
            <DateField
              label={t('kpiViews.period.from')}
              value={c().from}
              max={props.today}
              days={400}
              onChange={(d) => props.onChange({ kind: 'custom', from: d, to: c().to < d ? d : c().to })}
            />
            <DateField
              label={t('kpiViews.period.to')}
              value={c().to}
              max={props.today}
              days={400}
              onChange={(d) => props.onChange({ kind: 'custom', from: c().from > d ? d : c().from, to: d })}
            />
          </>
        )}
      </Show>
    </div>
  );
}
