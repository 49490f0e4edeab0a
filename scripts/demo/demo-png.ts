/**
 * The demo's pictures as PNG files, written with node:zlib alone (no image encoder among the dependencies,
 * and the demo needs a few small flat pictures, not a graphics library): an RGB image painted pixel by
 * pixel, or by flat shapes on a background. The on-site checks' photos and the catalogue's item photos.
 */
import { crc32, deflateSync } from 'node:zlib';

export type Rgb = readonly [number, number, number];

/** A w × h PNG (8-bit RGB, no filter) whose pixel (x, y) is `paint(x, y)`. */
export function png(w: number, h: number, paint: (x: number, y: number) => Rgb): Uint8Array {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) raw.set(paint(x, y), y * (w * 3 + 1) + 1 + x * 3);
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

/** A flat shape: a rectangle (corners inclusive-exclusive, optionally rounded) or a disc. */
export type Shape =
  | { rect: [x0: number, y0: number, x1: number, y1: number]; radius?: number; color: Rgb }
  | { disc: [cx: number, cy: number, r: number]; color: Rgb };

const inside = (s: Shape, x: number, y: number): boolean => {
  if ('disc' in s) {
    const [cx, cy, r] = s.disc;
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  }
  const [x0, y0, x1, y1] = s.rect;
  if (x < x0 || x >= x1 || y < y0 || y >= y1) return false;
  const r = s.radius ?? 0;
  if (!r) return true;
  // Rounded corners: outside the corner's quarter circle is outside.
  const cx = x < x0 + r ? x0 + r : x >= x1 - r ? x1 - r - 1 : x;
  const cy = y < y0 + r ? y0 + r : y >= y1 - r ? y1 - r - 1 : y;
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};

/** A size × size picture of flat shapes over a background, the last shape on top. */
export function flatPicture(size: number, background: Rgb, shapes: readonly Shape[]): Uint8Array {
  return png(size, size, (x, y) => {
    for (let i = shapes.length - 1; i >= 0; i--) if (inside(shapes[i]!, x, y)) return shapes[i]!.color;
    return background;
  });
}
