import { describe, expect, it } from 'vitest';
import { EXAMPLE_HALL, EXAMPLE_TS, examples } from './examples.ts';
import {
  parseAvailability,
  parseCommandResponse,
  parseDeviceCommand,
  parseDeviceEvent,
  parseDeviceState,
  type Rejection,
} from './ingress.ts';
import { deviceKinds, type DeviceKindName } from './kinds.ts';
import { topics } from './topics.ts';

const kindNames = Object.keys(deviceKinds) as DeviceKindName[];
const now = EXAMPLE_TS + 1_000;

function event(
  kind: DeviceKindName,
  type: string,
  payload: unknown,
  opts: { deviceId?: string; now?: number; raw?: string } = {},
) {
  const deviceId = opts.deviceId ?? examples[kind].deviceId;
  return parseDeviceEvent({
    kind,
    topic: topics.event(EXAMPLE_HALL, deviceId, type),
    payload: opts.raw ?? JSON.stringify(payload),
    now: opts.now ?? now,
  });
}

function rejection(result: ReturnType<typeof parseDeviceEvent>): Rejection {
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.value)}`);
  return result.error;
}

const request = examples['ticket-terminal'].events['ticket.request'] as Record<string, unknown>;
const open = examples['counter-terminal'].events['counter.open'] as Record<string, unknown>;
const count = examples['people-counter'].events.count as Record<string, unknown>;
const rating = examples['rating-pad'].events.rating as Record<string, unknown>;

describe('valid examples', () => {
  for (const kind of kindNames) {
    it(`every ${kind} event, command and state has an example that parses`, () => {
      const ex = examples[kind];
      expect(Object.keys(ex.events).sort()).toEqual(Object.keys(deviceKinds[kind].events).sort());
      expect(Object.keys(ex.commands).sort()).toEqual(Object.keys(deviceKinds[kind].commands).sort());
      for (const [type, payload] of Object.entries(ex.events)) {
        const result = event(kind, type, payload);
        expect(result, `${kind} ${type}`).toMatchObject({
          ok: true,
          value: { hallId: EXAMPLE_HALL, deviceId: ex.deviceId, event: { kind, type } },
        });
      }
      for (const [name, payload] of Object.entries(ex.commands)) {
        expect(parseDeviceCommand(kind, name, JSON.stringify(payload)), `${kind} cmd/${name}`).toMatchObject({
          ok: true,
        });
      }
      expect(
        parseDeviceState({ kind, topic: topics.state(EXAMPLE_HALL, ex.deviceId), payload: JSON.stringify(ex.state) }),
      ).toMatchObject({ ok: true });
    });
  }

  it('fills defaults and strips fields the contract does not know', () => {
    const { reasons: _reasons, ...noReasons } = rating;
    const result = event('rating-pad', 'rating', { ...noReasons, firmwareDebug: 'x'.repeat(100) });
    expect(result.ok && result.value.event.payload).toMatchObject({ reasons: [] });
    expect(result.ok && 'firmwareDebug' in result.value.event.payload).toBe(false);
  });

  it('accepts an event that arrives late within the age bound (buffered while the hub was away)', () => {
    expect(event('ticket-terminal', 'ticket.request', request, { now: EXAMPLE_TS + 3 * 3_600_000 }).ok).toBe(true);
  });

  it('parses availability as plain text, responses as JSON', () => {
    expect(parseAvailability('online')).toEqual({ ok: true, value: 'online' });
    expect(parseAvailability(Buffer.from('offline\n'))).toEqual({ ok: true, value: 'offline' });
    expect(parseCommandResponse('{"status":"ok"}')).toEqual({ ok: true, value: { status: 'ok' } });
    expect(parseCommandResponse('{"status":"error","error":"paper out"}')).toMatchObject({
      ok: true,
      value: { error: 'paper out' },
    });
  });
});

describe('malformed input is rejected with a reason and the field named', () => {
  const cases: Array<{
    name: string;
    kind: DeviceKindName;
    type: string;
    payload: unknown;
    reason: Rejection['reason'];
    field: string;
    raw?: string;
    deviceId?: string;
    now?: number;
  }> = [
    {
      name: 'missing field',
      kind: 'ticket-terminal',
      type: 'ticket.request',
      payload: { ...request, serviceId: undefined },
      reason: 'invalid_payload',
      field: 'serviceId',
    },
    {
      name: 'missing envelope field',
      kind: 'counter-terminal',
      type: 'counter.open',
      payload: { ...open, eid: undefined },
      reason: 'invalid_payload',
      field: 'eid',
    },
    {
      name: 'wrong type',
      kind: 'counter-terminal',
      type: 'counter.open',
      payload: { ...open, staffId: 1024 },
      reason: 'invalid_payload',
      field: 'staffId',
    },
    {
      name: 'wrong enum value',
      kind: 'ticket-terminal',
      type: 'ticket.request',
      payload: { ...request, channel: 'fax' },
      reason: 'invalid_payload',
      field: 'channel',
    },
    {
      name: 'oversize string',
      kind: 'ticket-terminal',
      type: 'ticket.request',
      payload: { ...request, serviceId: 's'.repeat(65) },
      reason: 'invalid_payload',
      field: 'serviceId',
    },
    {
      name: 'oversize array',
      kind: 'counter-terminal',
      type: 'ticket.finish',
      payload: { ...open, txTypes: Array(21).fill('x') },
      reason: 'invalid_payload',
      field: 'txTypes',
    },
    {
      name: 'topic wildcard smuggled into an id',
      kind: 'counter-terminal',
      type: 'counter.open',
      payload: { ...open, staffId: 'E1/#' },
      reason: 'invalid_payload',
      field: 'staffId',
    },
    {
      name: 'unknown event type',
      kind: 'ticket-terminal',
      type: 'call.next',
      payload: request,
      reason: 'unknown_event_type',
      field: 'type',
    },
    {
      name: 'NaN count (as JSON can carry it: a string)',
      kind: 'people-counter',
      type: 'count',
      payload: { ...count, in: 'NaN' },
      reason: 'invalid_payload',
      field: 'in',
    },
    {
      name: 'NaN literal (not JSON at all)',
      kind: 'people-counter',
      type: 'count',
      payload: null,
      raw: JSON.stringify(count).replace('"in":1532', '"in":NaN'),
      reason: 'invalid_json',
      field: 'payload',
    },
    {
      name: 'negative count',
      kind: 'people-counter',
      type: 'count',
      payload: { ...count, out: -1 },
      reason: 'invalid_payload',
      field: 'out',
    },
    {
      name: 'fractional count',
      kind: 'people-counter',
      type: 'count',
      payload: { ...count, in: 10.5 },
      reason: 'invalid_payload',
      field: 'in',
    },
    {
      name: 'count beyond 32 bits',
      kind: 'people-counter',
      type: 'count',
      payload: { ...count, in: 2 ** 32 },
      reason: 'invalid_payload',
      field: 'in',
    },
    {
      name: 'score out of range',
      kind: 'rating-pad',
      type: 'rating',
      payload: { ...rating, score: 6 },
      reason: 'invalid_payload',
      field: 'score',
    },
    {
      name: 'negative seq',
      kind: 'rating-pad',
      type: 'rating',
      payload: { ...rating, seq: -3 },
      reason: 'invalid_payload',
      field: 'seq',
    },
    {
      name: 'timestamp beyond the clock-skew bound',
      kind: 'ticket-terminal',
      type: 'ticket.request',
      payload: { ...request, ts: now + 121_000 },
      reason: 'clock_skew',
      field: 'ts',
    },
    {
      name: 'timestamp older than the age bound',
      kind: 'ticket-terminal',
      type: 'ticket.request',
      payload: request,
      now: EXAMPLE_TS + 25 * 3_600_000,
      reason: 'stale_event',
      field: 'ts',
    },
    {
      name: 'timestamp in seconds instead of ms',
      kind: 'ticket-terminal',
      type: 'ticket.request',
      payload: { ...request, ts: Math.floor(EXAMPLE_TS / 1000) },
      reason: 'invalid_payload',
      field: 'ts',
    },
    {
      name: 'device id in the topic does not match the payload',
      kind: 'counter-terminal',
      type: 'counter.open',
      payload: open,
      deviceId: 'counter-4-btn',
      reason: 'device_mismatch',
      field: 'deviceId',
    },
    {
      name: 'not JSON',
      kind: 'counter-terminal',
      type: 'call.next',
      payload: null,
      raw: '{"eid": ',
      reason: 'invalid_json',
      field: 'payload',
    },
    {
      name: 'JSON but not an object',
      kind: 'counter-terminal',
      type: 'call.next',
      payload: [1, 2, 3],
      reason: 'invalid_payload',
      field: 'payload',
    },
    {
      name: 'payload over the size limit',
      kind: 'counter-terminal',
      type: 'call.next',
      payload: { ...open, pad: 'x'.repeat(5000) },
      reason: 'payload_too_large',
      field: 'payload',
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const error = rejection(event(c.kind, c.type, c.payload, { raw: c.raw, deviceId: c.deviceId, now: c.now }));
      expect(error.reason).toBe(c.reason);
      expect(error.field).toBe(c.field);
      expect(error.message.startsWith(`${c.field}:`)).toBe(true);
    });
  }

  it('names every bad field when several are wrong', () => {
    const error = rejection(event('counter-terminal', 'counter.open', { ...open, staffId: 5, seq: 'x' }));
    expect(error.message).toContain('staffId:');
    expect(error.message).toContain('seq:');
  });

  it('takes the skew bound from the caller', () => {
    const ahead = { ...request, ts: now + 30_000 };
    expect(event('ticket-terminal', 'ticket.request', ahead).ok).toBe(true);
    const strict = parseDeviceEvent({
      kind: 'ticket-terminal',
      topic: topics.event(EXAMPLE_HALL, 'kiosk-1', 'ticket.request'),
      payload: JSON.stringify(ahead),
      now,
      limits: { maxClockSkewMs: 10_000 },
    });
    expect(strict.ok ? null : strict.error).toMatchObject({ reason: 'clock_skew', field: 'ts' });
  });

  it('rejects a topic that is not an event topic', () => {
    const result = parseDeviceEvent({
      kind: 'ticket-terminal',
      topic: 'hall/SZ-FT-001/dev/kiosk-1/state',
      payload: '{}',
      now,
    });
    expect(result.ok ? null : result.error).toMatchObject({ reason: 'bad_topic', field: 'topic' });
  });

  it('rejects bad availability, responses and commands with the field named', () => {
    expect(parseAvailability('{"online":true}')).toMatchObject({ ok: false, error: { field: 'payload' } });
    expect(parseCommandResponse('{"status":"done"}')).toMatchObject({ ok: false, error: { field: 'status' } });
    expect(parseDeviceCommand('ticket-terminal', 'prompt', '{}')).toMatchObject({
      ok: false,
      error: { reason: 'unknown_command', field: 'name' },
    });
    const print = { ...examples['ticket-terminal'].commands.print, eta: { p50Minutes: -1, p90Minutes: 4 } };
    expect(parseDeviceCommand('ticket-terminal', 'print', JSON.stringify(print))).toMatchObject({
      ok: false,
      error: { field: 'eta.p50Minutes' },
    });
  });

  it('rejects a state payload with a bad field', () => {
    const state = { ...examples['rating-pad'].state, batteryPct: 140 };
    const result = parseDeviceState({
      kind: 'rating-pad',
      topic: topics.state(EXAMPLE_HALL, 'pad-3'),
      payload: JSON.stringify(state),
    });
    expect(result).toMatchObject({ ok: false, error: { reason: 'invalid_payload', field: 'batteryPct' } });
  });
});
