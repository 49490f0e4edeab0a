/**
 * Background jobs on both databases the cloud runs on (the harness's PostgreSQL and PGlite): retries
 * with backoff and a dead letter, one job per unique key, cancellation, progress, a schedule relative to
 * a hall's closing time that fires at the hall's local time (injected clock), worker threads that crash
 * or hang without taking the process down, a lease that expires after its process died, and the purge.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase, type Database } from '../src/db/client.ts';
import { hallsRepository } from '../src/modules/halls/halls.repository.ts';
import { registerHall } from '../src/modules/halls/halls.service.ts';
import { defineBuiltinJobs, PURGE_JOB } from '../src/modules/jobs/builtin.jobs.ts';
import { jobsRepository } from '../src/modules/jobs/jobs.repository.ts';
import { cancelJob, getJob, Jobs, retryJob } from '../src/modules/jobs/jobs.service.ts';
import { JobError } from '../src/modules/jobs/jobs.types.ts';
import { defineTestJobs } from '../src/modules/jobs/test-job.types.ts';
import { testDatabase } from './support/db.ts';

const log = pino({ level: 'silent' });

/** A clock the test moves by hand. */
function fakeClock(iso: string) {
  let t = Date.parse(iso);
  return { now: () => t, set: (s: string) => (t = Date.parse(s)), advance: (ms: number) => (t += ms) };
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const backends: Array<[string, () => Promise<Database & { drop(): Promise<void> }>]> = [
  ['PostgreSQL', () => testDatabase()],
  [
    'PGlite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hall-jobs-'));
      const d = await openDatabase({ dataDir: dir });
      return { ...d, drop: async () => (await d.close(), rmSync(dir, { recursive: true, force: true })) };
    },
  ],
];

describe.each(backends)('background jobs on %s', (_name, open) => {
  let database: Database & { drop(): Promise<void> };
  const runners: Jobs[] = [];
  const make = (clock: ReturnType<typeof fakeClock>, extra: Partial<ConstructorParameters<typeof Jobs>[0]> = {}) => {
    const j = new Jobs({ db: database.db, log, clock: clock.now, random: () => 0.5, progressEveryMs: 10, ...extra });
    runners.push(j);
    return j;
  };
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => {
    for (const j of runners) await j.stop(100);
    await database?.drop();
  });

  it('retries with exponential backoff and jitter, then keeps the job as dead with its coded error', async () => {
    const clock = fakeClock('2026-11-29T02:00:00Z');
    const jobs = make(clock);
    let calls = 0;
    jobs.define({
      type: 'flaky',
      maxAttempts: 3,
      backoff: { baseMs: 1_000, maxMs: 60_000 },
      handler: async () => {
        calls += 1;
        throw new JobError('smtp-refused', 'mail.example.com refused the sender');
      },
    });
    const { id } = await jobs.enqueue('flaky', {});
    await jobs.runner.tick();
    await jobs.runner.drain();
    let job = (await getJob(database.db, id)).job;
    expect(job).toMatchObject({ state: 'failed', attempts: 1, errorCode: 'smtp-refused' });
    // random 0.5 → three quarters of base × 2^(attempt−1): 750 ms after the first failure, 1,500 after the second.
    expect(Date.parse(job.runAt) - clock.now()).toBe(750);
    clock.advance(749);
    await jobs.runner.tick();
    await jobs.runner.drain();
    expect(calls).toBe(1);
    clock.advance(1);
    await jobs.runner.tick();
    await jobs.runner.drain();
    job = (await getJob(database.db, id)).job;
    expect(job).toMatchObject({ state: 'failed', attempts: 2 });
    expect(Date.parse(job.runAt) - clock.now()).toBe(1_500);
    clock.advance(1_500);
    await jobs.runner.tick();
    await jobs.runner.drain();
    const dead = await getJob(database.db, id);
    expect(dead.job).toMatchObject({ state: 'dead', attempts: 3, errorCode: 'smtp-refused' });
    expect(dead.job.errorMessage).toBe('mail.example.com refused the sender');
    expect(dead.attempts.map((a) => a.outcome)).toEqual(['failed', 'failed', 'failed']);
    expect(calls).toBe(3);
    // Retried by hand: queued again with a fresh set of attempts, and it runs.
    await retryJob(database.db, id, { now: new Date(clock.now()), jobs });
    await jobs.runner.tick();
    await jobs.runner.drain();
    expect(calls).toBe(4);
    expect((await getJob(database.db, id)).job).toMatchObject({ state: 'failed', attempts: 4 });
  });

  it('enqueues the same logical job once', async () => {
    const jobs = make(fakeClock('2026-11-29T02:00:00Z'));
    jobs.define({ type: 'once', handler: async () => null });
    const a = await jobs.enqueue('once', { day: 1 }, { uniqueKey: 'daily-report:SZ-FT-001:2026-11-29' });
    const b = await jobs.enqueue('once', { day: 1 }, { uniqueKey: 'daily-report:SZ-FT-001:2026-11-29' });
    expect(b).toEqual({ id: a.id, created: false });
    await expect(jobs.enqueue('once', { big: 'x'.repeat(20_000) })).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
  });

  it('shows progress while a job runs, and cancels a running job and a waiting one', async () => {
    const clock = fakeClock('2026-11-29T02:00:00Z');
    const jobs = make(clock);
    let release: () => void = () => {};
    const released = new Promise<void>((r) => (release = r));
    jobs.define({
      type: 'long',
      payload: z.object({ wait: z.boolean() }),
      leaseMs: 300,
      handler: async ({ progress, signal, payload }) => {
        progress(0.4, '4 / 10 halls');
        if (payload.wait) await released;
        else await new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('stopped'))));
        return { ok: true };
      },
    });
    const { id } = await jobs.enqueue('long', { wait: true });
    await jobs.runner.tick();
    const seen = await until('progress', async () => {
      const j = (await getJob(database.db, id)).job;
      return j.progress !== null && Math.abs(j.progress - 0.4) < 1e-6 ? j : null;
    });
    expect(seen).toMatchObject({ state: 'running', progressNote: '4 / 10 halls' });
    release();
    await jobs.runner.drain();
    expect((await getJob(database.db, id)).job).toMatchObject({ state: 'done', progress: 1 });

    // Cancelled from "another process" (no runner handle): the heartbeat sees it and the handler stops.
    const running = await jobs.enqueue('long', { wait: false });
    await jobs.runner.tick();
    await until('running', async () => (await getJob(database.db, running.id)).job.state === 'running');
    expect((await cancelJob(database.db, running.id, { now: new Date(clock.now()) })).state).toBe('running');
    await jobs.runner.drain();
    expect((await getJob(database.db, running.id)).job).toMatchObject({ state: 'cancelled', errorCode: 'cancelled' });

    const waiting = await jobs.enqueue('long', { wait: true }, { runAt: new Date(clock.now() + 60_000) });
    expect((await cancelJob(database.db, waiting.id, { now: new Date(clock.now()) })).state).toBe('cancelled');
    clock.advance(120_000);
    await jobs.runner.tick();
    await jobs.runner.drain();
    expect((await getJob(database.db, waiting.id)).job).toMatchObject({ state: 'cancelled', attempts: 0 });
  });

  it('fires a schedule 30 minutes after each hall closes, at the hall’s local time, once across two runners', async () => {
    const clock = fakeClock('2026-11-28T04:00:00Z'); // Saturday 12:00 in Shenzhen, 04:00 in London
    const a = make(clock);
    const b = make(clock);
    const ran: string[] = [];
    for (const j of [a, b])
      j.define({
        type: 'hall-report',
        handler: async ({ job }) => {
          ran.push(`${job.hallId}@${job.scheduledFor}`);
        },
      });
    const hours = { open: '09:00', close: '18:00' };
    const week = { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: { open: '10:00', close: '16:00' } };
    for (const [id, tz] of [
      ['SZ-FT-001', 'Asia/Shanghai'],
      ['LDN-1', 'Europe/London'],
    ] as const) {
      await registerHall(database.db, { id, name: id, timeZone: tz });
      await hallsRepository.putConfig(database.db, id, { hall: { id, openingHours: week } }, null);
    }
    await a.scheduleEveryHall({
      idPrefix: 'hall-report',
      type: 'hall-report',
      hallIds: ['SZ-FT-001', 'LDN-1'],
      rule: { anchor: 'close', offsetMinutes: 30 },
    });
    const next = Object.fromEntries(
      (await jobsRepository.schedules(database.db)).map((s) => [s.id, s.nextRunAt?.toISOString()]),
    );
    expect(next['hall-report:SZ-FT-001']).toBe('2026-11-28T08:30:00.000Z'); // 16:30 in Shenzhen
    expect(next['hall-report:LDN-1']).toBe('2026-11-28T16:30:00.000Z'); // 16:30 in London
    const tickBoth = async () => {
      await Promise.all([a.runner.tick(), b.runner.tick()]);
      await Promise.all([a.runner.drain(), b.runner.drain()]);
    };
    clock.set('2026-11-28T08:29:59Z');
    await tickBoth();
    expect(ran).toEqual([]);
    clock.set('2026-11-28T08:30:00Z');
    await tickBoth();
    await tickBoth();
    expect(ran).toEqual(['SZ-FT-001@2026-11-28T08:30:00.000Z']);
    const fired = await jobsRepository.list(database.db, { type: 'hall-report', offset: 0, limit: 10 });
    expect(fired.rows.map((r) => r.uniqueKey)).toEqual(['hall-report:SZ-FT-001:2026-11-28T16:30']);
    // Sunday is closed: Shenzhen's next is Monday 18:30 local.
    expect((await jobsRepository.schedule(database.db, 'hall-report:SZ-FT-001'))?.nextRunAt?.toISOString()).toBe(
      '2026-11-30T10:30:00.000Z',
    );
    clock.set('2026-11-28T16:30:00Z');
    await tickBoth();
    expect(ran).toEqual(['SZ-FT-001@2026-11-28T08:30:00.000Z', 'LDN-1@2026-11-28T16:30:00.000Z']);
  });

  it('runs CPU-heavy jobs in worker threads: a crash or a hang fails that job, and the process goes on', async () => {
    const clock = fakeClock('2026-11-29T02:00:00Z');
    const jobs = make(clock, { workerConcurrency: 2 });
    defineTestJobs(jobs);
    const square = await jobs.enqueue('test.worker-square', { n: 12 });
    const crash = await jobs.enqueue('test.worker-crash', {});
    const hang = await jobs.enqueue('test.worker-hang', {});
    for (let i = 0; i < 3; i++) {
      await jobs.runner.tick();
      await jobs.runner.drain();
      clock.advance(1_000);
    }
    const s = await getJob(database.db, square.id);
    expect(s.job.state).toBe('done');
    expect(s.result).toEqual({ square: 144 });
    const c = await getJob(database.db, crash.id);
    expect(c.job).toMatchObject({ state: 'dead', attempts: 2, errorCode: 'worker-crashed' });
    expect(c.job.errorMessage).toBe('RuntimeError: Aborted()');
    const h = await getJob(database.db, hang.id);
    expect(h.job).toMatchObject({ state: 'dead', attempts: 1, errorCode: 'timeout' });
    // Still here, and still running jobs.
    const after = await jobs.enqueue('test.worker-square', { n: 3 });
    await jobs.runner.tick();
    await jobs.runner.drain();
    expect((await getJob(database.db, after.id)).result).toEqual({ square: 9 });
  });

  it('retries a job whose process stopped renewing its lease; the dead process can no longer finish it', async () => {
    const clock = fakeClock('2026-11-29T02:00:00Z');
    const jobs = make(clock);
    let runs = 0;
    jobs.define({ type: 'orphan', leaseMs: 5_000, handler: async () => void (runs += 1) });
    const { id } = await jobs.enqueue('orphan', {}, { runAt: new Date(clock.now() + 10) });
    // A process that claimed it and was then killed: it holds the lease and never renews it.
    const [ghost] = await jobsRepository.claim(database.db, {
      worker: 'ghost',
      types: ['orphan'],
      now: new Date(clock.now() + 10),
      leaseUntil: () => new Date(clock.now() + 5_010),
      limit: 1,
    });
    expect(ghost?.id).toBe(id);
    clock.advance(5_000);
    await jobs.runner.tick();
    await jobs.runner.drain();
    expect(runs).toBe(0); // The lease still holds.
    clock.advance(11);
    await jobs.runner.tick();
    await jobs.runner.tick();
    await jobs.runner.drain();
    expect(runs).toBe(1);
    const j = await getJob(database.db, id);
    expect(j.job).toMatchObject({ state: 'done', attempts: 2 });
    expect(j.attempts.map((a) => [a.worker, a.outcome])).toEqual([
      ['ghost', 'lease-expired'],
      [jobs.runner.workerId, 'done'],
    ]);
    // The killed process's late write is fenced off.
    expect(
      await jobsRepository.finish(database.db, { id, attempt: 1, worker: 'ghost', now: new Date(), state: 'done' }),
    ).toBe(false);
  });

  it('purges old finished jobs and login throttle rows that no longer decide anything', async () => {
    const clock = fakeClock('2026-11-29T02:00:00Z');
    const jobs = make(clock);
    await defineBuiltinJobs(jobs, { keepDays: 14 });
    const day = 86_400_000;
    const old = await jobsRepository.insert(database.db, {
      type: 'x',
      payload: {},
      state: 'done',
      runAt: new Date(clock.now() - 30 * day),
      finishedAt: new Date(clock.now() - 30 * day),
      maxAttempts: 1,
    });
    const recent = await jobsRepository.insert(database.db, {
      type: 'x',
      payload: {},
      state: 'done',
      runAt: new Date(clock.now() - day),
      finishedAt: new Date(clock.now() - day),
      maxAttempts: 1,
    });
    const deadOld = await jobsRepository.insert(database.db, {
      type: 'x',
      payload: {},
      state: 'dead',
      runAt: new Date(clock.now() - 30 * day),
      finishedAt: new Date(clock.now() - 30 * day),
      maxAttempts: 1,
    });
    const { loginThrottle } = await import('../src/modules/access/access.table.ts');
    await database.db.insert(loginThrottle).values([
      { username: 'stale', source: '10.0.0.1', failures: 3, lastFailureAt: new Date(clock.now() - 2 * day) },
      { username: 'locked', source: '10.0.0.2', failures: 6, lastFailureAt: new Date(clock.now() - 60_000) },
      { username: 'familiar', source: '10.0.0.3', failures: 0, lastSuccessAt: new Date(clock.now() - 10 * day) },
    ]);
    const run = await jobs.runScheduleNow(PURGE_JOB);
    await jobs.runner.tick();
    await jobs.runner.drain();
    expect((await getJob(database.db, run.id)).result).toMatchObject({ jobsDeleted: 1, throttleDeleted: 1 });
    expect(await jobsRepository.get(database.db, old.id)).toBeNull();
    expect(await jobsRepository.get(database.db, recent.id)).not.toBeNull();
    expect(await jobsRepository.get(database.db, deadOld.id)).not.toBeNull();
    const left = (await database.db.select().from(loginThrottle)).map((r) => r.username).sort();
    expect(left).toEqual(['familiar', 'locked']);
  });
});
