/**
 * One vitest run for the whole repository, in two projects:
 * - unit: `src/**` tests next to the code, no services;
 * - integration: each package's `test/`, against the real PostgreSQL, InfluxDB, brokers, peers and
 *   Chromium that the harness starts in its global setup.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{devices,simulators,edge,cloud,console,grafana}/src/**/*.test.ts', 'console/src/**/*.test.tsx', 'scripts/**/*.unit.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['{devices,simulators,edge,cloud,console,grafana}/test/**/*.test.ts', 'scripts/**/*.int.test.ts'],
          environment: 'node',
          globalSetup: ['scripts/harness/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
