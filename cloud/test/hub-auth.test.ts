/**
 * Hub tokens under attack, over real HTTP (issue 14, defect 3): wrong tokens from a source are refused
 * before any hash once it has had its tries (429 with Retry-After, also for the right token), a flood
 * from many sources is refused cheaply instead of queueing scrypt, an unknown hub costs the same hash
 * as a known one, and the real hub keeps syncing from its own address throughout. The sources are
 * distinct X-Forwarded-For addresses through a trusted proxy (this test's loopback).
 */
import { SecretGate } from '@hall/devices/secrets';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerHall, registerHub } from '../src/modules/halls/halls.service.ts';
import { startCloudServer, type CloudServer } from '../src/server.ts';
import { testDatabase } from './support/db.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
let server: CloudServer;
let base: string;
let token: string;
const gate = new SecretGate({ limits: { perSecond: 20, maxPending: 4 } });

beforeAll(async () => {
  db = await testDatabase();
  await registerHall(db.db, { id: 'H1', name: '测试营业厅', timeZone: 'Asia/Shanghai' });
  token = (await registerHub(db.db, { id: 'hub-1', hallId: 'H1' })).token;
  server = await startCloudServer({
    db: db.db,
    log: pino({ level: 'silent' }),
    host: '127.0.0.1',
    port: 0,
    trustedProxies: ['127.0.0.1', '::1'],
    hubGate: gate,
  });
  base = `http://127.0.0.1:${server.port}/trpc`;
});
afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

const poll = (from: string, bearer: string) =>
  fetch(`${base}/hub.poll`, { headers: { authorization: `Bearer ${bearer}`, 'x-forwarded-for': from } });
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { message: string; data: { code: string; reason?: string } } }).error;

describe('hub tokens', () => {
  it('refuses a source that keeps sending wrong tokens before hashing (429, Retry-After), even with the right token, while the real hub polls on', async () => {
    expect((await poll('10.9.9.9', `hub-1:${token}`)).status).toBe(200);
    let refusedAt = -1;
    for (let i = 0; i < 12 && refusedAt < 0; i++) {
      const res = await poll('10.0.0.1', 'hub-1:not-the-token');
      if (res.status === 429) refusedAt = i;
      else expect(res.status).toBe(401);
    }
    expect(refusedAt).toBeGreaterThan(0);
    const hashed = gate.stats.hashed;
    const limited = await poll('10.0.0.1', `hub-1:${token}`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await errorOf(limited)).toMatchObject({ data: { code: 'TOO_MANY_REQUESTS', reason: 'too-many-attempts' } });
    expect(gate.stats.hashed).toBe(hashed);
    // The guesser's address is held back; the hub at its own address is not.
    expect((await poll('10.9.9.9', `hub-1:${token}`)).status).toBe(200);
  });

  it('costs an unknown hub the same hash as a known one, and answers both alike', async () => {
    const before = gate.stats.hashed;
    const unknown = await poll('10.0.1.1', 'no-such-hub:abc');
    expect(gate.stats.hashed).toBe(before + 1);
    const wrong = await poll('10.0.1.2', 'hub-1:abc');
    expect(gate.stats.hashed).toBe(before + 2);
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    expect((await errorOf(unknown)).message).toBe((await errorOf(wrong)).message);
  });

  it('refuses a flood from 32 sources cheaply (busy) instead of hashing every guess, and the hub still gets through', async () => {
    const before = gate.stats.hashed;
    const flood = Array.from({ length: 32 }, (_, s) =>
      Array.from({ length: 8 }, () => poll(`10.1.0.${s + 1}`, 'hub-1:wrong-token')),
    ).flat();
    const hub = poll('10.9.9.9', `hub-1:${token}`);
    const answers = await Promise.all(flood);
    const statuses = answers.map((r) => r.status);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    const busy = answers.filter((r) => r.status === 429);
    expect(busy.length).toBeGreaterThan(0);
    for (const r of busy) expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Every guess that was not refused cost a hash; the refused ones cost none.
    expect(gate.stats.hashed - before).toBe(statuses.filter((s) => s === 401).length);
    expect((await hub).status).toBe(200);
  });

  it('answers a malformed hub id (a NUL, an overlong one) with 401, not a server error', async () => {
    for (const bearer of ['hub\u0000x:abc', `${'h'.repeat(300)}:abc`, 'no-colon']) {
      const res = await fetch(`${base}/hub.poll`, {
        headers: { authorization: `Bearer ${encodeURIComponent(bearer)}`, 'x-forwarded-for': '10.0.2.1' },
      });
      expect(res.status).toBe(401);
    }
  });
});
