/**
 * What tests import from the harness: the addresses of the running services and a Chromium launcher.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';
import type { ServiceAddresses } from './services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    services: ServiceAddresses;
  }
}

/** The services the harness started for this run (integration tests only). */
export function testServices(): ServiceAddresses {
  const services = inject('services');
  if (!services)
    throw new Error('no services: this test must run in the integration project, whose global setup starts them');
  return services;
}

/** A database of its own in the harness's PostgreSQL; `drop()` removes it, open connections and all. */
export async function scratchDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const { postgres: pg } = testServices();
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  return {
    url: pg.url.replace(/\/[^/]+$/, `/${name}`),
    async drop() {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Where browser tests keep their screenshots (test artifacts, kept after the run). */
export function screenshotsDir(): string {
  // The integration project's services know it; the demo project runs without them.
  const artifacts = inject('services')?.artifactsDir ?? resolve(process.env.HALL_ARTIFACTS_DIR ?? '.artifacts');
  const dir = join(artifacts, 'screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export { axeViolations, type AxeViolation } from './axe.ts';
export { scanRenderedText, layoutFindings, type TextFinding, type LayoutFinding } from './text-scan.ts';
export { launchBrowser, CHROMIUM_PATH, CHROMIUM_ARGS, type Browser } from './chromium.ts';
export { freePort, freePortRun } from './ports.ts';
export { stopChild } from './process.ts';
export { startInflux, type InfluxService } from './influx.ts';
export { startPostgres, type PostgresService } from './postgres.ts';
export { SYSTEM_PYTHON } from './system-packages.ts';
export type { ServiceAddresses } from './services.ts';
export { noonZone } from './noon-zone.ts';
export { signInApi, type CloudApi } from './cloud-api.ts';
