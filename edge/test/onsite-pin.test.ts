/**
 * Signing in at the hub's on-site scoring page (/hall/onsite/) with one's own staff number and PIN, as a
 * manager on the hall network would and as a guesser would: a lead or manager gets a session in their
 * name; a clerk's right PIN is refused as not a manager; a wrong PIN and an unknown staff number get the
 * same answer; wrong PINs back off per staff id (shared with the counter pages); a manager made a clerk
 * by a new hall config is signed out at the next request; a form is journaled as `staff:<id>`, and a
 * lead does not score herself. The hub's clock is the test's.
 */
import { randomUUID } from 'node:crypto';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubRouter } from '../src/api/hub.router.ts';
import { credential, hallConfig, startTestHub, type TestHub } from './support/test-hub.ts';

let now = Date.now();
let t: TestHub;

const staff = (managerRole: 'manager' | 'clerk') => [
  { id: 'E1001', name: '王芳', pinHash: credential('pin:E1001').hash },
  { id: 'M01', name: '陈静', role: managerRole, pinHash: credential('pin:M01').hash },
  { id: 'L01', name: '赵敏', role: 'lead', pinHash: credential('pin:L01').hash },
];

const TEMPLATE = {
  id: 'counter-service',
  version: 1,
  zh: '窗口服务规范检查',
  en: 'Counter service check',
  subject: 'clerk',
  sections: [
    {
      id: 'manner',
      zh: '服务礼仪',
      en: 'Manner',
      items: [{ id: 'greet', zh: '微笑问候', en: 'Greets', kind: 'pass-fail', points: 10 }],
    },
  ],
};
const hall = (managerRole: 'manager' | 'clerk') =>
  hallConfig({ staff: staff(managerRole), extra: { onsite: { templates: [TEMPLATE] } } });

beforeEach(async () => {
  t = await startTestHub({ clock: () => now, hall: hall('manager') });
});
afterEach(async () => {
  await t?.stop();
});

const client = (token = '') =>
  createTRPCClient<HubRouter>({
    links: [httpLink({ url: `${t.httpUrl}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) })],
  });
const pin = (staffId: string) => credential(`pin:${staffId}`).secret;
const wrong = (staffId: string) => String((Number(pin(staffId)) + 1) % 100_000_000).padStart(8, '0');
async function answer<T>(p: Promise<T>) {
  try {
    return { code: 'OK', value: await p };
  } catch (err) {
    if (!(err instanceof TRPCClientError)) throw err;
    const data = (err as TRPCClientError<HubRouter>).data;
    return { code: data?.code ?? '?', retryAfterSec: data?.retryAfterSec, refusal: data?.refusal };
  }
}
const signIn = (staffId: string, p: string) => answer(client().onsite.signIn.mutate({ staffId, pin: p }));

describe('on-site sign-in with staff number and PIN', () => {
  it('lets a manager or a lead in by name, and refuses a clerk’s right PIN as not a manager', async () => {
    const manager = await signIn('M01', pin('M01'));
    expect(manager).toMatchObject({ code: 'OK', value: { scorer: { staffId: 'M01', name: '陈静' } } });
    const token = (manager as { value: { token: string } }).value.token;
    expect((await client(token).onsite.context.query()).scorer).toEqual({ staffId: 'M01', name: '陈静' });
    expect(await signIn('L01', pin('L01'))).toMatchObject({ code: 'OK', value: { scorer: { name: '赵敏' } } });

    expect(await signIn('E1001', pin('E1001'))).toMatchObject({ code: 'FORBIDDEN', refusal: 'onsite-not-a-manager' });
    // The old way in is gone: the manager token and a typed name are not an input any more.
    expect((await answer(client().onsite.signIn.mutate({ token: 'x'.repeat(16), scorer: '张三' } as never))).code).toBe(
      'BAD_REQUEST',
    );
  });

  it('answers a wrong PIN and an unknown staff number alike, and backs off after repeated wrong PINs (429 with the wait)', async () => {
    expect(await signIn('M01', wrong('M01'))).toMatchObject({ code: 'UNAUTHORIZED', refusal: null });
    expect(await signIn('X99', '12345678')).toMatchObject({ code: 'UNAUTHORIZED', refusal: null });
    for (let i = 0; i < 4; i++) expect((await signIn('M01', wrong('M01'))).code).toBe('UNAUTHORIZED');
    // The sixth failure starts the backoff: even the right PIN waits, and the page is told how long.
    expect((await signIn('M01', wrong('M01'))).code).toBe('UNAUTHORIZED');
    expect(await signIn('M01', pin('M01'))).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSec: 1 });
    // The limit is the staff id's, whichever page guesses: the counter page waits too.
    expect(
      (await answer(client().counter.signIn.mutate({ counterId: 'C01', staffId: 'M01', pin: pin('M01') }))).code,
    ).toBe('TOO_MANY_REQUESTS');
    now += 1_000;
    expect((await signIn('M01', pin('M01'))).code).toBe('OK');
  });

  it('signs a manager out at the next request once a new hall config makes them a clerk', async () => {
    const r = await signIn('M01', pin('M01'));
    const token = (r as { value: { token: string } }).value.token;
    t.hub.applyConfig(hall('clerk'));
    expect((await answer(client(token).onsite.context.query())).code).toBe('UNAUTHORIZED');
  });

  it('journals a form in the signed-in manager’s name, and refuses one scoring herself', async () => {
    const r = await signIn('L01', pin('L01'));
    const api = client((r as { value: { token: string } }).value.token);
    const form = (subjectId: string) => ({
      formId: randomUUID(),
      templateId: 'counter-service',
      templateVersion: 1,
      subjectKind: 'clerk' as const,
      subjectId,
      counterId: null,
      ticketNo: null,
      answers: [{ itemId: 'greet', result: 'pass' as const, points: null, note: null, photos: [] }],
      signature: null,
    });
    expect(await api.onsite.submit.mutate(form('L01'))).toMatchObject({ ok: false, code: 'onsite-own-form' });
    const scored = form('E1001');
    expect(await api.onsite.submit.mutate(scored)).toMatchObject({ ok: true, points: 10 });
    // In the outbox for the cloud: one form, in her name.
    await t.hub.journal.settled();
    const forwarded = t.hub.store.outboxBodiesOfKind('onsite.scored').map((b) => JSON.parse(b) as object);
    expect(forwarded).toEqual([
      expect.objectContaining({ formId: scored.formId, subjectId: 'E1001', scoredBy: 'staff:L01' }),
    ]);
  });
});
