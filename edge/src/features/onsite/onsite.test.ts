/**
 * On-site scoring on the hub without a cloud: the photo store's quota (count and bytes; the same bytes
 * again cost nothing; a restart counts what is on disk and drops half-written files), abandoned photos
 * swept after a day; and the sync's order — a form's photos go to the cloud before the batch that
 * names it, a failed upload holds the batch back (retried, photos first), and the photos leave the hub
 * once the cloud acknowledges the form.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { CloudLink } from '../../adapters/cloud-link/cloud-link.adapter.ts';
import type { HubEvent } from '../../bus/hub-events.ts';
import { HubStore } from '../../store/hub.store.ts';
import { SyncFeature } from '../sync/sync.feature.ts';
import { PhotoRefused, PhotoStore } from './photo-store.ts';
import { PhotoUploader } from './photo-uploader.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'hub-onsite-'));
  dirs.push(d);
  return d;
};
const jpeg = (n: number, fill: number) => {
  const b = new Uint8Array(n).fill(fill);
  b.set([0xff, 0xd8, 0xff]);
  return b;
};

describe('PhotoStore', () => {
  it('refuses photos beyond its count or bytes with onsite-photo-quota; the same bytes again cost nothing', async () => {
    const store = new PhotoStore({ dir: join(tmp(), 'p'), maxCount: 2, maxBytes: 10_000 });
    const a = await store.put(jpeg(1_000, 1));
    expect(a.created).toBe(true);
    expect((await store.put(jpeg(1_000, 1))).created).toBe(false);
    await store.put(jpeg(1_000, 2));
    await expect(store.put(jpeg(1_000, 3))).rejects.toMatchObject({ code: 'onsite-photo-quota' });
    await store.remove(a.sha256);
    const bytesFull = new PhotoStore({ dir: join(tmp(), 'q'), maxCount: 10, maxBytes: 1_500 });
    await bytesFull.put(jpeg(1_000, 4));
    await expect(bytesFull.put(jpeg(1_000, 5))).rejects.toBeInstanceOf(PhotoRefused);
    await expect(store.put(new TextEncoder().encode('<svg onload=alert(1)>'))).rejects.toMatchObject({
      code: 'onsite-photo-not-image',
    });
  });

  it('counts what is on disk after a restart, drops half-written files, and sweeps photos no form names after a day', async () => {
    const dir = join(tmp(), 'p');
    const first = new PhotoStore({ dir, maxCount: 3, maxBytes: 1e6 });
    const kept = await first.put(jpeg(500, 1));
    const abandoned = await first.put(jpeg(500, 2));
    writeFileSync(join(dir, '.half-written'), 'x');
    const again = new PhotoStore({ dir, maxCount: 3, maxBytes: 1e6 });
    expect(again.usage).toMatchObject({ count: 2, bytes: 1_000 });
    expect(readdirSync(dir).sort()).toEqual([kept.sha256, abandoned.sha256].sort());
    const old = (Date.now() - 25 * 3_600_000) / 1000;
    for (const f of [kept.sha256, abandoned.sha256]) utimesSync(join(dir, f), old, old);
    expect(await again.sweep(new Set([kept.sha256]), Date.now(), 24 * 3_600_000)).toBe(1);
    expect(await again.has(kept.sha256)).toBe(true);
    expect(again.usage.count).toBe(1);
  });
});

describe('photos before the form', () => {
  it('uploads a form’s photos before its batch, holds the batch while the upload fails, and frees the photos on acknowledgement', async () => {
    const dir = tmp();
    const store = new HubStore(dir, { durable: false });
    const photos = new PhotoStore({ dir: join(dir, 'photos'), maxCount: 10, maxBytes: 1e6 });
    const photo = await photos.put(jpeg(800, 9));
    const calls: string[] = [];
    let cloudUp = false;
    const link: CloudLink = {
      putBlob: async (sha) => {
        if (!cloudUp) throw new Error('cloud away');
        calls.push(`blob ${sha.slice(0, 6)}`);
        return 'stored';
      },
      push: async (_epoch, batch) => {
        calls.push(`push ${batch.map((b) => b.type).join(',')}`);
        return { ackedThrough: batch.at(-1)?.seq ?? 0, refused: [] };
      },
      poll: async () => null,
      config: async () => ({ version: 0, unchanged: true }),
    };
    const uploader = new PhotoUploader({ photos, putBlob: link.putBlob, log: pino({ level: 'silent' }) });
    const sync = new SyncFeature({
      store,
      link,
      clock: () => Date.now(),
      log: pino({ level: 'silent' }),
      isRefusal: () => false,
      healthEveryMs: 60_000,
      beforePush: (rows) => uploader.beforePush(rows),
      afterAck: (rows) => uploader.afterAck(rows),
    });
    const form: HubEvent = {
      type: 'onsite.scored',
      at: Date.now(),
      formId: randomUUID(),
      templateId: 't',
      templateVersion: 1,
      subjectKind: 'clerk',
      subjectId: 'E1',
      counterId: null,
      ticketNo: null,
      answers: [{ itemId: 'a', result: 'fail', points: null, note: null, photos: [photo.sha256] }],
      scoredBy: 'M',
      signature: null,
    };
    store.commit([{ events: [form], replies: [] }], 1, Date.now());
    sync.start();
    try {
      for (let i = 0; i < 200 && sync.stats.failures === 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(sync.stats.failures).toBeGreaterThan(0);
      expect(calls).toEqual([]); // the upload failed: nothing pushed
      cloudUp = true;
      sync.nudge();
      for (let i = 0; i < 100 && sync.stats.ackedThrough < 1; i++) await new Promise((r) => setTimeout(r, 50));
      expect(calls).toEqual([`blob ${photo.sha256.slice(0, 6)}`, 'push onsite.scored']);
      expect(await photos.has(photo.sha256)).toBe(false);
    } finally {
      sync.stop();
      store.close();
    }
  });
});
