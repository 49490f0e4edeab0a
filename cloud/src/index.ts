/** @hall/cloud: the cloud service. Hubs and the console import its router type only. */
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './app.router.ts';

export type { AppRouter };
/** What each procedure answers and takes, for the console's types. */
export type CloudOutputs = inferRouterOutputs<AppRouter>;
export type CloudInputs = inferRouterInputs<AppRouter>;
