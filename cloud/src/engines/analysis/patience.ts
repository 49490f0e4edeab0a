/**
 * How long customers are willing to wait: a life table (actuarial survival estimate) over wait bands.
 * In each band some customers leave (abandoned, or gone when called: the events) and some are called
 * (censored: they would have waited longer, we never learn how long). The actuarial method counts the
 * censored as at risk for half their band. `survival` at a band's end is the share of customers who
 * would still be waiting there if nobody were called. No database here.
 */

export interface BandCounts {
  /** The band's lower bound, minutes. */
  from: number;
  /** Left during the band. */
  left: number;
  /** Called during the band (censored). */
  called: number;
}

export interface SurvivalPoint {
  /** Minutes waited. */
  minute: number;
  /** Share still willing to wait (0–1). */
  survival: number;
  /** Customers still waiting at the start of the band that ends here. */
  atRisk: number;
}

/**
 * The curve at each band's end, from bands sorted by `from` (the last band is open-ended: its end is
 * `from + lastWidth`). `medianMinutes`: where the curve crosses ½ (linear within the band), null when
 * it never does.
 */
export function lifeTable(
  bands: readonly BandCounts[],
  lastWidth = 10,
): { points: SurvivalPoint[]; medianMinutes: number | null; customers: number } {
  const sorted = [...bands].sort((a, b) => a.from - b.from);
  const customers = sorted.reduce((n, b) => n + b.left + b.called, 0);
  const points: SurvivalPoint[] = [{ minute: sorted[0]?.from ?? 0, survival: 1, atRisk: customers }];
  let atRisk = customers;
  let s = 1;
  let median: number | null = null;
  sorted.forEach((b, i) => {
    const end = sorted[i + 1]?.from ?? b.from + lastWidth;
    const exposed = atRisk - b.called / 2;
    const q = exposed > 0 ? b.left / exposed : 0;
    const next = s * (1 - q);
    if (median === null && s > 0.5 && next <= 0.5) median = b.from + ((s - 0.5) / (s - next)) * (end - b.from);
    s = next;
    points.push({ minute: end, survival: s, atRisk });
    atRisk -= b.left + b.called;
  });
  return { points, medianMinutes: median, customers };
}
