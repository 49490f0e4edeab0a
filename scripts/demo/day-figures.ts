/**
 * A hall day's figures as the cloud's analytics computes them (analytics.repository.ts), from the hub's
 * own tickets: the history builder prints them per day, so a scenario's staffing can be judged without
 * a cloud, and the demo test compares them with what the console shows.
 */
export interface TicketFacts {
  serviceId: string;
  status: string;
  arrivalAt: number;
  issuedAt: number;
  firstCalledAt: number | null;
  endedAt: number | null;
}

export interface DayFigures {
  tickets: number;
  served: number;
  noShows: number;
  /** Given up: cancelled in the app, or still waiting when the day ended. */
  cancelled: number;
  /** Share called within the service's target, of those called or given up past it. */
  serviceLevel: number | null;
  /** Share of tickets that ended without service (no-show or given up). */
  abandonment: number | null;
  avgWaitMin: number | null;
  /** The earliest ticket of the day, hall-local HH:MM. */
  first: string | null;
}

export function dayFigures(
  tickets: Iterable<TicketFacts>,
  opts: { targetMinutes: (serviceId: string) => number; localTime: (at: number) => string },
): DayFigures {
  let n = 0;
  let served = 0;
  let noShows = 0;
  let cancelled = 0;
  let within = 0;
  let due = 0;
  let waitSum = 0;
  let waited = 0;
  let first = Infinity;
  for (const t of tickets) {
    n += 1;
    first = Math.min(first, t.issuedAt);
    const target = opts.targetMinutes(t.serviceId) * 60_000;
    if (t.status === 'done') served += 1;
    else if (t.status === 'noshow') noShows += 1;
    else if (t.status === 'cancelled' || t.status === 'waiting') cancelled += 1;
    if (t.firstCalledAt !== null) {
      const wait = t.firstCalledAt - t.arrivalAt;
      due += 1;
      waitSum += wait;
      waited += 1;
      if (wait <= target) within += 1;
    } else if (t.status === 'waiting' || (t.status === 'cancelled' && (t.endedAt ?? Infinity) - t.arrivalAt > target))
      due += 1;
  }
  return {
    tickets: n,
    served,
    noShows,
    cancelled,
    serviceLevel: due ? within / due : null,
    abandonment: n ? (noShows + cancelled) / n : null,
    avgWaitMin: waited ? waitSum / waited / 60_000 : null,
    first: n ? opts.localTime(first) : null,
  };
}
