/**
 * A minimal stand-in for the hub's device protocol, for testing the simulators until the edge hub
 * (issue #4) exists: it answers `ticket.request` with `print` (numbers per service prefix, FIFO queue)
 * and counter presses with `display`, like the real hub will. It is not a queue engine; it only lets the
 * simulators' request/response paths run against something on the wire.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { parseTopic, topics } from '@hall/devices';
import { noDelay } from '../../src/devices/mqtt-device.ts';

export interface FakeHub {
  client: MqttClient;
  /** Tickets issued and not yet called, oldest first. */
  waiting: string[];
  issued: number;
  close(): Promise<void>;
}

export async function startFakeHub(
  url: string,
  hallId: string,
  opts: { prefixes?: Record<string, string>; padOf?: (counterDeviceId: string) => string | undefined } = {},
): Promise<FakeHub> {
  const client = await mqtt.connectAsync(url, { clientId: `fake-hub-${hallId}`, protocolVersion: 4 });
  noDelay(client);
  const numbers = new Map<string, number>();
  const waiting: string[] = [];
  const current = new Map<string, string | undefined>();
  /** Counter terminals and whether they are idle: the real hub tells idle counters that people wait. */
  const idle = new Map<string, boolean>();
  const staffOf = new Map<string, string>();
  const state: FakeHub = { client, waiting, issued: 0, close: () => client.endAsync() };
  let req = 0;
  const send = (deviceId: string, name: string, body: Record<string, unknown>) =>
    client.publishAsync(topics.command(hallId, deviceId, name), JSON.stringify({ reqId: `hub-${++req}`, ...body }), {
      qos: 1,
    });

  client.on('message', (topic, raw) => {
    const t = parseTopic(topic);
    if (!t || t.kind !== 'event') return;
    let p: Record<string, unknown> & { eid: string };
    try {
      p = JSON.parse(raw.toString()) as typeof p;
    } catch {
      return; // malformed input is the real hub's business (and its tests'); the stand-in ignores it
    }
    if (typeof p !== 'object' || p === null || Array.isArray(p) || typeof p.eid !== 'string') return;
    const reply = { inReplyTo: p.eid };
    if (t.type === 'ticket.request') {
      const serviceId = String(p.serviceId);
      const prefix = opts.prefixes?.[serviceId] ?? 'A';
      const n = (numbers.get(prefix) ?? 0) + 1;
      numbers.set(prefix, n);
      const ticketNo = `${prefix}${String(n).padStart(3, '0')}`;
      const ahead = waiting.length;
      waiting.push(ticketNo);
      state.issued += 1;
      for (const [counter, isIdle] of idle)
        if (isIdle) void send(counter, 'display', { status: 'idle', waiting: waiting.length });
      void send(t.deviceId, 'print', {
        ...reply,
        ticketNo,
        serviceId,
        serviceName: serviceId,
        waitingAhead: ahead,
        eta: { p50Minutes: ahead * 3, p90Minutes: ahead * 5 },
        issuedAt: Date.now(),
      });
      return;
    }
    if (t.type === 'ticket.cancel') {
      const i = waiting.indexOf(String(p.ticketNo));
      if (i >= 0) waiting.splice(i, 1);
      return;
    }
    const show = (status: string, ticketNo?: string) => {
      idle.set(t.deviceId, status === 'idle');
      return send(t.deviceId, 'display', {
        ...reply,
        status,
        ...(ticketNo ? { ticketNo } : {}),
        waiting: waiting.length,
      });
    };
    switch (t.type) {
      case 'call.next': {
        const next = waiting.shift();
        if (!next) {
          idle.set(t.deviceId, true);
          void send(t.deviceId, 'reject', { ...reply, code: 'nobody_waiting', message: 'nobody waiting' });
        } else {
          current.set(t.deviceId, next);
          void show('calling', next);
        }
        return;
      }
      case 'call.specific': {
        const no = String(p.ticketNo);
        const i = waiting.indexOf(no);
        if (i < 0)
          void send(t.deviceId, 'reject', { ...reply, code: 'unknown_ticket', message: `${no} is not waiting` });
        else {
          waiting.splice(i, 1);
          current.set(t.deviceId, no);
          void show('calling', no);
        }
        return;
      }
      case 'call.recall':
        void show('calling', current.get(t.deviceId));
        return;
      case 'ticket.start':
        void show('serving', current.get(t.deviceId));
        return;
      case 'ticket.finish': {
        const pad = opts.padOf?.(t.deviceId);
        const ticketNo = current.get(t.deviceId);
        if (pad && ticketNo)
          void send(pad, 'prompt', {
            ticketNo,
            counterId: t.deviceId.replace(/^ctr-/, '').toUpperCase(),
            staffId: staffOf.get(t.deviceId) ?? 'unknown',
            timeoutSec: 60,
          });
        current.delete(t.deviceId);
        void show('idle');
        return;
      }
      case 'ticket.noshow':
      case 'ticket.transfer':
        current.delete(t.deviceId);
        void show('idle');
        return;
      case 'counter.open':
        staffOf.set(t.deviceId, String(p.staffId));
        void show('idle');
        return;
      case 'counter.resume':
        void show('idle');
        return;
      case 'counter.pause':
        void show('paused');
        return;
      case 'counter.close':
        void show('closed');
        return;
    }
  });
  await client.subscribeAsync(topics.filters.deviceUplink(hallId), { qos: 1 });
  return state;
}
