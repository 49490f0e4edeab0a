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

  hall --scenario <file|name> [--hub mqtt://HOST:PORT] [--seed N] [--speed X | --virtual] [--date YYYY-MM-DD] [--start HH:MM]
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
  if (!command || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command === 'hall') return runHall(rest);
  if (command === 'replay') return runReplay(rest);
  if (command === 'device') return runDevice(rest);
  throw new UsageError(`unknown command ${JSON.stringify(command)}`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) {
    process.stderr.write(`sim: ${err.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`sim: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  }
});
