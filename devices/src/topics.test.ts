import { describe, expect, it } from 'vitest';
import { parseTopic, topics } from './topics.ts';

describe('topics', () => {
  it('builds the topics of DESIGN.md §3 and parses them back', () => {
    const cases = [
      [
        topics.event('H1', 'kiosk-1', 'ticket.request'),
        { kind: 'event', hallId: 'H1', deviceId: 'kiosk-1', type: 'ticket.request' },
      ],
      [topics.avail('H1', 'kiosk-1'), { kind: 'avail', hallId: 'H1', deviceId: 'kiosk-1' }],
      [topics.state('H1', 'kiosk-1'), { kind: 'state', hallId: 'H1', deviceId: 'kiosk-1' }],
      [topics.command('H1', 'kiosk-1', 'print'), { kind: 'command', hallId: 'H1', deviceId: 'kiosk-1', name: 'print' }],
      [topics.response('H1', 'kiosk-1', 'r-1'), { kind: 'response', hallId: 'H1', deviceId: 'kiosk-1', reqId: 'r-1' }],
      [topics.hubAvail('H1'), { kind: 'hub-avail', hallId: 'H1' }],
      [topics.hubAlarm('H1', 'al-9'), { kind: 'hub-alarm', hallId: 'H1', alarmId: 'al-9' }],
    ] as const;
    expect(cases.map(([topic]) => topic)).toEqual([
      'hall/H1/dev/kiosk-1/evt/ticket.request',
      'hall/H1/dev/kiosk-1/avail',
      'hall/H1/dev/kiosk-1/state',
      'hall/H1/dev/kiosk-1/cmd/print',
      'hall/H1/dev/kiosk-1/res/r-1',
      'hall/H1/hub/avail',
      'hall/H1/hub/alarm/al-9',
    ]);
    for (const [topic, parsed] of cases) expect(parseTopic(topic)).toEqual(parsed);
  });

  it('refuses ids that would change the topic layout', () => {
    expect(() => topics.event('H1', 'kiosk/1', 'x')).toThrow(/deviceId/);
    expect(() => topics.event('H1', '+', 'x')).toThrow(/deviceId/);
    expect(() => topics.command('H#', 'k', 'print')).toThrow(/hallId/);
    expect(() => topics.event('H1', 'k', '')).toThrow(/event type/);
  });

  it('returns null for topics outside the hall layout', () => {
    for (const topic of [
      '',
      'hall',
      'hall/H1',
      'hall/H1/dev/k1',
      'hall/H1/dev/k1/evt',
      'hall/H1/dev/k1/evt/a/b',
      'hall/H1/dev/k1/foo/x',
      'hall/H1/dev/+/evt/x',
      'hall/H1/hub/alarm',
      'hall/H1/hub/other',
      '$SYS/broker/uptime',
      'other/H1/dev/k1/avail',
      'hall//dev/k1/avail',
    ]) {
      expect(parseTopic(topic), topic).toBeNull();
    }
  });

  it('gives the subscription filters for the hub and a device', () => {
    expect(topics.filters.deviceUplink('H1')).toContain('hall/H1/dev/+/evt/+');
    expect(topics.filters.deviceCommands('H1', 'pad-3')).toBe('hall/H1/dev/pad-3/cmd/#');
    expect(topics.filters.hubAlarms('H1')).toBe('hall/H1/hub/alarm/#');
  });
});
