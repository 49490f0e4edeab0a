import { parseDeviceEvent, topics } from '@hall/devices';
import { describe, expect, it } from 'vitest';
import { hostilePayloads } from './hostile-payloads.ts';

describe('hostile payload catalogue', () => {
  const now = Date.UTC(2026, 10, 27, 3, 0, 0);
  for (const h of hostilePayloads('kiosk-1', now)) {
    it(`${h.name}: the ingress check answers ${h.expect.reason}${h.expect.field ? ` on ${h.expect.field}` : ''}`, () => {
      const result = parseDeviceEvent({
        kind: 'ticket-terminal',
        topic: topics.event('H1', 'kiosk-1', h.type),
        payload: h.payload,
        now,
      });
      if (h.expect.reason === 'accepted') {
        expect(result.ok).toBe(true);
        // Whatever __proto__ carried did not reach Object.prototype.
        expect(({} as { isAdmin?: boolean }).isAdmin).toBeUndefined();
      } else {
        expect(result.ok ? null : { reason: result.error.reason, field: result.error.field }).toEqual(h.expect);
      }
    });
  }
});
