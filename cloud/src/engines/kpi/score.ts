/**
 * A KPI value turned into a score of 0–100 by its bands: linear between the value that scores 0 and the
 * value that scores 100 (either order: a "lower is better" KPI has zeroAt above fullAt), or piecewise
 * linear through points sorted by value. Outside the bands the score is held at the end points.
 */
export type ScoringBands =
  | { kind: 'linear'; zeroAt: number; fullAt: number }
  | { kind: 'piecewise'; points: Array<{ value: number; score: number }> };

export function scoreOf(value: number | null, bands: ScoringBands): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  if (bands.kind === 'linear') {
    const { zeroAt, fullAt } = bands;
    if (zeroAt === fullAt) return value >= fullAt ? 100 : 0;
    const t = (value - zeroAt) / (fullAt - zeroAt);
    return Math.round(Math.min(1, Math.max(0, t)) * 1000) / 10;
  }
  const pts = [...bands.points].sort((a, b) => a.value - b.value);
  if (pts.length === 0) return null;
  const first = pts[0] as { value: number; score: number };
  const last = pts.at(-1) as { value: number; score: number };
  if (value <= first.value) return first.score;
  if (value >= last.value) return last.score;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1] as { value: number; score: number };
    const b = pts[i] as { value: number; score: number };
    if (value <= b.value) {
      const t = b.value === a.value ? 1 : (value - a.value) / (b.value - a.value);
      return Math.round((a.score + t * (b.score - a.score)) * 10) / 10;
    }
  }
  return last.score;
}

/** The weighted mean of the scores that have a value (weights of those without are left out). */
export function weightedScore(items: ReadonlyArray<{ score: number | null; weight: number }>): number | null {
  let w = 0;
  let s = 0;
  for (const i of items) {
    if (i.score === null || i.weight <= 0) continue;
    w += i.weight;
    s += i.weight * i.score;
  }
  return w > 0 ? Math.round((s / w) * 10) / 10 : null;
}
