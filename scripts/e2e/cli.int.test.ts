/**
 * Every command line a person types (README): `--help` and `help` print the usage and exit 0; a mistake
 * the user can put right (a flag, a missing setting, a device secret, a port in use, no hub) is one line
 * on stderr naming the cause and the fix, exit code 2, never a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hashSecret } from '@hall/edge';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { freePort } from '@hall/scripts/harness';
import { startPart, type PartProcess } from './processes.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'hall-cli-'));
const parts: PartProcess[] = [];
afterAll(async () => {
  await Promise.allSettled(parts.map((p) => p.stop('SIGKILL')));
  rmSync(dir, { recursive: true, force: true });
});

/** A command as `npm run -s <script> -- …` runs it: its entry file under tsx, in a clean data folder. */
function run(entry: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: dir, CLOUD_DATA_DIR: join(dir, 'cloud'), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** One line naming a fix, exit 2, no stack. */
function expectUserError(r: ReturnType<typeof run>, mentions: RegExp) {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).toMatch(mentions);
}

const COMMANDS: Array<{ name: string; entry: string; help: string[][]; bad: Array<[string[], RegExp]> }> = [
  {
    name: 'sim',
    entry: 'simulators/src/cli/sim.ts',
    help: [['--help'], ['help'], ['device', '--help']],
    bad: [
      [['nope'], /unknown command "nope".*--help/],
      [['device', 'ticket-terminal', '--bogus'], /Unknown option '--bogus'.*--help/],
      [['hall', '--scenario', 'no-such'], /--scenario: no file no-such/],
    ],
  },
  {
    name: 'wfm',
    entry: 'cloud/src/cli/wfm.ts',
    help: [['--help'], ['help']],
    bad: [
      [['nope'], /command: one of erlang/],
      [['erlang', '--bogus', '1'], /Unknown option '--bogus'.*help/],
    ],
  },
  {
    name: 'cloud',
    entry: 'cloud/src/main.ts',
    help: [['--help'], ['help'], ['add-hub', '--help']],
    bad: [
      [['nope'], /unknown command "nope"/],
      [['add-hub', '--hall', 'X'], /add-hub needs --hub/],
      [['add-admin', '--username', 'a'], /CLOUD_ADMIN_PASSWORD/],
      [['put-config', '--hall', 'X', '--file', '/no/such.yaml'], /no file \/no\/such.yaml/],
    ],
  },
  {
    name: 'edge',
    entry: 'edge/src/main.ts',
    help: [['--help'], ['help']],
    bad: [
      [['nope'], /unknown command "nope"/],
      [[], /HUB_CONFIG/],
    ],
  },
  {
    name: 'compose:hall',
    entry: 'scripts/compose-hall.ts',
    help: [['--help'], ['help']],
    bad: [[['extra'], /takes no arguments/]],
  },
];

describe('the command lines', () => {
  for (const c of COMMANDS)
    it(`${c.name}: --help exits 0 with the usage; mistakes are one line with the fix, exit 2`, () => {
      for (const args of c.help) {
        const r = run(c.entry, args);
        expect(r.code, `${c.name} ${args.join(' ')}: ${r.stderr}`).toBe(0);
        expect(r.stdout).toMatch(/^usage: npm run/);
      }
      for (const [args, mentions] of c.bad) expectUserError(run(c.entry, args), mentions);
    }, 120_000);

  it('sim devices: a wrong secret names the variable to set and where the demo keeps it; a taken port names the flag; no hub says so', async () => {
    const secret = randomBytes(9).toString('base64url');
    const configFile = join(dir, 'hall.yaml');
    writeFileSync(
      configFile,
      stringify({
        hall: { id: 'H-CLI', name: 'CLI', timeZone: 'Asia/Shanghai', capacity: 10 },
        services: [{ id: 'billing', name: 'B', prefix: 'A' }],
        counters: [{ id: 'C01', name: '1', services: { billing: 1 } }],
        devices: [{ id: 'kiosk-1', kind: 'ticket-terminal', transport: 'mqtt', secretHash: hashSecret(secret) }],
      }),
    );
    const mqttPort = await freePort();
    const hub = await startPart(
      'edge/src/main.ts',
      {
        HUB_CONFIG: configFile,
        HUB_DATA_DIR: join(dir, 'hub'),
        HUB_HOST: '127.0.0.1',
        HUB_MQTT_PORT: String(mqttPort),
        HUB_HTTP_PORT: '0',
        LOG_LEVEL: 'warn',
      },
      'hub.ready',
    );
    parts.push(hub);
    const kiosk = ['device', 'ticket-terminal', '--id', 'kiosk-1', '--service', 'billing', '--hall', 'H-CLI'];
    const hubFlag = ['--hub', `mqtt://127.0.0.1:${mqttPort}`];
    expectUserError(
      run('simulators/src/cli/sim.ts', [...kiosk, ...hubFlag], { HALL_SIM_SECRET_KIOSK_1: 'wrong-secret' }),
      /HALL_SIM_SECRET_KIOSK_1.*credentials\.json/,
    );
    expectUserError(run('simulators/src/cli/sim.ts', [...kiosk, ...hubFlag]), /HALL_SIM_SECRET_/);
    await hub.stop();
    expectUserError(
      run('simulators/src/cli/sim.ts', [...kiosk, ...hubFlag], { HALL_SIM_SECRET_KIOSK_1: secret }),
      /nothing listens at .*--hub/,
    );

    const taken: Server = createServer();
    const port = await freePort();
    await new Promise<void>((r) => taken.listen(port, '127.0.0.1', r));
    try {
      expectUserError(
        run('simulators/src/cli/sim.ts', ['device', 'people-counter', '--modbus-port', String(port)]),
        new RegExp(`port ${port} is already in use.*--modbus-port`),
      );
    } finally {
      taken.close();
    }
  }, 120_000);
});
