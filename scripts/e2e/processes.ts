/** Parts of the product as their own processes, for end-to-end tests: started, awaited, killed. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { stopChild } from '@hall/scripts/harness';

const ROOT = resolve(import.meta.dirname, '../..');

export interface PartProcess {
  child: ChildProcess;
  ready: Record<string, unknown>;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs `entry` (a TypeScript file) with tsx and waits for the JSON line `{"event": readyEvent, …}`. */
export async function startPart(
  entry: string,
  env: NodeJS.ProcessEnv,
  readyEvent: string,
  args: string[] = [],
): Promise<PartProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, entry), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const ready = await new Promise<Record<string, unknown>>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not get ready:\n${out}`)), 60_000);
    const onData = () => {
      const line = out.split('\n').find((l) => l.includes(`"event":"${readyEvent}"`));
      if (line) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolveReady(JSON.parse(line) as Record<string, unknown>);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code}:\n${out}`));
    });
  });
  return {
    child,
    ready,
    output: () => out,
    stop: (signal: NodeJS.Signals = 'SIGTERM') => stopChild(child, signal),
  };
}

/** Runs a part's command to completion and returns its stdout (e.g. the cloud's add-hub). */
export async function runPart(entry: string, env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, entry), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) throw new Error(`${entry} ${args.join(' ')} exited with ${code}: ${err}`);
  return out;
}
