/**
 * One vitest run for the whole repository, in three projects:
 * - unit: `src/**` tests next to the code, no services;
 * - component: the console's components (`*.test.tsx`), rendered by Solid into happy-dom;
 * - integration: each package's `test/`, against the real PostgreSQL, InfluxDB, brokers, peers and
 *   Chromium that the harness starts in its global setup;
 * - demo: `npm start` in a fresh copy, four weeks of history and all (minutes of both cores: alone).
 */
import solid from 'vite-plugin-solid';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{devices,simulators,edge,cloud,console,grafana}/src/**/*.test.ts', 'scripts/**/*.unit.test.ts'],
          exclude: ['console/src/app/**'],
          environment: 'node',
        },
      },
      {
        // Solid's browser build and JSX transform; no services.
        plugins: [solid()],
        resolve: { conditions: ['development', 'browser'] },
        test: {
          name: 'component',
          include: ['console/src/**/*.test.tsx', 'console/src/app/**/*.test.ts'],
          environment: 'happy-dom',
          setupFiles: ['console/test/component-setup.ts'],
          // The router ships JSX: compile it with the tests instead of loading it as a Node module.
          server: { deps: { inline: [/@solidjs\/router/] } },
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
      {
        // `npm start` end to end; run alone after the others (`npm test`), as it keeps both cores busy.
        extends: true,
        test: {
          name: 'demo',
          include: ['scripts/**/*.demo.test.ts'],
          environment: 'node',
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
