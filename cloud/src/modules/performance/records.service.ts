/**
 * The staff record (档案): awards and errors recorded by managers, and one employee's whole record as
 * the record page shows it — KPI history by month (kpiValuesFor), on-site forms, attendance and
 * adherence against the published roster (adherenceFor), skill levels (history, waiting proposals),
 * awards and errors; a slot for assessment cycles.
 */
import { dailyRepository } from './daily.repository.ts';
import { sheetsOfEmployee } from './cycles.sheets.ts';
import type { Db } from '../../db/client.ts';
import { audit } from '../access/access.service.ts';
import { adherenceFor } from '../adherence/adherence.service.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { staffRepository } from '../staff/staff.repository.ts';
import { addDays, localDay } from '../staff/staff.service.ts';
import { kpiValuesFor } from './kpi.values.ts';
import { performanceRepository } from './performance.repository.ts';
import { recordsRepository as repo } from './records.repository.ts';
import type { RecordCategory, RecordKind } from './records.table.ts';
import { skillsRepository } from './skills.repository.ts';
import { fail, hallUnit, servicesOf } from './skills.service.ts';

/** Entries one employee may get per day (a runaway script cannot flood a record). */
export const MAX_ENTRIES_PER_DAY = 50;
/** How many months of KPI history the record shows. */
export const RECORD_MONTHS = 6;
/** How far back an entry may be dated. */
export const MAX_BACKDATE_DAYS = 366;

async function employeeOrThrow(db: Db, employeeId: string) {
  const e = await staffRepository.get(db, employeeId);
  if (!e) throw fail('NOT_FOUND', 'employee-not-found', `no employee ${employeeId}`, undefined, ['employeeId']);
  return e;
}

export async function addEntry(
  db: Db,
  by: string,
  q: {
    employeeId: string;
    date: string;
    kind: RecordKind;
    category: RecordCategory;
    description: string;
    points: number;
    ticketNo?: string | undefined;
  },
  now = new Date(),
) {
  const e = await employeeOrThrow(db, q.employeeId);
  // Nobody records an award (or clears an error) for themself.
  if (e.userId === by) throw fail('FORBIDDEN', 'decision-own-record', 'your own record is for your manager');
  const hall = await hallsRepository.hall(db, e.hallId);
  const today = localDay(now, hall?.timeZone ?? 'UTC');
  if (q.date > today || q.date < addDays(today, -MAX_BACKDATE_DAYS))
    throw fail(
      'BAD_REQUEST',
      'record-date-out-of-range',
      `date: from ${addDays(today, -MAX_BACKDATE_DAYS)} to today`,
      {
        max: MAX_BACKDATE_DAYS,
      },
      ['date'],
    );
  if ((await repo.countFor(db, e.id, new Date(now.getTime() - 86_400_000))) >= MAX_ENTRIES_PER_DAY)
    throw fail('BAD_REQUEST', 'record-limit-reached', 'too many entries for this employee today', {
      max: MAX_ENTRIES_PER_DAY,
    });
  const row = await repo.insert(db, {
    hallId: e.hallId,
    employeeId: e.id,
    date: q.date,
    kind: q.kind,
    category: q.category,
    description: q.description.trim(),
    points: q.points,
    ticketNo: q.ticketNo ?? null,
    createdBy: by,
    createdAt: now,
  });
  await dailyRepository.markDirty(db, e.hallId, [q.date]);
  await audit(db, {
    userId: by,
    action: `staff-record.${q.kind}-added`,
    entity: 'staff_record_entry',
    entityId: String(row.id),
    orgUnitId: await hallUnit(db, e.hallId),
    after: row,
  });
  return { id: row.id };
}

export async function withdrawEntry(db: Db, by: string, q: { employeeId: string; entryId: number }, now = new Date()) {
  const entry = await repo.entry(db, q.entryId);
  if (!entry || entry.employeeId !== q.employeeId)
    throw fail('NOT_FOUND', 'record-entry-not-found', `no entry ${q.entryId}`, undefined, ['entryId']);
  if ((await employeeOrThrow(db, entry.employeeId)).userId === by)
    throw fail('FORBIDDEN', 'decision-own-record', 'your own record is for your manager');
  const row = await repo.withdraw(db, entry.id, by, now);
  if (!row) throw fail('CONFLICT', 'record-entry-withdrawn', 'the entry was withdrawn already');
  await dailyRepository.markDirty(db, entry.hallId, [entry.date]);
  await audit(db, {
    userId: by,
    action: 'staff-record.withdrawn',
    entity: 'staff_record_entry',
    entityId: String(entry.id),
    orgUnitId: await hallUnit(db, entry.hallId),
    before: entry,
    after: { withdrawnAt: now },
  });
  return { id: row.id };
}

const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
function monthBefore(first: string): string {
  const d = new Date(`${first}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 10);
}
function monthEnd(first: string): string {
  const d = new Date(`${first}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return addDays(d.toISOString().slice(0, 10), -1);
}

/** Everything the record page shows of one employee. */
export async function employeeRecord(db: Db, employeeId: string, now = new Date()) {
  const e = await employeeOrThrow(db, employeeId);
  const hall = await hallsRepository.hall(db, e.hallId);
  const tz = hall?.timeZone ?? 'UTC';
  const today = localDay(now, tz);
  const subjectIds = [e.id, `staff:${e.staffId}`];
  // KPI history: this month so far and the months before it, each through kpiValuesFor.
  const months: string[] = [];
  for (let m = monthStart(today); months.length < RECORD_MONTHS; m = monthBefore(m)) months.push(m);
  const definitions = await performanceRepository.definitionsInForce(db, now);
  const kpiMonths = await Promise.all(
    months.map(async (m) => {
      const to = monthEnd(m) < today ? monthEnd(m) : today;
      const rows = await kpiValuesFor(db, {
        hallIds: [e.hallId],
        from: m,
        to,
        subjectKind: 'clerk',
        subjectIds,
        definitions,
      });
      // Days computed before the employee's record existed are under their staff number.
      const mine = rows.find((r) => r.subjectId === e.id) ?? rows[0];
      return { month: m.slice(0, 7), days: mine?.days ?? 0, values: mine?.values ?? [], total: mine?.total ?? null };
    }),
  );
  const attendanceFrom = addDays(today, -27);
  const [services, forms, attendance, history, proposals, entries] = await Promise.all([
    servicesOf(db, e.hallId),
    repo.onsiteForms(db, e.id, 20),
    adherenceFor(db, e.hallId, attendanceFrom, today, now)
      .then((r) => ({
        from: attendanceFrom,
        to: today,
        totals: r.totals.find((x) => x.employeeId === e.id) ?? null,
      }))
      .catch(() => ({ from: attendanceFrom, to: today, totals: null })),
    skillsRepository.history(db, e.id, 50),
    skillsRepository.proposalsOfEmployee(db, e.id, 20),
    repo.ofEmployee(db, e.id, 200),
  ]);
  return {
    employee: {
      id: e.id,
      name: e.name,
      staffId: e.staffId,
      role: e.role,
      status: e.status,
      hallId: e.hallId,
      hallName: hall?.name ?? e.hallId,
      timeZone: tz,
      skills: e.skills,
      startDate: e.startDate,
    },
    today,
    services,
    kpi: {
      definitions: definitions
        .filter((d) => d.appliesTo.subjects.includes('clerk'))
        .map((d) => ({
          key: d.key,
          version: d.version,
          nameZh: d.nameZh,
          nameEn: d.nameEn,
          unit: d.unit,
          direction: d.direction,
          target: d.target,
        })),
      months: kpiMonths,
    },
    onsite: forms.map((f) => ({
      formId: f.formId,
      at: f.at,
      templateZh: f.template?.zh ?? null,
      templateEn: f.template?.en ?? null,
      points: f.points,
      maxPoints: f.maxPoints,
      criticalFailed: f.criticalFailed,
      ticketNo: f.ticketNo,
    })),
    attendance,
    skills: {
      history: history.map((h) => ({
        id: h.id,
        serviceId: h.serviceId,
        fromLevel: h.fromLevel,
        toLevel: h.toLevel,
        at: h.at,
      })),
      pending: proposals
        .filter((p) => p.status === 'pending')
        .map((p) => ({
          id: p.id,
          serviceId: p.serviceId,
          fromLevel: p.fromLevel,
          toLevel: p.toLevel,
          evidence: p.evidence,
        })),
    },
    entries: entries.map((x) => ({
      id: x.id,
      date: x.date,
      kind: x.kind,
      category: x.category,
      description: x.description,
      points: x.points,
      ticketNo: x.ticketNo,
      withdrawn: x.withdrawnAt !== null,
    })),
    // The employee's assessment sheets (cycles.sheets.ts), newest first.
    cycles: await sheetsOfEmployee(db, employeeId),
  };
}

/** The signed-in user's own record (null when they are not an employee). */
export async function myEmployeeRecord(db: Db, userId: string, now = new Date()) {
  const e = await staffRepository.byUser(db, userId);
  return e ? employeeRecord(db, e.id, now) : null;
}
