/**
 * Adherence against hand-worked sessions: a hall in Asia/Shanghai (UTC+8), the week of Monday
 * 2026-11-23, a roster published on the Thursday before and changed on Tuesday morning. Every figure
 * below is worked out by hand in the comments; the grace is the default 5 minutes. The same on
 * PostgreSQL and on PGlite (the embedded default).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/client.ts';
import { adherenceFor, importPublished } from '../src/modules/adherence/adherence.service.ts';
import { registerHall } from '../src/modules/halls/halls.service.ts';
import { counterPauses, counterSessions } from '../src/modules/ingest/ingest.table.ts';
import { employees } from '../src/modules/staff/staff.table.ts';
import { testDatabase } from './support/db.ts';

let db: Pick<Database, 'db'>;
const HALL = 'ADH';
/** Hall-local time on a date as an instant (UTC+8, no daylight saving). */
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);
const MON = '2026-11-23';
const TUE = '2026-11-24';
const lunch = [{ start: '12:00', end: '12:30' }];
const contract = {
  kind: 'full-time' as const,
  minWeekHours: 32,
  maxWeekHours: 40,
  maxDaysPerWeek: 5,
  minRestHours: 11,
};

let seq = 0;
async function session(staffId: string, counterId: string, date: string, from: string, to: string | null) {
  await db.db.insert(counterSessions).values({
    hubId: 'hub-adh',
    openSeq: ++seq,
    hallId: HALL,
    counterId,
    staffId,
    openedAt: at(date, from),
    closedAt: to ? at(date, to) : null,
  });
}
async function pause(counterId: string, date: string, from: string, to: string) {
  await db.db.insert(counterPauses).values({
    hubId: 'hub-adh',
    seq: ++seq,
    hallId: HALL,
    counterId,
    reason: 'break',
    startedAt: at(date, from),
    endedAt: at(date, to),
  });
}

async function seed() {
  seq = 0;
  await registerHall(db.db, { id: HALL, name: '福田营业厅', timeZone: 'Asia/Shanghai' });
  const people = [
    ['E01', '王芳'],
    ['E02', '李强'],
    ['E03', '张伟'],
    ['E04', '陈静'],
    ['E05', '刘洋'],
  ];
  for (const [staffId, name] of people)
    await db.db
      .insert(employees)
      .values({ id: `emp-${staffId}`, hallId: HALL, staffId: staffId as string, name: name as string, contract });
  const shift = (staffId: string, date: string, start: string, end: string, breaks = lunch) => ({
    staffId,
    date,
    start,
    end,
    breaks,
    serviceId: 'personal',
  });
  // Version 1, published the Thursday before.
  await importPublished(db.db, null, {
    hallId: HALL,
    fromDate: MON,
    days: 7,
    publishedAt: '2026-11-19T18:00:00+08:00',
    shifts: [
      shift('E01', MON, '09:00', '17:30'),
      shift('E02', MON, '09:00', '17:30'),
      shift('E03', MON, '13:00', '21:00', [{ start: '17:00', end: '17:30' }]),
      shift('E04', MON, '09:00', '13:00', []),
      shift('E01', TUE, '09:00', '17:30'),
    ],
  });
  // Version 2, published on Tuesday at 07:30: E01 starts an hour later on Tuesday; E04's Monday shift
  // is gone — too late for Monday, which was worked (and is judged) on version 1.
  await importPublished(db.db, null, {
    hallId: HALL,
    fromDate: MON,
    days: 7,
    publishedAt: '2026-11-24T07:30:00+08:00',
    shifts: [
      shift('E01', MON, '09:00', '17:30'),
      shift('E02', MON, '09:00', '17:30'),
      shift('E03', MON, '13:00', '21:00', [{ start: '17:00', end: '17:30' }]),
      shift('E01', TUE, '10:00', '18:30'),
    ],
  });
  // Monday as the hub reported it.
  await session('E01', 'C1', MON, '09:07', '17:30'); // 7 minutes late
  await pause('C1', MON, '12:00', '12:30'); // the planned lunch
  await session('E02', 'C2', MON, '08:58', '17:31');
  await pause('C2', MON, '12:00', '12:45'); // 45 minutes where 30 were planned
  await session('E03', 'C3', MON, '13:00', '19:40'); // gone at 19:40, planned until 21:00
  await pause('C3', MON, '17:00', '17:30');
  // E04 never signs in. E05 has no shift and covers a counter for an hour.
  await session('E05', 'C4', MON, '10:00', '11:00');
  // Tuesday: E01 works version 2's shift exactly.
  await session('E01', 'C1', TUE, '10:00', '18:30');
  await pause('C1', TUE, '12:00', '12:30');
}

describe.each(['PostgreSQL', 'PGlite'] as const)('adherence against hand-worked sessions on %s', (engine) => {
  let close: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    if (engine === 'PostgreSQL') {
      const pg = await testDatabase();
      db = pg;
      close = () => pg.drop();
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'hall-adherence-'));
      const lite = await openDatabase({ dataDir: dir });
      db = lite;
      close = async () => {
        await lite.close();
        rmSync(dir, { recursive: true, force: true });
      };
    }
    await seed();
  }, 120_000);
  afterAll(() => close());

  it('finds the late start, the long break, the early end, the absence and the unplanned work', async () => {
    const report = await adherenceFor(db.db, HALL, MON, TUE, at('2026-11-25', '09:00'));
    const monday = report.days.find((d) => d.date === MON)!;
    expect(monday.rosterVersion).toBe(1);
    const by = (staffId: string) => monday.clerks.find((c) => c.staffId === staffId)!;

    // E01 王芳: planned 09:00–17:30 less 30 min lunch = 480 min on the floor. At the counter
    // 09:07–17:30 less the 12:00–12:30 pause = 503 − 30 = 473 min, all of it planned.
    // Adherence 473 / 480 = 98.5%; late 7 min (beyond the 5-minute grace); break 30 = 30 planned.
    const e01 = by('E01');
    expect(e01.name).toBe('王芳');
    expect(e01.plannedMinutes).toBe(480);
    expect(e01.adherentMinutes).toBe(473);
    expect(e01.adherence).toBeCloseTo(473 / 480, 6);
    expect(e01.lateMinutes).toBe(7);
    expect(e01.breakOverrunMinutes).toBe(0);
    expect(e01.earlyEndMinutes).toBe(0);
    expect(e01.flags).toEqual(['late']);

    // E02 李强: on the floor 09:00–12:00 (180) and 12:30–17:30 (300) = 480. At the counter 08:58–12:00
    // and 12:45–17:31. Overlap: 180 + 285 = 465 → 96.9%. Off the counter between 09:00 and 17:30:
    // 510 − 465 = 45 min against 30 planned → 15 min over. 2 + 1 min outside the plan (within grace).
    const e02 = by('E02');
    expect(e02.adherentMinutes).toBe(465);
    expect(e02.adherence).toBeCloseTo(465 / 480, 6);
    expect(e02.actualBreakMinutes).toBe(45);
    expect(e02.breakOverrunMinutes).toBe(15);
    expect(e02.lateMinutes).toBe(0);
    expect(e02.unplannedMinutes).toBe(3);
    expect(e02.flags).toEqual(['long-break']);

    // E03 张伟: on the floor 13:00–17:00 (240) and 17:30–21:00 (210) = 450. At the counter
    // 13:00–17:00 and 17:30–19:40 = 240 + 130 = 370 → 82.2%; ended 80 min early.
    const e03 = by('E03');
    expect(e03.plannedMinutes).toBe(450);
    expect(e03.adherentMinutes).toBe(370);
    expect(e03.earlyEndMinutes).toBe(80);
    expect(e03.flags).toEqual(['early-end']);

    // E04 陈静: planned 09:00–13:00 in version 1 (in force on Monday), never at a counter: absent, 0%.
    const e04 = by('E04');
    expect(e04.plannedMinutes).toBe(240);
    expect(e04.absent).toBe(true);
    expect(e04.adherence).toBe(0);
    expect(e04.flags).toEqual(['absent']);

    // E05 刘洋: no shift; 60 minutes at a counter, all unplanned.
    const e05 = by('E05');
    expect(e05.adherence).toBeNull();
    expect(e05.unplannedMinutes).toBe(60);
    expect(e05.flags).toEqual(['unplanned']);
  });

  it('judges each past day by the version in force that day', async () => {
    const report = await adherenceFor(db.db, HALL, MON, TUE, at('2026-11-25', '09:00'));
    const tuesday = report.days.find((d) => d.date === TUE)!;
    // Version 2 (published Tuesday 07:30) moved E01 to 10:00–18:30, which E01 worked: not late.
    expect(tuesday.rosterVersion).toBe(2);
    const e01 = tuesday.clerks.find((c) => c.staffId === 'E01')!;
    expect(e01.shifts[0]?.start).toBe('10:00');
    expect(e01.lateMinutes).toBe(0);
    expect(e01.adherence).toBe(1);
    // Over both days E01: (473 + 480) / (480 + 480) adherent; one late day.
    const total = report.totals.find((t) => t.staffId === 'E01')!;
    expect(total.adherence).toBeCloseTo(953 / 960, 6);
    expect(total.lateDays).toBe(1);
    expect(total.daysPlanned).toBe(2);
  });

  it('refuses a window longer than 35 days and a roster naming a stranger', async () => {
    await expect(adherenceFor(db.db, HALL, '2026-10-01', '2026-11-30')).rejects.toMatchObject({
      detail: { code: 'adherence-range' },
    });
    await expect(
      importPublished(db.db, null, {
        hallId: HALL,
        fromDate: '2026-11-30',
        days: 7,
        shifts: [{ staffId: 'X99', date: '2026-11-30', start: '09:00', end: '17:00', breaks: [], serviceId: null }],
      }),
    ).rejects.toMatchObject({ detail: { code: 'roster-staff-unknown', params: { staff: 'X99' } } });
  });
});
