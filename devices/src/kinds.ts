/** Every device kind the hall knows, by name. */
import { z } from 'zod';
import { counterTerminal } from './counter-terminal/counter-terminal.contract.ts';
import { opcuaDevice } from './opcua-device/opcua-device.contract.ts';
import { peopleCounter } from './people-counter/people-counter.contract.ts';
import { ratingPad } from './rating-pad/rating-pad.contract.ts';
import { ticketTerminal } from './ticket-terminal/ticket-terminal.contract.ts';

export const deviceKinds = {
  'ticket-terminal': ticketTerminal,
  'counter-terminal': counterTerminal,
  'rating-pad': ratingPad,
  'people-counter': peopleCounter,
  'opcua-device': opcuaDevice,
} as const;

export type DeviceKinds = typeof deviceKinds;
export type DeviceKindName = keyof DeviceKinds;
export const deviceKindNameSchema = z.enum(Object.keys(deviceKinds) as [DeviceKindName, ...DeviceKindName[]]);

/** The event types a kind may publish: what the broker's ACL allows under `evt/`. */
export function eventTypesOf(kind: DeviceKindName): string[] {
  return Object.keys(deviceKinds[kind].events);
}

/** The commands a kind understands. */
export function commandNamesOf(kind: DeviceKindName): string[] {
  return Object.keys(deviceKinds[kind].commands);
}

/** A typed event of one kind: `{ type, payload }` with the payload type that goes with the type. */
export type DeviceEventOf<K extends DeviceKindName> = {
  [T in keyof DeviceKinds[K]['events'] & string]: {
    type: T;
    payload: z.infer<DeviceKinds[K]['events'][T]>;
  };
}[keyof DeviceKinds[K]['events'] & string];

/** Any device event, tagged with its kind. */
export type AnyDeviceEvent = { [K in DeviceKindName]: { kind: K } & DeviceEventOf<K> }[DeviceKindName];

export type DeviceCommandOf<K extends DeviceKindName> = {
  [N in keyof DeviceKinds[K]['commands'] & string]: {
    name: N;
    payload: z.infer<DeviceKinds[K]['commands'][N]>;
  };
}[keyof DeviceKinds[K]['commands'] & string];
