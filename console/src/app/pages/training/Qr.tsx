/**
 * A QR code drawn by the page: uqr's `encode()` gives the matrix (its quiet zone included), each row's
 * runs of dark modules become SVG rects — elements made by Solid, never markup handed to innerHTML.
 */
import { createMemo, For } from 'solid-js';
import { encode } from 'uqr';

/** The dark runs of a QR matrix: one rect per run of a row (a few hundred, not a thousand squares). */
export function darkRuns(data: readonly (readonly boolean[])[]): Array<{ x: number; y: number; w: number }> {
  const runs: Array<{ x: number; y: number; w: number }> = [];
  data.forEach((row, y) => {
    for (let x = 0; x < row.length;) {
      if (!row[x]) {
        x += 1;
        continue;
      }
      let w = 1;
      while (row[x + w]) w += 1;
      runs.push({ x, y, w });
      x += w;
    }
  });
  return runs;
}

export function QrCode(props: { text: string; label: string; class?: string }) {
  // M: a quarter of the code may be lost (a glare on the projector screen) and still read.
  const qr = createMemo(() => encode(props.text, { ecc: 'M', border: 2 }));
  const runs = createMemo(() => darkRuns(qr().data));
  return (
    <svg
      class={props.class}
      viewBox={`0 0 ${qr().size} ${qr().size}`}
      role="img"
      aria-label={props.label}
      shape-rendering="crispEdges"
      data-modules={qr().size}
    >
      <rect width={qr().size} height={qr().size} fill="#fff" />
      <For each={runs()}>{(r) => <rect x={r.x} y={r.y} width={r.w} height={1} fill="#000" />}</For>
    </svg>
  );
}
