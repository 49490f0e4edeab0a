/**
 * Calendar dates (`YYYY-MM-DD`, a hall-local day) without time zones: arithmetic in UTC, where no zone
 * or daylight-saving change can shift a calendar date. The one implementation every part uses.
 */

/** `date` plus `n` whole days (negative goes back). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** 0 Monday … 6 Sunday. */
export const weekdayOf = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;

/** The Monday of the date's week, and `weeks` weeks on. */
export const mondayOf = (date: string, weeks = 0) => addDays(date, -weekdayOf(date) + weeks * 7);
