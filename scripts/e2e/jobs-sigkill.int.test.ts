/**
 * A job survives the death of its cloud process: the process is SIGKILLed while the job runs (its effect
 * already written, its completion not); after a restart the job's lease expires, it runs again on the
 * new process and completes, and its effect exists exactly once. And a job whose worker thread dies of a
 * WASM abort fails as that job while the cloud keeps answering.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@hall/cloud/db';
import { defineTestJobs, Jobs, jobsRepository } from '@hall/cloud/jobs';
import { freePort } from '@hall/scripts/harness';
import { ADMIN, cloudFixture, query, signIn, until, type CloudFixture } from './cloud-fixture.ts';
import { runPart, startPart, type PartProcess } from './processes.ts';

let fixture: CloudFixture;
let database: Database;
let producer: Jobs;
/** The cloud that runs after the kill (the only one alive). */
let survivor: Awaited<ReturnType<CloudFixture['start']>>;

beforeAll(async () => {
  fixture = await cloudFixture('jobs_kill');
  database = await openDatabase({ url: fixture.url, dataDir: '' });
  producer = new Jobs({ db: database.db, log: pino({ level: 'silent' }) });
  defineTestJobs(producer);
});
afterAll(async () => {
  await database?.close();
  await fixture?.stop();
});

const effects = async (key: string) =>
  (await jobsRepository.list(database.db, { type: 'test.marker', offset: 0, limit: 100 })).rows.filter(
    (r) => r.uniqueKey === `effect:${key}`,
  ).length;

describe('a cloud process killed while a job runs', () => {
  it('leaves the job to be retried after its lease, and it completes exactly once in effect', async () => {
    const first = await fixture.start();
    const { id } = await producer.enqueue('test.effect', { key: 'kill-1', holdMs: 120_000 });
    // Running on the first process, its effect written (progress 0.5), its completion far away.
    await until('the job to run and write its effect', async () => {
      const j = await jobsRepository.get(database.db, id);
      return j?.state === 'running' && j.progress === 0.5;
    });
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    expect((await jobsRepository.get(database.db, id))?.state).toBe('running');
    expect(await effects('kill-1')).toBe(1);

    const second = (survivor = await fixture.start());
    const done = await until('the job to complete on the restarted cloud', async () => {
      const j = await jobsRepository.get(database.db, id);
      return j?.state === 'done' ? j : null;
    });
    expect(done.attempts).toBe(2);
    expect((done.result as { pid: number }).pid).toBe(second.child.pid);
    const attempts = await jobsRepository.attempts(database.db, id);
    expect(attempts.map((a) => a.outcome)).toEqual(['lease-expired', 'done']);
    expect(await effects('kill-1')).toBe(1);
  });

  it('fails a job whose worker thread aborts, and the cloud still answers', async () => {
    const cloud = survivor;
    const { id } = await producer.enqueue('test.worker-crash', {});
    const dead = await until('the crashing job to be dead', async () => {
      const j = await jobsRepository.get(database.db, id);
      return j?.state === 'dead' ? j : null;
    });
    expect(dead).toMatchObject({ errorCode: 'worker-crashed', errorMessage: 'RuntimeError: Aborted()', attempts: 2 });
    expect(cloud.child.exitCode).toBeNull();
    const health = await fetch(`${cloud.base.replace(/\/trpc$/, '')}/health`);
    expect(await health.json()).toEqual({ status: 'ok' });
  });
});

describe('on the embedded PGlite, a cloud process killed while a job runs', () => {
  it('leaves its data folder usable, and the job completes exactly once in effect after the restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hall-jobs-kill-pglite-'));
    const env = {
      CLOUD_DATA_DIR: join(dir, 'cloud'),
      CLOUD_HOST: '127.0.0.1',
      CLOUD_TEST_JOBS: '1',
      CLOUD_JOBS_POLL_MS: '100',
      LOG_LEVEL: 'warn',
    };
    const started: PartProcess[] = [];
    try {
      await runPart('cloud/src/main.ts', { ...env, CLOUD_PORT: '0', CLOUD_ADMIN_PASSWORD: ADMIN.password }, [
        'add-admin',
        '--username',
        ADMIN.username,
      ]);
      // PGlite is one process's: the job is enqueued before the cloud opens the folder.
      let pglite = await openDatabase({ dataDir: env.CLOUD_DATA_DIR });
      const local = new Jobs({ db: pglite.db, log: pino({ level: 'silent' }) });
      defineTestJobs(local);
      const { id } = await local.enqueue('test.effect', { key: 'kill-pglite', holdMs: 120_000 });
      await pglite.close();
      const start = async () => {
        const p = await startPart('cloud/src/main.ts', { ...env, CLOUD_PORT: String(await freePort()) }, 'cloud.ready');
        started.push(p);
        return { p, base: `http://127.0.0.1:${p.ready.port as number}/trpc` };
      };
      const job = async (base: string) =>
        (
          await query<{ job: { state: string; progress: number | null; attempts: number } }>(
            base,
            'jobs.get',
            { id },
            await signIn(base),
          )
        ).job;
      const first = await start();
      await until('the job to run and write its effect', async () => {
        const j = await job(first.base);
        return j.state === 'running' && j.progress === 0.5;
      });
      first.p.child.kill('SIGKILL');
      await new Promise((r) => first.p.child.once('exit', r));
      const second = await start();
      const done = await until('the job to complete after the restart', async () => {
        const j = await job(second.base);
        return j.state === 'done' ? j : null;
      });
      expect(done.attempts).toBe(2);
      await second.p.stop('SIGTERM');
      pglite = await openDatabase({ dataDir: env.CLOUD_DATA_DIR });
      const markers = await jobsRepository.list(pglite.db, { type: 'test.marker', offset: 0, limit: 10 });
      expect(markers.rows.map((r) => r.uniqueKey)).toEqual(['effect:kill-pglite']);
      await pglite.close();
    } finally {
      await Promise.allSettled(started.map((p) => p.stop('SIGKILL')));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
