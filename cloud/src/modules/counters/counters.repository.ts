/** Counter sessions as the hubs reported them, and release requests made in the console. */
import { and, asc, eq, gte, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { counterSessions } from '../ingest/ingest.table.ts';

export const countersRepository = {
  /** The hall's counters open now (a clerk signed in), oldest first. */
  open: (db: Db, hallId: string) =>
    db
      .select()
      .from(counterSessions)
      .where(and(eq(counterSessions.hallId, hallId), isNull(counterSessions.closedAt)))
      .orderBy(asc(counterSessions.counterId), asc(counterSessions.openedAt)),
  /** Marks the open session of a counter for release; the rows marked (none: not open, or asked already). */
  requestRelease: (db: Db, hallId: string, counterId: string, by: string, at: Date) =>
    db
      .update(counterSessions)
      .set({ releaseRequestedAt: at, releaseRequestedBy: by })
      .where(
        and(
          eq(counterSessions.hallId, hallId),
          eq(counterSessions.counterId, counterId),
          isNull(counterSessions.closedAt),
          isNull(counterSessions.releaseRequestedAt),
        ),
      )
      .returning({ staffId: counterSessions.staffId }),
  /** Releases the hall's hub has yet to apply: asked since `since`, the session still open. */
  pendingReleases: (db: Db, hallId: string, since: Date) =>
    db
      .select({ counterId: counterSessions.counterId, by: counterSessions.releaseRequestedBy })
      .from(counterSessions)
      .where(
        and(
          eq(counterSessions.hallId, hallId),
          isNull(counterSessions.closedAt),
          gte(counterSessions.releaseRequestedAt, since),
          sql`${counterSessions.releaseRequestedAt} IS NOT NULL`,
        ),
      ),
};
