/**
 * `npm test`: the whole suite in one command, on a fresh Debian machine.
 *   1. installs missing system programs (PostgreSQL 15, InfluxDB, mosquitto-clients, mbpoll, pymodbus,
 *      Chromium) with apt-get;
 *   2. type check (`tsc -b`), lint (`eslint`) and format (`prettier --check`), one check each; the
 *      in-hall pages built and held to their gzipped size budgets (one check);
 *   3. vitest: unit, component and integration projects; the integration project's global setup
 *      starts private PostgreSQL and InfluxDB instances and stops them at the end, also when tests fail;
 *   4. the unit and integration projects again under Node 24 LTS (fetched from the npm registry, with
 *      better-sqlite3 built for it; scripts/node24), without the tests that do not depend on the runtime;
 *   5. vitest's demo project alone: `npm start` in a fresh copy of the repository.
 * The last line is `N passed, N failed, N skipped`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { ensureSystemPackages } from '@hall/scripts/harness/system';
import { NODE24_VERSION, prepareNode24, type Node24 } from './node24/node24.ts';

const root = resolve(import.meta.dirname, '..');
const artifacts = resolve(root, '.artifacts');
const started = Date.now();
const tally = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];
let current: ReturnType<typeof spawn> | null = null;

const say = (line: string) => process.stdout.write(`\n▶ ${line}\n`);

function step(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    current = child;
    child.once('exit', (code, signal) => {
      current = null;
      done(code ?? (signal ? 128 : 1));
    });
    child.once('error', (err) => {
      process.stdout.write(`${name}: ${err.message}\n`);
      current = null;
      done(1);
    });
  });
}

function check(name: string, code: number) {
  if (code === 0) tally.passed += 1;
  else {
    tally.failed += 1;
    failures.push(name);
  }
}

// Forward a stop request to the running step so that vitest's teardown stops the services it started.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    current?.kill(signal);
    process.stdout.write(`\n${signal}: stopping\n`);
  });
}

async function main() {
  mkdirSync(artifacts, { recursive: true });

  say('system programs');
  try {
    const installed = await ensureSystemPackages((line) => process.stdout.write(`${line}\n`));
    process.stdout.write(installed.length ? `installed: ${installed.join(' ')}\n` : 'all present\n');
  } catch (err) {
    process.stdout.write(`cannot prepare the machine: ${(err as Error).message}\n`);
    check('system programs', 1);
    return;
  }

  say('type check (tsc -b)');
  check('type check', await step('tsc', 'npx', ['tsc', '-b']));

  say('lint (eslint)');
  check('lint', await step('eslint', 'npx', ['eslint', '--max-warnings=0', '.']));

  say('format (prettier --check)');
  check('format', await step('prettier', 'npx', ['prettier', '--check', '--log-level=warn', '.']));

  // The in-hall pages: built here (the browser tests load them from the hub) and held to their budgets.
  say('in-hall pages: build and size budgets');
  check('page budgets', await step('console:build', 'npx', ['tsx', 'console/build.ts']));

  say('unit, component and integration tests (vitest)');
  await vitest('vitest', ['--project', 'unit', '--project', 'component', '--project', 'integration']);

  // Production runs Node 24 LTS (Node 20, these machines' runtime, is past its end of life).
  say(`unit and integration tests again, under Node ${NODE24_VERSION} (vitest)`);
  let node24: Node24 | null = null;
  try {
    node24 = prepareNode24(root, (line) => process.stdout.write(`${line}\n`));
  } catch (err) {
    process.stdout.write(`cannot prepare Node ${NODE24_VERSION}: ${(err as Error).message}\n`);
    check(`Node ${NODE24_VERSION} setup`, 1);
  }
  // Without the runtime-independent tests (vitest.config.ts `NODE20_ONLY`): the first pass ran them.
  if (node24)
    await vitest('node24', ['--project', 'unit', '--project', 'integration'], {
      ...node24,
      env: { ...node24.env, HALL_TESTS_RUNTIME_ONLY: '1' },
    });

  say('npm start in a fresh copy: four weeks of history, the wall screens, a second start (vitest, alone)');
  await vitest('demo', ['--project', 'demo']);
}

/** One vitest run; its tests go into the tally (a run that fails outside any test counts as one failure). */
async function vitest(name: string, args: string[], runtime: Node24 | null = null) {
  const report = resolve(artifacts, `${name}-report.json`);
  rmSync(report, { force: true });
  const cli = resolve(root, 'node_modules/vitest/vitest.mjs');
  const code = await step(
    name,
    runtime?.node ?? process.execPath,
    [cli, 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    {
      HALL_ARTIFACTS_DIR: artifacts,
      ...runtime?.env,
    },
  );
  if (!existsSync(report)) {
    process.stdout.write(`${name} wrote no report: it failed before running tests (see above)\n`);
    check(`${name} run`, 1);
    return;
  }
  const json = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numFailedTestSuites: number;
  };
  tally.passed += json.numPassedTests;
  tally.failed += json.numFailedTests;
  tally.skipped += json.numPendingTests + json.numTodoTests;
  if (json.numFailedTests > 0) failures.push(`${json.numFailedTests} ${name} test(s)`);
  // A file that fails to load, or an error outside any test, fails the run even with no failed test.
  if (code !== 0 && json.numFailedTests === 0)
    check(`${name} run (exit ${code}: ${json.numFailedTestSuites} failed file(s) or errors outside tests)`, 1);
}

await main().catch((err: unknown) => {
  process.stdout.write(`test harness error: ${(err as Error).stack ?? String(err)}\n`);
  check('test harness', 1);
});
const seconds = Math.round((Date.now() - started) / 1000);
process.stdout.write(`\nsuite took ${seconds} s${failures.length ? `; failed: ${failures.join(', ')}` : ''}\n`);
process.stdout.write(
  `${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ''}\n`,
);
process.exitCode = tally.failed > 0 ? 1 : 0;
