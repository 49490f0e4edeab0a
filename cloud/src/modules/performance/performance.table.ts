/**
 * The performance module's core tables: the KPI catalogue (versioned: editing a KPI writes a new version,
 * and whatever was published with an older version — a cycle's scores, a daily report — keeps naming
 * it) and the daily facts per subject that every KPI is computed from (facts.ts).
 */
import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { ScoringBands } from '../../engines/kpi/score.ts';
import type { EmployeeRole } from '../staff/staff.table.ts';
import type { Facts, SubjectKind } from './facts.ts';

export const KPI_UNITS = ['count', 'percent', 'minutes', 'seconds', 'score', 'ratio'] as const;
export type KpiUnit = (typeof KPI_UNITS)[number];
export const KPI_PERIODS = ['day', 'week', 'month'] as const;
export type KpiPeriod = (typeof KPI_PERIODS)[number];

/** Who a KPI applies to: subject kind, employee roles (clerks), and org units (a region or a hall) — empty: all. */
export interface KpiAppliesTo {
  subjects: SubjectKind[];
  roles?: EmployeeRole[];
  orgUnitIds?: string[];
}

/** Below this sample the value is shown but neither scored nor ranked ("too few"). */
export interface KpiMinSample {
  fact: string;
  n: number;
}

export const kpiDefinitions = pgTable(
  'kpi_definitions',
  {
    id: serial('id').primaryKey(),
    /** Stable across versions (`volume`, `handle-mix`, …). */
    key: text('key').notNull(),
    version: integer('version').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    /** The formula over facts (engines/kpi/formula.ts). */
    formula: text('formula').notNull(),
    unit: text('unit').$type<KpiUnit>().notNull(),
    direction: text('direction').$type<'higher' | 'lower'>().notNull(),
    target: real('target'),
    bands: jsonb('bands').$type<ScoringBands>().notNull(),
    weight: real('weight').notNull().default(1),
    appliesTo: jsonb('applies_to').$type<KpiAppliesTo>().notNull(),
    period: text('period').$type<KpiPeriod>().notNull().default('month'),
    minSample: jsonb('min_sample').$type<KpiMinSample | null>(),
    /** A retired KPI is no longer computed for new periods; its versions stay for what named them. */
    retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    createdBy: text('created_by'),
  },
  (t) => [
    uniqueIndex('kpi_definitions_key_version').on(t.key, t.version),
    check('kpi_definitions_direction', sql`${t.direction} in ('higher', 'lower')`),
  ],
);

/**
 * One subject's facts on one hall-local day (clerk: employee id or `staff:<n>`; counter; hall), and the
 * day values of the KPIs in force when computed (`{ key: { version, value, score } }`). Recomputing a
 * day replaces its row; a published cycle keeps its own copy of what it scored.
 */
export const kpiDaily = pgTable(
  'kpi_daily',
  {
    hallId: text('hall_id').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    subjectKind: text('subject_kind').$type<SubjectKind>().notNull(),
    subjectId: text('subject_id').notNull(),
    facts: jsonb('facts').$type<Facts>().notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.hallId, t.date, t.subjectKind, t.subjectId] }),
    index('kpi_daily_subject').on(t.subjectKind, t.subjectId, t.date),
    check('kpi_daily_subject_kind', sql`${t.subjectKind} in ('clerk', 'counter', 'hall')`),
  ],
);

/**
 * Days of a hall whose facts changed after the nightly run computed them: hub events that arrived late
 * (a hub back after days offline), a staff-record entry added or withdrawn for an older day. The next
 * nightly run of the hall recomputes them and clears the marks it read (a mark made during the run stays).
 */
export const kpiDirtyDays = pgTable(
  'kpi_dirty_days',
  {
    hallId: text('hall_id').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    markedAt: timestamp('marked_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.hallId, t.date] })],
);
