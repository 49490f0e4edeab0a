/**
 * The hub's broker against third-party MQTT peers and hostile clients: mosquitto_pub/mosquitto_sub act
 * as a ticket terminal and get a printed ticket; the ACL refuses other devices' subtrees, other kinds'
 * events and other devices' commands; bad logins fail; bad payloads are counted and answered.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/test-hub.ts';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t?.stop();
});

const connect = (deviceId: string, opts: { secret?: string; clientId?: string } = {}) =>
  mqtt.connectAsync(t.url, {
    clientId: opts.clientId ?? deviceId,
    username: deviceId,
    password: opts.secret ?? t.secrets[deviceId],
    protocolVersion: 4,
    reconnectPeriod: 0,
  });

function run(cmd: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('hub broker', () => {
  it('serves mosquitto_pub/mosquitto_sub acting as a ticket terminal: a printed ticket comes back', async () => {
    const port = String(t.hub.ports.mqtt);
    const creds = ['-u', 'kiosk-1', '-P', t.secrets['kiosk-1'] as string];
    const sub = spawn(
      'mosquitto_sub',
      [
        '-h',
        '127.0.0.1',
        '-p',
        port,
        '-i',
        'kiosk-1.sub',
        ...creds,
        '-t',
        'hall/H-TEST/dev/kiosk-1/cmd/#',
        '-v',
        '-q',
        '1',
        '-C',
        '1',
        '-W',
        '10',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    sub.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise((r) => setTimeout(r, 400));
    const payload = JSON.stringify({
      eid: 'kiosk-1.mq.1',
      seq: 1,
      ts: Date.now(),
      deviceId: 'kiosk-1',
      serviceId: 'billing',
      channel: 'kiosk',
    });
    const pub = await run('mosquitto_pub', [
      '-h',
      '127.0.0.1',
      '-p',
      port,
      '-i',
      'kiosk-1.pub',
      ...creds,
      '-q',
      '1',
      '-t',
      'hall/H-TEST/dev/kiosk-1/evt/ticket.request',
      '-m',
      payload,
    ]);
    expect(pub.code, pub.out).toBe(0);
    const [code] = (await once(sub, 'exit')) as [number];
    expect(code).toBe(0);
    const [topic, ...rest] = out.trim().split(' ');
    expect(topic).toBe('hall/H-TEST/dev/kiosk-1/cmd/print');
    expect(JSON.parse(rest.join(' '))).toMatchObject({
      inReplyTo: 'kiosk-1.mq.1',
      ticketNo: 'A001',
      serviceId: 'billing',
      serviceName: '话费缴费',
      waitingAhead: 0,
    });
    expect(t.hub.engine.ticket('A001')?.status).toBe('waiting');
  });

  it('refuses a wrong secret and an unknown device', async () => {
    await expect(connect('kiosk-1', { secret: 'not-the-secret' })).rejects.toThrow(
      /Bad username or password|Connection refused/i,
    );
    await expect(connect('kiosk-9', { secret: 'whatever-secret' })).rejects.toThrow();
    await expect(connect('kiosk-1', { clientId: 'kiosk-2' })).rejects.toThrow();
    const r = await run('mosquitto_pub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(t.hub.ports.mqtt),
      '-i',
      'anon',
      '-t',
      'hall/H-TEST/dev/kiosk-1/evt/ticket.request',
      '-m',
      '{}',
    ]);
    expect(r.code).not.toBe(0);
    expect(t.hub.broker.stats.authFailures).toBeGreaterThanOrEqual(4);
  });

  for (const [what, topic] of [
    ['another device\u2019s subtree', 'hall/H-TEST/dev/kiosk-2/evt/ticket.request'],
    ['an event type of another kind', 'hall/H-TEST/dev/kiosk-1/evt/call.next'],
    ['a command topic', 'hall/H-TEST/dev/ctr-c01/cmd/display'],
    ['the hub\u2019s own topics', 'hall/H-TEST/hub/avail'],
  ] as const) {
    it(`refuses publishing into ${what} and drops the connection`, async () => {
      const before = t.hub.broker.stats.aclDenials;
      const client = await connect('kiosk-1');
      const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
      client.publish(
        topic,
        JSON.stringify({
          eid: 'x1',
          seq: 1,
          ts: Date.now(),
          deviceId: 'kiosk-2',
          serviceId: 'billing',
          channel: 'kiosk',
        }),
        { qos: 1 },
      );
      await closed;
      client.end(true);
      expect(t.hub.broker.stats.aclDenials).toBe(before + 1);
      // Nothing was issued for kiosk-2 or anyone else.
      expect([...t.hub.engine.tickets.values()].map((x) => x.ticketNo)).toEqual(['A001']);
    });
  }

  it('refuses subscribing to another device\u2019s commands, but keeps the session', async () => {
    const client = await connect('ctr-c02');
    const before = t.hub.broker.stats.aclDenials;
    // SUBACK 0x80 (failure) for each forbidden filter; mqtt.js reports it as an error.
    await expect(client.subscribeAsync('hall/H-TEST/dev/ctr-c01/cmd/#', { qos: 1 })).rejects.toThrow();
    await expect(client.subscribeAsync('hall/H-TEST/dev/+/cmd/#', { qos: 1 })).rejects.toThrow();
    await expect(client.subscribeAsync('hall/#', { qos: 1 })).rejects.toThrow();
    expect(t.hub.broker.stats.aclDenials).toBe(before + 3);
    const granted = await client.subscribeAsync('hall/H-TEST/dev/ctr-c02/cmd/#', { qos: 1 });
    expect(granted.map((g) => g.qos)).toEqual([1]);
    expect(client.connected).toBe(true);
    await client.endAsync();
  });

  it('counts bad payloads by reason and device, answers on res/{reqId}, and keeps working', async () => {
    const client = await connect('kiosk-2');
    await client.subscribeAsync(['hall/H-TEST/dev/kiosk-2/cmd/#', 'hall/H-TEST/dev/kiosk-2/res/#'], { qos: 1 });
    const responses: string[] = [];
    client.on('message', (topic, payload) => topic.includes('/res/') && responses.push(payload.toString()));
    const evt = 'hall/H-TEST/dev/kiosk-2/evt/ticket.request';
    await client.publishAsync(evt, '{"eid":', { qos: 1 });
    await client.publishAsync(
      evt,
      JSON.stringify({
        reqId: 'r-7',
        eid: 'k2.1',
        seq: 1,
        ts: Date.now(),
        deviceId: 'kiosk-2',
        serviceId: 42,
        channel: 'kiosk',
      }),
      { qos: 1 },
    );
    await client.publishAsync(
      evt,
      JSON.stringify({
        eid: 'k2.2',
        seq: 2,
        ts: Date.now() + 3_600_000,
        deviceId: 'kiosk-2',
        serviceId: 'billing',
        channel: 'kiosk',
      }),
      { qos: 1 },
    );
    await client.publishAsync('hall/H-TEST/dev/kiosk-2/state', 'not json', { qos: 1 });
    await new Promise((r) => setTimeout(r, 300));
    expect(t.hub.broker.rejections).toMatchObject({
      invalid_json: { 'kiosk-2': 2 },
      invalid_payload: { 'kiosk-2': 1 },
      clock_skew: { 'kiosk-2': 1 },
    });
    expect(responses.map((r) => JSON.parse(r) as { status: string; error: string })).toEqual([
      { status: 'error', error: expect.stringMatching(/^serviceId:/) },
    ]);
    // And a good request right after is served.
    const printed = new Promise<string>((resolve) =>
      client.on('message', (topic, p) => topic.endsWith('/cmd/print') && resolve(p.toString())),
    );
    await client.publishAsync(
      evt,
      JSON.stringify({ eid: 'k2.3', seq: 3, ts: Date.now(), deviceId: 'kiosk-2', serviceId: 'plan', channel: 'kiosk' }),
      { qos: 1 },
    );
    expect(JSON.parse(await printed)).toMatchObject({ ticketNo: 'B001', inReplyTo: 'k2.3' });
    await client.endAsync();
  });

  it('answers a duplicate delivery with the same ticket and issues it once', async () => {
    const client = await connect('kiosk-2');
    await client.subscribeAsync('hall/H-TEST/dev/kiosk-2/cmd/#', { qos: 1 });
    const prints: Array<{ ticketNo: string; inReplyTo: string }> = [];
    client.on(
      'message',
      (topic, p) =>
        topic.endsWith('/cmd/print') &&
        prints.push(JSON.parse(p.toString()) as { ticketNo: string; inReplyTo: string }),
    );
    const body = JSON.stringify({
      eid: 'k2.dup',
      seq: 9,
      ts: Date.now(),
      deviceId: 'kiosk-2',
      serviceId: 'billing',
      channel: 'kiosk',
    });
    await Promise.all(
      [1, 2, 3].map(() => client.publishAsync('hall/H-TEST/dev/kiosk-2/evt/ticket.request', body, { qos: 1 })),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(prints).toHaveLength(3);
    expect(new Set(prints.map((p) => p.ticketNo)).size).toBe(1);
    expect([...t.hub.engine.tickets.values()].filter((x) => x.ticketNo === prints[0]?.ticketNo)).toHaveLength(1);
    expect(t.hub.engine.waiting('billing').map((x) => x.ticketNo)).toEqual(['A001', prints[0]?.ticketNo]);
    await client.endAsync();
  });
});

describe('hub broker: transports and availability', () => {
  it('speaks MQTT over WebSocket at /mqtt on the HTTP port', async () => {
    const client = await mqtt.connectAsync(`ws://127.0.0.1:${t.hub.ports.http}/mqtt`, {
      clientId: 'kiosk-1.ws',
      username: 'kiosk-1',
      password: t.secrets['kiosk-1'],
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    await client.subscribeAsync('hall/H-TEST/dev/kiosk-1/cmd/#', { qos: 1 });
    const printed = new Promise<string>((resolve) =>
      client.on('message', (topic, p) => topic.endsWith('/cmd/print') && resolve(p.toString())),
    );
    await client.publishAsync(
      'hall/H-TEST/dev/kiosk-1/evt/ticket.request',
      JSON.stringify({
        eid: 'kiosk-1.ws.1',
        seq: 1,
        ts: Date.now(),
        deviceId: 'kiosk-1',
        serviceId: 'plan',
        channel: 'kiosk',
      }),
      { qos: 1 },
    );
    expect(JSON.parse(await printed)).toMatchObject({ inReplyTo: 'kiosk-1.ws.1', serviceId: 'plan' });
    await client.endAsync();
  });

  it('keeps its own retained hub/avail, and sees a device go offline by its will', async () => {
    const watcher = await connect('ctr-c01');
    const seen: Array<[string, string]> = [];
    watcher.on('message', (topic, p) => seen.push([topic, p.toString()]));
    await watcher.subscribeAsync('hall/H-TEST/hub/avail', { qos: 1 });
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toContainEqual(['hall/H-TEST/hub/avail', 'online']);

    const online = () => t.hub.state.snapshot().totals.devicesOnline;
    const before = online();
    const pad = await mqtt.connectAsync(t.url, {
      clientId: 'pad-c01',
      username: 'pad-c01',
      password: t.secrets['pad-c01'],
      protocolVersion: 4,
      reconnectPeriod: 0,
      will: { topic: 'hall/H-TEST/dev/pad-c01/avail', payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    await pad.publishAsync('hall/H-TEST/dev/pad-c01/avail', 'online', { qos: 1, retain: true });
    await until(() => online() === before + 1);
    pad.stream.destroy(); // the cable is pulled: no DISCONNECT, so the broker publishes the will
    await until(() => online() === before);
    await watcher.endAsync();
  });
});

async function until(cond: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
