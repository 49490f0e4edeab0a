import { createResource, createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { lastGood } from './resource.ts';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('last good value of a resource', () => {
  it('keeps what it had when a refresh fails, and has nothing (without throwing) when the first load fails', async () => {
    const answers: Array<() => Promise<number>> = [
      async () => 1,
      async () => Promise.reject(new Error('Failed to fetch')),
      async () => 3,
    ];
    await createRoot(async (dispose) => {
      const [r, { refetch }] = createResource(() => (answers.shift() as () => Promise<number>)());
      const current = lastGood(r);
      await tick();
      expect(current()).toBe(1);
      void refetch();
      await tick();
      expect(r.error).toBeInstanceOf(Error);
      expect(current()).toBe(1);
      void refetch();
      await tick();
      expect(current()).toBe(3);
      dispose();
    });
    await createRoot(async (dispose) => {
      const [r] = createResource(() => Promise.reject(new Error('Failed to fetch')));
      const current = lastGood(r);
      await tick();
      expect(() => current()).not.toThrow();
      expect(current()).toBeUndefined();
      dispose();
    });
  });
});
