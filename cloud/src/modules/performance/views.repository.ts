/**
 * What the KPI views read besides kpi_daily (performance.repository.ts): names (employees, halls, the
 * hall config's counters and services) and the ingest rows behind a clerk's values — tickets, ratings,
 * counter sessions and their pauses — a bounded page at a time.
 */
import { and, asc, count, eq, gte, inArray, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { hallConfigs, halls } from '../halls/halls.table.ts';
import { counterPauses, counterSessions, ratings, tickets } from '../ingest/ingest.table.ts';
import { employeeMoves, employees } from '../staff/staff.table.ts';

/** A hall and the instants the employee worked there ([from, to); null: open). */
export interface Tenure {
  hallId: string;
  from: Date | null;
  to: Date | null;
}

/** Rows of the employee's halls, each only within their time there. */
function inTenures(
  hallColumn: typeof tickets.hallId | typeof ratings.hallId | typeof counterSessions.hallId,
  atColumn: typeof tickets.issuedAt | typeof ratings.at | typeof counterSessions.openedAt,
  tenures: readonly Tenure[],
) {
  return or(
    ...tenures.map((t) =>
      and(eq(hallColumn, t.hallId), t.from ? gte(atColumn, t.from) : undefined, t.to ? lt(atColumn, t.to) : undefined),
    ),
  );
}

export interface Window {
  /** Where the employee was, when: a staff number is only unique within a hall at a time. */
  tenures: readonly Tenure[];
  staffId: string;
  /** [start, end) instants. */
  start: Date;
  end: Date;
}
export interface Page {
  limit: number;
  offset: number;
}

const named = (list: unknown): Map<string, string> =>
  new Map(
    (Array.isArray(list) ? (list as Array<{ id?: unknown; name?: unknown }>) : [])
      .filter((s) => typeof s.id === 'string')
      .map((s) => [s.id as string, typeof s.name === 'string' ? s.name : (s.id as string)]),
  );

export const viewsRepository = {
  halls: (db: Db, ids: readonly string[]) =>
    ids.length === 0
      ? Promise.resolve([])
      : db
          .select({ id: halls.id, name: halls.name, timeZone: halls.timeZone })
          .from(halls)
          .where(inArray(halls.id, [...ids])),
  /** The hall config's counter and service names by id (empty when the hall has no config yet). */
  async configNames(db: Db, hallId: string) {
    const row = (
      await db.select({ document: hallConfigs.document }).from(hallConfigs).where(eq(hallConfigs.hallId, hallId))
    )[0];
    const doc = (row?.document ?? {}) as { counters?: unknown; services?: unknown; staff?: unknown };
    return { counters: named(doc.counters), services: named(doc.services) };
  },
  employeesOfHalls: (db: Db, hallIds: readonly string[]) =>
    hallIds.length === 0
      ? Promise.resolve([])
      : db
          .select({
            id: employees.id,
            hallId: employees.hallId,
            staffId: employees.staffId,
            name: employees.name,
            role: employees.role,
            status: employees.status,
          })
          .from(employees)
          .where(inArray(employees.hallId, [...hallIds]))
          .orderBy(asc(employees.staffId)),
  /** The employee's moves, oldest first (the halls they worked in, and from when). */
  moves: (db: Db, employeeId: string) =>
    db
      .select({ from: employeeMoves.fromHallId, to: employeeMoves.toHallId, date: employeeMoves.effectiveDate })
      .from(employeeMoves)
      .where(eq(employeeMoves.employeeId, employeeId))
      .orderBy(asc(employeeMoves.effectiveDate), asc(employeeMoves.id)),

  async tickets(db: Db, w: Window, page: Page) {
    const where = and(
      inTenures(tickets.hallId, tickets.issuedAt, w.tenures),
      eq(tickets.staffId, w.staffId),
      gte(tickets.issuedAt, w.start),
      lt(tickets.issuedAt, w.end),
    );
    const [rows, total] = await Promise.all([
      db
        .select()
        .from(tickets)
        .where(where)
        .orderBy(asc(tickets.issuedAt), asc(tickets.issueSeq))
        .limit(page.limit)
        .offset(page.offset),
      db.select({ n: count() }).from(tickets).where(where),
    ]);
    return { rows, total: total[0]?.n ?? 0 };
  },
  /** Ratings of given tickets: same hub and number, given within a day of the ticket's issue. */
  ratingsOfTickets: (db: Db, list: ReadonlyArray<{ hubId: string; ticketNo: string; issuedAt: Date }>) =>
    list.length === 0
      ? Promise.resolve([])
      : db
          .select({ hubId: ratings.hubId, ticketNo: ratings.ticketNo, score: ratings.score, at: ratings.at })
          .from(ratings)
          .where(
            and(
              or(...list.map((t) => and(eq(ratings.hubId, t.hubId), eq(ratings.ticketNo, t.ticketNo)))),
              gte(ratings.at, new Date(Math.min(...list.map((t) => t.issuedAt.getTime())))),
              lt(ratings.at, new Date(Math.max(...list.map((t) => t.issuedAt.getTime())) + 86_400_000)),
              eq(ratings.skipped, false),
            ),
          )
          .orderBy(asc(ratings.at)),

  async ratings(db: Db, w: Window, page: Page) {
    const where = and(
      inTenures(ratings.hallId, ratings.at, w.tenures),
      eq(ratings.staffId, w.staffId),
      gte(ratings.at, w.start),
      lt(ratings.at, w.end),
    );
    const [rows, total] = await Promise.all([
      db
        .select()
        .from(ratings)
        .where(where)
        .orderBy(asc(ratings.at), asc(ratings.seq))
        .limit(page.limit)
        .offset(page.offset),
      db.select({ n: count() }).from(ratings).where(where),
    ]);
    return { rows, total: total[0]?.n ?? 0 };
  },

  /** Sessions that overlap the window. */
  async sessions(db: Db, w: Window, page: Page) {
    const where = and(
      inTenures(counterSessions.hallId, counterSessions.openedAt, w.tenures),
      eq(counterSessions.staffId, w.staffId),
      lt(counterSessions.openedAt, w.end),
      or(isNull(counterSessions.closedAt), gte(counterSessions.closedAt, w.start)),
    );
    const [rows, total] = await Promise.all([
      db
        .select({
          hubId: counterSessions.hubId,
          hallId: counterSessions.hallId,
          counterId: counterSessions.counterId,
          openedAt: counterSessions.openedAt,
          closedAt: counterSessions.closedAt,
        })
        .from(counterSessions)
        .where(where)
        .orderBy(asc(counterSessions.openedAt), asc(counterSessions.openSeq))
        .limit(page.limit)
        .offset(page.offset),
      db.select({ n: count() }).from(counterSessions).where(where),
    ]);
    return { rows, total: total[0]?.n ?? 0 };
  },
  /** Pauses (kept by counter) that started within the given sessions: the clerk's pauses. */
  pausesIn: (
    db: Db,
    list: ReadonlyArray<{ hubId: string; counterId: string; openedAt: Date; closedAt: Date | null }>,
    now: Date,
  ) =>
    list.length === 0
      ? Promise.resolve([])
      : db
          .select({
            hubId: counterPauses.hubId,
            counterId: counterPauses.counterId,
            reason: counterPauses.reason,
            note: counterPauses.note,
            startedAt: counterPauses.startedAt,
            endedAt: counterPauses.endedAt,
          })
          .from(counterPauses)
          .where(
            or(
              ...list.map((s) =>
                and(
                  eq(counterPauses.hubId, s.hubId),
                  eq(counterPauses.counterId, s.counterId),
                  gte(counterPauses.startedAt, s.openedAt),
                  lt(counterPauses.startedAt, s.closedAt ?? now),
                ),
              ),
            ),
          )
          .orderBy(asc(counterPauses.startedAt))
          .limit(2_000),
};
