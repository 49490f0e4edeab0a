/**
 * The cloud's HTTP server: tRPC at /trpc, blobs (photos) at /blobs, single sign-on at /auth/oidc, /health,
 * and the console at /.
 */
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { getTRPCErrorFromUnknown, type TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { Logger } from 'pino';
import sirv from 'sirv';
import { appRouter } from './app.router.ts';
import type { Db } from './db/client.ts';
import { SecretGate } from '@hall/devices/secrets';
import { cookie, SESSION_SECONDS } from './cookies.ts';
import { clientError, correlationIdOf, errorForLog } from './error-shape.ts';
import { AppError } from './errors.ts';
import { LoginGuard } from './modules/access/login-guard.ts';
import {
  batchRefusal,
  bodyLimitOf,
  closeUnreadBodies,
  DEFAULT_HTTP_LIMITS,
  lengthRefusal,
  proceduresOf,
  refuse,
  type HttpLimits,
} from './http-limits.ts';
import { originOf, TrustedProxies } from './request-origin.ts';
import type { SsoService } from './modules/access/sso.service.ts';
import type { Jobs } from './modules/jobs/jobs.service.ts';
import type { BlobStore } from './modules/blobs/blob-store.ts';
import { blobRoutes } from './modules/blobs/blobs.http.ts';
import { authenticateHub, contextFor, cookiesOf, type AuthenticatedHub, type Meta } from './trpc.ts';

export interface CloudServer {
  port: number;
  stop(): Promise<void>;
}

/** Headers of every console response: no framing, no sniffing, scripts and styles from this origin only. */
const CONSOLE_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
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
  /** `always`: every cookie Secure; `auto` (default): when the request came over HTTPS (CLOUD_SECURE_COOKIES). */
  secureCookies?: 'auto' | 'always';
  /** Batch and body bounds (CLOUD_MAX_BATCH, CLOUD_MAX_*BODY_BYTES). */
  httpLimits?: Partial<HttpLimits>;
  /** This process's background jobs (the 任务 page wakes and aborts through it). */
  jobs?: Jobs;
  /** Where blob bytes live (`PUT`/`GET /blobs/<sha256>`); without one those paths are not served. */
  blobStore?: BlobStore;
  /** Blob requests per minute per caller (tests lower them); default 240 PUTs, 600 GETs. */
  blobRates?: { putPerMinute: number; getPerMinute: number };
}

/**
 * Hub token checks: scrypt (~40 ms of one core each) on libuv's four threads, which argon2 logins and
 * file I/O share: a few at once and a budget per second, so that a flood of wrong tokens is refused
 * cheaply instead of taking the cores from everything else.
 */
const HUB_GATE_LIMITS = { perSecond: 20, maxPending: 4 };

/** The procedures hubs call with their own token. */
const HUB_PROCEDURES = new Set(
  Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: Meta } }>)
    .filter(([, p]) => p._def.meta?.permission.kind === 'hub')
    .map(([path]) => path),
);

/** A refusal made before tRPC, shaped as tRPC shapes errors (error-shape.ts). */
function answerError(res: ServerResponse, err: unknown) {
  const error = getTRPCErrorFromUnknown(err);
  const status = getHTTPStatusCodeFromError(error);
  const { message, ...coded } = clientError(error);
  const body = JSON.stringify({
    error: {
      code: TRPC_ERROR_CODES_BY_KEY[error.code],
      message,
      data: { code: error.code, httpStatus: status, ...coded },
    },
  });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export async function startCloudServer(opts: CloudServerOptions): Promise<CloudServer> {
  // The console is a single-page app: unknown paths get index.html; hashed assets are cached for good.
  const consolePages =
    opts.consoleDir && existsSync(opts.consoleDir)
      ? sirv(opts.consoleDir, {
          single: true,
          gzip: false,
          setHeaders: (res, pathname) => {
            for (const [k, v] of Object.entries(CONSOLE_HEADERS)) res.setHeader(k, v);
            res.setHeader(
              'cache-control',
              pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
            );
          },
        })
      : null;
  if (opts.consoleDir && !consolePages)
    opts.log.warn({ dir: opts.consoleDir }, 'the console is not built (npm run console:build): only the API is served');
  const hubTokens = opts.hubGate ?? new SecretGate({ limits: HUB_GATE_LIMITS });
  const logins = opts.loginGuard ?? new LoginGuard();
  const proxies = new TrustedProxies(opts.trustedProxies ?? []);
  const limits: HttpLimits = { ...DEFAULT_HTTP_LIMITS, ...opts.httpLimits };
  const common = {
    router: appRouter,
    basePath: '/trpc/',
    createContext: ({ req, res }: { req: IncomingMessage; res: ServerResponse }) => {
      const authenticatedHub = preauthenticated.get(req);
      return contextFor({
        db: opts.db,
        hubTokens,
        logins,
        proxies,
        req,
        res,
        ssoEnabled: Boolean(opts.sso),
        secureCookies: opts.secureCookies ?? 'auto',
        ...(authenticatedHub ? { authenticatedHub } : {}),
        ...(opts.jobs ? { jobs: opts.jobs } : {}),
      });
    },
    onError: ({ error, path }: { error: TRPCError; path: string | undefined }) => {
      // The answer said only "internal error" and this id; the details are here, redacted (error-shape.ts).
      if (clientError(error).reason === 'internal')
        opts.log.error({ correlationId: correlationIdOf(error), path, error: errorForLog(error) }, 'request failed');
    },
    // Also checked before tRPC (below), with a coded answer; this is tRPC's own guard behind it.
    maxBatchSize: limits.maxBatch,
  };
  // One handler per body bound: tRPC's reader stops at `maxBodySize` while streaming (PAYLOAD_TOO_LARGE).
  const handlers = new Map<number, ReturnType<typeof createHTTPHandler>>();
  const handlerFor = (maxBodySize: number) => {
    let h = handlers.get(maxBodySize);
    if (!h) handlers.set(maxBodySize, (h = createHTTPHandler({ ...common, maxBodySize })));
    return h;
  };
  /**
   * tRPC, behind the limits every request meets first (http-limits.ts). A request that calls only hub
   * procedures (ingest batches are the large bodies) is authenticated before its body is read, so an
   * unknown caller's body is never taken in.
   */
  const preauthenticated = new WeakMap<IncomingMessage, AuthenticatedHub>();
  const trpc = async (req: IncomingMessage, res: ServerResponse) => {
    const procedures = proceduresOf(req.url ?? '/');
    const bodyLimit = bodyLimitOf(procedures, limits);
    const refusal = batchRefusal(procedures, limits) ?? lengthRefusal(req, bodyLimit);
    if (refusal) return refuse(req, res, refusal);
    closeUnreadBodies(req, res);
    if (procedures.length > 0 && procedures.every((p) => HUB_PROCEDURES.has(p))) {
      try {
        const source = originOf(req, proxies).source;
        preauthenticated.set(
          req,
          await authenticateHub({
            db: opts.db,
            hubTokens,
            source,
            authorization: req.headers.authorization ?? null,
            setHeader: (k, v) => res.setHeader(k, v),
          }),
        );
      } catch (err) {
        return answerError(res, err);
      }
    }
    return handlerFor(bodyLimit)(req, res);
  };
  const blobs = opts.blobStore
    ? blobRoutes({
        db: opts.db,
        store: opts.blobStore,
        hubTokens,
        proxies,
        answerError,
        log: opts.log,
        ...(opts.blobRates ? { rates: opts.blobRates } : {}),
      })
    : null;
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/trpc/')) return void trpc(req, res);
    if (blobs && req.url?.startsWith('/blobs/') && blobs(req, res)) return;
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
    const secure = opts.secureCookies === 'always' || originOf(req, proxies).https;
    try {
      if (req.url === '/auth/oidc/login') {
        const { url, browserCookie } = await service.start();
        res.setHeader('set-cookie', cookie({ name: 'hall_oidc', value: browserCookie, maxAge: 600 }, secure));
        res.statusCode = 302;
        res.setHeader('location', url);
        return res.end();
      }
      if (req.url?.startsWith('/auth/oidc/callback')) {
        const s = await service.finish(
          new URL(req.url, `http://${req.headers.host ?? 'cloud'}`),
          cookiesOf(req).hall_oidc,
        );
        res.setHeader('set-cookie', [
          cookie({ name: 'hall_session', value: s.token, maxAge: SESSION_SECONDS }, secure),
          cookie({ name: 'hall_csrf', value: s.csrfToken, maxAge: SESSION_SECONDS }, secure),
          cookie({ name: 'hall_oidc', value: '', maxAge: 0 }, secure),
        ]);
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
