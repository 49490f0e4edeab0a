/**
 * Jobs, attempts and schedules in the database. Every statement is short: PGlite has one connection,
 * so nothing here holds a transaction across a handler's run. Claims use `FOR UPDATE SKIP LOCKED`, so
 * several cloud processes on one PostgreSQL never claim the same row; every later write of a running
 * job is fenced by (locked_by, attempts), so a process that lost its lease cannot finish the job.
 */
import { and, asc, count, desc, eq, inArray, isNotNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { jobAttempts, jobSchedules, jobs, type JobState } from './jobs.table.ts';

export type JobRow = typeof jobs.$inferSelect;
export type ScheduleRow = typeof jobSchedules.$inferSelect;

export interface JobFilter {
  states?: JobState[];
  type?: string;
  hallId?: string;
  /** Only halls in this list (the caller's scope); undefined: all. */
  offset: number;
  limit: number;
}

const fence = (id: number, attempt: number, worker: string) =>
  and(eq(jobs.id, id), eq(jobs.attempts, attempt), eq(jobs.lockedBy, worker), eq(jobs.state, 'running'));

export const jobsRepository = {
  /** Inserts a job; with a unique key already taken, answers the existing job instead. */
  async insert(db: Db, row: typeof jobs.$inferInsert): Promise<{ id: number; created: boolean }> {
    const inserted = await db
      .insert(jobs)
      .values(row)
      .onConflictDoNothing({ target: jobs.uniqueKey })
      .returning({ id: jobs.id });
    if (inserted[0]) return { id: inserted[0].id, created: true };
    const existing = await db
      .select({ id: jobs.id })
      .from(jobs)
      .where(eq(jobs.uniqueKey, row.uniqueKey as string));
    return { id: (existing[0] as { id: number }).id, created: false };
  },

  /**
   * Takes up to `limit` due jobs of the given types for this worker: state running, one more attempt, a
   * lease. Rows another process is claiming at the same moment are skipped, not waited for.
   */
  async claim(
    db: Db,
    o: { worker: string; types: string[]; now: Date; leaseUntil: (type: string) => Date; limit: number },
  ) {
    if (o.limit <= 0 || o.types.length === 0) return [];
    const due = db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(inArray(jobs.state, ['queued', 'failed']), lte(jobs.runAt, o.now), inArray(jobs.type, o.types)))
      .orderBy(asc(jobs.runAt), asc(jobs.id))
      .limit(o.limit)
      .for('update', { skipLocked: true });
    // Each type has its own lease length: one CASE over the claimed types.
    const lease = sql`case ${jobs.type} ${sql.join(
      o.types.map((t) => sql`when ${t} then ${o.leaseUntil(t).toISOString()}::timestamptz`),
      sql` `,
    )} end`;
    const claimed = await db
      .update(jobs)
      .set({
        state: 'running',
        attempts: sql`${jobs.attempts} + 1`,
        lockedBy: o.worker,
        leaseUntil: lease,
        startedAt: o.now,
        progress: null,
        progressNote: null,
        finishedAt: null,
      })
      .where(inArray(jobs.id, due))
      .returning();
    if (claimed.length)
      await db
        .insert(jobAttempts)
        .values(claimed.map((job) => ({ jobId: job.id, attempt: job.attempts, worker: o.worker, startedAt: o.now })))
        .onConflictDoNothing();
    return claimed;
  },

  /**
   * Jobs whose process stopped renewing its lease (killed, hung, cut off): retried at once, or dead when
   * that was the last attempt, or cancelled when a cancel was asked for.
   */
  async reapExpired(db: Db, now: Date) {
    const reaped = await db
      .update(jobs)
      .set({
        state: sql`case when ${jobs.cancelRequested} then 'cancelled' when ${jobs.attempts} >= ${jobs.maxAttempts} then 'dead' else 'failed' end`,
        runAt: now,
        lockedBy: null,
        leaseUntil: null,
        errorCode: 'lease-expired',
        errorMessage: null,
        finishedAt: sql`case when ${jobs.cancelRequested} or ${jobs.attempts} >= ${jobs.maxAttempts} then ${now.toISOString()}::timestamptz else null end`,
      })
      .where(and(eq(jobs.state, 'running'), lt(jobs.leaseUntil, now)))
      .returning({ id: jobs.id, attempt: jobs.attempts, state: jobs.state });
    for (const r of reaped)
      await db
        .update(jobAttempts)
        .set({ outcome: 'lease-expired', finishedAt: now, errorCode: 'lease-expired' })
        .where(
          and(eq(jobAttempts.jobId, r.id), eq(jobAttempts.attempt, r.attempt), eq(jobAttempts.outcome, 'running')),
        );
    return reaped;
  },

  /** Extends the lease and saves progress; null when the job is no longer this worker's (lease lost). */
  async renew(
    db: Db,
    o: {
      id: number;
      attempt: number;
      worker: string;
      leaseUntil: Date;
      progress?: number | null;
      note?: string | null;
    },
  ): Promise<{ cancelRequested: boolean } | null> {
    const rows = await db
      .update(jobs)
      .set({
        leaseUntil: o.leaseUntil,
        ...(o.progress !== undefined ? { progress: o.progress } : {}),
        ...(o.note !== undefined ? { progressNote: o.note } : {}),
      })
      .where(fence(o.id, o.attempt, o.worker))
      .returning({ cancelRequested: jobs.cancelRequested });
    return rows[0] ?? null;
  },

  /** Ends this worker's attempt; false when the job was no longer its own (nothing written). */
  async finish(
    db: Db,
    o: {
      id: number;
      attempt: number;
      worker: string;
      now: Date;
      state: 'done' | 'failed' | 'dead' | 'cancelled';
      runAt?: Date;
      result?: unknown;
      errorCode?: string | null;
      errorMessage?: string | null;
    },
  ): Promise<boolean> {
    const final = o.state !== 'failed';
    const rows = await db
      .update(jobs)
      .set({
        state: o.state,
        lockedBy: null,
        leaseUntil: null,
        errorCode: o.errorCode ?? null,
        errorMessage: o.errorMessage ?? null,
        ...(o.state === 'done' ? { progress: 1, result: o.result ?? null } : {}),
        ...(o.runAt ? { runAt: o.runAt } : {}),
        finishedAt: final ? o.now : null,
      })
      .where(fence(o.id, o.attempt, o.worker))
      .returning({ id: jobs.id });
    if (!rows[0]) return false;
    await db
      .update(jobAttempts)
      .set({
        outcome: o.state === 'dead' ? 'failed' : o.state,
        finishedAt: o.now,
        errorCode: o.errorCode ?? null,
        errorMessage: o.errorMessage ?? null,
      })
      .where(and(eq(jobAttempts.jobId, o.id), eq(jobAttempts.attempt, o.attempt)));
    return true;
  },

  get: async (db: Db, id: number) => (await db.select().from(jobs).where(eq(jobs.id, id)))[0] ?? null,
  attempts: (db: Db, id: number) =>
    db.select().from(jobAttempts).where(eq(jobAttempts.jobId, id)).orderBy(asc(jobAttempts.attempt)),

  async list(db: Db, f: JobFilter) {
    const where: SQL[] = [];
    if (f.states?.length) where.push(inArray(jobs.state, f.states));
    if (f.type) where.push(eq(jobs.type, f.type));
    if (f.hallId) where.push(eq(jobs.hallId, f.hallId));
    const cond = where.length ? and(...where) : undefined;
    const [rows, total] = await Promise.all([
      db.select().from(jobs).where(cond).orderBy(desc(jobs.createdAt), desc(jobs.id)).offset(f.offset).limit(f.limit),
      db.select({ n: count() }).from(jobs).where(cond),
    ]);
    return { rows, total: Number(total[0]?.n ?? 0) };
  },

  /** How many jobs are in each state (the page's tabs). */
  countsByState: (db: Db) => db.select({ state: jobs.state, n: count() }).from(jobs).groupBy(jobs.state),
  types: async (db: Db) =>
    (await db.selectDistinct({ type: jobs.type }).from(jobs).orderBy(jobs.type)).map((r) => r.type),

  /** A failed, dead or cancelled job back in the queue with `more` attempts; false when it is not in such a state. */
  async retry(db: Db, o: { id: number; now: Date; more: number }) {
    const rows = await db
      .update(jobs)
      .set({
        state: 'queued',
        runAt: o.now,
        maxAttempts: sql`${jobs.attempts} + ${o.more}`,
        cancelRequested: false,
        finishedAt: null,
      })
      .where(and(eq(jobs.id, o.id), inArray(jobs.state, ['failed', 'dead', 'cancelled'])))
      .returning({ id: jobs.id });
    return rows.length > 0;
  },

  /** A waiting job is cancelled at once; a running one is asked to stop (its runner aborts it). */
  async cancel(db: Db, o: { id: number; now: Date }): Promise<JobState | null> {
    const waiting = await db
      .update(jobs)
      .set({ state: 'cancelled', finishedAt: o.now, cancelRequested: true })
      .where(and(eq(jobs.id, o.id), inArray(jobs.state, ['queued', 'failed'])))
      .returning({ state: jobs.state });
    if (waiting[0]) return 'cancelled';
    const running = await db
      .update(jobs)
      .set({ cancelRequested: true })
      .where(and(eq(jobs.id, o.id), eq(jobs.state, 'running')))
      .returning({ state: jobs.state });
    return running[0] ? 'running' : null;
  },

  /** Deletes up to `limit` done or cancelled jobs that finished before `before` (their attempts go with them). */
  async purgeFinished(db: Db, o: { before: Date; limit: number }) {
    const old = db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(inArray(jobs.state, ['done', 'cancelled']), lt(jobs.finishedAt, o.before)))
      .limit(o.limit);
    const rows = await db.delete(jobs).where(inArray(jobs.id, old)).returning({ id: jobs.id });
    return rows.length;
  },

  // Schedules.
  schedule: async (db: Db, id: string) =>
    (await db.select().from(jobSchedules).where(eq(jobSchedules.id, id)))[0] ?? null,
  schedules: (db: Db, hallId?: string) =>
    db
      .select()
      .from(jobSchedules)
      .where(hallId ? eq(jobSchedules.hallId, hallId) : undefined)
      .orderBy(asc(jobSchedules.id)),
  upsertSchedule: (db: Db, row: typeof jobSchedules.$inferInsert) =>
    db
      .insert(jobSchedules)
      .values(row)
      .onConflictDoUpdate({
        target: jobSchedules.id,
        set: {
          type: row.type,
          hallId: row.hallId ?? null,
          cron: row.cron ?? null,
          anchor: row.anchor ?? null,
          offsetMinutes: row.offsetMinutes ?? 0,
          timeZone: row.timeZone ?? 'UTC',
          payload: row.payload,
          enabled: row.enabled ?? true,
          nextRunAt: row.nextRunAt ?? null,
          updatedAt: new Date(),
        },
      }),
  setNextRun: (db: Db, id: string, nextRunAt: Date | null) =>
    db.update(jobSchedules).set({ nextRunAt }).where(eq(jobSchedules.id, id)),

  /**
   * Fires due schedules, each exactly once however many processes tick at once: the due rows are locked
   * (`SKIP LOCKED`: another process takes the others), `fire` enqueues (a unique key per occurrence)
   * and says when the schedule is next due, all in one short transaction.
   */
  async fireDue(
    db: Db,
    o: {
      now: Date;
      limit: number;
      fire: (tx: Db, s: ScheduleRow) => Promise<{ nextRunAt: Date | null; jobId: number }>;
    },
  ) {
    return db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(jobSchedules)
        .where(
          and(eq(jobSchedules.enabled, true), isNotNull(jobSchedules.nextRunAt), lte(jobSchedules.nextRunAt, o.now)),
        )
        .orderBy(asc(jobSchedules.nextRunAt))
        .limit(o.limit)
        .for('update', { skipLocked: true });
      const fired: Array<{ scheduleId: string; jobId: number }> = [];
      for (const s of due) {
        const { nextRunAt, jobId } = await o.fire(tx as unknown as Db, s);
        await tx
          .update(jobSchedules)
          .set({ nextRunAt, lastRunAt: o.now, lastJobId: jobId })
          .where(eq(jobSchedules.id, s.id));
        fired.push({ scheduleId: s.id, jobId });
      }
      return fired;
    });
  },

  /** Relative schedules that could not be placed (no opening hours yet): looked at again now and then. */
  unplaced: (db: Db) =>
    db
      .select()
      .from(jobSchedules)
      .where(and(eq(jobSchedules.enabled, true), sql`${jobSchedules.nextRunAt} is null`))
      .limit(100),

  /** Any job of these in a state (tests and the console's auto-refresh). */
  anyActive: async (db: Db) =>
    (
      await db
        .select({ n: count() })
        .from(jobs)
        .where(or(eq(jobs.state, 'running'), eq(jobs.state, 'queued')))
    )[0]?.n ?? 0,
};
