/** `sim hall`: a whole simulated hall from a scenario, in real time, time-scaled or virtual time. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { RealtimeScheduler, systemClock, VirtualScheduler, type Scheduler } from '../clock/scheduler.ts';
import { localDate, MINUTE, zonedEpoch } from '../hall/calendar.ts';
import { HallSim } from '../hall/hall.sim.ts';
import { publishedDayFromHub } from '../hall/roster-source.ts';
import { loadScenario } from '../hall/scenario.ts';
import { date, every, hubUrl, int, num, parse, UsageError } from './args.ts';

export const SCENARIO_DIR = resolve(import.meta.dirname, '../../scenarios');

export function scenarioPath(nameOrFile: string): string {
  if (existsSync(nameOrFile)) return nameOrFile;
  const shipped = resolve(SCENARIO_DIR, `${nameOrFile}.yaml`);
  if (existsSync(shipped)) return shipped;
  throw new UsageError(
    `--scenario: no file ${nameOrFile} and no shipped scenario of that name (quiet-weekday, busy-saturday, promotion-surge)`,
  );
}

export async function runHall(argv: string[]): Promise<void> {
  const { values } = parse(argv, {
    scenario: { type: 'string' },
    hub: { type: 'string' },
    seed: { type: 'string' },
    speed: { type: 'string' },
    virtual: { type: 'boolean', default: false },
    date: { type: 'string' },
    start: { type: 'string' },
    'join-minutes': { type: 'string' },
    'roster-from': { type: 'string' },
  });
  if (!values.scenario) throw new UsageError('hall needs --scenario <file|name>');
  const scenario = loadScenario(scenarioPath(values.scenario));
  const speed = num(values.speed, 'speed', 1, 0.001);
  const realtime = !values.virtual && speed === 1;
  const day = date(values.date, 'date') ?? localDate(Date.now(), scenario.hall.timeZone);
  const seed = int(values.seed, 'seed', scenario.seed);
  if (values.start && !/^\d\d:\d\d$/.test(values.start))
    throw new UsageError(`--start must be HH:MM, got ${JSON.stringify(values.start)}`);

  const probe = new HallSim({ scenario, date: day, seed, hubUrl: '', scheduler: new VirtualScheduler(0) });
  const open = probe.plan.open || zonedEpoch(day, '09:00', scenario.hall.timeZone);
  // In real time the hall joins the day where it is now; otherwise it starts before opening.
  const start = values.start
    ? zonedEpoch(day, values.start, scenario.hall.timeZone)
    : realtime
      ? Date.now()
      : open - 30 * MINUTE;
  const scheduler: Scheduler = values.virtual
    ? new VirtualScheduler(start, { ioRounds: 4 })
    : new RealtimeScheduler({ speed, start });
  scheduler.onError = (err) => process.stderr.write(`sim: ${(err as Error).message}\n`);
  // --roster-from: the clerks follow the roster the hub holds for the day (its display token in
  // HALL_SIM_DISPLAY_TOKEN, not on the command line), else the scenario's weekly roster.
  let roster = null;
  if (values['roster-from']) {
    const token = process.env.HALL_SIM_DISPLAY_TOKEN;
    if (!token) throw new UsageError('--roster-from needs the hub display token in HALL_SIM_DISPLAY_TOKEN');
    try {
      roster = await publishedDayFromHub({ hubHttp: values['roster-from'], displayToken: token, date: day });
      process.stdout.write(
        roster
          ? `the clerks follow the published roster (version ${roster.version}): ${roster.shifts.length} shifts on ${day}\n`
          : `the hub has no published roster for ${day}: the clerks follow the scenario's roster\n`,
      );
    } catch (err) {
      process.stderr.write(
        `sim: could not read the published roster (${(err as Error).message}): the clerks follow the scenario's roster\n`,
      );
    }
  }
  const sim = new HallSim({
    scenario,
    date: day,
    roster,
    seed,
    hubUrl: hubUrl(values.hub),
    scheduler,
    // Devices stamp the wall clock unless the whole run is virtual (then the hub runs on it too).
    deviceClock: values.virtual ? scheduler : systemClock,
    startAt: start,
    joinMs: int(values['join-minutes'], 'join-minutes', 0, [0, 240]) * MINUTE,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const until = probe.plan.close + 2 * 60 * MINUTE;
  process.stdout.write(
    `${scenario.hall.name} (${scenario.hall.id}) · ${scenario.name} · ${day} · seed ${seed} · ${values.virtual ? 'virtual time' : `speed ${speed}`} · ${probe.plan.customers.length} customers and ${probe.plan.walkIns.length} walk-ins planned\n`,
  );
  await sim.start();
  const stopStatus = every(10_000, () => status(sim, scheduler, scenario.hall.timeZone));
  // A roster published while the hall works reaches the hub within its config poll; the clerks follow
  // it from the next look here (every minute).
  const stopRoster = values['roster-from']
    ? followRoster(sim, values['roster-from'], day, roster?.version ?? null)
    : () => {};
  const stop = () => scheduler.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await scheduler.run(until);
  } finally {
    stopStatus();
    stopRoster();
    await sim.stop();
    process.stdout.write(
      `${status(sim, scheduler, scenario.hall.timeZone)}\n${JSON.stringify({ scenario: scenario.name, date: day, seed, ...sim.stats })}\n`,
    );
  }
}

function status(sim: HallSim, clock: { now(): number }, timeZone: string): string {
  const t = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    clock.now(),
  );
  const s = sim.stats;
  return `${t} arrived ${s.arrived} · balked ${s.balked} · tickets ${s.ticketsPrinted} · served ${s.served} · left ${s.abandoned} · no-shows ${s.noShows} · ratings ${s.ratings} · walk-ins ${s.walkIns}${s.noAnswer ? ` · unanswered ${s.noAnswer}` : ''}`;
}

/** Asks the hub for the day's roster every minute; a new version replans the clerks (HallSim.replan). */
function followRoster(sim: HallSim, hubHttp: string, day: string, version: number | null): () => void {
  let known = version;
  let asking = false;
  const timer = setInterval(() => {
    const token = process.env.HALL_SIM_DISPLAY_TOKEN;
    if (asking || !token) return;
    asking = true;
    publishedDayFromHub({ hubHttp, displayToken: token, date: day })
      .then((published) => {
        if (!published || published.version === known) return;
        known = published.version;
        process.stdout.write(
          `a new roster was published (version ${published.version}): the clerks follow its ${published.shifts.length} shifts\n`,
        );
        sim.replan(published);
      })
      .catch((err: unknown) =>
        process.stderr.write(`sim: could not read the published roster (${(err as Error).message})\n`),
      )
      .finally(() => (asking = false));
  }, 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
