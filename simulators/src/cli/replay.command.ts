/** `sim replay bank`: one day of the bank call log through simulated devices. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { stringify } from 'yaml';
import { RealtimeScheduler, systemClock, VirtualScheduler, type Scheduler } from '../clock/scheduler.ts';
import { localDate } from '../hall/calendar.ts';
import { bankHallConfig, replaySecret } from '../replay/bank-config.ts';
import { BankReplay } from '../replay/bank.replay.ts';
import { date, every, hubUrl, num, parse, UsageError } from './args.ts';

export const BANK_FILE = resolve(import.meta.dirname, '../../../../shared/data/anonymous-bank-1999-02.tsv');
const TZ = 'Asia/Jerusalem';

export async function runReplay(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    day: { type: 'string' },
    hub: { type: 'string' },
    hall: { type: 'string', default: 'BANK-IL-01' },
    'as-date': { type: 'string' },
    speed: { type: 'string' },
    virtual: { type: 'boolean', default: false },
    file: { type: 'string' },
    start: { type: 'string' },
    'write-config': { type: 'string' },
  });
  if (positionals[0] !== 'bank') throw new UsageError('replay knows one data set: `replay bank --day 1999-02-10`');
  if (!values.day) throw new UsageError('replay bank needs --day, e.g. --day 1999-02-10');
  const speed = num(values.speed, 'speed', 1, 0.001);
  const asDate = date(values['as-date'], 'as-date') ?? localDate(Date.now(), TZ);
  const probeScheduler = new VirtualScheduler(0);
  const probe = new BankReplay({
    file: values.file ?? BANK_FILE,
    day: values.day,
    asDate,
    hallId: values.hall,
    timeZone: TZ,
    hubUrl: '',
    scheduler: probeScheduler,
  });
  if (values['write-config']) {
    // The hub's hall config for this replay; device secrets and the display token from the replay key.
    const key = process.env.HALL_SIM_REPLAY_KEY;
    if (!key || key.length < 16)
      throw new UsageError(
        '--write-config needs HALL_SIM_REPLAY_KEY (16+ characters), e.g. export HALL_SIM_REPLAY_KEY=$(openssl rand -hex 16)',
      );
    const file = values['write-config'];
    mkdirSync(dirname(resolve(file)), { recursive: true });
    writeFileSync(file, stringify(bankHallConfig({ plan: probe.plan, hallId: values.hall, timeZone: TZ, key })), {
      mode: 0o600,
    });
    process.stdout.write(
      `${file}: hall ${values.hall}, ${probe.plan.counters.size} counters · display token ${replaySecret(key, 'display')}\n`,
    );
    return;
  }
  const first = probe.at(probe.plan.steps[0]?.at ?? 0);
  const last = probe.at(probe.plan.steps.at(-1)?.at ?? 0);
  const realtime = !values.virtual && speed === 1;
  const start = values.start ? probe.at(toSeconds(values.start)) : realtime ? Date.now() : first - 60_000;
  const scheduler: Scheduler = values.virtual
    ? new VirtualScheduler(start, { ioRounds: 4 })
    : new RealtimeScheduler({ speed, start });
  scheduler.onError = (err) => process.stderr.write(`replay: ${(err as Error).message}\n`);
  const replay = new BankReplay({
    file: values.file ?? BANK_FILE,
    day: values.day,
    asDate,
    hallId: values.hall,
    timeZone: TZ,
    hubUrl: hubUrl(values.hub),
    scheduler,
    deviceClock: values.virtual ? scheduler : systemClock,
    startAt: start,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(
    `bank ${values.day} as ${asDate} (${TZ}) · ${replay.plan.expected.requests} calls, ${replay.plan.expected.served} served, ${replay.plan.expected.abandoned} abandoned · ${replay.plan.counters.size} counters\n`,
  );
  await replay.start();
  const line = () => JSON.stringify(replay.stats);
  const stopStatus = every(10_000, line);
  const stop = () => scheduler.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await scheduler.run(last + 60_000);
  } finally {
    stopStatus();
    await replay.stop();
    process.stdout.write(`${JSON.stringify({ day: values.day, expected: replay.plan.expected, ...replay.stats })}\n`);
  }
}

function toSeconds(hhmm: string): number {
  const m = /^(\d\d):(\d\d)$/.exec(hhmm);
  if (!m) throw new UsageError(`--start must be HH:MM, got ${JSON.stringify(hhmm)}`);
  return Number(m[1]) * 3600 + Number(m[2]) * 60;
}
