/** Sign-in, the org tree, users and grants, halls and hubs, the audit log. */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { moduleProcedure, publicProcedure, router, signedInProcedure } from '../../trpc.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { registerHall, registerHub } from '../halls/halls.service.ts';
import { accessRepository as repo } from './access.repository.ts';
import { audit, changePassword, createUser, login, logout, subtree, unitsAllowed } from './access.service.ts';
import { MODULES, ROLE_PERMISSIONS, ROLES } from './permissions.ts';
import { SESSION_SECONDS } from '../../cookies.ts';
import { text, timeZone } from '../../inputs.ts';

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'letters, digits, _ . -' });

export const authRouter = router({
  /** How one may sign in here: the login page shows the SSO button only when the cloud has a provider. */
  methods: publicProcedure.query(({ ctx }) => ({ password: true as const, sso: ctx.ssoEnabled ?? false })),
  login: publicProcedure
    .input(z.object({ username: text(64), password: z.string().min(1).max(256) }))
    .mutation(async ({ ctx, input }) => {
      const s = await login(ctx.db, ctx.logins, {
        username: input.username,
        password: input.password,
        source: ctx.source,
      });
      ctx.setCookie?.({ name: 'hall_session', value: s.token, maxAge: SESSION_SECONDS });
      ctx.setCookie?.({ name: 'hall_csrf', value: s.csrfToken, maxAge: SESSION_SECONDS });
      await audit(ctx.db, {
        userId: s.userId,
        action: 'auth.login',
        entity: 'user',
        entityId: s.userId,
        orgUnitId: (await repo.user(ctx.db, s.userId))?.orgUnitId ?? null,
      });
      // The session token stays in the httpOnly cookie: page scripts never see it.
      return { csrfToken: s.csrfToken };
    }),
  logout: signedInProcedure.mutation(async ({ ctx }) => {
    if (ctx.cookies.hall_session) await logout(ctx.db, ctx.cookies.hall_session);
    ctx.setCookie?.({ name: 'hall_session', value: '', maxAge: 0 });
    return { ok: true as const };
  }),
  me: signedInProcedure.query(({ ctx }) => ({
    id: ctx.user.id,
    username: ctx.user.username,
    name: ctx.user.name,
    orgUnitId: ctx.user.orgUnitId,
    grants: ctx.user.grants,
    csrfToken: ctx.user.csrfToken,
  })),
  changePassword: signedInProcedure
    .input(z.object({ current: z.string().min(1).max(256), next: z.string().min(1).max(256) }))
    .mutation(async ({ ctx, input }) => {
      await changePassword(ctx.db, ctx.logins, {
        userId: ctx.user.id,
        current: input.current,
        next: input.next,
        source: ctx.source,
      });
      return { ok: true as const };
    }),
});

export const orgRouter = router({
  /** The org units this user may see. */
  tree: moduleProcedure({ module: 'org', level: 'view', scope: 'any-unit' }).query(async ({ ctx }) => {
    const units = await repo.units(ctx.db);
    const visible = unitsAllowed(ctx.user, units, 'org', 'view');
    return units.filter((u) => visible.has(u.id));
  }),
  createUnit: moduleProcedure({ module: 'org', level: 'edit', scope: 'org-unit' })
    .input(z.object({ parentId: id, id, kind: z.enum(['region', 'hall']), name: text(60) }))
    .mutation(async ({ ctx, input }) => {
      await repo.insertUnit(ctx.db, {
        id: input.id,
        parentId: input.parentId,
        kind: input.kind,
        name: input.name,
        hallId: null,
      });
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'org.unit-created',
        entity: 'org_unit',
        entityId: input.id,
        orgUnitId: input.parentId,
        after: input,
      });
      return { id: input.id };
    }),
  /** A hall under a region: the hall, and its org unit. */
  registerHall: moduleProcedure({ module: 'org', level: 'edit', scope: 'org-unit' })
    .input(z.object({ parentId: id, hallId: id, name: text(60), timeZone: timeZone.default('Asia/Shanghai') }))
    .mutation(async ({ ctx, input }) => {
      await registerHall(ctx.db, { id: input.hallId, name: input.name, timeZone: input.timeZone });
      await repo.insertUnit(ctx.db, {
        id: `hall-${input.hallId}`,
        parentId: input.parentId,
        kind: 'hall',
        name: input.name,
        hallId: input.hallId,
      });
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'hall.registered',
        entity: 'hall',
        entityId: input.hallId,
        orgUnitId: input.parentId,
        after: input,
      });
      return { hallId: input.hallId, orgUnitId: `hall-${input.hallId}` };
    }),
  /** A hub for a hall; its token is shown once here and stored hashed. */
  registerHub: moduleProcedure({ module: 'devices', level: 'edit', scope: 'hall' })
    .input(z.object({ hallId: id, hubId: id }))
    .mutation(async ({ ctx, input }) => {
      const result = await registerHub(ctx.db, { id: input.hubId, hallId: input.hallId });
      const unit = await repo.unitOfHall(ctx.db, input.hallId);
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'hub.registered',
        entity: 'hub',
        entityId: input.hubId,
        orgUnitId: unit?.id ?? null,
        after: { hubId: input.hubId, hallId: input.hallId },
      });
      return result;
    }),
});

export const usersRouter = router({
  /** The users of a unit and the units below it, each with their grants. */
  list: moduleProcedure({ module: 'users', level: 'view', scope: 'org-unit' })
    .input(z.object({ orgUnitId: id }))
    .query(async ({ ctx, input }) => {
      const list = await repo.usersIn(ctx.db, [...subtree(await repo.units(ctx.db), input.orgUnitId)]);
      const grants = await repo.grantsOf(
        ctx.db,
        list.map((u) => u.id),
      );
      return list.map((u) => ({
        ...u,
        grants: grants.filter((g) => g.userId === u.id).map((g) => ({ role: g.role, orgUnitId: g.orgUnitId })),
      }));
    }),
  /** One user: themselves, or someone in a unit where the caller may view users. */
  get: moduleProcedure({ module: 'users', level: 'view', scope: 'self-or-org-unit' })
    .input(z.object({ userId: text(64) }))
    .query(async ({ ctx, input }) => {
      const u = await repo.user(ctx.db, input.userId);
      if (!u) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such user' });
      return { id: u.id, username: u.username, name: u.name, orgUnitId: u.orgUnitId, staffId: u.staffId };
    }),
  create: moduleProcedure({ module: 'users', level: 'edit', scope: 'org-unit' })
    .input(
      z.object({
        orgUnitId: id,
        username: id,
        name: text(60),
        password: z.string().max(256).optional(),
        staffId: id.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const userId = await createUser(ctx.db, input);
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'user.created',
        entity: 'user',
        entityId: userId,
        orgUnitId: input.orgUnitId,
        after: { username: input.username, name: input.name, staffId: input.staffId ?? null },
      });
      return { userId };
    }),
  grant: moduleProcedure({ module: 'users', level: 'edit', scope: 'org-unit' })
    .input(z.object({ orgUnitId: id, userId: text(64), role: z.enum(ROLES) }))
    .mutation(async ({ ctx, input }) => {
      await repo.grant(ctx.db, input);
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'user.role-granted',
        entity: 'user',
        entityId: input.userId,
        orgUnitId: input.orgUnitId,
        after: { role: input.role, orgUnitId: input.orgUnitId },
      });
      return { ok: true as const };
    }),
});

export const rolesRouter = router({
  /** The roles and what each may do per module: the permission matrix the admin page shows. */
  matrix: signedInProcedure.query(() => ({
    modules: MODULES,
    roles: ROLES.map((role) => ({ role, permissions: ROLE_PERMISSIONS[role] })),
  })),
});

export const roleGroupsRouter = router({
  list: moduleProcedure({ module: 'users', level: 'view', scope: 'any-unit' }).query(({ ctx }) =>
    repo.roleGroups(ctx.db),
  ),
  /**
   * A named bundle of roles (e.g. "hall lead" = hall manager + trainer), defined once for the whole
   * org: changing one changes what every grant of it means everywhere, so only someone granted user
   * administration at the root of the tree may.
   */
  put: moduleProcedure({ module: 'users', level: 'edit', scope: 'org-wide' })
    .input(z.object({ id, name: text(60), roles: z.array(z.enum(ROLES)).min(1) }))
    .mutation(async ({ ctx, input }) => {
      const before = await repo.roleGroup(ctx.db, input.id);
      await repo.upsertRoleGroup(ctx.db, input);
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'role-group.saved',
        entity: 'role_group',
        entityId: input.id,
        orgUnitId: null,
        before,
        after: input,
      });
      return { id: input.id };
    }),
  /** Grants every role of a group to a user over an org unit. */
  grant: moduleProcedure({ module: 'users', level: 'edit', scope: 'org-unit' })
    .input(z.object({ orgUnitId: id, userId: text(64), groupId: id }))
    .mutation(async ({ ctx, input }) => {
      const group = await repo.roleGroup(ctx.db, input.groupId);
      if (!group) throw new TRPCError({ code: 'NOT_FOUND', message: `no role group ${input.groupId}` });
      for (const role of group.roles)
        await repo.grant(ctx.db, { userId: input.userId, role, orgUnitId: input.orgUnitId });
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'user.group-granted',
        entity: 'user',
        entityId: input.userId,
        orgUnitId: input.orgUnitId,
        after: { groupId: input.groupId, roles: group.roles },
      });
      return { roles: group.roles };
    }),
});

export const auditRouter = router({
  list: moduleProcedure({ module: 'audit', level: 'view', scope: 'org-unit' })
    .input(z.object({ orgUnitId: id, limit: z.int().min(1).max(500).default(100) }))
    .query(async ({ ctx, input }) => {
      const rows = await repo.auditIn(ctx.db, [...subtree(await repo.units(ctx.db), input.orgUnitId)], input.limit);
      // Each entry in its hall's time zone (an entry above the halls has none: the console's own).
      const zones = new Map<string, string | null>();
      for (const hallId of new Set(rows.map((r) => r.hallId).filter((h): h is string => h !== null)))
        zones.set(hallId, (await hallsRepository.hall(ctx.db, hallId))?.timeZone ?? null);
      return rows.map(({ targetUser, targetUnit, targetGroup, hallId, ...r }) => ({
        ...r,
        /** The entity's display name (a user's name, a hall's or unit's, a role group's), else null. */
        entityName: targetUser ?? targetUnit ?? targetGroup ?? null,
        timeZone: hallId ? (zones.get(hallId) ?? null) : null,
      }));
    }),
});
