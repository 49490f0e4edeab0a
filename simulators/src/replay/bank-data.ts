/**
 * The "Anonymous Bank" call log (Technion SEE lab, February 1999; shared/data/README.md) as a day of
 * hall traffic: each non-phantom call is a ticket request when the caller leaves the voice unit, each
 * served call a counter call, start and finish by its agent at the recorded times, each hang-up an
 * abandonment (a cancelled ticket).
 */
import { readFileSync } from 'node:fs';

export interface BankCall {
  callId: string;
  /** Seconds after midnight. */
  vruExit: number;
  queueExit: number | null;
  type: string;
  priority: number;
  outcome: 'AGENT' | 'HANG';
  serviceStart: number;
  serviceEnd: number;
  server: string | null;
}

/** The bank's service types as hall services: id, ticket prefix, name. */
export const BANK_SERVICES: Record<string, { id: string; prefix: string; name: string }> = {
  PS: { id: 'ps', prefix: 'A', name: 'Regular' },
  PE: { id: 'pe', prefix: 'B', name: 'Regular (English)' },
  IN: { id: 'in', prefix: 'C', name: 'Internet' },
  NE: { id: 'ne', prefix: 'D', name: 'Stock exchange' },
  NW: { id: 'nw', prefix: 'E', name: 'New customer' },
  TT: { id: 'tt', prefix: 'F', name: 'Call back' },
};

const seconds = (hms: string) => {
  const [h, m, s] = hms.split(':').map(Number) as [number, number, number];
  return h * 3600 + m * 60 + s;
};

/** `1999-02-10` → `990210`, the file's date format. */
export function bankDateKey(isoDate: string): string {
  const m = /^19(\d\d)-(\d\d)-(\d\d)$/.exec(isoDate);
  if (!m) throw new Error(`day must be a date of February 1999 such as 1999-02-10, got ${isoDate}`);
  return `${m[1]}${m[2]}${m[3]}`;
}

/** Every non-phantom call of one day, in file order. */
export function readBankDay(file: string, isoDate: string): BankCall[] {
  const key = bankDateKey(isoDate);
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t');
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${file}: no column ${name}`);
    return i;
  };
  const c = {
    id: col('call_id'),
    priority: col('priority'),
    type: col('type'),
    date: col('date'),
    vruExit: col('vru_exit'),
    qExit: col('q_exit'),
    outcome: col('outcome'),
    serStart: col('ser_start'),
    serExit: col('ser_exit'),
    server: col('server'),
  };
  const calls: BankCall[] = [];
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const f = line.split('\t');
    if (f[c.date] !== key) continue;
    const outcome = f[c.outcome];
    if (outcome !== 'AGENT' && outcome !== 'HANG') continue; // PHANTOM calls are dropped
    const vruExit = seconds(f[c.vruExit] as string);
    const qExit = f[c.qExit] === '0:00:00' ? null : seconds(f[c.qExit] as string);
    let serviceStart = seconds(f[c.serStart] as string);
    let serviceEnd = seconds(f[c.serExit] as string);
    // A service that runs past midnight is logged with the next day's clock time.
    if (outcome === 'AGENT' && serviceStart < vruExit - 3_600) serviceStart += 86_400;
    if (outcome === 'AGENT' && serviceEnd < serviceStart) serviceEnd += 86_400;
    const server = f[c.server] === 'NO_SERVER' ? null : (f[c.server] as string);
    calls.push({
      callId: f[c.id] as string,
      vruExit,
      queueExit: qExit,
      type: f[c.type] as string,
      priority: Number(f[c.priority]),
      outcome,
      serviceStart,
      serviceEnd,
      server,
    });
  }
  if (calls.length === 0) throw new Error(`${file} has no calls on ${isoDate}`);
  return calls;
}

export type ReplayStep =
  | { at: number; kind: 'request'; call: BankCall }
  | { at: number; kind: 'serve'; call: BankCall; counter: string }
  | { at: number; kind: 'finish'; call: BankCall; counter: string }
  | { at: number; kind: 'cancel'; call: BankCall }
  | { at: number; kind: 'open' | 'close'; counter: string; staffId: string };

export interface ReplayPlan {
  steps: ReplayStep[];
  /**
   * Counter id → the staff id that works it: the agent, or for an agent's second counter the counter's
   * own id (one clerk is signed in at one counter at a time, so the overlap gets a stand-in).
   */
  counters: Map<string, string>;
  expected: { requests: number; served: number; abandoned: number };
}

const ORDER: Record<ReplayStep['kind'], number> = { open: 0, request: 1, serve: 2, finish: 3, cancel: 4, close: 5 };

/**
 * The day as ordered steps (seconds after midnight). Each agent works a counter of their own; the log
 * has a few services of one agent that overlap (a conference, a transfer), and those go to a second
 * counter of that agent so that no counter ever serves two customers at once. Served calls without an
 * agent go to UNKNOWN counters the same way. A second counter is worked under its own staff id: the hub
 * signs a clerk in at one counter at a time.
 */
export function planReplay(calls: readonly BankCall[]): ReplayPlan {
  const steps: ReplayStep[] = [];
  const lanes = new Map<string, number[]>(); // agent → end time of each of their counters
  const counters = new Map<string, string>();
  const span = new Map<string, { first: number; last: number }>();
  const served = calls
    .filter((c) => c.outcome === 'AGENT')
    .sort((a, b) => a.serviceStart - b.serviceStart || a.vruExit - b.vruExit);
  const counterOf = new Map<BankCall, string>();
  for (const call of served) {
    const agent = call.server ?? 'UNKNOWN';
    const start = Math.max(call.serviceStart, call.vruExit);
    const ends = lanes.get(agent) ?? [];
    // Strictly before: at equal seconds a serve step runs before a finish step.
    let lane = ends.findIndex((end) => end < start);
    if (lane < 0) {
      lane = ends.length;
      ends.push(0);
    }
    ends[lane] = Math.max(start, call.serviceEnd);
    lanes.set(agent, ends);
    const counter = lane === 0 ? agent : `${agent}-${lane + 1}`;
    counterOf.set(call, counter);
    counters.set(counter, counter);
    const s = span.get(counter);
    span.set(counter, {
      first: Math.min(s?.first ?? Infinity, start),
      last: Math.max(s?.last ?? -Infinity, call.serviceEnd),
    });
  }
  for (const call of calls) {
    steps.push({ at: call.vruExit, kind: 'request', call });
    if (call.outcome === 'AGENT') {
      const counter = counterOf.get(call) as string;
      const start = Math.max(call.serviceStart, call.vruExit);
      steps.push({ at: start, kind: 'serve', call, counter });
      steps.push({ at: Math.max(start, call.serviceEnd), kind: 'finish', call, counter });
    } else {
      steps.push({ at: Math.max(call.vruExit, call.queueExit ?? call.vruExit), kind: 'cancel', call });
    }
  }
  for (const [counter, s] of span) {
    const staffId = counters.get(counter) as string;
    steps.push({ at: s.first - 60, kind: 'open', counter, staffId });
    steps.push({ at: s.last + 60, kind: 'close', counter, staffId });
  }
  steps.sort((a, b) => a.at - b.at || ORDER[a.kind] - ORDER[b.kind]);
  return {
    steps,
    counters,
    expected: { requests: calls.length, served: served.length, abandoned: calls.length - served.length },
  };
}
