/** A rostering problem and its answer (see roster.ts). Days and intervals are indices from 0. */

export interface ShiftTemplate {
  id: string;
  /** First interval of the shift within the day. */
  start: number;
  /** Intervals from start to end, breaks included. */
  length: number;
  /** Offsets (from start) of the intervals that are breaks: off the counters, unpaid. */
  breaks?: number[];
  /** An unpopular shift (late, split): shared out fairly. */
  unpopular?: boolean;
}

export interface EmployeeRequests {
  /** Days the employee asked to have off. */
  daysOff?: number[];
  /** Shifts they would like (a template on a day). */
  desired?: Array<{ day: number; template: string }>;
  /** Shifts they would rather not work: a template on a day, or on any day. */
  undesired?: Array<{ day?: number; template: string }>;
}

export interface Employee {
  id: string;
  name?: string;
  skills: string[];
  /** Per week of 7 days. */
  minHours: number;
  maxHours: number;
  maxDays: number;
  /** Hours off between the end of one shift and the start of the next. */
  minRestHours: number;
  /** Days the employee cannot work (leave, training elsewhere). */
  unavailable?: number[];
  /** Templates the contract allows (e.g. short shifts for part-timers); absent: all. */
  templates?: string[];
  requests?: EmployeeRequests;
}

export interface RosterWeights {
  /** Per staff-interval below the requirement, per skill. */
  under: number;
  /** Per staff-interval above it. */
  over: number;
  dayOff: number;
  desired: number;
  undesired: number;
  /** Per weekend shift on the employee with the most of them (per week): weekends shared out. */
  weekend: number;
  /** Per unpopular shift on the employee with the most of them (per week). */
  unpopular: number;
  /** Per hour an employee works beyond their contract minimum plus a fair share of the week's extra hours. */
  hours: number;
}

export const DEFAULT_WEIGHTS: RosterWeights = {
  under: 20,
  over: 2,
  dayOff: 30,
  desired: 8,
  undesired: 8,
  weekend: 12,
  unpopular: 6,
  hours: 0.5,
};

export interface RosterInstance {
  /** A multiple of 7: contracts are weekly. */
  days: number;
  intervalsPerDay: number;
  intervalMinutes: number;
  /** Minutes after midnight of interval 0 (for reports). */
  dayStartMinutes: number;
  /** Day indices that are weekend days. */
  weekendDays: number[];
  skills: string[];
  /** requirement[day][interval][skill index]: people needed at the counters. */
  requirement: number[][][];
  templates: ShiftTemplate[];
  employees: Employee[];
  weights?: Partial<RosterWeights>;
}

export interface Assignment {
  employee: string;
  day: number;
  template: string;
  skill: string;
}

export interface UnmetWish {
  employee: string;
  day: number;
  kind: 'day-off' | 'desired' | 'undesired';
  template?: string;
  reason: string;
}

export interface RosterResult {
  assignments: Assignment[];
  /** coverage[day][interval][skill index] */
  coverage: Array<Array<Array<{ required: number; staffed: number }>>>;
  unmetWishes: UnmetWish[];
  objective: number;
  /** A proven lower bound on the objective, and the relative gap (objective − bound) / objective. */
  bound: number;
  gap: number;
  /** Staff-hours below and above the requirement. */
  shortfallHours: number;
  excessHours: number;
  seconds: number;
  method: 'mip' | 'mip-by-week' | 'greedy';
}
