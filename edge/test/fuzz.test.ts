/**
 * Fuzz: 10,000 malformed or hostile payloads from an authenticated ticket terminal (mutations of a valid
 * request, the simulators' hostile catalogue, random bytes), then random topics that the ACL must refuse.
 * The hub stays up, counts every refusal under the reason the contract gives, and still serves a good
 * request afterwards.
 */
import { parseDeviceEvent, topics } from '@hall/devices';
import { hostilePayloads, Random } from '@hall/simulators';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/test-hub.ts';

const N = 10_000;
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t?.stop();
});

/** One fuzzed payload: a mutation of a valid request, a catalogue entry or noise. */
function fuzzPayload(r: Random, i: number, now: number): string | Buffer {
  const valid: Record<string, unknown> = {
    eid: `kiosk-2.fz.${i}`,
    seq: i,
    ts: now,
    deviceId: 'kiosk-2',
    serviceId: 'billing',
    channel: 'kiosk',
  };
  const junk = (): unknown =>
    r.pick([
      null,
      true,
      -1,
      0,
      1e308,
      -1e-308,
      'NaN',
      '',
      'x'.repeat(r.int(1, 300)),
      '\u0000\u202e\ud83d',
      [],
      {},
      [[[[]]]],
      { $gt: '' },
      '<img src=x onerror=alert(1)>',
      "'; DROP TABLE events; --",
      '../../etc/passwd',
      '%s%s%s%n',
    ]);
  switch (r.int(0, 9)) {
    case 0: {
      const keys = Object.keys(valid);
      delete valid[r.pick(keys)];
      return JSON.stringify(valid);
    }
    case 1:
    case 2:
      valid[r.pick(Object.keys(valid))] = junk();
      return JSON.stringify(valid);
    case 3: {
      const text = JSON.stringify(valid);
      return text.slice(0, r.int(0, text.length - 1));
    }
    case 4:
      return Buffer.from(Array.from({ length: r.int(0, 64) }, () => r.int(0, 255)));
    case 5:
      return JSON.stringify({ ...valid, ts: now + r.pick([-1, 1]) * r.int(1, 10) * 86_400_000 });
    case 6:
      return JSON.stringify({
        ...valid,
        [r.pick(['__proto__', 'constructor', 'prototype'])]: { polluted: true },
        extra: junk(),
      });
    case 7: {
      const h = hostilePayloads('kiosk-2', now).filter((x) => x.type === 'ticket.request');
      return r.pick(h).payload;
    }
    case 8:
      return JSON.stringify({
        ...valid,
        serviceId: r.pick(['billing', 'plan', 'nope', 'BILLING', 'billing ', 'bil/ling']),
        channel: r.pick(['kiosk', 'remote', 'fax', 'appointment']),
        priority: r.pick([undefined, 'vip', 'elderly', 'king']),
      });
    default:
      return JSON.stringify(junk());
  }
}

describe('fuzzing the hub', () => {
  it(`survives ${N} malformed and hostile payloads and counts each refusal by its reason`, async () => {
    const client = await mqtt.connectAsync(t.url, {
      clientId: 'kiosk-2',
      username: 'kiosk-2',
      password: t.secrets['kiosk-2'],
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    const r = new Random(2026);
    const now = Date.now();
    const expected: Record<string, number> = {};
    let accepted = 0;
    const topic = topics.event('H-TEST', 'kiosk-2', 'ticket.request');
    const before = { accepted: t.hub.broker.stats.accepted, rejected: t.hub.broker.stats.rejected };
    for (let start = 0; start < N; start += 250) {
      const batch: Promise<unknown>[] = [];
      for (let i = start; i < Math.min(N, start + 250); i++) {
        const payload = fuzzPayload(r, i, now);
        // The contract's own verdict, computed here before sending, is what the hub must count.
        const verdict = parseDeviceEvent({ kind: 'ticket-terminal', topic, payload, now: Date.now() });
        if (verdict.ok) accepted += 1;
        else expected[verdict.error.reason] = (expected[verdict.error.reason] ?? 0) + 1;
        batch.push(client.publishAsync(topic, payload, { qos: 1 }));
      }
      await Promise.all(batch);
    }
    const deadline = Date.now() + 20_000;
    while (
      t.hub.broker.stats.accepted + t.hub.broker.stats.rejected - before.accepted - before.rejected < N &&
      Date.now() < deadline
    )
      await new Promise((res) => setTimeout(res, 50));
    expect(t.hub.broker.stats.rejected - before.rejected).toBe(N - accepted);
    expect(t.hub.broker.stats.accepted - before.accepted).toBe(accepted);
    const counted = Object.fromEntries(
      Object.entries(t.hub.broker.rejections)
        .map(([reason, byDevice]) => [reason, byDevice['kiosk-2'] ?? 0])
        .filter(([, n]) => (n as number) > 0),
    );
    expect(counted).toEqual(expected);
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(5);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();

    // Still serving: a good request gets its ticket (or a clear refusal if the fuzz filled the queue).
    const answer = new Promise<string>((resolve) =>
      client.on('message', (tp) => (tp.endsWith('/cmd/print') || tp.endsWith('/cmd/reject') ? resolve(tp) : undefined)),
    );
    await client.subscribeAsync('hall/H-TEST/dev/kiosk-2/cmd/#', { qos: 1 });
    await client.publishAsync(
      topic,
      JSON.stringify({
        eid: 'kiosk-2.after',
        seq: N + 1,
        ts: Date.now(),
        deviceId: 'kiosk-2',
        serviceId: 'plan',
        channel: 'kiosk',
      }),
      { qos: 1 },
    );
    expect(await answer).toMatch(/cmd\/(print|reject)$/);
    await client.endAsync();
    const health = (await (await fetch(`${t.httpUrl}/health`)).json()) as { status: string };
    expect(health.status).toBe('ok');
  }, 120_000);

  it('refuses random topics outside the device\u2019s rights, dropping each connection, and stays up', async () => {
    const r = new Random(7);
    const before = t.hub.broker.stats.aclDenials;
    const segments = () =>
      r.pick(['evt', 'cmd', 'res', 'avail', 'state', 'x', '', 'evt/call.next', 'evt/ticket.request/extra']);
    let denied = 0;
    for (let i = 0; i < 200; i++) {
      const device = r.pick(['kiosk-2', 'kiosk-1', 'ctr-c01', 'other', 'kiosk-2/..']);
      const topic = r.pick([
        `hall/H-TEST/dev/${device}/${segments()}`,
        `hall/OTHER/dev/kiosk-2/evt/ticket.request`,
        `$SYS/${r.token(4)}`,
        r.token(r.int(1, 20)),
        `hall/H-TEST/hub/${r.pick(['avail', 'alarm/x'])}`,
      ]);
      const allowed = /^hall\/H-TEST\/dev\/kiosk-2\/(evt\/ticket\.(request|cancel)|avail|state|res\/[^/]+)$/.test(
        topic,
      );
      if (allowed) continue;
      const client = await mqtt.connectAsync(t.url, {
        clientId: `kiosk-2.fz${i}`,
        username: 'kiosk-2',
        password: t.secrets['kiosk-2'],
        protocolVersion: 4,
        reconnectPeriod: 0,
      });
      const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
      client.publish(topic, '{}', { qos: 1 });
      await closed;
      client.end(true);
      denied += 1;
    }
    expect(denied).toBeGreaterThan(150);
    expect(t.hub.broker.stats.aclDenials - before).toBe(denied);
    const health = (await (await fetch(`${t.httpUrl}/health`)).json()) as { status: string };
    expect(health.status).toBe('ok');
  }, 120_000);
});
