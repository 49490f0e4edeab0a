/**
 * The blob endpoint over real HTTP on a real database: a hub puts a photo with its token (201, then 200
 * for the same bytes), a hall manager with a session puts one for their hall; refused: a wrong hash, a
 * non-image, a body over the bound (refused on its declared length, and while streaming one without a
 * length — the rest never read), no credentials, a manager of another hall. GET gives the bytes with the
 * sniffed type and the safety headers to a user of the hall, and refuses a user of another hall. A
 * catalogue photo (`?scope=catalogue`) is put by the catalogue's keeper at HQ only and seen by every
 * inventory user; a training file (`?scope=training`, a PDF up to 30 MB) by a trainer, seen by everyone with
 * training.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { auditLog } from '../src/modules/access/access.table.ts';
import { createUser, openSession } from '../src/modules/access/access.service.ts';
import { FsBlobStore, MAX_BLOB_BYTES, MAX_DOCUMENT_BYTES } from '../src/modules/blobs/blob-store.ts';
import { registerHall, registerHub } from '../src/modules/halls/halls.service.ts';
import { startCloudServer, type CloudServer } from '../src/server.ts';
import { testDatabase } from './support/db.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
let server: CloudServer;
let base: string;
let hubToken: string;
let dir: string;
const sessions: Record<string, { token: string; csrf: string }> = {};

/** A tiny valid JPEG header plus some bytes: sniffed as JPEG (the type is by the first bytes). */
const jpeg = (n: number, fill = 7) => {
  const b = new Uint8Array(n).fill(fill);
  b.set([0xff, 0xd8, 0xff, 0xe0]);
  return b;
};
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  db = await testDatabase();
  dir = mkdtempSync(join(tmpdir(), 'blobs-'));
  await accessRepository.insertUnit(db.db, { id: 'hq', parentId: null, kind: 'hq', name: '总部', hallId: null });
  for (const h of ['H1', 'H2']) {
    await registerHall(db.db, { id: h, name: `${h}厅`, timeZone: 'Asia/Shanghai' });
    await accessRepository.insertUnit(db.db, { id: `hall-${h}`, parentId: 'hq', kind: 'hall', name: h, hallId: h });
  }
  hubToken = (await registerHub(db.db, { id: 'hub-1', hallId: 'H1' })).token;
  for (const [name, unit, role] of [
    ['m1', 'hall-H1', 'hall_manager'],
    ['m2', 'hall-H2', 'hall_manager'],
    // 物流管理: inventory only (a damaged parcel's photo), and a trainer with performance view only.
    ['lg1', 'hall-H1', 'logistics'],
    ['tr1', 'hall-H1', 'trainer'],
    // The warehouse at HQ keeps the catalogue (its photos are the organisation's).
    ['wh', 'hq', 'logistics'],
  ] as const) {
    const id = await createUser(db.db, { username: name, name, password: 'Correct-Horse-9', orgUnitId: unit });
    await accessRepository.grant(db.db, { userId: id, role, orgUnitId: unit });
    const s = await openSession(db.db, id);
    sessions[name] = { token: s.token, csrf: s.csrfToken };
  }
  server = await startCloudServer({
    db: db.db,
    log: pino({ level: 'silent' }),
    host: '127.0.0.1',
    port: 0,
    blobStore: new FsBlobStore(dir),
    trustedProxies: ['127.0.0.1', '::1'],
    // Per address first: the rate test below comes from an address of its own.
    blobRates: { putPerMinute: 40, getPerMinute: 40 },
  });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server?.stop();
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const asHub = { authorization: `Bearer hub-1:${'x'}` };
const hub = () => ({ authorization: `Bearer hub-1:${hubToken}` });
const user = (name: string) => ({
  cookie: `hall_session=${sessions[name]?.token}`,
  'x-csrf-token': sessions[name]?.csrf ?? '',
});
const put = (name: string, body: Uint8Array, headers: Record<string, string>, query = '') =>
  fetch(`${base}/blobs/${name}${query}`, { method: 'PUT', body, headers });
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { data: { code: string; reason: string; detail?: { code: string } } } }).error.data;

describe('PUT /blobs/<sha256>', () => {
  it('stores a hub’s photo once: 201, then 200 for the same bytes; the bytes come back to its hall’s manager', async () => {
    const photo = jpeg(5_000);
    const first = await put(sha(photo), photo, hub());
    expect(first.status).toBe(201);
    expect(((await first.json()) as { contentType: string }).contentType).toBe('image/jpeg');
    expect((await put(sha(photo), photo, hub())).status).toBe(200);
    const got = await fetch(`${base}/blobs/${sha(photo)}`, { headers: user('m1') });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('cache-control')).toMatch(/^private/);
    expect(got.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(photo);
  });

  it('answers a user of another hall (GET) as for an unknown blob: nobody learns which photos exist', async () => {
    const photo = jpeg(3_000, 9);
    expect((await put(sha(photo), photo, hub())).status).toBe(201);
    const other = await fetch(`${base}/blobs/${sha(photo)}`, { headers: user('m2') });
    expect(other.status).toBe(404);
    expect((await errorOf(other)).detail?.code).toBe('blob-not-found');
    const missing = await fetch(`${base}/blobs/${'a'.repeat(64)}`, { headers: user('m1') });
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).detail?.code).toBe('blob-not-found');
    expect((await fetch(`${base}/blobs/${sha(photo)}`)).status).toBe(401);
  });

  it('refuses a wrong hash, a non-image and a bad name, with coded errors', async () => {
    const photo = jpeg(2_000, 3);
    const wrong = await put('b'.repeat(64), photo, hub());
    expect(wrong.status).toBe(422);
    expect((await errorOf(wrong)).detail?.code).toBe('blob-hash-mismatch');
    const text = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    const notImage = await put(sha(text), text, hub());
    expect(notImage.status).toBe(422);
    expect((await errorOf(notImage)).detail?.code).toBe('blob-not-image');
    const badName = await put('nope', photo, hub());
    expect(badName.status).toBe(400);
    expect((await errorOf(badName)).detail?.code).toBe('blob-name-invalid');
  });

  it('refuses no credentials, a wrong hub token, a session without the CSRF token, and a manager of another hall', async () => {
    const photo = jpeg(1_000, 4);
    expect((await put(sha(photo), photo, {})).status).toBe(401);
    expect((await put(sha(photo), photo, asHub)).status).toBe(401);
    expect((await put(sha(photo), photo, { cookie: user('m1').cookie }, '?hall=H1')).status).toBe(403);
    expect((await put(sha(photo), photo, user('m2'), '?hall=H1')).status).toBe(403);
    const noHall = await put(sha(photo), photo, user('m1'));
    expect((await errorOf(noHall)).detail?.code).toBe('blob-hall-required');
    expect((await put(sha(photo), photo, user('m1'), '?hall=H1')).status).toBe(201);
  });

  it('takes a photo of damaged goods from inventory edit at the hall (no performance right), and shows it to inventory view', async () => {
    const photo = jpeg(1_200, 5);
    const from = { 'x-forwarded-for': '10.6.6.6' };
    expect((await put(sha(photo), photo, { ...user('lg1'), ...from }, '?hall=H2')).status).toBe(403);
    // A trainer sees on-site photos but stores none.
    expect((await put(sha(photo), photo, { ...user('tr1'), ...from }, '?hall=H1')).status).toBe(403);
    expect((await put(sha(photo), photo, { ...user('lg1'), ...from }, '?hall=H1')).status).toBe(201);
    const got = await fetch(`${base}/blobs/${sha(photo)}`, { headers: { ...user('lg1'), ...from } });
    expect(got.status).toBe(200);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(photo);
    expect((await fetch(`${base}/blobs/${sha(photo)}`, { headers: { ...user('m2'), ...from } })).status).toBe(404);
  });

  it("stores a catalogue photo as the organisation's: only the catalogue's keeper puts one, every inventory user sees it", async () => {
    const from = { 'x-forwarded-for': '10.6.6.7' };
    const photo = jpeg(1_400, 11);
    // A hall manager keeps no catalogue.
    expect((await put(sha(photo), photo, { ...user('m1'), ...from }, '?scope=catalogue')).status).toBe(403);
    expect((await put(sha(photo), photo, { ...user('wh'), ...from }, '?scope=catalogue')).status).toBe(201);
    // Both halls' managers see it (the catalogue is everyone's); a trainer without inventory does not.
    for (const who of ['m1', 'm2']) {
      const got = await fetch(`${base}/blobs/${sha(photo)}`, { headers: { ...user(who), ...from } });
      expect(got.status, who).toBe(200);
      expect(new Uint8Array(await got.arrayBuffer())).toEqual(photo);
    }
    expect((await fetch(`${base}/blobs/${sha(photo)}`, { headers: { ...user('tr1'), ...from } })).status).toBe(404);

    // A hall's photo stored again for the catalogue becomes the organisation's (its keeper holds the bytes).
    const shelf = jpeg(1_500, 12);
    expect((await put(sha(shelf), shelf, { ...user('m1'), ...from }, '?hall=H1')).status).toBe(201);
    expect((await fetch(`${base}/blobs/${sha(shelf)}`, { headers: { ...user('m2'), ...from } })).status).toBe(404);
    expect((await put(sha(shelf), shelf, { ...user('wh'), ...from }, '?scope=catalogue')).status).toBe(200);
    expect((await fetch(`${base}/blobs/${sha(shelf)}`, { headers: { ...user('m2'), ...from } })).status).toBe(200);
    // Seen by more people from then on: the audit says who shared it.
    const trail = await db.db
      .select({ after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'blob.shared'), eq(auditLog.entityId, sha(shelf))));
    expect(trail).toHaveLength(1);
    expect(trail[0]?.after).toMatchObject({ share: 'catalogue' });
    // …and a hall's upload of a catalogue photo's bytes does not narrow it back.
    expect((await put(sha(shelf), shelf, { ...user('m1'), ...from }, '?hall=H1')).status).toBe(200);
    expect((await fetch(`${base}/blobs/${sha(shelf)}`, { headers: { ...user('m2'), ...from } })).status).toBe(200);
  });

  it('takes a training file from a trainer — a PDF beyond the photo bound — and shows it to everyone with training', async () => {
    const from = { 'x-forwarded-for': '10.6.6.8' };
    // A 3 MB PDF: over a photo's 2 MB, within a document's 30 MB.
    const pdf = new Uint8Array(3 * 1024 * 1024).fill(0x20);
    pdf.set(new TextEncoder().encode('%PDF-1.7\n'));
    // A hall manager reads the library but adds nothing to it; logistics has no training at all.
    expect((await put(sha(pdf), pdf, { ...user('m1'), ...from }, '?scope=training')).status).toBe(403);
    expect((await put(sha(pdf), pdf, { ...user('lg1'), ...from }, '?scope=training')).status).toBe(403);
    const stored = await put(sha(pdf), pdf, { ...user('tr1'), ...from }, '?scope=training');
    expect(stored.status).toBe(201);
    expect(((await stored.json()) as { contentType: string }).contentType).toBe('application/pdf');
    for (const who of ['m1', 'm2']) {
      const got = await fetch(`${base}/blobs/${sha(pdf)}`, { headers: { ...user(who), ...from } });
      expect(got.status, who).toBe(200);
      expect(got.headers.get('content-type')).toBe('application/pdf');
      expect(got.headers.get('content-security-policy')).toMatch(/sandbox/);
      expect((await got.arrayBuffer()).byteLength).toBe(pdf.byteLength);
    }
    expect((await fetch(`${base}/blobs/${sha(pdf)}`, { headers: { ...user('lg1'), ...from } })).status).toBe(404);

    // A PDF is no photo; an image keeps its own bound in the library too; a hub shares nothing.
    const small = new TextEncoder().encode('%PDF-1.4 small');
    const asPhoto = await put(sha(small), small, { ...user('wh'), ...from }, '?scope=catalogue');
    expect(asPhoto.status).toBe(422);
    expect((await errorOf(asPhoto)).detail?.code).toBe('blob-not-image');
    const text = new TextEncoder().encode('just words, no PDF');
    const notDoc = await put(sha(text), text, { ...user('tr1'), ...from }, '?scope=training');
    expect(notDoc.status).toBe(422);
    expect((await errorOf(notDoc)).detail?.code).toBe('blob-not-document');
    const bigImage = jpeg(MAX_BLOB_BYTES + 10, 13);
    expect((await put(sha(bigImage), bigImage, { ...user('tr1'), ...from }, '?scope=training')).status).toBe(413);
    expect((await put(sha(small), small, { ...hub(), 'x-forwarded-for': '10.6.6.9' }, '?scope=training')).status).toBe(
      403,
    );

    // Declared over a document's bound: refused before a byte of the body is read.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/blobs/${'d'.repeat(64)}?scope=training`, {
        method: 'PUT',
        headers: { ...user('tr1'), ...from, 'content-length': String(MAX_DOCUMENT_BYTES + 1) },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(status).toBe(413);
  });

  it('refuses a body over the bound from its declared length, without reading it', async () => {
    const big = jpeg(MAX_BLOB_BYTES + 1);
    const res = await put(sha(big), big, hub());
    expect(res.status).toBe(413);
    expect((await errorOf(res)).detail?.code).toBe('blob-too-large');
  });

  it('cuts off a body without a length at the bound: answered 413 while the sender still has most of it to send', async () => {
    // 64 MB announced by nothing (chunked): the answer must come long before the sender is done.
    const chunk = Buffer.alloc(256 * 1024, 1);
    chunk.set([0xff, 0xd8, 0xff]);
    const { status, sent } = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
      let sent = 0;
      const req = request(`${base}/blobs/${'c'.repeat(64)}`, {
        method: 'PUT',
        // From an address of its own: the wrong-token test above may still hold this hub in backoff from
        // the local address, and a refusal before the body is read resets a sender still writing 64 MB.
        headers: { ...hub(), 'transfer-encoding': 'chunked', 'x-forwarded-for': '10.9.9.9' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, sent });
        req.destroy();
      });
      req.on('error', (e) => (sent > 0 ? resolve({ status: -1, sent }) : reject(e)));
      const pump = () => {
        while (sent < 64 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect(sent).toBeLessThan(32 * 1024 * 1024);
  });

  it('holds at most 16 uploads in memory at once: the 17th is asked to come back; a sender gone frees its slot', async () => {
    // Uploads that never end, by a manager's session (a session lookup, not the hub token's gate, which
    // may answer "busy" to many token checks at once), each from an address of its own. One refused
    // because a probe held a slot for a moment is answered (429) and replaced: 16 stay open.
    const open = new Set<ReturnType<typeof request>>();
    let opened = 0;
    const openOne = () => {
      const n = opened++;
      const req = request(`${base}/blobs/${(n + 10).toString(16).repeat(64).slice(0, 64)}?hall=H1`, {
        method: 'PUT',
        headers: { ...user('m1'), 'transfer-encoding': 'chunked', 'x-forwarded-for': `10.8.${n >> 8}.${n & 255}` },
      });
      req.on('error', () => undefined);
      req.on('response', (r) => {
        r.resume();
        open.delete(req);
      });
      req.write(Buffer.from([0xff, 0xd8, 0xff]));
      open.add(req);
    };
    for (let i = 0; i < 16; i++) openOne();
    // A watchdog, not a speed goal: probe until the 17th is refused for want of a slot.
    const probe = async (want: number, send: () => Promise<Response>, refill: boolean) => {
      for (let k = 0; ; k++) {
        const res = await send();
        if (res.status === want || k >= 30) return res;
        await res.body?.cancel();
        while (refill && open.size < 16 && opened < 40) openOne();
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      const photo = jpeg(300, 8);
      const res = await probe(429, () => put(sha(photo), photo, { ...hub(), 'x-forwarded-for': '10.8.9.1' }), true);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('1');
      await res.body?.cancel();
    } finally {
      for (const req of open) req.destroy();
      open.clear();
    }
    // The senders are gone: their slots are free again.
    const photo = jpeg(300, 9);
    const res = await probe(
      201,
      () => put(sha(photo), photo, { ...user('m2'), 'x-forwarded-for': '10.8.9.2' }, '?hall=H2'),
      false,
    );
    expect(res.status).toBe(201);
    await res.body?.cancel();
  });

  it('refuses a caller over its rate with 429 and Retry-After', async () => {
    const photo = jpeg(500, 6);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    // 90 at a limit of 40 a minute: over it even if the minute turns halfway.
    for (let i = 0; i < 90; i++) {
      const res = await put(sha(photo), photo, { ...hub(), 'x-forwarded-for': '10.7.7.7' });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
      await res.body?.cancel();
    }
    expect(statuses).toContain(429);
    expect(statuses[0]).toBe(201);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
