/**
 * @hall/devices: the contract between the hall's devices and its hub (DESIGN.md §3). Depends on zod only;
 * imported by the hub, the simulators and, for types, the cloud and console.
 */
export * from './ids.ts';
export * from './envelope.ts';
export * from './kind.ts';
export * from './topics.ts';
export * from './kinds.ts';
export * from './ingress.ts';
export * from './ticket-terminal/ticket-terminal.contract.ts';
export * from './counter-terminal/counter-terminal.contract.ts';
export * from './rating-pad/rating-pad.contract.ts';
export * from './people-counter/people-counter.contract.ts';
export * from './people-counter/register-map.ts';
export * from './opcua-device/opcua-device.contract.ts';
export * from './examples.ts';
export * from './hall-config.ts';
