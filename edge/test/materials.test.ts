/**
 * Promotional materials at the counter (物料发放) on a real hub, through its HTTP API as the counter page
 * calls it: a tap while a ticket is served journals one `material.issued` with the hub's ticket, service,
 * counter and clerk (and its outbox row, for the cloud); a retry with the same issue id is one issue, even
 * two at once; a kit goes as its parts; the items for the ticket's service come first and the customer's
 * issues so far are listed (after a restart too); not serving, a stale ticket, another counter, an unknown
 * item, too many → coded refusals; a burst beyond the counter's limit → 429 with the wait; a new config's
 * section is in force for the next tap.
 */
import { randomUUID } from 'node:crypto';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { TicketTerminalSim } from '@hall/simulators';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubRouter } from '../src/api/hub.router.ts';
import { MATERIALS } from './support/materials.ts';
import { credential, hallConfig, startTestHub, type TestHub } from './support/test-hub.ts';

let t: TestHub | null = null;
let kiosk: TicketTerminalSim | null = null;
afterEach(async () => {
  await kiosk?.close();
  kiosk = null;
  await t?.stop();
  t = null;
});

const client = (url: string, token?: string) =>
  createTRPCClient<HubRouter>({
    links: [httpLink({ url, ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}) })],
  });

async function refusal(p: Promise<unknown>): Promise<{ code: string; retryAfterSec: number | null }> {
  try {
    await p;
  } catch (err) {
    if (!(err instanceof TRPCClientError)) throw err;
    const data = (err as TRPCClientError<HubRouter>).data;
    return { code: data?.code ?? '?', retryAfterSec: data?.retryAfterSec ?? null };
  }
  throw new Error('not refused');
}

/** The clerk's page at a counter, signed in. */
async function signIn(hub: TestHub, counterId: string, staffId: string) {
  const { token } = await client(`${hub.httpUrl}/trpc`).counter.signIn.mutate({
    counterId,
    staffId,
    pin: credential(`pin:${staffId}`).secret,
  });
  return client(`${hub.httpUrl}/trpc`, token);
}

const issuedEvents = (hub: TestHub) =>
  (
    hub.hub.store.db.prepare("SELECT body FROM events WHERE type = 'material.issued' ORDER BY seq").all() as Array<{
      body: string;
    }>
  ).map((r) => JSON.parse(r.body) as Record<string, unknown>);
const outboxRows = (hub: TestHub) =>
  (hub.hub.store.db.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'material.issued'").get() as { n: number })
    .n;

async function start(dataDir?: string) {
  t = await startTestHub({
    hall: hallConfig({ extra: { materials: MATERIALS } }),
    ...(dataDir ? { dataDir } : {}),
  });
  kiosk = new TicketTerminalSim({ url: t.url, hallId: 'H-TEST', deviceId: 'kiosk-1', secret: t.secrets['kiosk-1'] });
  await kiosk.connect();
  return t;
}

describe('materials at the counter', () => {
  it('journals one issue per tap with the hub’s ticket, service, counter and clerk; a retry is one', async () => {
    const hub = await start();
    const page = await signIn(hub, 'C01', 'E1001');
    // Idle: nothing to issue to, and the page is told so.
    expect((await page.counter.materials.query()).serving).toBeNull();
    expect(
      await page.counter.issueMaterials.mutate({ issueId: randomUUID(), lines: [{ itemId: 'FLY', qty: 1 }] }),
    ).toMatchObject({ ok: false, code: 'material-not-serving' });
    await kiosk!.requestTicket({ serviceId: 'billing' });
    await page.counter.act.mutate({ action: { type: 'call.next' } });
    // Called, not yet served: still nothing (the customer may not come).
    expect(
      await page.counter.issueMaterials.mutate({ issueId: randomUUID(), lines: [{ itemId: 'FLY', qty: 1 }] }),
    ).toMatchObject({ ok: false, code: 'material-not-serving' });
    await page.counter.act.mutate({ action: { type: 'ticket.start' } });

    const view = await page.counter.materials.query();
    expect(view.serving).toEqual({ ticketNo: 'A001', serviceId: 'billing', serviceName: '话费缴费' });
    // The service's items first, then those for any service, then the rest, each group in the section's order.
    expect(view.items.map((i) => [i.id, i.forService])).toEqual([
      ['FLY', true],
      ['KIT', true],
      ['BAG', false],
      ['SIM', false],
    ]);

    const issueId = randomUUID();
    const tap = { issueId, forTicket: 'A001', lines: [{ itemId: 'FLY', qty: 1 }] };
    // The page sends a tap twice at once (a double tap, a retry racing the answer): one issue.
    const [first, second] = await Promise.all([
      page.counter.issueMaterials.mutate(tap),
      page.counter.issueMaterials.mutate(tap),
    ]);
    expect(first).toMatchObject({ ok: true, ticketNo: 'A001', lines: [{ itemId: 'FLY', qty: 1, zh: '5G宣传单' }] });
    expect([first.ok && first.duplicate, second.ok && second.duplicate].sort()).toEqual([false, true]);
    expect(await page.counter.issueMaterials.mutate(tap)).toMatchObject({ ok: true, duplicate: true });
    // A kit goes out as its parts, with the kit named on each.
    await page.counter.issueMaterials.mutate({ issueId: randomUUID(), lines: [{ itemId: 'KIT', qty: 1 }] });

    const events = issuedEvents(hub);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      issueId,
      mode: 'counter',
      items: [{ itemId: 'FLY', qty: 1, kitId: null }],
      ticketNo: 'A001',
      serviceId: 'billing',
      counterId: 'C01',
      staffId: 'E1001',
    });
    expect(events[1]?.items).toEqual([
      { itemId: 'FLY', qty: 2, kitId: 'KIT' },
      { itemId: 'SIM', qty: 1, kitId: 'KIT' },
    ]);
    // In the outbox, for the cloud.
    expect(outboxRows(hub)).toBe(2);
    // What the customer got so far: the flyer, and the kit by its own name.
    expect((await page.counter.materials.query()).issued.map((r) => r.lines.map((l) => [l.zh, l.qty]))).toEqual([
      [['5G宣传单', 1]],
      [['开卡礼包', 1]],
    ]);
  });

  it('refuses with codes: not serving, a stale ticket, another counter, unknown item, too many, too fast', async () => {
    const hub = await start();
    const c01 = await signIn(hub, 'C01', 'E1001');
    const c02 = await signIn(hub, 'C02', 'E1002');
    await kiosk!.requestTicket({ serviceId: 'billing' });
    await c01.counter.act.mutate({ action: { type: 'call.next' } });
    await c01.counter.act.mutate({ action: { type: 'ticket.start' } });
    const tap = (lines: Array<{ itemId: string; qty: number }>, forTicket?: string) => ({
      issueId: randomUUID(),
      lines,
      ...(forTicket ? { forTicket } : {}),
    });
    // Counter 2's clerk cannot issue to counter 1's customer: their counter serves nobody.
    expect(await c02.counter.issueMaterials.mutate(tap([{ itemId: 'FLY', qty: 1 }], 'A001'))).toMatchObject({
      ok: false,
      code: 'material-not-serving',
    });
    // The page still showed an earlier ticket.
    expect(await c01.counter.issueMaterials.mutate(tap([{ itemId: 'FLY', qty: 1 }], 'A000'))).toMatchObject({
      ok: false,
      code: 'material-ticket-changed',
    });
    expect(await c01.counter.issueMaterials.mutate(tap([{ itemId: 'NOPE', qty: 1 }]))).toMatchObject({
      ok: false,
      code: 'material-item-unknown',
      itemId: 'NOPE',
    });
    // At most ten customers' worth on a line (FLY: 2 a customer → 20).
    expect(await c01.counter.issueMaterials.mutate(tap([{ itemId: 'FLY', qty: 20 }]))).toMatchObject({ ok: true });
    expect(await c01.counter.issueMaterials.mutate(tap([{ itemId: 'FLY', qty: 21 }]))).toMatchObject({
      ok: false,
      code: 'material-too-many',
      itemId: 'FLY',
    });
    // Twenty kits are forty lines of parts: too many; 41 lines are refused before the hub looks at them.
    const kits = Array.from({ length: 21 }, () => ({ itemId: 'KIT', qty: 1 }));
    expect(await c01.counter.issueMaterials.mutate(tap(kits))).toMatchObject({
      ok: false,
      code: 'material-too-many',
    });
    expect(
      (await refusal(c01.counter.issueMaterials.mutate(tap(Array.from({ length: 41 }, () => kits[0]!))))).code,
    ).toBe('BAD_REQUEST');
    // Not signed in at a counter.
    expect((await refusal(client(`${hub.httpUrl}/trpc`).counter.materials.query())).code).toBe('UNAUTHORIZED');
    expect(issuedEvents(hub)).toHaveLength(1);
    // A burst: at most 30 issues a minute at one counter, then 429 with the wait.
    const answers: Array<string> = [];
    for (let i = 0; i < 31; i++) {
      const r = await c01.counter.issueMaterials.mutate(tap([{ itemId: 'BAG', qty: 1 }])).then(
        (x) => (x.ok ? 'ok' : x.code),
        async (e: unknown) => {
          const { code, retryAfterSec } = await refusal(Promise.reject(e));
          return `${code} ${retryAfterSec !== null && retryAfterSec > 0 && retryAfterSec <= 60}`;
        },
      );
      answers.push(r);
    }
    expect(answers.filter((a) => a === 'ok')).toHaveLength(29);
    expect(answers.slice(29)).toEqual(['TOO_MANY_REQUESTS true', 'TOO_MANY_REQUESTS true']);
    expect(issuedEvents(hub)).toHaveLength(30);
  });

  it('lists the customer’s issues after a restart, and takes a new config’s section for the next tap', async () => {
    const hub = await start();
    const dataDir = hub.dataDir;
    let page = await signIn(hub, 'C01', 'E1001');
    await kiosk!.requestTicket({ serviceId: 'billing' });
    await page.counter.act.mutate({ action: { type: 'call.next' } });
    await page.counter.act.mutate({ action: { type: 'ticket.start' } });
    await page.counter.issueMaterials.mutate({ issueId: randomUUID(), lines: [{ itemId: 'KIT', qty: 1 }] });
    await kiosk!.close();
    kiosk = null;
    await hub.stop({ keepData: true });
    t = null;
    const again = await start(dataDir);
    try {
      page = await signIn(again, 'C01', 'E1001');
      const view = await page.counter.materials.query();
      expect(view.serving?.ticketNo).toBe('A001');
      expect(view.issued.flatMap((r) => r.lines.map((l) => `${l.zh}×${l.qty}`))).toEqual(['开卡礼包×1']);
      // The cloud retires the bag and adds a poster: the next tap sees it.
      const next = hallConfig({
        extra: {
          materials: {
            items: [
              ...MATERIALS.items.filter((i) => i.id !== 'BAG'),
              { ...MATERIALS.items[2]!, id: 'POS', zh: '海报', en: 'Poster', unitZh: '张', unitEn: 'posters' },
            ],
          },
        },
      });
      again.hub.applyConfig(next);
      expect((await page.counter.materials.query()).items.map((i) => i.id)).toEqual(['FLY', 'KIT', 'POS', 'SIM']);
      expect(
        await page.counter.issueMaterials.mutate({ issueId: randomUUID(), lines: [{ itemId: 'BAG', qty: 1 }] }),
      ).toMatchObject({ ok: false, code: 'material-item-unknown' });
      expect(
        await page.counter.issueMaterials.mutate({ issueId: randomUUID(), lines: [{ itemId: 'POS', qty: 1 }] }),
      ).toMatchObject({ ok: true, lines: [{ zh: '海报' }] });
    } finally {
      // The folder was the first hub's: remove it with this one.
      await again.stop();
      t = null;
      const { rmSync } = await import('node:fs');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
