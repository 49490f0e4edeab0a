/** vitest global setup of the integration project: real services up before, down after (also on failure). */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startServices } from './services.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const artifactsDir = resolve(process.env.HALL_ARTIFACTS_DIR ?? '.artifacts');
  mkdirSync(artifactsDir, { recursive: true });
  const services = await startServices({ artifactsDir });
  project.provide('services', services.addresses);
  return () => services.stop();
}
