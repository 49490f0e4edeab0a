/**
 * Batching of the store-and-forward loop on a real journal: live, every commit goes out at once; a hub
 * playing past days fast (`lingerMs`) sends fewer, fuller batches, and still every row once, in order.
 * The cloud is a recording link here; the real cloud path is covered end to end in scripts/e2e.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { CloudBatchEvent, CloudLink } from '../../adapters/cloud-link/cloud-link.adapter.ts';
import type { HubEvent } from '../../bus/hub-events.ts';
import { HubStore } from '../../store/hub.store.ts';
import { SyncFeature } from './sync.feature.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const T = Date.UTC(2026, 10, 25, 2, 0, 0);
const people = (i: number): HubEvent => ({
  type: 'occupancy.counted',
  at: T + i,
  deviceId: 'door',
  in: 1,
  out: 0,
  totalIn: i,
  totalOut: 0,
  reset: false,
});

/** Commits `rows` events in `commits` commits, 10 ms apart, nudging the sync after each; returns the batches the cloud got. */
async function run(opts: { lingerMs?: number; batchSize?: number }, rows: number, commits: number) {
  const dir = mkdtempSync(join(tmpdir(), 'hub-sync-'));
  dirs.push(dir);
  const store = new HubStore(dir, { durable: false });
  const batches: number[][] = [];
  const link: CloudLink = {
    putBlob: async () => 'stored' as const,
    push: async (_epoch: string, batch: CloudBatchEvent[]) => {
      await new Promise((r) => setTimeout(r, 2));
      batches.push(batch.map((e) => e.seq));
      return { ackedThrough: batch.at(-1)?.seq ?? 0, refused: [] };
    },
    poll: async () => ({ acks: [] }),
    config: async () => ({ version: 0, unchanged: true }),
  };
  const sync = new SyncFeature({
    store,
    link,
    clock: () => T,
    log: pino({ level: 'silent' }),
    isRefusal: () => false,
    ...opts,
  });
  sync.start();
  let seq = 1;
  const per = rows / commits;
  for (let c = 0; c < commits; c++) {
    const events = Array.from({ length: per }, (_, i) => people(seq + i));
    store.commit([{ events, replies: [] }], seq, T);
    seq += per;
    sync.nudge();
    await new Promise((r) => setTimeout(r, 10));
  }
  const deadline = Date.now() + 5_000;
  while (store.outboxStats().rows > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  sync.stop();
  const left = store.outboxStats().rows;
  store.close();
  return { batches, left };
}

describe('sync batching', () => {
  it('live: each commit is sent as it comes', async () => {
    const { batches, left } = await run({}, 400, 40);
    expect(left).toBe(0);
    expect(batches.flat()).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    expect(batches.length).toBeGreaterThanOrEqual(30);
  });

  it('fast-forward: a linger gathers many commits into one batch, every row still sent once and in order', async () => {
    const { batches, left } = await run({ lingerMs: 150, batchSize: 150 }, 400, 40);
    expect(left).toBe(0);
    expect(batches.flat()).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    // 40 commits over ~0.5 s: the first goes alone, then a batch per linger or per full batch.
    expect(batches.length).toBeLessThanOrEqual(8);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(150);
  });
});

describe('requests from the console in the poll', () => {
  it('applies a counter release once at a time, and again while the cloud still asks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-sync-'));
    dirs.push(dir);
    const store = new HubStore(dir, { durable: false });
    let polls = 0;
    const link: CloudLink = {
      putBlob: async () => 'stored' as const,
      push: async () => ({ ackedThrough: 0, refused: [] }),
      poll: async () => {
        polls += 1;
        // The cloud asks until the hub's `counter.closed` reaches it (here: after the second attempt).
        return { acks: [], releases: released.length < 2 ? [{ counterId: 'C04', by: 'boss' }] : [] };
      },
      config: async () => ({ version: 0, unchanged: true }),
    };
    const released: string[] = [];
    let finish: () => void = () => {};
    const sync = new SyncFeature({
      store,
      link,
      clock: () => T,
      log: pino({ level: 'silent' }),
      isRefusal: () => false,
      healthEveryMs: 10,
      // The first release takes a while: polls meanwhile must not start a second one.
      onRelease: (counterId, by) => {
        released.push(`${counterId} by ${by}`);
        return released.length === 1 ? new Promise<void>((r) => (finish = r)) : Promise.resolve();
      },
    });
    sync.start();
    const until = async (cond: () => boolean) => {
      while (!cond()) await new Promise((r) => setTimeout(r, 5));
    };
    await until(() => polls >= 3);
    expect(released).toEqual(['C04 by boss']);
    finish();
    await until(() => released.length === 2);
    const after = polls;
    await until(() => polls >= after + 3);
    sync.stop();
    store.close();
    expect(released).toEqual(['C04 by boss', 'C04 by boss']);
  });
});
