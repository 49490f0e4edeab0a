/**
 * Real cloud processes on one scratch PostgreSQL for end-to-end tests: an administrator made with the
 * CLI, then as many `cloud/src/main.ts` processes as a test asks for, with the test-only job types
 * (`CLOUD_TEST_JOBS=1`) and a short poll. Also a tiny tRPC-over-fetch client with the session cookie.
 */
import { scratchDatabase, freePort } from '@hall/scripts/harness';
import { runPart, startPart, type PartProcess } from './processes.ts';

export const ADMIN = { username: 'ops-admin', password: 'Two-Clouds-2026!' };

export interface CloudFixture {
  url: string;
  env: Record<string, string>;
  start(extraEnv?: Record<string, string>): Promise<PartProcess & { base: string }>;
  stop(): Promise<void>;
}

export async function cloudFixture(prefix: string): Promise<CloudFixture> {
  const scratch = await scratchDatabase(prefix);
  const env = {
    DATABASE_URL: scratch.url,
    CLOUD_HOST: '127.0.0.1',
    CLOUD_TEST_JOBS: '1',
    CLOUD_JOBS_POLL_MS: '100',
    LOG_LEVEL: 'warn',
  };
  const parts: PartProcess[] = [];
  await runPart('cloud/src/main.ts', { ...env, CLOUD_PORT: '0', CLOUD_ADMIN_PASSWORD: ADMIN.password }, [
    'add-admin',
    '--username',
    ADMIN.username,
  ]);
  return {
    url: scratch.url,
    env,
    async start(extraEnv = {}) {
      const part = await startPart(
        'cloud/src/main.ts',
        { ...env, CLOUD_PORT: String(await freePort()), ...extraEnv },
        'cloud.ready',
      );
      parts.push(part);
      return Object.assign(part, { base: `http://127.0.0.1:${part.ready.port as number}/trpc` });
    },
    async stop() {
      await Promise.allSettled(parts.map((p) => p.stop('SIGKILL')));
      await scratch.drop();
    },
  };
}

/** A signed-in browser's calls, over plain HTTP (cookie + CSRF header). */
export async function signIn(base: string, who = ADMIN) {
  const res = await post(base, 'auth.login', who);
  if (res.status !== 200) throw new Error(`sign-in refused: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie();
  return {
    cookie: cookies.map((c) => c.split(';')[0]).join('; '),
    csrf: /hall_csrf=([^;]+)/.exec(cookies.join(';'))?.[1] as string,
  };
}

export function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

export async function query<T>(base: string, path: string, input: unknown, session: { cookie: string }): Promise<T> {
  const search = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await fetch(`${base}/${path}${search}`, {
    headers: { cookie: session.cookie },
  });
  const body = (await res.json()) as { result?: { data: T }; error?: unknown };
  if (!body.result) throw new Error(`${path}: ${res.status} ${JSON.stringify(body.error)}`);
  return body.result.data;
}

/** Polls until `fn` answers something truthy (a watchdog, not a speed goal). */
export async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
