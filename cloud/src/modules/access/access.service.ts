/**
 * Access decisions and account rules: password login (argon2id), lockout, password policy, sessions,
 * scoped permission checks over the org tree, and the audit log every mutation writes.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { Db } from '../../db/client.ts';
import { AppError, type ErrorDetail } from '../../errors.ts';
import { accessRepository as repo } from './access.repository.ts';
import type { LoginGuard } from './login-guard.ts';
import { roleAllows, type Level, type Module, type Role } from './permissions.ts';

const SESSION_HOURS = 12;

export interface SessionUser {
  id: string;
  username: string;
  name: string;
  orgUnitId: string;
  staffId: string | null;
  grants: Array<{ role: Role; orgUnitId: string }>;
  csrfToken: string;
}

export const PASSWORD_MIN_LENGTH = 10;

/** Password policy: long enough, not the username, not all one kind of character. */
export function checkPasswordPolicy(password: string, username: string): string | null {
  return passwordProblem(password, username)?.message ?? null;
}

function passwordProblem(password: string, username: string): { message: string; detail: ErrorDetail } | null {
  if (password.length < PASSWORD_MIN_LENGTH)
    return {
      message: `password: at least ${PASSWORD_MIN_LENGTH} characters`,
      detail: { code: 'password-too-short', params: { min: PASSWORD_MIN_LENGTH } },
    };
  if (password.toLowerCase().includes(username.toLowerCase()))
    return { message: 'password: must not contain the username', detail: { code: 'password-contains-username' } };
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (kinds < 3)
    return {
      message: 'password: use at least three of lower case, upper case, digits and symbols',
      detail: { code: 'password-too-simple' },
    };
  return null;
}

/** The policy's refusal as an error naming the field, with a code the console translates. */
function passwordError(password: string, username: string, field: string): AppError | null {
  const problem = passwordProblem(password, username);
  return problem ? new AppError('BAD_REQUEST', problem.message, { fields: [field], detail: problem.detail }) : null;
}

export const hashPassword = (password: string) => argonHash(password, { algorithm: 2 });
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function createUser(
  db: Db,
  u: { username: string; name: string; password?: string; orgUnitId: string; staffId?: string },
): Promise<string> {
  if (u.password) {
    const problem = passwordError(u.password, u.username, 'password');
    if (problem) throw problem;
  }
  if (await repo.userByName(db, u.username))
    throw new AppError('CONFLICT', `username ${u.username} is taken`, {
      fields: ['username'],
      detail: { code: 'username-taken', params: { username: u.username } },
    });
  const id = randomUUID();
  await repo.insertUser(db, {
    id,
    username: u.username,
    name: u.name,
    orgUnitId: u.orgUnitId,
    staffId: u.staffId ?? null,
    passwordHash: u.password ? await hashPassword(u.password) : null,
    passwordChangedAt: new Date(),
  });
  return id;
}

/** A sign-in attempt: who, with what, from where (`null`: an in-process caller). */
export interface PasswordAttempt {
  username: string;
  password: string;
  source: string | null;
}

const tooMany = (retryAfterMs: number, message: string, reason: 'too-many-attempts' | 'busy' = 'too-many-attempts') =>
  new AppError('TOO_MANY_REQUESTS', `${message}; try again in ${Math.max(1, Math.ceil(retryAfterMs / 1_000))} s`, {
    reason,
    retryAfterMs: Math.max(1_000, retryAfterMs),
  });

/**
 * Checks a password the way every sign-in must (see login-guard.ts for the in-process half):
 * 1. the source's backoff over all accounts;
 * 2. the attempt is counted against (username, source) *before* the password is checked, atomically
 *    (one INSERT … ON CONFLICT DO UPDATE … RETURNING): past `attempts` in the window the attempt is
 *    refused unchecked, so 40 wrong and 1 right password sent at once (a batch, parallel requests, or
 *    several replicas) get at most `attempts` checks and no session. The lock holds this source only:
 *    strangers cannot lock the administrator out from elsewhere;
 * 3. an account under attack from many sources slows down (one attempt per growing gap) for sources
 *    that have not signed in to it before; familiar sources are spared;
 * 4. argon2 within the guard's budget, against a dummy hash for an unknown or password-less user.
 * Answers the user when the password is right, null when it is not; throws TOO_MANY_REQUESTS.
 */
export async function checkPassword(db: Db, guard: LoginGuard, a: PasswordAttempt, now = new Date()) {
  const limits = guard.limits;
  const source = a.source ?? 'local';
  const wait = guard.sourceWait(source);
  if (wait > 0) throw tooMany(wait, 'too many failed sign-ins from here');
  const windowMs = limits.lockMinutes * 60_000;
  const windowStart = new Date(now.getTime() - windowMs);
  const reserved = await repo.reserveLoginAttempt(db, {
    username: a.username,
    source,
    now,
    windowStart,
    attempts: limits.attempts,
  });
  if (reserved.failures > limits.attempts) {
    const until = (reserved.lastFailureAt ?? now).getTime() + windowMs;
    throw tooMany(until - now.getTime(), 'too many failed sign-ins for this account from here');
  }
  const familiar =
    reserved.lastSuccessAt !== null &&
    reserved.lastSuccessAt.getTime() > now.getTime() - limits.familiarDays * 86_400_000;
  if (!familiar) {
    const account = await repo.accountThrottle(db, a.username);
    const hot =
      account !== null &&
      account.failures >= limits.accountFree &&
      account.lastFailureAt !== null &&
      account.lastFailureAt > windowStart;
    if (hot) {
      const gap = Math.min(
        limits.maxSlowdownMs,
        limits.slowdownMs * 2 ** Math.min(account.failures - limits.accountFree, 30),
      );
      if (!(await repo.takeAccountSlot(db, { username: a.username, now, next: new Date(now.getTime() + gap) }))) {
        await repo.releaseLoginAttempt(db, a.username, source);
        throw tooMany(
          (account.nextSlotAt?.getTime() ?? now.getTime() + gap) - now.getTime(),
          'this account is under attack: sign-ins from new places are slowed down',
        );
      }
    }
  }
  const end = guard.begin();
  if (!end) {
    await repo.releaseLoginAttempt(db, a.username, source);
    throw tooMany(1_000, 'too many sign-ins at once', 'busy');
  }
  let ok: boolean;
  let user: Awaited<ReturnType<typeof repo.userByName>>;
  try {
    user = await repo.userByName(db, a.username);
    const usable = user !== null && !user.disabled && user.passwordHash !== null;
    // An unknown, disabled or password-less user costs one argon2 like anyone else.
    const verified = await argonVerify(
      usable && user?.passwordHash ? user.passwordHash : await guard.dummyHash(),
      a.password,
    );
    ok = usable && verified;
  } finally {
    end();
  }
  if (ok && user) {
    await repo.loginSucceeded(db, a.username, source, now);
    return user;
  }
  guard.sourceFailed(source);
  await repo.accountFailed(db, a.username, now, windowStart);
  if (user) {
    const locked = reserved.failures === limits.attempts;
    await repo.audit(db, {
      userId: user.id,
      action: locked ? 'auth.locked' : 'auth.failed',
      entity: 'user',
      entityId: user.id,
      orgUnitId: user.orgUnitId,
      after: {
        failedLogins: reserved.failures,
        source,
        ...(locked ? { lockedUntil: new Date(now.getTime() + windowMs).toISOString() } : {}),
      },
    });
  }
  return null;
}

/** Signs in with a password; returns a new session token. Wrong passwords count towards a lockout. */
export async function login(
  db: Db,
  guard: LoginGuard,
  a: PasswordAttempt,
  now = new Date(),
): Promise<{ token: string; csrfToken: string; userId: string }> {
  const user = await checkPassword(db, guard, a, now);
  // The same answer for an unknown user and a wrong password: no account enumeration.
  if (!user) throw new AppError('UNAUTHORIZED', 'wrong username or password', { reason: 'wrong-credentials' });
  return openSession(db, user.id, now);
}

export async function openSession(db: Db, userId: string, now = new Date()) {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(16).toString('base64url');
  await repo.insertSession(db, {
    tokenHash: sha256(token),
    userId,
    csrfToken,
    expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000),
  });
  return { token, csrfToken, userId };
}

export async function sessionUser(db: Db, token: string, now = new Date()): Promise<SessionUser | null> {
  const session = await repo.session(db, sha256(token), now);
  if (!session) return null;
  const user = await repo.user(db, session.userId);
  if (!user || user.disabled) return null;
  const grants = (await repo.grants(db, user.id)).map((g) => ({ role: g.role as Role, orgUnitId: g.orgUnitId }));
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    orgUnitId: user.orgUnitId,
    staffId: user.staffId,
    grants,
    csrfToken: session.csrfToken,
  };
}

export const logout = (db: Db, token: string) => repo.deleteSession(db, sha256(token));

export async function changePassword(
  db: Db,
  guard: LoginGuard,
  c: { userId: string; current: string; next: string; source: string | null },
) {
  const { next } = c;
  const found = await repo.user(db, c.userId);
  const user =
    found && (await checkPassword(db, guard, { username: found.username, password: c.current, source: c.source }));
  if (!user)
    throw new AppError('UNAUTHORIZED', 'current password: wrong', { reason: 'wrong-credentials', fields: ['current'] });
  const problem = passwordError(next, user.username, 'next');
  if (problem) throw problem;
  const userId = user.id;
  await repo.updateUser(db, userId, { passwordHash: await hashPassword(next), passwordChangedAt: new Date() });
  // Every other session ends with the old password.
  await repo.deleteSessionsOf(db, userId);
  await repo.audit(db, {
    userId,
    action: 'auth.password-changed',
    entity: 'user',
    entityId: userId,
    orgUnitId: user.orgUnitId,
  });
}

/** The org unit and all units below it. */
export function subtree(units: ReadonlyArray<{ id: string; parentId: string | null }>, rootId: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const u of units) if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  const out = new Set<string>();
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop() as string;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/** The org units where `user` has `level` on `module`. */
export function unitsAllowed(
  user: SessionUser,
  units: ReadonlyArray<{ id: string; parentId: string | null }>,
  module: Module,
  level: Level,
): Set<string> {
  const out = new Set<string>();
  for (const g of user.grants)
    if (roleAllows(g.role, module, level)) for (const id of subtree(units, g.orgUnitId)) out.add(id);
  return out;
}

export async function allows(
  db: Db,
  user: SessionUser,
  module: Module,
  level: Level,
  orgUnitId: string | null,
): Promise<boolean> {
  const units = await repo.units(db);
  const allowed = unitsAllowed(user, units, module, level);
  if (orgUnitId === null)
    return user.grants.some(
      (g) => roleAllows(g.role, module, level) && units.find((u) => u.id === g.orgUnitId)?.parentId === null,
    );
  return allowed.has(orgUnitId);
}

export async function audit(
  db: Db,
  row: {
    userId: string | null;
    action: string;
    entity: string;
    entityId: string;
    orgUnitId: string | null;
    before?: unknown;
    after?: unknown;
  },
) {
  await repo.audit(db, { ...row, before: row.before ?? null, after: row.after ?? null });
}

/** The root of the org tree (HQ), created if the organisation is still empty. */
export async function ensureRootUnit(db: Db): Promise<string> {
  const root = (await repo.units(db)).find((x) => x.parentId === null);
  if (root) return root.id;
  await repo.insertUnit(db, { id: 'hq', parentId: null, kind: 'hq', name: '总部 HQ', hallId: null });
  return 'hq';
}

/** An administrator over the whole organisation. */
export async function addAdministrator(
  db: Db,
  u: { username: string; name: string; password: string },
): Promise<string> {
  const rootId = await ensureRootUnit(db);
  const id = await createUser(db, { username: u.username, name: u.name, password: u.password, orgUnitId: rootId });
  await repo.grant(db, { userId: id, role: 'administrator', orgUnitId: rootId });
  await audit(db, {
    userId: null,
    action: 'user.administrator-created',
    entity: 'user',
    entityId: id,
    orgUnitId: rootId,
    after: { username: u.username },
  });
  return id;
}

/** A registered hall's place in the org tree (under `parentId`, or HQ); kept if it already has one. */
/** A region under the root unit (HQ), unless a unit with this id exists. */
export async function ensureRegionUnit(db: Db, region: { id: string; name: string }): Promise<string> {
  if (await repo.unit(db, region.id)) return region.id;
  const parentId = await ensureRootUnit(db);
  await repo.insertUnit(db, { id: region.id, parentId, kind: 'region', name: region.name, hallId: null });
  await audit(db, {
    userId: null,
    action: 'org.unit-created',
    entity: 'org_unit',
    entityId: region.id,
    orgUnitId: parentId,
    after: { ...region, kind: 'region' },
  });
  return region.id;
}

export async function ensureHallUnit(
  db: Db,
  hall: { hallId: string; name: string; parentId?: string },
): Promise<string> {
  const existing = await repo.unitOfHall(db, hall.hallId);
  if (existing) return existing.id;
  const parentId = hall.parentId ?? (await ensureRootUnit(db));
  const id = `hall-${hall.hallId}`;
  await repo.insertUnit(db, { id, parentId, kind: 'hall', name: hall.name, hallId: hall.hallId });
  await audit(db, {
    userId: null,
    action: 'hall.registered',
    entity: 'hall',
    entityId: hall.hallId,
    orgUnitId: parentId,
    after: hall,
  });
  return id;
}
