/**
 * Counter sessions through the hub's local API, as the counter pages and a manager use it: a counter
 * belongs to its signed-in clerk, who resumes it after closing the page mid-call (also after a hub
 * restart); one clerk is at one counter (signing in elsewhere signs the other page out, saying where,
 * and is journaled); a manager releases a counter whose clerk is gone, the ticket going back to the
 * queue, journaled with who did it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { TicketTerminalSim } from '@hall/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubRouter } from '../src/api/hub.router.ts';
import { credential, startTestHub, type TestHub } from './support/test-hub.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'hall-counter-sessions-'));
let t: TestHub;
let kiosk: TicketTerminalSim;

async function start() {
  t = await startTestHub({ dataDir });
  kiosk = new TicketTerminalSim({ url: t.url, hallId: 'H-TEST', deviceId: 'kiosk-1', secret: t.secrets['kiosk-1'] });
  await kiosk.connect();
}
async function stop() {
  await kiosk?.close();
  await t?.stop();
}
beforeAll(start);
afterAll(async () => {
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const client = (token?: string) =>
  createTRPCClient<HubRouter>({
    links: [httpLink({ url: `${t.httpUrl}/trpc`, headers: token ? { authorization: `Bearer ${token}` } : {} })],
  });
const signIn = (counterId: string, staffId: 'E1001' | 'E1002') =>
  client().counter.signIn.mutate({ counterId, staffId, pin: credential(`pin:${staffId}`).secret });
/** The refusal's code and data, or 'ok'. */
async function refusal(p: Promise<unknown>): Promise<{ code?: string; message?: string; signedOut?: unknown } | 'ok'> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (!(err instanceof TRPCClientError)) throw err;
    const data = (err as TRPCClientError<HubRouter>).data;
    return { code: data?.code, message: err.message, signedOut: data?.signedOut };
  }
}
const ticket = async (serviceId: string) => {
  const a = await kiosk.requestTicket({ serviceId });
  if (a.status !== 'printed') throw new Error(JSON.stringify(a));
  return a.ticket.ticketNo;
};
const journal = (type: string) =>
  (
    t.hub.store.db.prepare('SELECT body FROM events WHERE type = ? ORDER BY seq').all(type) as Array<{ body: string }>
  ).map((r) => JSON.parse(r.body) as Record<string, unknown>);
const counter = (id: string) => t.hub.state.snapshot().counters.find((c) => c.id === id);

describe('counter sessions', () => {
  it('lets a clerk whose page closed mid-call sign in again and go on, also after a hub restart', async () => {
    const first = await signIn('C01', 'E1001');
    const no = await ticket('billing');
    expect(await client(first.token).counter.act.mutate({ action: { type: 'call.next' } })).toMatchObject({
      ok: true,
      display: { status: 'calling', ticketNo: no },
    });
    // The page is closed (its token is gone with the tab); the clerk signs in again.
    expect(await signIn('C01', 'E1001')).toMatchObject({ display: { status: 'calling', ticketNo: no } });
    // Another clerk cannot take a counter in the middle of a call.
    expect(await refusal(signIn('C01', 'E1002'))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('a manager can release it'),
    });

    await stop();
    await start();
    expect(counter('C01')).toMatchObject({ status: 'calling', staffId: 'E1001', ticketNo: no });
    const again = await signIn('C01', 'E1001');
    expect(again.display).toMatchObject({ status: 'calling', ticketNo: no });
    expect(
      await client(again.token).counter.act.mutate({ action: { type: 'ticket.finish', ticketNo: no } }),
    ).toMatchObject({ ok: true, display: { status: 'idle' } });
  });

  it('keeps one clerk at one counter: signing in elsewhere signs the other page out, says where, and is journaled', async () => {
    const atC01 = await signIn('C01', 'E1001');
    const atC02 = await signIn('C02', 'E1001');
    expect(await refusal(client(atC01.token).counter.state.query())).toMatchObject({
      code: 'UNAUTHORIZED',
      signedOut: { counterId: 'C01', reason: 'moved', by: 'C02', byName: '2号窗口' },
    });
    expect(counter('C01')?.status).toBe('closed');
    expect(counter('C02')).toMatchObject({ status: 'idle', staffId: 'E1001' });
    expect(journal('counter.closed').at(-1)).toMatchObject({
      counterId: 'C01',
      reason: 'moved',
      by: 'C02',
      staffId: 'E1001',
    });

    // Busy at C02, the clerk cannot sign in at C01 (the customer at C02 would be left standing).
    const no = await ticket('plan');
    expect(await client(atC02.token).counter.act.mutate({ action: { type: 'call.next' } })).toMatchObject({
      ok: true,
      display: { ticketNo: no },
    });
    expect(await refusal(signIn('C01', 'E1001'))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining(`at counter C02 with ${no}`),
    });
    expect((await client(atC02.token).counter.state.query()).display).toMatchObject({
      status: 'calling',
      ticketNo: no,
    });
  });

  it('lets a manager release a counter whose clerk is gone: the ticket goes back to the queue, journaled with who did it', async () => {
    // E1001's page at C02 is gone mid-call (the previous test left it calling).
    const held = counter('C02')?.ticketNo as string;
    expect(held).toMatch(/^B/);
    const page = await signIn('C02', 'E1001');
    expect(
      await refusal(client(t.displayToken).manager.releaseCounter.mutate({ counterId: 'C02', by: '值班经理 刘' })),
    ).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(
      await client(credential('manager').secret).manager.releaseCounter.mutate({ counterId: 'C02', by: '值班经理 刘' }),
    ).toEqual({ released: true, ticketNo: held, ticket: 'requeued' });
    expect(await refusal(client(page.token).counter.state.query())).toMatchObject({
      code: 'UNAUTHORIZED',
      signedOut: { reason: 'released', by: '值班经理 刘' },
    });
    expect(journal('ticket.requeued').at(-1)).toMatchObject({ ticketNo: held, counterId: 'C02' });
    expect(journal('counter.closed').at(-1)).toMatchObject({
      counterId: 'C02',
      reason: 'released',
      by: '值班经理 刘',
      staffId: 'E1001',
    });
    expect(t.hub.state.snapshot().services.find((s) => s.id === 'plan')?.waiting).toBe(1);

    // The counter is free: another clerk opens it and the customer is called first.
    const other = await signIn('C02', 'E1002');
    expect(await client(other.token).counter.act.mutate({ action: { type: 'call.next' } })).toMatchObject({
      ok: true,
      display: { ticketNo: held },
    });
  });
});
