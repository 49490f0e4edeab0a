/** Hall configuration for the hubs: the document, devices with one-time secrets, and the hub's pull. */
import { z } from 'zod';
import { hubProcedure, moduleProcedure, router } from '../../trpc.ts';
import { audit } from '../access/access.service.ts';
import { accessRepository } from '../access/access.repository.ts';
import { addDevice, configFor, putHallConfig } from './halls.service.ts';

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/);

export const hallsRouter = router({
  putConfig: moduleProcedure({ module: 'devices', level: 'edit', scope: 'hall' })
    .input(z.object({ hallId: id, document: z.record(z.string(), z.unknown()) }))
    .mutation(async ({ ctx, input }) => {
      const { version, before } = await putHallConfig(ctx.db, input.hallId, input.document, ctx.user.id);
      await audit(ctx.db, { userId: ctx.user.id, action: 'hall.config-changed', entity: 'hall', entityId: input.hallId, orgUnitId: (await accessRepository.unitOfHall(ctx.db, input.hallId))?.id ?? null, before, after: input.document });
      return { version };
    }),
  addDevice: moduleProcedure({ module: 'devices', level: 'edit', scope: 'hall' })
    .input(z.object({ hallId: id, deviceId: id, kind: z.enum(['ticket-terminal', 'counter-terminal', 'rating-pad', 'people-counter']), counterId: id.optional() }))
    .mutation(async ({ ctx, input }) => {
      const result = await addDevice(ctx.db, input.hallId, { id: input.deviceId, kind: input.kind, ...(input.counterId ? { counterId: input.counterId } : {}) }, ctx.user.id);
      // The secret is in the answer only: never in the audit log.
      await audit(ctx.db, { userId: ctx.user.id, action: 'device.created', entity: 'device', entityId: input.deviceId, orgUnitId: (await accessRepository.unitOfHall(ctx.db, input.hallId))?.id ?? null, after: { kind: input.kind, counterId: input.counterId ?? null } });
      return result;
    }),
});

export const hubRouter = router({
  /** The hub's hall config, if newer than `sinceVersion`. */
  config: hubProcedure.input(z.object({ sinceVersion: z.int().min(0) })).query(({ ctx, input }) => configFor(ctx.db, ctx.hub.hallId, input.sinceVersion)),
});
