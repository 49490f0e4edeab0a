/**
 * What the hub's features may read of one another: narrow, read-only views that the composition root
 * (hub.ts) builds and hands in. Features never import each other; they meet on the bus (events) and
 * through these views (state). Types only: nothing here runs.
 */
import type { AlarmParams } from '@hall/devices/alarm-text';
import type { HallConfig } from './config.ts';
import type { RuleId, Severity } from './features/alerts/alarm.rules.ts';
import type { Counter, Ticket } from './features/queue/queue.types.ts';

export type { Counter, Ticket };

/** The queue as the others see it (hall state, historian, ratings): the engine, read-only. */
export interface QueueView {
  readonly date: string | null;
  /** Today's tickets by internal id (numbers repeat once the range wraps). */
  readonly tickets: ReadonlyMap<number, Ticket>;
  readonly counters: ReadonlyMap<string, Counter>;
  /** The ticket a number stands for now (the newest one issued with it). */
  ticket(ticketNo: string): Ticket | undefined;
  service(id: string): HallConfig['services'][number] | undefined;
  /** P50/P90 wait of the next ticket of a service, from the queue's own service-time measurements. */
  eta(q: { serviceId: string; ahead: number; capacity: number; idle: number }): {
    p50Minutes: number;
    p90Minutes: number;
  };
}

/** Which devices are online (availability), read-only. */
export interface DevicesView {
  readonly devices: ReadonlyMap<string, { online: boolean; lastSeen: number }>;
  online(): number;
}

/** An active alarm, as the alerts feature keeps it and the wall screen shows it. */
export interface ActiveAlarm {
  alarmId: string;
  rule: RuleId;
  subject: string;
  severity: Severity;
  value: number;
  /** The figures the pages render in their language; null for alarms journaled before params existed. */
  params: AlarmParams | null;
  message: string;
  raisedAt: number;
  updatedAt: number;
  acked: boolean;
  ackedBy: string | null;
}

/** The live hall (DESIGN.md §4): what the wall screen, the historian and the alert rules read. */
export interface HallSnapshot {
  hall: { id: string; name: string; capacity: number; timeZone: string };
  at: number;
  date: string | null;
  /** The journal position this snapshot includes. */
  seq: number;
  services: Array<{
    id: string;
    name: string;
    prefix: string;
    waiting: number;
    longestWaitMinutes: number;
    eta: { p50Minutes: number; p90Minutes: number };
    servedToday: number;
    targetWaitMinutes: number;
    openCapacity: number;
  }>;
  counters: Array<{
    id: string;
    name: string;
    status: string;
    staffId: string | null;
    staffName: string | null;
    ticketNo: string | null;
    serviceName: string | null;
    servedToday: number;
    sinceMinutes: number;
    pauseReason: string | null;
    servesWaiting: number;
  }>;
  /** Active alarms, most severe first. */
  alarms: ActiveAlarm[];
  /**
   * Staffed vs required now, from the published roster (the hall config's `roster` section), when it has
   * a day for the hall's today: clerks it plans at the counters now (not on a break), clerks the cloud's
   * requirement asks for now (null: none stated for now), and counters open (not closed, not paused).
   */
  staffing: { planned: number; required: number | null; open: number; rosterVersion: number } | null;
  /** The most recent calls, newest first (the wall screen's "now calling"). */
  calls: Array<{ ticketNo: string; counterId: string; counterName: string; at: number; recall: boolean }>;
  totals: {
    occupancy: number;
    enteredToday: number;
    arrivalsPer15: Array<{ from: number; tickets: number }>;
    issuedToday: number;
    servedToday: number;
    noShowsToday: number;
    cancelledToday: number;
    avgWaitMinutes: number | null;
    /** Share of tickets called within their service's target, of those called today. */
    serviceLevel: number | null;
    csatToday: number | null;
    ratingsToday: number;
    devicesOnline: number;
    devicesTotal: number;
  };
}

/** The queue as the alarm rules read it: the snapshot's services and counters without what only pages show. */
export interface QueueFacts {
  services: Array<
    Pick<HallSnapshot['services'][number], 'id' | 'name' | 'waiting' | 'longestWaitMinutes' | 'openCapacity'>
  >;
  counters: Array<Pick<HallSnapshot['counters'][number], 'id' | 'name' | 'status' | 'sinceMinutes' | 'servesWaiting'>>;
  occupancy: number;
}

/** What the alert rules read of the live hall. */
export interface HallView {
  snapshot(): HallSnapshot;
  /** The same figures as the snapshot's, computed without its estimates, names and day totals (rules run often). */
  queueFacts(): QueueFacts;
  /** Tickets issued in [from, to). */
  arrivalsBetween(from: number, to: number): number;
  lowRatingStreak(counterId: string): number;
}
