/**
 * Request size limits over real HTTP (issue 14, defect 7): a body over its procedure's bound is refused
 * with 413 and a coded error, on the declared Content-Length before anything is read, and while
 * streaming a chunked body, whose connection is then closed instead of read to the end; a hub's ingest
 * batch has its own, larger bound. The client is a raw socket, so that we see how much of a body the
 * cloud was willing to take.
 */
import { connect } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerHall, registerHub } from '../src/modules/halls/halls.service.ts';
import { DEFAULT_HTTP_LIMITS } from '../src/http-limits.ts';
import { startCloudServer, type CloudServer } from '../src/server.ts';
import { testDatabase } from './support/db.ts';

const MB = 1_024 * 1_024;
let db: Awaited<ReturnType<typeof testDatabase>>;
let server: CloudServer;
let hubToken: string;

beforeAll(async () => {
  db = await testDatabase();
  await registerHall(db.db, { id: 'H1', name: '测试营业厅', timeZone: 'Asia/Shanghai' });
  hubToken = (await registerHub(db.db, { id: 'hub-1', hallId: 'H1' })).token;
  server = await startCloudServer({ db: db.db, log: pino({ level: 'silent' }), host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

interface Sent {
  status: number;
  body: string;
  /** Body bytes the socket accepted before the cloud answered and closed it. */
  written: number;
}

/**
 * POSTs a body of `size` bytes (a JSON string that never ends) in 64 kB pieces, chunked or with a
 * declared length, waiting for the socket to take each piece; stops when the cloud answers and closes.
 */
function send(path: string, size: number, opts: { chunked: boolean; headers?: Record<string, string> }): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let response = '';
    let written = 0;
    let closed = false;
    const head = [
      `POST /trpc/${path} HTTP/1.1`,
      'host: cloud',
      'content-type: application/json',
      opts.chunked ? 'transfer-encoding: chunked' : `content-length: ${size}`,
      ...Object.entries(opts.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    ];
    socket.on('data', (d) => (response += d.toString('latin1')));
    socket.on('error', () => {}); // a reset while we still write is the cloud cutting us off
    socket.on('close', () => {
      closed = true;
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);
      const bodyStart = response.indexOf('\r\n\r\n');
      resolve({ status, body: bodyStart >= 0 ? response.slice(bodyStart + 4) : '', written });
    });
    const piece = Buffer.alloc(64 * 1_024, 'a');
    piece.write('{"username":"');
    const pump = async () => {
      socket.write(`${head.join('\r\n')}\r\n\r\n`);
      while (!closed && written < size) {
        const frame = opts.chunked
          ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')])
          : piece;
        const more = socket.write(frame);
        written += piece.length;
        if (!more) await new Promise<void>((r) => socket.once('drain', () => r()).once('close', () => r()));
        // The cloud runs in this process: let it read and answer between pieces, as it would elsewhere.
        else await new Promise<void>((r) => setImmediate(r));
      }
      if (!closed && opts.chunked) socket.write('0\r\n\r\n');
    };
    pump().catch(reject);
  });
}

const errorOf = (body: string) => {
  // A chunked answer: take the JSON between the chunk sizes.
  const json = body.slice(body.indexOf('{'), body.lastIndexOf('}') + 1);
  return (
    JSON.parse(json) as { error: { message: string; data: { code: string; reason: string; httpStatus: number } } }
  ).error;
};

describe('request size limits', () => {
  it('cuts off an unauthenticated 20 MB chunked body at the bound: 413, coded, the rest never read', async () => {
    const sent = await send('auth.login', 20 * MB, { chunked: true });
    expect(sent.status).toBe(413);
    expect(errorOf(sent.body)).toMatchObject({
      data: { code: 'PAYLOAD_TOO_LARGE', reason: 'body-too-large', httpStatus: 413 },
    });
    // The cloud closed the connection long before the 20 MB were through (socket buffers hold a few MB at most).
    expect(sent.written).toBeLessThan(20 * MB);
  });

  it('refuses a declared 20 MB body before reading any of it', async () => {
    const sent = await send('auth.login', 20 * MB, { chunked: false });
    expect(sent.status).toBe(413);
    expect(errorOf(sent.body).message).toContain(`at most ${DEFAULT_HTTP_LIMITS.maxBodyBytes} bytes`);
    expect(sent.written).toBeLessThan(20 * MB);
  });

  it('lets a hub push a batch of 2,000 events (over the default bound) and refuses one over the ingest bound', async () => {
    const auth = { authorization: `Bearer hub-1:${hubToken}` };
    const batch = Array.from({ length: 2_000 }, (_, i) => ({
      seq: i + 1,
      type: 'counter.paused',
      at: Date.UTC(2026, 0, 5, 2, 0, i),
      body: { counterId: 'C01', reason: `a pause note that is about this long, number ${i}` },
    }));
    const body = JSON.stringify({ hubId: 'hub-1', batch });
    expect(body.length).toBeGreaterThan(DEFAULT_HTTP_LIMITS.maxBodyBytes);
    const ok = await fetch(`http://127.0.0.1:${server.port}/trpc/ingest.push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body,
    });
    expect(ok.status).toBe(200);
    const big = await send('ingest.push', DEFAULT_HTTP_LIMITS.maxIngestBodyBytes + MB, {
      chunked: true,
      headers: auth,
    });
    expect(big.status).toBe(413);
    // PAYLOAD_TOO_LARGE is a refusal the hub splits a batch on (cloud-link.adapter.ts), not a retry.
    expect(errorOf(big.body).data.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('does not read an ingest body for a hub it does not know', async () => {
    const sent = await send('ingest.push', 20 * MB, {
      chunked: true,
      headers: { authorization: 'Bearer hub-1:wrong' },
    });
    expect(sent.status).toBe(401);
    expect(sent.written).toBeLessThan(20 * MB);
  });
});
