/**
 * Single sign-on against a real OpenID Connect provider (npm oidc-provider, run here with its development
 * login and consent pages), the browser played by fetch with a cookie jar per site.
 */
import { freePort } from '@hall/scripts/harness';
import Provider from 'oidc-provider';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { createUser } from '../src/modules/access/access.service.ts';
import { SsoService } from '../src/modules/access/sso.service.ts';
import { startCloudServer, type CloudServer } from '../src/server.ts';
import { testDatabase } from './support/db.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
let cloud: CloudServer;
let providerServer: ReturnType<Provider['listen']>;
let cloudBase: string;

beforeAll(async () => {
  db = await testDatabase();
  await accessRepository.insertUnit(db.db, { id: 'hq', parentId: null, kind: 'hq', name: 'HQ', hallId: null });
  await createUser(db.db, { username: 'alice', name: 'Alice', orgUnitId: 'hq' });
  const [cloudPort, providerPort] = [await freePort(), await freePort()];
  cloudBase = `http://127.0.0.1:${cloudPort}`;
  const issuer = `http://127.0.0.1:${providerPort}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'hall-cloud',
        client_secret: 'a-test-client-secret',
        redirect_uris: [`${cloudBase}/auth/oidc/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    findAccount: async (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => ({ sub, preferred_username: sub, email: `${sub}@example.test` }),
    }),
    claims: { openid: ['sub'], profile: ['preferred_username'], email: ['email'] },
    cookies: { keys: ['a-test-cookie-key'] },
    features: { devInteractions: { enabled: true } },
  });
  providerServer = provider.listen(providerPort, '127.0.0.1');
  const sso = new SsoService(db.db, {
    issuer,
    clientId: 'hall-cloud',
    clientSecret: 'a-test-client-secret',
    redirectUri: `${cloudBase}/auth/oidc/callback`,
    allowInsecure: true,
  });
  cloud = await startCloudServer({
    db: db.db,
    log: pino({ level: 'silent' }),
    host: '127.0.0.1',
    port: cloudPort,
    sso,
  });
});
afterAll(async () => {
  await cloud?.stop();
  providerServer?.close();
  await db?.drop();
});

/** A browser: cookies per origin, redirects followed by hand, the provider's dev login and consent submitted. */
class Browser {
  readonly jars = new Map<string, Map<string, string>>();
  jar(url: string) {
    const origin = new URL(url).origin;
    if (!this.jars.has(origin)) this.jars.set(origin, new Map());
    return this.jars.get(origin) as Map<string, string>;
  }
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const jar = this.jar(url);
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = (pair as string).indexOf('=');
      jar.set((pair as string).slice(0, i), (pair as string).slice(i + 1));
    }
    return res;
  }
  /** Follows redirects; at the provider's interaction pages signs in as `login` and consents. */
  async signOn(login: string, start = `${cloudBase}/auth/oidc/login`): Promise<Response> {
    let url = start;
    for (let hop = 0; hop < 20; hop++) {
      let res = await this.request(url);
      if (res.status === 200 && url.includes('/interaction/')) {
        const html = await res.text();
        const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1] ?? 'login';
        const body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'whatever' } : { prompt });
        res = await this.request(url, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
      }
      const location = res.headers.get('location');
      if (!location || url.startsWith(`${cloudBase}/auth/oidc/callback`)) return res;
      url = new URL(location, url).href;
    }
    throw new Error('too many redirects');
  }
}

describe('single sign-on (OpenID Connect)', () => {
  it('signs a provisioned user in through the provider, links the subject, and audits it', async () => {
    const browser = new Browser();
    const res = await browser.signOn('alice');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const cookies = browser.jar(cloudBase);
    expect(cookies.get('hall_session')).toBeTruthy();
    const me = await browser.request(`${cloudBase}/trpc/auth.me`);
    expect(((await me.json()) as { result: { data: { username: string } } }).result.data.username).toBe('alice');
    const alice = await accessRepository.userByName(db.db, 'alice');
    expect(alice?.oidcSubject).toBe('alice');
    const audit = await accessRepository.auditIn(db.db, ['hq'], 10);
    expect(audit.some((a) => a.action === 'auth.sso-login' && a.entityId === alice?.id)).toBe(true);
  });

  it('refuses someone the provider knows but the cloud does not, and audits the refusal', async () => {
    const res = await new Browser().signOn('mallory');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('no account here');
    const refused = (
      await db.db.select().from((await import('../src/modules/access/access.table.ts')).auditLog)
    ).filter((a) => a.action === 'auth.sso-refused');
    expect(refused.map((a) => a.entityId)).toContain('mallory');
  });

  it('refuses a callback that comes back to another browser than the one that started', async () => {
    const first = new Browser();
    const start = await first.request(`${cloudBase}/auth/oidc/login`);
    const other = new Browser();
    // The other browser completes the provider's steps and returns with the code, without the binding cookie.
    const res = await other.signOn('alice', start.headers.get('location') as string);
    expect(res.status).toBe(401);
  });
});
