/**
 * The cloud's one tRPC instance. Every procedure declares the permission it needs as meta
 * (`{ permission }`, see modules/access/permissions.ts); one middleware enforces it, including the org
 * scope of the target, and a test walks the router to prove every procedure declares one. AppError
 * codes become tRPC errors in one place. Browser sessions are an httpOnly cookie; every mutation by a
 * signed-in user must echo the session's CSRF token in `x-csrf-token`.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from './db/client.ts';
import { cookie, type CookieSpec } from './cookies.ts';
import { clientError } from './error-shape.ts';
import { AppError } from './errors.ts';
import { RateWindow } from './rate-window.ts';
import { accessRepository } from './modules/access/access.repository.ts';
import { allows, sessionUser, type SessionUser } from './modules/access/access.service.ts';
import type { LoginGuard } from './modules/access/login-guard.ts';
import type { Permission } from './modules/access/permissions.ts';
import type { Jobs } from './modules/jobs/jobs.service.ts';
import { hallsRepository } from './modules/halls/halls.repository.ts';
import { staffRepository } from './modules/staff/staff.repository.ts';
import { refusalDelayMs, type SecretGate } from '@hall/devices/secrets';
import { originOf, type TrustedProxies } from './request-origin.ts';

export interface CloudContext {
  db: Db;
  authorization: string | null;
  cookies: Record<string, string>;
  csrfHeader: string | null;
  /** Every hub token is checked through it (rate limits before any hash, off the event loop). */
  hubTokens: SecretGate;
  /** Every password check goes through it (with the login_throttle table). */
  logins: LoginGuard;
  /** The client's address (request-origin.ts) the rate limits key on; null for in-process callers. */
  source: string | null;
  /** The hub the server already authenticated before reading the body (server.ts). */
  authenticatedHub?: AuthenticatedHub;
  /** Response headers from procedures (Retry-After); absent when called in-process. */
  setHeader?: (name: string, value: string) => void;
  /** Set-Cookie from procedures (login, logout); absent when called in-process. */
  setCookie?: (cookie: CookieSpec) => void;
  /** Single sign-on is configured (the login page shows its button). */
  ssoEnabled?: boolean;
  /** Tests and in-process callers may pass a user directly. */
  user?: SessionUser | null;
  /** This process's jobs (wake-up on retry, an immediate abort on cancel); absent: the database alone. */
  jobs?: Jobs;
}

export interface Meta {
  permission: Permission;
}

export function cookiesOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

export interface AuthenticatedHub {
  id: string;
  hallId: string;
}

export function contextFor(opts: {
  db: Db;
  hubTokens: SecretGate;
  logins: LoginGuard;
  proxies: TrustedProxies;
  req: IncomingMessage;
  res: ServerResponse;
  ssoEnabled?: boolean;
  secureCookies?: 'auto' | 'always';
  authenticatedHub?: AuthenticatedHub;
  jobs?: Jobs;
}): CloudContext {
  const { req, res } = opts;
  const cookies: string[] = [];
  const origin = originOf(req, opts.proxies);
  return {
    db: opts.db,
    ssoEnabled: opts.ssoEnabled ?? false,
    hubTokens: opts.hubTokens,
    ...(opts.authenticatedHub ? { authenticatedHub: opts.authenticatedHub } : {}),
    ...(opts.jobs ? { jobs: opts.jobs } : {}),
    logins: opts.logins,
    source: origin.source,
    setHeader: (name, value) => res.setHeader(name, value),
    authorization: req.headers.authorization ?? null,
    cookies: cookiesOf(req),
    csrfHeader: (req.headers['x-csrf-token'] as string | undefined) ?? null,
    setCookie: (c) => {
      cookies.push(cookie(c, origin.https || opts.secureCookies === 'always'));
      res.setHeader('set-cookie', cookies);
    },
  };
}

/**
 * Every answer's error: a code, a stable reason, a message naming the fields (error-shape.ts); for an
 * unexpected error only "internal error" and the correlation id the log has. `isDev: false`, whatever
 * NODE_ENV says: stacks stay in the server log.
 */
const t = initTRPC
  .context<CloudContext>()
  .meta<Meta>()
  .create({
    isDev: false,
    errorFormatter: ({ shape, error }) => {
      const { message, ...coded } = clientError(error);
      return {
        code: shape.code,
        message,
        data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, ...coded },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const errors = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    if (cause.retryAfterMs !== undefined)
      ctx.setHeader?.('retry-after', String(Math.max(1, Math.ceil(cause.retryAfterMs / 1_000))));
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});

/** Resolves the org unit a call targets, by the procedure's declared scope. */
async function targetUnit(
  db: Db,
  scope: Extract<Permission, { kind: 'module' }>['scope'],
  input: Record<string, unknown>,
): Promise<string | null | 'missing'> {
  if (scope === 'any-unit') return null;
  if (scope === 'org-wide') return (await accessRepository.units(db)).find((u) => u.parentId === null)?.id ?? 'missing';
  if (scope === 'hall') {
    const unit = typeof input.hallId === 'string' ? await accessRepository.unitOfHall(db, input.hallId) : null;
    return unit?.id ?? 'missing';
  }
  if (scope === 'employee') {
    const employee =
      typeof input.employeeId === 'string' ? await staffRepository.get(db, input.employeeId.slice(0, 64)) : null;
    const unit = employee ? await accessRepository.unitOfHall(db, employee.hallId) : null;
    return unit?.id ?? 'missing';
  }
  if (scope === 'self-or-org-unit') {
    const user = typeof input.userId === 'string' ? await accessRepository.user(db, input.userId) : null;
    return user?.orgUnitId ?? 'missing';
  }
  const id = input.orgUnitId ?? input.parentId;
  if (typeof id !== 'string') return 'missing';
  return (await accessRepository.unit(db, id)) ? id : 'missing';
}

const enforce = t.middleware(async ({ ctx, meta, type, getRawInput, next }) => {
  const permission = meta?.permission;
  if (!permission)
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'procedure without a declared permission' });
  if (permission.kind === 'public') return next();
  if (permission.kind === 'hub') {
    const hub = ctx.authenticatedHub ?? (await authenticateHub(ctx));
    return next({ ctx: { hub: { id: hub.id, hallId: hub.hallId } } });
  }
  const user =
    ctx.user !== undefined
      ? ctx.user
      : ctx.cookies.hall_session
        ? await sessionUser(ctx.db, ctx.cookies.hall_session)
        : null;
  if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first' });
  // A browser mutation must carry the session's CSRF token (double submit); in-process callers pass the user.
  if (type === 'mutation' && ctx.user === undefined && ctx.csrfHeader !== user.csrfToken)
    throw new TRPCError({ code: 'FORBIDDEN', message: 'x-csrf-token header missing or wrong' });
  if (permission.kind === 'module') {
    const input = ((await getRawInput()) ?? {}) as Record<string, unknown>;
    if (permission.scope === 'self-or-org-unit' && input.userId === user.id) return next({ ctx: { user } });
    if (permission.scope === 'employee' && permission.level === 'view' && typeof input.employeeId === 'string') {
      const employee = await staffRepository.get(ctx.db, input.employeeId.slice(0, 64));
      if (employee?.userId === user.id) return next({ ctx: { user } });
    }
    const unit = await targetUnit(ctx.db, permission.scope, input);
    if (unit === 'missing') throw new TRPCError({ code: 'NOT_FOUND', message: 'no such org unit, hall or user' });
    const ok =
      unit === null
        ? user.grants.length > 0 && (await anyAllows(ctx.db, user, permission))
        : await allows(ctx.db, user, permission.module, permission.level, unit);
    if (!ok)
      throw new TRPCError({ code: 'FORBIDDEN', message: `needs ${permission.level} on ${permission.module} here` });
  }
  return next({ ctx: { user } });
});

const HUB_BEARER = /^Bearer ([A-Za-z0-9][A-Za-z0-9_-]{0,63}):([A-Za-z0-9_-]{1,256})$/;

/**
 * `Authorization: Bearer <hubId>:<token>`, checked through the secret gate: a source or hub that keeps
 * failing is refused before any hash is computed, an unknown hub costs the same as a wrong token, and
 * the scrypt runs on the thread pool. The gate's identity is the hub *from this source*, so guesses from
 * elsewhere cannot lock the real hub out of its own sync (its tokens are 192 random bits: the limits
 * are about CPU, not about guessing).
 */
export async function authenticateHub(
  ctx: Pick<CloudContext, 'db' | 'authorization' | 'hubTokens' | 'source' | 'setHeader'>,
): Promise<AuthenticatedHub> {
  const m = HUB_BEARER.exec(ctx.authorization ?? '');
  if (!m) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'a hub token is required' });
  const [, hubId, token] = m as unknown as [string, string, string];
  const identity = `hub:${hubId}@${ctx.source ?? 'local'}`;
  // A source in backoff costs nothing more: no database lookup, no hash; its answer is held back a
  // moment, so a flooder that retries at once makes one attempt a second, not hundreds.
  let answer = ctx.hubTokens.limited({ identity, source: ctx.source, generated: true });
  let hub: Awaited<ReturnType<typeof hallsRepository.hub>> = null;
  if (!answer) {
    hub = await hallsRepository.hub(ctx.db, hubId);
    answer = await ctx.hubTokens.check({
      identity,
      source: ctx.source,
      secret: token,
      stored: hub?.tokenHash ?? null,
      generated: true,
    });
  }
  const delay = refusalDelayMs(answer);
  if (delay > 0) await new Promise((r) => setTimeout(r, delay).unref());
  if (answer.result === 'ok' && hub) return { id: hub.id, hallId: hub.hallId };
  if (answer.result === 'limited')
    throw tooMany(ctx, answer.retryAfterMs, 'too-many-attempts', 'too many wrong hub tokens from here');
  if (answer.result === 'busy') throw tooMany(ctx, 1_000, 'busy', 'too many sign-ins at once');
  throw new TRPCError({ code: 'UNAUTHORIZED', message: 'a hub token is required' });
}

/** TOO_MANY_REQUESTS with a Retry-After header (whole seconds, at least one). */
export function tooMany(
  ctx: Pick<CloudContext, 'setHeader'>,
  retryAfterMs: number,
  reason: 'too-many-attempts' | 'busy',
  message: string,
) {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1_000));
  ctx.setHeader?.('retry-after', String(seconds));
  return new TRPCError({
    code: 'TOO_MANY_REQUESTS',
    message: `${message}; try again in ${seconds} s`,
    cause: new AppError('TOO_MANY_REQUESTS', `${message}; try again in ${seconds} s`, {
      reason,
      retryAfterMs: seconds * 1_000,
    }),
  });
}

async function anyAllows(db: Db, user: SessionUser, p: Extract<Permission, { kind: 'module' }>) {
  for (const g of user.grants) if (await allows(db, user, p.module, p.level, g.orgUnitId)) return true;
  return false;
}

const base = t.procedure.use(errors).use(enforce);

const costlyWindows = new Map<string, RateWindow>();
/**
 * A per-user budget per minute for a read that costs seconds of the database or the CPU (a KPI preview
 * over a month of every hall, a league over a region, a PDF): beyond it, 429 with Retry-After. Per
 * process, like every in-memory bound here.
 */
export const costly = (name: string, perMinute: number) =>
  t.middleware(({ ctx, next }) => {
    let w = costlyWindows.get(name);
    if (!w) costlyWindows.set(name, (w = new RateWindow(perMinute)));
    const user = (ctx as unknown as { user?: SessionUser | null }).user;
    const wait = w.take(user ? `user:${user.id}` : `address:${ctx.source ?? 'local'}`);
    if (wait) throw tooMany(ctx, wait * 1_000, 'too-many-attempts', `too many ${name} requests`);
    return next();
  });

export const publicProcedure = base.meta({ permission: { kind: 'public' } });
export const hubProcedure = base
  .meta({ permission: { kind: 'hub' } })
  .use(({ ctx, next }) => next({ ctx: { hub: (ctx as unknown as { hub: { id: string; hallId: string } }).hub } }));
export const signedInProcedure = base
  .meta({ permission: { kind: 'signed-in' } })
  .use(({ ctx, next }) => next({ ctx: { user: (ctx as unknown as { user: SessionUser }).user } }));
/** A procedure of a module at a level, scoped to the org unit its input names. */
export const moduleProcedure = (permission: Omit<Extract<Permission, { kind: 'module' }>, 'kind'>) =>
  base
    .meta({ permission: { kind: 'module', ...permission } })
    .use(({ ctx, next }) => next({ ctx: { user: (ctx as unknown as { user: SessionUser }).user } }));
