/**
 * People counters report cumulative 32-bit totals; the hub turns consecutive totals into in/out deltas.
 * A total that goes down is either a wrap past 2^32 (the last total was near the top and the new one
 * near zero) or a device reset (counting started again from zero): a wrap adds what was counted across
 * the boundary, a reset counts the new total as new people.
 */
const RANGE = 2 ** 32;
/** How close to the edges a pair of totals must be to read as a wrap rather than a reset. */
const WRAP_WINDOW = 2 ** 20;

export function countDelta(previous: number | null, next: number): { delta: number; reset: boolean } {
  if (previous === null) return { delta: 0, reset: false };
  if (next >= previous) return { delta: next - previous, reset: false };
  if (previous >= RANGE - WRAP_WINDOW && next < WRAP_WINDOW) return { delta: next + RANGE - previous, reset: false };
  return { delta: next, reset: true };
}
