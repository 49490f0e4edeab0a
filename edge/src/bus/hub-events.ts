/**
 * Everything that happens in the hub, as events: the queue's own (queue.types.ts) and what the other
 * features record. Stored in the journal in this shape, replayed after a restart, forwarded to the cloud.
 */
import type { AlarmEvent } from '../features/alerts/alarm.engine.ts';
import type { QueueEvent } from '../features/queue/queue.types.ts';

export type HubEvent =
  | QueueEvent
  | AlarmEvent
  | { type: 'occupancy.counted'; at: number; deviceId: string; in: number; out: number; totalIn: number; totalOut: number; reset: boolean }
  | { type: 'rating.received'; at: number; ticketNo: string; score: number; reasons: string[]; counterId: string | null; staffId: string | null; deviceId: string }
  | { type: 'rating.skipped'; at: number; ticketNo: string; counterId: string | null; deviceId: string }
  | { type: 'device.availability'; at: number; deviceId: string; kind: string; online: boolean; cause: 'will' | 'announce' | 'heartbeat' | 'poll' | 'hub' };

export type HubEventType = HubEvent['type'];

/** A command to a device: `hall/{hall}/dev/{deviceId}/cmd/{name}` with `payload` (reqId included). */
export interface DeviceCommand {
  deviceId: string;
  name: string;
  payload: Record<string, unknown> & { reqId: string };
}
