/**
 * The sparkline of the clerks' and devices' tables: a figure per day as a tiny line (no axes: the shape
 * of the period), from `min` (zero unless given) to `max` (the largest value unless given). Hidden from readers: the figures are in the table's cells and its export.
 */
export function Sparkline(props: { values: number[]; max?: number; min?: number }) {
  const w = 96;
  const h = 22;
  const max = () => props.max ?? Math.max(1, ...props.values);
  const min = () => Math.min(props.min ?? 0, max() - 1e-9);
  const points = () =>
    props.values
      .map(
        (v, i) =>
          `${((i / Math.max(1, props.values.length - 1)) * (w - 2) + 1).toFixed(1)},${(h - 1 - ((v - min()) / (max() - min())) * (h - 2)).toFixed(1)}`,
      )
      .join(' ');
  return (
    <svg class="sparkline" width={w} height={h} viewBox={`0 0 ${w} ${h}`} aria-hidden="true">
      <polyline points={points()} fill="none" stroke="#1f6feb" stroke-width="1.5" />
    </svg>
  );
}
