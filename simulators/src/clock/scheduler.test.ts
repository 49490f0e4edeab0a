import { describe, expect, it } from 'vitest';
import { isAbortError, RealtimeScheduler, VirtualScheduler } from './scheduler.ts';

describe('VirtualScheduler', () => {
  it('runs tasks in time order, equal times in scheduling order, and jumps the clock', async () => {
    const s = new VirtualScheduler(1_000);
    const seen: string[] = [];
    s.at(5_000, () => seen.push(`b@${s.now()}`));
    s.at(2_000, () => seen.push(`a@${s.now()}`));
    s.at(5_000, () => seen.push(`c@${s.now()}`));
    s.at(99_000, () => seen.push('late'));
    const started = Date.now();
    await s.run(10_000);
    expect(seen).toEqual(['a@2000', 'b@5000', 'c@5000']);
    expect(s.now()).toBe(10_000);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('lets tasks sleep in simulated time and wakes them in order', async () => {
    const s = new VirtualScheduler(0);
    const seen: string[] = [];
    s.spawn(async () => {
      await s.sleep(300);
      seen.push(`x@${s.now()}`);
      await s.sleep(300);
      seen.push(`x@${s.now()}`);
    });
    s.spawn(async () => {
      await s.sleep(450);
      seen.push(`y@${s.now()}`);
    });
    await s.run(1_000);
    expect(seen).toEqual(['x@300', 'y@450', 'x@600']);
  });

  it('holds the clock while a task waits on something outside (a network answer)', async () => {
    const s = new VirtualScheduler(0);
    const seen: string[] = [];
    s.at(100, async () => {
      await new Promise((r) => setTimeout(r, 50)); // a real round trip
      seen.push(`answered@${s.now()}`);
    });
    s.at(200, () => seen.push(`next@${s.now()}`));
    await s.run(1_000);
    expect(seen).toEqual(['answered@100', 'next@200']);
  });

  it('aborts a sleep, and a failing task does not stop the others', async () => {
    const s = new VirtualScheduler(0);
    const errors: unknown[] = [];
    s.onError = (err) => errors.push(err);
    const controller = new AbortController();
    let aborted = false;
    s.spawn(async () => {
      try {
        await s.sleep(10_000, controller.signal);
      } catch (err) {
        aborted = isAbortError(err);
      }
    });
    s.at(100, () => controller.abort());
    s.at(200, () => {
      throw new Error('boom');
    });
    let after = false;
    s.at(300, () => (after = true));
    await s.run(20_000);
    expect(aborted).toBe(true);
    expect(after).toBe(true);
    expect(errors).toHaveLength(1);
  });

  it('refuses a sleep outside any task', async () => {
    await expect(new VirtualScheduler(0).sleep(10)).rejects.toThrow(/from a task/);
  });
});

describe('RealtimeScheduler', () => {
  it('runs simulated time at the given speed', async () => {
    const s = new RealtimeScheduler({ speed: 100, start: 0 });
    let firedAt = -1;
    const wall = Date.now();
    s.at(5_000, () => (firedAt = Date.now() - wall)); // 5 s simulated = 50 ms wall
    await s.run(6_000);
    expect(firedAt).toBeGreaterThanOrEqual(40);
    expect(firedAt).toBeLessThan(500);
  });
});
