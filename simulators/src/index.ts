/**
 * @hall/simulators: wire-level hall devices and simulated halls, for tests, benchmarks and the demo.
 * The CLI is src/cli/sim.ts (`npm run sim`).
 */
export * from './clock/scheduler.ts';
export * from './random/random.ts';
export * from './devices/mqtt-device.ts';
export * from './devices/ticket-terminal.sim.ts';
export * from './devices/counter-terminal.sim.ts';
export * from './devices/rating-pad.sim.ts';
export * from './devices/people-counter-mqtt.sim.ts';
export * from './devices/people-counter-modbus.sim.ts';
export * from './devices/opcua-device.sim.ts';
export * from './faults/hostile-payloads.ts';
export * from './hall/calendar.ts';
export * from './hall/scenario.ts';
export * from './hall/plan.ts';
export * from './hall/hall.sim.ts';
export * from './hall/roster-shifts.ts';
export * from './hall/roster-source.ts';
export * from './hall/staff.agent.ts';
export * from './replay/bank-data.ts';
export * from './replay/bank.replay.ts';
export { bankHallConfig, replayDayStart, replaySecret } from './replay/bank-config.ts';
