/**
 * @hall/edge: the hall hub. Run it with `npm run edge` (src/main.ts); this entry exports what other
 * tools need: the hub factory, its config schema, secret hashing, and the local API's router type.
 */
export { createHub, type Hub } from './hub.ts';
export { hallConfigSchema, parseHallConfig, loadConfig, type HallConfig, type HubConfig } from './config.ts';
// Blocking, for tools and tests that write hall configs (the hub itself hashes off the event loop).
export { hashSecretSync as hashSecret } from '@hall/devices/secrets';
export type { HubRouter } from './api/hub.router.ts';
export type { HallSnapshot } from './features/hall-state/hall-state.ts';
