/**
 * An assessment flow as data (no database): its stages, who acts at each, how long each lasts and
 * whether it may be skipped, and the order rules a flow must keep — checked on save, so a cycle never
 * runs a flow that cannot finish. Also the cycle's period arithmetic.
 *
 * `skippable` means: when the stage's deadline passes without its actor, the cycle moves on (a window a
 * clerk may let pass); a stage that is not skippable waits, is flagged overdue and its actors notified.
 */
import { z } from 'zod';
import { daysBetween } from '@hall/devices/calendar';

export const STAGE_KINDS = [
  'computed',
  'self-review',
  'manager-review',
  'calibration',
  'acknowledgement',
  'appeal',
  'final',
] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

/** Who acts: the clerk on their own sheet, or a manager by role at the scope that role is granted. */
export const STAGE_ACTORS = ['system', 'clerk', 'hall_manager', 'region_manager', 'hq'] as const;
export type StageActor = (typeof STAGE_ACTORS)[number];

export const flowStageSchema = z.object({
  kind: z.enum(STAGE_KINDS),
  actor: z.enum(STAGE_ACTORS),
  durationDays: z.int().min(0).max(90),
  skippable: z.boolean(),
  /** Appeal stage only: how many lines one clerk may appeal. */
  appealLimit: z.int().min(1).max(20).optional(),
});
export type FlowStage = z.infer<typeof flowStageSchema>;

export const flowStagesSchema = z.array(flowStageSchema).min(2).max(STAGE_KINDS.length);

/** Which actors may act at each kind of stage. */
const ACTORS_OF: Record<StageKind, readonly StageActor[]> = {
  computed: ['system'],
  'self-review': ['clerk'],
  'manager-review': ['hall_manager', 'region_manager'],
  calibration: ['region_manager', 'hq'],
  acknowledgement: ['clerk'],
  appeal: ['hall_manager', 'region_manager'],
  final: ['system'],
};

/** Kinds that must come before another kind when both are in the flow. */
const BEFORE: Array<[StageKind, StageKind]> = [
  ['self-review', 'manager-review'],
  ['manager-review', 'calibration'],
  ['calibration', 'acknowledgement'],
  ['manager-review', 'acknowledgement'],
  ['acknowledgement', 'appeal'],
];

export type FlowProblem =
  | { code: 'cycle-flow-first-last' }
  | { code: 'cycle-flow-duplicate'; params: { kind: string } }
  | { code: 'cycle-flow-order'; params: { kind: string; before: string } }
  | { code: 'cycle-flow-actor'; params: { kind: string; actor: string } }
  | { code: 'cycle-flow-duration'; params: { kind: string } }
  | { code: 'cycle-flow-appeal-limit' };

/** The first rule a flow breaks, or null. */
export function flowProblem(stages: readonly FlowStage[]): FlowProblem | null {
  if (stages[0]?.kind !== 'computed' || stages.at(-1)?.kind !== 'final') return { code: 'cycle-flow-first-last' };
  const seen = new Set<StageKind>();
  for (const s of stages) {
    if (seen.has(s.kind)) return { code: 'cycle-flow-duplicate', params: { kind: s.kind } };
    seen.add(s.kind);
  }
  const at = new Map(stages.map((s, i) => [s.kind, i]));
  for (const [a, b] of BEFORE) {
    const ia = at.get(a);
    const ib = at.get(b);
    if (ia !== undefined && ib !== undefined && ia > ib)
      return { code: 'cycle-flow-order', params: { kind: a, before: b } };
  }
  // An appeal answers a sheet the clerk has acknowledged: no appeal without an acknowledgement before it.
  if (at.has('appeal') && !at.has('acknowledgement'))
    return { code: 'cycle-flow-order', params: { kind: 'acknowledgement', before: 'appeal' } };
  for (const s of stages) {
    if (!ACTORS_OF[s.kind].includes(s.actor))
      return { code: 'cycle-flow-actor', params: { kind: s.kind, actor: s.actor } };
    const timed = s.kind !== 'computed' && s.kind !== 'final';
    if (timed ? s.durationDays < 1 : s.durationDays !== 0 || s.skippable)
      return { code: 'cycle-flow-duration', params: { kind: s.kind } };
    if ((s.kind === 'appeal') !== (s.appealLimit !== undefined)) return { code: 'cycle-flow-appeal-limit' };
  }
  return null;
}

export const DEFAULT_FLOW_KEY = 'standard';
/** The default flow (seeded as version 1 of `standard`). */
export const DEFAULT_FLOW: { key: string; name: string; stages: FlowStage[] } = {
  key: DEFAULT_FLOW_KEY,
  name: '标准考核流程 Standard',
  stages: [
    { kind: 'computed', actor: 'system', durationDays: 0, skippable: false },
    { kind: 'self-review', actor: 'clerk', durationDays: 3, skippable: true },
    { kind: 'manager-review', actor: 'hall_manager', durationDays: 3, skippable: false },
    { kind: 'calibration', actor: 'region_manager', durationDays: 3, skippable: true },
    { kind: 'acknowledgement', actor: 'clerk', durationDays: 3, skippable: true },
    { kind: 'appeal', actor: 'hall_manager', durationDays: 5, skippable: false, appealLimit: 2 },
    { kind: 'final', actor: 'system', durationDays: 0, skippable: false },
  ],
};

/** Whether two stage lists are the same flow (saving an unchanged flow makes no new version). */
export function sameStages(a: readonly FlowStage[], b: readonly FlowStage[]): boolean {
  const norm = (s: readonly FlowStage[]) =>
    JSON.stringify(s.map((x) => [x.kind, x.actor, x.durationDays, x.skippable, x.appealLimit ?? null]));
  return norm(a) === norm(b);
}

// Periods.

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A period's first and last day: `month` from YYYY-MM, `quarter` from YYYY-Qn, `custom` as given. */
export function periodRange(
  p:
    | { kind: 'month'; month: string }
    | { kind: 'quarter'; quarter: string }
    | { kind: 'custom'; from: string; to: string },
): { from: string; to: string } {
  if (p.kind === 'custom') return { from: p.from, to: p.to };
  if (p.kind === 'month') {
    const [y, m] = p.month.split('-').map(Number) as [number, number];
    return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(lastDay(y, m))}` };
  }
  const [y, q] = p.quarter.split('-Q').map(Number) as [number, number];
  const m0 = (q - 1) * 3 + 1;
  return { from: `${y}-${pad(m0)}-01`, to: `${y}-${pad(m0 + 2)}-${pad(lastDay(y, m0 + 2))}` };
}

/** Whole days from `from` to `to` inclusive (YYYY-MM-DD). */
export function daysIn(from: string, to: string): number {
  return daysBetween(from, to) + 1;
}

/** The per-rater spread of final totals: count, mean, quartiles (linear interpolation), min, max. */
export function distribution(totals: readonly number[]) {
  const s = [...totals].sort((a, b) => a - b);
  const q = (p: number) => {
    if (s.length === 0) return null;
    const i = (s.length - 1) * p;
    const lo = Math.floor(i);
    const hi = Math.ceil(i);
    return Math.round(((s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (i - lo)) * 10) / 10;
  };
  const mean = s.length ? Math.round((s.reduce((a, b) => a + b, 0) / s.length) * 10) / 10 : null;
  return { count: s.length, mean, min: s[0] ?? null, q1: q(0.25), median: q(0.5), q3: q(0.75), max: s.at(-1) ?? null };
}
