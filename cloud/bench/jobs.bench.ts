/**
 * `npm run bench:jobs`: how many short jobs the queue turns over, and how long one waits, on the embedded
 * PGlite and on a real PostgreSQL (a private cluster this command starts and stops) with two runners
 * sharing it (as two cloud processes would). N no-op jobs are enqueued at once; each records when it ran.
 * Last line: one JSON object {jobs, pglite: {jobsPerSec, p50Ms, p99Ms}, postgres: {…}}.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '@hall/scripts/harness';
import { pino } from 'pino';
import { openDatabase, type Database } from '../src/db/client.ts';
import { Jobs } from '../src/modules/jobs/jobs.service.ts';

const N = Number(process.env.BENCH_JOBS ?? 2_000);
const log = (line: string) => process.stdout.write(`${line}\n`);

async function run(database: Database, runners: number) {
  const ran = new Map<number, number>();
  const jobs = Array.from({ length: runners }, () => {
    const j = new Jobs({ db: database.db, log: pino({ level: 'silent' }), pollMs: 50, concurrency: 8 });
    j.define({
      type: 'bench.noop',
      handler: async ({ job }) => {
        ran.set(job.id, Date.now());
      },
    });
    return j;
  });
  const enqueued = new Map<number, number>();
  const t0 = Date.now();
  for (let i = 0; i < N; i++) {
    const at = Date.now();
    const { id } = await (jobs[0] as Jobs).enqueue('bench.noop', { i });
    enqueued.set(id, at);
  }
  const enqueueMs = Date.now() - t0;
  const t1 = Date.now();
  for (const j of jobs) j.start();
  while (ran.size < N) await new Promise((r) => setTimeout(r, 20));
  const runMs = Date.now() - t1;
  for (const j of jobs) await j.stop();
  // Latency from the moment the runners started (all N were already waiting) to each job's run.
  const waits = [...ran.values()].map((t) => t - t1).sort((a, b) => a - b);
  const q = (p: number) => waits[Math.min(waits.length - 1, Math.floor(p * waits.length))] as number;
  return {
    enqueuePerSec: Math.round((N / enqueueMs) * 1_000),
    jobsPerSec: Math.round((N / runMs) * 1_000),
    p50Ms: q(0.5),
    p99Ms: q(0.99),
    runners,
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'hall-bench-jobs-'));
  const pg = await startPostgres(dir);
  try {
    const lite = await openDatabase({ dataDir: join(dir, 'pglite') });
    const pglite = await run(lite, 1);
    await lite.close();
    log(`PGlite, one runner: ${JSON.stringify(pglite)}`);
    const pgdb = await openDatabase({ url: pg.url, dataDir: '' });
    const postgres = await run(pgdb, 2);
    await pgdb.close();
    log(`PostgreSQL, two runners: ${JSON.stringify(postgres)}`);
    log(JSON.stringify({ jobs: N, pglite, postgres }));
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:jobs: ${(err as Error).stack}\n`);
  process.exit(1);
});
