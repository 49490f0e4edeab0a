/**
 * The training effect's contract: what the caller hands in (serialisable series per clerk), the options with
 * their defaults and bounds, and the result as a zod schema — the module stores it in a jsonb column and
 * reads it back through `effectResultSchema`. The method is in effect.ts.
 */
import { z } from 'zod';

/** The most candidate peers, trained clerks and days in one series that one call accepts. */
export const EFFECT_LIMITS = { candidates: 5000, trained: 1000, daysPerSeries: 400 } as const;

export const kpiDirectionSchema = z.enum(['lower-better', 'higher-better']);
export type KpiDirection = z.infer<typeof kpiDirectionSchema>;

export const effectOptionsSchema = z.object({
  /** Days in the window before the day training ended (that day excluded). */
  beforeDays: z.number().int().min(7).max(180).default(28),
  /** Days in the window after the settling-in. */
  afterDays: z.number().int().min(7).max(180).default(28),
  /** Days from the day training ended to the start of the after window (0: the after window starts that day). */
  skipDays: z.number().int().min(0).max(60).default(3),
  /** Observations (tickets, ratings) a window needs to count a clerk or a peer. */
  minCount: z.number().min(1).default(20),
  /** Peers per trained clerk (k). */
  peersPerClerk: z.number().int().min(1).max(20).default(3),
  /** Trained clerks measured below which the verdict is `insufficient` (at least 2: a standard error needs 2). */
  minClerks: z.number().int().min(2).max(1000).default(3),
  /** An interval around 0 wider than ± this share of the before level (percent) says nothing: `inconclusive`. */
  maxHalfWidthPct: z.number().positive().max(100).default(15),
});
export type EffectOptions = z.infer<typeof effectOptionsSchema>;
export type EffectOptionsInput = z.input<typeof effectOptionsSchema>;

/** One day of a clerk's KPI. */
export interface DaySums {
  /** YYYY-MM-DD. */
  date: string;
  num: number;
  den: number;
  /** Observations behind the day (tickets, ratings), counted against `minCount`; `den` when absent. */
  count?: number;
}

export interface ClerkSeries {
  clerkId: string;
  hallId: string;
  regionId: string;
  /** Any order; a date given twice adds up. */
  days: readonly DaySums[];
}

export interface TrainedClerk extends ClerkSeries {
  /** The day training ended, YYYY-MM-DD. */
  trainingEnded: string;
}

export interface EffectInput {
  direction: KpiDirection;
  trained: readonly TrainedClerk[];
  /** Clerks not trained on this course (the caller leaves out anyone trained within the windows). */
  candidates: readonly ClerkSeries[];
  options?: EffectOptionsInput;
  /** The last day with complete data: a clerk whose after window ends later is skipped as `window-open`. */
  dataThrough?: string;
}

const windowSchema = z.object({
  /** First and last day, YYYY-MM-DD, both included. */
  from: z.iso.date(),
  to: z.iso.date(),
  value: z.number(),
  den: z.number(),
  count: z.number(),
});

const peerSchema = z.object({
  clerkId: z.string(),
  hallId: z.string(),
  sameHall: z.boolean(),
  before: z.number(),
  after: z.number(),
});

const clerkEffectSchema = z.object({
  clerkId: z.string(),
  hallId: z.string(),
  trainingEnded: z.iso.date(),
  before: windowSchema,
  after: windowSchema,
  peers: z.array(peerSchema),
  /** Means over the peers. */
  peersBefore: z.number(),
  peersAfter: z.number(),
  /** (after − before) − (peersAfter − peersBefore), signed so that positive is better; KPI units. */
  effect: z.number(),
  /** The effect as a percentage of the clerk's before value (null when that is 0). */
  effectPct: z.number().nullable(),
});
export type ClerkEffect = z.infer<typeof clerkEffectSchema>;

export const skipReasonSchema = z.enum(['window-open', 'few-before', 'few-after', 'no-peers']);

const skippedSchema = z.object({
  clerkId: z.string(),
  reason: skipReasonSchema,
  /** For few-before / few-after: the observations found and needed. */
  have: z.number().optional(),
  need: z.number().optional(),
});

const courseSchema = z.object({
  /** Mean clerk effect (positive: better), KPI units. */
  effect: z.number(),
  standardError: z.number(),
  df: z.number(),
  /** The 97.5 % t quantile used. */
  t: z.number(),
  ci: z.tuple([z.number(), z.number()]),
  /** The same as percentages of the trained clerks' mean before level (null when that is 0). */
  effectPct: z.number().nullable(),
  ciPct: z.tuple([z.number(), z.number()]).nullable(),
  halfWidthPct: z.number().nullable(),
});

export const effectVerdictSchema = z.enum(['improved', 'worsened', 'no-effect', 'inconclusive', 'insufficient']);
export type EffectVerdict = z.infer<typeof effectVerdictSchema>;

export const effectResultSchema = z.object({
  direction: kpiDirectionSchema,
  options: effectOptionsSchema,
  verdict: effectVerdictSchema,
  /** The course does not move the KPI (verdict `no-effect`). */
  flagged: z.boolean(),
  /** Null when insufficient. */
  course: courseSchema.nullable(),
  /** Means over the measured clerks, raw KPI values (null when none was measured). */
  picture: z
    .object({ trainedBefore: z.number(), trainedAfter: z.number(), peersBefore: z.number(), peersAfter: z.number() })
    .nullable(),
  clerks: z.array(clerkEffectSchema),
  skipped: z.array(skippedSchema),
});
export type EffectResult = z.infer<typeof effectResultSchema>;
export type SkippedClerk = z.infer<typeof skippedSchema>;
