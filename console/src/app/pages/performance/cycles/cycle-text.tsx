/**
 * How the assessment pages name things: stages, actors, KPI names in the UI's language, values by unit,
 * scores, deadlines and the history's events (the server sends codes and figures, never sentences).
 */
import { TRPCClientError } from '@trpc/client';
import { lang } from '../../../../lib/lang.ts';
import { calendarDate, decimal, duration } from '../../../format.ts';
import { t, type ConsoleKey } from '../../../i18n.ts';

export const stageName = (kind: string) => t(`cycles.stage.${kind}` as ConsoleKey);
export const actorName = (actor: string) => t(`cycles.actor.${actor}` as ConsoleKey);
export const kpiName = (k: { nameZh: string; nameEn: string }) => (lang() === 'zh-CN' ? k.nameZh : k.nameEn);

/** A score 0–100 to a tenth; a dash when there is none. */
export const scoreText = (s: number | null | undefined) => decimal(s, 1);

/** A KPI value as its unit reads (percent, minutes and seconds as durations, counts grouped). */
export function valueText(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined) return '—';
  if (unit === 'percent') return `${decimal(v, 1)}%`;
  if (unit === 'minutes') return duration(v);
  if (unit === 'seconds')
    return v < 60 ? (lang() === 'zh-CN' ? `${Math.round(v)}秒` : `${Math.round(v)} s`) : duration(v / 60);
  if (unit === 'count') return decimal(v, 0);
  return decimal(v, 2);
}

/** A deadline or a moment: month, day, hour and minute in the browser's zone. */
export function when(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return new Intl.DateTimeFormat(lang(), {
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
}

export const periodText = (from: string, to: string) => `${calendarDate(from, 'short')} – ${calendarDate(to, 'short')}`;

/** One line of a sheet's history, in words. */
export function eventText(
  e: { kind: string; stage: string; before?: unknown; after?: unknown; lineId: number | null },
  lines: ReadonlyArray<{ id: number; nameZh: string; nameEn: string }>,
): string {
  const before = (e.before ?? {}) as { stage?: string; score?: number | null };
  const after = (e.after ?? {}) as { stage?: string; score?: number | null };
  const line = lines.find((l) => l.id === e.lineId);
  const kpi = line ? kpiName(line) : '';
  switch (e.kind) {
    case 'stage.moved':
      return t('cycles.event.stage.moved', {
        from: stageName(before.stage ?? e.stage),
        to: stageName(after.stage ?? ''),
      });
    case 'stage.overdue':
      return t('cycles.event.stage.overdue', { stage: stageName(e.stage) });
    case 'adjusted':
      return t('cycles.event.adjusted', { kpi, before: scoreText(before.score), after: scoreText(after.score) });
    case 'appeal.filed':
      return t('cycles.event.appeal.filed', { kpi });
    case 'appeal.accepted':
      return t('cycles.event.appeal.accepted', { kpi, before: scoreText(before.score), after: scoreText(after.score) });
    case 'appeal.rejected':
      return t('cycles.event.appeal.rejected', { kpi });
    case 'opened':
    case 'reviewed':
    case 'self-review':
    case 'acknowledged':
      return t(`cycles.event.${e.kind}` as ConsoleKey);
    default:
      return e.kind;
  }
}

/** A malformed id in the address reads as not found, the same state as a record that does not exist. */
export const notFoundError = () =>
  new TRPCClientError('not found', { result: { error: { data: { code: 'NOT_FOUND' } } } } as never);
