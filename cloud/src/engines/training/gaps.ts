/**
 * Performance gaps that training can close, measured against the clerk's peers (the other clerks of the
 * hall over the same window), never against a fixed number:
 *
 * - `handle`: the mix-adjusted handling time — handle seconds over the seconds expected for the clerk's
 *   own mix of services (a ratio of sums: 1.25 = a quarter slower than the hall's norm for that mix) —
 *   above the peers' band: worse than their upper quartile and at least `minHandleGap` above their
 *   median. Only on enough tickets, and only with enough peers to have a band.
 * - `rating`: the mean rating shrunk towards the peers' mean (`ratingPrior` ratings' worth: a clerk with
 *   six ratings is not judged on them alone) below the peers' lower quartile by `minRatingGap`.
 * - `onsite`: a checklist item failed in at least `minItemFails` on-site forms of the window and in at
 *   least half of the forms that scored it: a habit, not a bad day.
 *
 * Each gap carries its evidence (the clerk's figure, the peers' median and band, the sample), which the
 * console shows beside the suggested course.
 */

export interface ClerkFigures {
  clerkId: string;
  /** Σ handle seconds and Σ seconds expected for the mix, over the window; tickets served. */
  handleSeconds: number;
  expectedSeconds: number;
  served: number;
  ratingSum: number;
  ratings: number;
  /** On-site checklist items scored on the clerk's forms: item → forms scored / failed. */
  items?: Record<string, { scored: number; failed: number }>;
}

export interface GapOptions {
  minServed: number;
  minRatings: number;
  minPeers: number;
  /** Share above the peers' median a handle ratio must also exceed (0.1 = 10% slower). */
  minHandleGap: number;
  /** Points below the peers' lower quartile. */
  minRatingGap: number;
  ratingPrior: number;
  minItemFails: number;
}

export const DEFAULT_GAP_OPTIONS: GapOptions = {
  minServed: 60,
  minRatings: 10,
  minPeers: 3,
  minHandleGap: 0.1,
  minRatingGap: 0.1,
  ratingPrior: 10,
  minItemFails: 3,
};

export type Gap =
  | {
      kind: 'handle';
      clerkId: string;
      value: number;
      peerMedian: number;
      peerBand: [number, number];
      peers: number;
      sample: number;
    }
  | {
      kind: 'rating';
      clerkId: string;
      value: number;
      peerMedian: number;
      peerBand: [number, number];
      peers: number;
      sample: number;
    }
  | { kind: 'onsite'; clerkId: string; item: string; failed: number; scored: number };

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** The q-quantile of sorted values, linear between order statistics (R's type 7). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

function band(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return { median: quantile(s, 0.5), q1: quantile(s, 0.25), q3: quantile(s, 0.75) };
}

/** The gaps of every clerk of a hall, each judged against the others. */
export function findGaps(clerks: readonly ClerkFigures[], options: Partial<GapOptions> = {}): Gap[] {
  const o = { ...DEFAULT_GAP_OPTIONS, ...options };
  if (clerks.length > 5_000) throw new RangeError('clerks: at most 5000');
  const gaps: Gap[] = [];
  const handle = clerks
    .filter((c) => c.served >= o.minServed && c.expectedSeconds > 0)
    .map((c) => ({ id: c.clerkId, value: c.handleSeconds / c.expectedSeconds, sample: c.served }));
  for (const c of handle) {
    const peers = handle.filter((p) => p.id !== c.id).map((p) => p.value);
    if (peers.length < o.minPeers) continue;
    const b = band(peers);
    if (c.value > b.q3 && c.value >= b.median * (1 + o.minHandleGap))
      gaps.push({
        kind: 'handle',
        clerkId: c.id,
        value: round(c.value),
        peerMedian: round(b.median),
        peerBand: [round(b.q1), round(b.q3)],
        peers: peers.length,
        sample: c.sample,
      });
  }
  const rated = clerks.filter((c) => c.ratings >= o.minRatings);
  for (const c of rated) {
    const peers = rated.filter((p) => p.clerkId !== c.clerkId);
    if (peers.length < o.minPeers) continue;
    const mean = peers.reduce((a, p) => a + p.ratingSum, 0) / peers.reduce((a, p) => a + p.ratings, 0);
    const shrunk = (x: ClerkFigures) => (x.ratingSum + o.ratingPrior * mean) / (x.ratings + o.ratingPrior);
    const b = band(peers.map(shrunk));
    const value = shrunk(c);
    if (value < b.q1 - o.minRatingGap)
      gaps.push({
        kind: 'rating',
        clerkId: c.clerkId,
        value: round(value, 2),
        peerMedian: round(b.median, 2),
        peerBand: [round(b.q1, 2), round(b.q3, 2)],
        peers: peers.length,
        sample: c.ratings,
      });
  }
  for (const c of clerks)
    for (const [item, n] of Object.entries(c.items ?? {}))
      if (n.failed >= o.minItemFails && n.failed * 2 >= n.scored)
        gaps.push({ kind: 'onsite', clerkId: c.clerkId, item, failed: n.failed, scored: n.scored });
  return gaps;
}
