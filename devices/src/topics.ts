/**
 * MQTT topics of the hall (DESIGN.md §3). Builders for every topic and one parser that turns a topic
 * back into its parts, so the broker's ACL, the hub's ingress and the simulators agree on one layout:
 *
 *   hall/{hallId}/dev/{deviceId}/evt/{type}      device → hub, QoS 1
 *   hall/{hallId}/dev/{deviceId}/avail           both, retained ('online' | 'offline', the will)
 *   hall/{hallId}/dev/{deviceId}/state           device → hub, retained
 *   hall/{hallId}/dev/{deviceId}/cmd/{name}      hub → device, QoS 1
 *   hall/{hallId}/dev/{deviceId}/res/{reqId}     device → hub, QoS 1
 *   hall/{hallId}/hub/avail                      hub, retained
 *   hall/{hallId}/hub/alarm/{alarmId}            hub → displays, retained (empty payload when cleared)
 */
import { isTopicSafeId } from './ids.ts';

export type ParsedTopic =
  | { kind: 'event'; hallId: string; deviceId: string; type: string }
  | { kind: 'avail'; hallId: string; deviceId: string }
  | { kind: 'state'; hallId: string; deviceId: string }
  | { kind: 'command'; hallId: string; deviceId: string; name: string }
  | { kind: 'response'; hallId: string; deviceId: string; reqId: string }
  | { kind: 'hub-avail'; hallId: string }
  | { kind: 'hub-alarm'; hallId: string; alarmId: string };

/** Event types, command names and request ids: dotted tokens, never MQTT wildcards or separators. */
const TOKEN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

function segment(value: string, what: string, pattern: (v: string) => boolean): string {
  if (!pattern(value)) throw new TypeError(`${what} ${JSON.stringify(value)} cannot be a topic segment`);
  return value;
}
const id = (value: string, what: string) => segment(value, what, isTopicSafeId);
const token = (value: string, what: string) => segment(value, what, (v) => TOKEN.test(v));

const devicePrefix = (hallId: string, deviceId: string) =>
  `hall/${id(hallId, 'hallId')}/dev/${id(deviceId, 'deviceId')}`;

export const topics = {
  event: (hallId: string, deviceId: string, type: string) =>
    `${devicePrefix(hallId, deviceId)}/evt/${token(type, 'event type')}`,
  avail: (hallId: string, deviceId: string) => `${devicePrefix(hallId, deviceId)}/avail`,
  state: (hallId: string, deviceId: string) => `${devicePrefix(hallId, deviceId)}/state`,
  command: (hallId: string, deviceId: string, name: string) =>
    `${devicePrefix(hallId, deviceId)}/cmd/${token(name, 'command name')}`,
  response: (hallId: string, deviceId: string, reqId: string) =>
    `${devicePrefix(hallId, deviceId)}/res/${token(reqId, 'reqId')}`,
  hubAvail: (hallId: string) => `hall/${id(hallId, 'hallId')}/hub/avail`,
  hubAlarm: (hallId: string, alarmId: string) => `hall/${id(hallId, 'hallId')}/hub/alarm/${id(alarmId, 'alarmId')}`,

  /** Subscription filters. */
  filters: {
    /** Everything devices send to the hub of one hall. */
    deviceUplink: (hallId: string) => [
      `hall/${id(hallId, 'hallId')}/dev/+/evt/+`,
      `hall/${hallId}/dev/+/avail`,
      `hall/${hallId}/dev/+/state`,
      `hall/${hallId}/dev/+/res/+`,
    ],
    /** What one device may subscribe to: its own commands. */
    deviceCommands: (hallId: string, deviceId: string) => `${devicePrefix(hallId, deviceId)}/cmd/#`,
    hubAlarms: (hallId: string) => `hall/${id(hallId, 'hallId')}/hub/alarm/#`,
  },
} as const;

/** Parses a concrete topic (no wildcards). Returns null for anything outside the hall layout. */
export function parseTopic(topic: string): ParsedTopic | null {
  const parts = topic.split('/');
  const [root, hallId, area] = parts;
  if (root !== 'hall' || hallId === undefined || !isTopicSafeId(hallId)) return null;
  if (area === 'hub') {
    if (parts.length === 4 && parts[3] === 'avail') return { kind: 'hub-avail', hallId };
    if (parts.length === 5 && parts[3] === 'alarm' && isTopicSafeId(parts[4] as string)) {
      return { kind: 'hub-alarm', hallId, alarmId: parts[4] as string };
    }
    return null;
  }
  const deviceId = parts[3];
  if (area !== 'dev' || deviceId === undefined || !isTopicSafeId(deviceId)) return null;
  const [, , , , leaf, arg] = parts;
  if (parts.length === 5) {
    if (leaf === 'avail') return { kind: 'avail', hallId, deviceId };
    if (leaf === 'state') return { kind: 'state', hallId, deviceId };
    return null;
  }
  if (parts.length !== 6 || arg === undefined || !TOKEN.test(arg)) return null;
  if (leaf === 'evt') return { kind: 'event', hallId, deviceId, type: arg };
  if (leaf === 'cmd') return { kind: 'command', hallId, deviceId, name: arg };
  if (leaf === 'res') return { kind: 'response', hallId, deviceId, reqId: arg };
  return null;
}
