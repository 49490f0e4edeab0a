/**
 * A sample hall to roster, for tests, the browser test and `bench:schedule-edit` (never the product):
 * a registered hall open 09:00–18:00 every day with two services, its clerks as employees with skills
 * and contracts (and in the hall config's staff), a forecast with a late-morning and an afternoon
 * peak, an approved day of leave and a day-off wish. Written straight to the tables: the staff and
 * forecast modules' own services are other parts' work.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { ensureHallUnit } from '../access/access.service.ts';
import { putHallConfig, registerHall } from '../halls/halls.service.ts';
import { employees } from '../staff/staff.table.ts';
import { forecastValues, forecasts, scheduleWishes } from './scheduling.table.ts';

const NAMES = [
  '王芳',
  '李明',
  '张伟',
  '刘洋',
  '陈静',
  '杨磊',
  '赵敏',
  '黄丽',
  '周杰',
  '吴婷',
  '徐强',
  '孙悦',
  '马超',
  '朱琳',
  '胡斌',
  '郭丹',
];

/** Customers per half hour: billing peaks late morning and mid-afternoon; SIM cards steady. */
const billing = (i: number, scale: number) => scale * (i >= 2 && i < 6 ? 14 : i >= 10 && i < 14 ? 12 : 7);

export interface SampleHall {
  hallId: string;
  name: string;
  fromDate: string;
  /** Clerks (default 9; up to 16). */
  clerks?: number;
  /** Forecast days from `fromDate` (default 14). */
  days?: number;
  /** Traffic multiplier (default 1). */
  scale?: number;
}

export async function seedSampleHall(db: Db, o: SampleHall) {
  const clerks = Math.min(o.clerks ?? 9, NAMES.length);
  const scale = o.scale ?? 1;
  await registerHall(db, { id: o.hallId, name: o.name, timeZone: 'Asia/Shanghai' });
  await ensureHallUnit(db, { hallId: o.hallId, name: o.name });
  const day = { open: '09:00', close: '18:00' };
  const staff = Array.from({ length: clerks }, (_, i) => ({
    staffId: String(101 + i),
    name: NAMES[i] as string,
    skills: (i % 3 === 1 ? { billing: 3 } : i % 3 === 2 ? { billing: 2, sim: 3 } : { billing: 3, sim: 2 }) as Record<
      string,
      number
    >,
  }));
  await putHallConfig(
    db,
    o.hallId,
    {
      hall: { capacity: 80, openingHours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day } },
      services: [
        { id: 'billing', name: '话费业务', prefix: 'A', targetWaitMinutes: 10, expectedServiceMinutes: 6 },
        { id: 'sim', name: '办卡', prefix: 'S', targetWaitMinutes: 10, expectedServiceMinutes: 8 },
      ],
      counters: [
        { id: 'C01', name: '1号窗口', services: { billing: 1 } },
        { id: 'C02', name: '2号窗口', services: { sim: 1 } },
      ],
      staff: staff.map((s) => ({ id: s.staffId, name: s.name })),
    },
    null,
  );
  // The cloud imported the config's staff as employees (the staff module): the sample's own records
  // (known ids, skill levels, contracts) replace them.
  await db.delete(employees).where(eq(employees.hallId, o.hallId));
  await db.insert(employees).values(
    staff.map((s, i) => ({
      id: `${o.hallId}-emp-${s.staffId}`,
      hallId: o.hallId,
      staffId: s.staffId,
      name: s.name,
      skills: s.skills,
      contract: {
        kind: i === clerks - 1 ? ('part-time' as const) : ('full-time' as const),
        minWeekHours: i === clerks - 1 ? 0 : 24,
        maxWeekHours: 40,
        maxDaysPerWeek: 5,
        minRestHours: 11,
      },
    })),
  );
  const days = o.days ?? 14;
  const [f] = await db
    .insert(forecasts)
    .values({
      hallId: o.hallId,
      version: 1,
      model: 'adaptive',
      intervalMinutes: 30,
      dayStartMinutes: 9 * 60,
      fromDate: o.fromDate,
      days,
    })
    .returning();
  const rows = [];
  for (let d = 0; d < days; d++) {
    const date = new Date(Date.parse(`${o.fromDate}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);
    for (let i = 0; i < 18; i++) {
      const b = billing(i, scale);
      rows.push({ forecastId: f!.id, date, serviceId: 'billing', interval: i, mean: b, p90: b * 1.3 });
      rows.push({ forecastId: f!.id, date, serviceId: 'sim', interval: i, mean: 3 * scale, p90: 4.5 * scale });
    }
  }
  for (let i = 0; i < rows.length; i += 1_000) await db.insert(forecastValues).values(rows.slice(i, i + 1_000));
  const wed = new Date(Date.parse(`${o.fromDate}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
  const sat = new Date(Date.parse(`${o.fromDate}T00:00:00Z`) + 5 * 86_400_000).toISOString().slice(0, 10);
  await db.insert(scheduleWishes).values([
    {
      employeeId: `${o.hallId}-emp-101`,
      hallId: o.hallId,
      kind: 'time-off',
      fromDate: wed,
      toDate: wed,
      status: 'approved',
    },
    {
      employeeId: `${o.hallId}-emp-102`,
      hallId: o.hallId,
      kind: 'day-off',
      fromDate: sat,
      toDate: sat,
      status: 'noted',
    },
  ]);
  return { employeeIds: staff.map((s) => `${o.hallId}-emp-${s.staffId}`) };
}
