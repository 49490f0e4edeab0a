/**
 * The hub's local API as the in-hall pages use it (tRPC client over HTTP and SSE): nothing without its
 * credential; a clerk signs in with PIN and works the counter like the call button (and the physical
 * display follows); a paired rating-pad page hears the prompt and sends the score; the wall screen's
 * live view follows changes; a manager asks why one ticket was called before another.
 */
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import { CounterTerminalSim, TicketTerminalSim } from '@hall/simulators';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubRouter } from '../src/api/hub.router.ts';
import { credential, startTestHub, type TestHub } from './support/test-hub.ts';

let t: TestHub;
let kiosk: TicketTerminalSim;
let button: CounterTerminalSim;

beforeAll(async () => {
  t = await startTestHub();
  kiosk = new TicketTerminalSim({ url: t.url, hallId: 'H-TEST', deviceId: 'kiosk-1', secret: t.secrets['kiosk-1'] });
  button = new CounterTerminalSim({ url: t.url, hallId: 'H-TEST', deviceId: 'ctr-c01', secret: t.secrets['ctr-c01'] });
  await kiosk.connect();
  await button.connect();
});
afterAll(async () => {
  await kiosk?.close();
  await button?.close();
  await t?.stop();
});

function client(token?: string) {
  const url = `${t.httpUrl}/trpc`;
  return createTRPCClient<HubRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url,
          EventSource: EventSource as never,
          connectionParams: token ? { token } : undefined,
        }),
        false: httpBatchLink({ url, headers: token ? { authorization: `Bearer ${token}` } : {} }),
      }),
    ],
  });
}

const code = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return err instanceof TRPCClientError ? (err.data as { code?: string } | undefined)?.code : String(err);
  }
};

describe('local API', () => {
  it('answers health openly, and the hall only with the display token', async () => {
    expect(await client().health.query()).toMatchObject({ status: 'ok', hallId: 'H-TEST' });
    expect(await code(client().hall.state.query())).toBe('UNAUTHORIZED');
    expect(await code(client('wrong-token').hall.state.query())).toBe('UNAUTHORIZED');
    expect(await client(t.displayToken).hall.state.query()).toMatchObject({
      hall: { id: 'H-TEST' },
      services: [{ id: 'billing' }, { id: 'plan' }],
    });
  });

  it('signs a clerk in with a PIN and works the counter like the call button; the rating pad page rates', async () => {
    expect(await code(client().counter.signIn.mutate({ counterId: 'C01', staffId: 'E1001', pin: '00000000' }))).toBe(
      'UNAUTHORIZED',
    );
    expect(await code(client().counter.act.mutate({ action: { type: 'call.next' } }))).toBe('UNAUTHORIZED');
    const { token } = await client().counter.signIn.mutate({
      counterId: 'C01',
      staffId: 'E1001',
      pin: credential('pin:E1001').secret,
    });

    // The wall screen follows along.
    const live: Array<{ waiting: number; calls: number }> = [];
    const sub = client(t.displayToken).hall.live.subscribe(undefined, {
      onData: (s) => live.push({ waiting: s.services.reduce((a, x) => a + x.waiting, 0), calls: s.calls.length }),
    });
    const pad = await client().pad.pair.mutate({ deviceId: 'pad-c01', secret: t.secrets['pad-c01'] as string });
    const prompts: Array<{ reqId: string; ticketNo: string; staffName?: string }> = [];
    const padSub = client(pad.token).pad.prompts.subscribe(undefined, { onData: (p) => prompts.push(p) });
    await new Promise((r) => setTimeout(r, 300));

    const printed = await kiosk.requestTicket({ serviceId: 'billing' });
    expect(printed).toMatchObject({ status: 'printed', ticket: { ticketNo: 'A001' } });
    const clerk = client(token);
    expect(await clerk.counter.act.mutate({ action: { type: 'call.next' } })).toMatchObject({
      ok: true,
      display: { status: 'calling', ticketNo: 'A001' },
    });
    // The physical call button's display follows what the page did.
    await waitFor(() => button.display.ticketNo === 'A001');
    expect(await clerk.counter.act.mutate({ action: { type: 'ticket.start', ticketNo: 'A002' } })).toMatchObject({
      ok: false,
      code: 'ticket_mismatch',
    });
    expect(await clerk.counter.act.mutate({ action: { type: 'ticket.start', ticketNo: 'A001' } })).toMatchObject({
      ok: true,
      display: { status: 'serving' },
    });
    expect(await clerk.counter.act.mutate({ action: { type: 'ticket.finish', txCount: 1 } })).toMatchObject({
      ok: true,
      display: { status: 'idle' },
    });

    await waitFor(() => prompts.length === 1);
    expect(prompts[0]).toMatchObject({ ticketNo: 'A001', staffName: '王芳' });
    await client(pad.token).pad.rate.mutate({
      ticketNo: 'A001',
      promptReqId: prompts[0]?.reqId as string,
      score: 5,
      reasons: ['friendly'],
    });
    // The same answer twice (a double tap) counts once.
    await client(pad.token).pad.rate.mutate({
      ticketNo: 'A001',
      promptReqId: prompts[0]?.reqId as string,
      score: 5,
      reasons: ['friendly'],
    });
    const state = await client(t.displayToken).hall.state.query();
    expect(state.totals).toMatchObject({ servedToday: 1, ratingsToday: 1, csatToday: 5 });
    expect(live.some((l) => l.waiting === 1)).toBe(true);
    expect(live.at(-1)?.calls).toBeGreaterThan(0);

    expect(await clerk.counter.signOut.mutate()).toEqual({ ok: true });
    expect(await code(clerk.counter.state.query())).toBe('UNAUTHORIZED');
    sub.unsubscribe();
    padSub.unsubscribe();
  });

  it('tells a manager why one ticket was called before another', async () => {
    const { token } = await client().counter.signIn.mutate({
      counterId: 'C02',
      staffId: 'E1002',
      pin: credential('pin:E1002').secret,
    });
    const regular = await kiosk.requestTicket({ serviceId: 'plan' });
    const vip = await kiosk.requestTicket({ serviceId: 'plan', priority: 'vip' });
    const [first, second] = [regular, vip].map((a) => (a.status === 'printed' ? a.ticket.ticketNo : ''));
    expect(await client(token).counter.act.mutate({ action: { type: 'call.next' } })).toMatchObject({
      display: { ticketNo: second },
    });
    expect(
      await code(client(t.displayToken).manager.explain.query({ ticketNo: second as string, before: first as string })),
    ).toBe('UNAUTHORIZED');
    const { answer } = await client(credential('manager').secret).manager.explain.query({
      ticketNo: second as string,
      before: first as string,
    });
    expect(answer).toContain(`${second} (vip) was called at 2号窗口`);
    expect(answer).toContain('its priority class goes first');
    expect(answer).toContain(`${first} was regular, a lower class`);
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
