import { describe, expect, it } from 'vitest';
import { mayPublish, maySubscribe } from './acl.ts';

const kiosk = { id: 'kiosk-1', kind: 'ticket-terminal' as const };
const ok = { ok: true };

describe('broker ACL', () => {
  it('lets a device publish its own events, availability, state and answers', () => {
    for (const topic of [
      'hall/H1/dev/kiosk-1/evt/ticket.request',
      'hall/H1/dev/kiosk-1/avail',
      'hall/H1/dev/kiosk-1/state',
      'hall/H1/dev/kiosk-1/res/r-1',
    ]) {
      expect(mayPublish('H1', kiosk, topic), topic).toEqual(ok);
    }
  });

  it('refuses another device\u2019s subtree, another kind\u2019s events, hub topics, commands and other halls', () => {
    for (const topic of [
      'hall/H1/dev/kiosk-2/evt/ticket.request',
      'hall/H1/dev/kiosk-1/evt/call.next',
      'hall/H1/dev/kiosk-1/cmd/print',
      'hall/H1/hub/avail',
      'hall/H1/hub/alarm/a1',
      'hall/H2/dev/kiosk-1/evt/ticket.request',
      'hall/H1/dev/kiosk-1',
      '$SYS/x',
    ]) {
      expect(mayPublish('H1', kiosk, topic).ok, topic).toBe(false);
    }
  });

  it('lets a device subscribe to its own commands and the hub\u2019s availability and alarms only', () => {
    expect(maySubscribe('H1', kiosk, 'hall/H1/dev/kiosk-1/cmd/#')).toEqual(ok);
    expect(maySubscribe('H1', kiosk, 'hall/H1/dev/kiosk-1/cmd/print')).toEqual(ok);
    expect(maySubscribe('H1', kiosk, 'hall/H1/hub/alarm/#')).toEqual(ok);
    for (const filter of [
      'hall/H1/dev/kiosk-2/cmd/#',
      'hall/H1/dev/+/cmd/#',
      'hall/#',
      '#',
      'hall/H1/dev/kiosk-1/#',
      'hall/H1/dev/kiosk-1/cmd/+/x/#',
    ]) {
      expect(maySubscribe('H1', kiosk, filter).ok, filter).toBe(false);
    }
  });
});
