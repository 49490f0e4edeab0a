/**
 * The hub's local API (tRPC on its HTTP port), for the in-hall pages: the wall screen reads the hall
 * (`hall.state`, and `hall.live` as a server-sent-events subscription) with a read-only display token.
 * `health` is open. Counter-terminal, rating-pad and manager procedures join with their credentials.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import type { HallSnapshot } from '../features/hall-state/hall-state.ts';

export interface ApiContext {
  /** The bearer token the caller presented (header, or `?token=` for EventSource). */
  token: string | null;
  deps: ApiDeps;
}

export interface ApiDeps {
  snapshot(): HallSnapshot;
  /** Resolves when every decision in memory is durable, so a snapshot shows only what survives a crash. */
  settled(): Promise<void>;
  /** Calls back after each committed change; returns an unsubscribe function. */
  onChange(listener: () => void): () => void;
  verifyDisplayToken(token: string): boolean;
  health(): { status: 'ok'; hallId: string; uptimeSec: number; seq: number; devicesOnline: number };
}

const t = initTRPC.context<ApiContext>().create();

const displayProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.token || !ctx.deps.verifyDisplayToken(ctx.token)) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'a display token is required' });
  return next();
});

/** Waits for the next change (or the abort of the subscription). */
function nextChange(deps: ApiDeps, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const off = deps.onChange(() => {
      off();
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    });
    const onAbort = () => {
      off();
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const hubRouter = t.router({
  health: t.procedure.query(({ ctx }) => ctx.deps.health()),
  hall: t.router({
    state: displayProcedure.query(async ({ ctx }) => {
      await ctx.deps.settled();
      return ctx.deps.snapshot();
    }),
    /** The hall now, then again after every committed change (bursts within one tick coalesce). */
    live: displayProcedure.subscription(async function* ({ ctx, signal }) {
      await ctx.deps.settled();
      yield ctx.deps.snapshot();
      while (await nextChange(ctx.deps, signal)) {
        // Let the rest of a burst commit first: one snapshot for the batch, not one per event.
        await ctx.deps.settled();
        yield ctx.deps.snapshot();
      }
    }),
  }),
});

export type HubRouter = typeof hubRouter;
