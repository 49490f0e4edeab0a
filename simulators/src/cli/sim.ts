/**
 * `npm run sim -- <command>`: simulated halls and devices on the wire.
 *
 *   hall            a whole hall from a scenario file (or a shipped scenario by name)
 *   replay bank     one day of the bank call log
 *   device <kind>   a single device: people-counter, ticket-terminal, counter-terminal, rating-pad, opcua
 *
 * `--help` after a command lists its flags.
 */
import { runDevice } from './device.command.ts';
import { runHall } from './hall.command.ts';
import { runReplay } from './replay.command.ts';
import { UsageError } from './args.ts';

const USAGE = `usage: npm run sim -- <command> [flags]

  hall --scenario <file|name> [--hub mqtt://HOST:PORT] [--seed N] [--speed X | --virtual] [--date YYYY-MM-DD] [--start HH:MM] [--roster-from http://HUB (token in HALL_SIM_DISPLAY_TOKEN)]
       [--join-minutes N]   (joining a day in progress: who came in the last N minutes is there at the start)
  replay bank --day 1999-02-10 [--hub …] [--hall ID] [--as-date YYYY-MM-DD] [--speed X | --virtual] [--file PATH]
  replay bank --day 1999-02-10 --write-config FILE   (the hub's hall config for it; needs HALL_SIM_REPLAY_KEY)
  device people-counter --modbus-port 15020 [--in N] [--out N] [--word-order big|little] [--unit-id N] [--flow N/min]
  device people-counter --mqtt --id ID [--hub …] [--hall ID] [--flow N/min]
  device ticket-terminal --id ID --service SERVICE [--every SECONDS] [--hub …] [--hall ID]
  device counter-terminal --id ID --staff STAFF_ID [--hub …] [--hall ID] [--service-minutes M]
  device rating-pad --id ID [--hub …] [--hall ID]
  device opcua --port 4840 [--flow N/min]

Device secrets come from the environment: HALL_SIM_SECRET_<DEVICE_ID> (upper case, '-' as '_'),
or the variable a scenario names; replay devices also from HALL_SIM_REPLAY_KEY. Faults: --duplicate-rate P, --clock-skew MS on MQTT devices.`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help' || command === '-h' || rest.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command === 'hall') return runHall(rest);
  if (command === 'replay') return runReplay(rest);
  if (command === 'device') return runDevice(rest);
  throw new UsageError(`unknown command ${JSON.stringify(command)}`);
}

/**
 * What went wrong, for a person at a terminal: one line naming the cause and the fix, exit code 2, for
 * what the user can put right (flags, secrets, ports, where the hub is); anything else is a bug, with
 * its stack, exit code 1.
 */
export function explain(err: unknown): { line: string; code: 1 | 2 } {
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
  const message = String(e?.message ?? err);
  if (err instanceof UsageError) return { line: `${message} (npm run sim -- --help lists the flags)`, code: 2 };
  if (/bad username or password|not authori[sz]ed/i.test(message))
    return {
      line: `the hub refused the device's id or secret: set HALL_SIM_SECRET_<DEVICE_ID> (upper case, '-' as '_', e.g. HALL_SIM_SECRET_KIOSK_1) to the device's secret; npm start keeps its demo halls' secrets in .data/demo/halls/<hall id>/credentials.json (devices)`,
      code: 2,
    };
  if (e?.code === 'EADDRINUSE')
    return {
      line: `port ${e.port ?? ''} is already in use (npm start's demo doors listen on 15020-15040 and 4841-4861): pick a free one with --modbus-port or --port`,
      code: 2,
    };
  if (e?.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(message))
    return {
      line: `nothing listens at ${e.address ?? 'the hub'}${e.port ? `:${e.port}` : ''}: start a hub (npm start or npm run edge) or point --hub at one (mqtt://HOST:PORT)`,
      code: 2,
    };
  return { line: (e?.stack ?? message).toString(), code: 1 };
}

function fail(err: unknown) {
  const { line, code } = explain(err);
  process.stderr.write(`sim: ${line}\n`);
  process.exit(code);
}

// Servers of the wired devices report a taken port as an 'error' event, outside any promise.
process.on('uncaughtException', fail);
main(process.argv.slice(2)).catch(fail);
