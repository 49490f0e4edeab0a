/**
 * How a device kind is described: as data. The hub, the simulators and the cloud learn a kind's events,
 * commands, state and liveness rules from its definition, so adding a kind needs no change to the hub.
 */
import { z } from 'zod';
import { commandEnvelopeSchema, eventEnvelopeSchema, stateBaseShape } from './envelope.ts';

export type Transport = 'mqtt' | 'modbus-tcp' | 'opcua';
type Shape = z.ZodRawShape;

export interface DeviceKindSpec<
  K extends string,
  E extends Record<string, Shape>,
  C extends Record<string, Shape>,
  S extends Shape,
> {
  kind: K;
  label: { 'zh-CN': string; en: string };
  transports: readonly Transport[];
  /** Payload fields of each event type, without the envelope. */
  events: E;
  /** Payload fields of each command, without `reqId`. */
  commands: C;
  /** Kind-specific fields of the retained state payload. */
  state: S;
  /**
   * A device that sends nothing (event, state or heartbeat) for this long is offline even if its will
   * never arrived (a pulled cable leaves the TCP session half-open until the keepalive runs out).
   */
  heartbeatTimeoutMs: number;
}

type EventSchemas<E extends Record<string, Shape>> = {
  [T in keyof E]: z.ZodObject<typeof eventEnvelopeSchema.shape & E[T]>;
};
type CommandSchemas<C extends Record<string, Shape>> = {
  [N in keyof C]: z.ZodObject<typeof commandEnvelopeSchema.shape & C[N]>;
};

export interface DeviceKind<
  K extends string = string,
  E extends Record<string, Shape> = Record<string, Shape>,
  C extends Record<string, Shape> = Record<string, Shape>,
  S extends Shape = Shape,
> {
  kind: K;
  label: { 'zh-CN': string; en: string };
  transports: readonly Transport[];
  heartbeatTimeoutMs: number;
  events: EventSchemas<E>;
  commands: CommandSchemas<C>;
  state: z.ZodObject<typeof stateBaseShape & S>;
}

export function defineDeviceKind<
  const K extends string,
  E extends Record<string, Shape>,
  C extends Record<string, Shape>,
  S extends Shape,
>(spec: DeviceKindSpec<K, E, C, S>): DeviceKind<K, E, C, S> {
  const events = Object.fromEntries(
    Object.entries(spec.events).map(([type, shape]) => [type, eventEnvelopeSchema.extend(shape)]),
  ) as EventSchemas<E>;
  const commands = Object.fromEntries(
    Object.entries(spec.commands).map(([name, shape]) => [name, commandEnvelopeSchema.extend(shape)]),
  ) as CommandSchemas<C>;
  return {
    kind: spec.kind,
    label: spec.label,
    transports: spec.transports,
    heartbeatTimeoutMs: spec.heartbeatTimeoutMs,
    events,
    commands,
    state: z.object({ ...stateBaseShape, ...spec.state }),
  };
}

/** The payload type of one event of a kind, envelope included. */
export type EventOf<D extends DeviceKind, T extends keyof D['events']> = z.infer<D['events'][T]>;
/** The payload type of one command of a kind, `reqId` included. */
export type CommandOf<D extends DeviceKind, N extends keyof D['commands']> = z.infer<D['commands'][N]>;
export type StateOf<D extends DeviceKind> = z.infer<D['state']>;
