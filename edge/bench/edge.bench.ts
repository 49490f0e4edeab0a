/**
 * `npm run bench:edge`: the hub's whole pipeline under load from 200 simulated people counters (MQTT,
 * QoS 1): each `count` event is authenticated, ACL-checked, validated, turned into a delta, committed to
 * the journal and shown to a `hall.live` subscriber (tRPC over SSE). Measured:
 *   1. latency from device publish to the subscriber seeing it, at a steady 1,000 events/s;
 *   2. sustained events/s with every device publishing as fast as its acks allow;
 *   3. the raw aedes QoS 1 relay rate on this machine, same clients, for the ratio;
 *   4. the hub's peak RSS (VmHWM of its process).
 * The hub and the raw broker run as their own processes. The last line is one JSON object.
 *
 * Latency is attributed in publish order: the k-th event published counts as delivered when the live
 * view first shows k events or more (arrival order across devices can differ by a little).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTRPCClient, httpSubscriptionLink, splitLink, httpBatchLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import mqtt, { type MqttClient } from 'mqtt';
import { stringify } from 'yaml';
import type { HubRouter } from '../src/api/hub.router.ts';
import { hashSecretSync as hashSecret } from '@hall/devices/secrets';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 200);
const STEADY_RATE = Number(process.env.BENCH_RATE ?? 1_000);
const PHASE_MS = Number(process.env.BENCH_SECONDS ?? 10) * 1_000;
const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'hall-bench-'));
const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

const log = (line: string) => process.stdout.write(`${line}\n`);

function startProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: string,
): Promise<{ child: ChildProcess; info: Record<string, number> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let out = '';
  return new Promise((resolveReady, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.includes(`"${ready}"`));
      if (line) resolveReady({ child, info: JSON.parse(line) as Record<string, number> });
    });
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
  });
}

async function connectAll(url: string, ids: string[], secret?: string): Promise<MqttClient[]> {
  const clients: MqttClient[] = [];
  for (let i = 0; i < ids.length; i += 20) {
    clients.push(
      ...(await Promise.all(
        ids.slice(i, i + 20).map(async (id) => {
          const c = await mqtt.connectAsync(url, {
            clientId: id,
            ...(secret ? { username: id, password: secret } : {}),
            protocolVersion: 4,
            reconnectPeriod: 0,
          });
          (c.stream as unknown as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
          return c;
        }),
      )),
    );
  }
  return clients;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function main() {
  // ---- the hub, configured with DEVICES MQTT people counters ------------------------------------
  const secret = 'bench-device-secret';
  const secretHash = hashSecret(secret);
  const display = 'bench-display-token';
  const ids = Array.from({ length: DEVICES }, (_, i) => `door-${String(i).padStart(3, '0')}`);
  const configFile = join(dir, 'hall.yaml');
  writeFileSync(
    configFile,
    stringify({
      hall: { id: 'BENCH', name: 'Bench hall', timeZone: 'Asia/Shanghai', capacity: 100_000 },
      services: [{ id: 'billing', name: 'Billing', prefix: 'A' }],
      counters: [{ id: 'C01', name: '1', services: { billing: 1 } }],
      api: { displayTokenHash: hashSecret(display) },
      devices: ids.map((id) => ({ id, kind: 'people-counter', transport: 'mqtt', secretHash })),
    }),
  );
  const hub = await startProcess(
    ['edge/src/main.ts'],
    {
      HUB_CONFIG: configFile,
      HUB_DATA_DIR: join(dir, 'data'),
      HUB_HOST: '127.0.0.1',
      HUB_MQTT_PORT: '0',
      HUB_HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
    },
    'hub.ready',
  );
  const hubPid = hub.child.pid as number;
  log(`hub up (pid ${hubPid}), mqtt ${hub.info.mqtt}, http ${hub.info.http}; ${DEVICES} people counters`);

  // ---- a hall.live subscriber ------------------------------------------------------------------
  const url = `http://127.0.0.1:${hub.info.http}/trpc`;
  const trpc = createTRPCClient<HubRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url, EventSource: EventSource as never, connectionParams: { token: display } }),
        false: httpBatchLink({ url, headers: { authorization: `Bearer ${display}` } }),
      }),
    ],
  });
  let seen = 0;
  const seenAt: Array<{ count: number; at: number }> = [];
  const sub = trpc.hall.live.subscribe(undefined, {
    onData: (snapshot) => {
      const s = snapshot as unknown as { totals: { enteredToday: number } };
      seen = s.totals.enteredToday;
      seenAt.push({ count: seen, at: performance.now() });
    },
    onError: (err) => log(`live subscription error: ${err.message}`),
  });

  const clients = await connectAll(`mqtt://127.0.0.1:${hub.info.mqtt}`, ids, secret);
  const totals = ids.map(() => 0);
  const published: number[] = [];
  const publish = (i: number) => {
    const c = clients[i] as MqttClient;
    totals[i] = (totals[i] as number) + 1;
    const seq = totals[i] as number;
    published.push(performance.now());
    return c.publishAsync(
      `hall/BENCH/dev/${ids[i]}/evt/count`,
      JSON.stringify({ eid: `${ids[i]}.b.${seq}`, seq, ts: Date.now(), deviceId: ids[i], in: seq, out: 0 }),
      { qos: 1 },
    );
  };
  // Baseline: every counter's first reading sets its zero (it counts nobody).
  await Promise.all(ids.map((_, i) => publish(i)));
  const baseline = published.length;
  await waitFor(() => seenAt.length > 0, 10_000);
  await new Promise((r) => setTimeout(r, 1_000));
  const seenBase = seen;

  // ---- phase 1: steady rate, latency -----------------------------------------------------------
  const latencies: number[] = [];
  {
    const start = published.length;
    const t0 = performance.now();
    let sent = 0;
    while (performance.now() - t0 < PHASE_MS) {
      const due = Math.floor(((performance.now() - t0) / 1_000) * STEADY_RATE);
      const pending: Promise<unknown>[] = [];
      while (sent < due) pending.push(publish(sent++ % DEVICES));
      await Promise.all(pending);
      await new Promise((r) => setTimeout(r, 2));
    }
    await waitFor(() => seen - seenBase >= published.length - baseline, 15_000);
    // Attribute: the k-th event counted (in publish order) arrived when the view first showed >= k.
    let j = 0;
    for (let k = start; k < published.length; k++) {
      const need = seenBase + (k - baseline) + 1;
      while (j < seenAt.length && (seenAt[j] as { count: number }).count < need) j++;
      const shown = seenAt[j];
      if (shown) latencies.push(shown.at - (published[k] as number));
    }
    log(`steady ${STEADY_RATE}/s for ${PHASE_MS / 1000} s: ${latencies.length} events`);
  }
  latencies.sort((a, b) => a - b);
  const p50Ms = round(percentile(latencies, 50));
  const p99Ms = round(percentile(latencies, 99));
  log(`publish → hall.live latency: p50 ${p50Ms} ms, p99 ${p99Ms} ms`);

  // ---- phase 2: as fast as the hub acks ----------------------------------------------------------
  const fastStart = seen;
  const t1 = performance.now();
  let running = true;
  const loops = ids.map(async (_, i) => {
    while (running) await publish(i);
  });
  await new Promise((r) => setTimeout(r, PHASE_MS));
  running = false;
  await Promise.all(loops);
  const fastSent = published.length;
  await waitFor(() => seen - seenBase >= fastSent - baseline, 30_000);
  const seconds = (performance.now() - t1) / 1_000;
  const eventsPerSec = Math.round((seen - fastStart) / seconds);
  log(
    `pipeline: ${seen - fastStart} events in ${seconds.toFixed(1)} s = ${eventsPerSec}/s (through journal and hall.live)`,
  );
  const status = readFileSync(`/proc/${hubPid}/status`, 'utf8');
  const rssMb = Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024);
  log(`hub peak RSS ${rssMb} MB`);
  sub.unsubscribe();
  await Promise.all(clients.map((c) => c.endAsync()));
  hub.child.kill('SIGTERM');
  await once(hub.child, 'exit');

  // ---- raw aedes relay, same clients ----------------------------------------------------------
  const raw = await startProcess(['edge/bench/raw-broker.ts'], {}, 'raw.ready');
  const rawUrl = `mqtt://127.0.0.1:${raw.info.port}`;
  const sink = (await connectAll(rawUrl, ['sink']))[0] as MqttClient;
  let relayed = 0;
  sink.on('message', () => (relayed += 1));
  await sink.subscribeAsync('hall/#', { qos: 1 });
  const rawClients = await connectAll(rawUrl, ids);
  const t2 = performance.now();
  running = true;
  const rawLoops = rawClients.map(async (c, i) => {
    let n = 0;
    while (running)
      await c.publishAsync(
        `hall/BENCH/dev/${ids[i]}/evt/count`,
        JSON.stringify({ eid: `${ids[i]}.r.${++n}`, seq: n, ts: Date.now(), deviceId: ids[i], in: n, out: 0 }),
        { qos: 1 },
      );
  });
  await new Promise((r) => setTimeout(r, PHASE_MS));
  running = false;
  await Promise.all(rawLoops);
  const rawRelayPerSec = Math.round(relayed / ((performance.now() - t2) / 1_000));
  log(`raw aedes QoS 1 relay: ${rawRelayPerSec}/s`);
  await Promise.all([...rawClients, sink].map((c) => c.endAsync()));
  raw.child.kill('SIGTERM');
  await once(raw.child, 'exit');
  rmSync(dir, { recursive: true, force: true });

  const ratio = round(eventsPerSec / rawRelayPerSec);
  log(`ratio ${ratio} (target ≥ 0.6); p99 ${p99Ms} ms at ${STEADY_RATE}/s (target ≤ 50 ms)`);
  log(
    JSON.stringify({
      eventsPerSec,
      rawRelayPerSec,
      ratio,
      p50Ms,
      p99Ms,
      rssMb,
      devices: DEVICES,
      steadyRate: STEADY_RATE,
    }),
  );
}

async function waitFor(cond: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('benchmark: timed out waiting for the hub');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:edge failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
