/**
 * Everything that happens in the hub, as events: the types are inferred from the hub→cloud contract
 * (`@hall/devices/hub-events`), which the cloud validates each forwarded row against. Stored in the
 * journal in this shape, replayed after a restart, forwarded to the cloud. The outbox's placeholders
 * (`hub.dead-letter`, `telemetry.dropped`) are never journaled, only put in the outbox.
 */
import type { HubEventRecord } from '@hall/devices/hub-events';

export type HubEvent = Exclude<HubEventRecord, { type: 'hub.dead-letter' | 'telemetry.dropped' }>;
export type HubEventType = HubEvent['type'];

/** A command to a device: `hall/{hall}/dev/{deviceId}/cmd/{name}` with `payload` (reqId included). */
export interface DeviceCommand {
  deviceId: string;
  name: string;
  payload: Record<string, unknown> & { reqId: string };
}
