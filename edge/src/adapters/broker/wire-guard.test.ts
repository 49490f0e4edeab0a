import { describe, expect, it } from 'vitest';
import { FrameReader } from './wire-guard.ts';

/** A fixed header: packet type, flags, remaining length (MQTT variable byte integer). */
function header(type: number, length: number): Buffer {
  const bytes = [(type << 4) | (type === 8 ? 2 : 0)];
  let n = length;
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    bytes.push(b);
  } while (n > 0);
  return Buffer.from(bytes);
}

describe('FrameReader', () => {
  it('refuses a first packet that is not CONNECT, from its first byte', () => {
    expect(new FrameReader(1_000).feed(Buffer.from([0x30]))).toBe('not_connect_first');
  });

  it('refuses a packet announcing more than the limit as soon as the length is read, across chunks', () => {
    const r = new FrameReader(65_536);
    const connect = Buffer.concat([header(1, 10), Buffer.alloc(10)]);
    expect(r.feed(connect)).toBeNull();
    const big = header(3, 200 * 1024 * 1024);
    expect(r.feed(big.subarray(0, 2))).toBeNull();
    expect(r.feed(big.subarray(2))).toBe('packet_too_large');
  });

  it('follows packets split anywhere and accepts those within the limit', () => {
    const r = new FrameReader(1_000);
    const stream = Buffer.concat([
      header(1, 12),
      Buffer.alloc(12),
      header(3, 900),
      Buffer.alloc(900),
      header(12, 0),
      header(8, 300),
      Buffer.alloc(300),
    ]);
    for (let i = 0; i < stream.length; i += 7) expect(r.feed(stream.subarray(i, i + 7))).toBeNull();
    expect(r.feed(header(3, 996))).toBe('packet_too_large');
  });

  it('refuses a remaining length of more than four bytes', () => {
    const r = new FrameReader(Number.MAX_SAFE_INTEGER);
    expect(r.feed(Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x01]))).toBe('malformed_length');
  });
});
