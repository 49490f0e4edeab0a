/**
 * The jobs module's API for the rest of the cloud. A module defines its job types once at start
 * (`jobs.define`), enqueues with a unique key so the same logical job exists once
 * (`daily-report:SZ-FT-001:2026-11-29`), and declares schedules (cron, or relative to a hall's opening
 * hours, in the hall's time zone). `start()` runs the runner in this process; every process that starts
 * it shares the work through the database.
 */
import type { Logger } from 'pino';
import { openingHoursSchema } from '@hall/devices';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { jobsRepository as repo, type ScheduleRow } from './jobs.repository.ts';
import { JOB_DEFAULTS, JobRunner } from './jobs.runner.ts';
import { checkCron, localStamp, nextFire, type ScheduleRule } from './jobs.schedule.ts';
import type { JobTypeDefinition } from './jobs.types.ts';

const TYPE_NAME = /^[a-z][a-z0-9._-]{0,63}$/;
const SCHEDULE_ID = /^[A-Za-z0-9][A-Za-z0-9:._-]{0,159}$/;
/** A payload is small: jobs carry ids and dates, not documents. */
export const MAX_PAYLOAD_BYTES = 16_384;

export interface EnqueueOptions {
  /** When the job may run first (default now). */
  runAt?: Date;
  /** The same logical job is enqueued once: a second enqueue answers the first job. */
  uniqueKey?: string;
  hallId?: string;
  /** Enqueue inside the caller's transaction (it is then visible when that commits). */
  db?: Db;
}

export interface ScheduleSpec {
  /** `daily-report:SZ-FT-001`. */
  id: string;
  type: string;
  hallId?: string;
  /** A cron expression (5 fields), or a time relative to the hall's opening hours. */
  rule: ScheduleRule;
  payload?: unknown;
  /** For schedules without a hall (default UTC); a hall's schedules use the hall's zone. */
  timeZone?: string;
  enabled?: boolean;
}

export interface JobType<P> {
  readonly type: string;
  enqueue(payload: P, opts?: EnqueueOptions): Promise<{ id: number; created: boolean }>;
}

export interface JobsOptions {
  db: Db;
  log: Logger;
  clock?: () => number;
  random?: () => number;
  pollMs?: number;
  concurrency?: number;
  workerConcurrency?: number;
  progressEveryMs?: number;
  workerId?: string;
}

export class Jobs {
  readonly db: Db;
  readonly runner: JobRunner;
  readonly #types = new Map<string, JobTypeDefinition<never>>();
  readonly #now: () => number;
  readonly #log: Logger;
  #lastPlacement = 0;

  constructor(o: JobsOptions) {
    this.db = o.db;
    this.#now = o.clock ?? Date.now;
    this.#log = o.log;
    this.runner = new JobRunner({
      db: o.db,
      log: o.log,
      types: this.#types,
      fireSchedules: () => this.fireSchedules(),
      ...(o.clock ? { clock: o.clock } : {}),
      ...(o.random ? { random: o.random } : {}),
      ...(o.pollMs ? { pollMs: o.pollMs } : {}),
      ...(o.concurrency ? { concurrency: o.concurrency } : {}),
      ...(o.workerConcurrency ? { workerConcurrency: o.workerConcurrency } : {}),
      ...(o.progressEveryMs ? { progressEveryMs: o.progressEveryMs } : {}),
      ...(o.workerId ? { workerId: o.workerId } : {}),
    });
  }

  /** Declares a job type this process can run. */
  define<P>(def: JobTypeDefinition<P>): JobType<P> {
    if (!TYPE_NAME.test(def.type)) throw new Error(`job type ${def.type}: lower-case letters, digits, . - _`);
    if (Boolean(def.handler) === Boolean(def.worker)) throw new Error(`job type ${def.type}: a handler or a worker`);
    if (this.#types.has(def.type)) throw new Error(`job type ${def.type} is defined twice`);
    this.#types.set(def.type, def as unknown as JobTypeDefinition<never>);
    return { type: def.type, enqueue: (payload, opts) => this.enqueue(def.type, payload, opts) };
  }

  types(): string[] {
    return [...this.#types.keys()];
  }

  maxAttemptsOf(type: string): number {
    return this.#types.get(type)?.maxAttempts ?? JOB_DEFAULTS.maxAttempts;
  }

  async enqueue(type: string, payload: unknown, opts: EnqueueOptions = {}) {
    const def = this.#types.get(type);
    // A type this process does not define is a programming error (a typo would wait in the queue forever).
    if (!def) throw new Error(`job type ${type} is not defined in this process (jobs.define)`);
    const checked = def?.payload ? def.payload.safeParse(payload) : { success: true as const, data: payload };
    if (!checked.success)
      throw new AppError('BAD_REQUEST', `job ${type}: payload invalid`, {
        fields: checked.error.issues.map((i) => `payload.${i.path.join('.')}`),
      });
    const json = JSON.stringify(checked.data ?? null);
    if (Buffer.byteLength(json) > MAX_PAYLOAD_BYTES)
      throw new AppError('PAYLOAD_TOO_LARGE', `job ${type}: payload over ${MAX_PAYLOAD_BYTES} bytes`, {
        reason: 'body-too-large',
        fields: ['payload'],
      });
    if (opts.uniqueKey !== undefined && (opts.uniqueKey.length === 0 || opts.uniqueKey.length > 200))
      throw new AppError('BAD_REQUEST', 'job unique key: 1–200 characters', { fields: ['uniqueKey'] });
    const created = await repo.insert(opts.db ?? this.db, {
      type,
      payload: checked.data ?? null,
      runAt: opts.runAt ?? new Date(this.#now()),
      maxAttempts: this.maxAttemptsOf(type),
      uniqueKey: opts.uniqueKey ?? null,
      hallId: opts.hallId ?? null,
    });
    if (created.created && !opts.db) this.runner.wake();
    return created;
  }

  /** Creates or updates a schedule; its next run is worked out now (kept when the rule did not change). */
  async schedule(spec: ScheduleSpec): Promise<ScheduleRow> {
    if (!SCHEDULE_ID.test(spec.id)) throw new AppError('BAD_REQUEST', 'schedule id', { fields: ['id'] });
    if ('cron' in spec.rule) {
      try {
        checkCron(spec.rule.cron);
      } catch {
        throw new AppError('BAD_REQUEST', `schedule ${spec.id}: not a cron expression`, { fields: ['rule.cron'] });
      }
    }
    const before = await repo.schedule(this.db, spec.id);
    const row = {
      id: spec.id,
      type: spec.type,
      hallId: spec.hallId ?? null,
      cron: 'cron' in spec.rule ? spec.rule.cron : null,
      anchor: 'anchor' in spec.rule ? spec.rule.anchor : null,
      offsetMinutes: 'anchor' in spec.rule ? spec.rule.offsetMinutes : 0,
      timeZone: spec.timeZone ?? 'UTC',
      payload: spec.payload ?? {},
      enabled: spec.enabled ?? true,
    };
    const same =
      before !== null &&
      before.nextRunAt !== null &&
      before.cron === row.cron &&
      before.anchor === row.anchor &&
      before.offsetMinutes === row.offsetMinutes &&
      before.hallId === row.hallId &&
      before.timeZone === row.timeZone &&
      before.enabled === row.enabled;
    const nextRunAt = same
      ? before.nextRunAt
      : row.enabled
        ? await this.#nextRun(this.db, row, new Date(this.#now()))
        : null;
    await repo.upsertSchedule(this.db, { ...row, nextRunAt });
    return (await repo.schedule(this.db, spec.id)) as ScheduleRow;
  }

  /** The same schedule for every registered hall, with ids `<idPrefix>:<hallId>`. */
  async scheduleEveryHall(spec: Omit<ScheduleSpec, 'id' | 'hallId'> & { idPrefix: string; hallIds: string[] }) {
    for (const hallId of spec.hallIds) await this.schedule({ ...spec, id: `${spec.idPrefix}:${hallId}`, hallId });
  }

  /** A hall's opening hours or time zone changed: its schedules' next runs are worked out again. */
  async refreshHall(hallId: string) {
    const now = new Date(this.#now());
    for (const s of await repo.schedules(this.db, hallId))
      if (s.enabled) await repo.setNextRun(this.db, s.id, await this.#nextRun(this.db, s, now));
  }

  /** Enqueues a schedule's job now, outside its rule; answers the job. */
  runScheduleNow(id: string) {
    return runScheduleNow(this.db, id, { now: new Date(this.#now()), jobs: this });
  }

  /** Fires every due schedule once across all processes (the runner calls it each tick). */
  async fireSchedules() {
    const now = new Date(this.#now());
    // Relative schedules of halls that had no opening hours yet are placed again once a minute.
    if (now.getTime() - this.#lastPlacement >= 60_000) {
      this.#lastPlacement = now.getTime();
      for (const s of await repo.unplaced(this.db)) {
        const next = await this.#nextRun(this.db, s, now);
        if (next) await repo.setNextRun(this.db, s.id, next);
      }
    }
    const fired = await repo.fireDue(this.db, {
      now,
      limit: 50,
      fire: async (tx, s) => {
        const due = s.nextRunAt as Date;
        const { timeZone } = await this.#zone(tx, s);
        const { id } = await repo.insert(tx, {
          type: s.type,
          hallId: s.hallId,
          payload: s.payload,
          runAt: due,
          maxAttempts: this.maxAttemptsOf(s.type),
          uniqueKey: `${s.id}:${localStamp(due, timeZone)}`,
          scheduleId: s.id,
          scheduledFor: due,
        });
        // After now, not after `due`: a cloud that was down for three days fires once, not three times.
        return { jobId: id, nextRunAt: await this.#nextRun(tx, s, now) };
      },
    });
    if (fired.length) this.#log.debug({ fired }, 'jobs: schedules fired');
    return fired;
  }

  async #zone(db: Db, s: Pick<ScheduleRow, 'hallId' | 'timeZone'>) {
    if (!s.hallId) return { timeZone: s.timeZone, openingHours: null };
    const [hall, config] = await Promise.all([
      hallsRepository.hall(db, s.hallId),
      hallsRepository.config(db, s.hallId),
    ]);
    const hours = openingHoursSchema.safeParse(
      (config?.document.hall as { openingHours?: unknown } | undefined)?.openingHours,
    );
    return { timeZone: hall?.timeZone ?? s.timeZone, openingHours: hours.success ? (hours.data ?? null) : null };
  }

  async #nextRun(
    db: Db,
    s: Pick<ScheduleRow, 'hallId' | 'timeZone' | 'cron' | 'anchor' | 'offsetMinutes'>,
    after: Date,
  ): Promise<Date | null> {
    const zone = await this.#zone(db, s);
    const rule: ScheduleRule = s.cron
      ? { cron: s.cron }
      : { anchor: s.anchor as 'open' | 'close', offsetMinutes: s.offsetMinutes };
    return nextFire(rule, { after, ...zone });
  }

  start() {
    this.runner.start();
  }

  stop(graceMs?: number) {
    return this.runner.stop(graceMs);
  }
}

// What the console's 任务 page does (jobs.router.ts), on the database alone: any process answers.

type JobRowView = Awaited<ReturnType<typeof repo.get>>;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** A job as the console sees it: dates as ISO strings, the error as a code and a safe message. */
export function jobView(j: NonNullable<JobRowView>) {
  return {
    id: j.id,
    type: j.type,
    hallId: j.hallId,
    state: j.state,
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    progress: j.progress,
    progressNote: j.progressNote,
    cancelRequested: j.cancelRequested,
    errorCode: j.errorCode,
    errorMessage: j.errorMessage,
    scheduleId: j.scheduleId,
    runAt: iso(j.runAt) as string,
    createdAt: iso(j.createdAt) as string,
    startedAt: iso(j.startedAt),
    finishedAt: iso(j.finishedAt),
    leaseUntil: iso(j.leaseUntil),
  };
}

export async function listJobs(db: Db, f: Parameters<typeof repo.list>[1]) {
  const [{ rows, total }, counts, types] = await Promise.all([
    repo.list(db, f),
    repo.countsByState(db),
    repo.types(db),
  ]);
  return {
    rows: rows.map(jobView),
    total,
    counts: Object.fromEntries(counts.map((c) => [c.state, Number(c.n)])) as Record<string, number>,
    types,
  };
}

export async function getJob(db: Db, id: number) {
  const job = await repo.get(db, id);
  if (!job) throw new AppError('NOT_FOUND', `no job ${id}`, { detail: { code: 'job-not-found' } });
  const attempts = await repo.attempts(db, id);
  let payload = JSON.stringify(job.payload ?? null);
  if (payload.length > 2_000) payload = `${payload.slice(0, 2_000)}…`;
  return {
    job: jobView(job),
    payload,
    result: job.result ?? null,
    scheduledFor: iso(job.scheduledFor),
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      worker: a.worker,
      startedAt: iso(a.startedAt) as string,
      finishedAt: iso(a.finishedAt),
      outcome: a.outcome,
      errorCode: a.errorCode,
      errorMessage: a.errorMessage,
    })),
  };
}

export async function retryJob(db: Db, id: number, o: { now: Date; jobs?: Jobs }) {
  const job = await repo.get(db, id);
  if (!job) throw new AppError('NOT_FOUND', `no job ${id}`, { detail: { code: 'job-not-found' } });
  const more = o.jobs?.maxAttemptsOf(job.type) ?? JOB_DEFAULTS.maxAttempts;
  if (!(await repo.retry(db, { id, now: o.now, more })))
    throw new AppError('CONFLICT', `job ${id} is ${job.state}: only failed, dead or cancelled jobs are retried`, {
      reason: 'conflict',
      detail: { code: 'job-not-retryable', params: { state: job.state } },
    });
  o.jobs?.runner.wake();
  return { before: job.state };
}

export async function cancelJob(db: Db, id: number, o: { now: Date; jobs?: Jobs }) {
  const job = await repo.get(db, id);
  if (!job) throw new AppError('NOT_FOUND', `no job ${id}`, { detail: { code: 'job-not-found' } });
  const state = await repo.cancel(db, { id, now: o.now });
  if (!state)
    throw new AppError('CONFLICT', `job ${id} is ${job.state}: only queued, failed or running jobs are cancelled`, {
      reason: 'conflict',
      detail: { code: 'job-not-cancellable', params: { state: job.state } },
    });
  if (state === 'running') o.jobs?.runner.abortLocal(id, 'cancelled');
  return { before: job.state, state };
}

/** The schedules, each with the zone its rule is read in (a hall's schedule: the hall's). */
export async function listSchedules(db: Db) {
  const rows = await repo.schedules(db);
  const zones = new Map<string, string>();
  for (const hallId of new Set(rows.flatMap((s) => (s.hallId ? [s.hallId] : [])))) {
    const hall = await hallsRepository.hall(db, hallId);
    if (hall) zones.set(hallId, hall.timeZone);
  }
  return rows.map((s) => ({
    id: s.id,
    type: s.type,
    hallId: s.hallId,
    cron: s.cron,
    anchor: s.anchor,
    offsetMinutes: s.offsetMinutes,
    timeZone: (s.hallId ? zones.get(s.hallId) : undefined) ?? s.timeZone,
    enabled: s.enabled,
    nextRunAt: iso(s.nextRunAt),
    lastRunAt: iso(s.lastRunAt),
    lastJobId: s.lastJobId,
  }));
}

export async function runScheduleNow(db: Db, id: string, o: { now: Date; jobs?: Jobs }) {
  const s = await repo.schedule(db, id);
  if (!s) throw new AppError('NOT_FOUND', `no schedule ${id}`, { detail: { code: 'schedule-not-found' } });
  const created = await repo.insert(db, {
    type: s.type,
    hallId: s.hallId,
    payload: s.payload,
    runAt: o.now,
    maxAttempts: o.jobs?.maxAttemptsOf(s.type) ?? JOB_DEFAULTS.maxAttempts,
    uniqueKey: `${s.id}:now:${o.now.toISOString()}`,
    scheduleId: s.id,
    scheduledFor: o.now,
  });
  o.jobs?.runner.wake();
  return { ...created, hallId: s.hallId };
}
