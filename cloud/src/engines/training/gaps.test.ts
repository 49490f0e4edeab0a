import { describe, expect, it } from 'vitest';
import { type ClerkFigures, findGaps, quantile } from './gaps.ts';

/** A clerk with a handle ratio and a mean rating over enough tickets and ratings. */
const clerk = (id: string, ratio: number, rating = 4.6, ratings = 40, served = 200): ClerkFigures => ({
  clerkId: id,
  handleSeconds: ratio * 300 * served,
  expectedSeconds: 300 * served,
  served,
  ratingSum: rating * ratings,
  ratings,
});

const hall = [clerk('a', 0.95), clerk('b', 1.0), clerk('c', 1.02), clerk('d', 1.05), clerk('e', 0.98)];

describe('gaps against the peers', () => {
  it('flags the clerk a third slower than the hall’s norm for their mix, with the peers’ band as evidence', () => {
    const gaps = findGaps([...hall, clerk('slow', 1.32)]);
    expect(gaps).toEqual([
      {
        kind: 'handle',
        clerkId: 'slow',
        value: 1.32,
        peerMedian: 1,
        peerBand: [0.98, 1.02],
        peers: 5,
        sample: 200,
      },
    ]);
  });

  it('does not flag a clerk inside the band, one slower by less than 10%, or one on too few tickets', () => {
    expect(findGaps([...hall, clerk('x', 1.06)])).toEqual([]);
    expect(findGaps([...hall, clerk('few', 1.5, 4.6, 40, 30)])).toEqual([]);
  });

  it('says nothing where everyone is equally slow (a hall-wide problem is not one clerk’s training need)', () => {
    const slowHall = hall.map((c) => ({ ...c, handleSeconds: c.handleSeconds * 1.4 }));
    expect(findGaps(slowHall)).toEqual([]);
  });

  it('needs enough peers for a band', () => {
    expect(findGaps([clerk('a', 1), clerk('b', 1), clerk('slow', 1.5)])).toEqual([]);
  });

  it('flags a low rating, shrunk towards the peers: ten middling ratings do not make a gap, sixty do', () => {
    const peers = [4.5, 4.6, 4.7, 4.6, 4.8].map((r, i) => clerk(`p${i}`, 1, r));
    // Peers' mean 4.64; their shrunk ratings' lower quartile 4.608, so the line is at 4.508.
    expect(findGaps([...peers, clerk('new', 1, 4.4, 10)]).filter((g) => g.kind === 'rating')).toEqual([]);
    const gaps = findGaps([...peers, clerk('low', 1, 4.2, 60)]).filter((g) => g.kind === 'rating');
    // Shrunk: (4.2 × 60 + 10 × 4.64) / 70 = 4.263.
    expect(gaps).toEqual([
      { kind: 'rating', clerkId: 'low', value: 4.26, peerMedian: 4.61, peerBand: [4.61, 4.69], peers: 5, sample: 60 },
    ]);
  });

  it('flags an on-site item failed again and again, not one failed once in many forms', () => {
    const gaps = findGaps([
      { ...clerk('a', 1), items: { 宣传海报张贴: { scored: 5, failed: 4 }, 工牌佩戴: { scored: 8, failed: 1 } } },
      { ...clerk('b', 1), items: { 宣传海报张贴: { scored: 9, failed: 3 } } },
    ]);
    expect(gaps).toEqual([{ kind: 'onsite', clerkId: 'a', item: '宣传海报张贴', failed: 4, scored: 5 }]);
  });

  it('reads quantiles as R does (type 7)', () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([5], 0.75)).toBe(5);
  });
});
