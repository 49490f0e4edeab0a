/**
 * A hub restarted in the middle of the day (a power cut, an update, `npm start` again): the counters
 * its previous process left open are their clerks' to resume, but never block the hall. The clerk at a
 * call button goes on with the ticket; another clerk may take an unattended counter over (its customer
 * back at the front of the queue); a counter nobody resumes is released after
 * `queue.resumeAfterRestartMinutes`, its customer called again. And a device started again with the same
 * seed (a simulated hall's second run) is acted on, not answered with its previous run's replies.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CounterTerminalSim, Random, TicketTerminalSim } from '@hall/simulators';
import { afterAll, describe, expect, it } from 'vitest';
import { hallConfig, startTestHub, type TestHub } from './support/test-hub.ts';

const dir = mkdtempSync(join(tmpdir(), 'hall-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function until<T>(what: string, fn: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The hall's kiosk and both call buttons, connected; `seed` gives the devices a seeded random stream. */
async function devices(t: TestHub, seed?: number) {
  const common = (deviceId: string, i: number) => ({
    url: t.url,
    hallId: 'H-TEST',
    deviceId,
    secret: t.secrets[deviceId],
    ...(seed === undefined ? {} : { random: new Random(seed + i) }),
  });
  const kiosk = new TicketTerminalSim(common('kiosk-1', 0));
  const c01 = new CounterTerminalSim(common('ctr-c01', 1));
  const c02 = new CounterTerminalSim(common('ctr-c02', 2));
  await Promise.all([kiosk.connect(), c01.connect(), c02.connect()]);
  const ticket = async (serviceId: string) => {
    const a = await kiosk.requestTicket({ serviceId });
    if (a.status !== 'printed') throw new Error(JSON.stringify(a));
    return a.ticket.ticketNo;
  };
  return {
    kiosk,
    c01,
    c02,
    ticket,
    close: () => Promise.all([kiosk.close(), c01.close(), c02.close()]),
  };
}

const counter = (t: TestHub, id: string) => t.hub.state.snapshot().counters.find((c) => c.id === id);
const journal = (t: TestHub, type: string) =>
  (
    t.hub.store.db.prepare('SELECT body FROM events WHERE type = ? ORDER BY seq').all(type) as Array<{ body: string }>
  ).map((r) => JSON.parse(r.body) as Record<string, unknown>);

describe('a hub restarted during the day', () => {
  it('lets the clerk at the call button go on, and another clerk take over an unattended busy counter', async () => {
    const dataDir = join(dir, 'resume');
    let t = await startTestHub({ dataDir });
    let d = await devices(t);
    const a1 = await d.ticket('billing');
    const b1 = await d.ticket('plan');
    await d.c01.open('E1001');
    await d.c02.open('E1002');
    expect(await d.c01.callNext()).toMatchObject({ status: 'shown', ticketNo: a1 });
    expect(await d.c02.callNext()).toMatchObject({ status: 'shown', ticketNo: b1 });
    await d.close();
    await t.stop({ keepData: true });

    t = await startTestHub({ dataDir });
    d = await devices(t);
    try {
      expect(counter(t, 'C01')).toMatchObject({ status: 'calling', ticketNo: a1 });
      // E1001 is still at C01: signing in again there resumes the call, and the customer is served.
      expect(await d.c01.open('E1001')).toMatchObject({ status: 'shown', counterStatus: 'calling', ticketNo: a1 });
      expect(await d.c01.start(a1)).toMatchObject({ status: 'shown', counterStatus: 'serving' });
      expect(await d.c01.finish({ ticketNo: a1 })).toMatchObject({ status: 'shown', counterStatus: 'idle' });

      // E1002 did not come back to C02; at the start of the next shift E1003's sign-in at C02 is not
      // refused: B001 goes back to the front of its queue and E1003 calls it at once.
      expect(await d.c02.open('E1003')).toMatchObject({ status: 'shown', counterStatus: 'idle' });
      expect(journal(t, 'ticket.requeued').at(-1)).toMatchObject({ ticketNo: b1, counterId: 'C02' });
      expect(journal(t, 'counter.closed').at(-1)).toMatchObject({
        counterId: 'C02',
        reason: 'taken-over',
        by: 'E1003',
        staffId: 'E1002',
      });
      expect(await d.c02.callNext()).toMatchObject({ status: 'shown', ticketNo: b1 });
      // Resumed counters are the clerks' again: a busy one is no longer taken over.
      expect(await d.c02.open('E1001')).toMatchObject({ status: 'refused', code: 'not_allowed' });
    } finally {
      await d.close();
      await t.stop();
    }
  });

  it('releases the counters nobody resumed, and the customers they held are called again', async () => {
    const dataDir = join(dir, 'release');
    const hall = (minutes: number) => hallConfig({ extra: { queue: { resumeAfterRestartMinutes: minutes } } });
    let t = await startTestHub({ dataDir, hall: hall(5) });
    let d = await devices(t);
    const a1 = await d.ticket('billing');
    await d.c01.open('E1001');
    expect(await d.c01.callNext()).toMatchObject({ ticketNo: a1 });
    await d.close();
    await t.stop({ keepData: true });

    // Nobody is at C01 after the restart (here the hall's time to resume is 0 minutes).
    t = await startTestHub({ dataDir, hall: hall(0) });
    d = await devices(t);
    try {
      expect(counter(t, 'C01')).toMatchObject({ status: 'calling', ticketNo: a1 });
      await until('C01 released', () => counter(t, 'C01')?.status === 'closed', 15_000);
      expect(journal(t, 'counter.closed').at(-1)).toMatchObject({
        counterId: 'C01',
        reason: 'restart',
        by: 'hub',
        staffId: 'E1001',
      });
      expect(t.hub.state.snapshot().services.find((s) => s.id === 'billing')?.waiting).toBe(1);
      // The next clerk at C01 calls the customer who was left standing first.
      await d.c01.open('E1002');
      expect(await d.c01.callNext()).toMatchObject({ status: 'shown', ticketNo: a1 });
    } finally {
      await d.close();
      await t.stop();
    }
  });

  it('acts on the presses of devices started again with the same seed instead of replaying their old answers', async () => {
    const t = await startTestHub({ dataDir: join(dir, 'seeded') });
    try {
      const first = await devices(t, 7);
      const a1 = await first.ticket('billing');
      await first.close();
      // The same simulated hall, started again: same device ids, same seeds.
      const second = await devices(t, 7);
      const a2 = await second.ticket('billing');
      await second.close();
      expect(a2).not.toBe(a1);
      expect(t.hub.state.snapshot().services.find((s) => s.id === 'billing')?.waiting).toBe(2);
    } finally {
      await t.stop();
    }
  });
});
