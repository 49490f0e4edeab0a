/** The cloud's API: the router type is what hubs and the console import (type-only). */
import { auditRouter, authRouter, orgRouter, roleGroupsRouter, usersRouter } from './modules/access/access.router.ts';
import { hallsRouter, hubRouter } from './modules/halls/halls.router.ts';
import { ingestRouter } from './modules/ingest/ingest.router.ts';
import { publicProcedure, router } from './trpc.ts';

export const appRouter = router({
  health: publicProcedure.query(() => ({ status: 'ok' as const })),
  auth: authRouter,
  org: orgRouter,
  users: usersRouter,
  roleGroups: roleGroupsRouter,
  audit: auditRouter,
  halls: hallsRouter,
  hub: hubRouter,
  ingest: ingestRouter,
});

export type AppRouter = typeof appRouter;
