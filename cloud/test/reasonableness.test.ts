/**
 * The roster review on a seeded week (Monday 2026-11-16, Asia/Shanghai, open 09:00–17:00 every day):
 * one service, 6 minutes a customer, 10-minute target, 80% goal, patience 20 minutes. Every day 6
 * customers arrive per half hour in the morning and 30 in the afternoon — Erlang A needs 2 clerks in
 * the morning and 6 in the afternoon (64 staff-half-hours = 32 staff-hours a day). The published roster
 * is flat: four clerks 09:00–13:00 and four 13:00–17:00 (32 staff-hours too), who worked it exactly. So
 * the afternoons are short by two and the mornings long by two; the same eight people on the same
 * 4-hour shifts, placed with perfect foresight, would cover the week exactly.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPublished } from '../src/modules/adherence/adherence.service.ts';
import { reviewWeek, type WeekReview } from '../src/modules/adherence/review.calc.ts';
import { defineReviewJobs, getReview, reviewInput, startReview } from '../src/modules/adherence/review.service.ts';
import { hallsRepository } from '../src/modules/halls/halls.repository.ts';
import { registerHall } from '../src/modules/halls/halls.service.ts';
import { counterSessions, tickets } from '../src/modules/ingest/ingest.table.ts';
import { Jobs } from '../src/modules/jobs/jobs.service.ts';
import { schedulingSettings } from '../src/modules/scheduling/scheduling.table.ts';
import { employees } from '../src/modules/staff/staff.table.ts';
import { testDatabase } from './support/db.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
const HALL = 'REV';
const WEEK = '2026-11-16';
const NOW = new Date('2026-11-25T12:00:00+08:00');
const at = (date: string, minutes: number) => new Date(Date.parse(`${date}T00:00:00+08:00`) + minutes * 60_000);
const dateOf = (d: number) => new Date(Date.parse(`${WEEK}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);
const contract = {
  kind: 'full-time' as const,
  minWeekHours: 32,
  maxWeekHours: 40,
  maxDaysPerWeek: 5,
  minRestHours: 11,
};
const morning = ['E1', 'E2', 'E3', 'E4'];
const afternoon = ['E5', 'E6', 'E7', 'E8'];
let review: WeekReview;

beforeAll(async () => {
  db = await testDatabase();
  await registerHall(db.db, { id: HALL, name: '南山营业厅', timeZone: 'Asia/Shanghai' });
  const hours = { open: '09:00', close: '17:00' };
  await hallsRepository.putConfig(
    db.db,
    HALL,
    {
      hall: {
        id: HALL,
        name: '南山营业厅',
        timeZone: 'Asia/Shanghai',
        capacity: 80,
        openingHours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours },
      },
      services: [{ id: 'personal', name: '个人业务', prefix: 'A', targetWaitMinutes: 10, expectedServiceMinutes: 6 }],
      counters: [{ id: 'C1', name: '1号窗口', services: { personal: 1 } }],
    },
    null,
  );
  // The hall's planning settings: no shrinkage, occupancy cap or abandonment limit (the figures above
  // are Erlang A on the 80% goal alone), 4-hour shifts starting every half hour.
  await db.db.insert(schedulingSettings).values({
    hallId: HALL,
    document: {
      intervalMinutes: 30,
      dayStart: '09:00',
      dayEnd: '17:00',
      serviceLevel: 0.8,
      occupancyCap: 1,
      shrinkage: 0,
      maxAbandon: 1,
      minStaffOpen: 0,
      templates: [{ id: 'part-4h', name: '4小时班', firstStart: '09:00', lastStart: '13:00', minutes: 240 }],
    },
  });
  for (const s of [...morning, ...afternoon])
    await db.db
      .insert(employees)
      .values({ id: `emp-${s}`, hallId: HALL, staffId: s, name: `员工${s}`, contract, skills: { personal: 2 } });
  const shifts = Array.from({ length: 7 }, (_, d) => [
    ...morning.map((s) => ({
      staffId: s,
      date: dateOf(d),
      start: '09:00',
      end: '13:00',
      breaks: [],
      serviceId: 'personal',
    })),
    ...afternoon.map((s) => ({
      staffId: s,
      date: dateOf(d),
      start: '13:00',
      end: '17:00',
      breaks: [],
      serviceId: 'personal',
    })),
  ]).flat();
  await importPublished(db.db, null, {
    hallId: HALL,
    fromDate: WEEK,
    days: 7,
    publishedAt: '2026-11-12T18:00:00+08:00',
    shifts,
  });
  // The clerks worked the roster exactly.
  let seq = 0;
  const sessions = [];
  for (let d = 0; d < 7; d++)
    for (const [group, from, to] of [
      [morning, 9 * 60, 13 * 60],
      [afternoon, 13 * 60, 17 * 60],
    ] as const)
      for (const [k, s] of group.entries())
        sessions.push({
          hubId: 'hub-rev',
          openSeq: ++seq,
          hallId: HALL,
          counterId: `C${k + 1}`,
          staffId: s,
          openedAt: at(dateOf(d), from),
          closedAt: at(dateOf(d), to),
        });
  await db.db.insert(counterSessions).values(sessions);
  // Tickets: mornings 6 per half hour, all called after 2 minutes; afternoons 30 per half hour, 20 of
  // them called after 2 minutes and 10 after 15. Each is at the counter 6 minutes from its call.
  const rows: Array<typeof tickets.$inferInsert> = [];
  for (let d = 0; d < 7; d++)
    for (let i = 0; i < 16; i++) {
      const n = i < 8 ? 6 : 30;
      for (let j = 0; j < n; j++) {
        const arrival = at(dateOf(d), 9 * 60 + i * 30 + (j * 30) / n);
        const wait = i < 8 || j % 3 !== 2 ? 2 : 15;
        const called = new Date(arrival.getTime() + wait * 60_000);
        rows.push({
          hubId: 'hub-rev',
          issueSeq: ++seq,
          hallId: HALL,
          ticketNo: `A${seq}`,
          serviceId: 'personal',
          channel: 'kiosk',
          issuedAt: arrival,
          arrivalAt: arrival,
          firstCalledAt: called,
          lastCalledAt: called,
          startedAt: called,
          endedAt: new Date(called.getTime() + 6 * 60_000),
          outcome: 'done',
        });
      }
    }
  for (let i = 0; i < rows.length; i += 500) await db.db.insert(tickets).values(rows.slice(i, i + 500));
  review = await reviewWeek(await reviewInput(db.db, HALL, WEEK, NOW));
}, 240_000);

afterAll(async () => {
  await db?.drop();
});

describe('the roster review of a seeded week', () => {
  it('finds the short afternoons and the long mornings', () => {
    expect(review.intervalsPerDay).toBe(16);
    expect(review.dayStartMinutes).toBe(9 * 60);
    for (let d = 0; d < 7; d++) {
      const rows = review.days[d]!;
      expect(rows.slice(0, 8).map((r) => r.required)).toEqual(Array(8).fill(2));
      expect(rows.slice(8).map((r) => r.required)).toEqual(Array(8).fill(6));
      expect(rows.slice(8).every((r) => r.state === 'short' && r.planned === 4 && r.atCounters === 4)).toBe(true);
      expect(rows.slice(0, 8).every((r) => r.state === 'long')).toBe(true);
      // 13:00–17:00 short by two clerks: 2 × 4 hours.
      expect(review.stretches).toContainEqual({ day: d, from: 8, to: 16, state: 'short', worst: -2, staffHours: 8 });
    }
    // A week: 7 × 8 staff-hours short, as many long; 32 staff-hours a day planned and required.
    expect(review.plan.shortfallHours).toBeCloseTo(56, 6);
    expect(review.plan.excessHours).toBeCloseTo(56, 6);
    expect(review.plan.staffHours).toBeCloseTo(224, 6);
    expect(review.requiredHours).toBeCloseTo(224, 6);
    // Measured: a day has 48 + 160 tickets called within 10 minutes out of 48 + 240.
    expect(review.actual.measuredSl).toBeCloseTo(208 / 288, 6);
    // The plan on the actual traffic falls short of the goal in the afternoons.
    expect(review.plan.serviceLevel!).toBeLessThan(0.8);
  });

  it('perfect foresight needs no more staff-hours than the requirement and serves at least as well', () => {
    const f = review.foresight;
    if (!f || 'infeasible' in f) throw new Error(`no foresight roster: ${JSON.stringify(f)}`);
    expect(f.employees).toBe(8);
    expect(f.staffHours).toBeLessThanOrEqual(review.requiredHours + 1e-6);
    expect(f.staffHours).toBeLessThanOrEqual(review.plan.staffHours + 1e-6);
    expect(f.shortfallHours).toBeLessThan(review.plan.shortfallHours);
    expect(f.serviceLevel!).toBeGreaterThanOrEqual(review.plan.serviceLevel!);
    expect(f.gap).toBeLessThanOrEqual(0.02);
  });

  it('runs as a background job in a worker thread and keeps the result', async () => {
    const jobs = new Jobs({ db: db.db, log: pino({ level: 'silent' }), pollMs: 50 });
    defineReviewJobs(jobs);
    jobs.start();
    try {
      const started = await startReview(db.db, jobs, null, HALL, WEEK, NOW);
      expect(started.created).toBe(true);
      let kept = await getReview(db.db, HALL, WEEK);
      for (let i = 0; i < 600 && kept.state !== 'done' && kept.state !== 'failed'; i++) {
        await new Promise((r) => setTimeout(r, 200));
        kept = await getReview(db.db, HALL, WEEK);
      }
      expect(kept.state).toBe('done');
      expect(kept.result?.plan.shortfallHours).toBeCloseTo(review.plan.shortfallHours, 6);
      expect(kept.weeks).toEqual([{ week: WEEK, state: 'done' }]);
    } finally {
      await jobs.stop();
    }
  }, 180_000);

  it('refuses a week that has not ended and a week without a published roster', async () => {
    await expect(reviewInput(db.db, HALL, '2026-11-23', NOW)).rejects.toMatchObject({
      detail: { code: 'review-week-invalid' },
    });
    await expect(reviewInput(db.db, HALL, '2026-11-09', NOW)).rejects.toMatchObject({
      detail: { code: 'review-no-roster' },
    });
  });
});
