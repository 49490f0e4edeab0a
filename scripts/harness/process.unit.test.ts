import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { stopChild } from './process.ts';

const node = (code: string) => spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'ignore'] });
const started = (child: ReturnType<typeof node>) =>
  new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));

describe('stopChild', () => {
  it('returns at once for a process a signal already ended (a second stop used to wait for ever)', async () => {
    const child = node("console.log('up'); setInterval(() => {}, 1000)");
    await started(child);
    await stopChild(child);
    expect(child.signalCode).toBe('SIGTERM');
    expect(child.exitCode).toBeNull();
    // The afterEach's stop after the test's own: must resolve (vitest would time this test out otherwise).
    await stopChild(child);
  });

  it('kills a process that ignores SIGTERM once the grace period is over', async () => {
    const child = node("process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 1000)");
    await started(child);
    await stopChild(child, 'SIGTERM', 200);
    expect(child.signalCode).toBe('SIGKILL');
  });
});
