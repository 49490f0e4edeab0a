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

/** A wait as people say it: hours and minutes from an hour on (1 小时 19 分钟 / 1 h 19 min), else null. */
export function hoursAndMinutes(value: number, lang: 'zh-CN' | 'en'): string | null {
  const total = Math.round(value);
  if (total < 60) return null;
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (lang === 'zh-CN') return m ? `${h} 小时 ${m} 分钟` : `${h} 小时`;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** Minutes for people: whole minutes, "<1" under one. */
export function minutes(value: number): string {
  return value < 1 ? '<1' : String(Math.round(value));
}
