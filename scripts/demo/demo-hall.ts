/**
 * The demo hall for `npm start`: the hub configuration that matches a simulator scenario, with
 * credentials generated at the first start (random, never defaults) and kept in `.data/demo/` so later
 * starts reuse them. The simulator gets the device secrets through its environment.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashSecret, parseHallConfig } from '@hall/edge';
import type { Scenario } from '@hall/simulators';
import { stringify } from 'yaml';

export interface DemoCredentials {
  devices: Record<string, string>;
  displayToken: string;
  managerToken: string;
  pins: Record<string, string>;
  /** The demo's cloud administrator (generated at the first start). */
  admin?: { username: string; password: string };
  /** The hub's token at the cloud (issued by the cloud at the first start). */
  hubToken?: string;
  /** The hall config has been stored in the cloud (first start); the hub takes it from there. */
  configInCloud?: boolean;
  /** Days of history built through the hub at the first start (and whether building it began). */
  historyDays?: number;
  historyStarted?: boolean;
  /**
   * The counter the simulation leaves to a visitor of the demo, and the clerk the visitor signs in as
   * there (printed by npm start): every other counter is the simulated clerks'.
   */
  visitor?: { counterId: string; staffId: string; pin: string };
  /** The hall's clerk console account (scripts/demo/staff-demo.ts; demo only, printed by npm start). */
  clerk?: { username: string; password: string; name: string; staffId: string };
}

/** The visitor's clerk: not one of the scenario's staff, so the simulation never signs in as them. */
const VISITOR_STAFF = { id: 'V0001', name: '访客' };

/** The visitor's counter: the one after the scenario's last (C05 → C06). */
function visitorCounterId(scenario: Scenario): string {
  const numbers = scenario.devices.counters.map((c) => Number(c.counterId.replace(/\D/g, '')) || 0);
  return `C${String(Math.max(0, ...numbers) + 1).padStart(2, '0')}`;
}

export function saveCredentials(dir: string, credentials: DemoCredentials) {
  writeFileSync(join(dir, 'credentials.json'), JSON.stringify(credentials, null, 2), { mode: 0o600 });
}

export function demoHall(
  scenario: Scenario,
  dir: string,
  opts: { modbusHost?: string; regenerate?: boolean } = {},
): { configFile: string; credentials: DemoCredentials; env: Record<string, string> } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const credFile = join(dir, 'credentials.json');
  const deviceIds = [
    ...scenario.devices.ticketTerminals.map((k) => k.id),
    ...scenario.devices.counters.flatMap((c) => [c.terminal.id, ...(c.ratingPad ? [c.ratingPad.id] : [])]),
    ...scenario.devices.peopleCounters.filter((d) => d.transport === 'mqtt').map((d) => d.id),
  ];
  let credentials: DemoCredentials;
  if (existsSync(credFile)) credentials = JSON.parse(readFileSync(credFile, 'utf8')) as DemoCredentials;
  else {
    credentials = {
      devices: Object.fromEntries(deviceIds.map((id) => [id, randomBytes(12).toString('base64url')])),
      displayToken: randomBytes(12).toString('base64url'),
      managerToken: randomBytes(12).toString('base64url'),
      pins: Object.fromEntries(scenario.staff.map((s) => [s.id, String(randomInt(100_000, 1_000_000))])),
    };
    writeFileSync(credFile, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  }
  if (!credentials.visitor) {
    credentials.visitor = {
      counterId: visitorCounterId(scenario),
      staffId: VISITOR_STAFF.id,
      pin: String(randomInt(100_000, 1_000_000)),
    };
    // An install from before the visitor's counter: its config goes to the cloud again, with the counter.
    credentials.configInCloud = false;
    writeFileSync(credFile, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  }
  const visitor = credentials.visitor;
  const configFile = join(dir, 'hall.yaml');
  // Regenerated at each start: ports may have moved; the credentials stay the same.
  if (opts.regenerate || !existsSync(configFile)) {
    const hall = parseHallConfig(
      {
        hall: {
          id: scenario.hall.id,
          name: scenario.hall.name,
          timeZone: scenario.hall.timeZone,
          capacity: scenario.hall.capacity,
          // The cloud's schedules run by them (the daily report, 30 minutes after closing).
          openingHours: scenario.openingHours,
        },
        services: scenario.services.map((s) => ({
          id: s.id,
          name: s.name,
          prefix: s.prefix,
          expectedServiceMinutes: s.serviceTime.meanMinutes,
        })),
        counters: [...scenario.devices.counters.map((c) => c.counterId), visitor.counterId].map((id) => ({
          id,
          name: `${Number(id.replace(/\D/g, ''))}号窗口`,
          // The visitor's counter serves every service; it has no call button: the visitor uses the counter page.
          services:
            scenario.staff.find((s) => s.counterId === id)?.skills ??
            Object.fromEntries(scenario.services.map((s) => [s.id, 1])),
        })),
        staff: [
          ...scenario.staff.map((s) => ({
            id: s.id,
            name: s.name,
            pinHash: hashSecret(credentials.pins[s.id] as string),
          })),
          { id: visitor.staffId, name: VISITOR_STAFF.name, pinHash: hashSecret(visitor.pin) },
        ],
        api: {
          displayTokenHash: hashSecret(credentials.displayToken),
          managerTokenHash: hashSecret(credentials.managerToken),
        },
        devices: [
          ...scenario.devices.ticketTerminals.map((k) => ({
            id: k.id,
            kind: 'ticket-terminal',
            transport: 'mqtt',
            secretHash: hashSecret(credentials.devices[k.id] as string),
          })),
          ...scenario.devices.counters.flatMap((c) => [
            {
              id: c.terminal.id,
              kind: 'counter-terminal',
              transport: 'mqtt',
              counterId: c.counterId,
              secretHash: hashSecret(credentials.devices[c.terminal.id] as string),
            },
            ...(c.ratingPad
              ? [
                  {
                    id: c.ratingPad.id,
                    kind: 'rating-pad',
                    transport: 'mqtt',
                    counterId: c.counterId,
                    secretHash: hashSecret(credentials.devices[c.ratingPad.id] as string),
                  },
                ]
              : []),
          ]),
          ...scenario.devices.peopleCounters.map((d) =>
            d.transport === 'mqtt'
              ? {
                  id: d.id,
                  kind: 'people-counter',
                  transport: 'mqtt',
                  secretHash: hashSecret(credentials.devices[d.id] as string),
                }
              : d.transport === 'modbus-tcp'
                ? {
                    id: d.id,
                    kind: 'people-counter',
                    transport: 'modbus-tcp',
                    host: opts.modbusHost ?? '127.0.0.1',
                    port: d.port,
                    map: { wordOrder: d.wordOrder },
                    pollIntervalMs: 2_000,
                  }
                : {
                    id: d.id,
                    kind: 'opcua-device',
                    transport: 'opcua',
                    nodeMap: {
                      endpointUrl: `opc.tcp://127.0.0.1:${d.port}/hall`,
                      nodes: [
                        { nodeId: 'ns=1;s=Counter.In', metric: 'people.in_total' },
                        { nodeId: 'ns=1;s=Counter.Out', metric: 'people.out_total' },
                      ],
                    },
                  },
          ),
        ],
      },
      'demo hall',
    );
    writeFileSync(
      configFile,
      `# Generated by npm start for the demo; device secrets are in credentials.json beside it.\n${stringify(hall)}`,
    );
  }
  const env = Object.fromEntries(
    Object.entries(credentials.devices).map(([id, secret]) => [
      `HALL_SIM_SECRET_${id.toUpperCase().replace(/-/g, '_')}`,
      secret,
    ]),
  );
  return { configFile, credentials, env };
}
