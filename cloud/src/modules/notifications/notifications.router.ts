/**
 * Notifications: channel accounts (系统维护, administrators), routing rules (alerts, at their unit),
 * contact details and subscriptions (one's own; user administrators everyone's), the delivery log.
 */
import { z } from 'zod';
import { text } from '../../inputs.ts';
import { moduleProcedure, router, signedInProcedure } from '../../trpc.ts';
import { CHANNEL_KINDS, MESSAGE_STATUSES, SEVERITIES } from './notifications.table.ts';
import {
  createRule,
  deleteChannel,
  deleteRule,
  deliveryLog,
  getProfile,
  listChannels,
  listProfiles,
  listRules,
  outboxSummary,
  resendMessage,
  saveChannel,
  saveProfile,
  sendTestMessage,
  subscribableUnits,
  updateRule,
} from './notifications.service.ts';

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, { error: 'letters, digits, _ . : -' });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'a time as HH:MM' });

/** Settings are checked per kind by the service (channels/index.ts); here only their size. */
const settings = z
  .record(
    z.string().max(40),
    z.union([
      z.string().max(500),
      z.number(),
      z.boolean(),
      z.array(z.string().max(64)).max(10),
      z.record(z.string().max(40), z.string().max(64)),
    ]),
  )
  .refine((o) => Object.keys(o).length <= 20, { error: 'at most 20 settings' });
const secrets = z
  .record(z.string().max(40), z.string().max(500))
  .refine((o) => Object.keys(o).length <= 5, { error: 'at most 5 secrets' });

const ruleInput = z.object({
  orgUnitId: id,
  alarmRule: id.nullable(),
  minSeverity: z.enum(SEVERITIES),
  recipients: z
    .array(z.object({ kind: z.enum(['user', 'role']), id }))
    .min(1)
    .max(50),
  channels: z.array(id).min(1).max(10),
  quietHours: z.object({ from: hhmm, to: hhmm }).nullable(),
  repeatSeconds: z
    .int()
    .min(60)
    .max(7 * 86_400)
    .nullable(),
  escalation: z
    .array(
      z.object({
        afterSeconds: z
          .int()
          .min(1)
          .max(7 * 86_400),
        to: z.enum(['region-managers', 'hq-managers']),
      }),
    )
    .max(4),
  enabled: z.boolean(),
});

const profileInput = z.object({
  userId: id,
  email: z.email().max(254).nullable(),
  mobile: z
    .string()
    .regex(/^\+?[0-9]{6,16}$/, { error: 'digits, optionally with a leading +' })
    .nullable(),
  language: z.enum(['zh-CN', 'en']),
  subscriptions: z
    .array(
      z.object({
        orgUnitId: id,
        minSeverity: z.enum(SEVERITIES),
        channels: z
          .array(z.enum(['email', 'sms']))
          .min(1)
          .max(2),
        dailyReport: z.boolean().default(false),
        kpiReport: z.boolean().default(false),
      }),
    )
    .max(50),
});

export const notifyRouter = router({
  channels: router({
    list: moduleProcedure({ module: 'system', level: 'view', scope: 'org-wide' }).query(({ ctx }) =>
      listChannels(ctx.db),
    ),
    /** Names and kinds only: what a rule editor picks from (no settings, no secrets). */
    options: moduleProcedure({ module: 'alerts', level: 'view', scope: 'any-unit' }).query(async ({ ctx }) =>
      (await listChannels(ctx.db)).map((c) => ({ id: c.id, name: c.name, kind: c.kind, enabled: c.enabled })),
    ),
    save: moduleProcedure({ module: 'system', level: 'edit', scope: 'org-wide' })
      .input(
        z.object({
          id,
          kind: z.enum(CHANNEL_KINDS),
          name: text(80),
          settings,
          secrets: secrets.default({}),
          enabled: z.boolean().default(true),
        }),
      )
      .mutation(({ ctx, input }) => saveChannel(ctx.db, ctx.user, input)),
    delete: moduleProcedure({ module: 'system', level: 'edit', scope: 'org-wide' })
      .input(z.object({ id }))
      .mutation(({ ctx, input }) => deleteChannel(ctx.db, ctx.user, input.id)),
    test: moduleProcedure({ module: 'system', level: 'edit', scope: 'org-wide' })
      .input(z.object({ channelId: id, to: z.string().min(3).max(254).optional() }))
      .mutation(({ ctx, input }) => sendTestMessage(ctx.db, ctx.user, input)),
  }),
  rules: router({
    list: moduleProcedure({ module: 'alerts', level: 'view', scope: 'any-unit' }).query(({ ctx }) =>
      listRules(ctx.db, ctx.user),
    ),
    create: moduleProcedure({ module: 'alerts', level: 'edit', scope: 'org-unit' })
      .input(ruleInput)
      .mutation(({ ctx, input }) => createRule(ctx.db, ctx.user, input)),
    update: moduleProcedure({ module: 'alerts', level: 'edit', scope: 'org-unit' })
      .input(ruleInput.extend({ id: z.int().min(1) }))
      .mutation(({ ctx, input }) => {
        const { id: ruleId, ...rest } = input;
        return updateRule(ctx.db, ctx.user, ruleId, rest);
      }),
    delete: moduleProcedure({ module: 'alerts', level: 'edit', scope: 'org-unit' })
      .input(z.object({ id: z.int().min(1), orgUnitId: id }))
      .mutation(({ ctx, input }) => deleteRule(ctx.db, ctx.user, input.id, input.orgUnitId)),
  }),
  profile: router({
    /** One's own (anyone signed in), or another user's (user administrators). */
    get: moduleProcedure({ module: 'users', level: 'view', scope: 'self-or-org-unit' })
      .input(z.object({ userId: id }))
      .query(({ ctx, input }) => getProfile(ctx.db, input.userId)),
    save: moduleProcedure({ module: 'users', level: 'edit', scope: 'self-or-org-unit' })
      .input(profileInput)
      .mutation(({ ctx, input }) => saveProfile(ctx.db, ctx.user, input)),
    list: moduleProcedure({ module: 'users', level: 'edit', scope: 'any-unit' }).query(({ ctx }) =>
      listProfiles(ctx.db, ctx.user),
    ),
    /** The units whose alarms the caller sees: what a subscription may name. */
    units: signedInProcedure.query(({ ctx }) => subscribableUnits(ctx.db, ctx.user)),
  }),
  log: router({
    /** Messages of halls whose alarms the caller sees (administrators: all), or `mine`. */
    list: signedInProcedure
      .input(
        z.object({
          status: z.enum(MESSAGE_STATUSES).optional(),
          channelId: id.optional(),
          alarmId: id.optional(),
          hallId: id.optional(),
          mine: z.boolean().optional(),
          beforeId: z.int().min(1).optional(),
          limit: z.int().min(1).max(500).default(100),
        }),
      )
      .query(({ ctx, input }) => deliveryLog(ctx.db, ctx.user, input)),
    resend: moduleProcedure({ module: 'system', level: 'edit', scope: 'org-wide' })
      .input(z.object({ id: z.int().min(1) }))
      .mutation(({ ctx, input }) => resendMessage(ctx.db, ctx.user, input.id)),
    summary: moduleProcedure({ module: 'system', level: 'view', scope: 'org-wide' }).query(({ ctx }) =>
      outboxSummary(ctx.db),
    ),
  }),
});
