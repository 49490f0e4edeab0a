/**
 * @hall/edge: the hall hub. Run it with `npm run edge` (src/main.ts); this entry exports what other
 * tools need: the hub factory, its config schema, secret hashing, and the local API's router type.
 */
export { createHub, type Hub } from './hub.ts';
export { hallConfigSchema, parseHallConfig, loadConfig, type HallConfig, type HubConfig } from './config.ts';
export { hashSecret, verifySecret } from './secrets.ts';
export type { HubRouter } from './api/hub.router.ts';
export type { HallSnapshot } from './features/hall-state/hall-state.ts';
