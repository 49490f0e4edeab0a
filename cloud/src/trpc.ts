/**
 * The cloud's one tRPC instance: the context, the procedures by who may call them, and the one place
 * where AppError codes become tRPC errors. Hubs authenticate with `Bearer {hubId}:{token}`.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import type { Db } from './db/client.ts';
import { AppError } from './errors.ts';
import { hallsRepository } from './modules/halls/halls.repository.ts';
import { VerifiedSecrets } from './secrets.ts';

export interface CloudContext {
  db: Db;
  authorization: string | null;
  hubTokens: VerifiedSecrets;
}

const t = initTRPC.context<CloudContext>().create();

const errors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) throw new TRPCError({ code: result.error.cause.code, message: result.error.cause.message, cause: result.error.cause });
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(errors);

/** A hub, by its id and token: it may only push and read for its own hall. */
export const hubProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const auth = ctx.authorization?.startsWith('Bearer ') ? ctx.authorization.slice(7) : null;
  const [hubId, token] = auth ? [auth.slice(0, auth.indexOf(':')), auth.slice(auth.indexOf(':') + 1)] : [null, null];
  const hub = hubId ? await hallsRepository.hub(ctx.db, hubId) : null;
  if (!hub || !token || !ctx.hubTokens.verify(hub.id, token, hub.tokenHash)) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'a hub token is required' });
  return next({ ctx: { hub: { id: hub.id, hallId: hub.hallId } } });
});
