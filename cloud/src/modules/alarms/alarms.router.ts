/** Alarms: the list a manager sees, acknowledgement, and the hub's poll for acknowledgements. */
import { textSchema } from '@hall/devices';
import { z } from 'zod';
import { hubProcedure, moduleProcedure, router } from '../../trpc.ts';
import { ackAlarm, hubPoll, listAlarms } from './alarms.service.ts';

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, { error: 'letters, digits, _ . : -' });

export const alarmsRouter = router({
  /** Open alarms and those cleared in the last hours, of every hall the caller may see (or one). */
  list: moduleProcedure({ module: 'alerts', level: 'view', scope: 'any-unit' })
    .input(
      z.object({
        hallId: id.optional(),
        clearedWithinHours: z
          .number()
          .min(0)
          .max(24 * 31)
          .default(24),
        limit: z.int().min(1).max(1_000).default(200),
      }),
    )
    .query(({ ctx, input }) => listAlarms(ctx.db, ctx.user, input)),
  ack: moduleProcedure({ module: 'alerts', level: 'edit', scope: 'hall' })
    .input(z.object({ hallId: id, alarmId: id }))
    .mutation(({ ctx, input }) => ackAlarm(ctx.db, ctx.user, input.hallId, input.alarmId)),
});

/** What a hub says of its outbox at each poll: the console shows a hub whose upload is stuck. */
const outboxReport = z.object({
  rows: z.int().min(0).max(1e12),
  oldestAt: z.int().min(0).max(8.64e15).nullable(),
  deadLetters: z.int().min(0).max(1e12),
  lastError: textSchema(200).nullable(),
});

/** The hub's poll: acknowledgements made in the console (and a sign of life, with the state of its outbox). */
export const hubPollProcedure = hubProcedure
  .input(z.object({ outbox: outboxReport.optional() }).optional())
  .query(({ ctx, input }) => hubPoll(ctx.db, ctx.hub, input?.outbox ?? null));
