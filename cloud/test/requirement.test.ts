/**
 * The requirement a hall plans with, against a real PostgreSQL: from its stored forecast and settings
 * (defaults from its hall config), on the planning grid, zero on closed days; and the hall config's
 * sections rewritten atomically by two writers at once (the staff and scheduling modules share it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hallsRepository } from '../src/modules/halls/halls.repository.ts';
import { putHallConfig, registerHall, registerHub, updateConfigSections } from '../src/modules/halls/halls.service.ts';
import { push } from '../src/modules/ingest/ingest.service.ts';
import { requirementFor } from '../src/modules/scheduling/requirement.ts';
import { forecasts, forecastValues } from '../src/modules/scheduling/scheduling.table.ts';
import { testDatabase } from './support/db.ts';
import { called, issued, served, toRows, type TestEvent } from './support/events.ts';

let database: Awaited<ReturnType<typeof testDatabase>>;
const HALL = 'REQ-1';

beforeAll(async () => {
  database = await testDatabase();
  await registerHall(database.db, { id: HALL, name: '需求厅', timeZone: 'Asia/Shanghai' });
  await putHallConfig(
    database.db,
    HALL,
    {
      hall: {
        capacity: 60,
        openingHours: { mon: { open: '09:00', close: '17:00' }, tue: { open: '09:00', close: '17:00' }, sun: null },
      },
      services: [
        { id: 'billing', name: '缴费', prefix: 'A', expectedServiceMinutes: 4 },
        { id: 'plan', name: '套餐', prefix: 'B', expectedServiceMinutes: 12 },
      ],
      counters: [{ id: 'C01', name: '1号窗口', services: { billing: 1, plan: 1 } }],
      staff: [{ id: 'E1', name: '周丽' }],
    },
    'test',
  );
}, 60_000);
afterAll(() => database?.drop());

describe('requirementFor', () => {
  it('plans only the minimum staff while open when the hall has no forecast yet', async () => {
    const r = await requirementFor(database.db, HALL, '2026-11-29', 2); // Sunday (closed), Monday
    expect(r.forecast).toBeNull();
    expect(r.grid).toEqual({ intervalMinutes: 30, dayStartMinutes: 540, intervals: 16 });
    expect(r.days[0]?.total.every((n) => n === 0)).toBe(true);
    expect(r.days[1]?.total.every((n) => n === r.settings.minStaffOpen)).toBe(true);
  });

  it('follows the newest forecast: a busy interval needs more clerks, split by each service’s workload', async () => {
    const [fc] = await database.db
      .insert(forecasts)
      .values({
        hallId: HALL,
        version: 1,
        model: 'adaptive',
        intervalMinutes: 30,
        dayStartMinutes: 540,
        fromDate: '2026-11-30',
        days: 1,
      })
      .returning();
    const id = fc?.id as number;
    await database.db.insert(forecastValues).values(
      Array.from({ length: 16 }, (_, i) => [
        {
          forecastId: id,
          date: '2026-11-30',
          serviceId: 'billing',
          interval: i,
          mean: i === 4 ? 30 : 3,
          p90: i === 4 ? 40 : 5,
        },
        {
          forecastId: id,
          date: '2026-11-30',
          serviceId: 'plan',
          interval: i,
          mean: i === 4 ? 6 : 1,
          p90: i === 4 ? 9 : 2,
        },
      ]).flat(),
    );
    const r = await requirementFor(database.db, HALL, '2026-11-30', 1);
    const day = r.days[0];
    expect(r.forecast?.version).toBe(1);
    expect(day?.arrivals[0]?.[4]).toBe(30);
    expect(day?.total[4]).toBeGreaterThan(day?.total[0] as number);
    // 30 × 4 min of billing against 6 × 12 min of plan: billing gets more of the 11:00 clerks.
    expect(day?.required[4]?.[0]).toBeGreaterThan(day?.required[4]?.[1] as number);
    expect(day?.serviceLevel[4]).toBeGreaterThanOrEqual(0.8);
  });
});

describe('handle times', () => {
  it('plans with the hall’s own served tickets (call to end) once there are 30 of them', async () => {
    const before = await requirementFor(database.db, HALL, '2026-11-30', 1);
    expect(before.services.find((s) => s.id === 'plan')?.handleSeconds).toBe(12 * 60); // the hall config's
    // 30 plan customers yesterday, each 1 minute from call to the counter and 8 minutes served.
    const start = Date.now() - 86_400_000;
    const events: TestEvent[] = [];
    for (let i = 0; i < 30; i++) {
      const at = start + i * 10 * 60_000;
      const no = `B${String(i + 1).padStart(3, '0')}`;
      events.push(
        issued(no, 'plan', at),
        called(no, at + 60_000, 'C01', 'E1'),
        ...served(no, at + 120_000, 8, 'C01', 'E1', null),
      );
    }
    const { hubId } = await registerHub(database.db, { id: 'hub-req', hallId: HALL });
    await push(database.db, hubId, { batch: toRows(events) });
    const after = await requirementFor(database.db, HALL, '2026-11-30', 1);
    expect(after.services.find((s) => s.id === 'plan')?.handleSeconds).toBeCloseTo(9 * 60, 0);
    // Billing has no served tickets: still the hall config's 4 minutes.
    expect(after.services.find((s) => s.id === 'billing')?.handleSeconds).toBe(4 * 60);
  });
});

describe('updateConfigSections', () => {
  it('keeps both of two concurrent writers’ sections, each as its own version', async () => {
    const before = (await hallsRepository.config(database.db, HALL))?.version as number;
    await Promise.all([
      updateConfigSections(
        database.db,
        HALL,
        (d) => ({ staff: [...(d.staff as object[]), { id: 'E2', name: '王强' }] }),
        'a',
      ),
      updateConfigSections(
        database.db,
        HALL,
        () => ({
          roster: {
            version: 3,
            days: [{ date: '2026-11-30', shifts: [{ staffId: 'E1', start: '09:00', end: '17:00' }] }],
          },
        }),
        'b',
      ),
    ]);
    const after = await hallsRepository.config(database.db, HALL);
    expect(after?.version).toBe(before + 2);
    expect((after?.document.staff as Array<{ id: string }>).map((s) => s.id)).toEqual(['E1', 'E2']);
    expect((after?.document.roster as { version: number }).version).toBe(3);
    // Nothing to change: no new version.
    expect((await updateConfigSections(database.db, HALL, () => null, 'c')).changed).toBe(false);
  });

  it('refuses a roster naming a clerk the hall does not have, and keeps the old version', async () => {
    const before = (await hallsRepository.config(database.db, HALL))?.version;
    await expect(
      updateConfigSections(
        database.db,
        HALL,
        () => ({
          roster: {
            version: 4,
            days: [{ date: '2026-11-30', shifts: [{ staffId: 'NOBODY', start: '09:00', end: '17:00' }] }],
          },
        }),
        'b',
      ),
    ).rejects.toMatchObject({ fields: expect.arrayContaining(['roster.days.0.shifts.0.staffId']) });
    expect((await hallsRepository.config(database.db, HALL))?.version).toBe(before);
  });
});
