/** The quiet-weekday hall squeezed into two busy morning hours (used by the end-to-end tests). */
import { resolve } from 'node:path';
import { loadScenario, type Scenario } from '@hall/simulators';

const base = loadScenario(resolve(import.meta.dirname, '../../../simulators/scenarios/quiet-weekday.yaml'));

/** A Wednesday. */
export const MORNING_DATE = '2026-11-25';

/** Two hours of opening, about 160 customers, clerks staying until the queue is worked off. */
export const busyMorning: Scenario = {
  ...base,
  openingHours: { ...base.openingHours, wed: { open: '09:00', close: '11:00' } },
  intraday: { ...base.intraday, weekday: [8, 10, 10, 8] },
  services: base.services.map((s, i) => ({ ...s, dailyVolume: { ...s.dailyVolume, wed: [90, 40, 16, 14][i] ?? 10 } })),
  // Five clerks on one shift, no roster, nobody at the door before opening: the hall as these tests were written for.
  roster: undefined,
  doorQueueMinutes: 0,
  staff: base.staff.slice(0, 5).map((s) => ({
    ...s,
    shift: { start: '08:45', end: '12:30' },
    breaks: s.id === 'E1003' ? [{ start: '10:00', minutes: 15, reason: 'break' as const }] : [],
  })),
  devices: { ...base.devices, peopleCounters: base.devices.peopleCounters.filter((d) => d.transport === 'mqtt') },
};
