/**
 * The hub configuration that matches a simulator scenario: its services, counters (from the clerks'
 * counters and skills), staff and MQTT devices, each with a generated secret. Returns the secrets as
 * the environment the simulator reads them from (HALL_SIM_SECRET_<ID>).
 */
import type { Scenario } from '@hall/simulators';
import { credential, hallConfig, type TestDevice } from './test-hub.ts';

export function hubConfigFor(scenario: Scenario): { hall: ReturnType<typeof hallConfig>; env: Record<string, string> } {
  const devices: TestDevice[] = [
    ...scenario.devices.ticketTerminals.map((k) => ({ id: k.id, kind: 'ticket-terminal' as const })),
    ...scenario.devices.counters.flatMap((c) => [
      { id: c.terminal.id, kind: 'counter-terminal' as const, counterId: c.counterId },
      ...(c.ratingPad ? [{ id: c.ratingPad.id, kind: 'rating-pad' as const, counterId: c.counterId }] : []),
    ]),
    ...scenario.devices.peopleCounters
      .filter((d) => d.transport === 'mqtt')
      .map((d) => ({ id: d.id, kind: 'people-counter' as const })),
  ];
  const counters = scenario.devices.counters.map((c) => {
    const clerk = scenario.staff.find((s) => s.counterId === c.counterId);
    return {
      id: c.counterId,
      name: `${c.counterId.replace(/^C0?/, '')}号窗口`,
      services: clerk?.skills ?? Object.fromEntries(scenario.services.map((s) => [s.id, 1])),
    };
  });
  const hall = hallConfig({
    hallId: scenario.hall.id,
    devices,
    services: scenario.services.map((s) => ({
      id: s.id,
      name: s.name,
      prefix: s.prefix,
      expectedServiceMinutes: s.serviceTime.meanMinutes,
    })),
    counters,
    staff: scenario.staff.map((s) => ({ id: s.id, name: s.name })),
  });
  const env = Object.fromEntries(
    devices.map((d) => [`HALL_SIM_SECRET_${d.id.toUpperCase().replace(/-/g, '_')}`, credential(d.id).secret]),
  );
  return { hall, env };
}
