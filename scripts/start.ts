/**
 * `npm start`: the product on embedded defaults, nothing else to install or run. Starts the edge hub
 * (embedded MQTT broker, SQLite journal) for a demo hall and a simulated hall in real time that drives it
 * over MQTT and Modbus TCP, and the cloud service on PGlite that the hub forwards its journal to, then
 * prints where everything is. Credentials are generated at the first start
 * (random, kept in .data/demo/credentials.json); later starts reuse them and the hub's journal.
 * Ctrl-C stops everything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { loadScenario, localDate, weekdayOf, zonedEpoch } from '@hall/simulators';
import { stringify } from 'yaml';
import { demoHall, saveCredentials } from './demo/demo-hall.ts';

const root = resolve(import.meta.dirname, '..');
const dataDir = resolve(process.env.HALL_DATA_DIR ?? join(root, '.data/demo'));
const scenarioName = process.env.HALL_DEMO_SCENARIO ?? 'quiet-weekday';
const children: ChildProcess[] = [];

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const s = createServer();
    s.once('error', () => done(false));
    s.listen(port, '127.0.0.1', () => s.close(() => done(true)));
  });
}

/** The preferred port if it is free, else one the OS picks (said so on the console). */
async function port(preferred: number, what: string): Promise<number> {
  if (await portFree(preferred)) return preferred;
  const other = await new Promise<number>((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => done(p));
    });
  });
  console.log(`  ${what}: port ${preferred} is taken, using ${other}`);
  return other;
}

/** A part as a child process: tsx, stdout piped to us, stderr appended to its log. */
function spawnPart(args: string[], env: NodeJS.ProcessEnv, log: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', openSync(log, 'a')] });
  children.push(child);
  return child;
}

/** A long-running part; its unexpected exit is reported. */
function run(name: string, args: string[], env: NodeJS.ProcessEnv, log: string): ChildProcess {
  const child = spawnPart(args, env, log);
  child.once('exit', (code, signal) => {
    if (!stopping) console.log(`${name} stopped (${signal ?? code}); see ${log}`);
  });
  return child;
}

/** A setup command that runs to its end: its stdout, or an error naming it and its log. */
async function oneShot(name: string, args: string[], env: NodeJS.ProcessEnv, log: string): Promise<string> {
  const child = spawnPart(args, env, log);
  let stdout = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${name} failed (exit ${code}); see ${log}`);
  return stdout;
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping…');
  for (const child of [...children].reverse()) {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
  }
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

/** Waits for a part's `{"event": name}` line on its stdout. */
function readyLine(child: ChildProcess, name: string, log: string): Promise<Record<string, unknown>> {
  return new Promise((done, fail) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.includes(`"event":"${name}"`));
      if (line) done(JSON.parse(line) as Record<string, unknown>);
    });
    child.once('exit', () => fail(new Error(`${name.split('.')[0]} did not start; see ${log}`)));
  });
}

async function main() {
  console.log('Hall Operations Platform — demo on embedded defaults\n');
  mkdirSync(dataDir, { recursive: true });
  // The in-hall pages the hub serves and the console the cloud serves; built once (`npm run console:build` rebuilds them).
  if (!existsSync(join(root, 'console/dist/hall/wall/index.html')) || !existsSync(join(root, 'console/dist/app/index.html'))) {
    console.log('  first start: building the console and the in-hall pages …');
    await oneShot('console build', ['console/build.ts'], {}, join(dataDir, 'build.log'));
  }
  const scenario = loadScenario(join(root, 'simulators/scenarios', `${scenarioName}.yaml`));
  const mqttPort = await port(Number(process.env.HUB_MQTT_PORT ?? 1883), 'MQTT');
  const httpPort = await port(Number(process.env.HUB_HTTP_PORT ?? 8080), 'hub HTTP');
  // The scenario's Modbus door listens where the hub polls it; move both if the port is taken.
  const doors = await Promise.all(scenario.devices.peopleCounters.map(async (d) => (d.transport === 'mqtt' ? d : { ...d, port: await port(d.port, `${d.id} (${d.transport})`) })));
  const demo = { ...scenario, devices: { ...scenario.devices, peopleCounters: doors } };
  const scenarioFile = join(dataDir, 'scenario.yaml');
  writeFileSync(scenarioFile, `# The ${scenarioName} scenario with this machine's ports; written by npm start.\n${stringify(demo)}`);
  const { configFile, credentials, env } = demoHall(demo, dataDir, { regenerate: true });

  // The cloud on PGlite. At the first start: an administrator and the hub's registration (the data
  // folder is opened by one process at a time, so before the server starts).
  const cloudPort = await port(Number(process.env.CLOUD_PORT ?? 4000), 'cloud');
  const cloudEnv = { CLOUD_DATA_DIR: join(dataDir, 'cloud'), CLOUD_HOST: '127.0.0.1', CLOUD_PORT: String(cloudPort), LOG_LEVEL: 'warn' };
  if (!credentials.admin || !credentials.hubToken) console.log('  first start: setting up the cloud (PGlite) …');
  // Each step is saved as soon as it succeeded, so an interrupted first start resumes where it stopped.
  if (!credentials.admin) {
    const admin = { username: 'admin', password: `${randomBytes(9).toString('base64url')}-Aa1` };
    await oneShot('cloud add-admin', ['cloud/src/main.ts', 'add-admin', '--username', admin.username, '--name', '演示管理员 Demo admin'], { ...cloudEnv, CLOUD_ADMIN_PASSWORD: admin.password }, join(dataDir, 'cloud.log'));
    credentials.admin = admin;
    saveCredentials(dataDir, credentials);
  }
  if (!credentials.hubToken) {
    const out = await oneShot('cloud add-hub', ['cloud/src/main.ts', 'add-hub', '--hall', scenario.hall.id, '--name', scenario.hall.name, '--time-zone', scenario.hall.timeZone, '--hub', `hub-${scenario.hall.id}`], cloudEnv, join(dataDir, 'cloud.log'));
    credentials.hubToken = (JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { token?: string }).token;
    saveCredentials(dataDir, credentials);
  }
  // The hall's config lives in the cloud from then on (the console edits its alert rules and devices);
  // the hub takes it from there and keeps a copy for when the cloud is away.
  if (!credentials.configInCloud) {
    await oneShot('cloud put-config', ['cloud/src/main.ts', 'put-config', '--hall', scenario.hall.id, '--file', configFile], cloudEnv, join(dataDir, 'cloud.log'));
    credentials.configInCloud = true;
    saveCredentials(dataDir, credentials);
  }
  const cloud = run('cloud', ['cloud/src/main.ts'], cloudEnv, join(dataDir, 'cloud.log'));
  await readyLine(cloud, 'cloud.ready', join(dataDir, 'cloud.log'));

  const hub = run('edge hub', ['edge/src/main.ts'], { HUB_CONFIG: configFile, HUB_DATA_DIR: join(dataDir, 'hub'), HUB_MQTT_PORT: String(mqttPort), HUB_HTTP_PORT: String(httpPort), HUB_CLOUD_URL: `http://127.0.0.1:${cloudPort}`, HUB_ID: `hub-${scenario.hall.id}`, HUB_TOKEN: credentials.hubToken ?? '', LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' }, join(dataDir, 'hub.log'));
  const ready = (await readyLine(hub, 'hub.ready', join(dataDir, 'hub.log'))) as { mqtt: number; http: number };

  // In opening hours the simulated hall joins the day as it is; otherwise it plays a morning from 10:00.
  const tz = scenario.hall.timeZone;
  const today = localDate(Date.now(), tz);
  const hours = scenario.openingHours[weekdayOf(today)];
  const open = hours ? Date.now() >= zonedEpoch(today, hours.open, tz) && Date.now() < zonedEpoch(today, hours.close, tz) : false;
  const sim = run('simulated hall', ['simulators/src/cli/sim.ts', 'hall', '--scenario', scenarioFile, '--hub', `mqtt://127.0.0.1:${ready.mqtt}`, '--speed', '1', ...(open ? [] : ['--start', '10:00'])], env, join(dataDir, 'sim.log'));
  sim.stdout?.on('data', (d: Buffer) => {
    for (const line of d.toString().trim().split('\n')) if (line) console.log(`  [hall] ${line}`);
  });

  const pad = scenario.devices.counters.find((c) => c.ratingPad)?.ratingPad;
  const padUrl = pad ? `http://127.0.0.1:${ready.http}/hall/pad/?device=${pad.id}&secret=${encodeURIComponent(credentials.devices[pad.id] ?? '')}` : '(no rating pad in this scenario)';
  console.log(`Started:
  edge hub        ${scenario.hall.name} (${scenario.hall.id})
    MQTT          mqtt://127.0.0.1:${ready.mqtt}   (also ws://127.0.0.1:${ready.http}/mqtt)
    health        http://127.0.0.1:${ready.http}/health
    wall screen   http://127.0.0.1:${ready.http}/hall/wall/?token=${encodeURIComponent(credentials.displayToken)}
    rating pad    ${padUrl}
    counter page  http://127.0.0.1:${ready.http}/hall/counter/?counter=${scenario.devices.counters[0]?.counterId ?? 'C01'}   (a clerk's staff ID and PIN below; the simulated clerks also use the counters)
    hall state    curl -H 'authorization: Bearer ${credentials.displayToken}' http://127.0.0.1:${ready.http}/trpc/hall.state
    journal       ${join(dataDir, 'hub')}   log ${join(dataDir, 'hub.log')}
  simulated hall  scenario ${scenarioName}, real time${open ? '' : ' (the hall is closed now: playing a morning from 10:00)'}; log ${join(dataDir, 'sim.log')}
  console         http://127.0.0.1:${cloudPort}/   sign in as ${credentials.admin?.username} / ${credentials.admin?.password}
  cloud           http://127.0.0.1:${cloudPort}/trpc (PGlite in ${join(dataDir, 'cloud')}); the hub forwards its journal here
  credentials     ${join(dataDir, 'credentials.json')} (generated for this install: device secrets, tokens, clerk PINs, the admin password)
    clerk PINs    ${Object.entries(credentials.pins).map(([id, pin]) => `${id} ${pin}`).join(' · ')}

Ctrl-C stops everything.`);
}

main().catch((err: unknown) => {
  console.error(`npm start: ${(err as Error).message}`);
  void stop();
});
