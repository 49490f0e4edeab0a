/**
 * Which devices are online: from the MQTT will and `online` announcements, from a heartbeat timeout per
 * kind (a pulled cable leaves the TCP session half-open until keepalive runs out), and from the Modbus /
 * OPC UA adapters' poll health. Changes are recorded as `device.availability` events.
 */
import { deviceKinds, type DeviceKindName } from '@hall/devices';
import type { EventBus } from '../../bus/event-bus.ts';
import type { HubEvent } from '../../bus/hub-events.ts';
import type { Journal } from '../../store/journal.ts';

interface Presence {
  kind: DeviceKindName;
  /** Read by the hub (Modbus, OPC UA): its adapter decides, not a heartbeat. */
  polled: boolean;
  online: boolean;
  lastSeen: number;
}

export class AvailabilityFeature {
  readonly devices = new Map<string, Presence>();
  readonly #o: {
    bus: EventBus;
    journal: Journal;
    clock: () => number;
    checkEveryMs?: number;
    heartbeatTimeouts?: boolean;
  };
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(opts: {
    bus: EventBus;
    journal: Journal;
    clock: () => number;
    devices: Array<{ id: string; kind: DeviceKindName; polled?: boolean }>;
    checkEveryMs?: number;
    /**
     * false: no heartbeat timeouts, only wills, announcements and polls. For a hub on a virtual clock
     * (the demo's history), whose wall-clock check would compare against simulated minutes, and whose
     * devices reach it through an in-process pipe that never stays half-open.
     */
    heartbeatTimeouts?: boolean;
  }) {
    this.#o = opts;
    for (const d of opts.devices)
      this.devices.set(d.id, { kind: d.kind, polled: d.polled ?? false, online: false, lastSeen: 0 });
  }

  restore(event: HubEvent) {
    if (event.type !== 'device.availability') return;
    const d = this.devices.get(event.deviceId);
    // After a restart nobody is connected yet: keep the last verdict only as history, start offline.
    if (d) d.lastSeen = Math.max(d.lastSeen, event.at);
  }

  start() {
    const { bus, clock } = this.#o;
    const seen = (deviceId: string, at: number) => {
      const d = this.devices.get(deviceId);
      if (!d) return;
      d.lastSeen = at;
      if (!d.online) this.#set(deviceId, true, 'announce', at);
    };
    bus.on('device.event', (m) => seen(m.deviceId, m.receivedAt));
    bus.on('device.state', (m) => seen(m.deviceId, m.at));
    bus.on('device.presence', (m) => {
      const d = this.devices.get(m.deviceId);
      if (!d) return;
      if (m.online) d.lastSeen = m.at;
      if (d.online !== m.online) this.#set(m.deviceId, m.online, m.cause, m.at);
    });
    if (this.#o.heartbeatTimeouts === false) return;
    this.#timer = setInterval(() => {
      const now = clock();
      for (const [id, d] of this.devices) {
        if (d.online && !d.polled && now - d.lastSeen > deviceKinds[d.kind].heartbeatTimeoutMs)
          this.#set(id, false, 'heartbeat', now);
      }
    }, this.#o.checkEveryMs ?? 5_000);
    this.#timer.unref();
  }

  #set(
    deviceId: string,
    online: boolean,
    cause: Extract<HubEvent, { type: 'device.availability' }>['cause'],
    at: number,
  ) {
    const d = this.devices.get(deviceId);
    if (!d) return;
    d.online = online;
    void this.#o.journal.record({
      events: [{ type: 'device.availability', at, deviceId, kind: d.kind, online, cause }],
      replies: [],
    });
  }

  online(): number {
    let n = 0;
    for (const d of this.devices.values()) if (d.online) n += 1;
    return n;
  }

  stop() {
    if (this.#timer) clearInterval(this.#timer);
  }
}
