/** Hall configuration for the hubs: the document, devices with one-time secrets, and the hub's pull. */
import { z } from 'zod';
import { hasNul, jsonDocument } from '../../inputs.ts';
import { hubProcedure, moduleProcedure, router } from '../../trpc.ts';
import { audit } from '../access/access.service.ts';
import { accessRepository } from '../access/access.repository.ts';
import {
  addDevice,
  alertRules,
  configFor,
  listDevices,
  putAlertRules,
  putHallConfig,
  removeDevice,
  rotateDeviceSecret,
} from './halls.service.ts';

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/);

export const hallsRouter = router({
  putConfig: moduleProcedure({ module: 'devices', level: 'edit', scope: 'hall' })
    .input(z.object({ hallId: id, document: jsonDocument }))
    .mutation(async ({ ctx, input }) => {
      const { version, before } = await putHallConfig(ctx.db, input.hallId, input.document, ctx.user.id);
      // Schedules relative to the hall's opening hours follow a change of them.
      await ctx.jobs?.refreshHall(input.hallId);
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'hall.config-changed',
        entity: 'hall',
        entityId: input.hallId,
        orgUnitId: (await accessRepository.unitOfHall(ctx.db, input.hallId))?.id ?? null,
        before,
        after: input.document,
      });
      return { version };
    }),
  addDevice: moduleProcedure({ module: 'devices', level: 'edit', scope: 'hall' })
    .input(
      z.object({
        hallId: id,
        deviceId: id,
        kind: z.enum(['ticket-terminal', 'counter-terminal', 'rating-pad', 'people-counter']),
        counterId: id.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await addDevice(
        ctx.db,
        input.hallId,
        { id: input.deviceId, kind: input.kind, ...(input.counterId ? { counterId: input.counterId } : {}) },
        ctx.user.id,
      );
      // The secret is in the answer only: never in the audit log.
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'device.created',
        entity: 'device',
        entityId: input.deviceId,
        orgUnitId: (await accessRepository.unitOfHall(ctx.db, input.hallId))?.id ?? null,
        after: { kind: input.kind, counterId: input.counterId ?? null },
      });
      return result;
    }),
});

/** Alert rules as the hub reads them (`alerts` of the hall config). */
const alertsInput = z
  .object({
    clearRatio: z.number().min(0.1).max(1).optional(),
    raiseAfterSec: z.int().min(0).optional(),
    clearAfterSec: z.int().min(0).optional(),
  })
  .catchall(z.unknown())
  .refine((a) => !hasNul(a), { error: 'must not contain NUL characters' });

const unitOf = async (db: Parameters<typeof accessRepository.unitOfHall>[0], hallId: string) =>
  (await accessRepository.unitOfHall(db, hallId))?.id ?? null;

export const hallDevicesRouter = router({
  list: moduleProcedure({ module: 'devices', level: 'view', scope: 'hall' })
    .input(z.object({ hallId: id }))
    .query(({ ctx, input }) => listDevices(ctx.db, input.hallId)),
  /** A new secret for a device, shown once. */
  rotateSecret: moduleProcedure({ module: 'devices', level: 'edit', scope: 'hall' })
    .input(z.object({ hallId: id, deviceId: id }))
    .mutation(async ({ ctx, input }) => {
      const result = await rotateDeviceSecret(ctx.db, input.hallId, input.deviceId, ctx.user.id);
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'device.secret-rotated',
        entity: 'device',
        entityId: input.deviceId,
        orgUnitId: await unitOf(ctx.db, input.hallId),
        after: { hallId: input.hallId, version: result.version },
      });
      return result;
    }),
  /** Takes a device out of the hall: the hub refuses its secret once it has the new config. */
  remove: moduleProcedure({ module: 'devices', level: 'edit', scope: 'hall' })
    .input(z.object({ hallId: id, deviceId: id }))
    .mutation(async ({ ctx, input }) => {
      const { removed, version } = await removeDevice(ctx.db, input.hallId, input.deviceId, ctx.user.id);
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'device.removed',
        entity: 'device',
        entityId: input.deviceId,
        orgUnitId: await unitOf(ctx.db, input.hallId),
        before: removed,
        after: { hallId: input.hallId, version },
      });
      return { deviceId: input.deviceId, version };
    }),
});

export const alertRulesRouter = router({
  get: moduleProcedure({ module: 'alerts', level: 'view', scope: 'hall' })
    .input(z.object({ hallId: id }))
    .query(({ ctx, input }) => alertRules(ctx.db, input.hallId)),
  put: moduleProcedure({ module: 'alerts', level: 'edit', scope: 'hall' })
    .input(z.object({ hallId: id, alerts: alertsInput }))
    .mutation(async ({ ctx, input }) => {
      const { version, before } = await putAlertRules(ctx.db, input.hallId, input.alerts, ctx.user.id);
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'alert-rules.changed',
        entity: 'hall',
        entityId: input.hallId,
        orgUnitId: await unitOf(ctx.db, input.hallId),
        before,
        after: input.alerts,
      });
      return { version };
    }),
});

/** The hub's hall config, if newer than `sinceVersion`. */
export const hubConfigProcedure = hubProcedure
  .input(z.object({ sinceVersion: z.int().min(0) }))
  .query(({ ctx, input }) => configFor(ctx.db, ctx.hub.hallId, input.sinceVersion));
