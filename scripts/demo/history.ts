/**
 * A demo hall's past weeks, made the way real ones are: the hall's own hub (the same code, on its data
 * folder, forwarding to the cloud) runs on a virtual clock while the simulated hall plays each day
 * through its devices over MQTT. Nothing is written to the cloud directly. Run by `npm start` as one
 * process per hall; prints one JSON line per day and a last one when the cloud holds it all.
 *
 *   tsx scripts/demo/history.ts --hall-dir DIR --days 28 --today YYYY-MM-DD
 *   (HUB_CLOUD_URL, HUB_ID and HUB_TOKEN in the environment; without them the hub keeps the history to
 *   itself — for tuning a scenario: each day's line carries its figures, as the cloud would compute them)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createHub, parseHallConfig } from '@hall/edge';
import { ConfigError, loadEnv } from '@hall/edge/config';
import { HallSim, isAbortError, loadScenario, VirtualScheduler, zonedEpoch } from '@hall/simulators';
import { pino } from 'pino';
import { parse } from 'yaml';
import { dayFigures } from './day-figures.ts';

const { values } = parseArgs({
  options: { 'hall-dir': { type: 'string' }, days: { type: 'string', default: '28' }, today: { type: 'string' } },
});
const dir = values['hall-dir'] as string;
const days = Number(values.days);
const today = values.today as string;
/** This process's CPU time so far (user + system), for the figures in ARCHITECTURE.md. */
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return Math.round((user + system) / 10_000) / 100;
};
const say = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

// Wired doors (Modbus, OPC UA) need their servers at fixed addresses; the past is played with the
// MQTT devices only.
const full = loadScenario(join(dir, 'scenario.yaml'));
const scenario = {
  ...full,
  devices: { ...full.devices, peopleCounters: full.devices.peopleCounters.filter((d) => d.transport === 'mqtt') },
};
const config = parseHallConfig(parse(readFileSync(join(dir, 'hall.yaml'), 'utf8')), 'hall.yaml');
const hall = { ...config, devices: config.devices.filter((d) => d.transport === 'mqtt') };
const env = JSON.parse(readFileSync(join(dir, 'sim-env.json'), 'utf8')) as Record<string, string>;

const dateAt = (offset: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
const tz = scenario.hall.timeZone;
const clockFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: tz,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const scheduler = new VirtualScheduler(zonedEpoch(dateAt(-days), '07:00', tz), { ioRounds: 6 });
/** The hub's environment, its errors naming the variable (npm start passes the cloud's URL and the hub's token). */
function hubEnv() {
  try {
    return loadEnv({
      ...process.env,
      HUB_CONFIG: 'history',
      HUB_DATA_DIR: join(dir, 'hub'),
      HUB_HOST: '127.0.0.1',
      HUB_MQTT_PORT: '0',
      HUB_HTTP_PORT: '0',
      LOG_LEVEL: 'silent',
      // Its own simulated devices log in at once each morning; at the live hub's budget of 4 secret checks
      // a second the first day waited ~6 s for 23–35 logins (later days pass on the remembered secret).
      HUB_AUTH_PER_SECOND: '1000',
      HUB_AUTH_MAX_PENDING: '2',
    });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`history: ${err.message}\n`);
    process.exit(2);
  }
}
const hub = createHub({
  config: {
    env: hubEnv(),
    hall,
  },
  log: pino({ level: 'silent' }),
  clock: () => scheduler.now(),
  fastForward: true,
});
/**
 * The hub's alarm rules, every ALARM_ROUND_MS of the hall's (virtual) time while the day is played: a live
 * hub runs them every half second of wall time, which on a virtual clock would look at the hall every
 * few simulated minutes, and more rarely the faster the machine. Stops when the signal aborts.
 */
function alarmRounds(): AbortController {
  const stop = new AbortController();
  scheduler.spawn(async () => {
    try {
      for (;;) {
        await scheduler.sleep(ALARM_ROUND_MS, stop.signal);
        await hub.alerts.evaluate();
      }
    } catch (err) {
      if (!isAbortError(err)) throw err;
    }
  });
  return stop;
}
/** 15 s: an alarm that must hold 30 s (raiseAfterSec) is raised 30–45 s after it began instead of 30–30.5 s. */
const ALARM_ROUND_MS = 15_000;
await hub.start();
say({ event: 'history.started', cpuS: cpuSeconds() });
try {
  for (let d = -days; d < 0; d++) {
    const date = dateAt(d);
    // A seed per day: days differ, and devices boot with new ids (an eid is never reused).
    const sim = new HallSim({
      scenario,
      date,
      seed: scenario.seed * 1_000 + days + d,
      hubUrl: `mqtt://127.0.0.1:${hub.ports.mqtt}`,
      // The same MQTT to the same broker, through an in-process pipe instead of loopback TCP.
      connectStream: () => hub.broker.connectLocal(),
      // No periodic heartbeats: a heartbeat only keeps a device online, a hub on a virtual clock times no
      // device out (a device that goes away says so by its will), and on an in-process pipe no connection
      // stays half-open. They were 90% of the history's MQTT messages (南山: 57,700 a day against 3,200
      // events at a third of the timeout).
      heartbeatShare: 0,
      scheduler,
      deviceClock: scheduler,
      env,
    });
    await sim.start();
    const rules = alarmRounds();
    await scheduler.run(zonedEpoch(date, '22:30', tz));
    rules.abort();
    await sim.stop();
    const figures = dayFigures(hub.engine.tickets.values(), {
      targetMinutes: (id) => hub.engine.service(id)?.targetWaitMinutes ?? 10,
      localTime: (at) => clockFormat.format(at),
    });
    say({ event: 'history.day', hall: scenario.hall.id, date, ...figures, sim: sim.stats, cpuS: cpuSeconds() });
    await scheduler.run(zonedEpoch(dateAt(d + 1), '07:00', tz));
  }
  // The cloud has it all when the outbox is empty.
  const deadline = Date.now() + 300_000;
  while (process.env.HUB_CLOUD_URL && hub.store.outboxStats().rows > 0) {
    if (Date.now() > deadline)
      throw new Error(`the cloud did not take the history in time (${hub.store.outboxStats().rows} events left)`);
    await new Promise((r) => setTimeout(r, 250));
  }
  say({ event: 'history.done', hall: scenario.hall.id, seq: hub.store.lastSeq(), cpuS: cpuSeconds() });
} finally {
  await hub.stop();
}
