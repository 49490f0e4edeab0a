/**
 * Password sign-in under attack, over real HTTP (issue 14, defect 4): many wrong passwords and the
 * right one sent at once (one batch, or parallel requests) get no session; a lock holds the source
 * that earned it, not the account everywhere; an account attacked from many sources slows down for new
 * sources but not for familiar ones; an unknown username costs one argon2 like a real one; batches
 * have a size limit. Sources are distinct X-Forwarded-For addresses through a trusted proxy.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { createUser } from '../src/modules/access/access.service.ts';
import { DEFAULT_LOGIN_LIMITS, LoginGuard } from '../src/modules/access/login-guard.ts';
import { startCloudServer, type CloudServer } from '../src/server.ts';
import { testDatabase } from './support/db.ts';

const PASSWORD = 'Correct-Horse-9';
const MAX_BATCH = 16;
let db: Awaited<ReturnType<typeof testDatabase>>;
let server: CloudServer;
let base: string;
// A budget no test run reaches (the busy answer is not what these tests are about), and a slow-down
// of minutes, so that nothing here depends on how fast the machine is.
const guard = new LoginGuard({
  limits: { perSecond: 10_000, maxPending: 1_000, slowdownMs: 10 * 60_000, maxSlowdownMs: 10 * 60_000 },
});

beforeAll(async () => {
  db = await testDatabase();
  await accessRepository.insertUnit(db.db, { id: 'hq', parentId: null, kind: 'hq', name: 'HQ', hallId: null });
  for (const name of ['batch', 'parallel', 'elsewhere', 'attacked', 'known'])
    await createUser(db.db, { username: name, name, password: PASSWORD, orgUnitId: 'hq' });
  server = await startCloudServer({
    db: db.db,
    log: pino({ level: 'silent' }),
    host: '127.0.0.1',
    port: 0,
    trustedProxies: ['127.0.0.1', '::1'],
    loginGuard: guard,
    httpLimits: { maxBatch: MAX_BATCH },
  });
  base = `http://127.0.0.1:${server.port}/trpc`;
});
afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

const login = (from: string, username: string, password: string) =>
  fetch(`${base}/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify({ username, password }),
  });
const session = (res: Response) =>
  res.headers.getSetCookie().some((c) => /^hall_session=[^;]+/.test(c) && !c.startsWith('hall_session=;'));

/** One batch request of login calls; answers the HTTP response and each call's status. */
async function batch(from: string, calls: Array<{ username: string; password: string }>) {
  const body = Object.fromEntries(calls.map((c, i) => [String(i), c]));
  const res = await fetch(`${base}/${calls.map(() => 'auth.login').join(',')}?batch=1`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as
    Array<{ error?: { data: { httpStatus: number } } }> | { error: { data: { code: string; reason: string } } };
  return { res, json };
}

describe('password sign-in', () => {
  it('refuses a batch of 40 wrong passwords and the right one before running any of it', async () => {
    const calls = [
      ...Array.from({ length: 40 }, () => ({ username: 'batch', password: 'wrong-password' })),
      { username: 'batch', password: PASSWORD },
    ];
    const verified = guard.stats.verified;
    const { res, json } = await batch('10.1.0.1', calls);
    expect(res.status).toBe(400);
    expect(session(res)).toBe(false);
    expect(json).toMatchObject({ error: { data: { code: 'BAD_REQUEST', reason: 'batch-too-large' } } });
    expect(guard.stats.verified).toBe(verified);
  });

  it('gives no session to the right password sent in one batch after wrong ones: only the allowed number are checked', async () => {
    const calls = [
      ...Array.from({ length: MAX_BATCH - 1 }, () => ({ username: 'batch', password: 'wrong-password' })),
      { username: 'batch', password: PASSWORD },
    ];
    const verified = guard.stats.verified;
    const { res, json } = await batch('10.1.0.2', calls);
    expect(session(res)).toBe(false);
    const statuses = (json as Array<{ error?: { data: { httpStatus: number } } }>).map(
      (r) => r.error?.data.httpStatus ?? 200,
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(DEFAULT_LOGIN_LIMITS.attempts);
    expect(statuses.filter((s) => s === 429)).toHaveLength(MAX_BATCH - DEFAULT_LOGIN_LIMITS.attempts);
    expect(guard.stats.verified - verified).toBe(DEFAULT_LOGIN_LIMITS.attempts);
  });

  it('gives no session to the right password after 40 parallel wrong requests', async () => {
    const wrong = await Promise.all(Array.from({ length: 40 }, () => login('10.2.0.1', 'parallel', 'wrong-password')));
    expect(wrong.filter((r) => r.status === 401)).toHaveLength(DEFAULT_LOGIN_LIMITS.attempts);
    expect(wrong.filter((r) => r.status === 429)).toHaveLength(40 - DEFAULT_LOGIN_LIMITS.attempts);
    const right = await login('10.2.0.1', 'parallel', PASSWORD);
    expect(right.status).toBe(429);
    expect(session(right)).toBe(false);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect(await right.json()).toMatchObject({
      error: { data: { code: 'TOO_MANY_REQUESTS', reason: 'too-many-attempts' } },
    });
  });

  it('locks the source that guessed, not the account: the owner signs in from elsewhere', async () => {
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.attempts; i++)
      expect((await login('10.3.0.1', 'elsewhere', 'wrong-password')).status).toBe(401);
    expect((await login('10.3.0.1', 'elsewhere', PASSWORD)).status).toBe(429);
    const owner = await login('10.3.0.2', 'elsewhere', PASSWORD);
    expect(owner.status).toBe(200);
    expect(session(owner)).toBe(true);
  });

  it('slows an account attacked from many sources down for new sources, and spares a familiar one', async () => {
    expect((await login('10.4.0.9', 'attacked', PASSWORD)).status).toBe(200);
    // Each attacker stays under its own lock; together they pass the account's free failures.
    const attackers = DEFAULT_LOGIN_LIMITS.accountFree + 2;
    for (let s = 1; s <= attackers; s++) await login(`10.4.1.${s}`, 'attacked', 'wrong-password');
    const fresh = await login('10.4.2.1', 'attacked', PASSWORD);
    expect(fresh.status).toBe(429);
    expect(await fresh.text()).toContain('under attack');
    const familiar = await login('10.4.0.9', 'attacked', PASSWORD);
    expect(familiar.status).toBe(200);
    expect(session(familiar)).toBe(true);
  });

  it('checks an unknown username against a hash like a real one, and answers alike', async () => {
    const before = guard.stats.verified;
    const unknown = await login('10.5.0.1', 'no-such-user', 'whatever-password');
    expect(guard.stats.verified).toBe(before + 1);
    const wrong = await login('10.5.0.2', 'known', 'whatever-password');
    expect(guard.stats.verified).toBe(before + 2);
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toBe(
      ((await wrong.json()) as { error: { message: string } }).error.message,
    );
  });
});
