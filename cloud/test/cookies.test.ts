/**
 * Secure cookies (issue 14, defect 11): the session and CSRF cookies are `Secure` when the browser
 * came over HTTPS — here through a trusted TLS-terminating proxy that says so in X-Forwarded-Proto —
 * and always with CLOUD_SECURE_COOKIES=always; a client that is not a trusted proxy cannot switch it.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { createUser } from '../src/modules/access/access.service.ts';
import { startCloudServer, type CloudServer } from '../src/server.ts';
import { testDatabase } from './support/db.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
const servers: CloudServer[] = [];

beforeAll(async () => {
  db = await testDatabase();
  await accessRepository.insertUnit(db.db, { id: 'hq', parentId: null, kind: 'hq', name: 'HQ', hallId: null });
  await createUser(db.db, { username: 'alice', name: 'Alice', password: 'Correct-Horse-9', orgUnitId: 'hq' });
});
afterAll(async () => {
  for (const s of servers) await s.stop();
  await db?.drop();
});

async function cloud(opts: { trustedProxies?: string[]; secureCookies?: 'auto' | 'always' }) {
  const server = await startCloudServer({
    db: db.db,
    log: pino({ level: 'silent' }),
    host: '127.0.0.1',
    port: 0,
    ...opts,
  });
  servers.push(server);
  return server;
}

/** The session and CSRF cookies a sign-in sets. */
async function signIn(server: CloudServer, headers: Record<string, string> = {}) {
  const res = await fetch(`http://127.0.0.1:${server.port}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username: 'alice', password: 'Correct-Horse-9' }),
  });
  expect(res.status).toBe(200);
  return res.headers.getSetCookie().filter((c) => /^hall_(session|csrf)=/.test(c));
}
const secure = (cookies: string[]) => cookies.map((c) => /;\s*Secure(;|$)/i.test(c));

describe('cookies', () => {
  it('are Secure when a trusted proxy says the browser came over HTTPS, and not over plain HTTP', async () => {
    const server = await cloud({ trustedProxies: ['127.0.0.1', '::1'] });
    expect(secure(await signIn(server, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' }))).toEqual([
      true,
      true,
    ]);
    expect(secure(await signIn(server, { 'x-forwarded-for': '203.0.113.8' }))).toEqual([false, false]);
  });

  it('ignore X-Forwarded-Proto from a client that is not a trusted proxy', async () => {
    const server = await cloud({});
    expect(secure(await signIn(server, { 'x-forwarded-proto': 'https' }))).toEqual([false, false]);
  });

  it('are always Secure when the setting says so', async () => {
    const server = await cloud({ secureCookies: 'always' });
    expect(secure(await signIn(server))).toEqual([true, true]);
  });
});
