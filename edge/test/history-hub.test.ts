/**
 * The hub as the demo's history runs it (scripts/demo/history.ts): devices simulated in the hub's own
 * process reach its broker through an in-process pipe, and the hub plays past days on a virtual clock
 * (`fastForward`). The pipe must be the same broker door as TCP (login, ACL, will), and the alarms and
 * device presence of a past day must follow the hub's clock (its player runs the rules), not how fast the
 * machine played it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TicketTerminalSim } from '@hall/simulators';
import { afterAll, describe, expect, it } from 'vitest';
import { hallConfig, startTestHub } from './support/test-hub.ts';

const dir = mkdtempSync(join(tmpdir(), 'hall-history-hub-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MIN = 60_000;

async function until<T>(what: string, fn: () => T | undefined | null | false, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the history hub', () => {
  it('serves in-process devices through the same broker door: their secret, their ACL, their will', async () => {
    const t = await startTestHub({ dataDir: join(dir, 'pipe') });
    const device = (secret: string | undefined) =>
      new TicketTerminalSim({
        url: 'mqtt://unused.invalid',
        connectStream: () => t.hub.broker.connectLocal(),
        hallId: 'H-TEST',
        deviceId: 'kiosk-1',
        secret,
        reconnectPeriodMs: 0,
      });
    try {
      await expect(device('not-the-secret').connect()).rejects.toThrow(/Bad username or password|Not authorized/);

      const kiosk = device(t.secrets['kiosk-1']);
      await kiosk.connect();
      const printed = await kiosk.requestTicket({ serviceId: 'billing' });
      expect(printed.status).toBe('printed');
      await until(
        'kiosk-1 online',
        () => t.hub.alerts.facts(Date.now()).devices.find((d) => d.id === 'kiosk-1')?.online,
      );

      // Another device's topic: the broker drops the connection, and the will says the kiosk is offline.
      await kiosk.publishRaw('hall/H-TEST/dev/kiosk-2/evt/ticket.request', '{}', { qos: 0 }).catch(() => {});
      await until(
        'kiosk-1 offline by its will',
        () => t.hub.alerts.facts(Date.now()).devices.find((d) => d.id === 'kiosk-1')?.online === false,
      );
      expect(t.hub.broker.stats.aclDenials).toBe(1);
      await kiosk.close({ graceful: false });
    } finally {
      await t.stop();
    }
  });

  it("runs a past day's alarm rules when its player says, at the hub's time, without a backlog alarm", async () => {
    let now = Date.UTC(2026, 10, 2, 2, 0, 0);
    const hall = hallConfig({
      extra: {
        alerts: { raiseAfterSec: 30, clearAfterSec: 60, longWait: { warningMinutes: 15, criticalMinutes: 25 } },
      },
    });
    const t = await startTestHub({
      hall,
      dataDir: join(dir, 'clock'),
      clock: () => now,
      fastForward: true,
      // A cloud that never answers: the outbox only grows.
      env: { HUB_CLOUD_URL: 'http://127.0.0.1:9', HUB_ID: 'hub-H-TEST', HUB_TOKEN: 'x'.repeat(32) },
    });
    const kiosk = new TicketTerminalSim({
      url: 'mqtt://unused.invalid',
      connectStream: () => t.hub.broker.connectLocal(),
      hallId: 'H-TEST',
      deviceId: 'kiosk-1',
      secret: t.secrets['kiosk-1'],
      clock: { now: () => now },
    });
    await kiosk.connect();
    const alarms = () => t.hub.alerts.active().map((a) => a.rule);
    try {
      expect((await kiosk.requestTicket({ serviceId: 'billing' })).status).toBe('printed');
      // The past goes by in an instant: no wall-clock interval looks at the hall meanwhile …
      now += 20 * MIN;
      await new Promise((r) => setTimeout(r, 1_200));
      expect(t.hub.alerts.stats.evaluations).toBe(0);
      // … the player runs the rules at the hall's times.
      await t.hub.alerts.evaluate();
      now += 31_000; // the condition has held for longer than raiseAfterSec
      await t.hub.alerts.evaluate();
      const longWait = () => t.hub.alerts.active().find((a) => a.rule === 'long-wait');
      expect(longWait()?.raisedAt).toBe(now);
      now += 2 * 60 * MIN;
      await t.hub.alerts.evaluate();
      expect(longWait()?.severity).toBe('critical');
      expect(t.hub.store.outboxStats().rows).toBeGreaterThan(0);
      expect(alarms()).not.toContain('outbox-backlog');
      // The history's devices send no heartbeats (a day passes in seconds): hours of the hall's time go by
      // between two of the hub's wall-clock availability checks (every 5 s), and no device is timed out.
      await new Promise((r) => setTimeout(r, 5_500));
      expect(t.hub.alerts.facts(now).devices.find((d) => d.id === 'kiosk-1')?.online).toBe(true);
    } finally {
      await kiosk.close({ graceful: false });
      await t.stop();
    }
  });
});
