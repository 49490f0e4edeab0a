/**
 * Starts the services the integration tests need and stops them again. Used by vitest's global setup;
 * the addresses reach the tests through `inject('services')` (see index.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startInflux, type InfluxService } from './influx.ts';
import { startPostgres, type PostgresService } from './postgres.ts';

export interface ServiceAddresses {
  postgres: Omit<PostgresService, 'stop'>;
  influx: Omit<InfluxService, 'stop' | 'start'>;
  /** A folder for logs, screenshots and other artifacts the tests keep. */
  artifactsDir: string;
}

export interface RunningServices {
  addresses: ServiceAddresses;
  /** Where the services keep their data and logs while they run. */
  baseDir: string;
  stop(): Promise<void>;
}

const strip = <T extends { stop: unknown }>(s: T): Omit<T, 'stop' | 'start'> => {
  const { stop: _stop, start: _start, ...rest } = s as T & { start?: unknown };
  return rest;
};

export async function startServices(opts: { artifactsDir: string }): Promise<RunningServices> {
  const baseDir = mkdtempSync(join(tmpdir(), 'hall-test-'));
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    await Promise.allSettled(stops.reverse().map((s) => s()));
    if (!process.env.HALL_KEEP_TEST_DATA) rmSync(baseDir, { recursive: true, force: true });
  };
  try {
    // One after the other: on 2 cores starting both at once only makes each slower to report ready.
    const postgres = await startPostgres(baseDir).catch((err: Error) => {
      throw new Error(`PostgreSQL could not start: ${err.message}`);
    });
    stops.push(postgres.stop);
    const influx = await startInflux(baseDir).catch((err: Error) => {
      throw new Error(`InfluxDB could not start: ${err.message}`);
    });
    stops.push(influx.stop);
    return {
      addresses: { postgres: strip(postgres), influx: strip(influx), artifactsDir: opts.artifactsDir },
      baseDir,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
