/**
 * Corrective actions (整改) opened from a failed item of an on-site form: who must put it right (an
 * employee of the hall or a console user of it), by which hall-local day, and how it was closed. An
 * action past its day and still open is "overdue": the hourly check notifies its owner and the hall's
 * managers once (`overdueNotifiedAt`).
 */
import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const ACTION_STATUSES = ['open', 'closed'] as const;

export const correctiveActions = pgTable(
  'corrective_actions',
  {
    id: uuid('id').primaryKey(),
    hallId: text('hall_id').notNull(),
    formId: uuid('form_id').notNull(),
    itemId: text('item_id').notNull(),
    description: text('description').notNull(),
    ownerEmployeeId: text('owner_employee_id'),
    ownerUserId: text('owner_user_id'),
    /** The hall-local day it must be done by (overdue from the next day on). */
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    status: text('status').$type<(typeof ACTION_STATUSES)[number]>().notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    createdBy: text('created_by').notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    closedBy: text('closed_by'),
    closeNote: text('close_note'),
    overdueNotifiedAt: timestamp('overdue_notified_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('corrective_actions_hall').on(t.hallId, t.status, t.dueDate),
    index('corrective_actions_form').on(t.formId),
    check('corrective_actions_status', sql`${t.status} in ('open', 'closed')`),
    check('corrective_actions_owner', sql`${t.ownerEmployeeId} is not null or ${t.ownerUserId} is not null`),
  ],
);
