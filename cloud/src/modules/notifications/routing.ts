/**
 * Routing, pure: which rules apply to an alarm (rules at the hall's unit and every unit above it, as an
 * Alertmanager routing tree inherits down; every matching rule adds its recipients), severities in
 * order, quiet hours in the hall's time zone, and when an unacknowledged alarm should next be looked at
 * (escalation steps, repeats).
 */
import type { EscalationStep, QuietHours, Severity } from './notifications.table.ts';

export const SEVERITY_RANK: Record<string, number> = { warning: 1, minor: 2, major: 3, critical: 4 };
export const atLeast = (severity: string, min: string) => (SEVERITY_RANK[severity] ?? 0) >= (SEVERITY_RANK[min] ?? 99);

export interface Unit {
  id: string;
  parentId: string | null;
  kind: string;
  hallId: string | null;
}

/** The hall's unit and its ancestors, nearest first (hall, region…, HQ). */
export function chainOf(units: readonly Unit[], hallId: string): Unit[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const out: Unit[] = [];
  let u = units.find((x) => x.hallId === hallId);
  while (u && out.length < 32) {
    out.push(u);
    u = u.parentId ? byId.get(u.parentId) : undefined;
  }
  return out;
}

export interface RuleLike {
  id: number;
  orgUnitId: string;
  alarmRule: string | null;
  minSeverity: Severity;
  enabled: boolean;
  repeatSeconds: number | null;
  escalation: EscalationStep[];
  quietHours: QuietHours | null;
}

export function matchingRules<R extends RuleLike>(
  rules: readonly R[],
  chain: readonly Unit[],
  alarm: { rule: string; severity: string },
): R[] {
  const inChain = new Set(chain.map((u) => u.id));
  return rules.filter(
    (r) =>
      r.enabled &&
      inChain.has(r.orgUnitId) &&
      (r.alarmRule === null || r.alarmRule === alarm.rule) &&
      atLeast(alarm.severity, r.minSeverity),
  );
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/** Minutes since local midnight in a time zone, and the UTC instant of that midnight's offset. */
function localMinutes(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(now);
  const h = Number(parts.find((p) => p.type === 'hour')?.value ?? 0) % 24;
  const m = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return h * 60 + m;
}

/**
 * When quiet hours end, if `now` lies in them (null otherwise). `from` after `to` spans midnight
 * (22:00–07:00). Whole minutes: the end is the first minute outside.
 */
export function quietUntil(now: Date, quiet: QuietHours | null, timeZone: string): Date | null {
  if (!quiet) return null;
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return null;
  const cur = localMinutes(now, timeZone);
  const inside = from < to ? cur >= from && cur < to : cur >= from || cur < to;
  if (!inside) return null;
  const wait = (to - cur + 1440) % 1440;
  const start = Math.floor(now.getTime() / 60_000) * 60_000;
  return new Date(start + wait * 60_000);
}

/**
 * The next moment an unacknowledged alarm raised at `raisedAt` needs the scan again after `now`: the
 * next escalation step or repeat of any of its rules; null when nothing is left to do.
 */
export function nextCheck(rules: readonly RuleLike[], raisedAt: Date, now: Date): Date | null {
  const elapsed = (now.getTime() - raisedAt.getTime()) / 1_000;
  let next = Infinity;
  for (const r of rules) {
    for (const s of r.escalation) if (s.afterSeconds > elapsed) next = Math.min(next, s.afterSeconds);
    if (r.repeatSeconds) next = Math.min(next, (Math.floor(elapsed / r.repeatSeconds) + 1) * r.repeatSeconds);
  }
  return Number.isFinite(next) ? new Date(raisedAt.getTime() + next * 1_000) : null;
}

/** Exponential backoff with a cap and ±20% jitter (several dispatchers do not retry in step). */
export function backoffMs(attempt: number, policy: { baseMs: number; maxMs: number }, random = Math.random): number {
  const raw = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}
