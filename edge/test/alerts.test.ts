/**
 * Alarms in a running hub, on a clock the test controls: a long wait reaches the wall screen's live view
 * within a second of crossing its threshold, LED boards get it on the retained alarm topic (and its
 * clearing), a manager's ack travels back, alarms and timers survive a restart, and an alarm storm
 * (every device dropping at once) sends a bounded number of notifications.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { TicketTerminalSim } from '@hall/simulators';
import { EventSource } from 'eventsource';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import type { HubRouter } from '../src/api/hub.router.ts';
import { credential, hallConfig, startTestHub, type TestDevice } from './support/test-hub.ts';

const dir = mkdtempSync(join(tmpdir(), 'hall-alerts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MIN = 60_000;

function client(url: string, token: string) {
  return createTRPCClient<HubRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url, EventSource: EventSource as never, connectionParams: { token } }),
        false: httpBatchLink({ url, headers: { authorization: `Bearer ${token}` } }),
      }),
    ],
  });
}

async function until<T>(what: string, fn: () => T | undefined | null | false, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('alarms in the hub', () => {
  it('a long wait reaches hall.live within a second, LED boards get it retained, an ack and a restart keep it', async () => {
    let now = Date.UTC(2026, 10, 25, 2, 0, 0);
    const hall = hallConfig({
      extra: { alerts: { raiseAfterSec: 0, clearAfterSec: 0, longWait: { warningMinutes: 15, criticalMinutes: 25 } } },
    });
    const dataDir = join(dir, 'long-wait');
    let t = await startTestHub({ hall, dataDir, clock: () => now });
    const kiosk = new TicketTerminalSim({
      url: t.url,
      hallId: 'H-TEST',
      deviceId: 'kiosk-1',
      secret: t.secrets['kiosk-1'],
      clock: { now: () => now },
    });
    await kiosk.connect();
    const board = await mqtt.connectAsync(t.url, {
      clientId: 'kiosk-2',
      username: 'kiosk-2',
      password: t.secrets['kiosk-2'],
      protocolVersion: 4,
    });
    const retained = new Map<string, string>();
    board.on('message', (topic, p) => retained.set(topic, p.toString()));
    await board.subscribeAsync('hall/H-TEST/hub/alarm/#', { qos: 1 });
    try {
      const printed = await kiosk.requestTicket({ serviceId: 'billing' });
      expect(printed.status).toBe('printed');
      const seen: Array<{
        at: number;
        alarms: Array<{ alarmId: string; rule: string; subject: string; acked: boolean }>;
      }> = [];
      const sub = client(`${t.httpUrl}/trpc`, t.displayToken).hall.live.subscribe(undefined, {
        onData: (s) => seen.push({ at: performance.now(), alarms: s.alarms }),
      });
      await until('first snapshot', () => seen.length > 0);

      now += 16 * MIN; // the wait crosses 15 minutes
      const crossed = performance.now();
      const shown = await until(
        'long-wait alarm on hall.live',
        () => seen.find((s) => s.alarms.some((a) => a.rule === 'long-wait')),
        3_000,
      );
      expect(shown.at - crossed).toBeLessThan(1_000);
      const alarm = shown.alarms.find((a) => a.rule === 'long-wait') as { alarmId: string; subject: string };
      expect(alarm.subject).toBe('service:billing');
      const topic = `hall/H-TEST/hub/alarm/${alarm.alarmId}`;
      await until('retained alarm for LED boards', () => retained.get(topic));
      expect(JSON.parse(retained.get(topic) as string)).toMatchObject({
        rule: 'long-wait',
        severity: 'warning',
        acked: false,
      });

      // A manager acknowledges it from a page; the LED board hears of it.
      expect(
        await client(`${t.httpUrl}/trpc`, credential('manager').secret).manager.ackAlarm.mutate({
          alarmId: alarm.alarmId,
          by: 'E9001',
        }),
      ).toEqual({ acked: true });
      await until('acked on the board', () => (JSON.parse(retained.get(topic) ?? '{}') as { acked?: boolean }).acked);
      sub.unsubscribe();

      // Restart: the alarm is still active and acked (it lives in the journal).
      await kiosk.close();
      await t.stop({ keepData: true });
      t = await startTestHub({ hall, dataDir, clock: () => now });
      // (Devices that never connected have their own offline alarms; this test follows the long wait.)
      expect(t.hub.alerts.engine.list().filter((a) => a.rule === 'long-wait')).toMatchObject([
        { alarmId: alarm.alarmId, acked: true },
      ]);

      // LED boards connecting to the restarted hub get the active alarm again (republished retained).
      const board2 = await mqtt.connectAsync(t.url, {
        clientId: 'kiosk-2',
        username: 'kiosk-2',
        password: t.secrets['kiosk-2'],
        protocolVersion: 4,
      });
      retained.clear();
      board2.on('message', (tp, p) => retained.set(tp, p.toString()));
      await board2.subscribeAsync('hall/H-TEST/hub/alarm/#', { qos: 1 });
      await until('republished after the restart', () => retained.get(topic));
      // The customer gives up: the wait is gone, the alarm clears, the retained topic is emptied.
      const k2 = new TicketTerminalSim({
        url: t.url,
        hallId: 'H-TEST',
        deviceId: 'kiosk-1',
        secret: t.secrets['kiosk-1'],
        clock: { now: () => now },
      });
      await k2.connect();
      await k2.cancelTicket('A001');
      await until('cleared', () => !t.hub.alerts.engine.list().some((a) => a.rule === 'long-wait'));
      await until('retained topic emptied', () => retained.get(topic) === '');
      await k2.close();
      await board2.endAsync();
    } finally {
      await board.endAsync();
      await kiosk.close();
      await t.stop();
    }
  });

  it('keeps a running raise timer across a restart', async () => {
    let now = Date.UTC(2026, 10, 25, 2, 0, 0);
    const hall = hallConfig({ extra: { alerts: { raiseAfterSec: 120, clearAfterSec: 60 } } });
    const dataDir = join(dir, 'timers');
    let t = await startTestHub({ hall, dataDir, clock: () => now });
    const kiosk = new TicketTerminalSim({
      url: t.url,
      hallId: 'H-TEST',
      deviceId: 'kiosk-1',
      secret: t.secrets['kiosk-1'],
      clock: { now: () => now },
    });
    await kiosk.connect();
    await kiosk.requestTicket({ serviceId: 'plan' });
    await kiosk.close();
    now += 16 * MIN;
    await t.hub.alerts.evaluate(); // the condition holds: the raise timer starts
    const longWaits = () => t.hub.alerts.engine.list().filter((a) => a.rule === 'long-wait');
    expect(longWaits()).toEqual([]);
    await t.stop({ keepData: true });
    now += 90_000;
    t = await startTestHub({ hall, dataDir, clock: () => now });
    await t.hub.alerts.evaluate();
    expect(longWaits()).toEqual([]); // 90 s of 120
    now += 30_000;
    await t.hub.alerts.evaluate();
    expect(longWaits()).toHaveLength(1); // 120 s since the condition began, not since the restart
    await t.stop();
  });

  it('an alarm storm (every device drops at once) sends a bounded number of notifications', async () => {
    let now = Date.UTC(2026, 10, 25, 2, 0, 0);
    const devices: TestDevice[] = Array.from({ length: 30 }, (_, i) => ({
      id: `kiosk-${i}`,
      kind: 'ticket-terminal' as const,
    }));
    const hall = hallConfig({
      devices,
      extra: { alerts: { raiseAfterSec: 0, clearAfterSec: 60, notifyPerMinute: 6, deviceOffline: { minutes: 2 } } },
    });
    const t = await startTestHub({ hall, dataDir: join(dir, 'storm'), clock: () => now });
    const notices: Array<{ alarmId: string | null; suppressed: number }> = [];
    try {
      const clients = await Promise.all(
        devices.map((d) =>
          mqtt.connectAsync(t.url, {
            clientId: d.id,
            username: d.id,
            password: t.secrets[d.id],
            protocolVersion: 4,
            reconnectPeriod: 0,
            will: { topic: `hall/H-TEST/dev/${d.id}/avail`, payload: Buffer.from('offline'), qos: 1, retain: true },
          }),
        ),
      );
      await Promise.all(
        clients.map((c, i) =>
          c.publishAsync(`hall/H-TEST/dev/${devices[i]?.id}/avail`, 'online', { qos: 1, retain: true }),
        ),
      );
      await until('all online', () => t.hub.state.snapshot().totals.devicesOnline === 30);
      // Observe notifications through the hub's bus listener count.
      const before = { ...t.hub.alerts.stats };
      for (const c of clients) c.stream.destroy(); // the switch dies
      await until('all offline', () => t.hub.state.snapshot().totals.devicesOnline === 0);
      now += 3 * MIN;
      await t.hub.alerts.evaluate();
      const raised = t.hub.alerts.engine.list().filter((a) => a.rule === 'device-offline').length;
      expect(raised).toBe(30);
      expect(t.hub.alerts.stats.notified - before.notified).toBe(6);
      expect(t.hub.alerts.stats.suppressed - before.suppressed).toBe(24);
      now += 61_000;
      await t.hub.alerts.evaluate();
      // One summary for the 24 held back; nothing else.
      expect(t.hub.alerts.stats.notified - before.notified).toBe(7);
      void notices;
    } finally {
      await t.stop();
    }
  });

  it('ends the day with its alarms: a long wait at closing clears at the new day, and alarms open from an earlier day survive a restart', async () => {
    // 2026-11-25 20:00 in Shanghai; the clear delay is long, so only the end of the day clears the alarm.
    let now = Date.UTC(2026, 10, 25, 12, 0, 0);
    const hall = hallConfig({
      extra: {
        alerts: {
          raiseAfterSec: 0,
          clearAfterSec: 600,
          longWait: { warningMinutes: 15, criticalMinutes: 25 },
          deviceOffline: { minutes: 2 },
        },
      },
    });
    const dataDir = join(dir, 'day-end');
    let t = await startTestHub({ hall, dataDir, clock: () => now });
    const kiosk = () =>
      new TicketTerminalSim({
        url: t.url,
        hallId: 'H-TEST',
        deviceId: 'kiosk-1',
        secret: t.secrets['kiosk-1'],
        clock: { now: () => now },
      });
    let k = kiosk();
    await k.connect();
    try {
      expect((await k.requestTicket({ serviceId: 'billing' })).status).toBe('printed');
      now += 20 * MIN;
      await t.hub.alerts.evaluate();
      const longWait = t.hub.alerts.engine.list().find((a) => a.rule === 'long-wait');
      expect(longWait).toBeDefined();
      // The counter page's rating pad never connected: offline for hours, a device alarm.
      const offline = t.hub.alerts.engine.list().find((a) => a.subject === 'device:pad-c01');
      expect(offline).toBeDefined();

      // The next morning: the first ticket starts the new day; yesterday's waiting customer is gone.
      now = Date.UTC(2026, 10, 26, 1, 0, 0);
      expect((await k.requestTicket({ serviceId: 'plan' })).status).toBe('printed');
      await t.hub.alerts.evaluate();
      expect(t.hub.alerts.engine.list().map((a) => a.alarmId)).not.toContain(longWait?.alarmId);
      const cleared = (
        t.hub.store.db.prepare("SELECT body FROM events WHERE type = 'alarm.cleared'").all() as Array<{ body: string }>
      ).map((r) => (JSON.parse(r.body) as { alarmId: string }).alarmId);
      expect(cleared).toContain(longWait?.alarmId);
      // The pad is still away: its alarm goes on into the new day, and across a restart of the hub.
      expect(t.hub.alerts.engine.list().map((a) => a.alarmId)).toContain(offline?.alarmId);
      await k.close();
      await t.stop({ keepData: true });
      t = await startTestHub({ hall, dataDir, clock: () => now });
      expect(t.hub.alerts.engine.list().map((a) => a.alarmId)).toContain(offline?.alarmId);
      k = kiosk();
      await k.connect();
    } finally {
      await k.close();
      await t.stop();
    }
  });

  it('answers a console acknowledgement of an alarm it no longer has as cleared, so the console stops waiting', async () => {
    const t = await startTestHub({ dataDir: join(dir, 'gone') });
    try {
      // An alarm the cloud still shows open (the hub cleared it before a journal it lost, say).
      await t.hub.alerts.ackFromCloud('al-gone-1', 'admin (console)');
      // Journaled as cleared and on its way to the cloud (in the outbox), which then ends the wait.
      const rows = t.hub.store.db
        .prepare("SELECT e.body FROM events e JOIN outbox o ON o.seq = e.seq WHERE e.type = 'alarm.cleared'")
        .all() as Array<{ body: string }>;
      expect(rows.map((r) => JSON.parse(r.body) as { alarmId: string })).toMatchObject([{ alarmId: 'al-gone-1' }]);
    } finally {
      await t.stop();
    }
  });
});
