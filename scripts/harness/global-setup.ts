/** vitest global setup of the integration project: real services up before, down after (also on failure). */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startServices } from './services.ts';
import { sweep } from './sweep.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const artifactsDir = resolve(process.env.HALL_ARTIFACTS_DIR ?? '.artifacts');
  mkdirSync(artifactsDir, { recursive: true });
  // Inherited by the workers and everything the tests start (see sweep.ts).
  const runId = randomBytes(6).toString('hex');
  process.env.HALL_TEST_RUN = runId;
  const services = await startServices({ artifactsDir });
  project.provide('services', services.addresses);
  return async () => {
    await services.stop();
    // vitest's own workers are children of this process; anything else of this run is left over.
    const left = sweep(runId, (_pid, ppid) => ppid === process.pid);
    if (left.length)
      process.stdout.write(
        `\nstopped ${left.length} process(es) the tests left running:\n${left.map((p) => `  ${p.pid} ${p.command}`).join('\n')}\n`,
      );
  };
}
