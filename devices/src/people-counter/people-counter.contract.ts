/**
 * People counter (客流计数器) at a hall entrance. Over Modbus TCP the hub polls its registers (see
 * register-map.ts); the MQTT variant publishes the same cumulative totals as `count` events.
 *
 * Totals are cumulative since the device's last reset, never deltas: a lost or repeated message then
 * costs nothing, and the hub alone turns totals into in/out deltas (handling wrap and resets).
 */
import { z } from 'zod';
import { defineDeviceKind } from '../kind.ts';

export const UINT32_MAX = 0xffff_ffff;

const cumulativeTotal = (field: string) =>
  z
    .int({ error: `${field} must be a whole number` })
    .min(0, { error: `${field} must not be negative` })
    .max(UINT32_MAX, { error: `${field} must fit in 32 bits` });

export const peopleCounter = defineDeviceKind({
  kind: 'people-counter',
  label: { 'zh-CN': '客流计数器', en: 'People counter' },
  transports: ['modbus-tcp', 'mqtt'],
  heartbeatTimeoutMs: 60_000,
  events: {
    count: {
      in: cumulativeTotal('in'),
      out: cumulativeTotal('out'),
    },
  },
  commands: {},
  state: {
    sensor: z.enum(['ok', 'obstructed', 'fault']),
  },
});
