/**
 * Validation of what arrives from a device, on either side of the wire: the hub checks every uplink
 * message, a device (or simulator) checks every command. Nothing here throws on bad input: the result
 * says why a message was refused, with a reason code to count and a message that names the field.
 */
import type { z } from 'zod';
import { availabilitySchema, commandResponseSchema, type Availability, type CommandResponse } from './envelope.ts';
import { deviceKinds, type AnyDeviceEvent, type DeviceKindName } from './kinds.ts';
import { parseTopic } from './topics.ts';

export const rejectReasons = [
  'bad_topic',
  'payload_too_large',
  'invalid_json',
  'unknown_event_type',
  'unknown_command',
  'invalid_payload',
  'device_mismatch',
  'clock_skew',
  'stale_event',
] as const;
export type RejectReason = (typeof rejectReasons)[number];

export interface Rejection {
  reason: RejectReason;
  /** Dotted path of the offending field, `payload` for the message as a whole, `topic` for the topic. */
  field: string;
  message: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: Rejection };

export interface IngressLimits {
  maxPayloadBytes: number;
  /** How far a device's `ts` may run ahead of the hub's clock. */
  maxClockSkewMs: number;
  /**
   * How old an event may be. Larger than the skew bound on purpose: a device that buffered events while
   * the hub was unreachable delivers them late, and they are still true.
   */
  maxEventAgeMs: number;
}

export const defaultIngressLimits: IngressLimits = {
  maxPayloadBytes: 4_096,
  maxClockSkewMs: 120_000,
  maxEventAgeMs: 24 * 3_600_000,
};

const reject = (reason: RejectReason, field: string, message: string): { ok: false; error: Rejection } => ({
  ok: false,
  error: { reason, field, message },
});

/** Turns zod issues into one rejection whose message names every offending field. */
export function checkSchema<S extends z.ZodType>(schema: S, value: unknown): Checked<z.infer<S>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const parts = result.error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.join('.') : 'payload';
    return { field, text: `${field}: ${issue.message}` };
  });
  return reject('invalid_payload', parts[0]?.field ?? 'payload', parts.map((p) => p.text).join('; '));
}

function decodeJson(payload: Uint8Array | string, limits: IngressLimits): Checked<unknown> {
  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
  if (size > limits.maxPayloadBytes) {
    return reject(
      'payload_too_large',
      'payload',
      `payload: ${size} bytes is over the limit of ${limits.maxPayloadBytes}`,
    );
  }
  const text =
    typeof payload === 'string'
      ? payload
      : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return reject('invalid_json', 'payload', `payload: not valid JSON (${(err as Error).message})`);
  }
}

export interface DeviceMessage {
  kind: DeviceKindName;
  topic: string;
  payload: Uint8Array | string;
  /** The hub's clock, ms since the epoch. */
  now: number;
  limits?: Partial<IngressLimits>;
}

export interface CheckedEvent {
  hallId: string;
  deviceId: string;
  event: AnyDeviceEvent;
}

/** Validates a device event from its topic and payload against the device's kind. */
export function parseDeviceEvent(msg: DeviceMessage): Checked<CheckedEvent> {
  const limits = { ...defaultIngressLimits, ...msg.limits };
  const topic = parseTopic(msg.topic);
  if (!topic || topic.kind !== 'event')
    return reject('bad_topic', 'topic', `topic: ${JSON.stringify(msg.topic)} is not a device event topic`);

  const kind = deviceKinds[msg.kind];
  const schema = (kind.events as Record<string, z.ZodType>)[topic.type];
  if (!schema) {
    const known = Object.keys(kind.events).join(', ') || 'none';
    return reject(
      'unknown_event_type',
      'type',
      `type: '${topic.type}' is not an event of a ${msg.kind} (known: ${known})`,
    );
  }

  const json = decodeJson(msg.payload, limits);
  if (!json.ok) return json;
  const checked = checkSchema(schema, json.value);
  if (!checked.ok) return checked;
  const payload = checked.value as { deviceId: string; ts: number };

  if (payload.deviceId !== topic.deviceId) {
    return reject(
      'device_mismatch',
      'deviceId',
      `deviceId: '${payload.deviceId}' in the payload does not match '${topic.deviceId}' in the topic`,
    );
  }
  const ahead = payload.ts - msg.now;
  if (ahead > limits.maxClockSkewMs) {
    return reject(
      'clock_skew',
      'ts',
      `ts: ${Math.round(ahead / 1000)} s ahead of the hub's clock (bound ${Math.round(limits.maxClockSkewMs / 1000)} s)`,
    );
  }
  if (-ahead > limits.maxEventAgeMs) {
    return reject(
      'stale_event',
      'ts',
      `ts: ${Math.round(-ahead / 1000)} s old (bound ${Math.round(limits.maxEventAgeMs / 1000)} s)`,
    );
  }
  const event = { kind: msg.kind, type: topic.type, payload } as AnyDeviceEvent;
  return { ok: true, value: { hallId: topic.hallId, deviceId: topic.deviceId, event } };
}

/** Validates a device's retained state message. */
export function parseDeviceState(msg: Omit<DeviceMessage, 'now'>): Checked<Record<string, unknown>> {
  const limits = { ...defaultIngressLimits, ...msg.limits };
  const topic = parseTopic(msg.topic);
  if (!topic || topic.kind !== 'state')
    return reject('bad_topic', 'topic', `topic: ${JSON.stringify(msg.topic)} is not a device state topic`);
  const json = decodeJson(msg.payload, limits);
  if (!json.ok) return json;
  return checkSchema(deviceKinds[msg.kind].state, json.value) as Checked<Record<string, unknown>>;
}

/** Validates a device's answer to a command. */
export function parseCommandResponse(
  payload: Uint8Array | string,
  limits?: Partial<IngressLimits>,
): Checked<CommandResponse> {
  const json = decodeJson(payload, { ...defaultIngressLimits, ...limits });
  if (!json.ok) return json;
  return checkSchema(commandResponseSchema, json.value);
}

/** `online` / `offline`, as plain text. */
export function parseAvailability(payload: Uint8Array | string): Checked<Availability> {
  const text = (typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8')).trim();
  const checked = availabilitySchema.safeParse(text);
  if (checked.success) return { ok: true, value: checked.data };
  return reject(
    'invalid_payload',
    'payload',
    `payload: availability must be 'online' or 'offline', got ${JSON.stringify(text.slice(0, 40))}`,
  );
}

/** Device side: validates a command from the hub against the device's kind. */
export function parseDeviceCommand(
  kind: DeviceKindName,
  name: string,
  payload: Uint8Array | string,
  limits?: Partial<IngressLimits>,
): Checked<{ name: string; payload: Record<string, unknown> }> {
  const schema = (deviceKinds[kind].commands as Record<string, z.ZodType>)[name];
  if (!schema) return reject('unknown_command', 'name', `name: '${name}' is not a command of a ${kind}`);
  const json = decodeJson(payload, { ...defaultIngressLimits, ...limits });
  if (!json.ok) return json;
  const checked = checkSchema(schema, json.value);
  return checked.ok ? { ok: true, value: { name, payload: checked.value as Record<string, unknown> } } : checked;
}
