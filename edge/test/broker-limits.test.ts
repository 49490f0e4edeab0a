/**
 * The broker's bounds, tried from outside as an attacker would (issue #14, defect 2): a raw TCP client
 * announcing a huge PUBLISH before (or instead of) CONNECT is cut off at the packet's header instead of
 * being buffered whole; a device's own oversize packet likewise; a retained message is kept only where
 * the contract retains (`avail`, `state`), not on `res/` or event topics.
 */
import { connect as tcpConnect, type Socket } from 'node:net';
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

/** An MQTT fixed header with the remaining length as a variable byte integer. */
function fixedHeader(first: number, length: number): Buffer {
  const bytes = [first];
  let n = length;
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    bytes.push(b);
  } while (n > 0);
  return Buffer.from(bytes);
}

function publishHeader(topic: string, payloadBytes: number, retain = false): Buffer {
  const t = Buffer.from(topic);
  const variable = Buffer.concat([Buffer.from([t.length >> 8, t.length & 0xff]), t]);
  return Buffer.concat([fixedHeader(0x30 | (retain ? 1 : 0), variable.length + payloadBytes), variable]);
}

/**
 * Writes `prefix`, then `payloadBytes` of payload as fast as the socket takes it. Resolves with how many
 * bytes the peer had taken off the socket when it was closed, or with `all: true` if it took everything.
 */
async function sendAll(
  socket: Socket,
  prefix: Buffer,
  payloadBytes: number,
): Promise<{ all: boolean; accepted: number }> {
  const chunk = Buffer.alloc(1024 * 1024, 0x41);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  let written = 0;
  let done = false;
  void closed.then(() => (done = true));
  socket.write(prefix);
  while (!done && written < payloadBytes) {
    const n = Math.min(chunk.length, payloadBytes - written);
    const ok = socket.write(chunk.subarray(0, n));
    written += n;
    if (!ok) await Promise.race([new Promise((r) => socket.once('drain', r)), closed]);
  }
  if (!done) {
    // Everything was handed over: did the peer take it all? (the end is flushed, or the peer hangs up)
    await Promise.race([new Promise<void>((r) => socket.end(() => r())), closed]);
    if (!socket.destroyed || socket.writableFinished) return { all: true, accepted: socket.bytesWritten };
  }
  return { all: false, accepted: socket.bytesWritten };
}

const rawConnect = () =>
  new Promise<Socket>((resolve, reject) => {
    const s = tcpConnect({ host: '127.0.0.1', port: t.hub.ports.mqtt }, () => resolve(s));
    s.once('error', reject);
  });

describe('hub broker: bounded input', () => {
  it('closes a raw TCP client that sends a 64 MB PUBLISH before CONNECT, long before it is all taken', async () => {
    const size = 64 * 1024 * 1024;
    const socket = await rawConnect();
    const r = await sendAll(socket, publishHeader('hall/H-TEST/dev/kiosk-1/evt/ticket.request', size), size);
    expect(r.all).toBe(false);
    // What the hub took before closing is what sat in the kernel's socket buffers, not the payload.
    expect(r.accepted).toBeLessThan(size / 8);
    expect(t.hub.broker.wire.closed.not_connect_first).toBeGreaterThanOrEqual(1);
    expect(t.hub.broker.wire.preAuthBytes).toBe(0);
  });

  it('closes a client that sends a good CONNECT shape and then keeps sending before it is authenticated', async () => {
    const size = 64 * 1024 * 1024;
    const socket = await rawConnect();
    // A CONNECT that announces a 64 MB body (a client id that never ends).
    const r = await sendAll(socket, fixedHeader(0x10, size), size);
    expect(r.all).toBe(false);
    expect(r.accepted).toBeLessThan(size / 8);
  });

  it('closes an authenticated device at the header of a packet over the maximum size', async () => {
    const client = await mqtt.connectAsync(t.url, {
      clientId: 'kiosk-2',
      username: 'kiosk-2',
      password: t.secrets['kiosk-2'],
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    const before = t.hub.broker.wire.closed.packet_too_large;
    const outcome = await Promise.race([
      closed.then(() => 'closed'),
      client
        .publishAsync('hall/H-TEST/dev/kiosk-2/state', Buffer.alloc(1024 * 1024, 0x41), { qos: 1, retain: true })
        .then(
          () => 'accepted',
          () => 'closed',
        ),
    ]);
    client.end(true);
    expect(outcome).toBe('closed');
    expect(t.hub.broker.wire.closed.packet_too_large).toBe(before + 1);
    // And nothing of it was retained.
    expect(await t.hub.broker.retained('hall/H-TEST/dev/kiosk-2/#')).toEqual([]);
  });

  it('keeps no retained message on a device\u2019s res/ topics, but keeps its retained availability', async () => {
    const device = await mqtt.connectAsync(t.url, {
      clientId: 'ctr-c02',
      username: 'ctr-c02',
      password: t.secrets['ctr-c02'],
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    for (let i = 0; i < 20; i++)
      await device.publishAsync(`hall/H-TEST/dev/ctr-c02/res/parked-${i}`, Buffer.alloc(2_000, 0x42), {
        qos: 1,
        retain: true,
      });
    await device.publishAsync('hall/H-TEST/dev/ctr-c02/avail', 'online', { qos: 1, retain: true });
    await device.endAsync();
    expect(await t.hub.broker.retained('hall/H-TEST/dev/ctr-c02/#')).toEqual([
      { topic: 'hall/H-TEST/dev/ctr-c02/avail', bytes: 6 },
    ]);
    // A fresh subscriber to the device's own res/# gets no parked message either.
    const probe = await mqtt.connectAsync(t.url, {
      clientId: 'ctr-c02.probe',
      username: 'ctr-c02',
      password: t.secrets['ctr-c02'],
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    const seen: string[] = [];
    probe.on('message', (topic) => seen.push(topic));
    await probe.subscribeAsync('hall/H-TEST/dev/ctr-c02/res/#', { qos: 1 });
    // A round trip through the broker after the SUBACK: retained messages would have come before it.
    const echoed = new Promise<void>((resolve) =>
      probe.on('message', (topic) => topic.endsWith('/res/ping') && resolve()),
    );
    await probe.publishAsync('hall/H-TEST/dev/ctr-c02/res/ping', 'x', { qos: 1 });
    await echoed;
    await probe.endAsync();
    expect(seen).toEqual(['hall/H-TEST/dev/ctr-c02/res/ping']);
    expect(t.hub.broker.stats.retainRefused).toBeGreaterThanOrEqual(20);
  });
});
