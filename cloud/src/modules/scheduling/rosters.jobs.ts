/**
 * The rosters' background work on the jobs module.
 *
 * - `scheduling.roster`: generates one roster (a row made `generating` when it was asked for). In the
 *   cloud process it reads the planning, the employees and their wishes and builds the engine's
 *   instance; the solve runs in a worker thread (runInWorker: a WASM abort or a hang costs the thread);
 *   back in the process it stores the shifts, the solver's account (objective, bound, gap) and the
 *   unmet wishes, and the roster becomes a draft. Idempotent: a run again replaces the shifts of a
 *   roster that is still `generating`; a cancel or a final failure discards it.
 * - `scheduling.roster-window`: each hall, just after its day starts, writes today's and tomorrow's
 *   published roster into the hall config (rosters.publish.ts) — the window moves a day.
 */
import { z } from 'zod';
import type { RosterResult } from '@hall/cloud/workforce';
import type { Db } from '../../db/client.ts';
import { halls } from '../halls/halls.table.ts';
import type { Jobs } from '../jobs/jobs.service.ts';
import { JobError, type JobContext } from '../jobs/jobs.types.ts';
import { runInWorker } from '../jobs/jobs.worker.ts';
import { buildInstance, shiftsFrom } from './rosters.model.ts';
import { planningFor } from './rosters.planning.ts';
import { writeRosterWindow } from './rosters.publish.ts';
import { rostersRepository as repo } from './rosters.repository.ts';
import type { SolvePayload } from './rosters.worker.ts';

export const ROSTER_JOB = 'scheduling.roster';
export const ROSTER_WINDOW_JOB = 'scheduling.roster-window';
/** The solver stops at this gap (1%) or its work limit, whichever first. */
export const ROSTER_GAP = 0.01;
/**
 * Branch-and-bound nodes per solver run: a deterministic work limit (not the clock). On the sample
 * hall-week (12 clerks, 26 templates) 100 nodes reached the same roster and gap (0.27%) as 400 in 40% of
 * the time; the gap is stored and shown with every roster, so a harder hall says how far it is.
 */
export const ROSTER_NODES = 100;
/** Minutes after midnight (hall-local) the window job runs. */
const WINDOW_AT = '5 0 * * *';

const payload = z.object({ rosterId: z.string().min(1).max(64) });
const WORKER = new URL('./rosters.worker.ts', import.meta.url);

export interface RosterJobOptions {
  /** Work limit per solver run (tests and benches may pass another). */
  nodes?: number;
}

/** Defines the roster job types; every cloud process calls it at start. */
export function defineRosterJobs(jobs: Jobs, opts: RosterJobOptions = {}) {
  jobs.define<z.infer<typeof payload>>({
    type: ROSTER_JOB,
    payload,
    maxAttempts: 2,
    backoff: { baseMs: 10_000, maxMs: 60_000 },
    timeoutMs: 15 * 60_000,
    handler: (ctx) => generate(ctx, opts.nodes ?? ROSTER_NODES),
  });
  jobs.define<Record<string, never>>({
    type: ROSTER_WINDOW_JOB,
    payload: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
    maxAttempts: 5,
    backoff: { baseMs: 60_000, maxMs: 30 * 60_000 },
    handler: async ({ db, job, now }) => {
      if (!job.hallId) throw new JobError('hall-not-found', '', { retry: false });
      return writeRosterWindow(db, job.hallId, { now: now(), by: null });
    },
  });
}

/** Each hall's window schedule (idempotent; at every start, so halls registered since get theirs). */
export async function scheduleRosterWindows(jobs: Jobs, db: Db) {
  const rows = await db.select({ id: halls.id }).from(halls);
  await jobs.scheduleEveryHall({
    idPrefix: 'roster-window',
    type: ROSTER_WINDOW_JOB,
    hallIds: rows.map((r) => r.id),
    rule: { cron: WINDOW_AT },
    payload: {},
  });
}

async function generate(ctx: JobContext<z.infer<typeof payload>>, nodes: number) {
  const { db, payload: p, signal, progress } = ctx;
  const roster = await repo.byId(db, p.rosterId);
  if (!roster) throw new JobError('roster-not-found', '', { retry: false });
  if (roster.status !== 'generating') return { rosterId: roster.id, status: roster.status };
  try {
    progress(0.02, 'planning');
    const planning = await planningFor(db, roster.hallId, roster.fromDate, roster.days);
    const to = new Date(`${roster.fromDate}T00:00:00Z`);
    to.setUTCDate(to.getUTCDate() + roster.days - 1);
    const [employees, wishes] = await Promise.all([
      repo.employees(db, roster.hallId),
      repo.wishes(db, roster.hallId, roster.fromDate, to.toISOString().slice(0, 10)),
    ]);
    const built = buildInstance({
      planning,
      fromDate: roster.fromDate,
      days: roster.days,
      employees: employees.map((e) => ({ ...e })),
      wishes,
    });
    if (!built.instance.employees.length) throw new JobError('roster-no-staff', '', { retry: false });
    if (!built.instance.templates.length) throw new JobError('roster-no-templates', '', { retry: false });
    progress(0.08, 'solving');
    signal.throwIfAborted();
    const result = (await runInWorker({
      module: WORKER,
      exportName: 'solveOrExplain',
      payload: { instance: built.instance, gap: ROSTER_GAP, nodes } satisfies SolvePayload,
      job: ctx.job,
      signal,
      onProgress: progress,
    })) as RosterResult;
    signal.throwIfAborted();
    progress(0.92, 'saving');
    const shifts = shiftsFrom(planning, roster.fromDate, result.assignments);
    const names = new Map(employees.map((e) => [e.id, e.name]));
    await db.transaction(async (tx) => {
      const db2 = tx as unknown as Db;
      const still = await repo.byId(db2, roster.id);
      if (still?.status !== 'generating') return;
      await repo.replaceShifts(db2, roster.id, shifts);
      await repo.update(
        db2,
        roster.id,
        {
          status: 'draft',
          planning: planning as unknown as Record<string, unknown>,
          forecastId: planning.forecastId,
          solver: {
            objective: result.objective,
            bound: result.bound,
            gap: result.gap,
            method: result.method,
            seconds: Math.round(result.seconds * 10) / 10,
            shortfallHours: result.shortfallHours,
            excessHours: result.excessHours,
            nodes,
            skipped: built.skipped,
          },
          unmetWishes: result.unmetWishes.map((u) => ({
            employeeId: u.employee,
            employeeName: names.get(u.employee) ?? null,
            date: built.dates[u.day] ?? null,
            kind: u.kind,
            templateId: u.template ?? null,
            reason: u.reason,
          })),
        },
        ['generating'],
      );
    });
    progress(1, 'done');
    return { rosterId: roster.id, gap: result.gap, shifts: shifts.length };
  } catch (err) {
    // Cancelled, or a failure that will not be retried: the roster is discarded (its job says why).
    const final = signal.aborted || (err instanceof JobError && !err.retry) || ctx.job.attempt >= ctx.job.maxAttempts;
    if (final) await repo.update(db, roster.id, { status: 'discarded' }, ['generating']);
    throw err;
  }
}
