/**
 * The last line of "leave nothing running": every process a test run starts inherits HALL_TEST_RUN
 * from the global setup; at teardown, whatever still carries this run's id is killed. It catches what
 * a test's own cleanup cannot: a worker that died on a native abort leaves the services it started
 * (an InfluxDB, a hub) orphaned. Linux only (/proc); elsewhere it finds nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Processes started under `runId` that are still alive, apart from `keep` (e.g. vitest's own workers). */
export function leftovers(
  runId: string,
  keep: (pid: number, ppid: number) => boolean = () => false,
): Array<{ pid: number; command: string }> {
  const marker = `HALL_TEST_RUN=${runId}\0`;
  const found: Array<{ pid: number; command: string }> = [];
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${pid}/environ`, 'latin1').includes(marker)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      // Zombies are already dead; the field after the command name is the state, then the parent.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z' || keep(pid, Number(ppid))) continue;
      found.push({
        pid,
        command: readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ').trim().slice(0, 120),
      });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/** Kills what `leftovers` finds; returns it. */
export function sweep(
  runId: string,
  keep?: (pid: number, ppid: number) => boolean,
): Array<{ pid: number; command: string }> {
  const found = leftovers(runId, keep);
  for (const p of found) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  return found;
}
