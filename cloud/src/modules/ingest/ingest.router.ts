/**
 * `ingest.push`: a hub's ordered batch of journal events; answers `ackedThrough` and the rows refused.
 * Only the envelope of a row is checked here; each event is checked against the contract on its own in
 * the service, so that one bad row is refused as that row.
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { hubProcedure, router } from '../../trpc.ts';
import { push } from './ingest.service.ts';

const row = z.object({
  seq: z
    .int()
    .positive()
    .max(Number.MAX_SAFE_INTEGER / 2),
  type: z.string().max(64),
  /** Repeated from the body (older hubs); the body's `at` is what counts. */
  at: z.int().optional(),
  body: z.record(z.string(), z.unknown()),
  historical: z.boolean().default(false),
});

/** The hub's journal instance id (a UUID). */
const epoch = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { error: 'epoch: must be a UUID' });

export const ingestRouter = router({
  push: hubProcedure
    .input(z.object({ hubId: z.string().min(1).max(64), epoch: epoch.optional(), batch: z.array(row).max(5_000) }))
    .mutation(async ({ ctx, input }) => {
      if (input.hubId !== ctx.hub.id)
        throw new TRPCError({ code: 'FORBIDDEN', message: 'a hub pushes only its own events' });
      return push(ctx.db, ctx.hub.id, { epoch: input.epoch ?? null, batch: input.batch });
    }),
});
