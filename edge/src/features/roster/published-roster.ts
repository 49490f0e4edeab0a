/**
 * The published roster as the hub holds it (the hall config's `roster` section: today and tomorrow,
 * written by the cloud when a manager publishes): who is planned at the counters at an instant, how
 * many clerks the cloud's requirement asks for then, and one clerk's own shifts. The composition root
 * replaces it when a new config arrives (`apply`), so the alarm rules, the wall screen and the counter
 * pages read the new plan at their next look, without a restart.
 *
 * Days are hall-local calendar dates and shift times hall-local HH:MM (a shift never crosses midnight:
 * the config's schema has start < end), so "now" is compared as the hall's HH:MM string.
 */
import type { RosterSection, RosterShift } from '@hall/devices';

export type RosterDay = RosterSection['days'][number];

/** What the plan says about an instant (null from `at` when the roster has no day for the hall's today). */
export interface PlannedNow {
  date: string;
  /** Clerks whose shift covers now and who are not on a planned break. */
  clerks: number;
  /** The same, capped at the hall's counters: the counters the roster expects open. */
  counters: number;
  /** Clerks the cloud's requirement asks for now; null when the day carries no requirement for now. */
  required: number | null;
}

export interface OwnShift {
  date: string;
  start: string;
  end: string;
  breaks: Array<{ start: string; end: string }>;
  serviceId: string | null;
}

export class PublishedRoster {
  #section: RosterSection | null;
  readonly #counters: number;
  readonly #localDate: (at: number) => string;
  readonly #localTime: (at: number) => string;
  #listeners = new Set<() => void>();

  /**
   * `localDate`/`localTime`: the hall-local calendar date (YYYY-MM-DD) and HH:MM of an instant;
   * `counters`: how many counters the hall has (no more can be open at once).
   */
  constructor(opts: {
    roster: RosterSection | undefined;
    counters: number;
    localDate: (at: number) => string;
    localTime: (at: number) => string;
  }) {
    this.#section = opts.roster ?? null;
    this.#counters = opts.counters;
    this.#localDate = opts.localDate;
    this.#localTime = opts.localTime;
  }

  get version(): number | null {
    return this.#section?.version ?? null;
  }

  get publishedAt(): string | null {
    return this.#section?.publishedAt ?? null;
  }

  /** A new config's roster (or none): in force from the next question asked. */
  apply(roster: RosterSection | undefined) {
    this.#section = roster ?? null;
    for (const listener of this.#listeners) listener();
  }

  /** Called after every `apply`; returns an unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The dates the roster holds, in order. */
  days(): string[] {
    return (this.#section?.days ?? []).map((d) => d.date).sort();
  }

  day(date: string): RosterDay | null {
    return this.#section?.days.find((d) => d.date === date) ?? null;
  }

  dateAt(at: number): string {
    return this.#localDate(at);
  }

  /** The plan for the hall-local now; null when the roster has no day for today. */
  at(at: number): PlannedNow | null {
    const date = this.#localDate(at);
    const day = this.day(date);
    if (!day) return null;
    const hhmm = this.#localTime(at);
    const clerks = day.shifts.filter((s) => onDuty(s, hhmm)).length;
    const slot = day.required.find((r) => r.from <= hhmm && hhmm < r.to);
    return { date, clerks, counters: Math.min(clerks, this.#counters), required: slot ? slot.agents : null };
  }

  /** One clerk's shifts on the roster's days from the hall-local today on (today, tomorrow), in date order. */
  shiftsOf(staffId: string, at: number): OwnShift[] {
    const today = this.#localDate(at);
    return (this.#section?.days ?? [])
      .filter((d) => d.date >= today)
      .sort((a, b) => (a.date < b.date ? -1 : 1))
      .flatMap((d) =>
        d.shifts
          .filter((s) => s.staffId === staffId)
          .map((s) => ({
            date: d.date,
            start: s.start,
            end: s.end,
            breaks: s.breaks.map((b) => ({ start: b.start, end: b.end })),
            serviceId: s.serviceId ?? null,
          })),
      );
  }
}

/** At the counter at `hhmm`: inside the shift and not inside one of its breaks. */
export function onDuty(s: RosterShift, hhmm: string): boolean {
  return s.start <= hhmm && hhmm < s.end && !s.breaks.some((b) => b.start <= hhmm && hhmm < b.end);
}
