/**
 * Assessment cycles (考核流程): the configurable flows (versioned: a running cycle keeps the version it
 * was opened with, and a copy of its stages), the cycles themselves (an org unit × a period × the KPI
 * versions frozen at opening × a flow version), one sheet per clerk with its lines, line-item appeals,
 * and the step history every view shows.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { FlowStage } from './cycles.flow.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const assessmentFlows = pgTable(
  'assessment_flows',
  {
    id: serial('id').primaryKey(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    stages: jsonb('stages').$type<FlowStage[]>().notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    createdBy: text('created_by'),
  },
  (t) => [uniqueIndex('assessment_flows_key_version').on(t.key, t.version)],
);

/** A KPI of a cycle's template: the version in force at opening and the cycle's weight for it. */
export interface CycleKpi {
  key: string;
  version: number;
  weight: number;
}

export const CYCLE_PERIODS = ['month', 'quarter', 'custom'] as const;
export type CyclePeriod = (typeof CYCLE_PERIODS)[number];

export const assessmentCycles = pgTable(
  'assessment_cycles',
  {
    id: serial('id').primaryKey(),
    orgUnitId: text('org_unit_id').notNull(),
    name: text('name').notNull(),
    periodKind: text('period_kind').$type<CyclePeriod>().notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    flowKey: text('flow_key').notNull(),
    flowVersion: integer('flow_version').notNull(),
    /** The flow's stages as they were at opening (the version's copy: what this cycle runs). */
    stages: jsonb('stages').$type<FlowStage[]>().notNull(),
    kpis: jsonb('kpis').$type<CycleKpi[]>().notNull(),
    stageIndex: integer('stage_index').notNull(),
    stageStartedAt: at('stage_started_at').notNull(),
    /** When the current stage should be done (null for the final stage). */
    stageDueAt: at('stage_due_at'),
    /** Set when the current stage passed its deadline with its actor still to act (cleared on moving on). */
    overdueAt: at('overdue_at'),
    status: text('status').$type<'open' | 'final'>().notNull().default('open'),
    openedAt: at('opened_at').notNull().defaultNow(),
    openedBy: text('opened_by'),
    closedAt: at('closed_at'),
  },
  (t) => [
    index('assessment_cycles_unit').on(t.orgUnitId),
    index('assessment_cycles_due').on(t.status, t.stageDueAt),
    check('assessment_cycles_status', sql`${t.status} in ('open', 'final')`),
  ],
);

export const assessmentSheets = pgTable(
  'assessment_sheets',
  {
    id: serial('id').primaryKey(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => assessmentCycles.id, { onDelete: 'cascade' }),
    hallId: text('hall_id').notNull(),
    employeeId: text('employee_id').notNull(),
    /** The total as computed at opening, and the current one (after adjustments and appeals). */
    computedTotal: real('computed_total'),
    total: real('total'),
    selfComment: text('self_comment'),
    selfSubmittedAt: at('self_submitted_at'),
    /** The rater: the manager who reviewed the sheet (calibration groups final scores by rater). */
    reviewedBy: text('reviewed_by'),
    reviewedAt: at('reviewed_at'),
    acknowledgedAt: at('acknowledged_at'),
  },
  (t) => [
    uniqueIndex('assessment_sheets_cycle_employee').on(t.cycleId, t.employeeId),
    index('assessment_sheets_employee').on(t.employeeId),
  ],
);

export const assessmentLines = pgTable(
  'assessment_lines',
  {
    id: serial('id').primaryKey(),
    sheetId: integer('sheet_id')
      .notNull()
      .references(() => assessmentSheets.id, { onDelete: 'cascade' }),
    kpiKey: text('kpi_key').notNull(),
    kpiVersion: integer('kpi_version').notNull(),
    value: real('value'),
    /** The score computed at opening (null: no value or too few) and the current one. */
    computedScore: real('computed_score'),
    score: real('score'),
    weight: real('weight').notNull(),
    sample: real('sample'),
    /** False: too few for a score — shown, neither scored nor weighed. */
    enough: boolean('enough').notNull(),
    selfRating: integer('self_rating'),
    selfComment: text('self_comment'),
    adjustedBy: text('adjusted_by'),
    adjustReason: text('adjust_reason'),
    adjustedAt: at('adjusted_at'),
  },
  (t) => [index('assessment_lines_sheet').on(t.sheetId)],
);

export const APPEAL_STATUSES = ['open', 'accepted', 'rejected'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export const assessmentAppeals = pgTable(
  'assessment_appeals',
  {
    id: serial('id').primaryKey(),
    sheetId: integer('sheet_id')
      .notNull()
      .references(() => assessmentSheets.id, { onDelete: 'cascade' }),
    lineId: integer('line_id')
      .notNull()
      .references(() => assessmentLines.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    filedBy: text('filed_by').notNull(),
    filedAt: at('filed_at').notNull().defaultNow(),
    status: text('status').$type<AppealStatus>().notNull().default('open'),
    answer: text('answer'),
    scoreBefore: real('score_before'),
    newScore: real('new_score'),
    answeredBy: text('answered_by'),
    answeredAt: at('answered_at'),
  },
  (t) => [
    uniqueIndex('assessment_appeals_line').on(t.lineId),
    index('assessment_appeals_sheet').on(t.sheetId),
    check('assessment_appeals_status', sql`${t.status} in ('open', 'accepted', 'rejected')`),
  ],
);

/** The step history: every stage move, review, adjustment, acknowledgement, appeal and answer. */
export const assessmentEvents = pgTable(
  'assessment_events',
  {
    id: serial('id').primaryKey(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => assessmentCycles.id, { onDelete: 'cascade' }),
    sheetId: integer('sheet_id'),
    lineId: integer('line_id'),
    kind: text('kind').notNull(),
    stage: text('stage').notNull(),
    userId: text('user_id'),
    at: at('at').notNull().defaultNow(),
    before: jsonb('before'),
    after: jsonb('after'),
    reason: text('reason'),
  },
  (t) => [index('assessment_events_cycle').on(t.cycleId, t.id), index('assessment_events_sheet').on(t.sheetId)],
);
