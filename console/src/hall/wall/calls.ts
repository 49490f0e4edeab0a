/** What the wall screen announces: calls it has not shown yet, oldest first. */
export interface Call {
  ticketNo: string;
  counterId: string;
  counterName: string;
  at: number;
  recall: boolean;
}

const key = (c: Call) => `${c.ticketNo}@${c.counterId}@${c.at}`;

/**
 * The calls in `next` (newest first, as the hub sends them) that were not in `seen`; the first snapshot
 * after a (re)connect announces nothing, so a screen that comes back does not replay the last calls.
 */
export function freshCalls(seen: ReadonlySet<string> | null, next: readonly Call[]): Call[] {
  if (!seen) return [];
  return next.filter((c) => !seen.has(key(c))).reverse();
}

export const callKeys = (calls: readonly Call[]) => new Set(calls.map(key));
