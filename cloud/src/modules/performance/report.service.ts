/**
 * The daily KPI report (绩效日报) of a hall, and the roll-up of the halls under an org unit: figures from
 * `kpiValuesFor` (the one way KPI values are computed), stored as a snapshot. The first generation of a
 * report fixes the KPI versions it uses; a regeneration (by hand, after facts were recomputed) reuses
 * those versions, so a KPI edited later never changes a report already made.
 */
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { accessRepository } from '../access/access.repository.ts';
import { audit, type SessionUser } from '../access/access.service.ts';
import { analyticsRepository } from '../analytics/analytics.repository.ts';
import { shiftDate } from '../analytics/analytics.service.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { kpiValuesFor, type SubjectValues } from './kpi.values.ts';
import { performanceRepository, type KpiDefinitionRow } from './performance.repository.ts';
import { kpiReportRepository as repo } from './report.repository.ts';
import {
  hallReportSchema,
  KPI_REPORT_FORMAT,
  MAX_REPORT_CLERKS,
  MAX_REPORT_FORMS,
  MAX_ROLLUP_HALLS,
  REPORT_MOVERS,
  rollupSchema,
  type ClerkRow,
  type HallKpiReport,
  type KpiRollup,
  type PeriodValues,
  type ReportKpi,
} from './report.schema.ts';
import type { KpiReportScope } from './report.table.ts';

export interface KpiReportSetting {
  enabled: boolean;
  /** HH:MM hall-local. */
  time: string;
  kpiKeys: string[];
  languages: Array<'zh-CN' | 'en'>;
}
/** Where no unit at or above a hall has a setting: on, at 08:00 (the previous day's report before opening). */
export const DEFAULT_KPI_REPORT_SETTING: KpiReportSetting = {
  enabled: true,
  time: '08:00',
  kpiKeys: [],
  languages: ['zh-CN', 'en'],
};

const notFound = (code: 'hall-not-found' | 'org-unit-not-found' | 'report-not-found', params: Record<string, string>) =>
  new AppError('NOT_FOUND', `${code} ${JSON.stringify(params)}`, { reason: 'not-found', detail: { code, params } });

async function hallOf(db: Db, hallId: string) {
  const hall = await hallsRepository.hall(db, hallId);
  if (!hall) throw notFound('hall-not-found', { hallId });
  return hall;
}

/** The units from `unitId` up to the root (nearest first). */
function chainUp(units: ReadonlyArray<{ id: string; parentId: string | null }>, unitId: string) {
  const byId = new Map(units.map((u) => [u.id, u]));
  const out: string[] = [];
  for (let u = byId.get(unitId); u && out.length < 32; u = u.parentId ? byId.get(u.parentId) : undefined)
    out.push(u.id);
  return out;
}

/** The hall ids under a unit (itself included), at most `MAX_ROLLUP_HALLS`. */
export function hallsUnder(
  units: ReadonlyArray<{ id: string; parentId: string | null; hallId: string | null }>,
  unitId: string,
): string[] {
  const children = new Map<string, string[]>();
  for (const u of units) if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  const byId = new Map(units.map((u) => [u.id, u]));
  const out: string[] = [];
  const queue = [unitId];
  const seen = new Set<string>();
  while (queue.length && out.length < MAX_ROLLUP_HALLS) {
    const id = queue.shift() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const hallId = byId.get(id)?.hallId;
    if (hallId) out.push(hallId);
    queue.push(...(children.get(id) ?? []));
  }
  return out;
}

/** The setting in force for a unit: its own, or the nearest one above it (named), or the default. */
export async function settingFor(
  db: Db,
  unitId: string,
): Promise<KpiReportSetting & { fromUnitId: string | null; fromUnitName: string | null }> {
  const [units, rows] = await Promise.all([accessRepository.units(db), repo.settings(db)]);
  const byUnit = new Map(rows.map((r) => [r.orgUnitId, r]));
  for (const id of chainUp(units, unitId)) {
    const r = byUnit.get(id);
    if (r)
      return {
        enabled: r.enabled,
        time: r.time,
        kpiKeys: r.kpiKeys,
        languages: r.languages,
        fromUnitId: id,
        fromUnitName: units.find((u) => u.id === id)?.name ?? null,
      };
  }
  return { ...DEFAULT_KPI_REPORT_SETTING, fromUnitId: null, fromUnitName: null };
}

export async function hallSetting(db: Db, hallId: string) {
  const unit = await accessRepository.unitOfHall(db, hallId);
  return unit ? settingFor(db, unit.id) : { ...DEFAULT_KPI_REPORT_SETTING, fromUnitId: null, fromUnitName: null };
}

/** The definitions a new report uses: those in force at `at`, narrowed to the setting's keys. */
async function definitionsFor(db: Db, kpiKeys: readonly string[], at: Date) {
  const all = await performanceRepository.definitionsInForce(db, at);
  return kpiKeys.length ? all.filter((d) => kpiKeys.includes(d.key)) : all;
}

const reportKpi = (d: KpiDefinitionRow): ReportKpi => ({
  key: d.key,
  version: d.version,
  nameZh: d.nameZh,
  nameEn: d.nameEn,
  unit: d.unit,
  direction: d.direction,
  target: d.target ?? null,
  weight: d.weight,
});

const period = (s: SubjectValues | undefined): PeriodValues | null =>
  s
    ? {
        days: s.days,
        values: s.values.map((v) => ({
          key: v.key,
          value: v.value,
          score: v.score === null ? null : Math.round(v.score * 10) / 10,
          sample: v.sample,
          enough: v.enough,
        })),
        total: s.total === null ? null : Math.round(s.total * 10) / 10,
      }
    : null;

const monthStart = (date: string) => `${date.slice(0, 8)}01`;

function misses(def: ReportKpi, value: number): boolean {
  if (def.target === null) return false;
  return def.direction === 'higher' ? value < def.target : value > def.target;
}

/** Assembles a hall-day's report with the given KPI definitions (nothing stored). */
export async function buildHallReport(
  db: Db,
  q: { hallId: string; date: string },
  defs: readonly KpiDefinitionRow[],
  now: Date,
): Promise<HallKpiReport> {
  const hall = await hallOf(db, q.hallId);
  const hallIds = [hall.id];
  const from = monthStart(q.date);
  const at = (f: string, t: string, subjectKind: 'clerk' | 'hall') =>
    kpiValuesFor(db, { hallIds, from: f, to: t, subjectKind, definitions: defs });
  const [hallDay, hallMonth, day, month, prevDay, week, prevWeek, names, bounds] = await Promise.all([
    at(q.date, q.date, 'hall'),
    at(from, q.date, 'hall'),
    at(q.date, q.date, 'clerk'),
    at(from, q.date, 'clerk'),
    at(shiftDate(q.date, -1), shiftDate(q.date, -1), 'clerk'),
    at(shiftDate(q.date, -6), q.date, 'clerk'),
    at(shiftDate(q.date, -13), shiftDate(q.date, -7), 'clerk'),
    repo.clerkNames(db, hallIds),
    analyticsRepository.dayBounds(db, hall.timeZone, q.date),
  ]);
  const nameOf = (subjectId: string) =>
    names.get(subjectId) ?? names.get(`${hall.id}\u0000${subjectId}`) ?? subjectId.replace(/^staff:/, '#');
  const by = (rows: SubjectValues[]) => new Map(rows.map((r) => [r.subjectId, r]));
  const [dayBy, prevBy, weekBy, prevWeekBy] = [by(day), by(prevDay), by(week), by(prevWeek)];
  const delta = (a: SubjectValues | undefined, b: SubjectValues | undefined) =>
    a?.total == null || b?.total == null ? null : Math.round((a.total - b.total) * 10) / 10;
  const kpis = defs.filter((d) => d.appliesTo.subjects.includes('clerk') || d.appliesTo.subjects.includes('hall'));
  const clerks: ClerkRow[] = month
    .map((m) => ({
      subjectId: m.subjectId,
      name: nameOf(m.subjectId),
      day: period(dayBy.get(m.subjectId)),
      month: period(m) as PeriodValues,
      deltaDay: delta(dayBy.get(m.subjectId), prevBy.get(m.subjectId)),
      deltaWeek: delta(weekBy.get(m.subjectId), prevWeekBy.get(m.subjectId)),
    }))
    // The best month first; those without a total (too few everywhere) last, by name.
    .sort((a, b) => (b.month.total ?? -1) - (a.month.total ?? -1) || a.name.localeCompare(b.name, 'zh-CN') || 0);
  const movers = (field: 'deltaDay' | 'deltaWeek') => {
    const moved = clerks
      .filter((c) => c[field] !== null && c[field] !== 0)
      .map((c) => ({ subjectId: c.subjectId, name: c.name, delta: c[field] as number }));
    return {
      up: moved
        .filter((m) => m.delta > 0)
        .sort((a, b) => b.delta - a.delta)
        .slice(0, REPORT_MOVERS),
      down: moved
        .filter((m) => m.delta < 0)
        .sort((a, b) => a.delta - b.delta)
        .slice(0, REPORT_MOVERS),
    };
  };
  const kpiByKey = new Map(kpis.map((k) => [k.key, reportKpi(k)]));
  const belowTarget = clerks.flatMap((c) =>
    c.month.values
      .filter((v) => {
        const k = kpiByKey.get(v.key);
        return v.enough && v.value !== null && k !== undefined && misses(k, v.value);
      })
      .map((v) => ({
        subjectId: c.subjectId,
        name: c.name,
        key: v.key,
        value: v.value as number,
        target: kpiByKey.get(v.key)?.target as number,
      })),
  );
  const forms = await repo.formsOfDay(db, hall.id, bounds.from, bounds.to, MAX_REPORT_FORMS);
  const subjectName = (f: (typeof forms.list)[number]) =>
    f.subjectKind === 'clerk'
      ? nameOf(f.employeeId ?? `staff:${f.subjectId}`)
      : f.subjectKind === 'hall'
        ? hall.name
        : f.subjectId;
  const report: HallKpiReport = {
    format: KPI_REPORT_FORMAT,
    kind: 'hall',
    hallId: hall.id,
    hallName: hall.name,
    timeZone: hall.timeZone,
    date: q.date,
    monthFrom: from,
    generatedAt: now.getTime(),
    kpis: kpis.map(reportKpi),
    hall: { day: period(hallDay[0]), month: period(hallMonth[0]) },
    clerks: clerks.slice(0, MAX_REPORT_CLERKS),
    clerksTotal: clerks.length,
    movers: { day: movers('deltaDay'), week: movers('deltaWeek') },
    belowTarget,
    onsite: {
      total: forms.total,
      forms: forms.list.map((f) => ({
        formId: f.formId,
        subjectKind: f.subjectKind,
        subjectName: subjectName(f),
        templateId: f.templateId,
        points: f.points,
        maxPoints: f.maxPoints,
        criticalFailed: f.criticalFailed,
        failedItems: f.answers.filter((a) => a.result === 'fail').length,
        at: f.at.getTime(),
      })),
    },
  };
  return hallReportSchema.parse(report);
}

/** Assembles the roll-up of the halls under a unit on a date (nothing stored). */
export async function buildRollup(
  db: Db,
  q: { orgUnitId: string; date: string },
  defs: readonly KpiDefinitionRow[],
  now: Date,
): Promise<KpiRollup> {
  const units = await accessRepository.units(db);
  const unit = units.find((u) => u.id === q.orgUnitId);
  if (!unit) throw notFound('org-unit-not-found', { orgUnitId: q.orgUnitId });
  const hallIds = hallsUnder(units, unit.id);
  const from = monthStart(q.date);
  const [day, month, hallRows] = await Promise.all([
    kpiValuesFor(db, { hallIds, from: q.date, to: q.date, subjectKind: 'hall', definitions: defs }),
    kpiValuesFor(db, { hallIds, from, to: q.date, subjectKind: 'hall', definitions: defs }),
    Promise.all(hallIds.map((id) => hallsRepository.hall(db, id))),
  ]);
  const dayBy = new Map(day.map((r) => [r.hallId, r]));
  const monthBy = new Map(month.map((r) => [r.hallId, r]));
  const rank = (rows: SubjectValues[]) => {
    const ranked = rows.filter((r) => r.total !== null).sort((a, b) => (b.total as number) - (a.total as number));
    return new Map(ranked.map((r, i) => [r.hallId, i + 1]));
  };
  const [rankDay, rankMonth] = [rank(day), rank(month)];
  const halls = hallRows
    .filter((h): h is NonNullable<typeof h> => Boolean(h))
    .map((h) => ({
      hallId: h.id,
      name: h.name,
      day: period(dayBy.get(h.id)),
      month: period(monthBy.get(h.id)),
      rankDay: rankDay.get(h.id) ?? null,
      rankMonth: rankMonth.get(h.id) ?? null,
    }))
    .sort((a, b) => (a.rankMonth ?? Infinity) - (b.rankMonth ?? Infinity) || a.name.localeCompare(b.name, 'zh-CN'));
  return rollupSchema.parse({
    format: KPI_REPORT_FORMAT,
    kind: 'unit',
    orgUnitId: unit.id,
    orgUnitName: unit.name,
    date: q.date,
    monthFrom: from,
    generatedAt: now.getTime(),
    kpis: defs.filter((d) => d.appliesTo.subjects.includes('hall')).map(reportKpi),
    halls,
  } satisfies KpiRollup);
}

/**
 * Makes and stores a report. A report that exists is kept as it is (the scheduled job running twice,
 * on two processes) unless `replace`; then it is made again with the KPI versions it named.
 * Answers the stored report and whether this call wrote it.
 */
async function generate<T extends HallKpiReport | KpiRollup>(
  db: Db,
  q: { scope: KpiReportScope; scopeId: string; date: string; kpiKeys: readonly string[]; replace: boolean; now: Date },
  build: (defs: readonly KpiDefinitionRow[]) => Promise<T>,
): Promise<{ report: T; written: boolean }> {
  const existing = await repo.get(db, q.scope, q.scopeId, q.date, KPI_REPORT_FORMAT);
  if (existing && !q.replace) return { report: existing.body as T, written: false };
  const defs = (
    existing
      ? await performanceRepository.definitionsByVersion(db, existing.kpiVersions)
      : await definitionsFor(db, q.kpiKeys, q.now)
  ).sort((a, b) => a.key.localeCompare(b.key));
  const report = await build(defs);
  const row = {
    scope: q.scope,
    scopeId: q.scopeId,
    date: q.date,
    formatVersion: KPI_REPORT_FORMAT,
    generatedAt: q.now,
    kpiVersions: defs.map((d) => ({ key: d.key, version: d.version })),
    body: report,
  };
  if (existing) {
    await repo.replace(db, row);
    return { report, written: true };
  }
  if (await repo.insertIfAbsent(db, row)) return { report, written: true };
  // Another process stored it first: that one is the report.
  const won = await repo.get(db, q.scope, q.scopeId, q.date, KPI_REPORT_FORMAT);
  return { report: (won?.body ?? report) as T, written: false };
}

export async function generateHallReport(
  db: Db,
  q: { hallId: string; date: string; replace?: boolean },
  now = new Date(),
): Promise<{ report: HallKpiReport; written: boolean }> {
  const setting = await hallSetting(db, q.hallId);
  return generate(
    db,
    { scope: 'hall', scopeId: q.hallId, date: q.date, kpiKeys: setting.kpiKeys, replace: q.replace ?? false, now },
    (defs) => buildHallReport(db, q, defs, now),
  );
}

export async function generateRollup(
  db: Db,
  q: { orgUnitId: string; date: string; replace?: boolean },
  now = new Date(),
): Promise<{ report: KpiRollup; written: boolean }> {
  const setting = await settingFor(db, q.orgUnitId);
  return generate(
    db,
    { scope: 'unit', scopeId: q.orgUnitId, date: q.date, kpiKeys: setting.kpiKeys, replace: q.replace ?? false, now },
    (defs) => buildRollup(db, q, defs, now),
  );
}

/** Whether a hall-day's facts are stored (the facts job ran): a report waits for them. */
export async function factsReady(db: Db, hallId: string, date: string): Promise<boolean> {
  return (
    (await performanceRepository.daily(db, { hallIds: [hallId], from: date, to: date, subjectKind: 'hall' })).length > 0
  );
}

export async function listHallReports(db: Db, q: { hallId: string; before?: string; limit: number }) {
  const hall = await hallOf(db, q.hallId);
  const [rows, unit] = await Promise.all([
    repo.list(db, { scope: 'hall', scopeId: hall.id, formatVersion: KPI_REPORT_FORMAT, ...q }),
    accessRepository.unitOfHall(db, hall.id),
  ]);
  return {
    hallId: hall.id,
    /** The hall's org unit: where its report settings are read and saved. */
    orgUnitId: unit?.id ?? null,
    name: hall.name,
    timeZone: hall.timeZone,
    reports: rows.map((r) => ({ date: r.date, generatedAt: r.generatedAt.getTime(), kpis: r.kpiVersions.length })),
  };
}

export async function hallReport(db: Db, q: { hallId: string; date: string }) {
  const hall = await hallOf(db, q.hallId);
  const row = await repo.get(db, 'hall', hall.id, q.date, KPI_REPORT_FORMAT);
  return { hallId: hall.id, name: hall.name, report: row ? hallReportSchema.parse(row.body) : null };
}

export async function rollupReport(db: Db, q: { orgUnitId: string; date: string }) {
  const unit = await accessRepository.unit(db, q.orgUnitId);
  if (!unit) throw notFound('org-unit-not-found', { orgUnitId: q.orgUnitId });
  const row = await repo.get(db, 'unit', unit.id, q.date, KPI_REPORT_FORMAT);
  return { orgUnitId: unit.id, name: unit.name, report: row ? rollupSchema.parse(row.body) : null };
}

export async function storedHallReport(db: Db, q: { hallId: string; date: string }): Promise<HallKpiReport> {
  const { report } = await hallReport(db, q);
  if (!report) throw notFound('report-not-found', { date: q.date });
  return report;
}

export async function storedRollup(db: Db, q: { orgUnitId: string; date: string }): Promise<KpiRollup> {
  const { report } = await rollupReport(db, q);
  if (!report) throw notFound('report-not-found', { date: q.date });
  return report;
}

async function notFuture(db: Db, timeZone: string, date: string, now: Date) {
  if (date > (await analyticsRepository.today(db, timeZone, now)))
    throw new AppError('BAD_REQUEST', `${date} has not begun`, {
      reason: 'invalid-input',
      fields: ['date'],
      detail: { code: 'report-future-day', params: { date } },
    });
}

/** "Generate now" by a signed-in user: (re)makes the hall-day's report and records who did it. */
export async function generateHallNow(
  db: Db,
  user: SessionUser,
  q: { hallId: string; date: string },
  now = new Date(),
) {
  const hall = await hallOf(db, q.hallId);
  await notFuture(db, hall.timeZone, q.date, now);
  const { report } = await generateHallReport(db, { ...q, replace: true }, now);
  await audit(db, {
    userId: user.id,
    action: 'kpi-report.generated',
    entity: 'kpi-report',
    entityId: `hall/${q.hallId}/${q.date}`,
    orgUnitId: (await accessRepository.unitOfHall(db, q.hallId))?.id ?? null,
    after: { hallId: q.hallId, date: q.date, kpis: report.kpis.map((k) => `${k.key}@${k.version}`) },
  });
  return report;
}

export async function generateRollupNow(
  db: Db,
  user: SessionUser,
  q: { orgUnitId: string; date: string },
  now = new Date(),
) {
  await notFuture(db, 'Asia/Shanghai', q.date, now);
  const { report } = await generateRollup(db, { ...q, replace: true }, now);
  await audit(db, {
    userId: user.id,
    action: 'kpi-report.generated',
    entity: 'kpi-report',
    entityId: `unit/${q.orgUnitId}/${q.date}`,
    orgUnitId: q.orgUnitId,
    after: { orgUnitId: q.orgUnitId, date: q.date, halls: report.halls.length },
  });
  return report;
}

/** Saves a unit's setting (audited; the caller reschedules the halls under it). */
export async function saveSetting(
  db: Db,
  user: SessionUser,
  q: KpiReportSetting & { orgUnitId: string },
  now = new Date(),
) {
  const unit = await accessRepository.unit(db, q.orgUnitId);
  if (!unit) throw notFound('org-unit-not-found', { orgUnitId: q.orgUnitId });
  const before = await repo.setting(db, q.orgUnitId);
  const row = {
    orgUnitId: q.orgUnitId,
    enabled: q.enabled,
    time: q.time,
    kpiKeys: [...new Set(q.kpiKeys)],
    languages: [...new Set(q.languages)],
    updatedAt: now,
    updatedBy: user.id,
  };
  await repo.putSetting(db, row);
  await audit(db, {
    userId: user.id,
    action: 'kpi-report.settings',
    entity: 'kpi-report-setting',
    entityId: q.orgUnitId,
    orgUnitId: q.orgUnitId,
    before: before
      ? { enabled: before.enabled, time: before.time, kpiKeys: before.kpiKeys, languages: before.languages }
      : null,
    after: { enabled: row.enabled, time: row.time, kpiKeys: row.kpiKeys, languages: row.languages },
  });
  return { ...row, halls: hallsUnder(await accessRepository.units(db), q.orgUnitId) };
}
