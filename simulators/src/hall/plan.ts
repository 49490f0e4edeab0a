/**
 * One simulated day of a hall, planned in advance from the scenario and a seed: who arrives when, for
 * what, how patient they are, how long their service takes, whether they would balk, how they rate.
 * Everything random is drawn here, from separate streams, so the same seed gives the same day whatever
 * the hub answers; what happens at run time (queues, calls) is decided by the hub on the wire.
 */
import { Random } from '../random/random.ts';
import { sampleArrivals, type RateProfile } from './arrivals.ts';
import { MINUTE, weekdayOf, zonedEpoch, type Weekday } from './calendar.ts';
import { minutes, type Scenario, type ServiceSpec } from './scenario.ts';

export type Priority = 'vip' | 'appointment' | 'elderly';

export interface PlannedCustomer {
  id: number;
  /** When the customer walks in (epoch ms). */
  arrival: number;
  /** When the ticket is requested: at arrival at the kiosk, earlier for remote tickets. */
  requestAt: number;
  channel: 'kiosk' | 'remote';
  serviceId: string;
  priority?: Priority;
  /** Leaves after waiting this long without being called. */
  patienceMs: number;
  /** Service duration at a clerk with speed 1. */
  serviceMs: number;
  walkMs: number;
  /** Uniform draw compared with the balking probability at arrival. */
  balkDraw: number;
  /** Which entrance (index into the scenario's people counters). */
  door: number;
  rating: { responds: boolean; noise: number; afterMs: number; reasonDraw: number };
  /** How long after the service the customer walks out. */
  exitMs: number;
}

export interface PlannedWalkIn {
  arrival: number;
  leave: number;
  door: number;
}

export interface DayPlan {
  date: string;
  weekday: Weekday;
  open: number;
  close: number;
  customers: PlannedCustomer[];
  walkIns: PlannedWalkIn[];
  /** The arrival rate profile of each service: what the arrivals were drawn from. */
  profiles: Map<string, RateProfile>;
}

export function isWeekend(day: Weekday): boolean {
  return day === 'sat' || day === 'sun';
}

/** Expected ticket arrivals per interval for one service on one date. */
export function effectiveWeekday(scenario: Scenario, date: string): Weekday {
  return scenario.asWeekday ?? weekdayOf(date);
}

export function serviceProfile(scenario: Scenario, service: ServiceSpec, date: string): RateProfile | null {
  const weekday = effectiveWeekday(scenario, date);
  const hours = scenario.openingHours[weekday];
  if (!hours) return null;
  const weights = isWeekend(weekday) ? scenario.intraday.weekend : scenario.intraday.weekday;
  const total = weights.reduce((a, b) => a + b, 0);
  const volume = service.dailyVolume[weekday] * service.surge;
  return {
    start: zonedEpoch(date, hours.open, scenario.hall.timeZone),
    intervalMs: scenario.intraday.intervalMinutes * MINUTE,
    expected: weights.map((w) => (total > 0 ? (volume * w) / total : 0)),
  };
}

export function planDay(scenario: Scenario, date: string, seed = scenario.seed): DayPlan {
  const weekday = effectiveWeekday(scenario, date);
  const hours = scenario.openingHours[weekday];
  const root = new Random(seed);
  // One stream per purpose, forked in a fixed order: adding a service does not change the draws of
  // the ones before it, and changing patience does not move arrivals.
  const arrivalStreams = scenario.services.map(() => root.fork());
  const attributes = root.fork();
  const walkInStream = root.fork();
  // Forked last: a scenario without a door queue draws everything else as before.
  const doorStreams = scenario.services.map(() => root.fork());
  const profiles = new Map<string, RateProfile>();
  if (!hours) return { date, weekday, open: 0, close: 0, customers: [], walkIns: [], profiles };

  const open = zonedEpoch(date, hours.open, scenario.hall.timeZone);
  const close = zonedEpoch(date, hours.close, scenario.hall.timeZone);
  const doors = scenario.devices.peopleCounters.map((d) => d.share);
  const drawn: Array<{ arrival: number; service: ServiceSpec }> = [];
  scenario.services.forEach((service, i) => {
    const profile = serviceProfile(scenario, service, date);
    if (!profile) return;
    profiles.set(service.id, profile);
    for (const arrival of sampleArrivals(profile, arrivalStreams[i] as Random)) drawn.push({ arrival, service });
    // Before opening the door is shut: whoever comes earlier waits outside and walks in at opening.
    const early = scenario.doorQueueMinutes * MINUTE;
    if (early > 0) {
      const door: RateProfile = {
        start: open - early,
        intervalMs: early,
        expected: [((profile.expected[0] ?? 0) * early) / profile.intervalMs],
      };
      for (const _ of sampleArrivals(door, doorStreams[i] as Random)) drawn.push({ arrival: open, service });
    }
  });
  drawn.sort((a, b) => a.arrival - b.arrival);

  const [walkMin, walkMax] = scenario.counterBehaviour.walkSeconds;
  const customers = drawn.map(({ arrival, service }, id): PlannedCustomer => {
    const r = attributes;
    const priority = pickPriority(service, r);
    const remote = r.chance(service.remoteShare);
    const lead = remote ? r.between(10, 40) * MINUTE : 0;
    return {
      id,
      arrival,
      requestAt: Math.max(open, arrival - lead),
      channel: remote ? 'remote' : 'kiosk',
      serviceId: service.id,
      ...(priority ? { priority } : {}),
      patienceMs:
        service.patienceCv === undefined
          ? r.exponential(service.patienceMeanMinutes * MINUTE)
          : r.lognormal(service.patienceMeanMinutes * MINUTE, service.patienceCv),
      serviceMs: r.lognormal(service.serviceTime.meanMinutes * MINUTE, service.serviceTime.cv),
      walkMs: r.between(walkMin, walkMax) * 1_000,
      balkDraw: r.uniform(),
      door: doors.length ? r.weighted(doors) : 0,
      rating: {
        responds: r.chance(scenario.ratings.responseRate),
        noise: r.normal(0, 0.6),
        afterMs: r.between(4, 20) * 1_000,
        reasonDraw: r.uniform(),
      },
      exitMs: r.between(20, 90) * 1_000,
    };
  });

  const walkIns: PlannedWalkIn[] = [];
  const walkInCount = customers.length * scenario.walkIns.share;
  if (walkInCount > 0) {
    // Walk-ins follow the hall's overall profile: the same weights, scaled to their volume.
    const weights = isWeekend(weekday) ? scenario.intraday.weekend : scenario.intraday.weekday;
    const total = weights.reduce((a, b) => a + b, 0);
    const profile: RateProfile = {
      start: open,
      intervalMs: scenario.intraday.intervalMinutes * MINUTE,
      expected: weights.map((w) => (walkInCount * w) / total),
    };
    for (const arrival of sampleArrivals(profile, walkInStream)) {
      walkIns.push({
        arrival,
        leave: Math.min(
          close + 15 * MINUTE,
          arrival + walkInStream.exponential(scenario.walkIns.stayMeanMinutes * MINUTE),
        ),
        door: doors.length ? walkInStream.weighted(doors) : 0,
      });
    }
  }
  return { date, weekday, open, close, customers, walkIns, profiles };
}

function pickPriority(service: ServiceSpec, r: Random): Priority | undefined {
  const u = r.uniform();
  let acc = 0;
  for (const [priority, share] of Object.entries(service.priorityShare) as Array<[Priority, number]>) {
    acc += share;
    if (u < acc) return priority;
  }
  return undefined;
}

/** Minutes from midnight of a staff member's shift edges, as instants on the plan's date. */
export function shiftInstants(scenario: Scenario, date: string, hhmm: string): number {
  return zonedEpoch(date, hhmm, scenario.hall.timeZone);
}

export { minutes };
