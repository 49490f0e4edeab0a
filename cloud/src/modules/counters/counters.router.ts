/**
 * Counters: who is signed in where, and a manager's release of a counter whose clerk is gone. Under the
 * `alerts` module (the hall's live operations, like acknowledging its alarms).
 */
import { z } from 'zod';
import { moduleProcedure, router } from '../../trpc.ts';
import { listCounters, releaseCounter } from './counters.service.ts';

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/);

export const countersRouter = router({
  list: moduleProcedure({ module: 'alerts', level: 'view', scope: 'hall' })
    .input(z.object({ hallId: id }))
    .query(({ ctx, input }) => listCounters(ctx.db, input.hallId)),
  release: moduleProcedure({ module: 'alerts', level: 'edit', scope: 'hall' })
    .input(z.object({ hallId: id, counterId: id }))
    .mutation(({ ctx, input }) => releaseCounter(ctx.db, ctx.user, input.hallId, input.counterId)),
});
