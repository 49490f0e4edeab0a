/**
 * `npm run compose:hall`: the demo hall for the compose stack — its config (the hub polls the simulated
 * hall's Modbus door at host `sim`) in deploy/hall.yaml, to store in the cloud with `put-config`, and the
 * simulated devices' secrets in deploy/sim.env. Secrets are generated once and kept in deploy/.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadScenario } from '@hall/simulators';
import { demoHall } from './demo/demo-hall.ts';

const args = process.argv.slice(2);
if (args.some((a) => a === '--help' || a === 'help' || a === '-h')) {
  process.stdout.write(
    'usage: npm run compose:hall   (no flags) writes deploy/hall.yaml and deploy/sim.env for docker-compose.yml\n',
  );
  process.exit(0);
}
if (args.length > 0) {
  process.stderr.write(
    `compose:hall: takes no arguments, got ${JSON.stringify(args.join(' '))} (npm run compose:hall -- --help)\n`,
  );
  process.exit(2);
}
const root = resolve(import.meta.dirname, '..');
const dir = join(root, 'deploy');
const scenario = loadScenario(join(root, 'simulators/scenarios/quiet-weekday.yaml'));
const { configFile, env } = demoHall(scenario, dir, { modbusHost: 'sim', regenerate: true });
writeFileSync(
  join(dir, 'sim.env'),
  `# Written by npm run compose:hall: the simulated devices' secrets.\nHALL_SIM_LISTEN_HOST=0.0.0.0\n${Object.entries(
    env,
  )
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')}\n`,
  { mode: 0o600 },
);
process.stdout.write(
  `${JSON.stringify({ hallId: scenario.hall.id, name: scenario.hall.name, timeZone: scenario.hall.timeZone, config: configFile, simEnv: join(dir, 'sim.env') })}\n`,
);
