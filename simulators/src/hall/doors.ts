/** The hall's entrances: whatever people counter stands at a door, the hall model only says in and out. */
import type { OpcuaDeviceSim } from '../devices/opcua-device.sim.ts';
import type { PeopleCounterModbusSim } from '../devices/people-counter-modbus.sim.ts';
import type { PeopleCounterMqttSim } from '../devices/people-counter-mqtt.sim.ts';

export interface Door {
  id: string;
  enter(n?: number): void;
  leave(n?: number): void;
}

export function doorOf(id: string, counter: PeopleCounterModbusSim | PeopleCounterMqttSim | OpcuaDeviceSim): Door {
  return { id, enter: (n = 1) => counter.enter(n), leave: (n = 1) => counter.leave(n) };
}

/** A hall without people counters still walks its customers in and out. */
export const noDoor: Door = { id: 'none', enter: () => {}, leave: () => {} };
