/** The cloud's HTTP server: tRPC at /trpc, single sign-on at /auth/oidc, /health, and the console at /. */
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { Logger } from 'pino';
import sirv from 'sirv';
import { appRouter } from './app.router.ts';
import type { Db } from './db/client.ts';
import { SecretGate } from '@hall/devices/secrets';
import { clientError, correlationIdOf, errorForLog } from './error-shape.ts';
import { AppError } from './errors.ts';
import { LoginGuard } from './modules/access/login-guard.ts';
import { batchRefusal, DEFAULT_HTTP_LIMITS, proceduresOf, refuse, type HttpLimits } from './http-limits.ts';
import { TrustedProxies } from './request-origin.ts';
import type { SsoService } from './modules/access/sso.service.ts';
import { contextFor, cookiesOf } from './trpc.ts';

export interface CloudServer {
  port: number;
  stop(): Promise<void>;
}

/** Headers of every console response: no framing, no sniffing, scripts and styles from this origin only. */
const CONSOLE_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

export interface CloudServerOptions {
  db: Db;
  log: Logger;
  host: string;
  port: number;
  sso?: SsoService;
  consoleDir?: string;
  /** Addresses or CIDR blocks whose X-Forwarded-For / X-Forwarded-Proto are believed (CLOUD_TRUSTED_PROXIES). */
  trustedProxies?: readonly string[];
  /** The gate hub tokens are checked through (tests pass one to watch it). */
  hubGate?: SecretGate;
  /** The guard passwords are checked through (tests pass one to watch it). */
  loginGuard?: LoginGuard;
  /** Batch and body bounds (CLOUD_MAX_BATCH, CLOUD_MAX_*BODY_BYTES). */
  httpLimits?: Partial<HttpLimits>;
}

/**
 * Hub token checks: scrypt (~40 ms of one core each) on libuv's four threads, which argon2 logins and
 * file I/O share: a few at once and a budget per second, so that a flood of wrong tokens is refused
 * cheaply instead of taking the cores from everything else.
 */
const HUB_GATE_LIMITS = { perSecond: 20, maxPending: 4 };

export async function startCloudServer(opts: CloudServerOptions): Promise<CloudServer> {
  // The console is a single-page app: unknown paths get index.html; hashed assets are cached for good.
  const consolePages =
    opts.consoleDir && existsSync(opts.consoleDir)
      ? sirv(opts.consoleDir, {
          single: true,
          gzip: false,
          setHeaders: (res, pathname) => {
            for (const [k, v] of Object.entries(CONSOLE_HEADERS)) res.setHeader(k, v);
            res.setHeader('cache-control', pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
          },
        })
      : null;
  if (opts.consoleDir && !consolePages) opts.log.warn({ dir: opts.consoleDir }, 'the console is not built (npm run console:build): only the API is served');
  const hubTokens = opts.hubGate ?? new SecretGate({ limits: HUB_GATE_LIMITS });
  const logins = opts.loginGuard ?? new LoginGuard();
  const proxies = new TrustedProxies(opts.trustedProxies ?? []);
  const limits: HttpLimits = { ...DEFAULT_HTTP_LIMITS, ...opts.httpLimits };
  const trpcHandler = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    createContext: ({ req, res }) => contextFor({ db: opts.db, hubTokens, logins, proxies, req, res, ssoEnabled: Boolean(opts.sso) }),
    onError: ({ error, path }) => {
      // The answer said only "internal error" and this id; the details are here, redacted (error-shape.ts).
      if (clientError(error).reason === 'internal') opts.log.error({ correlationId: correlationIdOf(error), path, error: errorForLog(error) }, 'request failed');
    },
    // Also checked before tRPC (below), with a coded answer; this is tRPC's own guard behind it.
    maxBatchSize: limits.maxBatch,
  });
  /** tRPC, behind the limits every request meets first. */
  const trpc = (req: IncomingMessage, res: ServerResponse) => {
    const procedures = proceduresOf(req.url ?? '/');
    const tooMany = batchRefusal(procedures, limits);
    if (tooMany) return refuse(req, res, tooMany);
    return trpcHandler(req, res);
  };
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/trpc/')) return trpc(req, res);
    if (req.url?.startsWith('/auth/oidc/')) return void sso(req, res);
    if (req.url === '/health') {
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ status: 'ok' }));
    }
    if (consolePages && (req.method === 'GET' || req.method === 'HEAD')) return consolePages(req, res);
    res.statusCode = 404;
    res.end('not found');
  });
  /** The browser's side of single sign-on: off to the provider, and back with a code. */
  async function sso(req: IncomingMessage, res: ServerResponse) {
    const service = opts.sso;
    if (!service) {
      res.statusCode = 404;
      return res.end('single sign-on is not configured');
    }
    try {
      if (req.url === '/auth/oidc/login') {
        const { url, browserCookie } = await service.start();
        res.setHeader('set-cookie', `hall_oidc=${browserCookie}; HttpOnly; SameSite=Lax; Path=/auth/oidc; Max-Age=600`);
        res.statusCode = 302;
        res.setHeader('location', url);
        return res.end();
      }
      if (req.url?.startsWith('/auth/oidc/callback')) {
        const s = await service.finish(new URL(req.url, `http://${req.headers.host ?? 'cloud'}`), cookiesOf(req).hall_oidc);
        res.setHeader('set-cookie', [`hall_session=${s.token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200`, `hall_csrf=${s.csrfToken}; SameSite=Strict; Path=/; Max-Age=43200`, 'hall_oidc=; Path=/auth/oidc; Max-Age=0']);
        res.statusCode = 302;
        res.setHeader('location', '/');
        return res.end();
      }
      res.statusCode = 404;
      res.end('not found');
    } catch (err) {
      res.statusCode = err instanceof AppError ? (err.code === 'FORBIDDEN' ? 403 : 401) : 502;
      if (!(err instanceof AppError)) opts.log.error({ err }, 'single sign-on failed');
      res.end(err instanceof AppError ? err.message : 'single sign-on failed');
    }
  }

  server.listen(opts.port, opts.host);
  await once(server, 'listening');
  return {
    port: (server.address() as { port: number }).port,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
