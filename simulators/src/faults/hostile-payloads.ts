/**
 * Malformed and hostile uplink messages, as a catalogue: what a broken firmware, a fuzzer or an attacker
 * on the hall network sends. Each names the rejection a hub should give (reason and field, as
 * @hall/devices' ingress check reports them), so hub tests can replay the whole list and expect
 * every one to be refused and counted, and none to crash anything.
 */
import { topics } from '@hall/devices';

export interface HostilePayload {
  name: string;
  /** The event type in the topic. */
  type: string;
  /** Raw bytes on the wire. */
  payload: string | Buffer;
  /** What the hub's ingress check says. */
  expect: { reason: string; field: string };
}

/** Hostile payloads for a ticket terminal `deviceId`, with envelopes stamped at `now`. */
export function hostilePayloads(deviceId: string, now: number): HostilePayload[] {
  const ok = { eid: `${deviceId}.evil.1`, seq: 1, ts: now, deviceId, serviceId: 'billing', channel: 'kiosk' };
  const json = (value: unknown) => JSON.stringify(value);
  let deep: unknown = 'x';
  for (let i = 0; i < 1_000; i++) deep = [deep];
  return [
    {
      name: 'truncated JSON',
      type: 'ticket.request',
      payload: '{"eid":"a","seq":',
      expect: { reason: 'invalid_json', field: 'payload' },
    },
    {
      name: 'not JSON at all',
      type: 'ticket.request',
      payload: Buffer.from([0xff, 0xfe, 0x00, 0x41]),
      expect: { reason: 'invalid_json', field: 'payload' },
    },
    {
      name: 'empty payload',
      type: 'ticket.request',
      payload: '',
      expect: { reason: 'invalid_json', field: 'payload' },
    },
    {
      name: 'a JSON array',
      type: 'ticket.request',
      payload: '[1,2,3]',
      expect: { reason: 'invalid_payload', field: 'payload' },
    },
    {
      name: 'JSON null',
      type: 'ticket.request',
      payload: 'null',
      expect: { reason: 'invalid_payload', field: 'payload' },
    },
    {
      name: 'oversize payload',
      type: 'ticket.request',
      payload: json({ ...ok, pad: 'x'.repeat(64 * 1024) }),
      expect: { reason: 'payload_too_large', field: 'payload' },
    },
    // Nesting is bounded by the size limit; within it, unknown fields are dropped without being walked.
    {
      name: 'deeply nested JSON in an unknown field',
      type: 'ticket.request',
      payload: json({ ...ok, deep }),
      expect: { reason: 'accepted', field: '' },
    },
    {
      name: 'prototype pollution',
      type: 'ticket.request',
      payload: `{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},${json(ok).slice(1)}`,
      expect: { reason: 'accepted', field: '' },
    },
    {
      name: 'wrong type for a field',
      type: 'ticket.request',
      payload: json({ ...ok, serviceId: 42 }),
      expect: { reason: 'invalid_payload', field: 'serviceId' },
    },
    {
      name: 'MQTT wildcard in an id',
      type: 'ticket.request',
      payload: json({ ...ok, serviceId: 'billing/#' }),
      expect: { reason: 'invalid_payload', field: 'serviceId' },
    },
    {
      name: 'SQL in an id',
      type: 'ticket.request',
      payload: json({ ...ok, serviceId: "x'; DROP TABLE tickets;--" }),
      expect: { reason: 'invalid_payload', field: 'serviceId' },
    },
    {
      name: 'script in an id',
      type: 'ticket.request',
      payload: json({ ...ok, serviceId: '<script>alert(1)</script>' }),
      expect: { reason: 'invalid_payload', field: 'serviceId' },
    },
    {
      name: 'NaN smuggled as a string',
      type: 'ticket.request',
      payload: json({ ...ok, seq: 'NaN' }),
      expect: { reason: 'invalid_payload', field: 'seq' },
    },
    {
      name: 'huge seq',
      type: 'ticket.request',
      payload: json({ ...ok, seq: 1e300 }),
      expect: { reason: 'invalid_payload', field: 'seq' },
    },
    {
      name: 'timestamp far in the future',
      type: 'ticket.request',
      payload: json({ ...ok, ts: now + 365 * 86_400_000 }),
      expect: { reason: 'clock_skew', field: 'ts' },
    },
    {
      name: 'timestamp in 1970',
      type: 'ticket.request',
      payload: json({ ...ok, ts: 1_000 }),
      expect: { reason: 'invalid_payload', field: 'ts' },
    },
    {
      name: 'another device’s id in the payload',
      type: 'ticket.request',
      payload: json({ ...ok, deviceId: 'kiosk-other' }),
      expect: { reason: 'device_mismatch', field: 'deviceId' },
    },
    {
      name: 'an event of another kind',
      type: 'call.next',
      payload: json(ok),
      expect: { reason: 'unknown_event_type', field: 'type' },
    },
    {
      name: 'unicode control characters',
      type: 'ticket.request',
      payload: json({ ...ok, serviceId: 'bill\u0000ing\u202e' }),
      expect: { reason: 'invalid_payload', field: 'serviceId' },
    },
  ];
}

/** Topics a device must not be able to publish on (the broker's ACL refuses them). */
export function forbiddenTopics(hallId: string, deviceId: string, otherDeviceId: string): string[] {
  return [
    topics.event(hallId, otherDeviceId, 'ticket.request'),
    topics.command(hallId, otherDeviceId, 'print'),
    topics.hubAvail(hallId),
    topics.hubAlarm(hallId, 'fake-alarm'),
    topics.avail(hallId, otherDeviceId),
    `hall/${hallId}/dev/${deviceId}/evt/call.next`,
    `hall/other-hall/dev/${deviceId}/evt/ticket.request`,
    '$SYS/broker/clients',
  ];
}
