/**
 * `npm start`: runs the product on embedded defaults. Each part that has a composition root is started
 * as its own process; what is not built yet is said, never an error. Ctrl-C stops everything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { deviceKinds, eventTypesOf, type DeviceKindName } from '@hall/devices';

const root = resolve(import.meta.dirname, '..');

interface Part {
  name: string;
  entry: string;
  /** What a user opens once it runs. */
  describe: string;
}

const parts: Part[] = [
  { name: 'cloud service', entry: 'cloud/src/main.ts', describe: 'console and API (tRPC) on PGlite' },
  { name: 'edge hub', entry: 'edge/src/main.ts', describe: 'MQTT broker, queue, wall screen' },
  { name: 'simulated hall', entry: 'simulators/src/main.ts', describe: 'simulated devices driving the hub' },
];

const children: ChildProcess[] = [];
const available = parts.filter((p) => existsSync(resolve(root, p.entry)));

console.log('Hall Operations Platform\n');
console.log('Device contract (@hall/devices):');
for (const kind of Object.keys(deviceKinds) as DeviceKindName[]) {
  const events = eventTypesOf(kind);
  console.log(`  ${deviceKinds[kind].label['zh-CN']} ${kind}: ${events.length ? events.join(', ') : 'no MQTT events (polled by the hub)'}`);
}
console.log('');
for (const part of parts) {
  if (!available.includes(part)) console.log(`  ${part.name}: not built yet`);
}

if (available.length === 0) {
  console.log('\nNothing to run yet: the parts above arrive with the next issues. `npm test` runs the suite.');
} else {
  for (const part of available) {
    console.log(`  ${part.name}: starting (${part.describe})`);
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(root, part.entry)], { cwd: root, stdio: 'inherit', env: process.env });
    children.push(child);
    child.once('exit', (code) => {
      if (code) console.log(`${part.name} exited with ${code}`);
    });
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const child of children) child.kill('SIGTERM');
    });
  }
}
