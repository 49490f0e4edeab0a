/**
 * The loop every cloud process runs: reap expired leases, fire due schedules, claim due jobs of the
 * types this process knows (up to its free slots), run each with a heartbeat that renews the lease,
 * saves progress and notices a cancel, and end the attempt: done, failed (retry at a backoff with
 * jitter), dead after the last attempt, or cancelled. Polls every `pollMs`; `wake()` (an enqueue in this
 * process) ticks at once. Nothing shared lives here: the database is the queue.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db } from '../../db/client.ts';
import { jobsRepository as repo, type JobRow } from './jobs.repository.ts';
import { JobError, safeErrorText, type JobContext, type JobInfo, type JobTypeDefinition } from './jobs.types.ts';
import { runInWorker } from './jobs.worker.ts';

export const JOB_DEFAULTS = {
  maxAttempts: 5,
  backoff: { baseMs: 30_000, maxMs: 3_600_000 },
  timeoutMs: 10 * 60_000,
  leaseMs: 30_000,
};

export interface RunnerOptions {
  db: Db;
  log: Logger;
  types: ReadonlyMap<string, JobTypeDefinition<never>>;
  /** Fires due schedules inside the tick (the service's schedule logic). */
  fireSchedules: () => Promise<unknown>;
  clock?: () => number;
  random?: () => number;
  pollMs?: number;
  /** Jobs running at once in this process, and of those, in worker threads. */
  concurrency?: number;
  workerConcurrency?: number;
  /** Progress is saved at most this often (ms). */
  progressEveryMs?: number;
  workerId?: string;
}

interface Running {
  job: JobRow;
  controller: AbortController;
  done: Promise<void>;
  inWorker: boolean;
}

/** base × 2^(attempt−1) capped at max, then "equal jitter": half of it plus a random part of the other half. */
export function backoffMs(attempt: number, b: { baseMs: number; maxMs: number }, random: () => number): number {
  const full = Math.min(b.maxMs, b.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.round(full / 2 + random() * (full / 2));
}

export class JobRunner {
  readonly workerId: string;
  readonly #o: RunnerOptions;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #running = new Map<number, Running>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #started = false;
  #ticking: Promise<void> | null = null;
  #again = false;
  /** When leases were last reaped and schedules fired (wall clock). */
  #housekeptAt = Number.NEGATIVE_INFINITY;

  constructor(o: RunnerOptions) {
    this.#o = o;
    this.#now = o.clock ?? Date.now;
    this.#random = o.random ?? Math.random;
    this.workerId = o.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  }

  get running(): number {
    return this.#running.size;
  }

  start() {
    if (this.#started) return;
    this.#started = true;
    this.wake();
  }

  /** Ticks now (or right after the tick in progress). */
  wake() {
    if (!this.#started) return;
    if (this.#ticking) {
      this.#again = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    // Leases and schedules once per poll interval; a wake-up after a job ended or an enqueue only claims.
    const housekeeping = Date.now() - this.#housekeptAt >= (this.#o.pollMs ?? 1_000);
    this.#ticking = this.tick({ housekeeping })
      .catch((err: unknown) => this.#o.log.error({ err }, 'jobs: tick failed'))
      .finally(() => {
        this.#ticking = null;
        if (!this.#started) return;
        if (this.#again) {
          this.#again = false;
          this.wake();
          return;
        }
        this.#timer = setTimeout(() => this.wake(), this.#o.pollMs ?? 1_000);
        this.#timer.unref();
      });
  }

  /** One round: reap, fire schedules (unless told not to), claim and start what fits. Tests call it directly. */
  async tick(opts: { housekeeping?: boolean } = {}): Promise<void> {
    const now = new Date(this.#now());
    if (opts.housekeeping ?? true) {
      this.#housekeptAt = Date.now();
      const reaped = await repo.reapExpired(this.#o.db, now);
      if (reaped.length) this.#o.log.warn({ jobs: reaped }, 'jobs: leases expired (a process stopped renewing)');
      await this.#o.fireSchedules();
    }
    const concurrency = this.#o.concurrency ?? 4;
    const free = concurrency - this.#running.size;
    if (free <= 0) return;
    const inWorkers = [...this.#running.values()].filter((r) => r.inWorker).length;
    const workerFree = (this.#o.workerConcurrency ?? 1) - inWorkers;
    const types = [...this.#o.types.values()].filter((t) => !t.worker || workerFree > 0).map((t) => t.type);
    // Worker types are claimed one at a time when only one worker slot is left.
    const claimed = await repo.claim(this.#o.db, {
      worker: this.workerId,
      types,
      now,
      limit: workerFree > 0 ? Math.min(free, Math.max(1, workerFree)) : free,
      leaseUntil: (type) => new Date(now.getTime() + this.#def(type).leaseMs),
    });
    for (const job of claimed) this.#start(job);
  }

  /** Resolves when nothing runs in this process (tests). */
  async drain(): Promise<void> {
    while (this.#running.size) await Promise.all([...this.#running.values()].map((r) => r.done));
  }

  /** Stops claiming; running jobs are asked to stop and given back to the queue (`interrupted`). */
  async stop(graceMs = 5_000): Promise<void> {
    this.#started = false;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#ticking;
    for (const r of this.#running.values()) r.controller.abort('shutdown');
    const all = Promise.all([...this.#running.values()].map((r) => r.done));
    await Promise.race([all, new Promise((r) => setTimeout(r, graceMs).unref())]);
  }

  /** A cancel asked for in this process reaches its job at once (other processes: at the next heartbeat). */
  abortLocal(jobId: number, reason: 'cancelled') {
    this.#running.get(jobId)?.controller.abort(reason);
  }

  #def(type: string) {
    const d = this.#o.types.get(type);
    return {
      def: d,
      maxAttempts: d?.maxAttempts ?? JOB_DEFAULTS.maxAttempts,
      backoff: d?.backoff ?? JOB_DEFAULTS.backoff,
      timeoutMs: d?.timeoutMs ?? JOB_DEFAULTS.timeoutMs,
      leaseMs: d?.leaseMs ?? JOB_DEFAULTS.leaseMs,
    };
  }

  #start(job: JobRow) {
    const controller = new AbortController();
    const entry: Running = {
      job,
      controller,
      inWorker: Boolean(this.#def(job.type).def?.worker),
      done: Promise.resolve(),
    };
    this.#running.set(job.id, entry);
    entry.done = this.#run(job, controller)
      .catch((err: unknown) => this.#o.log.error({ err, jobId: job.id }, 'jobs: could not record an outcome'))
      .finally(() => {
        this.#running.delete(job.id);
        this.wake();
      });
  }

  async #run(job: JobRow, controller: AbortController): Promise<void> {
    const { db, log } = this.#o;
    const { def, leaseMs, timeoutMs, backoff } = this.#def(job.type);
    const attempt = job.attempts;
    const info: JobInfo = {
      id: job.id,
      type: job.type,
      attempt,
      maxAttempts: job.maxAttempts,
      hallId: job.hallId,
      scheduleId: job.scheduleId,
      scheduledFor: job.scheduledFor?.toISOString() ?? null,
    };
    // Progress and lease renewal share one write; a renewal that finds the job gone aborts it.
    let pending: { progress?: number; note?: string | null } = {};
    let lastSave = 0;
    let saving: Promise<void> = Promise.resolve();
    const save = () => {
      const p = pending;
      pending = {};
      lastSave = this.#now();
      saving = saving.then(async () => {
        const r = await repo
          .renew(db, {
            id: job.id,
            attempt,
            worker: this.workerId,
            leaseUntil: new Date(this.#now() + leaseMs),
            ...(p.progress !== undefined ? { progress: p.progress } : {}),
            ...(p.note !== undefined ? { note: p.note } : {}),
          })
          .catch((err: unknown) => {
            log.warn({ err, jobId: job.id }, 'jobs: lease renewal failed');
            return undefined;
          });
        if (r === null) controller.abort('lease-lost');
        else if (r?.cancelRequested) controller.abort('cancelled');
      });
    };
    const heartbeat = setInterval(save, Math.max(50, Math.floor(leaseMs / 3)));
    heartbeat.unref();
    let progressTimer: ReturnType<typeof setTimeout> | null = null;
    const progress = (fraction: number, note?: string) => {
      pending.progress = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
      if (note !== undefined) pending.note = note.slice(0, 120);
      const wait = lastSave + (this.#o.progressEveryMs ?? 1_000) - this.#now();
      if (wait <= 0) save();
      else if (!progressTimer)
        progressTimer = setTimeout(() => {
          progressTimer = null;
          save();
        }, wait);
    };
    const timeout = setTimeout(() => controller.abort('timeout'), timeoutMs);
    timeout.unref();
    let outcome: { state: 'done'; result: unknown } | { state: 'error'; err: unknown };
    try {
      if (!def) throw new JobError('unknown-type', job.type, { retry: false });
      const parsed = def.payload ? def.payload.safeParse(job.payload) : { success: true as const, data: job.payload };
      if (!parsed.success) throw new JobError('payload-invalid', '', { retry: false });
      const ctx: JobContext<never> = {
        job: info,
        payload: parsed.data as never,
        signal: controller.signal,
        progress,
        db,
        log: log.child({ jobId: job.id, type: job.type, attempt }),
        now: () => new Date(this.#now()),
      };
      let result: unknown;
      if (def.worker) {
        result = await runInWorker({
          module: def.worker.module,
          exportName: def.worker.export ?? 'default',
          payload: parsed.data,
          job: info,
          signal: controller.signal,
          onProgress: progress,
          ...(def.worker.resourceLimits ? { resourceLimits: def.worker.resourceLimits } : {}),
        });
        if (def.afterWorker) result = await def.afterWorker(ctx, result);
      } else if (def.handler) {
        result = await abortable(def.handler(ctx), controller.signal);
      }
      outcome = { state: 'done', result };
    } catch (err) {
      outcome = { state: 'error', err };
    } finally {
      clearInterval(heartbeat);
      clearTimeout(timeout);
      if (progressTimer) clearTimeout(progressTimer);
      await saving;
    }
    const now = new Date(this.#now());
    const end = (o: Omit<Parameters<typeof repo.finish>[1], 'id' | 'attempt' | 'worker' | 'now'>) =>
      repo.finish(db, { id: job.id, attempt, worker: this.workerId, now, ...o });
    if (outcome.state === 'done') {
      const result = smallJson(outcome.result);
      if (!(await end({ state: 'done', result }))) log.warn({ jobId: job.id }, 'jobs: finished after losing the lease');
      return;
    }
    const reason = controller.signal.aborted ? String(controller.signal.reason) : null;
    if (reason === 'lease-lost') return; // Another process holds the job now: nothing of ours to write.
    if (reason === 'cancelled') {
      await end({ state: 'cancelled', errorCode: 'cancelled' });
      return;
    }
    if (reason === 'shutdown') {
      await end({ state: 'failed', runAt: now, errorCode: 'interrupted' });
      return;
    }
    const err = outcome.err;
    const code = reason === 'timeout' ? 'timeout' : err instanceof JobError ? err.code : 'handler-failed';
    const message = reason === 'timeout' ? null : safeErrorText(err);
    const retry = !(err instanceof JobError && !err.retry);
    if (!(err instanceof JobError)) log.warn({ err, jobId: job.id, type: job.type, attempt }, 'jobs: attempt failed');
    if (!retry || attempt >= job.maxAttempts) {
      await end({ state: 'dead', errorCode: code, errorMessage: message });
      log.error({ jobId: job.id, type: job.type, attempt, code }, 'jobs: dead after its last attempt');
      return;
    }
    await end({
      state: 'failed',
      runAt: new Date(now.getTime() + backoffMs(attempt, backoff, this.#random)),
      errorCode: code,
      errorMessage: message,
    });
  }
}

/** The handler's promise, or a rejection once the signal aborts (the handler should stop by itself too). */
function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new JobError(String(signal.reason)));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new JobError(String(signal.reason)));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e as Error);
      },
    );
  });
}

/** A result is kept when it is small JSON (8 kB); otherwise only that it was too large. */
function smallJson(v: unknown): unknown {
  if (v === undefined) return null;
  try {
    const s = JSON.stringify(v);
    return s.length <= 8_192 ? (JSON.parse(s) as unknown) : { omitted: 'result over 8 kB' };
  } catch {
    return null;
  }
}
