/**
 * `npm run bench:schedule-edit`: a manager's roster work through the API on the embedded PGlite (or the
 * PostgreSQL of DATABASE_URL). A sample hall (12 clerks, two services, a forecast) gets one week's roster
 * generated as a job — timed from `rosters.generate` to the stored draft (goal ≤ 15 s) — then N random
 * edits (move, resize, another person, another service, remove, add) are each checked live with
 * `rosters.check` (rules and service-level impact), timed per call: p95 goal ≤ 150 ms.
 * Last line: one JSON object.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretGate } from '@hall/devices/secrets';
import { pino } from 'pino';
import { appRouter } from '../src/app.router.ts';
import { openDatabase } from '../src/db/client.ts';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { createUser, type SessionUser } from '../src/modules/access/access.service.ts';
import { LoginGuard } from '../src/modules/access/login-guard.ts';
import { Jobs } from '../src/modules/jobs/jobs.service.ts';
import { seedSampleHall } from '../src/modules/scheduling/rosters-sample.repository.ts';
import { defineRosterJobs } from '../src/modules/scheduling/rosters.jobs.ts';
import { createCallerFactory } from '../src/trpc.ts';

const N = Number(process.env.BENCH_EDITS ?? 200);
const HALL = 'BENCH-1';
const MONDAY = '2026-12-07';
const log = (line: string) => process.stdout.write(`${line}\n`);

/** A seeded random number generator (mulberry32): the same edits on every run. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const mins = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-schedule-edit-'));
  const database = await openDatabase({ url: process.env.DATABASE_URL ?? '', dataDir: dir });
  const jobs = new Jobs({ db: database.db, log: pino({ level: 'silent' }), pollMs: 50 });
  try {
    const db = database.db;
    const { employeeIds } = await seedSampleHall(db, {
      hallId: HALL,
      name: '基准营业厅',
      fromDate: MONDAY,
      clerks: 12,
      days: 7,
      scale: 1.3,
    });
    const userId = await createUser(db, { username: 'bench', name: 'Bench', orgUnitId: `hall-${HALL}` });
    await accessRepository.grant(db, { userId, role: 'hall_manager', orgUnitId: `hall-${HALL}` });
    const user: SessionUser = {
      id: userId,
      username: 'bench',
      name: 'Bench',
      orgUnitId: `hall-${HALL}`,
      staffId: null,
      grants: [{ role: 'hall_manager', orgUnitId: `hall-${HALL}` }],
      csrfToken: '',
    };
    defineRosterJobs(jobs);
    jobs.start();
    const api = createCallerFactory(appRouter)({
      db,
      authorization: null,
      cookies: {},
      csrfHeader: null,
      hubTokens: new SecretGate(),
      logins: new LoginGuard(),
      source: null,
      user,
      jobs,
    });

    // 1. One hall-week through the API: asked for → stored draft.
    const t0 = performance.now();
    const { rosterId } = await api.rosters.generate({ hallId: HALL, fromDate: MONDAY, weeks: 1 });
    let roster = await api.rosters.get({ hallId: HALL, rosterId });
    while (roster.status === 'generating') {
      await new Promise((r) => setTimeout(r, 50));
      roster = await api.rosters.get({ hallId: HALL, rosterId });
    }
    const generateSeconds = (performance.now() - t0) / 1000;
    if (roster.status !== 'draft') throw new Error(`generation ended ${roster.status}`);
    const gap = roster.solver?.gap as number;
    log(
      `generated one hall-week in ${generateSeconds.toFixed(1)} s: ${roster.shifts.length} shifts, gap ${(gap * 100).toFixed(2)}%`,
    );

    // 2. N live checks of random edits (not saved: each is judged against the stored draft).
    const random = rng(7);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)] as T;
    const times: number[] = [];
    const kinds: Record<string, number> = {};
    for (let k = 0; k < N; k++) {
      const s = pick(roster.shifts);
      const r = random();
      const shift = (d: number) => ({ start: hhmm(mins(s.start) + d), end: hhmm(mins(s.end) + d) });
      const edit =
        r < 0.35
          ? { kind: 'change' as const, shiftId: s.id, ...shift(pick([-60, -30, 30, 60])) }
          : r < 0.55
            ? { kind: 'change' as const, shiftId: s.id, start: s.start, end: hhmm(Math.min(mins(s.end) + 60, 18 * 60)) }
            : r < 0.7
              ? { kind: 'change' as const, shiftId: s.id, start: s.start, end: s.end, employeeId: pick(employeeIds) }
              : r < 0.8
                ? {
                    kind: 'change' as const,
                    shiftId: s.id,
                    start: s.start,
                    end: s.end,
                    serviceId: pick(['billing', 'sim']),
                  }
                : r < 0.9
                  ? { kind: 'remove' as const, shiftId: s.id }
                  : {
                      kind: 'add' as const,
                      employeeId: pick(employeeIds),
                      date: s.date,
                      start: '10:00',
                      end: '14:00',
                      serviceId: 'billing',
                    };
      kinds[edit.kind] = (kinds[edit.kind] ?? 0) + 1;
      const a = performance.now();
      await api.rosters.check({ hallId: HALL, rosterId, edit });
      times.push(performance.now() - a);
    }
    const p50Ms = Math.round(pct(times, 0.5) * 10) / 10;
    const p95Ms = Math.round(pct(times, 0.95) * 10) / 10;
    const maxMs = Math.round(Math.max(...times) * 10) / 10;
    log(`rosters.check over ${N} random edits: p50 ${p50Ms} ms, p95 ${p95Ms} ms, max ${maxMs} ms`);
    log(
      JSON.stringify({
        bench: 'schedule-edit',
        database: database.kind,
        generate: {
          seconds: Math.round(generateSeconds * 10) / 10,
          goalSeconds: 15,
          gap,
          shifts: roster.shifts.length,
        },
        check: { edits: N, kinds, p50Ms, p95Ms, maxMs, goalP95Ms: 150 },
        ok: generateSeconds <= 15 && p95Ms <= 150,
      }),
    );
  } finally {
    await jobs.stop(1_000);
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:schedule-edit: ${(err as Error).stack}\n`);
  process.exit(1);
});
