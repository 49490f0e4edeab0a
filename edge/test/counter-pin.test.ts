/**
 * Guessing a clerk's PIN at the hub's local API, as an attacker on the hall network would: short PINs
 * are refused outright; a burst of parallel guesses at one staff id gets one check; wrong PINs back off
 * per staff id and per counter (even the right PIN waits); an unknown staff id gets the same answer at
 * the same cost (a full hash) as a known one. The hub's clock is the test's, so backoff is exact.
 */
import { createTRPCClient, httpBatchLink, httpLink, TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubRouter } from '../src/api/hub.router.ts';
import { credential, startTestHub, type TestHub } from './support/test-hub.ts';

let now = Date.now();
let t: TestHub;

// A hub per test: the attempts of one (all from this machine's address) must not count in the next.
beforeEach(async () => {
  t = await startTestHub({ clock: () => now });
});
afterEach(async () => {
  await t?.stop();
});

const url = () => `${t.httpUrl}/trpc`;
const single = () => createTRPCClient<HubRouter>({ links: [httpLink({ url: url() })] });
const pin = (staffId: string) => credential(`pin:${staffId}`).secret;
const wrong = (staffId: string) => String((Number(pin(staffId)) + 1) % 100_000_000).padStart(8, '0');
async function answer(p: Promise<unknown>): Promise<{ code: string; message: string; retryAfterSec?: number | null }> {
  try {
    await p;
    return { code: 'OK', message: '' };
  } catch (err) {
    if (!(err instanceof TRPCClientError)) throw err;
    const data = (err as TRPCClientError<HubRouter>).data;
    return { code: data?.code ?? '?', message: err.message, retryAfterSec: data?.retryAfterSec };
  }
}
const signIn = (counterId: string, staffId: string, p: string) =>
  answer(single().counter.signIn.mutate({ counterId, staffId, pin: p }));
const hashed = () => t.hub.pins.stats.hashed;

describe('counter PINs', () => {
  it('refuses a PIN of fewer than six digits without checking it', async () => {
    const before = hashed();
    expect((await signIn('C01', 'E1001', '1234')).code).toBe('BAD_REQUEST');
    expect(hashed()).toBe(before);
  });

  it('checks one of a burst of parallel guesses, then backs off per staff id: even the right PIN waits', async () => {
    const before = hashed();
    // Ten guesses in one batch (the most a batch may hold; as 10 parallel requests would be): one is
    // checked, the rest refused.
    const batch = createTRPCClient<HubRouter>({ links: [httpBatchLink({ url: url(), maxItems: 10 })] });
    const burst = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        answer(batch.counter.signIn.mutate({ counterId: 'C01', staffId: 'E1001', pin: String(10_000_000 + i) })),
      ),
    );
    expect(burst.filter((a) => a.code === 'UNAUTHORIZED')).toHaveLength(1);
    expect(burst.filter((a) => a.code === 'TOO_MANY_REQUESTS')).toHaveLength(9);
    expect(hashed() - before).toBe(1);

    // Five more wrong PINs, one at a time: the sixth failure starts the backoff.
    for (let i = 0; i < 5; i++) expect((await signIn('C01', 'E1001', wrong('E1001'))).code).toBe('UNAUTHORIZED');
    expect(await signIn('C01', 'E1001', pin('E1001'))).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSec: 1 });
    expect(t.hub.state.snapshot().counters.find((c) => c.id === 'C01')?.status).toBe('closed');
    // After the wait the right PIN gets in; another wrong one doubles the next wait.
    now += 1_000;
    expect((await signIn('C01', 'E1001', pin('E1001'))).code).toBe('OK');
    expect(t.hub.state.snapshot().counters.find((c) => c.id === 'C01')).toMatchObject({
      status: 'idle',
      staffId: 'E1001',
    });
  });

  it('backs off per counter across staff ids, and checks unknown staff ids at the same cost as known ones', async () => {
    const before = hashed();
    const known = await signIn('C02', 'E1002', wrong('E1002'));
    const unknown = [];
    for (const id of ['X01', 'X02', 'X03', 'X04', 'X05', 'X06', 'X07', 'X08', 'X09', 'X10'])
      unknown.push(await signIn('C02', id, '12345678'));
    // Same answer, and each one cost a full check (a hash against a stand-in for the missing PIN).
    for (const a of unknown) expect(a).toEqual(known);
    expect(hashed() - before).toBe(11);
    // Eleven wrong PINs at C02: the counter waits now, whoever signs in; other counters do not.
    expect(await signIn('C02', 'E1002', pin('E1002'))).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSec: 1 });
    now += 1_000;
    expect((await signIn('C02', 'E1002', pin('E1002'))).code).toBe('OK');
  });
});
