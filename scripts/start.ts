/**
 * `npm start`: the product on embedded defaults, nothing else to install or run. Starts the cloud on
 * PGlite (API and console), and for each of three demo halls an edge hub (its own MQTT broker, SQLite
 * journal and ports, forwarding to the cloud) and a simulated hall in real time driving it over MQTT and
 * Modbus TCP / OPC UA; then prints where everything is. At the first start it generates credentials
 * (random; .data/demo), registers the halls in the cloud, and builds four weeks of history per hall by
 * running each hall's hub on a virtual clock under its simulated devices (scripts/demo/history.ts);
 * later starts reuse all of it. Ctrl-C stops everything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setPriority } from 'node:os';
import { join, resolve } from 'node:path';
import { loadScenario, localDate, weekdayOf, zonedEpoch, type Scenario } from '@hall/simulators';
import { simFollowsRoster } from './demo/sim-roster.ts';
import { stringify } from 'yaml';
import { demoHall, saveCredentials, type DemoCredentials } from './demo/demo-hall.ts';
import { demoForecasts } from './demo/forecast-demo.ts';
import { startMailCatcher } from './demo/mail-catcher.ts';
import { clerkLines, demoStaff } from './demo/staff-demo.ts';
import { reviewDemo } from './demo/review-demo.ts';
import { demoRosters } from './demo/roster-demo.ts';
import { demoWishes } from './demo/wishes-demo.ts';
import { demoInventory } from './demo/inventory-demo.ts';
import { demoTraining } from './demo/training-demo.ts';
import { demoTrainingSessions } from './demo/training-sessions-demo.ts';
import { STORY_DAYS_AGO, storyScenario } from './demo/training-story.ts';
import { addDays } from '@hall/devices/calendar';
import { blobUploader, demoOnsite } from './demo/perf-onsite.ts';
import { demoSkillEvaluation, demoSkills } from './demo/perf-skills.ts';
import { demoCycles } from './demo/perf-cycles.ts';
import { demoKpiFacts } from './demo/perf-facts.ts';
import { demoKpiCatalogue } from './demo/perf-catalogue.ts';
import { demoKpiReports } from './demo/perf-report.ts';
import { signInApi } from '@hall/scripts/harness/cloud-api';

const root = resolve(import.meta.dirname, '..');
const dataDir = resolve(process.env.HALL_DATA_DIR ?? join(root, '.data/demo'));
const HISTORY_DAYS = Number(process.env.HALL_DEMO_HISTORY_DAYS ?? 28);

/**
 * The demo halls: shipped scenarios, the third a quiet hall of its own. 南山 lives a real week (busy
 * weekends), not the scenario's every-day Saturday; each hall works its scenario's roster.
 */
const HALLS: Array<{
  scenario: string;
  id?: string;
  name?: string;
  seed?: number;
  calendar?: boolean;
  /** The region the hall sits under (made under HQ at the first start). */
  region: { id: string; name: string };
}> = [
  { scenario: 'quiet-weekday', region: { id: 'r-sz-central', name: '深圳中心区' } },
  { scenario: 'busy-saturday', calendar: true, region: { id: 'r-sz-west', name: '深圳西区' } },
  {
    scenario: 'quiet-weekday',
    id: 'SZ-LH-003',
    name: '罗湖营业厅',
    seed: 11,
    region: { id: 'r-sz-central', name: '深圳中心区' },
  },
];
const children: ChildProcess[] = [];

/** The newest modification time of the files under the folders (ms). */
function newestMtime(dirs: string[]): number {
  let newest = 0;
  for (const dir of dirs)
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
      if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  return newest;
}

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
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', openSync(log, 'a')],
  });
  children.push(child);
  return child;
}

/** A long-running part; its unexpected exit is reported. */
function run(name: string, args: string[], env: NodeJS.ProcessEnv, log: string): ChildProcess {
  const child = spawnPart(args, env, log);
  child.once('exit', (code, signal) => {
    if (!stopping) console.log(`${name} stopped (${signal ?? code}); the end of ${log}:\n${tail(log)}`);
  });
  return child;
}

/** A setup command that runs to its end: its stdout, or an error naming it and its log. */
async function oneShot(name: string, args: string[], env: NodeJS.ProcessEnv, log: string): Promise<string> {
  const child = spawnPart(args, env, log);
  let stdout = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${name} failed (exit ${code}); the end of ${log}:\n${tail(log)}`);
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

/** The last lines of a log, to show why a part stopped without sending the user off to find it. */
function tail(log: string, lines = 12): string {
  try {
    return readFileSync(log, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .map((l) => `    ${l.slice(0, 300)}`)
      .join('\n');
  } catch {
    return '    (no log)';
  }
}

/** Waits for a part's `{"event": name}` line on its stdout. */
function readyLine(child: ChildProcess, name: string, log: string): Promise<Record<string, unknown>> {
  return new Promise((done, fail) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.includes(`"event":"${name}"`));
      if (line) done(JSON.parse(line) as Record<string, unknown>);
    });
    child.once('exit', () => fail(new Error(`${name.split('.')[0]} did not start; the end of ${log}:\n${tail(log)}`)));
  });
}

/**
 * The counter page a visitor can use: the hall's visitor counter (no simulated clerk works there) and
 * the clerk the visitor signs in as. An install from before the visitor's counter has none.
 */
function visitorLine(web: string, credentials: DemoCredentials): string {
  const v = credentials.visitor;
  if (!v) return `${web}/hall/counter/  (this install has no visitor counter: start on a fresh data folder for one)`;
  return `${web}/hall/counter/?counter=${v.counterId}   staff ${v.staffId} PIN ${v.pin}  (left free by the simulation)`;
}

/**
 * The histories' priorities (nice values). Three history processes and the cloud share the machine's
 * cores, and the busiest hall's history is the longest: at equal shares the others finish first and it
 * plays its last days alone on one core while the other idles. A history's cost grows with its hall's
 * devices and traffic, less than in proportion (measured standalone, steady days: 南山, 35 MQTT devices,
 * 1.7–1.8 CPU s a day; 福田, 23 devices, 1.2–1.6): cost ≈ devices^0.6. A hall runs a nice step lower per
 * 25% less cost (a step is ≈ 1.25× less CPU under Linux's scheduler), so that all finish together.
 */
function historyNiceness(scenarios: Scenario[]): number[] {
  const devices = scenarios.map(
    (s) =>
      s.devices.ticketTerminals.length +
      s.devices.counters.reduce((n, c) => n + 1 + (c.ratingPad ? 1 : 0), 0) +
      s.devices.peopleCounters.filter((d) => d.transport === 'mqtt').length,
  );
  const most = Math.max(...devices);
  return devices.map((n) => Math.min(5, Math.max(0, Math.round((0.6 * Math.log(most / n)) / Math.log(1.25)))));
}

interface DemoState {
  admin?: { username: string; password: string };
  /** The daily reports of the history's days were asked of the cloud (a background job per hall). */
  reportsQueued?: boolean;
  /** Each hall's planning settings and first forecast were made through the API. */
  forecasts?: string[];
  /** The scheduling demo (history rosters, wishes, this and next week's rosters) is done. */
  planned?: boolean;
  /** The performance demo (KPI catalogue, on-site checks, daily KPIs, cycles, reports) is done. */
  performance?: boolean;
  /** The inventory demo (catalogue, warehouse, stock, the history's issues, open transfers) is done. */
  inventory?: boolean;
  /** The training demo (the library's notes, handbooks and picture, a trainer's account) is done. */
  training?: boolean;
  /**
   * The day the demo's training story's course was held (scripts/demo/training-story.ts): fixed at the
   * first start, so every start's scenarios live the same past.
   */
  trainingDay?: string;
  /** The port of the mail catcher the cloud's demo SMTP channel points at. */
  mailPort?: number;
}

/**
 * The administrator's calls to the cloud's API, as the console makes them (session cookie + CSRF token):
 * the demo creates its data through the modules' own API.
 */
const adminApi = (base: string, admin: { username: string; password: string }) =>
  signInApi(base, admin, { attempts: 5 });

/**
 * The demo's notifications, through the API as an administrator would set them up: an SMTP channel to the
 * demo's mail catcher (again whenever the catcher's port changed), and at the first time the
 * administrator's e-mail with a subscription to every hall's daily report and critical alarms, and a rule
 * at HQ: alarms from major up to the administrator, escalated to HQ after 10 minutes unacknowledged.
 */
async function demoNotifications(api: Awaited<ReturnType<typeof adminApi>>, mailPort: number, first: boolean) {
  await api.call('notify.channels.save', {
    id: 'demo-mail',
    kind: 'smtp',
    name: '演示邮件 Demo mail',
    settings: { host: '127.0.0.1', port: mailPort, from: 'hall-ops@demo.invalid' },
    secrets: {},
    enabled: true,
  });
  if (!first) return;
  const me = await api.get<{ id: string; orgUnitId: string }>('auth.me');
  await api.call('notify.profile.save', {
    userId: me.id,
    email: 'admin@demo.invalid',
    mobile: null,
    language: 'zh-CN',
    subscriptions: [{ orgUnitId: me.orgUnitId, minSeverity: 'critical', channels: ['email'], dailyReport: true }],
  });
  await api.call('notify.rules.create', {
    orgUnitId: me.orgUnitId,
    alarmRule: null,
    minSeverity: 'major',
    recipients: [{ kind: 'user', id: me.id }],
    channels: ['demo-mail'],
    quietHours: null,
    repeatSeconds: null,
    escalation: [{ afterSeconds: 600, to: 'hq-managers' }],
    enabled: true,
  });
}

async function main() {
  const began = performance.now();
  let historySeconds: number | null = null;
  console.log('Hall Operations Platform — demo on embedded defaults\n');
  mkdirSync(dataDir, { recursive: true });
  // The in-hall pages the hub serves and the console the cloud serves: built when missing or older than
  // their sources (a checkout updated since the last start would otherwise serve yesterday's pages).
  const built = ['console/dist/hall/wall/index.html', 'console/dist/app/index.html'].map((f) => join(root, f));
  if (
    !built.every((f) => existsSync(f)) ||
    newestMtime(['console/src', 'devices/src'].map((d) => join(root, d))) >
      Math.min(...built.map((f) => statSync(f).mtimeMs))
  ) {
    console.log('  building the console and the in-hall pages …');
    await oneShot('console build', ['console/build.ts'], {}, join(dataDir, 'build.log'));
  }
  const stateFile = join(dataDir, 'demo.json');
  const state = (existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {}) as DemoState;
  const saveState = () => writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });

  // The cloud's administrator, at the first start: PGlite's first opening (~5 s) runs while the halls'
  // secrets are hashed below (scrypt, ~5 s for three halls).
  const cloudLog = join(dataDir, 'cloud.log');
  const adminAdded = (async () => {
    if (state.admin) return;
    const admin = { username: 'admin', password: `${randomBytes(9).toString('base64url')}-Aa1` };
    await oneShot(
      'cloud add-admin',
      ['cloud/src/main.ts', 'add-admin', '--username', admin.username, '--name', '演示管理员 Demo admin'],
      { CLOUD_DATA_DIR: join(dataDir, 'cloud'), LOG_LEVEL: 'warn', CLOUD_ADMIN_PASSWORD: admin.password },
      cloudLog,
    );
    state.admin = admin;
    saveState();
  })();
  adminAdded.catch(() => {}); // its failure is reported where it is awaited, below
  // Each hall: its scenario with this machine's ports, its config and credentials, in its own folder.
  const baseMqtt = Number(process.env.HUB_MQTT_PORT ?? 1883);
  const baseHttp = Number(process.env.HUB_HTTP_PORT ?? 8080);
  const halls: Array<{
    scenario: Scenario;
    dir: string;
    mqtt: number;
    http: number;
    configFile: string;
    credentials: DemoCredentials;
    env: Record<string, string>;
    scenarioFile: string;
    hubId: string;
    region: { id: string; name: string };
  }> = [];
  if (!state.trainingDay) {
    state.trainingDay = addDays(localDate(Date.now(), 'Asia/Shanghai'), -STORY_DAYS_AGO);
    saveState();
  }
  for (const [i, h] of HALLS.entries()) {
    const shipped = loadScenario(join(root, 'simulators/scenarios', `${h.scenario}.yaml`));
    const scenario = storyScenario(
      {
        ...shipped,
        hall: { ...shipped.hall, ...(h.id ? { id: h.id } : {}), ...(h.name ? { name: h.name } : {}) },
        ...(h.seed ? { seed: h.seed } : {}),
        ...(h.calendar ? { asWeekday: undefined } : {}),
      },
      state.trainingDay,
    );
    const dir = join(dataDir, 'halls', scenario.hall.id);
    mkdirSync(dir, { recursive: true });
    const mqtt = await port(baseMqtt + i, `${scenario.hall.name} MQTT`);
    const http = await port(baseHttp + i, `${scenario.hall.name} HTTP`);
    // The scenario's wired doors listen where the hub polls them; move both if a port is taken.
    const doors = await Promise.all(
      scenario.devices.peopleCounters.map(async (d) =>
        d.transport === 'mqtt' ? d : { ...d, port: await port(d.port + i * 10, `${d.id} (${d.transport})`) },
      ),
    );
    const demo = { ...scenario, devices: { ...scenario.devices, peopleCounters: doors } };
    const scenarioFile = join(dir, 'scenario.yaml');
    writeFileSync(
      scenarioFile,
      `# The ${h.scenario} scenario with this machine's ports; written by npm start.\n${stringify(demo)}`,
    );
    const { configFile, credentials, env } = demoHall(demo, dir, { regenerate: true });
    writeFileSync(join(dir, 'sim-env.json'), JSON.stringify(env), { mode: 0o600 });
    halls.push({
      scenario: demo,
      dir,
      mqtt,
      http,
      configFile,
      credentials,
      env,
      scenarioFile,
      hubId: `hub-${scenario.hall.id}`,
      region: h.region,
    });
  }

  // The cloud on PGlite. At the first start: an administrator, and each hall and its hub registered with
  // its config (the data folder is opened by one process at a time, so before the server starts). Each
  // step is saved as soon as it succeeded, so an interrupted first start resumes where it stopped.
  const cloudPort = await port(Number(process.env.CLOUD_PORT ?? 4000), 'cloud');
  const cloudEnv = {
    CLOUD_DATA_DIR: join(dataDir, 'cloud'),
    CLOUD_HOST: '127.0.0.1',
    CLOUD_PORT: String(cloudPort),
    LOG_LEVEL: 'warn',
  };
  if (!state.admin || halls.some((h) => !h.credentials.hubToken || !h.credentials.configInCloud))
    console.log('  first start: setting up the cloud (PGlite) …');
  await adminAdded;
  for (const h of halls) {
    const hall = h.scenario.hall;
    if (!h.credentials.hubToken) {
      // With its config in the same run when that is still to do (each run of the cloud CLI opens PGlite: ~2 s).
      const withConfig = !h.credentials.configInCloud;
      const out = await oneShot(
        'cloud add-hub',
        [
          'cloud/src/main.ts',
          'add-hub',
          '--hall',
          hall.id,
          '--name',
          hall.name,
          '--time-zone',
          hall.timeZone,
          '--hub',
          h.hubId,
          '--parent',
          h.region.id,
          '--parent-name',
          h.region.name,
          ...(withConfig ? ['--config', h.configFile] : []),
        ],
        cloudEnv,
        cloudLog,
      );
      h.credentials.hubToken = (JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { token?: string }).token;
      if (withConfig) h.credentials.configInCloud = true;
      saveCredentials(h.dir, h.credentials);
    }
    // The hall's config lives in the cloud from then on (the console edits its alert rules and devices);
    // the hub takes it from there and keeps a copy for when the cloud is away.
    if (!h.credentials.configInCloud) {
      await oneShot(
        'cloud put-config',
        ['cloud/src/main.ts', 'put-config', '--hall', hall.id, '--file', h.configFile],
        cloudEnv,
        cloudLog,
      );
      h.credentials.configInCloud = true;
      saveCredentials(h.dir, h.credentials);
    }
  }
  const cloud = run('cloud', ['cloud/src/main.ts'], cloudEnv, cloudLog);
  await readyLine(cloud, 'cloud.ready', cloudLog);
  const cloudUrl = `http://127.0.0.1:${cloudPort}`;
  const hubEnv = (h: (typeof halls)[number]) => ({
    HUB_CLOUD_URL: cloudUrl,
    HUB_ID: h.hubId,
    HUB_TOKEN: h.credentials.hubToken ?? '',
  });

  // The past weeks, at the first start: each hall's hub on a virtual clock, driven by its simulated devices.
  const pending = halls.filter((h) => !h.credentials.historyDays);
  // A history cut short cannot be resumed: the hub's journal and the cloud already hold part of it.
  const interrupted = pending.find((h) => h.credentials.historyStarted);
  if (interrupted)
    throw new Error(
      `the first start was interrupted while building the history of ${interrupted.scenario.hall.name}; remove ${dataDir} and start again`,
    );
  if (pending.length) {
    const total = pending.length * HISTORY_DAYS;
    let done = 0;
    const started = Date.now();
    const bar = () => {
      const width = 30;
      const filled = Math.round((done / total) * width);
      process.stdout.write(
        `\r  first start: ${HISTORY_DAYS} days of history per hall  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} days  ${Math.round((Date.now() - started) / 1000)} s `,
      );
    };
    bar();
    const today = localDate(Date.now(), halls[0]?.scenario.hall.timeZone ?? 'Asia/Shanghai');
    const niceness = historyNiceness(pending.map((h) => h.scenario));
    await Promise.all(
      pending.map(async (h, i) => {
        const log = join(h.dir, 'history.log');
        h.credentials.historyStarted = true;
        saveCredentials(h.dir, h.credentials);
        const child = spawnPart(
          ['scripts/demo/history.ts', '--hall-dir', h.dir, '--days', String(HISTORY_DAYS), '--today', today],
          hubEnv(h),
          log,
        );
        if (child.pid && niceness[i]) setPriority(child.pid, niceness[i]);
        let out = '';
        child.stdout?.on('data', (d: Buffer) => {
          out += d.toString();
          const lines = out.split('\n');
          out = lines.pop() ?? '';
          for (const line of lines)
            if (line.includes('"history.day"')) {
              done += 1;
              bar();
            }
        });
        const [code] = (await once(child, 'exit')) as [number | null];
        if (code !== 0)
          throw new Error(`history of ${h.scenario.hall.name} failed (exit ${code}); the end of ${log}:\n${tail(log)}`);
        h.credentials.historyDays = HISTORY_DAYS;
        saveCredentials(h.dir, h.credentials);
      }),
    );
    process.stdout.write('\n');
    historySeconds = (Date.now() - started) / 1000;
  }
  // The daily report of every history day, made by the cloud in the background (the console shows them
  // as they come; a hall's report after each closing is the cloud's own schedule from now on).
  // The demo's mail server, and the cloud's notifications set up to use it (through the API).
  const mail = await startMailCatcher(
    join(dataDir, 'mail'),
    await port(Number(process.env.DEMO_SMTP_PORT ?? 2525), 'mail catcher (SMTP)'),
  );
  const api =
    state.admin && (!state.reportsQueued || state.mailPort !== mail.port)
      ? await adminApi(cloudUrl, state.admin)
      : null;
  if (api && state.mailPort !== mail.port) {
    await demoNotifications(api, mail.port, state.mailPort === undefined);
    state.mailPort = mail.port;
    saveState();
  }
  if (!state.reportsQueued && api) {
    const { call } = api;
    const today = localDate(Date.now(), halls[0]?.scenario.hall.timeZone ?? 'Asia/Shanghai');
    const dayBefore = (n: number) =>
      new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
    for (const h of halls)
      await call('reports.backfill', { hallId: h.scenario.hall.id, from: dayBefore(HISTORY_DAYS), to: dayBefore(1) });
    state.reportsQueued = true;
    saveState();
  }
  // The halls' employees (imported by the cloud from their configs) get contracts, skill levels and a
  // clerk's console account each (scripts/demo/staff-demo.ts).
  const admin = state.admin;
  if (admin) await demoStaff(halls, () => adminApi(cloudUrl, admin));
  // Scheduling, through the cloud's API as a manager works (in the background while the hubs start):
  // each hall's settings and a forecast from its history (waited for before the summary), then the
  // history weeks' rosters as they were published (adherence and the roster review have data), some
  // clerks' wishes, and this week's and next week's rosters generated by the engine and published — the
  // hubs take today's part with their next config poll and the simulated clerks follow it.
  const today = localDate(Date.now(), halls[0]?.scenario.hall.timeZone ?? 'Asia/Shanghai');
  const hallIds = halls.map((h) => h.scenario.hall.id);
  const planner = admin && !state.planned ? (api ?? (await adminApi(cloudUrl, admin))) : null;
  const forecasts = planner
    ? demoForecasts(planner, hallIds).catch((err: unknown) => [`forecasts: ${(err as Error).message}`])
    : null;
  // The history's rosters in place (the KPI facts measure adherence against them).
  let historyPlanned = (): void => undefined;
  const historyRosters = new Promise<void>((resolve) => (historyPlanned = resolve));
  const rosters = planner
    ? (async () => {
        await forecasts;
        await reviewDemo(
          planner,
          halls.map((h) => h.scenario),
          { today, historyDays: HISTORY_DAYS },
        ).finally(historyPlanned);
        await demoWishes({
          base: cloudUrl,
          manager: planner,
          clerks: halls.map((h) => ({ hallId: h.scenario.hall.id, known: h.credentials.clerk })),
          today,
        });
        const outcome = await demoRosters(planner, { hallIds, today, log: (l) => console.log(`  ${l}`) });
        if (outcome.every((o) => o.status === 'published')) {
          state.planned = true;
          saveState();
        }
      })()
        .catch((err: unknown) => console.log(`  scheduling demo: ${(err as Error).message}`))
        .finally(historyPlanned)
    : (historyPlanned(), null);

  // Performance, through the API as HQ and the hall managers work (in the background too): the KPI
  // catalogue's defaults and the on-site checklists, on-site checks of the history's clerks, awards and
  // errors, then the history's daily KPIs computed from its events (after its rosters: adherence), the
  // skill-level evaluation, one finished assessment cycle and one at the appeal stage, and yesterday's
  // KPI reports (scripts/demo/perf-*.ts).
  const perfApi = admin && !state.performance ? (api ?? (await adminApi(cloudUrl, admin))) : null;
  const perfDemo = perfApi
    ? (async () => {
        // After the forecasts the summary waits for: the first start's own time stays the scheduling's.
        await forecasts;
        await demoKpiCatalogue(perfApi);
        await demoOnsite(perfApi, halls, {
          historyDays: HISTORY_DAYS,
          upload: blobUploader(cloudUrl, admin as NonNullable<typeof admin>),
        });
        await demoSkills(perfApi, halls, { evaluate: false });
        await historyRosters;
        for (const l of await demoKpiFacts(
          perfApi,
          halls.map((h) => h.scenario.hall),
        ))
          console.log(`  ${l}`);
        await demoSkillEvaluation(perfApi, halls);
        await demoCycles(
          perfApi,
          halls.map((h) => ({
            hallId: h.scenario.hall.id,
            ...(h.credentials.clerk ? { clerk: h.credentials.clerk } : {}),
          })),
          { base: cloudUrl, today, historyDays: HISTORY_DAYS },
        );
        await demoKpiReports(perfApi, hallIds, { today, log: (l) => console.log(`  ${l}`) });
        state.performance = true;
        saveState();
      })().catch((err: unknown) => console.log(`  performance demo: ${(err as Error).message}`))
    : null;

  // 物流管理, through the inventory API as HQ, the warehouse, the regions and the halls work (in the
  // background, after the performance demo: the embedded database serves one statement at a time, and the
  // history's daily reports and KPIs come first): scripts/demo/inventory-demo.ts.
  const inventoryApi = admin && !state.inventory ? (api ?? (await adminApi(cloudUrl, admin))) : null;
  const inventoryDemo = inventoryApi
    ? (async () => {
        await forecasts;
        await perfDemo;
        const catalogueUpload = blobUploader(cloudUrl, admin as NonNullable<typeof admin>);
        const accounts = await demoInventory(inventoryApi, {
          upload: (bytes) => catalogueUpload({ scope: 'catalogue' }, bytes),
          base: cloudUrl,
          today,
          historyDays: HISTORY_DAYS,
          log: (l) => console.log(`  ${l}`),
        });
        writeFileSync(join(dataDir, 'inventory-accounts.json'), JSON.stringify(accounts, null, 2), { mode: 0o600 });
        state.inventory = true;
        saveState();
      })().catch((err: unknown) => console.log(`  inventory demo: ${(err as Error).message}`))
    : null;

  // 人员培训, through the training API as a trainer at HQ works (after the inventory demo, for the same
  // reason): the library's notes, PDF handbooks and a picture (scripts/demo/training-demo.ts).
  const trainingApi = admin && !state.training ? (api ?? (await adminApi(cloudUrl, admin))) : null;
  const trainingDemo = trainingApi
    ? (async () => {
        await inventoryDemo;
        const upload = blobUploader(cloudUrl, admin as NonNullable<typeof admin>);
        const { accounts, trainer } = await demoTraining(trainingApi, {
          base: cloudUrl,
          upload: (scope, bytes) => upload({ scope }, bytes),
          log: (l) => console.log(`  ${l}`),
        });
        // Sessions, exams, suggestions and the courses' effect (scripts/demo/training-sessions-demo.ts).
        if (trainer && state.trainingDay)
          accounts.push(
            ...(await demoTrainingSessions(trainer, trainingApi, {
              base: cloudUrl,
              trainingDay: state.trainingDay,
              today: localDate(Date.now(), 'Asia/Shanghai'),
              log: (l) => console.log(`  ${l}`),
            })),
          );
        if (accounts.length)
          writeFileSync(join(dataDir, 'training-accounts.json'), JSON.stringify(accounts, null, 2), { mode: 0o600 });
        state.training = true;
        saveState();
      })().catch((err: unknown) => console.log(`  training demo: ${(err as Error).message}`))
    : null;

  // Today, live: each hall's hub and its simulated hall in real time.
  const live = [];
  for (const h of halls) {
    const log = join(h.dir, 'hub.log');
    const hub = run(
      `edge hub ${h.scenario.hall.id}`,
      ['edge/src/main.ts'],
      {
        HUB_CONFIG: h.configFile,
        HUB_DATA_DIR: join(h.dir, 'hub'),
        HUB_MQTT_PORT: String(h.mqtt),
        HUB_HTTP_PORT: String(h.http),
        ...hubEnv(h),
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      },
      log,
    );
    live.push({ h, ready: readyLine(hub, 'hub.ready', log) as Promise<{ mqtt: number; http: number }> });
  }
  const lines: string[] = [];
  for (const { h, ready } of live) {
    const ports = await ready;
    // In opening hours the simulated hall joins the day as it is; otherwise it plays a morning from 10:30.
    // Either way it starts with the customers of the last quarter hour coming in, not an empty hall.
    const tz = h.scenario.hall.timeZone;
    const today = localDate(Date.now(), tz);
    const hours = h.scenario.openingHours[weekdayOf(today)];
    // In its first quarter hour a hall has nobody to join yet (the plan has no one queuing at the door):
    // that is played as a closed hall too, so the wall screen has calls from the start.
    const open = hours
      ? Date.now() >= zonedEpoch(today, hours.open, tz) + 15 * 60_000 && Date.now() < zonedEpoch(today, hours.close, tz)
      : false;
    const follow = simFollowsRoster(`http://127.0.0.1:${ports.http}`, h.credentials);
    const sim = run(
      `simulated hall ${h.scenario.hall.id}`,
      [
        'simulators/src/cli/sim.ts',
        'hall',
        '--scenario',
        h.scenarioFile,
        '--hub',
        `mqtt://127.0.0.1:${ports.mqtt}`,
        '--speed',
        '1',
        '--join-minutes',
        '15',
        ...(open ? [] : ['--start', '10:30']),
        ...follow.args,
      ],
      { ...h.env, ...follow.env },
      join(h.dir, 'sim.log'),
    );
    sim.stdout?.resume();
    const pad = h.scenario.devices.counters.find((c) => c.ratingPad)?.ratingPad;
    const web = `http://127.0.0.1:${ports.http}`;
    lines.push(`  ${h.scenario.hall.name} (${h.scenario.hall.id})${open ? '' : '  — closed or just opened: the simulation plays the day from 10:30'}
    wall screen   ${web}/hall/wall/?token=${encodeURIComponent(h.credentials.displayToken)}
    rating pad    ${pad ? `${web}/hall/pad/?device=${pad.id}&secret=${encodeURIComponent(h.credentials.devices[pad.id] ?? '')}` : '(none in this hall)'}
    counter page  ${visitorLine(web, h.credentials)}
    MQTT          mqtt://127.0.0.1:${ports.mqtt}   data ${h.dir}`);
  }
  if (forecasts) {
    state.forecasts = await forecasts;
    saveState();
  }
  void rosters;
  void perfDemo;
  void inventoryDemo;
  void trainingDemo;
  const influx = process.env.HUB_INFLUX_URL
    ? `the hubs write history to InfluxDB at ${process.env.HUB_INFLUX_URL}`
    : 'no InfluxDB settings (HUB_INFLUX_URL …): the hubs keep history in their journals and the cloud only';
  console.log(`Started:
  console         http://127.0.0.1:${cloudPort}/   sign in as ${state.admin?.username} / ${state.admin?.password}
${clerkLines(halls)}
  cloud           ${cloudUrl}/trpc (PGlite in ${join(dataDir, 'cloud')}), log ${cloudLog}
${lines.join('\n')}
  history         ${HISTORY_DAYS} days per hall, built at the first start through each hall's hub
  forecasts       ${(state.forecasts ?? []).join('; ') || '—'} (业务预测 page; again every night after closing)
  mail            ${mail.dir} (${mail.count()} messages so far: alarms, escalations and daily reports as .eml files; SMTP on 127.0.0.1:${mail.port})
  InfluxDB        ${influx}
  credentials     ${dataDir} (generated for this install: device secrets, tokens, clerk PINs, the admin password)
  up in           ${Math.round((performance.now() - began) / 1000)} s${historySeconds === null ? '' : ` (history ${Math.round(historySeconds)} s)`}

Ctrl-C stops everything.`);
}

main().catch((err: unknown) => {
  const cause = (err as Error).cause as Error | undefined;
  console.error(`npm start: ${(err as Error).message}${cause?.message ? ` (${cause.message})` : ''}`);
  void stop();
});
