import { describe, expect, it } from 'vitest';
import { alarmState } from './alarm-state.ts';

describe('alarm state', () => {
  it('is pending between the console ack and the hub confirming it, and cleared beats everything', () => {
    expect(alarmState({ clearedAt: null, ackedAt: null, ackRequestedAt: null })).toBe('open');
    expect(alarmState({ clearedAt: null, ackedAt: null, ackRequestedAt: 1 })).toBe('ack-pending');
    expect(alarmState({ clearedAt: null, ackedAt: 2, ackRequestedAt: 1 })).toBe('acked');
    expect(alarmState({ clearedAt: null, ackedAt: 2, ackRequestedAt: null })).toBe('acked');
    expect(alarmState({ clearedAt: 3, ackedAt: null, ackRequestedAt: 1 })).toBe('cleared');
  });
});
