/**
 * The simulated clerks' day from a published roster (the hall config's roster section, as the hub holds
 * it: `roster.day` on the hub's API) instead of the scenario's weekly roster. A published shift names the
 * clerk, the times, the breaks and the service planned, not a counter: the simulation seats each shift at
 * a counter that is free for the whole shift — the clerk's own (the scenario's `counterId`) when it is,
 * else a counter whose own clerk is skilled for the planned service, else any free counter; own counters
 * first, then the others, earliest shifts first. A shift no counter is free for is left out and reported (more clerks than counters).
 * A clerk the scenario does not know works at the scenario's usual pace.
 */
import { rosterSectionSchema } from '@hall/devices';
import type { z } from 'zod';
import type { BreakSpec, Scenario, StaffSpec } from './scenario.ts';
import { minutes } from './scenario.ts';

/** One day of the published roster (the hub's `roster.day` answer, validated with the devices' contract). */
export const publishedDaySchema = rosterSectionSchema.shape.days.element;
export type PublishedDay = z.infer<typeof publishedDaySchema>;

export interface SeatedShift {
  staff: StaffSpec;
  start: string;
  end: string;
  breaks: BreakSpec[];
}

/**
 * `keep` (a roster published while the hall works): clerks at a counter now stay there, and their
 * counters are busy until `until` (HH:MM; the clerk finishing the customer at the counter) even when
 * their shift is gone from the new roster.
 */
export function rosterShifts(
  scenario: Scenario,
  day: Pick<PublishedDay, 'shifts'>,
  keep: { counters: ReadonlyMap<string, string>; until: string } = { counters: new Map(), until: '00:00' },
): { shifts: SeatedShift[]; unseated: string[] } {
  const byId = new Map(scenario.staff.map((st) => [st.id, st]));
  const counters = scenario.devices.counters.map((c) => c.counterId);
  // Whose counter it is in the scenario: its clerk's skills stand for what the counter serves.
  const ownerOf = new Map(scenario.staff.map((st) => [st.counterId, st]));
  const taken = new Map<string, Array<[number, number]>>(counters.map((c) => [c, []]));
  const free = (counterId: string, from: number, to: number) =>
    (taken.get(counterId) ?? []).every(([a, b]) => to <= a || from >= b);
  const rostered = new Set(day.shifts.map((sh) => sh.staffId));
  for (const [staffId, counterId] of keep.counters)
    if (!rostered.has(staffId)) taken.get(counterId)?.push([0, minutes(keep.until)]);
  const shifts: SeatedShift[] = [];
  const unseated: string[] = [];
  const ordered = [...day.shifts].sort((a, b) =>
    a.start === b.start ? a.staffId.localeCompare(b.staffId) : a.start < b.start ? -1 : 1,
  );
  // First the clerks at their own counters (so a later shift of a counter's own clerk is not lost to an
  // earlier stranger), then everyone else where there is room.
  const seats = new Map<(typeof ordered)[number], string>();
  for (const sh of ordered) {
    const own = keep.counters.get(sh.staffId) ?? byId.get(sh.staffId)?.counterId;
    if (own && free(own, minutes(sh.start), minutes(sh.end))) {
      taken.get(own)?.push([minutes(sh.start), minutes(sh.end)]);
      seats.set(sh, own);
    }
  }
  for (const sh of ordered) {
    if (seats.has(sh)) continue;
    const from = minutes(sh.start);
    const to = minutes(sh.end);
    const skilled = (c: string) => (sh.serviceId ? (ownerOf.get(c)?.skills[sh.serviceId] ?? 0) > 0 : false);
    const counterId = [...counters.filter(skilled), ...counters].find((c) => free(c, from, to));
    if (!counterId) {
      unseated.push(`${sh.staffId} ${sh.start}-${sh.end}`);
      continue;
    }
    taken.get(counterId)?.push([from, to]);
    seats.set(sh, counterId);
  }
  for (const sh of ordered) {
    const counterId = seats.get(sh);
    if (!counterId) continue;
    const known = byId.get(sh.staffId);
    const staff: StaffSpec = known
      ? { ...known, counterId }
      : {
          id: sh.staffId,
          name: sh.staffId,
          counterId,
          skills: sh.serviceId ? { [sh.serviceId]: 1 } : {},
          breaks: [],
          speed: 1,
          speedFrom: [],
          ratingMean: 4.4,
        };
    shifts.push({
      staff,
      start: sh.start,
      end: sh.end,
      // A break of half an hour or more is the meal break; shorter ones are rests at the counter's sign.
      breaks: sh.breaks.map((b) => {
        const length = minutes(b.end) - minutes(b.start);
        return { start: b.start, minutes: length, reason: length >= 30 ? 'meal' : 'break' };
      }),
    });
  }
  return { shifts, unseated };
}
