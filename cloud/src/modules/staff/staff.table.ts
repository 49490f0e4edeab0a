/**
 * The halls' employees as cloud records (the staff module): who works where, in which role, with which
 * skills and contract, when they can work, and their counter PIN (hashed). The hub gets the `staff`
 * section of its hall config written from these rows; before they existed, staff lived only in that
 * section, and a hall's staff are migrated from it once (staff.service.ts).
 *
 * An employee's key is `id` (generated); `staffId` is the number the clerk types at a counter and the
 * hub's events carry, unique within a hall, kept when the employee moves to another hall.
 */
import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { halls } from '../halls/halls.table.ts';

export const EMPLOYEE_ROLES = ['clerk', 'lead', 'manager'] as const;
export type EmployeeRole = (typeof EMPLOYEE_ROLES)[number];
export const EMPLOYEE_STATUSES = ['active', 'leave', 'left'] as const;
export type EmployeeStatus = (typeof EMPLOYEE_STATUSES)[number];

/** What the contract allows per week (the roster's hard rules). */
export interface EmployeeContract {
  kind: 'full-time' | 'part-time';
  minWeekHours: number;
  maxWeekHours: number;
  maxDaysPerWeek: number;
  /** Hours off between the end of one shift and the start of the next. */
  minRestHours: number;
  /** Shift templates the contract allows (ids of the hall's templates); absent: all. */
  templates?: string[];
}

/** When the employee can work, by weekday (`mon`…`sun`): null or absent — not that day; else windows. */
export type WeeklyAvailability = Partial<
  Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', Array<{ from: string; to: string }> | null>
>;

export const employees = pgTable(
  'employees',
  {
    id: text('id').primaryKey(),
    hallId: text('hall_id')
      .notNull()
      .references(() => halls.id),
    /** The number typed at a counter and carried by the hub's events (ticket.called staffId). */
    staffId: text('staff_id').notNull(),
    name: text('name').notNull(),
    role: text('role').$type<EmployeeRole>().notNull().default('clerk'),
    /** Skill level per service id: 1 learning, 2 independent, 3 expert. */
    skills: jsonb('skills').$type<Record<string, number>>().notNull().default({}),
    contract: jsonb('contract').$type<EmployeeContract>().notNull(),
    availability: jsonb('availability').$type<WeeklyAvailability>().notNull().default({}),
    startDate: date('start_date', { mode: 'string' }),
    status: text('status').$type<EmployeeStatus>().notNull().default('active'),
    /** The console account that is this employee (a clerk signs in and sees only themself). */
    userId: text('user_id'),
    /** scrypt hash of the counter PIN (never shown again after it is set). */
    pinHash: text('pin_hash'),
    pinSetAt: timestamp('pin_set_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('employees_hall_staff').on(t.hallId, t.staffId),
    uniqueIndex('employees_user').on(t.userId),
    check('employees_role', sql`${t.role} in ('clerk', 'lead', 'manager')`),
    check('employees_status', sql`${t.status} in ('active', 'leave', 'left')`),
  ],
);

/** Moves between halls (the employee keeps their id and staff number). */
export const employeeMoves = pgTable(
  'employee_moves',
  {
    id: serial('id').primaryKey(),
    employeeId: text('employee_id')
      .notNull()
      .references(() => employees.id, { onDelete: 'cascade' }),
    fromHallId: text('from_hall_id').notNull(),
    toHallId: text('to_hall_id').notNull(),
    /** First hall-local day in the new hall. */
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    by: text('by'),
    /** When the employee's hall was changed: at once for a move effective today, else on its day. */
    appliedAt: timestamp('applied_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('employee_moves_employee').on(t.employeeId)],
);

/**
 * Halls whose staff have been imported from their hall config (once per hall): the primary key is what
 * makes the import happen once when two cloud processes start together (staff-config.ts).
 */
export const staffImports = pgTable('staff_imports', {
  hallId: text('hall_id')
    .primaryKey()
    .references(() => halls.id),
  /** How many staff entries the hall config had when they were imported. */
  imported: integer('imported').notNull(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
