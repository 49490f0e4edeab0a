/**
 * `npm run bench:auth-flood`: legitimate clients while attackers flood wrong credentials and oversized
 * packets (issue #14, defects 2 and 3). The cloud and the hub run as their own processes.
 *   a. the cloud: a legitimate hub's `hub.poll` p99, unloaded and while 32 clients send wrong hub tokens;
 *   b. the hub: a ticket terminal's round trip (ticket.request → cmd/print) p99, unloaded and while 16
 *      clients flood wrong MQTT passwords and 16 wrong PINs at the counter sign-in (tRPC over HTTP);
 *   c. the hub's peak RSS (VmHWM) while 8 raw TCP clients each try to send a 200 MB PUBLISH before
 *      CONNECT and devices attempt 400 retained 1 MB messages on their own `res/` topics.
 * Every flooder has its own source address on loopback (127.0.x.y), the legitimate clients 127.0.0.1, so
 * that per-source limits act as they would in a hall. Goals: loaded p99 within 5× of unloaded, peak RSS
 * under 400 MB. The last line is one JSON object.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hashSecretSync } from '@hall/devices/secrets';
import mqtt from 'mqtt';
import { stringify } from 'yaml';
import { mqttLogin } from '../test/support/raw-mqtt.ts';

const PHASE_MS = Number(process.env.BENCH_SECONDS ?? 10) * 1_000;
const FLOODERS = 32;
const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'hall-bench-auth-'));
const children: ChildProcess[] = [];
process.on('exit', () => {
  children.forEach((c) => c.kill('SIGKILL'));
  rmSync(dir, { recursive: true, force: true });
});

const log = (line: string) => process.stdout.write(`${line}\n`);
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const round = (x: number) => Math.round(x * 100) / 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: round(percentile(s, 50)), p99: round(percentile(s, 99)) };
};

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
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`)));
  });
}

async function runToEnd(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) throw new Error(`${args.join(' ')} exited with ${code}`);
  return out;
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

/** One HTTP request from a source address; resolves with its status (0 on a network error). */
function httpCall(opts: {
  port: number;
  agent: Agent;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}): Promise<number> {
  return new Promise((resolveCall) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: opts.port,
        agent: opts.agent,
        method: opts.method,
        path: opts.path,
        headers: {
          ...opts.headers,
          ...(opts.body
            ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(opts.body)) }
            : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolveCall(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolveCall(0));
    req.end(opts.body);
  });
}

const agentFrom = (localAddress: string) =>
  new Agent({ keepAlive: true, maxSockets: 1, localAddress } as ConstructorParameters<typeof Agent>[0]);

/** Runs `measure` repeatedly for `ms`, spaced by `gapMs`; returns the latencies. */
async function sample(ms: number, gapMs: number, measure: () => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    out.push(await measure());
    await sleep(gapMs);
  }
  return out;
}

/** `n` loops running `attempt` back to back until `running()` is false; counts answers by key. */
function flood(n: number, running: () => boolean, attempt: (i: number, k: number) => Promise<string | number>) {
  const counts = new Map<string, number>();
  const loops = Array.from({ length: n }, async (_, i) => {
    for (let k = 0; running(); k += 1) {
      const key = String(await attempt(i, k));
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  });
  return { done: Promise.all(loops), counts };
}

// ---------------------------------------------------------------------------------------------------
async function cloudPart(): Promise<{ baseline: number[]; loaded: number[] }> {
  const cloudEnv = {
    CLOUD_DATA_DIR: join(dir, 'cloud'),
    CLOUD_HOST: '127.0.0.1',
    CLOUD_PORT: '0',
    LOG_LEVEL: 'warn',
    CLOUD_CONSOLE_DIR: join(dir, 'no-console'),
  };
  const { token } = JSON.parse(
    await runToEnd(
      ['cloud/src/main.ts', 'add-hub', '--hall', 'H-BENCH', '--name', 'Bench', '--hub', 'hub-bench'],
      cloudEnv,
    ),
  ) as { token: string };
  const cloud = await startProcess(['cloud/src/main.ts'], cloudEnv, 'cloud.ready');
  const port = cloud.info.port as number;
  log(`cloud up (pid ${cloud.child.pid}, PGlite), port ${port}`);
  const legit = agentFrom('127.0.0.1');
  const poll = async () => {
    const t0 = performance.now();
    const status = await httpCall({
      port,
      agent: legit,
      method: 'GET',
      path: '/trpc/hub.poll',
      headers: { authorization: `Bearer hub-bench:${token}` },
    });
    if (status !== 200) throw new Error(`hub.poll answered ${status}`);
    return performance.now() - t0;
  };
  await sample(2_000, 20, poll); // warm-up
  const baseline = await sample(PHASE_MS, 20, poll);
  log(`cloud hub.poll unloaded: ${JSON.stringify(summary(baseline))} ms`);
  const flooders = await startFlooders('hub-token', { port, n: FLOODERS });
  await sleep(500);
  const loaded = await sample(PHASE_MS, 20, poll);
  const answers = await flooders.stop();
  log(
    `cloud hub.poll with ${FLOODERS} clients sending wrong hub tokens: ${JSON.stringify(summary(loaded))} ms; their answers ${JSON.stringify(answers)}`,
  );
  legit.destroy();
  await stop(cloud.child);
  return { baseline, loaded };
}

// ---------------------------------------------------------------------------------------------------
async function hubPart() {
  const secrets = Object.fromEntries(
    ['kiosk-1', 'kiosk-2', 'ctr-c01', 'ctr-c02', 'ctr-c03', 'ctr-c04', 'pad-c01'].map((id) => [
      id,
      randomBytes(12).toString('base64url'),
    ]),
  );
  const configFile = join(dir, 'hall.yaml');
  writeFileSync(
    configFile,
    stringify({
      hall: { id: 'BENCH', name: 'Bench hall', timeZone: 'Asia/Shanghai', capacity: 1_000 },
      services: [{ id: 'billing', name: 'Billing', prefix: 'A', numberTo: 99_999, maxWaiting: 50_000 }],
      counters: ['C01', 'C02', 'C03', 'C04'].map((id) => ({ id, name: id, services: { billing: 1 } })),
      staff: ['E1001', 'E1002', 'E1003'].map((id) => ({ id, name: id, pinHash: hashSecretSync(`${id.slice(1)}42`) })),
      api: { displayTokenHash: hashSecretSync(randomBytes(12).toString('base64url')) },
      devices: [
        ...['kiosk-1', 'kiosk-2'].map((id) => ({
          id,
          kind: 'ticket-terminal',
          transport: 'mqtt',
          secretHash: hashSecretSync(secrets[id] as string),
        })),
        ...['ctr-c01', 'ctr-c02', 'ctr-c03', 'ctr-c04'].map((id, i) => ({
          id,
          kind: 'counter-terminal',
          transport: 'mqtt',
          counterId: `C0${i + 1}`,
          secretHash: hashSecretSync(secrets[id] as string),
        })),
        {
          id: 'pad-c01',
          kind: 'rating-pad',
          transport: 'mqtt',
          counterId: 'C01',
          secretHash: hashSecretSync(secrets['pad-c01'] as string),
        },
      ],
    }),
  );
  const hub = await startProcess(
    ['edge/src/main.ts'],
    {
      HUB_CONFIG: configFile,
      HUB_DATA_DIR: join(dir, 'hub'),
      HUB_HOST: '127.0.0.1',
      HUB_MQTT_PORT: '0',
      HUB_HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
    },
    'hub.ready',
  );
  const hubPid = hub.child.pid as number;
  const mqttPort = hub.info.mqtt as number;
  const httpPort = hub.info.http as number;
  const rssMb = (field: 'VmHWM' | 'VmRSS') =>
    Math.round(
      Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${hubPid}/status`, 'utf8'))?.[1] ?? 0) /
        1024,
    );
  log(`hub up (pid ${hubPid}), mqtt ${mqttPort}, http ${httpPort}; RSS ${rssMb('VmRSS')} MB`);

  // ---- b. a ticket terminal's round trip -----------------------------------------------------------
  const kiosk = await deviceConnect(mqttPort, 'kiosk-1', secrets['kiosk-1'] as string);
  (kiosk.stream as unknown as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
  await kiosk.subscribeAsync('hall/BENCH/dev/kiosk-1/cmd/#', { qos: 1 });
  const waiting = new Map<string, () => void>();
  kiosk.on('message', (_topic, payload) => {
    const reply = JSON.parse(payload.toString()) as { inReplyTo?: string };
    if (reply.inReplyTo) waiting.get(reply.inReplyTo)?.();
  });
  let seq = 0;
  const roundTrip = async () => {
    seq += 1;
    const eid = `kiosk-1.bench.${seq}`;
    const t0 = performance.now();
    const answered = new Promise<void>((r) => waiting.set(eid, r));
    await kiosk.publishAsync(
      'hall/BENCH/dev/kiosk-1/evt/ticket.request',
      JSON.stringify({ eid, seq, ts: Date.now(), deviceId: 'kiosk-1', serviceId: 'billing', channel: 'kiosk' }),
      { qos: 1 },
    );
    await Promise.race([answered, sleep(10_000).then(() => Promise.reject(new Error('no cmd/print within 10 s')))]);
    waiting.delete(eid);
    return performance.now() - t0;
  };
  await sample(2_000, 20, roundTrip);
  const baseline = await sample(PHASE_MS, 20, roundTrip);
  log(`hub round trip unloaded: ${JSON.stringify(summary(baseline))} ms`);
  const half = FLOODERS / 2;
  const only = process.env.BENCH_HUB_FLOOD; // 'mqtt' | 'pin': one kind of flooder only (diagnosis)
  const cpu0 = cpuSeconds(hubPid);
  const mqttFlood = await startFlooders('mqtt', { port: mqttPort, n: only === 'pin' ? 0 : half });
  const pinFlood = await startFlooders('pin', { port: httpPort, n: only === 'mqtt' ? 0 : half });
  await sleep(500);
  const loaded = await sample(PHASE_MS, 20, roundTrip);
  const [mqttAnswers, pinAnswers] = await Promise.all([mqttFlood.stop(), pinFlood.stop()]);
  const hubCpu = cpuSeconds(hubPid) - cpu0;
  log(
    `hub round trip with ${half} wrong-password and ${half} wrong-PIN clients: ${JSON.stringify(summary(loaded))} ms (hub CPU ${round(hubCpu)} s in ${round((PHASE_MS + 500) / 1_000)} s)`,
  );
  log(`  their answers: MQTT ${JSON.stringify(mqttAnswers)}, sign-in ${JSON.stringify(pinAnswers)}`);
  await kiosk.endAsync();

  // ---- c. memory under oversized pre-auth packets and retained floods ----------------------------
  const rssBefore = rssMb('VmHWM');
  const huge = 200 * 1024 * 1024;
  const preAuth = Array.from({ length: 8 }, (_, i) => hugePublish(mqttPort, `127.0.6.${i + 1}`, huge));
  const retainedAttempts = Array.from({ length: 4 }, async (_, d) => {
    const id = ['ctr-c01', 'ctr-c02', 'ctr-c03', 'ctr-c04'][d] as string;
    let closedEarly = 0;
    for (let k = 0; k < 100; k += 1) {
      const c = await deviceConnect(mqttPort, id, secrets[id] as string);
      const closed = new Promise<string>((r) => c.once('close', () => r('closed')));
      const outcome = await Promise.race([
        closed,
        c
          .publishAsync(`hall/BENCH/dev/${id}/res/parked-${k}`, Buffer.alloc(1024 * 1024, 0x41), {
            qos: 1,
            retain: true,
          })
          .then(
            () => 'accepted',
            () => 'closed',
          ),
      ]);
      if (outcome === 'closed') closedEarly += 1;
      c.end(true);
    }
    return closedEarly;
  });
  const sent = await Promise.all(preAuth);
  const retainedClosed = (await Promise.all(retainedAttempts)).reduce((a, b) => a + b, 0);
  const peak = rssMb('VmHWM');
  log(
    `pre-auth: 8 clients announcing ${huge / 1024 / 1024} MB PUBLISHes got ${sent.map((s) => `${(s / 1024 / 1024).toFixed(1)} MB`).join(', ')} accepted before the hub hung up`,
  );
  log(`retained: 400 × 1 MB attempts on res/ topics, ${retainedClosed} cut off at the packet header`);
  log(`hub peak RSS (VmHWM): ${rssBefore} MB before part c, ${peak} MB after (goal < 400 MB)`);
  await stop(hub.child);
  return { baseline, loaded, peak, rssBefore };
}

/** Connects as a device, retrying while the hub answers "server unavailable" (its login budget is spent), as firmware does. */
async function deviceConnect(port: number, id: string, secret: string) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
        clientId: id,
        username: id,
        password: secret,
        protocolVersion: 4,
        reconnectPeriod: 0,
      });
    } catch (err) {
      if (attempt >= 50 || !/unavailable/i.test((err as Error).message)) throw err;
      await sleep(200);
    }
  }
}

/** Sends a PUBLISH header announcing `bytes` and then the bytes, before any CONNECT; resolves with what was taken. */
function hugePublish(port: number, localAddress: string, bytes: number): Promise<number> {
  return new Promise((resolveSent) => {
    const socket = tcpConnect({ host: '127.0.0.1', port, localAddress }, async () => {
      const topic = Buffer.from('hall/BENCH/dev/kiosk-2/evt/ticket.request');
      let n = topic.length + 2 + bytes;
      const len: number[] = [];
      do {
        let b = n % 128;
        n = Math.floor(n / 128);
        if (n > 0) b |= 0x80;
        len.push(b);
      } while (n > 0);
      socket.write(Buffer.concat([Buffer.from([0x30, ...len, topic.length >> 8, topic.length & 0xff]), topic]));
      const chunk = Buffer.alloc(1024 * 1024, 0x41);
      for (let sent = 0; sent < bytes && !socket.destroyed; sent += chunk.length) {
        if (!socket.write(chunk))
          await new Promise<void>((r) => (socket.once('drain', () => r()), socket.once('close', () => r())));
      }
      socket.end();
    });
    socket.on('error', () => {});
    socket.on('close', () => resolveSent(socket.bytesWritten));
  });
}

/** The hub's user + system CPU seconds so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

type FloodKind = 'hub-token' | 'mqtt' | 'pin';

/** Flooders run in a process of their own (attackers do not share the legitimate client's event loop). */
async function startFlooders(
  kind: FloodKind,
  opts: { port: number; n: number },
): Promise<{ stop(): Promise<Record<string, number>> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', import.meta.filename, '--flood', kind, JSON.stringify(opts)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  while (!out.includes('flood.ready')) {
    if (child.exitCode !== null) throw new Error(`flooder exited: ${out}`);
    await sleep(20);
  }
  return {
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
      return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, number>;
    },
  };
}

async function runFlooders(kind: FloodKind, opts: { port: number; n: number }) {
  let running = true;
  const agents = Array.from({ length: opts.n }, (_, i) => agentFrom(`127.0.${kind === 'pin' ? 5 : 3}.${i + 1}`));
  const targets = ['kiosk-2', 'ctr-c02', 'ctr-c03', 'pad-c01', 'ghost-1', 'ghost-2'];
  const attempts: Record<FloodKind, (i: number, k: number) => Promise<string>> = {
    // Wrong tokens for the real hub id and for hub ids that do not exist.
    'hub-token': (i, k) =>
      httpCall({
        port: opts.port,
        agent: agents[i] as Agent,
        method: 'GET',
        path: '/trpc/hub.poll',
        headers: {
          authorization: `Bearer ${k % 2 === 0 ? 'hub-bench' : `hub-x${i}`}:${randomBytes(18).toString('base64url')}`,
        },
      }).then((st) => `http ${st}`),
    mqtt: (i, k) => {
      const id = targets[(i + k) % targets.length] as string;
      return mqttLogin({
        port: opts.port,
        localAddress: `127.0.4.${i + 1}`,
        clientId: id,
        username: id,
        password: randomBytes(12).toString('base64url'),
      }).then((c) => `connack ${c}`);
    },
    pin: (i, k) =>
      httpCall({
        port: opts.port,
        agent: agents[i] as Agent,
        method: 'POST',
        path: '/trpc/counter.signIn',
        body: JSON.stringify({
          counterId: 'C04',
          staffId: ['E1001', 'E1002', 'E1003', 'E9999'][k % 4],
          pin: String(100_000 + ((i * 7919 + k) % 900_000)),
        }),
      }).then((st) => `http ${st}`),
  };
  const f = flood(opts.n, () => running, attempts[kind]);
  process.on('SIGTERM', () => {
    running = false;
    void f.done.then(() => {
      process.stdout.write(`${JSON.stringify(Object.fromEntries(f.counts))}\n`);
      process.exit(0);
    });
  });
  process.stdout.write('flood.ready\n');
}

async function main() {
  if (process.argv[2] === '--flood')
    return runFlooders(
      process.argv[3] as FloodKind,
      JSON.parse(process.argv[4] as string) as { port: number; n: number },
    );
  const cloud = process.env.BENCH_PARTS === 'hub' ? { baseline: [NaN], loaded: [NaN] } : await cloudPart();
  const hub = await hubPart();
  const cloudPollP99Ms = round(
    percentile(
      [...cloud.loaded].sort((a, b) => a - b),
      99,
    ),
  );
  const cloudPollBaselineP99Ms = round(
    percentile(
      [...cloud.baseline].sort((a, b) => a - b),
      99,
    ),
  );
  const hubRoundTripP99Ms = round(
    percentile(
      [...hub.loaded].sort((a, b) => a - b),
      99,
    ),
  );
  const hubBaselineP99Ms = round(
    percentile(
      [...hub.baseline].sort((a, b) => a - b),
      99,
    ),
  );
  log(
    `cloud: loaded p99 ${cloudPollP99Ms} ms vs unloaded ${cloudPollBaselineP99Ms} ms (×${round(cloudPollP99Ms / cloudPollBaselineP99Ms)}, goal ≤ 5)`,
  );
  log(
    `hub:   loaded p99 ${hubRoundTripP99Ms} ms vs unloaded ${hubBaselineP99Ms} ms (×${round(hubRoundTripP99Ms / hubBaselineP99Ms)}, goal ≤ 5)`,
  );
  log(
    JSON.stringify({
      cloudPollP99Ms,
      cloudPollBaselineP99Ms,
      hubRoundTripP99Ms,
      hubBaselineP99Ms,
      hubPeakRssMb: hub.peak,
    }),
  );
}

main().then(
  () => process.argv[2] !== '--flood' && process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:auth-flood failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
