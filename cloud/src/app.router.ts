/** The cloud's API: the router type is what hubs and the console import (type-only). */
import { ingestRouter } from './modules/ingest/ingest.router.ts';
import { publicProcedure, router } from './trpc.ts';

export const appRouter = router({
  health: publicProcedure.query(() => ({ status: 'ok' as const })),
  ingest: ingestRouter,
});

export type AppRouter = typeof appRouter;
