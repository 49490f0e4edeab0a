/**
 * On-site scoring (现场评分): checklist templates as configuration (versioned; the hall config's
 * `onsite` section carries those in force, so a hub can score while the WAN is down) and the forms
 * filled in — from the console on a phone, or at the hub and forwarded as an `onsite.scored` event.
 * A form is keyed by the id its page made, so one sent twice (retry, both paths) is stored once.
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
  real,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ChecklistTemplate } from '@hall/devices';

export const checklistTemplates = pgTable(
  'checklist_templates',
  {
    id: text('id').notNull(),
    version: integer('version').notNull(),
    /** The org unit (region or hall) whose halls use it; the root: every hall. */
    orgUnitId: text('org_unit_id').notNull(),
    document: jsonb('document').$type<ChecklistTemplate>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    createdBy: text('created_by'),
    retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [primaryKey({ columns: [t.id, t.version] })],
);

export interface OnsiteAnswer {
  itemId: string;
  result: 'pass' | 'fail' | 'na';
  points: number | null;
  note: string | null;
  photos: string[];
}

export const onsiteForms = pgTable(
  'onsite_forms',
  {
    formId: uuid('form_id').primaryKey(),
    hallId: text('hall_id').notNull(),
    templateId: text('template_id').notNull(),
    templateVersion: integer('template_version').notNull(),
    subjectKind: text('subject_kind').$type<'clerk' | 'counter' | 'hall'>().notNull(),
    /** As scored: the clerk's staff id, the counter id or the hall id. */
    subjectId: text('subject_id').notNull(),
    /** The clerk's employee record when the subject is a clerk the staff module knows. */
    employeeId: text('employee_id'),
    counterId: text('counter_id'),
    ticketNo: text('ticket_no'),
    answers: jsonb('answers').$type<OnsiteAnswer[]>().notNull(),
    /** Points scored and possible (n/a items left out); a failed critical item fails the form. */
    points: real('points').notNull(),
    maxPoints: real('max_points').notNull(),
    criticalFailed: boolean('critical_failed').notNull(),
    scoredBy: text('scored_by').notNull(),
    signature: text('signature'),
    source: text('source').$type<'console' | 'hub'>().notNull(),
    /** When it was scored (hall time of the submission). */
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('onsite_forms_hall_at').on(t.hallId, t.at),
    index('onsite_forms_employee').on(t.employeeId, t.at),
    check('onsite_forms_subject_kind', sql`${t.subjectKind} in ('clerk', 'counter', 'hall')`),
  ],
);
