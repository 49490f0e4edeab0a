/**
 * Two cloud processes against one PostgreSQL share the work and the state: each of N jobs runs once
 * (both processes take some), a session made on one is valid on the other, and a login lockout counted
 * on one holds on the other. Nothing that must be shared lives in a process's memory.
 * Extend this file for other shared behaviour (e.g. "alarms notified once"): `clouds` are both running.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@hall/cloud/db';
import { scratchDatabase } from '@hall/scripts/harness';
import { defineTestJobs, Jobs, jobsRepository } from '@hall/cloud/jobs';
import { ADMIN, cloudFixture, post, query, signIn, until, type CloudFixture } from './cloud-fixture.ts';

let fixture: CloudFixture;
let database: Database;
const clouds: Array<Awaited<ReturnType<CloudFixture['start']>>> = [];

beforeAll(async () => {
  fixture = await cloudFixture('two_clouds');
  // Both at once, as replicas behind a load balancer start: one runs the migrations, the other waits.
  clouds.push(...(await Promise.all([fixture.start(), fixture.start()])));
  database = await openDatabase({ url: fixture.url, dataDir: '' });
});
afterAll(async () => {
  await database?.close();
  await fixture?.stop();
});

describe('two cloud processes on one PostgreSQL', () => {
  it('run each of N jobs once, and both take a share', async () => {
    // Enqueued by a third party (as another module's process would): the clouds find them by polling.
    const producer = new Jobs({ db: database.db, log: pino({ level: 'silent' }) });
    defineTestJobs(producer);
    const N = 40;
    const ids: number[] = [];
    for (let i = 0; i < N; i++)
      ids.push((await producer.enqueue('test.record', { key: `two-clouds-${i}`, ms: 100 })).id);
    const done = await until('all jobs done', async () => {
      const rows = await Promise.all(ids.map((id) => jobsRepository.get(database.db, id)));
      return rows.every((r) => r?.state === 'done') ? rows : null;
    });
    expect(done.map((r) => r?.attempts)).toEqual(ids.map(() => 1));
    const pids = new Set(done.map((r) => (r?.result as { pid: number }).pid));
    expect(pids).toEqual(new Set(clouds.map((c) => c.child.pid)));
    const markers = await jobsRepository.list(database.db, { type: 'test.marker', offset: 0, limit: 100 });
    expect(markers.total).toBe(N);
  });

  it('accept a session made on the other', async () => {
    const [a, b] = clouds as [(typeof clouds)[0], (typeof clouds)[0]];
    const session = await signIn(a.base);
    const me = await query<{ username: string }>(b.base, 'auth.me', undefined, session);
    expect(me.username).toBe(ADMIN.username);
    // And the administrator sees the jobs on either.
    const list = await query<{ total: number }>(b.base, 'jobs.list', { states: ['done'] }, session);
    expect(list.total).toBeGreaterThanOrEqual(40);
  });

  it('hold a sign-in lockout counted on the other', async () => {
    const [a, b] = clouds as [(typeof clouds)[0], (typeof clouds)[0]];
    for (let i = 0; i < 5; i++)
      expect((await post(a.base, 'auth.login', { username: ADMIN.username, password: 'wrong-password' })).status).toBe(
        401,
      );
    const locked = await post(b.base, 'auth.login', ADMIN);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
  });

  it('migrate an empty database once when they start at the same moment', async () => {
    const empty = await scratchDatabase('two_clouds_migrate');
    try {
      const opened = await Promise.allSettled([0, 1, 2].map(() => openDatabase({ url: empty.url, dataDir: '' })));
      for (const o of opened) if (o.status === 'fulfilled') await o.value.close();
      expect(opened.map((o) => (o.status === 'fulfilled' ? 'ok' : (o.reason as Error).message.slice(0, 120)))).toEqual([
        'ok',
        'ok',
        'ok',
      ]);
    } finally {
      await empty.drop();
    }
  });
});
