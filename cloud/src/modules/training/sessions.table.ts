/**
 * Training sessions (培训场次): scheduled by a trainer for a hall or a region, in a room or online, with
 * the clerks invited, their attendance (checked in by the room's QR code inside the session's window, or
 * marked by the trainer) and their feedback on the course and the trainer after it.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, serial, smallint, text, timestamp } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const SESSION_MODES = ['classroom', 'online'] as const;
export const SESSION_STATUSES = ['scheduled', 'cancelled'] as const;
/** An attendee invited (no check-in yet), present, or excused by the trainer. */
export const ATTENDANCE_STATUSES = ['invited', 'present', 'excused'] as const;

export const trainingSessions = pgTable(
  'training_sessions',
  {
    id: serial('id').primaryKey(),
    title: text('title').notNull(),
    /** The course: a library material's series (its version in force is what is taught). */
    materialSeriesId: integer('material_series_id'),
    /** Whose session: a hall's or a region's unit (its trainers manage it; its managers see it). */
    orgUnitId: text('org_unit_id').notNull(),
    /** The hall it is held in (a classroom session), or null (online, or a region's room elsewhere). */
    hallId: text('hall_id'),
    mode: text('mode').$type<(typeof SESSION_MODES)[number]>().notNull(),
    /** The room, or the online meeting's link. */
    place: text('place').notNull().default(''),
    trainerUserId: text('trainer_user_id').notNull(),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    status: text('status').$type<(typeof SESSION_STATUSES)[number]>().notNull().default('scheduled'),
    /** The secret the room's rotating check-in codes are derived from (never leaves the cloud). */
    checkinSecret: text('checkin_secret').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('training_sessions_unit_time').on(t.orgUnitId, t.startsAt),
    index('training_sessions_time').on(t.startsAt),
    check('training_sessions_mode', sql`${t.mode} in ('classroom', 'online')`),
    check('training_sessions_status', sql`${t.status} in ('scheduled', 'cancelled')`),
    check('training_sessions_window', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

export const trainingAttendance = pgTable(
  'training_attendance',
  {
    sessionId: integer('session_id')
      .notNull()
      .references(() => trainingSessions.id, { onDelete: 'cascade' }),
    employeeId: text('employee_id').notNull(),
    status: text('status').$type<(typeof ATTENDANCE_STATUSES)[number]>().notNull().default('invited'),
    checkedInAt: at('checked_in_at'),
    /** How presence was recorded: the clerk's own scan of the room's code, or the trainer's mark. */
    method: text('method').$type<'qr' | 'trainer'>(),
    markedBy: text('marked_by'),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.employeeId] }),
    index('training_attendance_employee').on(t.employeeId),
    check('training_attendance_status', sql`${t.status} in ('invited', 'present', 'excused')`),
  ],
);

export const trainingFeedback = pgTable(
  'training_feedback',
  {
    sessionId: integer('session_id')
      .notNull()
      .references(() => trainingSessions.id, { onDelete: 'cascade' }),
    /** Who gave it: one answer per attendee (never shown to the trainer by name). */
    employeeId: text('employee_id').notNull(),
    courseScore: smallint('course_score').notNull(),
    trainerScore: smallint('trainer_score').notNull(),
    comment: text('comment').notNull().default(''),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.employeeId] }),
    check('training_feedback_scores', sql`${t.courseScore} between 1 and 5 and ${t.trainerScore} between 1 and 5`),
  ],
);
