import { describe, expect, it } from 'vitest';
import {
  decodePeopleCounterRegisters,
  decodeUint32,
  encodePeopleCounterRegisters,
  encodeUint32,
  peopleCounterRegisterMapSchema,
  registerSpan,
  type WordOrder,
} from './register-map.ts';

const orders: WordOrder[] = ['high-first', 'low-first'];

describe('32-bit totals in two 16-bit registers', () => {
  it('lays out the words in the configured order', () => {
    // 0x0001_0002 = 65538: high word 1, low word 2.
    expect(encodeUint32(65_538, 'high-first')).toEqual([1, 2]);
    expect(encodeUint32(65_538, 'low-first')).toEqual([2, 1]);
    expect(decodeUint32(1, 2, 'high-first')).toBe(65_538);
    expect(decodeUint32(1, 2, 'low-first')).toBe(131_073);
  });

  for (const order of orders) {
    it(`round-trips the edges of the range (${order})`, () => {
      for (const value of [0, 1, 65_535, 65_536, 65_537, 2 ** 31, 2 ** 32 - 1]) {
        const [a, b] = encodeUint32(value, order);
        expect(decodeUint32(a, b, order)).toBe(value);
      }
    });
  }

  it('refuses values that do not fit', () => {
    expect(() => encodeUint32(2 ** 32, 'high-first')).toThrow(RangeError);
    expect(() => encodeUint32(-1, 'high-first')).toThrow(RangeError);
    expect(() => decodeUint32(65_536, 0, 'high-first')).toThrow(RangeError);
  });
});

describe('people counter register map', () => {
  it('defaults to in at 0-1, out at 2-3, status at 4, high word first', () => {
    const map = peopleCounterRegisterMapSchema.parse({});
    expect(map).toEqual({
      unitId: 1,
      registerType: 'holding',
      inTotalAddress: 0,
      outTotalAddress: 2,
      statusAddress: 4,
      wordOrder: 'high-first',
    });
    expect(registerSpan(map)).toEqual({ start: 0, count: 5 });
  });

  for (const order of orders) {
    it(`decodes what a device lays out (${order}, registers not at 0)`, () => {
      const map = peopleCounterRegisterMapSchema.parse({
        inTotalAddress: 102,
        outTotalAddress: 100,
        statusAddress: 110,
        wordOrder: order,
      });
      const image = encodePeopleCounterRegisters(map, {
        inTotal: 4_294_967_290,
        outTotal: 70_000,
        status: { running: true, sensorFault: false, obstructed: true },
      });
      const { start, count } = registerSpan(map);
      expect({ start, count }).toEqual({ start: 100, count: 11 });
      const registers = Array.from({ length: count }, (_, i) => image.get(start + i) ?? 0);
      const reading = decodePeopleCounterRegisters(map, registers);
      expect(reading).toEqual({
        inTotal: 4_294_967_290,
        outTotal: 70_000,
        status: { raw: 0b101, running: true, sensorFault: false, obstructed: true },
      });
    });
  }

  it('rejects overlapping registers, naming the field', () => {
    const result = peopleCounterRegisterMapSchema.safeParse({ inTotalAddress: 0, outTotalAddress: 1 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['outTotalAddress']);
  });

  it('rejects a map that cannot be read in one request', () => {
    const result = peopleCounterRegisterMapSchema.safeParse({ statusAddress: 400 });
    expect(result.error?.issues[0]?.path).toEqual(['statusAddress']);
  });

  it('refuses a short read', () => {
    const map = peopleCounterRegisterMapSchema.parse({});
    expect(() => decodePeopleCounterRegisters(map, [0, 1, 2])).toThrow(/expected 5 registers/);
  });
});
