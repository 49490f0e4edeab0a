/**
 * Skill levels by criteria (技能等级): the rules (versioned per org unit, like the KPI catalogue: a change
 * is a new version, never an edit of one that judged someone), the proposals the evaluation job makes
 * (up or down, with the evidence: each criterion's figure against its threshold), and the history of
 * levels changed by a confirmed proposal. The level itself lives in the staff module (`employees.skills`).
 */
import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { SkillEvidence, SkillRules } from './skills.rules.ts';

export const skillRuleSets = pgTable(
  'skill_rule_sets',
  {
    id: serial('id').primaryKey(),
    /** The org unit (HQ, a region or a hall) whose halls these rules judge; the nearest one up the tree wins. */
    orgUnitId: text('org_unit_id').notNull(),
    version: integer('version').notNull(),
    rules: jsonb('rules').$type<SkillRules>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    createdBy: text('created_by'),
  },
  (t) => [uniqueIndex('skill_rule_sets_unit_version').on(t.orgUnitId, t.version)],
);

export const PROPOSAL_STATUSES = ['pending', 'confirmed', 'rejected', 'superseded'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const skillProposals = pgTable(
  'skill_proposals',
  {
    id: serial('id').primaryKey(),
    hallId: text('hall_id').notNull(),
    employeeId: text('employee_id').notNull(),
    serviceId: text('service_id').notNull(),
    /** The employee's level when proposed (null: no level for the service yet). */
    fromLevel: integer('from_level'),
    toLevel: integer('to_level').notNull(),
    evidence: jsonb('evidence').$type<SkillEvidence>().notNull(),
    ruleSetId: integer('rule_set_id').notNull(),
    /** The look-back window the figures cover (hall-local dates). */
    windowFrom: date('window_from', { mode: 'string' }).notNull(),
    windowTo: date('window_to', { mode: 'string' }).notNull(),
    status: text('status').$type<ProposalStatus>().notNull().default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    reason: text('reason'),
  },
  (t) => [
    // One waiting proposal per employee and service: a second run finds it and proposes nothing new.
    uniqueIndex('skill_proposals_pending')
      .on(t.employeeId, t.serviceId)
      .where(sql`${t.status} = 'pending'`),
    index('skill_proposals_hall').on(t.hallId, t.status),
    index('skill_proposals_employee').on(t.employeeId, t.createdAt),
    check('skill_proposals_status', sql`${t.status} in ('pending', 'confirmed', 'rejected', 'superseded')`),
    check('skill_proposals_level', sql`${t.toLevel} between 1 and 3`),
  ],
);

export const skillLevelHistory = pgTable(
  'skill_level_history',
  {
    id: serial('id').primaryKey(),
    employeeId: text('employee_id').notNull(),
    hallId: text('hall_id').notNull(),
    serviceId: text('service_id').notNull(),
    fromLevel: integer('from_level'),
    toLevel: integer('to_level').notNull(),
    evidence: jsonb('evidence').$type<SkillEvidence>().notNull(),
    proposalId: integer('proposal_id'),
    by: text('by'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('skill_level_history_employee').on(t.employeeId, t.at)],
);
