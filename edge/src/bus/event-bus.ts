/**
 * The typed event bus between the hub's features (Zigbee2MQTT's pattern): features never call each
 * other; they emit and listen. A listener that throws is logged and the others still run, so one
 * feature cannot take the hub down.
 */
import type { Logger } from 'pino';
import type { Checked, CheckedEvent, Rejection } from '@hall/devices';
import type { DeviceCommand, HubEvent } from './hub-events.ts';

export interface BusEvents {
  /** A validated device event (after authentication, ACL and the contract's checks). */
  'device.event': { hallId: string; deviceId: string; kind: string; event: CheckedEvent['event']; receivedAt: number };
  /** A device's `avail` or `state` message, or a hub-side verdict on a polled device. */
  'device.presence': {
    deviceId: string;
    online: boolean;
    cause: 'will' | 'announce' | 'heartbeat' | 'poll' | 'hub';
    at: number;
  };
  'device.state': { deviceId: string; state: Record<string, unknown>; at: number };
  /** A message the hub refused. */
  'device.rejected': { deviceId: string; topic: string; rejection: Rejection; reqId: string | null };
  /** Send this to a device. */
  'device.command': DeviceCommand;
  /** Events made durable, in journal order. */
  'hub.committed': { events: Array<HubEvent & { seq: number }> };
  /** Publish a retained message of the hub's own (alarms for LED boards); an empty payload clears it. */
  'mqtt.retained': { topic: string; payload: string };
  /** An alarm worth telling someone about (SMS, e-mail, the cloud), after rate limiting. */
  'alarm.notify': { alarmId: string | null; severity: string; message: string; suppressed: number };
  /** Raw reading of a polled people counter (Modbus / OPC UA). */
  'counter.reading': { deviceId: string; inTotal: number; outTotal: number; at: number };
}

type Listener<K extends keyof BusEvents> = (payload: BusEvents[K]) => void;

export class EventBus {
  readonly #listeners = new Map<keyof BusEvents, Array<Listener<never>>>();
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  on<K extends keyof BusEvents>(name: K, listener: Listener<K>): () => void {
    const list = this.#listeners.get(name) ?? [];
    list.push(listener as Listener<never>);
    this.#listeners.set(name, list);
    return () => {
      const i = list.indexOf(listener as Listener<never>);
      if (i >= 0) list.splice(i, 1);
    };
  }

  emit<K extends keyof BusEvents>(name: K, payload: BusEvents[K]): void {
    for (const listener of this.#listeners.get(name) ?? []) {
      try {
        (listener as Listener<K>)(payload);
      } catch (err) {
        this.#log.error({ err, event: name }, 'a bus listener failed');
      }
    }
  }
}

export type { Checked };
