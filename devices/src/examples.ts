/**
 * One valid example of every event, command and state payload of every kind: documentation that is
 * checked (examples.test.ts fails when a kind gains a message without an example), and a starting point
 * for simulators and fuzzing.
 */
import type { DeviceKindName } from './kinds.ts';

export const EXAMPLE_HALL = 'SZ-FT-001';
export const EXAMPLE_TS = Date.UTC(2026, 10, 27, 2, 30, 0);

const envelope = (deviceId: string, seq: number) => ({ eid: `${deviceId}:${seq}`, seq, ts: EXAMPLE_TS, deviceId });

export interface KindExamples {
  deviceId: string;
  events: Record<string, Record<string, unknown>>;
  commands: Record<string, Record<string, unknown>>;
  state: Record<string, unknown>;
}

const base = { ts: EXAMPLE_TS, firmware: '2.4.1', model: 'HX-100' };

export const examples: Record<DeviceKindName, KindExamples> = {
  'ticket-terminal': {
    deviceId: 'kiosk-1',
    events: {
      'ticket.request': { ...envelope('kiosk-1', 1), serviceId: 'billing', channel: 'kiosk', priority: 'elderly' },
      'ticket.cancel': { ...envelope('kiosk-1', 2), ticketNo: 'A007', reason: 'customer' },
    },
    commands: {
      print: {
        reqId: 'r-100',
        inReplyTo: 'kiosk-1:1',
        ticketNo: 'A007',
        serviceId: 'billing',
        serviceName: '话费业务',
        waitingAhead: 4,
        eta: { p50Minutes: 9, p90Minutes: 17 },
        issuedAt: EXAMPLE_TS,
      },
      reject: { reqId: 'r-101', inReplyTo: 'kiosk-1:2', code: 'service_closed', message: '该业务今日已停止取号' },
    },
    state: { ...base, paper: 'low', printer: 'ok' },
  },
  'counter-terminal': {
    deviceId: 'counter-3-btn',
    events: {
      'counter.open': { ...envelope('counter-3-btn', 1), staffId: 'E1024' },
      'counter.pause': { ...envelope('counter-3-btn', 2), reason: 'break' },
      'counter.resume': envelope('counter-3-btn', 3),
      'counter.close': envelope('counter-3-btn', 4),
      'call.next': envelope('counter-3-btn', 5),
      'call.recall': { ...envelope('counter-3-btn', 6), ticketNo: 'A007' },
      'call.specific': { ...envelope('counter-3-btn', 7), ticketNo: 'B012' },
      'ticket.start': { ...envelope('counter-3-btn', 8), ticketNo: 'B012' },
      'ticket.finish': {
        ...envelope('counter-3-btn', 9),
        ticketNo: 'B012',
        txCount: 2,
        txTypes: ['plan-change', 'sim-replace'],
      },
      'ticket.noshow': { ...envelope('counter-3-btn', 10), ticketNo: 'A007' },
      'ticket.transfer': { ...envelope('counter-3-btn', 11), ticketNo: 'A008', toServiceId: 'broadband' },
    },
    commands: {
      display: {
        reqId: 'r-200',
        inReplyTo: 'counter-3-btn:5',
        status: 'calling',
        ticketNo: 'A007',
        serviceName: '话费业务',
        waiting: 6,
      },
      reject: { reqId: 'r-201', inReplyTo: 'counter-3-btn:5', code: 'nobody_waiting', message: '当前没有等候的客户' },
    },
    state: { ...base, display: 'ok' },
  },
  'rating-pad': {
    deviceId: 'pad-3',
    events: {
      rating: {
        ...envelope('pad-3', 1),
        ticketNo: 'B012',
        score: 5,
        reasons: ['friendly', 'fast'],
        promptReqId: 'r-300',
      },
      'rating.skipped': { ...envelope('pad-3', 2), ticketNo: 'A009', promptReqId: 'r-301' },
    },
    commands: {
      prompt: {
        reqId: 'r-300',
        ticketNo: 'B012',
        counterId: 'C03',
        staffId: 'E1024',
        staffName: '王芳',
        timeoutSec: 60,
      },
      cancel: { reqId: 'r-302', promptReqId: 'r-300' },
    },
    state: { ...base, batteryPct: 76, charging: false },
  },
  'people-counter': {
    deviceId: 'door-north',
    events: {
      count: { ...envelope('door-north', 1), in: 1532, out: 1490 },
    },
    commands: {},
    state: { ...base, sensor: 'ok' },
  },
  'opcua-device': {
    deviceId: 'env-1',
    events: {},
    commands: {},
    state: { ...base },
  },
};
