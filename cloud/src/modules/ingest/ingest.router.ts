/** `ingest.push`: a hub's ordered batch of journal events; answers `ackedThrough`. */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { hubProcedure, router } from '../../trpc.ts';
import { push } from './ingest.service.ts';

const event = z.object({
  seq: z.int().positive(),
  type: z.string().min(1).max(64),
  at: z.int().min(946_684_800_000),
  body: z.record(z.string(), z.unknown()),
  historical: z.boolean().default(false),
});

export const ingestRouter = router({
  push: hubProcedure.input(z.object({ hubId: z.string().min(1).max(64), batch: z.array(event).max(5_000) })).mutation(async ({ ctx, input }) => {
    if (input.hubId !== ctx.hub.id) throw new TRPCError({ code: 'FORBIDDEN', message: 'a hub pushes only its own events' });
    return push(ctx.db, ctx.hub.id, input.batch);
  }),
});
