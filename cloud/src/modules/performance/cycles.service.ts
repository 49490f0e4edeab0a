/**
 * Assessment cycles: flows (versioned configuration), opening a cycle (the draft computed with
 * `kpiValuesFor` over the KPI versions frozen at opening), moving stages (by their actor, or at the
 * deadline by the `performance.cycles` job: a skippable stage moves on, the others are flagged overdue and
 * their actors notified), and what each user may see: a cycle's sheets under their grants and, from
 * calibration on, the spread of totals per rater. The sheet actions are in cycles.sheets.ts.
 */
import type { Db } from '../../db/client.ts';
import { weightedScore } from '../../engines/kpi/index.ts';
import { AppError, type ErrorDetailCode } from '../../errors.ts';
import { accessRepository } from '../access/access.repository.ts';
import { audit, subtree, unitsAllowed, type SessionUser } from '../access/access.service.ts';
import { roleAllows } from '../access/permissions.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { enqueueForUsers } from '../notifications/notifications.service.ts';
import { appliesTo, kpiValuesFor } from './kpi.values.ts';
import { performanceRepository } from './performance.repository.ts';
import {
  daysIn,
  DEFAULT_FLOW,
  DEFAULT_FLOW_KEY,
  distribution,
  flowProblem,
  periodRange,
  sameStages,
  type FlowStage,
  type StageActor,
} from './cycles.flow.ts';
import { cyclesRepository as repo, type CycleRow, type LineRow, type SheetRow } from './cycles.repository.ts';
import type { CyclePeriod } from './cycles.table.ts';

/** Bounds: clerks per cycle, cycles listed, history rows shown. */
export const CYCLE_MAX_SHEETS = 5_000;
const LIST_LIMIT = 200;
export const HISTORY_LIMIT = 500;

export function fail(
  code: 'NOT_FOUND' | 'BAD_REQUEST' | 'CONFLICT' | 'FORBIDDEN',
  detail: ErrorDetailCode,
  message: string,
  params?: Record<string, string | number>,
  fields?: string[],
): AppError {
  const reason = { NOT_FOUND: 'not-found', CONFLICT: 'conflict', FORBIDDEN: 'forbidden', BAD_REQUEST: 'invalid-input' }[
    code
  ] as 'not-found' | 'conflict' | 'forbidden' | 'invalid-input';
  return new AppError(code, message, {
    reason,
    detail: params ? { code: detail, params } : { code: detail },
    ...(fields ? { fields } : {}),
  });
}

// Flows.

/** Version 1 of the default flow, once (concurrent starts: the unique key+version keeps one). */
export async function ensureDefaultFlow(db: Db) {
  if (await repo.latestFlow(db, DEFAULT_FLOW_KEY)) return;
  await repo.insertFlow(db, {
    key: DEFAULT_FLOW.key,
    version: 1,
    name: DEFAULT_FLOW.name,
    stages: DEFAULT_FLOW.stages,
  });
}

export async function listFlows(db: Db) {
  await ensureDefaultFlow(db);
  const rows = await repo.flows(db);
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!latest.has(r.key)) latest.set(r.key, r);
  return [...latest.values()].map((f) => ({
    key: f.key,
    version: f.version,
    name: f.name,
    stages: f.stages,
    versions: rows.filter((r) => r.key === f.key).length,
    createdAt: f.createdAt.getTime(),
  }));
}

/** Saves a flow: validated, and a new version when the stages or name changed (running cycles keep theirs). */
export async function saveFlow(db: Db, user: SessionUser, input: { key: string; name: string; stages: FlowStage[] }) {
  const problem = flowProblem(input.stages);
  if (problem)
    throw fail('BAD_REQUEST', problem.code, `flow: ${problem.code}`, 'params' in problem ? problem.params : undefined, [
      'stages',
    ]);
  await ensureDefaultFlow(db);
  const latest = await repo.latestFlow(db, input.key);
  if (latest && latest.name === input.name && sameStages(latest.stages, input.stages))
    return { key: latest.key, version: latest.version, changed: false };
  const version = (latest?.version ?? 0) + 1;
  if (!(await repo.insertFlow(db, { ...input, version, createdBy: user.id })))
    throw fail('CONFLICT', 'cycle-exists', 'the flow was saved meanwhile; reload it', { key: input.key });
  await audit(db, {
    userId: user.id,
    action: 'cycle-flow.save',
    entity: 'assessment_flow',
    entityId: `${input.key}@${version}`,
    orgUnitId: null,
    before: latest ? { version: latest.version, name: latest.name, stages: latest.stages } : null,
    after: { version, name: input.name, stages: input.stages },
  });
  return { key: input.key, version, changed: true };
}

// Scope and actors.

type Units = Awaited<ReturnType<typeof accessRepository.units>>;

export const hallUnitOf = (units: Units, hallId: string) => units.find((u) => u.hallId === hallId)?.id ?? null;

/** The halls under an org unit (itself when it is a hall). */
export function hallsUnder(units: Units, unitId: string): string[] {
  const ids = subtree(units, unitId);
  return units.filter((u) => ids.has(u.id) && u.hallId).map((u) => u.hallId as string);
}

/**
 * Whether the user may act as `actor` on a sheet of this hall: a grant with performance edit covering the
 * hall, at a hall or above (`hall_manager`), at a region or above (`region_manager`), or at the root (`hq`).
 */
export function mayActAs(user: SessionUser, units: Units, actor: StageActor, hallId: string): boolean {
  if (actor === 'system' || actor === 'clerk') return false;
  const hallUnit = hallUnitOf(units, hallId);
  if (!hallUnit) return false;
  return user.grants.some((g) => {
    if (!roleAllows(g.role, 'performance', 'edit')) return false;
    if (!subtree(units, g.orgUnitId).has(hallUnit)) return false;
    const unit = units.find((u) => u.id === g.orgUnitId);
    if (actor === 'hq') return unit?.parentId === null;
    if (actor === 'region_manager') return g.orgUnitId !== hallUnit;
    return true;
  });
}

/** The owner of a cycle: performance edit at its org unit (may move any stage). */
function isOwner(user: SessionUser, units: Units, cycle: CycleRow) {
  return unitsAllowed(user, units, 'performance', 'edit').has(cycle.orgUnitId);
}

function visibleHalls(user: SessionUser, units: Units): Set<string> {
  const allowed = unitsAllowed(user, units, 'performance', 'view');
  return new Set(units.filter((u) => u.hallId && allowed.has(u.id)).map((u) => u.hallId as string));
}

// Opening.

export type PeriodInput =
  | { kind: 'month'; month: string }
  | { kind: 'quarter'; quarter: string }
  | { kind: 'custom'; from: string; to: string };

const addDaysUtc = (d: Date, days: number) => new Date(d.getTime() + days * 86_400_000);
const utcDate = (d: Date) => d.toISOString().slice(0, 10);

/** The total of a sheet: the weighted mean of its scored lines (too-few lines weigh nothing: renormalised). */
export const totalOf = (lines: ReadonlyArray<Pick<LineRow, 'score' | 'weight' | 'enough'>>) =>
  weightedScore(lines.map((l) => ({ score: l.enough ? l.score : null, weight: l.weight })));

export async function openCycle(
  db: Db,
  user: SessionUser,
  input: {
    orgUnitId: string;
    name?: string | undefined;
    period: PeriodInput;
    flowKey?: string | undefined;
    kpis?: Array<{ key: string; weight: number }> | undefined;
  },
  now = new Date(),
) {
  const { from, to } = periodRange(input.period);
  if (from > to || daysIn(from, to) > 92)
    throw fail('BAD_REQUEST', 'cycle-period-invalid', 'period: from ≤ to, at most 92 days', undefined, ['period']);
  await ensureDefaultFlow(db);
  const flow = await repo.latestFlow(db, input.flowKey ?? DEFAULT_FLOW_KEY);
  if (!flow) throw fail('NOT_FOUND', 'cycle-flow-not-found', 'no such flow', { key: input.flowKey ?? '' }, ['flowKey']);

  // The template: the KPI versions in force now, frozen into the cycle with its weights.
  const inForce = (await performanceRepository.definitionsInForce(db, now)).filter((d) => appliesTo(d, 'clerk'));
  const wanted = input.kpis ?? inForce.map((d) => ({ key: d.key, weight: d.weight }));
  const kpis = wanted.map((k) => {
    const def = inForce.find((d) => d.key === k.key);
    if (!def) throw fail('BAD_REQUEST', 'cycle-kpi-unknown', 'kpis: no such KPI in force', { key: k.key }, ['kpis']);
    return { key: def.key, version: def.version, weight: k.weight };
  });
  if (kpis.filter((k) => k.weight > 0).length === 0)
    throw fail('BAD_REQUEST', 'cycle-no-kpis', 'kpis: at least one with a weight', undefined, ['kpis']);

  const units = await accessRepository.units(db);
  const hallIds = hallsUnder(units, input.orgUnitId);
  // Over in every hall: its last day has ended in each hall's own time zone (a UTC date said "not over"
  // for eight hours after midnight in Shanghai, and "over" before the day ended in New York).
  const zones = (await Promise.all(hallIds.map((id) => hallsRepository.hall(db, id)))).map((h) => h?.timeZone);
  const earliestToday = zones.reduce<string>(
    (min, tz) => {
      const d = tz ? new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(now) : utcDate(now);
      return d < min ? d : min;
    },
    zones.length ? '9999-12-31' : utcDate(now),
  );
  if (to >= earliestToday)
    throw fail('BAD_REQUEST', 'cycle-period-not-over', 'period: it must be over before a cycle opens', { to }, [
      'period',
    ]);
  const staff = await repo.employeesOf(db, hallIds, to);
  if (staff.length === 0)
    throw fail('BAD_REQUEST', 'cycle-no-clerks', 'no clerks in these halls', undefined, ['orgUnitId']);
  if (staff.length > CYCLE_MAX_SHEETS)
    throw fail('BAD_REQUEST', 'cycle-too-large', 'too many clerks for one cycle', { max: CYCLE_MAX_SHEETS }, [
      'orgUnitId',
    ]);

  const defs = (await performanceRepository.definitionsByVersion(db, kpis)).map((d) => ({
    ...d,
    weight: kpis.find((k) => k.key === d.key)?.weight ?? 0,
  }));
  const values = await kpiValuesFor(db, {
    hallIds,
    from,
    to,
    subjectKind: 'clerk',
    subjectIds: staff.map((e) => e.id),
    definitions: defs,
  });
  // A clerk who moved halls within the period is one row over both (kpiValuesFor), under the hall of most days.
  const bySubject = new Map(values.map((v) => [v.subjectId, v]));

  return db.transaction(async (tx) => {
    const existing = (await repo.cycles(tx, LIST_LIMIT)).find(
      (c) => c.status === 'open' && c.orgUnitId === input.orgUnitId && c.periodFrom === from && c.periodTo === to,
    );
    if (existing) throw fail('CONFLICT', 'cycle-exists', 'an open cycle has this unit and period', { id: existing.id });
    const stages = flow.stages;
    // The computed stage is done by opening: the cycle starts at the stage after it.
    const next = stages[1] as FlowStage;
    const cycle = await repo.insertCycle(tx, {
      orgUnitId: input.orgUnitId,
      name: input.name ?? `${from} ~ ${to}`,
      periodKind: input.period.kind as CyclePeriod,
      periodFrom: from,
      periodTo: to,
      flowKey: flow.key,
      flowVersion: flow.version,
      stages,
      kpis,
      stageIndex: 1,
      stageStartedAt: now,
      stageDueAt: next.kind === 'final' ? null : addDaysUtc(now, next.durationDays),
      status: next.kind === 'final' ? 'final' : 'open',
      openedAt: now,
      openedBy: user.id,
      closedAt: next.kind === 'final' ? now : null,
    });
    for (const e of staff) {
      const v = bySubject.get(e.id);
      const lines = kpis.map((k) => {
        const kv = v?.values.find((x) => x.key === k.key);
        const enough = kv ? kv.enough && kv.score !== null : false;
        return {
          kpiKey: k.key,
          kpiVersion: k.version,
          value: kv?.value ?? null,
          computedScore: enough ? (kv?.score ?? null) : null,
          score: enough ? (kv?.score ?? null) : null,
          weight: k.weight,
          sample: kv?.sample ?? null,
          enough,
        };
      });
      const total = totalOf(lines);
      const sheet = await repo.insertSheet(tx, {
        cycleId: cycle.id,
        hallId: e.hallId,
        employeeId: e.id,
        computedTotal: total,
        total,
      });
      await repo.insertLines(
        tx,
        lines.map((l) => ({ ...l, sheetId: sheet.id })),
      );
    }
    await repo.insertEvent(tx, {
      cycleId: cycle.id,
      kind: 'opened',
      stage: 'computed',
      userId: user.id,
      at: now,
      after: { sheets: staff.length, kpis, flow: `${flow.key}@${flow.version}`, from, to },
    });
    await repo.insertEvent(tx, {
      cycleId: cycle.id,
      kind: 'stage.moved',
      stage: 'computed',
      userId: user.id,
      at: now,
      before: { stage: 'computed' },
      after: { stage: next.kind },
    });
    if (next.actor === 'clerk') await tellClerks(tx, cycle, 1, now);
    await audit(tx, {
      userId: user.id,
      action: 'cycle.open',
      entity: 'assessment_cycle',
      entityId: String(cycle.id),
      orgUnitId: input.orgUnitId,
      after: { name: cycle.name, from, to, flow: `${flow.key}@${flow.version}`, kpis, sheets: staff.length },
    });
    return { id: cycle.id, sheets: staff.length };
  });
}

// Reading.

export async function listCycles(db: Db, user: SessionUser) {
  const units = await accessRepository.units(db);
  const allowed = unitsAllowed(user, units, 'performance', 'view');
  const rows = (await repo.cycles(db, LIST_LIMIT)).filter((c) =>
    [...subtree(units, c.orgUnitId)].some((u) => allowed.has(u)),
  );
  const editable = unitsAllowed(user, units, 'performance', 'edit');
  return {
    cycles: rows.map((c) => ({
      ...cycleHead(c),
      orgUnitName: units.find((u) => u.id === c.orgUnitId)?.name ?? c.orgUnitId,
    })),
    /** Where this user may open a cycle (regions before halls). */
    openUnits: units
      .filter((u) => editable.has(u.id))
      .map((u) => ({ id: u.id, name: u.name, kind: u.kind }))
      .sort((a, b) => (a.kind === 'hall' ? 1 : 0) - (b.kind === 'hall' ? 1 : 0) || a.name.localeCompare(b.name)),
  };
}

function cycleHead(c: CycleRow) {
  const stage = c.stages[c.stageIndex] as FlowStage;
  return {
    id: c.id,
    name: c.name,
    orgUnitId: c.orgUnitId,
    periodKind: c.periodKind,
    from: c.periodFrom,
    to: c.periodTo,
    flow: { key: c.flowKey, version: c.flowVersion },
    status: c.status,
    stage: { index: c.stageIndex, kind: stage.kind, actor: stage.actor },
    stageDueAt: c.stageDueAt?.getTime() ?? null,
    overdue: c.overdueAt !== null,
  };
}

/** The stage timeline: per stage, when it began and ended (from the history), its due date, its actor. */
function timeline(c: CycleRow, moves: Array<{ at: Date; from: string }>) {
  const ends = new Map(moves.map((m) => [m.from, m.at.getTime()]));
  let start = c.openedAt.getTime();
  return c.stages.map((s, i) => {
    const endedAt = ends.get(s.kind) ?? null;
    const startedAt = i <= c.stageIndex ? (i === c.stageIndex ? c.stageStartedAt.getTime() : start) : null;
    const row = {
      kind: s.kind,
      actor: s.actor,
      durationDays: s.durationDays,
      skippable: s.skippable,
      appealLimit: s.appealLimit ?? null,
      state: i < c.stageIndex || c.status === 'final' ? 'done' : i === c.stageIndex ? 'current' : 'ahead',
      startedAt,
      endedAt: i < c.stageIndex ? endedAt : null,
      dueAt: i === c.stageIndex ? (c.stageDueAt?.getTime() ?? null) : null,
      overdue: i === c.stageIndex && c.overdueAt !== null,
    };
    if (endedAt !== null) start = endedAt;
    return row;
  });
}

export async function kpiNames(db: Db, c: CycleRow) {
  const defs = await performanceRepository.definitionsByVersion(db, c.kpis);
  return c.kpis.map((k) => {
    const d = defs.find((x) => x.key === k.key && x.version === k.version);
    return {
      key: k.key,
      version: k.version,
      weight: k.weight,
      nameZh: d?.nameZh ?? k.key,
      nameEn: d?.nameEn ?? k.key,
      unit: d?.unit ?? 'count',
      direction: d?.direction ?? 'higher',
    };
  });
}

/** A cycle with the sheets the user may see, and from calibration on the spread of totals per rater. */
export async function cycleDetail(db: Db, user: SessionUser, cycleId: number) {
  const c = await repo.cycle(db, cycleId);
  const units = await accessRepository.units(db);
  const halls = visibleHalls(user, units);
  const sheets = c ? (await repo.sheetsOf(db, c.id)).filter((s) => halls.has(s.hallId)) : [];
  if (!c || (sheets.length === 0 && !unitsAllowed(user, units, 'performance', 'view').has(c.orgUnitId)))
    throw fail('NOT_FOUND', 'cycle-not-found', 'no such cycle here', { id: cycleId });
  const [names, hallNames, events, appeals] = await Promise.all([
    repo.employeeNames(
      db,
      sheets.map((s) => s.employeeId),
    ),
    repo.hallNames(db, [...new Set(sheets.map((s) => s.hallId))]),
    repo.eventsOf(db, { cycleId: c.id }, HISTORY_LIMIT),
    repo.appealsOf(
      db,
      sheets.map((s) => s.id),
    ),
  ]);
  const raters = await repo.userNames(db, [
    ...new Set(sheets.map((s) => s.reviewedBy).filter((x): x is string => !!x)),
  ]);
  const moves = events
    .filter((e) => e.kind === 'stage.moved')
    .map((e) => ({ at: e.at, from: (e.before as { stage: string }).stage }));
  const stage = c.stages[c.stageIndex] as FlowStage;
  const calibrating = c.stages.findIndex((s) => s.kind === 'calibration');
  return {
    ...cycleHead(c),
    orgUnitName: units.find((u) => u.id === c.orgUnitId)?.name ?? c.orgUnitId,
    kpis: await kpiNames(db, c),
    timeline: timeline(c, moves),
    /** The owner moves any stage; a manager at manager review finishes their halls' review. */
    canAdvance:
      c.status === 'open' &&
      (isOwner(user, units, c) ||
        (stage.kind === 'manager-review' &&
          sheets.some((s) => s.reviewedBy === null && mayActAs(user, units, stage.actor, s.hallId)))),
    sheets: sheets.map((s) => ({
      id: s.id,
      hallId: s.hallId,
      hallName: hallNames.find((h) => h.id === s.hallId)?.name ?? s.hallId,
      employeeId: s.employeeId,
      name: names.find((n) => n.id === s.employeeId)?.name ?? '',
      staffId: names.find((n) => n.id === s.employeeId)?.staffId ?? '',
      computedTotal: s.computedTotal,
      total: s.total,
      selfSubmitted: s.selfSubmittedAt !== null,
      acknowledged: s.acknowledgedAt !== null,
      reviewedBy: raters.find((r) => r.id === s.reviewedBy)?.name ?? null,
      openAppeals: appeals.filter((a) => a.sheetId === s.id && a.status === 'open').length,
      appeals: appeals.filter((a) => a.sheetId === s.id).length,
    })),
    /** Per rater (the manager who reviewed; else the hall): count, mean, quartiles of the current totals. */
    raters: calibrating >= 0 && c.stageIndex >= calibrating ? raterSpread(sheets, raters, hallNames) : null,
  };
}

function raterSpread(
  sheets: SheetRow[],
  raters: Array<{ id: string; name: string }>,
  hallNames: Array<{ id: string; name: string }>,
) {
  const groups = new Map<string, { rater: string | null; hallIds: Set<string>; totals: number[] }>();
  for (const s of sheets) {
    const k = s.reviewedBy ?? `hall:${s.hallId}`;
    const g = groups.get(k) ?? (groups.set(k, { rater: s.reviewedBy, hallIds: new Set(), totals: [] }).get(k) as never);
    g.hallIds.add(s.hallId);
    if (s.total !== null) g.totals.push(s.total);
  }
  return [...groups.values()].map((g) => ({
    raterName: g.rater ? (raters.find((r) => r.id === g.rater)?.name ?? null) : null,
    halls: [...g.hallIds].map((h) => hallNames.find((x) => x.id === h)?.name ?? h),
    ...distribution(g.totals),
  }));
}

// Moving stages.

/**
 * Moves an open cycle (locked by the caller's transaction) to its next stage; the appeal stage does not
 * end with appeals unanswered. Reaching `final` closes the cycle.
 */
export async function moveOn(
  tx: Db,
  c: CycleRow,
  o: { userId: string | null; why: 'advanced' | 'deadline' | 'completed'; reason?: string | undefined; now: Date },
) {
  const stage = c.stages[c.stageIndex] as FlowStage;
  if (stage.kind === 'appeal' && (await repo.openAppealCount(tx, c.id)) > 0)
    throw fail('CONFLICT', 'cycle-appeals-open', 'answer the open appeals first', { id: c.id });
  const next = c.stages[c.stageIndex + 1] as FlowStage;
  const final = next.kind === 'final';
  await repo.updateCycle(tx, c.id, {
    stageIndex: c.stageIndex + 1,
    stageStartedAt: o.now,
    stageDueAt: final ? null : addDaysUtc(o.now, next.durationDays),
    overdueAt: null,
    ...(final ? { status: 'final' as const, closedAt: o.now } : {}),
  });
  await repo.insertEvent(tx, {
    cycleId: c.id,
    kind: 'stage.moved',
    stage: stage.kind,
    userId: o.userId,
    at: o.now,
    before: { stage: stage.kind },
    after: { stage: next.kind, why: o.why },
    reason: o.reason ?? null,
  });
  if (next.actor === 'clerk' || next.kind === 'appeal') await tellClerks(tx, c, c.stageIndex + 1, o.now);
  await audit(tx, {
    userId: o.userId,
    action: 'cycle.stage',
    entity: 'assessment_cycle',
    entityId: String(c.id),
    orgUnitId: c.orgUnitId,
    before: { stage: stage.kind },
    after: { stage: next.kind, why: o.why, reason: o.reason ?? null },
  });
  return next.kind;
}

/**
 * The actor ends the current stage: the cycle's owner moves it on; a manager acting at this stage over
 * some of its halls marks those halls' sheets reviewed, and the stage moves on once every sheet is.
 */
export async function advanceCycle(
  db: Db,
  user: SessionUser,
  input: { cycleId: number; reason?: string | undefined },
  now = new Date(),
) {
  const units = await accessRepository.units(db);
  return db.transaction(async (tx) => {
    const c = await repo.cycleForUpdate(tx, input.cycleId);
    const halls = visibleHalls(user, units);
    const sheets = c ? await repo.sheetsOf(tx, c.id) : [];
    if (!c || (!sheets.some((s) => halls.has(s.hallId)) && !isOwner(user, units, c)))
      throw fail('NOT_FOUND', 'cycle-not-found', 'no such cycle here', { id: input.cycleId });
    if (c.status === 'final') throw fail('CONFLICT', 'cycle-final', 'the cycle is final', { id: c.id });
    const stage = c.stages[c.stageIndex] as FlowStage;
    const mine = [...new Set(sheets.map((s) => s.hallId))].filter((h) => mayActAs(user, units, stage.actor, h));
    if (stage.kind === 'manager-review' && mine.length) await repo.markReviewed(tx, c.id, mine, user.id, now);
    if (isOwner(user, units, c))
      return { stage: await moveOn(tx, c, { userId: user.id, why: 'advanced', reason: input.reason, now }) };
    if (!mine.length || stage.kind !== 'manager-review')
      throw fail('FORBIDDEN', 'cycle-not-actor', 'not yours to act at this stage', { stage: stage.kind });
    await repo.insertEvent(tx, {
      cycleId: c.id,
      kind: 'reviewed',
      stage: stage.kind,
      userId: user.id,
      at: now,
      after: { halls: mine },
      reason: input.reason ?? null,
    });
    const left = (await repo.sheetsOf(tx, c.id)).filter((s) => s.reviewedBy === null).length;
    return { stage: left === 0 ? await moveOn(tx, c, { userId: user.id, why: 'completed', now }) : stage.kind };
  });
}

/** The clerks are told when a stage of theirs begins (self-review, acknowledgement, the appeal window). */
async function tellClerks(tx: Db, c: CycleRow, index: number, now: Date) {
  const next = c.stages[index] as FlowStage;
  const sheets = await repo.sheetsOf(tx, c.id);
  const userIds = (
    await repo.employeeNames(
      tx,
      sheets.map((s) => s.employeeId),
    )
  )
    .map((e) => e.userId)
    .filter((x): x is string => !!x);
  if (userIds.length === 0) return;
  const names = STAGE_NAMES[next.kind] ?? { zh: next.kind, en: next.kind };
  const due = addDaysUtc(now, next.durationDays).toISOString().slice(0, 10);
  await enqueueForUsers(tx, {
    dedupeKey: `cycle:${c.id}:stage:${index}:begun`,
    userIds,
    via: ['email'],
    now,
    render: (lang) =>
      lang === 'zh-CN'
        ? {
            subject: `考核「${c.name}」进入${names.zh}阶段`,
            body: `请在 ${due} 前到「我的考核」中完成${names.zh}。`,
          }
        : {
            subject: `Assessment "${c.name}": ${names.en} has begun`,
            body: `Please see My assessments before ${due}.`,
          },
  });
}

// Deadlines.

const STAGE_NAMES: Record<string, { zh: string; en: string }> = {
  'self-review': { zh: '自评', en: 'self-review' },
  'manager-review': { zh: '经理评审', en: 'manager review' },
  calibration: { zh: '校准', en: 'calibration' },
  acknowledgement: { zh: '员工确认', en: 'acknowledgement' },
  appeal: { zh: '申诉', en: 'appeal' },
};

/** Who must act on a cycle's current stage: clerks who have not, or the managers of the actor's role. */
async function actorsOf(db: Db, c: CycleRow, stage: FlowStage): Promise<string[]> {
  const sheets = await repo.sheetsOf(db, c.id);
  if (stage.actor === 'clerk') {
    const pending = sheets.filter((s) => (stage.kind === 'self-review' ? !s.selfSubmittedAt : !s.acknowledgedAt));
    return (
      await repo.employeeNames(
        db,
        pending.map((s) => s.employeeId),
      )
    )
      .map((e) => e.userId)
      .filter((x): x is string => !!x);
  }
  const units = await accessRepository.units(db);
  const hallUnits = [...new Set(sheets.map((s) => hallUnitOf(units, s.hallId)).filter((x): x is string => !!x))];
  const above = (id: string): string[] => {
    const u = units.find((x) => x.id === id);
    return u?.parentId ? [u.parentId, ...above(u.parentId)] : [];
  };
  const root = units.find((u) => u.parentId === null)?.id;
  const at =
    stage.actor === 'hall_manager'
      ? hallUnits
      : stage.actor === 'region_manager'
        ? [...new Set(hallUnits.flatMap(above))].filter((u) => u !== root)
        : root
          ? [root]
          : [];
  const roles = stage.actor === 'hq' ? ['administrator'] : [stage.actor];
  return (await repo.usersWithRoles(db, roles, at)).map((r) => r.userId);
}

/**
 * The deadline job: each open cycle whose stage is due moves on when the stage may be skipped (the appeal
 * window too, once no appeal waits for an answer); otherwise the stage is flagged overdue once and whoever
 * must act is notified.
 */
export async function checkDeadlines(db: Db, now = new Date()) {
  let moved = 0;
  let flagged = 0;
  let notified = 0;
  for (const due of await repo.dueCycles(db, now, 500)) {
    const outcome = await db.transaction(async (tx) => {
      const c = await repo.cycleForUpdate(tx, due.id);
      if (!c || c.status !== 'open' || !c.stageDueAt || c.stageDueAt > now) return null;
      const stage = c.stages[c.stageIndex] as FlowStage;
      const openAppeals = stage.kind === 'appeal' ? await repo.openAppealCount(tx, c.id) : 0;
      if ((stage.skippable || stage.kind === 'appeal') && openAppeals === 0) {
        await moveOn(tx, c, { userId: null, why: 'deadline', now });
        return 'moved' as const;
      }
      if (c.overdueAt) return null;
      await repo.updateCycle(tx, c.id, { overdueAt: now });
      await repo.insertEvent(tx, { cycleId: c.id, kind: 'stage.overdue', stage: stage.kind, at: now });
      await audit(tx, {
        userId: null,
        action: 'cycle.overdue',
        entity: 'assessment_cycle',
        entityId: String(c.id),
        orgUnitId: c.orgUnitId,
        after: { stage: stage.kind, dueAt: c.stageDueAt.toISOString() },
      });
      return { c, stage };
    });
    if (outcome === 'moved') moved += 1;
    else if (outcome) {
      flagged += 1;
      const { c, stage } = outcome;
      const names = STAGE_NAMES[stage.kind] ?? { zh: stage.kind, en: stage.kind };
      notified += await enqueueForUsers(db, {
        dedupeKey: `cycle:${c.id}:stage:${c.stageIndex}:overdue`,
        userIds: await actorsOf(db, c, stage),
        via: ['email'],
        now,
        render: (lang) =>
          lang === 'zh-CN'
            ? {
                subject: `考核「${c.name}」${names.zh}已逾期`,
                body: `考核「${c.name}」的${names.zh}阶段已过截止时间，请尽快处理。`,
              }
            : {
                subject: `Assessment "${c.name}": ${names.en} is overdue`,
                body: `The ${names.en} stage of the assessment "${c.name}" is past its deadline; please act on it.`,
              },
      });
    }
  }
  return { moved, flagged, notified };
}
