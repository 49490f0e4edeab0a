import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { leftovers, sweep } from './sweep.ts';

describe('the leftover sweep', () => {
  it('kills what a run left behind, by the run id in its environment, and nothing else', async () => {
    const orphan = spawn('sleep', ['30'], { env: { ...process.env, HALL_TEST_RUN: 'run-a' }, stdio: 'ignore' });
    const other = spawn('sleep', ['30'], { env: { ...process.env, HALL_TEST_RUN: 'run-b' }, stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 100));
      expect(leftovers('run-a').map((p) => p.pid)).toEqual([orphan.pid]);
      expect(leftovers('run-a', (pid) => pid === orphan.pid)).toEqual([]);
      const exited = once(orphan, 'exit');
      expect(sweep('run-a').map((p) => p.command)).toEqual(['sleep 30']);
      const [, signal] = (await exited) as [number | null, string | null];
      expect(signal).toBe('SIGKILL');
      expect(other.exitCode).toBeNull();
      expect(leftovers('run-b').map((p) => p.pid)).toEqual([other.pid]);
    } finally {
      orphan.kill('SIGKILL');
      other.kill('SIGKILL');
    }
  });
});
