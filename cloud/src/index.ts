/** @hall/cloud: the cloud service. Hubs and the console import its router type only. */
export type { AppRouter } from './app.router.ts';
