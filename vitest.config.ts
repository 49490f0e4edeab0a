/**
 * One vitest run for the whole repository, in three projects:
 * - unit: `src/**` tests next to the code, no services;
 * - component: the console's components (`*.test.tsx`), rendered by Solid into happy-dom;
 * - integration: each package's `test/`, against the real PostgreSQL, InfluxDB, brokers, peers and
 *   Chromium that the harness starts in its global setup;
 * - demo: `npm start` in a fresh copy, four weeks of history and all (minutes of both cores: alone).
 */
import solid from 'vite-plugin-solid';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Tests whose outcome does not depend on the Node runtime, left out of `npm test`'s second pass under
 * Node 24 (HALL_TESTS_RUNTIME_ONLY=1) after the first ran them: pages rendered in Chromium (the servers
 * behind them run under Node 24 in the other tests), the workforce engine's maths and the replays of
 * recorded traffic, the notifications' long end-to-end run (a 60-second SMTP outage). Everything that
 * touches the runtime — the hub's native SQLite, the broker, Modbus and OPC UA peers, crypto, the cloud
 * on PGlite and PostgreSQL, processes killed and restarted — runs under both.
 */
const NODE20_ONLY = [
  '**/*-page.test.ts',
  '**/*-pages.test.ts',
  '**/*-page.int.test.ts',
  '**/*-pages.int.test.ts',
  'edge/test/wall-screen.test.ts',
  'scripts/e2e/console.int.test.ts',
  'scripts/e2e/reports.int.test.ts',
  'scripts/e2e/notify.int.test.ts',
  'cloud/src/engines/**',
  'cloud/test/wfm-cli.test.ts',
  // The performance module's rules over the database (KPI facts, views, catalogue, cycles, on-site,
  // skills, reports): business logic, not runtime behaviour.
  'cloud/test/kpi-*.test.ts',
  'cloud/test/perf-*.test.ts',
  'cloud/test/cycles*.test.ts',
  'cloud/test/onsite.test.ts',
  // The same for scheduling, staff, adherence, analytics and the authorization matrix: rules over the
  // database through tRPC callers, nothing the runtime changes (Node 24 still runs ingest, HTTP, jobs,
  // notifications, reports, PGlite, the hub and the processes).
  'cloud/test/{access,adherence,analytics,analysis,analytics-bulk,counters,forecast,reasonableness,requirement,rosters,staff,wishes}.test.ts',
  // Inventory: the ledger's rules and its concurrency are the database's, whichever Node runs the callers.
  'cloud/test/inventory*.test.ts',
  // Training's sessions, exams, plans, suggestions and effects: rules over the database (the library's
  // search runs under both: PGlite and the text extraction's worker thread are the runtime's).
  'cloud/test/training-{sessions,session-views,exams,plans,plans-read,suggestions}.test.ts',
  // The training pages' browser tests (named by what they drive, not `-pages`).
  'scripts/e2e/training-*.int.test.ts',
  'edge/test/bank-replay.test.ts',
  'simulators/test/replay.test.ts',
];
const runtimeOnly = process.env.HALL_TESTS_RUNTIME_ONLY === '1' ? NODE20_ONLY : [];

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{devices,simulators,edge,cloud,console,grafana}/src/**/*.test.ts', 'scripts/**/*.unit.test.ts'],
          exclude: [...configDefaults.exclude, 'console/src/app/**', ...runtimeOnly],
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
          exclude: [...configDefaults.exclude, ...runtimeOnly],
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
