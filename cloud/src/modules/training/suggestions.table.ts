/**
 * Training suggested from measured gaps (培训建议) and the measured effect of courses (培训效果).
 * A suggestion names the clerk, the gap (slow for their mix of services, rated below their peers, an
 * on-site item failed again and again) with its evidence, and the course that addresses it; it is done
 * when the clerk attends a session of that course, dismissed with a reason, or resolved when the gap
 * closes by itself. An effect is a course's difference in differences on a KPI (engines/training/effect.ts).
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { EffectResult } from '../../engines/training/effect.ts';
import type { Gap } from '../../engines/training/gaps.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const SUGGESTION_STATUSES = ['open', 'done', 'dismissed', 'resolved'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

/** The gap's evidence as shown: the engine's figures, and for a handling gap the slowest service. */
export type SuggestionEvidence = Gap & {
  windowFrom: string;
  windowTo: string;
  service?: { id: string; median: number; hallMedian: number; served: number };
  itemLabel?: { zh: string; en: string };
};

export const trainingSuggestions = pgTable(
  'training_suggestions',
  {
    id: serial('id').primaryKey(),
    hallId: text('hall_id').notNull(),
    employeeId: text('employee_id').notNull(),
    kind: text('kind').$type<Gap['kind']>().notNull(),
    /** What the gap is about: the service (handling), the checklist item (on-site), '' (rating). */
    subject: text('subject').notNull().default(''),
    evidence: jsonb('evidence').$type<SuggestionEvidence>().notNull(),
    /** The course: a library material's series; null when the library has nothing for it yet. */
    materialSeriesId: integer('material_series_id'),
    status: text('status').$type<SuggestionStatus>().notNull().default('open'),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
    decidedBy: text('decided_by'),
    reason: text('reason'),
  },
  (t) => [
    // One open suggestion per clerk and gap: a second run refreshes its evidence.
    uniqueIndex('training_suggestions_open')
      .on(t.employeeId, t.kind, t.subject)
      .where(sql`${t.status} = 'open'`),
    index('training_suggestions_hall').on(t.hallId, t.status),
    check('training_suggestions_kind', sql`${t.kind} in ('handle', 'rating', 'onsite')`),
    check('training_suggestions_status', sql`${t.status} in ('open', 'done', 'dismissed', 'resolved')`),
  ],
);

export const EFFECT_KPIS = ['handle', 'rating'] as const;
export type EffectKpi = (typeof EFFECT_KPIS)[number];

export const trainingEffects = pgTable(
  'training_effects',
  {
    materialSeriesId: integer('material_series_id').notNull(),
    kpi: text('kpi').$type<EffectKpi>().notNull(),
    verdict: text('verdict').$type<EffectResult['verdict']>().notNull(),
    flagged: boolean('flagged').notNull(),
    /** Clerks measured (trained, with enough data on both sides and peers). */
    measured: integer('measured').notNull(),
    result: jsonb('result').$type<EffectResult>().notNull(),
    computedAt: at('computed_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.materialSeriesId, t.kpi] }),
    check('training_effects_kpi', sql`${t.kpi} in ('handle', 'rating')`),
  ],
);
