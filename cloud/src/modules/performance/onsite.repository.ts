/** Storage of on-site scoring: checklist template versions, forms, corrective actions, and what they read. */
import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { blobs } from '../blobs/blobs.table.ts';
import { counterSessions, tickets } from '../ingest/ingest.table.ts';
import { employees } from '../staff/staff.table.ts';
import { correctiveActions } from './onsite.actions.table.ts';
import { checklistTemplates, onsiteForms } from './onsite.table.ts';

export type TemplateRow = typeof checklistTemplates.$inferSelect;
export type FormRow = typeof onsiteForms.$inferSelect;
export type ActionRow = typeof correctiveActions.$inferSelect;

export const onsiteRepository = {
  /** Each template's newest version (retired ones too: the caller decides). */
  latestTemplates: (db: Db) =>
    db
      .selectDistinctOn([checklistTemplates.id])
      .from(checklistTemplates)
      .orderBy(checklistTemplates.id, desc(checklistTemplates.version)),
  template: async (db: Db, id: string, version: number) =>
    (
      await db
        .select()
        .from(checklistTemplates)
        .where(and(eq(checklistTemplates.id, id), eq(checklistTemplates.version, version)))
    )[0] ?? null,
  templates: (db: Db, refs: ReadonlyArray<{ id: string; version: number }>) =>
    refs.length
      ? db
          .select()
          .from(checklistTemplates)
          .where(
            or(...refs.map((r) => and(eq(checklistTemplates.id, r.id), eq(checklistTemplates.version, r.version)))),
          )
      : Promise.resolve([] as TemplateRow[]),
  /** A new version; false when that version exists already (another writer was first). */
  insertTemplate: async (db: Db, row: typeof checklistTemplates.$inferInsert) =>
    (await db.insert(checklistTemplates).values(row).onConflictDoNothing().returning({ id: checklistTemplates.id }))
      .length > 0,
  retireTemplate: (db: Db, id: string, version: number, at: Date) =>
    db
      .update(checklistTemplates)
      .set({ retiredAt: at })
      .where(
        and(
          eq(checklistTemplates.id, id),
          eq(checklistTemplates.version, version),
          isNull(checklistTemplates.retiredAt),
        ),
      )
      .returning({ id: checklistTemplates.id }),

  /** The hall's employees (at work or on leave) with their console accounts. */
  employeesOf: (db: Db, hallId: string) =>
    db
      .select({
        id: employees.id,
        staffId: employees.staffId,
        name: employees.name,
        role: employees.role,
        userId: employees.userId,
        status: employees.status,
      })
      .from(employees)
      .where(and(eq(employees.hallId, hallId), inArray(employees.status, ['active', 'leave'])))
      .orderBy(asc(employees.name)),
  employee: async (db: Db, id: string) =>
    (
      await db
        .select({
          id: employees.id,
          hallId: employees.hallId,
          staffId: employees.staffId,
          name: employees.name,
          userId: employees.userId,
        })
        .from(employees)
        .where(eq(employees.id, id))
    )[0] ?? null,
  employeeByStaffId: async (db: Db, hallId: string, staffId: string) =>
    (
      await db
        .select({ id: employees.id, name: employees.name })
        .from(employees)
        .where(and(eq(employees.hallId, hallId), eq(employees.staffId, staffId)))
    )[0] ?? null,
  /** Names of employees by id (any hall: a form keeps its clerk after a move). */
  employeeNames: (db: Db, ids: string[]) =>
    ids.length
      ? db.select({ id: employees.id, name: employees.name }).from(employees).where(inArray(employees.id, ids))
      : Promise.resolve([] as Array<{ id: string; name: string }>),

  /** The hall's employees by staff number (who scored a form at the hub's on-site page: `staff:<id>`). */
  staffNames: (db: Db, hallId: string, staffIds: string[]) =>
    staffIds.length
      ? db
          .select({ staffId: employees.staffId, name: employees.name })
          .from(employees)
          .where(and(eq(employees.hallId, hallId), inArray(employees.staffId, staffIds)))
      : Promise.resolve([] as Array<{ staffId: string; name: string }>),

  /** Counters open now, with the ticket each has called or is serving (the newest). */
  openSessions: (db: Db, hallId: string) =>
    db
      .select({
        counterId: counterSessions.counterId,
        staffId: counterSessions.staffId,
        openedAt: counterSessions.openedAt,
      })
      .from(counterSessions)
      .where(and(eq(counterSessions.hallId, hallId), isNull(counterSessions.closedAt)))
      .orderBy(asc(counterSessions.counterId)),
  ticketsInService: (db: Db, hallId: string, since: Date) =>
    db
      .select({
        counterId: tickets.counterId,
        ticketNo: tickets.ticketNo,
        serviceId: tickets.serviceId,
        outcome: tickets.outcome,
        at: sql<Date>`coalesce(${tickets.startedAt}, ${tickets.lastCalledAt})`.mapWith((v) => new Date(v as string)),
      })
      .from(tickets)
      .where(
        and(eq(tickets.hallId, hallId), inArray(tickets.outcome, ['called', 'serving']), gte(tickets.issuedAt, since)),
      ),

  /** Which of these blobs the cloud holds. */
  blobsPresent: async (db: Db, names: string[]) =>
    names.length
      ? new Set(
          (await db.select({ sha256: blobs.sha256 }).from(blobs).where(inArray(blobs.sha256, names))).map(
            (b) => b.sha256,
          ),
        )
      : new Set<string>(),

  /** Stores a form unless one with its id exists; true when this call stored it. */
  insertForm: async (db: Db, row: typeof onsiteForms.$inferInsert) =>
    (await db.insert(onsiteForms).values(row).onConflictDoNothing().returning({ formId: onsiteForms.formId })).length >
    0,
  form: async (db: Db, formId: string) =>
    (await db.select().from(onsiteForms).where(eq(onsiteForms.formId, formId)))[0] ?? null,
  formsOfHall: (db: Db, hallId: string, from: Date, to: Date, limit: number) =>
    db
      .select()
      .from(onsiteForms)
      .where(and(eq(onsiteForms.hallId, hallId), gte(onsiteForms.at, from), lt(onsiteForms.at, to)))
      .orderBy(desc(onsiteForms.at))
      .limit(limit),
  formsOfEmployee: (db: Db, employeeId: string, limit: number) =>
    db
      .select()
      .from(onsiteForms)
      .where(eq(onsiteForms.employeeId, employeeId))
      .orderBy(desc(onsiteForms.at))
      .limit(limit),
  /** For the facts: the hall's forms scored in [from, to). */
  formsBetween: (db: Db, hallId: string, from: Date, to: Date) =>
    db
      .select({
        subjectKind: onsiteForms.subjectKind,
        subjectId: onsiteForms.subjectId,
        employeeId: onsiteForms.employeeId,
        counterId: onsiteForms.counterId,
        points: onsiteForms.points,
        maxPoints: onsiteForms.maxPoints,
        criticalFailed: onsiteForms.criticalFailed,
      })
      .from(onsiteForms)
      .where(and(eq(onsiteForms.hallId, hallId), gte(onsiteForms.at, from), lt(onsiteForms.at, to))),

  insertActions: (db: Db, rows: Array<typeof correctiveActions.$inferInsert>) =>
    rows.length ? db.insert(correctiveActions).values(rows).onConflictDoNothing() : Promise.resolve(),
  action: async (db: Db, id: string) =>
    (await db.select().from(correctiveActions).where(eq(correctiveActions.id, id)))[0] ?? null,
  actionsOfForm: (db: Db, formId: string) =>
    db
      .select()
      .from(correctiveActions)
      .where(eq(correctiveActions.formId, formId))
      .orderBy(asc(correctiveActions.createdAt)),
  actionsOfHall: (db: Db, hallId: string, status: 'open' | 'closed' | null, limit: number) =>
    db
      .select()
      .from(correctiveActions)
      .where(and(eq(correctiveActions.hallId, hallId), status ? eq(correctiveActions.status, status) : undefined))
      .orderBy(desc(correctiveActions.status), asc(correctiveActions.dueDate), desc(correctiveActions.createdAt))
      .limit(limit),
  countOpenActionsOfForm: async (db: Db, formId: string) =>
    (
      await db
        .select({ n: sql<number>`count(*)::int` })
        .from(correctiveActions)
        .where(eq(correctiveActions.formId, formId))
    )[0]?.n ?? 0,
  closeAction: async (db: Db, id: string, o: { by: string; at: Date; note: string }) =>
    (
      await db
        .update(correctiveActions)
        .set({ status: 'closed', closedAt: o.at, closedBy: o.by, closeNote: o.note })
        .where(and(eq(correctiveActions.id, id), eq(correctiveActions.status, 'open')))
        .returning()
    )[0] ?? null,
  /** Halls with open actions not yet notified as overdue (the hourly check then works hall by hall). */
  hallsWithUnnotified: async (db: Db) =>
    (
      await db
        .selectDistinct({ hallId: correctiveActions.hallId })
        .from(correctiveActions)
        .where(and(eq(correctiveActions.status, 'open'), isNull(correctiveActions.overdueNotifiedAt)))
    ).map((r) => r.hallId),
  /** Open actions of a hall due before `today` (hall-local) and not yet notified. */
  overdueUnnotified: (db: Db, hallId: string, today: string, limit: number) =>
    db
      .select()
      .from(correctiveActions)
      .where(
        and(
          eq(correctiveActions.hallId, hallId),
          eq(correctiveActions.status, 'open'),
          isNull(correctiveActions.overdueNotifiedAt),
          lt(correctiveActions.dueDate, today),
        ),
      )
      .limit(limit),
  /** Claims the notification of an action (one process sends it). */
  markNotified: async (db: Db, id: string, at: Date) =>
    (
      await db
        .update(correctiveActions)
        .set({ overdueNotifiedAt: at })
        .where(and(eq(correctiveActions.id, id), isNull(correctiveActions.overdueNotifiedAt)))
        .returning({ id: correctiveActions.id })
    ).length > 0,
};
