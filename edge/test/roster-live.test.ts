/**
 * A new hall config from the cloud, applied by a running hub (watchCloudConfig → Hub.applyConfig, the path
 * main.ts wires): the staff list takes effect for the next sign-in (a new clerk signs in, a changed PIN is
 * the one that works, a removed clerk cannot sign in but one signed in stays at the counter), and the
 * published roster at once: the "counters below schedule" alarm raised under the old roster clears under
 * the new one, the wall screen's staffed-vs-required figures change, a clerk's counter page shows their own
 * shifts. The hub's clock is the test's (10:00 in Shanghai on 2026-11-25).
 */
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { publishedDayFromHub } from '@hall/simulators';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubRouter } from '../src/api/hub.router.ts';
import type { CloudLink } from '../src/adapters/cloud-link/cloud-link.adapter.ts';
import { watchCloudConfig } from '../src/cloud-config.ts';
import { credential, hallConfig, startTestHub, type TestHub } from './support/test-hub.ts';

const TODAY = '2026-11-25';
const TOMORROW = '2026-11-26';
// 10:00 in Shanghai.
let now = Date.UTC(2026, 10, 25, 2, 0, 0);
let t: TestHub | null = null;
let stopWatch: () => void = () => {};
afterEach(async () => {
  stopWatch();
  await t?.stop();
  t = null;
});

const COUNTERS = [
  { id: 'C01', name: '1号窗口', services: { billing: 1, plan: 0.5 } },
  { id: 'C02', name: '2号窗口', services: { plan: 1 } },
  { id: 'C03', name: '3号窗口', services: { billing: 1 } },
];
const staff = (...ids: string[]) =>
  ids.map((id, i) => ({ id, name: ['王芳', '李强', '张敏'][i] ?? id, pinHash: credential(`pin:${id}`).hash }));

/** Today: both clerks at the counters at 10:00 (E1001 on break 10:30-10:45); tomorrow one shift each. */
const OLD_ROSTER = {
  version: 3,
  publishedAt: '2026-11-24T08:00:00+08:00',
  days: [
    {
      date: TODAY,
      shifts: [
        {
          staffId: 'E1001',
          start: '09:00',
          end: '13:00',
          breaks: [{ start: '10:30', end: '10:45' }],
          serviceId: 'billing',
        },
        { staffId: 'E1002', start: '09:00', end: '17:00', breaks: [], serviceId: 'plan' },
      ],
      required: [{ from: '09:00', to: '12:00', agents: 3 }],
    },
    { date: TOMORROW, shifts: [{ staffId: 'E1001', start: '12:00', end: '18:00', breaks: [] }], required: [] },
  ],
};

const client = (url: string, token?: string) =>
  createTRPCClient<HubRouter>({
    links: [httpLink({ url, ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}) })],
  });

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (err) {
    if (!(err instanceof TRPCClientError)) throw err;
    return (err as TRPCClientError<HubRouter>).data?.code ?? '?';
  }
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

/** A cloud that answers `hub.config` with `document` as version `version` (the hub asks since its own). */
function fakeCloud(first: { version: number; document: Record<string, unknown> }) {
  let current = first;
  const link: CloudLink = {
    putBlob: async () => 'stored' as const,
    push: () => Promise.reject(new Error('not in this test')),
    poll: () => Promise.resolve(null),
    config: (since) =>
      Promise.resolve(
        since >= current.version
          ? { version: current.version, unchanged: true as const }
          : { version: current.version, unchanged: false as const, document: current.document },
      ),
  };
  return { link, publish: (next: typeof first) => void (current = next) };
}

const belowSchedule = (hub: TestHub) => hub.hub.alerts.active().find((a) => a.rule === 'counters-below-schedule');

/**
 * The "counters below schedule" alarm after the rules have looked at the hall again (evaluating now; the
 * hub's own half-second round may be the one that records it, so this waits for the expected state).
 */
async function alarmAfterEvaluation(hub: TestHub, expectActive: boolean) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    await hub.hub.alerts.evaluate();
    const alarm = belowSchedule(hub);
    if (Boolean(alarm) === expectActive || Date.now() > deadline) return alarm;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a new hall config applied live', () => {
  it('staff for the next sign-in, the roster for the alarm, the wall screen and the counter page at once', async () => {
    const base = {
      counters: COUNTERS,
      staff: staff('E1001', 'E1002'),
      extra: {
        roster: OLD_ROSTER,
        // The hand-typed schedule says 1 counter: the roster (today) replaces it.
        alerts: { raiseAfterSec: 0, clearAfterSec: 0, schedule: [{ from: '08:00', to: '20:00', counters: 1 }] },
      },
    };
    const hall = hallConfig(base);
    t = await startTestHub({ hall, clock: () => now });
    const api = `${t.httpUrl}/trpc`;
    const wall = client(api, t.displayToken);

    // The old roster: two clerks planned at 10:00, none open: the alarm says so, with the roster's figures.
    expect((await alarmAfterEvaluation(t, true))?.params).toEqual({ open: 0, scheduled: 2, clerks: 2 });
    expect((await wall.hall.state.query()).staffing).toEqual({ planned: 2, required: 3, open: 0, rosterVersion: 3 });

    // E1002 signs in at C02 and stays there through the change.
    const e1002 = await client(api).counter.signIn.mutate({
      counterId: 'C02',
      staffId: 'E1002',
      pin: credential('pin:E1002').secret,
    });
    const e1002Page = client(api, e1002.token);
    expect((await e1002Page.counter.shifts.query()).shifts).toEqual([
      { date: TODAY, start: '09:00', end: '17:00', breaks: [], serviceId: 'plan', serviceName: '套餐变更' },
    ]);

    // The cloud publishes: E1001's PIN changed, E1002 left the hall, E1003 joined; nobody planned at 10:00
    // (E1001 from 13:00, E1003 on a break until 10:30).
    const newPin = '24681357';
    const { hashSecretSync } = await import('@hall/devices/secrets');
    const next = hallConfig({
      ...base,
      staff: [
        { id: 'E1001', name: '王芳', pinHash: hashSecretSync(newPin) },
        { id: 'E1003', name: '张敏', pinHash: credential('pin:E1003').hash },
      ],
      extra: {
        ...base.extra,
        roster: {
          version: 4,
          publishedAt: '2026-11-25T09:55:00+08:00',
          days: [
            {
              date: TODAY,
              shifts: [
                { staffId: 'E1001', start: '13:00', end: '18:00', breaks: [] },
                {
                  staffId: 'E1003',
                  start: '09:30',
                  end: '17:30',
                  breaks: [{ start: '09:45', end: '10:30' }],
                  serviceId: 'billing',
                },
              ],
              required: [{ from: '09:00', to: '12:00', agents: 1 }],
            },
          ],
        },
      },
    });
    const cloud = fakeCloud({ version: 1, document: {} });
    const applied: number[] = [];
    cloud.publish({ version: 2, document: JSON.parse(JSON.stringify(next)) as Record<string, unknown> });
    stopWatch = watchCloudConfig(t.config.env, cloud.link, pino({ level: 'silent' }), 1, 20, (h) => {
      applied.push(t?.hub.applyConfig(h).rosterVersion ?? -1);
    });
    await until('the new config applied', () => applied.length > 0);
    expect(applied).toEqual([4]);

    // The alarm's expectation changed at once: nobody planned now, so it clears at the next evaluation.
    expect(await alarmAfterEvaluation(t, false)).toBeUndefined();
    expect((await wall.hall.state.query()).staffing).toEqual({ planned: 0, required: 1, open: 1, rosterVersion: 4 });

    // Staff: the clerk signed in stays signed in (the counter is theirs until closed or released) …
    expect((await e1002Page.counter.state.query()).staffId).toBe('E1002');
    // … and the wall still names them at it.
    expect((await wall.hall.state.query()).counters.find((c) => c.id === 'C02')?.staffName).toBe('李强');
    // … the removed clerk cannot sign in again, the new one can, and only the new PIN of a changed one works.
    expect(
      await code(
        client(api).counter.signIn.mutate({ counterId: 'C03', staffId: 'E1002', pin: credential('pin:E1002').secret }),
      ),
    ).toBe('UNAUTHORIZED');
    now += 10 * 60_000; // past the backoff that wrong attempt started (10:10; E1003 back from the break at 10:30)
    const e1003 = await client(api).counter.signIn.mutate({
      counterId: 'C01',
      staffId: 'E1003',
      pin: credential('pin:E1003').secret,
    });
    const e1003Shifts = await client(api, e1003.token).counter.shifts.query();
    expect(e1003Shifts).toMatchObject({ version: 4, today: TODAY, days: [TODAY] });
    expect(e1003Shifts.shifts).toEqual([
      {
        date: TODAY,
        start: '09:30',
        end: '17:30',
        breaks: [{ start: '09:45', end: '10:30' }],
        serviceId: 'billing',
        serviceName: '话费缴费',
      },
    ]);
    expect(
      await code(
        client(api).counter.signIn.mutate({ counterId: 'C03', staffId: 'E1001', pin: credential('pin:E1001').secret }),
      ),
    ).toBe('UNAUTHORIZED');
    now += 10 * 60_000;
    expect(await code(client(api).counter.signIn.mutate({ counterId: 'C03', staffId: 'E1001', pin: newPin }))).toBe(
      'OK',
    );
    // E1002's page shows nothing of the roster: not on it any more.
    expect((await e1002Page.counter.shifts.query()).shifts).toEqual([]);

    // The roster for the simulated clerks and in-hall screens (display token): today's day as published.
    const day = await wall.roster.day.query({});
    expect(day?.shifts.map((s) => s.staffId)).toEqual(['E1001', 'E1003']);
    expect(await wall.roster.day.query({ date: TOMORROW })).toBeNull();
    expect(await code(client(api).roster.day.query({}))).toBe('UNAUTHORIZED');
    // The demo's simulated clerks read it the same way, over HTTP (simulators never import the hub).
    const forSim = await publishedDayFromHub({ hubHttp: t.httpUrl, displayToken: t.displayToken, date: TODAY });
    expect(forSim).toMatchObject({ version: 4, date: TODAY });
    expect(forSim?.shifts).toHaveLength(2);
    expect(await publishedDayFromHub({ hubHttp: t.httpUrl, displayToken: t.displayToken, date: TOMORROW })).toBeNull();
  });

  it('a roster applied live raises the alarm the hand-typed schedule did not', async () => {
    const alerts = { raiseAfterSec: 0, clearAfterSec: 0, schedule: [] };
    t = await startTestHub({ hall: hallConfig({ counters: COUNTERS, extra: { alerts } }), clock: () => now });
    expect(await alarmAfterEvaluation(t, false)).toBeUndefined();
    expect((await client(`${t.httpUrl}/trpc`, t.displayToken).hall.state.query()).staffing).toBeNull();

    t.hub.applyConfig(hallConfig({ counters: COUNTERS, extra: { alerts, roster: OLD_ROSTER } }));
    expect((await alarmAfterEvaluation(t, true))?.params).toEqual({ open: 0, scheduled: 2, clerks: 2 });
    // Without a day for today the roster says nothing: the hand-typed schedule (none here) applies again.
    const tomorrowOnly = { ...OLD_ROSTER, days: [OLD_ROSTER.days[1]] };
    t.hub.applyConfig(hallConfig({ counters: COUNTERS, extra: { alerts, roster: tomorrowOnly } }));
    expect(await alarmAfterEvaluation(t, false)).toBeUndefined();
  });
});
