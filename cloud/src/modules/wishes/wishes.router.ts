/**
 * Employees' wishes, shift swaps and fairness. `mine*`, `add`, `withdraw`, `offer`, `take` are a clerk's
 * own (signed in; the service finds the employee linked to the account and refuses anyone else's
 * records as not found); `hall*` and `decide*` are the hall's managers' (module scheduling at the hall).
 */
import { z } from 'zod';
import { calendarDate as date, text } from '../../inputs.ts';
import { moduleProcedure, router, signedInProcedure } from '../../trpc.ts';
import { WISH_KINDS } from '../scheduling/scheduling.table.ts';
import { hallFairness, myFairness } from './fairness.service.ts';
import { decideSwap, hallSwaps, mySwaps, offerShift, takeSwap, withdrawSwap } from './swaps.service.ts';
import { addWish, decideWish, hallWishes, myWishes, withdrawWish } from './wishes.service.ts';

const hallId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'letters, digits, _ . -' });
const id = z.int().min(1).max(2_147_483_647);
const templateId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'letters, digits, _ . -' });
const decision = z.enum(['approved', 'refused']);
const view = () => moduleProcedure({ module: 'scheduling', level: 'view', scope: 'hall' });
const edit = () => moduleProcedure({ module: 'scheduling', level: 'edit', scope: 'hall' });

export const wishesRouter = router({
  /** The signed-in clerk's wishes with their outcomes, the hall's templates and the allowed dates. */
  mine: signedInProcedure.query(({ ctx }) => myWishes(ctx.db, ctx.user)),
  add: signedInProcedure
    .input(
      z.object({
        kind: z.enum(WISH_KINDS),
        fromDate: date,
        toDate: date.optional(),
        templateId: templateId.optional(),
        anyDay: z.boolean().optional(),
        weekdays: z.array(z.int().min(0).max(6)).max(7).optional(),
        note: text(300).optional(),
      }),
    )
    .mutation(({ ctx, input }) => addWish(ctx.db, ctx.user, input)),
  withdraw: signedInProcedure
    .input(z.object({ id }))
    .mutation(({ ctx, input }) => withdrawWish(ctx.db, ctx.user, input.id)),
  /** A hall's wishes (pending decisions first) for its managers. */
  hall: view()
    .input(z.object({ hallId }))
    .query(({ ctx, input }) => hallWishes(ctx.db, input.hallId)),
  decide: edit()
    .input(z.object({ hallId, id, decision, reason: text(300).optional() }))
    .mutation(({ ctx, input }) => decideWish(ctx.db, ctx.user, input)),
  /** Fairness over the last 8 weeks: every clerk of the hall with the hall's mean. */
  fairness: view()
    .input(z.object({ hallId }))
    .query(({ ctx, input }) => hallFairness(ctx.db, input.hallId)),
  /** The signed-in clerk's own fairness line and the hall's mean. */
  myFairness: signedInProcedure.query(({ ctx }) => myFairness(ctx.db, ctx.user)),
});

export const swapsRouter = router({
  /** The clerk's shifts ahead, the offers they could take, their swaps. */
  mine: signedInProcedure.query(({ ctx }) => mySwaps(ctx.db, ctx.user)),
  offer: signedInProcedure
    .input(z.object({ shiftId: id, note: text(300).optional() }))
    .mutation(({ ctx, input }) => offerShift(ctx.db, ctx.user, input)),
  take: signedInProcedure
    .input(z.object({ swapId: id }))
    .mutation(({ ctx, input }) => takeSwap(ctx.db, ctx.user, input)),
  withdraw: signedInProcedure
    .input(z.object({ swapId: id }))
    .mutation(({ ctx, input }) => withdrawSwap(ctx.db, ctx.user, input)),
  hall: view()
    .input(z.object({ hallId }))
    .query(({ ctx, input }) => hallSwaps(ctx.db, input.hallId)),
  decide: edit()
    .input(z.object({ hallId, swapId: id, decision, reason: text(300).optional() }))
    .mutation(({ ctx, input }) => decideSwap(ctx.db, ctx.user, input)),
});
