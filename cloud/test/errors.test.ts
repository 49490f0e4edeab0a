/**
 * Errors over real HTTP (issue 14, defect 8): input that cannot be stored or computed with (an
 * impossible date, a time zone that does not exist, a NUL in a login name or a config document) is
 * refused as input naming the field, not answered with a 500; an unexpected error answers only
 * "internal error" and a correlation id (no SQL, parameters, stack, file paths or hashes, whatever
 * NODE_ENV says), and the server log has that id without the hash.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/client.ts';
import { addAdministrator } from '../src/modules/access/access.service.ts';
import { registerHall } from '../src/modules/halls/halls.service.ts';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { startCloudServer, type CloudServer } from '../src/server.ts';
import { testDatabase } from './support/db.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
let server: CloudServer;
let base: string;
let headers: Record<string, string>;

beforeAll(async () => {
  db = await testDatabase();
  await addAdministrator(db.db, { username: 'admin', name: 'Admin', password: 'Correct-Horse-9' });
  await registerHall(db.db, { id: 'H1', name: '测试营业厅', timeZone: 'Asia/Shanghai' });
  await accessRepository.insertUnit(db.db, {
    id: 'hall-H1',
    parentId: 'hq',
    kind: 'hall',
    name: '测试营业厅',
    hallId: 'H1',
  });
  server = await startCloudServer({ db: db.db, log: pino({ level: 'silent' }), host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${server.port}/trpc`;
  const res = await fetch(`${base}/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'Correct-Horse-9' }),
  });
  const cookies = res.headers.getSetCookie();
  headers = {
    'content-type': 'application/json',
    cookie: cookies.map((c) => c.split(';')[0]).join('; '),
    'x-csrf-token': /hall_csrf=([^;]+)/.exec(cookies.join(';'))?.[1] as string,
  };
});
afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

type ErrorBody = {
  error: {
    message: string;
    data: {
      code: string;
      httpStatus: number;
      reason: string;
      fields?: string[];
      correlationId?: string;
      stack?: string;
    };
  };
};
const query = (path: string, input?: unknown) =>
  fetch(`${base}/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, {
    headers,
  });
const mutate = (path: string, input: unknown, extra: Record<string, string> = headers) =>
  fetch(`${base}/${path}`, { method: 'POST', headers: extra, body: JSON.stringify(input) });

describe('errors', () => {
  it('refuses an impossible date as input naming the field', async () => {
    const res = await query('analytics.breakdown', { hallId: 'H1', date: '2025-02-30', by: 'service' });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.data).toMatchObject({ code: 'BAD_REQUEST', reason: 'invalid-input', fields: ['date'] });
    expect(error.message).toMatch(/^date: /);
    expect((await query('analytics.breakdown', { hallId: 'H1', date: '2024-02-29', by: 'service' })).status).toBe(200);
  });

  it('refuses a time zone that does not exist when a hall is registered', async () => {
    const res = await mutate('org.registerHall', {
      parentId: 'hq',
      hallId: 'MARS',
      name: 'Olympus',
      timeZone: 'Mars/Olympus_Mons',
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.data.fields).toEqual(['timeZone']);
    // Registered from the command line (`cloud add-hub --time-zone`): refused too, by the service.
    await expect(registerHall(db.db, { id: 'MARS', name: 'Olympus', timeZone: 'Mars/Olympus_Mons' })).rejects.toThrow(
      /timeZone: must be an IANA time zone/,
    );
    // The halls everybody sees stay computable.
    expect((await query('analytics.overview')).status).toBe(200);
  });

  it('refuses a NUL in a login name or a config document as input naming the field, not a 500', async () => {
    const login = await mutate(
      'auth.login',
      { username: 'ad\u0000min', password: 'whatever' },
      { 'content-type': 'application/json' },
    );
    expect(login.status).toBe(400);
    expect(((await login.json()) as ErrorBody).error.data.fields).toEqual(['username']);
    const config = await mutate('halls.putConfig', {
      hallId: 'H1',
      document: { services: [{ id: 'a', name: 'x\u0000' }] },
    });
    expect(config.status).toBe(400);
    expect(((await config.json()) as ErrorBody).error.data.fields).toEqual(['document']);
  });
});

describe('an unexpected error', () => {
  const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA';
  let broken: CloudServer;
  const logged: string[] = [];

  beforeAll(async () => {
    // A database whose every statement fails the way drizzle reports it: SQL text and parameters in the message.
    const failure = Object.assign(
      new Error(`Failed query: select "id", "password_hash" from "users" where "username" = $1\nparams: admin,${HASH}`),
      {
        cause: Object.assign(new Error('connection terminated unexpectedly'), { code: '08006' }),
      },
    );
    const chain: unknown = new Proxy(() => {}, {
      get: (_t, key) => (key === 'then' ? (_ok: unknown, fail: (e: unknown) => void) => fail(failure) : chain),
      apply: () => chain,
    });
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (logged.push(chunk.toString()), done()) });
    broken = await startCloudServer({
      db: chain as Db,
      log: pino({ level: 'info' }, sink),
      host: '127.0.0.1',
      port: 0,
    });
  });
  afterAll(async () => {
    await broken?.stop();
  });

  it('answers "internal error" with a correlation id and nothing else; the log has the id, not the hash', async () => {
    expect(process.env.NODE_ENV).not.toBe('production');
    const res = await fetch(`http://127.0.0.1:${broken.port}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'x' }),
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    const { error } = JSON.parse(text) as ErrorBody;
    expect(error.data.reason).toBe('internal');
    expect(error.message).toBe(`internal error (ref ${error.data.correlationId})`);
    expect(error.data.stack).toBeUndefined();
    for (const leak of [
      'select',
      'password_hash',
      'params',
      '$argon2',
      'connection terminated',
      '.ts:',
      '/work/',
      'node_modules',
    ])
      expect(text).not.toContain(leak);
    const line = logged.find((l) => l.includes(error.data.correlationId as string));
    expect(line).toBeDefined();
    expect(line).toContain('Failed query: select');
    expect(line).not.toContain('$argon2');
    expect(line).not.toContain('c2FsdHNhbHQ');
  });
});
