/**
 * A cycle's sheets: what a manager and the clerk see (lines with value, score, weight, adjustments,
 * appeals, history) and what each may do at the current stage — the clerk comments and rates lines at
 * self-review, acknowledges, appeals lines within the appeal window and limit; the stage's manager adjusts
 * a line with a reason at manager review and calibration, and answers appeals. Every step is written to
 * the cycle's history and the audit log in the same transaction; the total is recomputed with the weights.
 */
import type { Db } from '../../db/client.ts';
import { accessRepository } from '../access/access.repository.ts';
import { audit, type SessionUser } from '../access/access.service.ts';
import { enqueueForUsers } from '../notifications/notifications.service.ts';
import { staffRepository } from '../staff/staff.repository.ts';
import type { FlowStage } from './cycles.flow.ts';
import { cyclesRepository as repo, type CycleRow, type SheetRow } from './cycles.repository.ts';
import { fail, HISTORY_LIMIT, kpiNames, mayActAs, moveOn, totalOf } from './cycles.service.ts';

const stageOf = (c: CycleRow) => c.stages[c.stageIndex] as FlowStage;

async function sheetView(db: Db, c: CycleRow, s: SheetRow, user: SessionUser, as: 'manager' | 'clerk') {
  const units = await accessRepository.units(db);
  const [lines, appeals, events, kpis, names, hall] = await Promise.all([
    repo.linesOf(db, [s.id]),
    repo.appealsOf(db, [s.id]),
    repo
      .eventsOf(db, { cycleId: c.id, sheetId: s.id }, HISTORY_LIMIT)
      // A clerk sees their sheet's steps and the cycle's own (opened, stages moving on), not other
      // halls' reviews and their managers' reasons.
      .then((list) =>
        as === 'clerk'
          ? list.filter((e) => e.sheetId !== null || e.kind === 'opened' || e.kind === 'stage.moved')
          : list,
      ),
    kpiNames(db, c),
    repo.employeeNames(db, [s.employeeId]),
    repo.hallNames(db, [s.hallId]),
  ]);
  const people = await repo.userNames(db, [
    ...new Set(
      [
        ...events.map((e) => e.userId),
        ...lines.map((l) => l.adjustedBy),
        ...appeals.map((a) => a.answeredBy),
        s.reviewedBy,
      ].filter((x): x is string => !!x),
    ),
  ]);
  const who = (id: string | null) => (id ? (people.find((p) => p.id === id)?.name ?? null) : null);
  const stage = stageOf(c);
  const open = c.status === 'open';
  const appealStage = c.stages.find((x) => x.kind === 'appeal');
  const appealWindowOpen = open && stage.kind === 'appeal' && (c.stageDueAt === null || c.stageDueAt > new Date());
  return {
    id: s.id,
    cycle: {
      id: c.id,
      name: c.name,
      from: c.periodFrom,
      to: c.periodTo,
      status: c.status,
      stage: { kind: stage.kind, actor: stage.actor },
      stageDueAt: c.stageDueAt?.getTime() ?? null,
      overdue: c.overdueAt !== null,
    },
    hallId: s.hallId,
    hallName: hall[0]?.name ?? s.hallId,
    employeeId: s.employeeId,
    name: names[0]?.name ?? '',
    computedTotal: s.computedTotal,
    total: s.total,
    selfComment: s.selfComment,
    selfSubmittedAt: s.selfSubmittedAt?.getTime() ?? null,
    acknowledgedAt: s.acknowledgedAt?.getTime() ?? null,
    reviewedBy: who(s.reviewedBy),
    lines: lines.map((l) => {
      const k = kpis.find((x) => x.key === l.kpiKey);
      const a = appeals.find((x) => x.lineId === l.id);
      return {
        id: l.id,
        key: l.kpiKey,
        version: l.kpiVersion,
        nameZh: k?.nameZh ?? l.kpiKey,
        nameEn: k?.nameEn ?? l.kpiKey,
        unit: k?.unit ?? 'count',
        value: l.value,
        computedScore: l.computedScore,
        score: l.score,
        weight: l.weight,
        sample: l.sample,
        enough: l.enough,
        selfRating: l.selfRating,
        selfComment: l.selfComment,
        adjustment: l.adjustReason
          ? { by: who(l.adjustedBy), reason: l.adjustReason, at: l.adjustedAt?.getTime() ?? null }
          : null,
        appeal: a
          ? {
              id: a.id,
              reason: a.reason,
              status: a.status,
              filedAt: a.filedAt.getTime(),
              answer: a.answer,
              scoreBefore: a.scoreBefore,
              newScore: a.newScore,
              answeredBy: who(a.answeredBy),
              answeredAt: a.answeredAt?.getTime() ?? null,
            }
          : null,
      };
    }),
    history: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      stage: e.stage,
      by: who(e.userId),
      at: e.at.getTime(),
      lineId: e.lineId,
      before: e.before,
      after: e.after,
      reason: e.reason,
    })),
    appealLimit: appealStage?.appealLimit ?? 0,
    appealsUsed: appeals.length,
    can:
      as === 'clerk'
        ? {
            selfReview: open && stage.kind === 'self-review' && !s.selfSubmittedAt,
            acknowledge: open && stage.kind === 'acknowledgement' && !s.acknowledgedAt,
            appeal: appealWindowOpen && appeals.length < (appealStage?.appealLimit ?? 0),
            adjust: false,
            answer: false,
          }
        : {
            selfReview: false,
            acknowledge: false,
            appeal: false,
            adjust:
              open &&
              (stage.kind === 'manager-review' || stage.kind === 'calibration') &&
              mayActAs(user, units, stage.actor, s.hallId),
            answer: open && stage.kind === 'appeal' && mayActAs(user, units, stage.actor, s.hallId),
          },
  };
}

/** A manager's view of a sheet of their hall (the router checked the hall). */
async function hallSheet(db: Db, hallId: string, sheetId: number) {
  const s = await repo.sheet(db, sheetId);
  const c = s && s.hallId === hallId ? await repo.cycle(db, s.cycleId) : null;
  if (!s || !c) throw fail('NOT_FOUND', 'cycle-sheet-not-found', 'no such sheet in this hall', { id: sheetId });
  return { s, c };
}

export async function managerSheet(db: Db, user: SessionUser, input: { hallId: string; sheetId: number }) {
  const { s, c } = await hallSheet(db, input.hallId, input.sheetId);
  return sheetView(db, c, s, user, 'manager');
}

/** The clerk's own sheet: anyone else's is not found (a clerk sees only themself). */
async function ownSheet(db: Db, user: SessionUser, sheetId: number) {
  const e = await repo.employeeOfUser(db, user.id);
  if (!e) throw fail('NOT_FOUND', 'employee-not-linked', 'no employee record is linked to this account');
  const s = await repo.sheet(db, sheetId);
  const c = s && s.employeeId === e.id ? await repo.cycle(db, s.cycleId) : null;
  if (!s || !c) throw fail('NOT_FOUND', 'cycle-sheet-not-found', 'no such sheet of yours', { id: sheetId });
  return { s, c, e };
}

export async function mySheets(db: Db, user: SessionUser) {
  const e = await repo.employeeOfUser(db, user.id);
  if (!e) return [];
  return (await repo.sheetsOfEmployee(db, e.id)).map(({ sheet, cycle }) => {
    const stage = stageOf(cycle);
    const open = cycle.status === 'open';
    return {
      id: sheet.id,
      cycleName: cycle.name,
      from: cycle.periodFrom,
      to: cycle.periodTo,
      status: cycle.status,
      stage: stage.kind,
      stageDueAt: cycle.stageDueAt?.getTime() ?? null,
      total: sheet.total,
      /** Something waits for the clerk at this stage. */
      actionNeeded:
        open &&
        ((stage.kind === 'self-review' && !sheet.selfSubmittedAt) ||
          (stage.kind === 'acknowledgement' && !sheet.acknowledgedAt) ||
          stage.kind === 'appeal'),
    };
  });
}

/** An employee's sheets in every cycle, newest first (the staff record's 考核 section). */
export async function sheetsOfEmployee(db: Db, employeeId: string) {
  return (await repo.sheetsOfEmployee(db, employeeId)).map(({ sheet, cycle }) => ({
    id: sheet.id,
    cycleId: cycle.id,
    hallId: sheet.hallId,
    name: cycle.name,
    from: cycle.periodFrom,
    to: cycle.periodTo,
    status: cycle.status,
    stage: stageOf(cycle).kind,
    score: sheet.total,
  }));
}

export async function mySheet(db: Db, user: SessionUser, sheetId: number) {
  const { s, c } = await ownSheet(db, user, sheetId);
  return sheetView(db, c, s, user, 'clerk');
}

/** After a clerk's step: a clerk stage whose every sheet is done moves on by itself. */
async function completeIfAllDone(tx: Db, c: CycleRow, userId: string, now: Date) {
  const stage = stageOf(c);
  const sheets = await repo.sheetsOf(tx, c.id);
  const done =
    stage.kind === 'self-review'
      ? sheets.every((x) => x.selfSubmittedAt)
      : stage.kind === 'acknowledgement'
        ? sheets.every((x) => x.acknowledgedAt)
        : false;
  if (done) await moveOn(tx, c, { userId, why: 'completed', now });
}

/** Locks the cycle and checks it is at one of `kinds`. */
async function lockedAt(tx: Db, cycleId: number, kinds: string[]) {
  const c = await repo.cycleForUpdate(tx, cycleId);
  if (!c) throw fail('NOT_FOUND', 'cycle-not-found', 'no such cycle', { id: cycleId });
  if (c.status === 'final') throw fail('CONFLICT', 'cycle-final', 'the cycle is final', { id: c.id });
  const stage = stageOf(c);
  if (!kinds.includes(stage.kind))
    throw fail('CONFLICT', 'cycle-wrong-stage', `not possible at ${stage.kind}`, { stage: stage.kind });
  return { c, stage };
}

async function unitOf(db: Db, hallId: string) {
  return (await accessRepository.unitOfHall(db, hallId))?.id ?? null;
}

export async function selfReview(
  db: Db,
  user: SessionUser,
  input: {
    sheetId: number;
    comment?: string | undefined;
    lines: Array<{ lineId: number; rating?: number | undefined; comment?: string | undefined }>;
  },
  now = new Date(),
) {
  const { s } = await ownSheet(db, user, input.sheetId);
  const orgUnitId = await unitOf(db, s.hallId);
  await db.transaction(async (tx) => {
    const { c, stage } = await lockedAt(tx, s.cycleId, ['self-review']);
    const fresh = (await repo.sheet(tx, s.id)) as SheetRow;
    if (fresh.selfSubmittedAt) throw fail('CONFLICT', 'cycle-wrong-stage', 'already submitted', { stage: stage.kind });
    const lines = await repo.linesOf(tx, [s.id]);
    for (const l of input.lines) {
      if (!lines.some((x) => x.id === l.lineId))
        throw fail('NOT_FOUND', 'cycle-line-not-found', 'no such line on this sheet', { id: l.lineId }, ['lines']);
      await repo.updateLine(tx, l.lineId, { selfRating: l.rating ?? null, selfComment: l.comment ?? null });
    }
    await repo.updateSheet(tx, s.id, { selfComment: input.comment ?? null, selfSubmittedAt: now });
    const after = { comment: input.comment ?? null, lines: input.lines };
    await repo.insertEvent(tx, {
      cycleId: c.id,
      sheetId: s.id,
      kind: 'self-review',
      stage: stage.kind,
      userId: user.id,
      at: now,
      after,
    });
    await audit(tx, {
      userId: user.id,
      action: 'cycle.self-review',
      entity: 'assessment_sheet',
      entityId: String(s.id),
      orgUnitId,
      after,
    });
    await completeIfAllDone(tx, c, user.id, now);
  });
  return mySheet(db, user, s.id);
}

export async function acknowledge(db: Db, user: SessionUser, input: { sheetId: number }, now = new Date()) {
  const { s } = await ownSheet(db, user, input.sheetId);
  const orgUnitId = await unitOf(db, s.hallId);
  await db.transaction(async (tx) => {
    const { c, stage } = await lockedAt(tx, s.cycleId, ['acknowledgement']);
    const fresh = (await repo.sheet(tx, s.id)) as SheetRow;
    if (fresh.acknowledgedAt) return;
    await repo.updateSheet(tx, s.id, { acknowledgedAt: now });
    await repo.insertEvent(tx, {
      cycleId: c.id,
      sheetId: s.id,
      kind: 'acknowledged',
      stage: stage.kind,
      userId: user.id,
      at: now,
      after: { total: fresh.total },
    });
    await audit(tx, {
      userId: user.id,
      action: 'cycle.acknowledge',
      entity: 'assessment_sheet',
      entityId: String(s.id),
      orgUnitId,
      after: { total: fresh.total },
    });
    await completeIfAllDone(tx, c, user.id, now);
  });
  return mySheet(db, user, s.id);
}

export async function fileAppeal(
  db: Db,
  user: SessionUser,
  input: { sheetId: number; lineId: number; reason: string },
  now = new Date(),
) {
  const { s } = await ownSheet(db, user, input.sheetId);
  const orgUnitId = await unitOf(db, s.hallId);
  await db.transaction(async (tx) => {
    const { c, stage } = await lockedAt(tx, s.cycleId, ['appeal']);
    if (c.stageDueAt && c.stageDueAt <= now)
      throw fail('CONFLICT', 'cycle-appeal-closed', 'the appeal window has closed', { at: c.stageDueAt.toISOString() });
    const line = await repo.line(tx, input.lineId);
    if (!line || line.sheetId !== s.id)
      throw fail('NOT_FOUND', 'cycle-line-not-found', 'no such line on this sheet', { id: input.lineId }, ['lineId']);
    const appeals = await repo.appealsOf(tx, [s.id]);
    if (appeals.some((a) => a.lineId === line.id))
      throw fail('CONFLICT', 'cycle-appeal-exists', 'this line has an appeal already', { id: line.id });
    const limit = stage.appealLimit ?? 0;
    if (appeals.length >= limit)
      throw fail('BAD_REQUEST', 'cycle-appeal-limit', 'no more appeals on this sheet', { limit }, ['lineId']);
    const appeal = await repo.insertAppeal(tx, {
      sheetId: s.id,
      lineId: line.id,
      reason: input.reason,
      filedBy: user.id,
      filedAt: now,
      scoreBefore: line.score,
    });
    if (!appeal) throw fail('CONFLICT', 'cycle-appeal-exists', 'this line has an appeal already', { id: line.id });
    const after = { appealId: appeal.id, kpi: line.kpiKey, score: line.score };
    await repo.insertEvent(tx, {
      cycleId: c.id,
      sheetId: s.id,
      lineId: line.id,
      kind: 'appeal.filed',
      stage: stage.kind,
      userId: user.id,
      at: now,
      after,
      reason: input.reason,
    });
    await audit(tx, {
      userId: user.id,
      action: 'cycle.appeal',
      entity: 'assessment_sheet',
      entityId: String(s.id),
      orgUnitId,
      after: { ...after, reason: input.reason },
    });
  });
  return mySheet(db, user, s.id);
}

/** A manager adjusts a line's score with a reason (manager review, calibration). */
export async function adjustLine(
  db: Db,
  user: SessionUser,
  input: { hallId: string; sheetId: number; lineId: number; score: number; reason: string },
  now = new Date(),
) {
  const { s } = await hallSheet(db, input.hallId, input.sheetId);
  // Nobody adjusts their own score (a manager's sheet is their own manager's to adjust).
  if ((await staffRepository.get(db, s.employeeId))?.userId === user.id)
    throw fail('FORBIDDEN', 'decision-own-record', 'your own sheet is for your manager to adjust');
  const units = await accessRepository.units(db);
  const orgUnitId = await unitOf(db, s.hallId);
  await db.transaction(async (tx) => {
    const { c, stage } = await lockedAt(tx, s.cycleId, ['manager-review', 'calibration']);
    if (!mayActAs(user, units, stage.actor, s.hallId))
      throw fail('FORBIDDEN', 'cycle-not-actor', 'not yours to act at this stage', { stage: stage.kind });
    const line = await repo.line(tx, input.lineId);
    if (!line || line.sheetId !== s.id)
      throw fail('NOT_FOUND', 'cycle-line-not-found', 'no such line on this sheet', { id: input.lineId }, ['lineId']);
    if (!line.enough)
      throw fail('BAD_REQUEST', 'cycle-line-not-scored', 'too few for a score', { id: line.id }, ['lineId']);
    await repo.updateLine(tx, line.id, {
      score: input.score,
      adjustedBy: user.id,
      adjustReason: input.reason,
      adjustedAt: now,
    });
    const lines = (await repo.linesOf(tx, [s.id])).map((l) => (l.id === line.id ? { ...l, score: input.score } : l));
    const total = totalOf(lines);
    await repo.updateSheet(tx, s.id, {
      total,
      ...(stage.kind === 'manager-review' ? { reviewedBy: user.id, reviewedAt: now } : {}),
    });
    const before = { score: line.score, total: s.total };
    const after = { score: input.score, total };
    await repo.insertEvent(tx, {
      cycleId: c.id,
      sheetId: s.id,
      lineId: line.id,
      kind: 'adjusted',
      stage: stage.kind,
      userId: user.id,
      at: now,
      before,
      after,
      reason: input.reason,
    });
    await audit(tx, {
      userId: user.id,
      action: 'cycle.adjust',
      entity: 'assessment_line',
      entityId: String(line.id),
      orgUnitId,
      before,
      after: { ...after, reason: input.reason, kpi: line.kpiKey },
    });
  });
  return managerSheet(db, user, { hallId: input.hallId, sheetId: s.id });
}

/** The appeal stage's manager answers: accept with a new score, or reject with a reason. */
export async function answerAppeal(
  db: Db,
  user: SessionUser,
  input: {
    hallId: string;
    appealId: number;
    decision: 'accept' | 'reject';
    newScore?: number | undefined;
    reason?: string | undefined;
  },
  now = new Date(),
) {
  const appeal = await repo.appeal(db, input.appealId);
  const s = appeal ? await repo.sheet(db, appeal.sheetId) : null;
  if (!appeal || !s || s.hallId !== input.hallId)
    throw fail('NOT_FOUND', 'cycle-appeal-not-found', 'no such appeal in this hall', { id: input.appealId });
  if (input.decision === 'accept' && input.newScore === undefined)
    throw fail('BAD_REQUEST', 'cycle-new-score-required', 'newScore: required to accept', undefined, ['newScore']);
  if (input.decision === 'reject' && !input.reason)
    throw fail('BAD_REQUEST', 'cycle-reason-required', 'reason: required to reject', undefined, ['reason']);
  const units = await accessRepository.units(db);
  const orgUnitId = await unitOf(db, s.hallId);
  let cycleName = '';
  await db.transaction(async (tx) => {
    const { c, stage } = await lockedAt(tx, s.cycleId, ['appeal']);
    cycleName = c.name;
    if (!mayActAs(user, units, stage.actor, s.hallId))
      throw fail('FORBIDDEN', 'cycle-not-actor', 'not yours to act at this stage', { stage: stage.kind });
    const fresh = await repo.appeal(tx, appeal.id);
    if (fresh?.status !== 'open')
      throw fail('CONFLICT', 'cycle-appeal-answered', 'answered already', { id: appeal.id });
    const line = await repo.line(tx, appeal.lineId);
    const status = input.decision === 'accept' ? ('accepted' as const) : ('rejected' as const);
    await repo.updateAppeal(tx, appeal.id, {
      status,
      answer: input.reason ?? null,
      newScore: input.decision === 'accept' ? (input.newScore ?? null) : null,
      answeredBy: user.id,
      answeredAt: now,
    });
    let total = s.total;
    if (input.decision === 'accept' && line) {
      // An accepted appeal on a too-few line gives it a score: it then weighs in the total.
      await repo.updateLine(tx, line.id, { score: input.newScore ?? null, enough: true });
      const lines = (await repo.linesOf(tx, [s.id])).map((l) =>
        l.id === line.id ? { ...l, score: input.newScore ?? null, enough: true } : l,
      );
      total = totalOf(lines);
      await repo.updateSheet(tx, s.id, { total });
    }
    const before = { score: line?.score ?? null, total: s.total };
    const after = { status, score: input.decision === 'accept' ? input.newScore : (line?.score ?? null), total };
    await repo.insertEvent(tx, {
      cycleId: c.id,
      sheetId: s.id,
      lineId: appeal.lineId,
      kind: `appeal.${status}`,
      stage: stage.kind,
      userId: user.id,
      at: now,
      before,
      after,
      reason: input.reason ?? null,
    });
    await audit(tx, {
      userId: user.id,
      action: 'cycle.appeal-answer',
      entity: 'assessment_appeal',
      entityId: String(appeal.id),
      orgUnitId,
      before,
      after: { ...after, reason: input.reason ?? null },
    });
  });
  const clerk = (await repo.employeeNames(db, [s.employeeId]))[0];
  if (clerk?.userId)
    await enqueueForUsers(db, {
      dedupeKey: `cycle-appeal:${appeal.id}:answered`,
      userIds: [clerk.userId],
      via: ['email'],
      hallId: s.hallId,
      now,
      render: (lang) =>
        lang === 'zh-CN'
          ? { subject: `您在「${cycleName}」的申诉已有答复`, body: '请在「我的考核」中查看答复。' }
          : { subject: `Your appeal in "${cycleName}" was answered`, body: 'See the answer under My assessments.' },
    });
  return managerSheet(db, user, { hallId: input.hallId, sheetId: s.id });
}
