/**
 * The wall screen's totals once ticket numbers are reused: a service whose range holds three numbers
 * serves nine customers (and loses one) through real devices on MQTT; `hall.state` over the local API
 * must count every ticket of the day, with the average wait and service level the journal gives.
 */
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { CounterTerminalSim, TicketTerminalSim } from '@hall/simulators';
import { noonZone } from '@hall/scripts/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubRouter } from '../src/api/hub.router.ts';
import { hallConfig, startTestHub, type TestHub } from './support/test-hub.ts';

const MIN = 60_000;
let offset = 0;
/** Hub and devices share a clock the test moves forward, so waits are minutes without waiting. */
const now = () => Date.now() + offset;
let t: TestHub;
let kiosk: TicketTerminalSim;
let button: CounterTerminalSim;

beforeAll(async () => {
  t = await startTestHub({
    clock: now,
    hall: hallConfig({
      // Noon in the hall whenever the test runs: its minutes moved forward never cross the hall's midnight
      // (a new day expires the waiting tickets; it failed in the half hour before midnight in Shanghai).
      timeZone: noonZone(new Date()),
      services: [{ id: 'tiny', name: '小号段', prefix: 'T', numberFrom: 1, numberTo: 3, targetWaitMinutes: 10 }],
      counters: [{ id: 'C01', name: '1号窗口', services: { tiny: 1 } }],
      devices: [
        { id: 'kiosk-1', kind: 'ticket-terminal' },
        { id: 'ctr-c01', kind: 'counter-terminal', counterId: 'C01' },
      ],
    }),
  });
  kiosk = new TicketTerminalSim({
    url: t.url,
    hallId: 'H-TEST',
    deviceId: 'kiosk-1',
    secret: t.secrets['kiosk-1'],
    clock: { now },
  });
  button = new CounterTerminalSim({
    url: t.url,
    hallId: 'H-TEST',
    deviceId: 'ctr-c01',
    secret: t.secrets['ctr-c01'],
    clock: { now },
  });
  await kiosk.connect();
  await button.connect();
});
afterAll(async () => {
  await kiosk?.close();
  await button?.close();
  await t?.stop();
});

describe('live totals with reused ticket numbers', () => {
  it('counts every ticket of the day, with the wait and service level of the journal', async () => {
    expect(await button.open('E1001')).toMatchObject({ status: 'shown' });
    const issue = async () => {
      const a = await kiosk.requestTicket({ serviceId: 'tiny' });
      if (a.status !== 'printed') throw new Error(`no ticket: ${JSON.stringify(a)}`);
      return a.ticket.ticketNo;
    };
    const serve = async (ticketNo: string) => {
      expect(await button.callSpecific(ticketNo)).toMatchObject({ status: 'shown', ticketNo });
      expect(await button.finish({ ticketNo })).toMatchObject({ status: 'shown' });
    };
    // Three rounds of three: the first waits 12 minutes (past the target), the others 2 and 5.
    const waits = [12, 2, 5];
    for (const wait of waits) {
      const numbers = [await issue(), await issue(), await issue()];
      offset += wait * MIN;
      for (const no of numbers) await serve(no);
    }
    // A tenth customer gives up: T001 again, cancelled.
    const lost = await issue();
    await kiosk.cancelTicket(lost);
    // A cancel gets no answer: wait until the journal has it.
    await expect.poll(() => journalTotals().abandoned).toBe(1);

    const journal = journalTotals();
    expect(journal).toMatchObject({ issued: 10, served: 9, abandoned: 1 });
    const client = createTRPCClient<HubRouter>({
      links: [httpBatchLink({ url: `${t.httpUrl}/trpc`, headers: { authorization: `Bearer ${t.displayToken}` } })],
    });
    const { totals } = await client.hall.state.query();
    expect({
      issued: totals.issuedToday,
      served: totals.servedToday,
      abandoned: totals.cancelledToday,
      avgWaitMinutes: totals.avgWaitMinutes,
      serviceLevel: totals.serviceLevel,
    }).toEqual(journal);
  });
});

/** The day's figures worked out from the journal's rows alone (each call paired with its issue by order). */
function journalTotals() {
  const rows = t.hub.store.db
    .prepare("SELECT type, body FROM events WHERE type LIKE 'ticket.%' ORDER BY seq")
    .all() as Array<{ type: string; body: string }>;
  const issuedAt = new Map<string, number>();
  const waits: number[] = [];
  let issued = 0;
  let served = 0;
  let abandoned = 0;
  for (const row of rows) {
    const e = JSON.parse(row.body) as { ticketNo: string; at: number };
    if (row.type === 'ticket.issued') {
      issued += 1;
      issuedAt.set(e.ticketNo, e.at);
    } else if (row.type === 'ticket.called') {
      waits.push(e.at - (issuedAt.get(e.ticketNo) as number));
      issuedAt.delete(e.ticketNo);
    } else if (row.type === 'ticket.finished') served += 1;
    else if (row.type === 'ticket.cancelled') abandoned += 1;
  }
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    issued,
    served,
    abandoned,
    avgWaitMinutes: round(waits.reduce((a, b) => a + b, 0) / waits.length / MIN),
    serviceLevel: round((waits.filter((w) => w <= 10 * MIN).length / waits.length) * 100) / 100,
  };
}
