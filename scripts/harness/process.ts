/** Child processes of the harness: started with captured logs, stopped for sure (also on exit). */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const running = new Set<ChildProcess>();

// Last resort when the harness itself dies: 'exit' handlers may only do synchronous work, and kill() is.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface ManagedProcess {
  child: ChildProcess;
  logFile: string;
  /** Sends SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

export function startProcess(
  command: string,
  args: string[],
  opts: SpawnOptions & { logFile: string },
): ManagedProcess {
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  const child = spawn(command, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  running.add(child);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
    child.once('error', () => {
      running.delete(child);
      resolve(null);
    });
  });
  return {
    child,
    logFile: opts.logFile,
    exited,
    async stop(graceMs = 10_000) {
      await stopChild(child, 'SIGTERM', graceMs);
      log.end();
    },
  };
}

/**
 * Stops a child process for sure: `signal`, then SIGKILL after `graceMs`. Resolves at once when it has
 * already exited (also when a signal ended it: its exit code stays null then, and waiting for a second
 * 'exit' would wait for ever) or never started.
 */
export async function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
  graceMs = 10_000,
): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const gone = once(child, 'exit');
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    await gone;
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a command to completion; rejects with its output when it fails. */
export function run(command: string, args: string[], opts: SpawnOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${out.slice(-4000)}`));
    });
  });
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  opts: { timeoutMs: number; exited?: Promise<unknown>; logFile?: string },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let died = false;
  void opts.exited?.then(() => (died = true));
  while (Date.now() < deadline) {
    if (died) throw new Error(`${what} exited while starting${opts.logFile ? `; see ${opts.logFile}` : ''}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `${what} did not become ready within ${opts.timeoutMs} ms${opts.logFile ? `; see ${opts.logFile}` : ''}`,
  );
}
