/**
 * The people counter's Modbus register map: cumulative 32-bit in/out totals, each in two 16-bit registers,
 * and a status word. Vendors disagree on which word comes first, so the word order is part of the map
 * ('high-first' is the Modbus convention, "AB CD"; 'low-first' is the word-swapped "CD AB").
 * Addresses are 0-based protocol addresses (holding register 40001 is address 0).
 */
import { z } from 'zod';
import { UINT32_MAX } from './people-counter.contract.ts';

export const wordOrderSchema = z.enum(['high-first', 'low-first']);
export type WordOrder = z.infer<typeof wordOrderSchema>;

const address = z.int().min(0).max(65_535);

export const peopleCounterRegisterMapSchema = z
  .object({
    unitId: z.int().min(0).max(255).default(1),
    registerType: z.enum(['holding', 'input']).default('holding'),
    inTotalAddress: address.max(65_534).default(0),
    outTotalAddress: address.max(65_534).default(2),
    statusAddress: address.default(4),
    wordOrder: wordOrderSchema.default('high-first'),
  })
  .superRefine((map, ctx) => {
    const used = new Map<number, string>();
    const claim = (addr: number, field: string) => {
      const other = used.get(addr);
      if (other)
        ctx.addIssue({ code: 'custom', path: [field], message: `${field} overlaps ${other} at register ${addr}` });
      used.set(addr, field);
    };
    claim(map.inTotalAddress, 'inTotalAddress');
    claim(map.inTotalAddress + 1, 'inTotalAddress');
    claim(map.outTotalAddress, 'outTotalAddress');
    claim(map.outTotalAddress + 1, 'outTotalAddress');
    claim(map.statusAddress, 'statusAddress');
    if (registerSpan(map).count > 125) {
      ctx.addIssue({
        code: 'custom',
        path: ['statusAddress'],
        message: 'registers must lie within one 125-register read',
      });
    }
  });
export type PeopleCounterRegisterMap = z.infer<typeof peopleCounterRegisterMapSchema>;

/** Bits of the status word. */
export const STATUS_BITS = {
  running: 0x0001,
  sensorFault: 0x0002,
  obstructed: 0x0004,
} as const;

export interface PeopleCounterStatus {
  raw: number;
  running: boolean;
  sensorFault: boolean;
  obstructed: boolean;
}

export interface PeopleCounterReading {
  inTotal: number;
  outTotal: number;
  status: PeopleCounterStatus;
}

export function encodeUint32(value: number, order: WordOrder): [number, number] {
  if (!Number.isInteger(value) || value < 0 || value > UINT32_MAX) {
    throw new RangeError(`value ${value} is not an unsigned 32-bit integer`);
  }
  const high = Math.floor(value / 0x1_0000);
  const low = value % 0x1_0000;
  return order === 'high-first' ? [high, low] : [low, high];
}

export function decodeUint32(first: number, second: number, order: WordOrder): number {
  for (const word of [first, second]) {
    if (!Number.isInteger(word) || word < 0 || word > 0xffff)
      throw new RangeError(`register value ${word} is not a 16-bit word`);
  }
  const [high, low] = order === 'high-first' ? [first, second] : [second, first];
  return high * 0x1_0000 + low;
}

/** The smallest contiguous block of registers that one read must cover. */
export function registerSpan(map: PeopleCounterRegisterMap): { start: number; count: number } {
  const start = Math.min(map.inTotalAddress, map.outTotalAddress, map.statusAddress);
  const end = Math.max(map.inTotalAddress + 1, map.outTotalAddress + 1, map.statusAddress);
  return { start, count: end - start + 1 };
}

export function decodeStatus(raw: number): PeopleCounterStatus {
  return {
    raw,
    running: (raw & STATUS_BITS.running) !== 0,
    sensorFault: (raw & STATUS_BITS.sensorFault) !== 0,
    obstructed: (raw & STATUS_BITS.obstructed) !== 0,
  };
}

export function encodeStatus(status: Omit<PeopleCounterStatus, 'raw'>): number {
  return (
    (status.running ? STATUS_BITS.running : 0) |
    (status.sensorFault ? STATUS_BITS.sensorFault : 0) |
    (status.obstructed ? STATUS_BITS.obstructed : 0)
  );
}

/** Decodes the registers of one read that started at `registerSpan(map).start`. */
export function decodePeopleCounterRegisters(
  map: PeopleCounterRegisterMap,
  registers: readonly number[],
): PeopleCounterReading {
  const { start, count } = registerSpan(map);
  if (registers.length < count)
    throw new RangeError(`expected ${count} registers from ${start}, got ${registers.length}`);
  const at = (addr: number) => registers[addr - start] as number;
  return {
    inTotal: decodeUint32(at(map.inTotalAddress), at(map.inTotalAddress + 1), map.wordOrder),
    outTotal: decodeUint32(at(map.outTotalAddress), at(map.outTotalAddress + 1), map.wordOrder),
    status: decodeStatus(at(map.statusAddress)),
  };
}

/** The register image of a reading, as a device (or simulator) lays it out: address → word. */
export function encodePeopleCounterRegisters(
  map: PeopleCounterRegisterMap,
  reading: { inTotal: number; outTotal: number; status: Omit<PeopleCounterStatus, 'raw'> },
): Map<number, number> {
  const words = new Map<number, number>();
  const [inA, inB] = encodeUint32(reading.inTotal, map.wordOrder);
  const [outA, outB] = encodeUint32(reading.outTotal, map.wordOrder);
  words.set(map.inTotalAddress, inA).set(map.inTotalAddress + 1, inB);
  words.set(map.outTotalAddress, outA).set(map.outTotalAddress + 1, outB);
  words.set(map.statusAddress, encodeStatus(reading.status));
  return words;
}
