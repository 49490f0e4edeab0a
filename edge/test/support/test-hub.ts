/**
 * A real hub in the test process, on free ports with a fresh data folder, for integration tests.
 * Device secrets and the display token are generated per hub and stored hashed in its config, as an
 * operator would configure it.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
export { screenshotsDir } from '@hall/scripts/harness';
import { CounterTerminalSim, TicketTerminalSim } from '@hall/simulators';
import { pino } from 'pino';
import { envSchema, parseHallConfig, type HubConfig } from '../../src/config.ts';
import { createHub, type Hub } from '../../src/hub.ts';
import { hashSecretSync as hashSecret } from '@hall/devices/secrets';

export interface TestDevice {
  id: string;
  kind: 'ticket-terminal' | 'counter-terminal' | 'rating-pad' | 'people-counter';
  counterId?: string;
}

export interface TestHub {
  hub: Hub;
  url: string;
  httpUrl: string;
  secrets: Record<string, string>;
  displayToken: string;
  dataDir: string;
  config: HubConfig;
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

export const DEFAULT_DEVICES: TestDevice[] = [
  { id: 'kiosk-1', kind: 'ticket-terminal' },
  { id: 'kiosk-2', kind: 'ticket-terminal' },
  { id: 'ctr-c01', kind: 'counter-terminal', counterId: 'C01' },
  { id: 'ctr-c02', kind: 'counter-terminal', counterId: 'C02' },
  { id: 'pad-c01', kind: 'rating-pad', counterId: 'C01' },
  { id: 'door-1', kind: 'people-counter' },
];

/** Secrets are expensive to hash (scrypt); tests reuse them per device id. */
const hashes = new Map<string, { secret: string; hash: string }>();
export function credential(id: string): { secret: string; hash: string } {
  let c = hashes.get(id);
  if (!c) {
    // A clerk's PIN is 6-12 digits (hall-config.ts); everything else a random string.
    const secret = id.startsWith('pin:')
      ? String(randomInt(10_000_000, 100_000_000))
      : randomBytes(12).toString('base64url');
    c = { secret, hash: hashSecret(secret) };
    hashes.set(id, c);
  }
  return c;
}

export function hallConfig(
  opts: {
    hallId?: string;
    /** The hall's zone (default Asia/Shanghai); tests that move a clock by minutes pick one where it is noon. */
    timeZone?: string;
    devices?: TestDevice[];
    services?: unknown[];
    counters?: unknown[];
    staff?: unknown[];
    extra?: Record<string, unknown>;
  } = {},
) {
  const devices = opts.devices ?? DEFAULT_DEVICES;
  return parseHallConfig(
    {
      hall: {
        id: opts.hallId ?? 'H-TEST',
        name: '测试营业厅',
        timeZone: opts.timeZone ?? 'Asia/Shanghai',
        capacity: 80,
      },
      services: opts.services ?? [
        { id: 'billing', name: '话费缴费', prefix: 'A', expectedServiceMinutes: 4 },
        { id: 'plan', name: '套餐变更', prefix: 'B', expectedServiceMinutes: 9 },
      ],
      counters: opts.counters ?? [
        { id: 'C01', name: '1号窗口', services: { billing: 1, plan: 0.5 } },
        { id: 'C02', name: '2号窗口', services: { plan: 1 } },
      ],
      staff: opts.staff ?? [
        { id: 'E1001', name: '王芳', pinHash: credential('pin:E1001').hash },
        { id: 'E1002', name: '李强', pinHash: credential('pin:E1002').hash },
      ],
      api: { displayTokenHash: credential('display').hash, managerTokenHash: credential('manager').hash },
      devices: devices.map((d) => ({
        id: d.id,
        kind: d.kind,
        transport: 'mqtt',
        secretHash: credential(d.id).hash,
        ...(d.counterId ? { counterId: d.counterId } : {}),
      })),
      ...opts.extra,
    },
    'test config',
  );
}

export async function startTestHub(
  opts: {
    hall?: ReturnType<typeof hallConfig>;
    dataDir?: string;
    clock?: () => number;
    env?: Record<string, string>;
    /** A hub playing past days (the demo's history): see HubOptions.fastForward. */
    fastForward?: boolean;
  } = {},
): Promise<TestHub> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'hall-hub-'));
  const hall = opts.hall ?? hallConfig();
  const config: HubConfig = {
    // A generous secret-check budget: tests connect many devices at once; auth-flood.test.ts sets the real one.
    env: envSchema.parse({
      HUB_CONFIG: 'test',
      HUB_DATA_DIR: dataDir,
      HUB_HOST: '127.0.0.1',
      HUB_MQTT_PORT: '0',
      HUB_HTTP_PORT: '0',
      LOG_LEVEL: 'silent',
      HUB_AUTH_PER_SECOND: '1000',
      HUB_AUTH_MAX_PENDING: '4',
      ...opts.env,
    }),
    hall,
  };
  const hub = createHub({
    config,
    log: pino({ level: process.env.HUB_TEST_LOG ?? 'silent' }),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.fastForward ? { fastForward: true } : {}),
  });
  await hub.start();
  const secrets = Object.fromEntries(hall.devices.map((d) => [d.id, credential(d.id).secret]));
  return {
    hub,
    url: `mqtt://127.0.0.1:${hub.ports.mqtt}`,
    httpUrl: `http://127.0.0.1:${hub.ports.http}`,
    secrets,
    displayToken: credential('display').secret,
    dataDir,
    config,
    async stop(stopOpts = {}) {
      await hub.stop();
      if (!stopOpts.keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The devices of a customer's visit: the ticket terminal kiosk-1 and counter C01's call button, connected. */
export async function frontDesk(
  hub: TestHub,
): Promise<{ kiosk: TicketTerminalSim; button: CounterTerminalSim; close(): Promise<void> }> {
  const kiosk = new TicketTerminalSim({
    url: hub.url,
    hallId: hub.config.hall.hall.id,
    deviceId: 'kiosk-1',
    secret: hub.secrets['kiosk-1'],
  });
  const button = new CounterTerminalSim({
    url: hub.url,
    hallId: hub.config.hall.hall.id,
    deviceId: 'ctr-c01',
    secret: hub.secrets['ctr-c01'],
  });
  await kiosk.connect();
  await button.connect();
  return {
    kiosk,
    button,
    async close() {
      await kiosk.close();
      await button.close();
    },
  };
}
