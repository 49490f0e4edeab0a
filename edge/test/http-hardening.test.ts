/**
 * The hub's HTTP server against oversized requests and prying (issue #14, defects 7 and 11): a 20 MB
 * body is refused at its header or after the limit while streaming, and the connection closed before the
 * body is taken; the in-hall pages carry a CSP that forbids framing, and nosniff; `/metrics` wants its
 * bearer token when one is set, and without one answers loopback only.
 */
import { connect, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/test-hub.ts';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t?.stop();
});

const BODY = 20 * 1024 * 1024;

/**
 * POSTs a 20 MB body to counter.signIn over a raw socket, with or without Content-Length (then chunked),
 * as fast as the hub takes it. The status line the hub answered, and how much of the body it had taken
 * when it closed (or `all`).
 */
async function postHuge(withLength: boolean): Promise<{ status: number; all: boolean; accepted: number }> {
  const socket: Socket = await new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port: t.hub.ports.http }, () => resolve(s));
    s.once('error', reject);
  });
  socket.on('error', () => {});
  let response = '';
  socket.on('data', (d: Buffer) => (response += d.toString('latin1')));
  let closed = false;
  const closedP = new Promise<void>((r) => socket.once('close', () => ((closed = true), r())));
  const head = `POST /trpc/counter.signIn HTTP/1.1\r\nhost: hub\r\ncontent-type: application/json\r\n${withLength ? `content-length: ${BODY + 2}` : 'transfer-encoding: chunked'}\r\n\r\n`;
  socket.write(head);
  const prefix = socket.bytesWritten;
  const chunk = Buffer.alloc(256 * 1024, 0x20); // JSON whitespace
  const frame = (b: Buffer) =>
    withLength ? b : Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]);
  socket.write(frame(Buffer.from('{')));
  let sent = 0;
  while (!closed && sent < BODY) {
    const ok = socket.write(frame(chunk));
    sent += chunk.length;
    if (!ok) await Promise.race([new Promise((r) => socket.once('drain', r)), closedP]);
  }
  if (!closed) {
    socket.write(frame(Buffer.from('}')));
    if (!withLength) socket.write('0\r\n\r\n');
    // Wait for the answer to the whole request, or for the hub to hang up.
    await Promise.race([closedP, new Promise<void>((r) => socket.on('data', () => /\r\n\r\n/.test(response) && r()))]);
  }
  const all = !closed || sent >= BODY;
  socket.destroy();
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0),
    all,
    accepted: socket.bytesWritten - prefix,
  };
}

describe('hub HTTP: request bodies', () => {
  it('refuses a 20 MB body announced by Content-Length without reading it, and hangs up', async () => {
    const r = await postHuge(true);
    expect(r.status).toBe(413);
    expect(r.all).toBe(false);
    expect(r.accepted).toBeLessThan(BODY / 4);
  });

  it('refuses a 20 MB chunked body once it passes the limit, and hangs up', async () => {
    const r = await postHuge(false);
    expect(r.status).toBe(413);
    expect(r.all).toBe(false);
    expect(r.accepted).toBeLessThan(BODY / 4);
  });
});

describe('hub HTTP: headers and /metrics', () => {
  it('serves the in-hall pages with a CSP that allows only its own scripts and no framing, and nosniff', async () => {
    for (const path of ['/hall/wall/', '/hall/no-such-page']) {
      const res = await fetch(`${t.httpUrl}${path}`);
      await res.arrayBuffer();
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('wants the bearer token for /metrics when one is configured', async () => {
    const token = 'metrics-token-0123456789';
    const hub = await startTestHub({ env: { HUB_METRICS_TOKEN: token } });
    try {
      expect((await fetch(`${hub.httpUrl}/metrics`)).status).toBe(401);
      expect(
        (await fetch(`${hub.httpUrl}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status,
      ).toBe(401);
      const ok = await fetch(`${hub.httpUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('hall_queue_waiting');
    } finally {
      await hub.stop();
    }
  });

  // Needs an address of this machine that is not loopback.
  const lan = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  it.skipIf(!lan)('without a token, serves /metrics on loopback only', async () => {
    const hub = await startTestHub({ env: { HUB_HOST: '0.0.0.0' } });
    try {
      expect((await fetch(`http://127.0.0.1:${hub.hub.ports.http}/metrics`)).status).toBe(200);
      expect((await fetch(`http://${lan}:${hub.hub.ports.http}/metrics`)).status).toBe(403);
    } finally {
      await hub.stop();
    }
  });
});
