/**
 * How the training suggestions and course effects say things: a gap and its evidence in words (the
 * clerk's figure against the colleagues' median and middle half, the sample, the window's dates; the
 * slowest service's median against the hall's as 分/秒), a suggestion's status, an effect's verdict, a
 * KPI's name, a signed percentage, why a clerk was left out of a measurement, and a background run's
 * state ("上次分析：…"). One place, so both pages and their tests agree.
 */
import type { JSX } from 'solid-js';
import type { Outputs } from '../../api.ts';
import { count, decimal, duration } from '../../format.ts';
import { lang, t, type ConsoleKey } from '../../i18n.ts';
import { moment, WithData } from './training-text.tsx';

export type Suggestion = Outputs['training']['suggestions'][number];
export type Evidence = Suggestion['evidence'];
export type Status = Suggestion['status'];
export type Analysis = Outputs['training']['analysis'];
export type Run = NonNullable<Analysis['suggestRun']> | NonNullable<Analysis['effectsRun']>;
export type CourseEffect = Outputs['training']['effects'][number];
export type KpiEffect = CourseEffect['kpis'][number];
export type Verdict = KpiEffect['verdict'];
export type SkipReason = KpiEffect['result']['skipped'][number]['reason'];

export const STATUSES: readonly Status[] = ['open', 'done', 'dismissed', 'resolved'];
export const VERDICTS: readonly Verdict[] = ['improved', 'worsened', 'no-effect', 'inconclusive', 'insufficient'];
export const SKIP_REASONS: readonly SkipReason[] = ['window-open', 'few-before', 'few-after', 'no-peers'];

export const statusName = (s: Status) => t(`training.suggest.status.${s}` as ConsoleKey);
export const kindName = (k: Suggestion['kind']) => t(`training.suggest.kind.${k}` as ConsoleKey);
export const verdictName = (v: Verdict) => t(`training.effect.verdict.${v}` as ConsoleKey);
export const kpiName = (k: KpiEffect['kpi']) => t(`training.effect.kpi.${k}` as ConsoleKey);

/** A handling time in seconds as people say it: "9分12秒" / "9 min 12 s"; an hour or more in 时/分. */
export function handleTime(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return duration(s / 60);
  const m = Math.floor(s / 60);
  const rest = s % 60;
  const zh = lang() === 'zh-CN';
  if (m === 0) return zh ? `${rest}秒` : `${rest} s`;
  if (rest === 0) return zh ? `${m}分钟` : `${m} min`;
  return zh ? `${m}分${String(rest).padStart(2, '0')}秒` : `${m} min ${rest} s`;
}

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** Days from one calendar date to another, both included. */
export const daysIn = (from: string, to: string) => Math.round((dayNumber(to) - dayNumber(from)) / 86_400_000) + 1;

/** A range of calendar dates, short: "11月3日至11月30日" / "Nov 3 – Nov 30" (the range formatter of zh-CN writes 11/3). */
export function dateRange(from: string, to: string): string {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (Number.isNaN(a) || Number.isNaN(b)) return '—';
  const f = new Intl.DateTimeFormat(lang(), { timeZone: 'UTC', month: 'short', day: 'numeric' });
  return t('training.suggest.range', { from: f.format(a), to: f.format(b) });
}

/** A percentage with its sign (+12.3% / −4%); one decimal under 10. */
export function signedPct(x: number): string {
  return new Intl.NumberFormat(lang(), {
    style: 'percent',
    maximumFractionDigits: Math.abs(x) < 10 ? 1 : 0,
    signDisplay: 'exceptZero',
  }).format(x / 100);
}

/** A KPI value as the pictures show it: a handling ratio or a rating, two decimals. */
export const kpiValue = (x: number) => decimal(x, 2);

/** The checklist item's name in the UI's language (the template's own words). */
export function itemName(e: Evidence): string {
  const label = 'itemLabel' in e ? e.itemLabel : undefined;
  if (!label) return t('training.suggest.unknownItem');
  return lang() === 'zh-CN' ? label.zh : label.en || label.zh;
}

/** The gap's figures in a sentence (the clerk against the colleagues of the hall, over the window). */
export function gapText(s: Suggestion): string {
  const g = s.evidence;
  const days = count(daysIn(g.windowFrom, g.windowTo));
  if (g.kind === 'handle')
    return t('training.suggest.handle', {
      value: decimal(g.value, 2),
      median: decimal(g.peerMedian, 2),
      low: decimal(g.peerBand[0], 2),
      high: decimal(g.peerBand[1], 2),
      days,
      n: count(g.sample),
    });
  if (g.kind === 'rating')
    return t('training.suggest.rating', {
      value: decimal(g.value, 2),
      median: decimal(g.peerMedian, 2),
      n: count(g.sample),
    });
  return t('training.suggest.onsite', { item: itemName(g), days, scored: count(g.scored), failed: count(g.failed) });
}

/** The service where a slow clerk is slowest: their median against the hall's (the service's name is data). */
export function SlowestService(props: { s: Suggestion }): JSX.Element {
  const service = () => props.s.evidence.service;
  return (
    <>
      {service() && (
        <WithData
          data={props.s.serviceName ?? t('training.suggest.unknownService')}
          say={(slot) =>
            t('training.suggest.slowest', {
              service: slot,
              mine: handleTime(service()?.median ?? 0),
              hall: handleTime(service()?.hallMedian ?? 0),
              n: count(service()?.served ?? 0),
            })
          }
        />
      )}
    </>
  );
}

/** Where a background run stands, in a sentence: queued, running, done with what it found, failed. */
export function runText(run: Run | null, kind: 'suggest' | 'effect'): string {
  const p = `training.${kind}.run`;
  if (!run) return t(`${p}.never` as ConsoleKey);
  const at = moment(run.finishedAt ?? run.createdAt);
  switch (run.state) {
    case 'queued':
      return t(`${p}.queued` as ConsoleKey);
    case 'running':
      return t(`${p}.running` as ConsoleKey);
    case 'done': {
      const s = run.summary as Record<string, number> | null;
      if (kind === 'effect') return t('training.effect.run.done', { at, n: count(s?.courses ?? 0) });
      return t('training.suggest.run.done', { at, gaps: count(s?.gaps ?? 0), created: count(s?.created ?? 0) });
    }
    case 'failed':
      return t(`${p}.retrying` as ConsoleKey, { at });
    case 'cancelled':
      return t(`${p}.cancelled` as ConsoleKey, { at });
    default:
      return t(`${p}.failed` as ConsoleKey, { at });
  }
}

export const runActive = (run: Run | null | undefined) => run?.state === 'queued' || run?.state === 'running';
