/**
 * Tests that run on the wall clock and need "now" inside a hall's day (a shift around now, today's
 * roster) pick the hall's time zone so that it is about noon there whenever they run: an `Etc/GMT` zone
 * (IANA's Etc signs are inverted: UTC+8 is Etc/GMT-8).
 */
export function noonZone(now: Date): string {
  let offset = 12 - now.getUTCHours();
  if (offset < -12) offset += 24;
  if (offset > 14) offset -= 24;
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}
