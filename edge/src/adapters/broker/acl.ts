/**
 * Who may publish and subscribe where (DESIGN.md §3): a device publishes only under its own
 * `hall/{hall}/dev/{deviceId}/` subtree, only its kind's event types, its `avail`, `state` and answers on
 * `res/{reqId}`; it subscribes only to its own `cmd/#` and `res/#` (and `hub/alarm/#`, `hub/avail`).
 * Pure functions, so the rules are tested without a broker.
 */
import { deviceKinds, parseTopic, topics, type DeviceKindName } from '@hall/devices';

export interface DeviceIdentity {
  id: string;
  kind: DeviceKindName;
}

export type AclVerdict = { ok: true } | { ok: false; reason: string };

export function mayPublish(hallId: string, device: DeviceIdentity, topic: string): AclVerdict {
  const t = parseTopic(topic);
  if (!t) return { ok: false, reason: `${topic} is not a hall topic` };
  if (t.hallId !== hallId) return { ok: false, reason: `${topic} belongs to another hall` };
  if (t.kind === 'hub-avail' || t.kind === 'hub-alarm' || t.kind === 'command')
    return { ok: false, reason: `only the hub publishes ${t.kind} topics` };
  if (t.deviceId !== device.id) return { ok: false, reason: `${device.id} may not publish for ${t.deviceId}` };
  if (t.kind === 'event' && !(t.type in deviceKinds[device.kind].events))
    return { ok: false, reason: `a ${device.kind} has no event ${t.type}` };
  return { ok: true };
}

export function maySubscribe(hallId: string, device: DeviceIdentity, filter: string): AclVerdict {
  // Its commands, and the hub's answers to its refused messages on its own res/# (the hub answers a
  // rejected message that carried a reqId there).
  const allowed = [topics.filters.deviceCommands(hallId, device.id), `hall/${hallId}/dev/${device.id}/res/#`];
  // Any device may follow the hub's availability and alarms (LED boards, displays, the wall screen).
  allowed.push(topics.hubAvail(hallId), topics.filters.hubAlarms(hallId));
  if (allowed.includes(filter)) return { ok: true };
  // A narrower filter inside its own commands is fine too.
  const own = `hall/${hallId}/dev/${device.id}/cmd/`;
  if (filter.startsWith(own) && !filter.slice(own.length).includes('#') && !filter.slice(own.length).includes('+'))
    return { ok: true };
  return { ok: false, reason: `${device.id} may not subscribe to ${filter}` };
}
