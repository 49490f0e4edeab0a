/**
 * Training plans by rules (培训计划): rules as configuration per org unit (plans.table.ts), evaluated by
 * the daily `training.plans` job (and when a rule is saved) into assignments for the clerks of its halls:
 * - `new-hire`: clerks whose start date is within `withinDays` get the rule's courses, due `dueDays`
 *   after their start;
 * - `launch`: a material about the rule's business type, new since the rule exists (a product launched),
 *   goes to the clerks who serve that business type, due `dueDays` after it was published;
 * - `policy`: a material or a new version tagged with the rule's skill (a policy changed) goes to every
 *   clerk, due `dueDays` after — a new version is read again.
 * An assignment is done when the clerk confirms reading it (not when the rule names an exam), attends a
 * session of its course, or passes the rule's exam. The same run sends reminders (two days before the due
 * date, and once when overdue) through the notification platform, in each clerk's language.
 */
import type { Db } from '../../db/client.ts';
import { AppError, refuse } from '../../errors.ts';
import { allows, audit, type SessionUser, subtree, unitsAllowed } from '../access/access.service.ts';
import { enqueueForUsers } from '../notifications/index.ts';
import { addDays, localDay } from '../staff/staff.service.ts';
import { examsRepository } from './exams.repository.ts';
import { plansRepository as repo, type AssignmentRow, type RuleRow } from './plans.repository.ts';
import type { PlanTrigger } from './plans.table.ts';
import { sessionsRepository } from './sessions.repository.ts';
import { suggestionsRepository } from './suggestions.repository.ts';
import { employeeOf } from './sessions.service.ts';
import { trainingRepository } from './training.repository.ts';

export const PLANS_JOB = 'training.plans';
export const PLANS_CRON = '30 7 * * *';
export const REMIND_DAYS = 2;
const TZ = 'Asia/Shanghai';

export interface RuleInput {
  name: string;
  orgUnitId: string;
  trigger: PlanTrigger;
  withinDays?: number | undefined;
  serviceId?: string | undefined;
  skill?: string | undefined;
  materialSeriesIds: number[];
  examId?: number | undefined;
  dueDays: number;
  roles: Array<'clerk' | 'lead' | 'manager'>;
  active: boolean;
}

const forbidden = () =>
  new AppError('FORBIDDEN', 'needs training edit where the rule is kept', { reason: 'forbidden' });

async function checkedRule(db: Db, input: RuleInput) {
  const name = input.name.trim();
  if (!name) throw refuse('training-title-empty', 'name');
  if (input.trigger === 'new-hire') {
    if (!input.withinDays) throw refuse('training-plan-field', 'withinDays');
    if (input.materialSeriesIds.length === 0) throw refuse('training-plan-field', 'materialSeriesIds');
  }
  if (input.trigger === 'launch' && !input.serviceId) throw refuse('training-plan-field', 'serviceId');
  if (input.trigger === 'policy' && !(input.skill ?? '').trim()) throw refuse('training-plan-field', 'skill');
  for (const id of input.materialSeriesIds)
    if ((await trainingRepository.series(db, id)).length === 0)
      throw refuse('training-material-not-found', 'materialSeriesIds', {}, 'NOT_FOUND');
  if (input.examId !== undefined && !(await examsRepository.exam(db, input.examId)))
    throw refuse('training-exam-not-found', 'examId', {}, 'NOT_FOUND');
  return {
    name,
    orgUnitId: input.orgUnitId,
    trigger: input.trigger,
    withinDays: input.trigger === 'new-hire' ? (input.withinDays ?? null) : null,
    serviceId: input.trigger === 'launch' ? (input.serviceId ?? null) : null,
    skill: input.trigger === 'policy' ? (input.skill ?? '').trim() : null,
    materialSeriesIds: input.trigger === 'new-hire' ? [...new Set(input.materialSeriesIds)] : [],
    examId: input.examId ?? null,
    dueDays: input.dueDays,
    roles: [...new Set(input.roles)],
    active: input.active,
  };
}

/** Creates or changes a rule (audited), then plans at once. */
export async function saveRule(
  db: Db,
  user: SessionUser,
  q: { id?: number | undefined; rule: RuleInput },
  now = new Date(),
) {
  if (!(await sessionsRepository.units(db)).some((u) => u.id === q.rule.orgUnitId))
    throw refuse('org-unit-not-found', 'orgUnitId', {}, 'NOT_FOUND');
  if (!(await allows(db, user, 'training', 'edit', q.rule.orgUnitId))) throw forbidden();
  const row = await checkedRule(db, q.rule);
  let id = q.id;
  await db.transaction(async (tx) => {
    if (id === undefined) {
      id = (await repo.insertRule(tx, { ...row, createdBy: user.id })).id;
    } else {
      const before = await repo.rule(tx, id);
      if (!before) throw refuse('training-plan-not-found', 'id', {}, 'NOT_FOUND');
      if (!(await allows(tx, user, 'training', 'edit', before.orgUnitId))) throw forbidden();
      await repo.updateRule(tx, id, row);
    }
    await audit(tx, {
      userId: user.id,
      action: q.id === undefined ? 'training.plan.created' : 'training.plan.changed',
      entity: 'training_plan_rule',
      entityId: String(id),
      orgUnitId: row.orgUnitId,
      after: row,
    });
  });
  const run = await runPlans(db, now, { ruleIds: [id as number] });
  return { id: id as number, assigned: run.assigned };
}

export interface PlansRun {
  rules: number;
  assigned: number;
  done: number;
  reminded: number;
  overdue: number;
}

/** Evaluates the active rules (or some), closes what was done, and sends the reminders that are due. */
export async function runPlans(db: Db, now = new Date(), o: { ruleIds?: number[] } = {}): Promise<PlansRun> {
  const today = localDay(now, TZ);
  const units = await sessionsRepository.units(db);
  const rules = (await repo.rules(db)).filter((r) => r.active && (!o.ruleIds || o.ruleIds.includes(r.id)));
  const out: PlansRun = { rules: rules.length, assigned: 0, done: 0, reminded: 0, overdue: 0 };
  const fresh = rules.some((r) => r.trigger !== 'new-hire')
    ? await repo.newMaterials(db, new Date(Math.min(...rules.map((r) => r.createdAt.getTime()))))
    : [];
  for (const rule of rules) {
    const under = subtree(units, rule.orgUnitId);
    const hallIds = units.filter((u) => u.hallId && under.has(u.id)).map((u) => u.hallId as string);
    const people = (await repo.employeesOf(db, hallIds)).filter((e) => rule.roles.includes(e.role));
    const rows = [];
    if (rule.trigger === 'new-hire') {
      const since = addDays(today, -(rule.withinDays ?? 30));
      const courses = await repo.inForce(db, rule.materialSeriesIds);
      for (const e of people.filter((p) => p.startDate && p.startDate >= since))
        for (const c of courses)
          rows.push({
            employeeId: e.id,
            hallId: e.hallId,
            ruleId: rule.id,
            materialSeriesId: c.seriesId,
            materialId: c.id,
            examId: rule.examId,
            occasion: 'hire',
            dueOn: addDays(e.startDate as string, rule.dueDays),
          });
    } else {
      const triggered = fresh.filter(
        (m) =>
          m.createdAt >= rule.createdAt &&
          (rule.trigger === 'launch'
            ? m.serviceIds.includes(rule.serviceId as string)
            : m.skills.includes(rule.skill as string)),
      );
      for (const m of triggered) {
        const due = addDays(localDay(m.createdAt, TZ), rule.dueDays);
        const who =
          rule.trigger === 'launch' ? people.filter((p) => (p.skills[rule.serviceId as string] ?? 0) >= 1) : people;
        for (const e of who)
          rows.push({
            employeeId: e.id,
            hallId: e.hallId,
            ruleId: rule.id,
            materialSeriesId: m.seriesId,
            materialId: m.id,
            examId: rule.examId,
            occasion: `m:${m.id}`,
            dueOn: due,
          });
      }
    }
    out.assigned += (await repo.insertAssignments(db, rows)).length;
  }
  if (o.ruleIds) return out;

  // Done by a session attended or an exam passed since it was assigned.
  const open = await repo.open(db);
  const people = [...new Set(open.map((x) => x.employeeId))];
  const attended = await suggestionsRepository.attended(db, people, [...new Set(open.map((x) => x.materialSeriesId))]);
  const passed = await repo.passed(db, people, [
    ...new Set(open.map((x) => x.examId).filter((x): x is number => x !== null)),
  ]);
  const stillOpen: AssignmentRow[] = [];
  for (const x of open) {
    const exam =
      x.examId !== null &&
      passed.find((p) => p.employeeId === x.employeeId && p.examId === x.examId && p.at && p.at >= x.createdAt);
    const session =
      x.examId === null &&
      attended.find(
        (s) => s.employeeId === x.employeeId && s.seriesId === x.materialSeriesId && s.endsAt >= x.createdAt,
      );
    if (exam || session) {
      await repo.markDone(db, x.id, exam ? 'exam' : 'session', now);
      out.done++;
    } else stillOpen.push(x);
  }

  // Reminders: due within two days (once), and overdue (once).
  const employees = new Map(
    (await repo.employeesOf(db, [...new Set(stillOpen.map((x) => x.hallId))])).map((e) => [e.id, e]),
  );
  const titles = new Map(
    (await repo.inForce(db, [...new Set(stillOpen.map((x) => x.materialSeriesId))])).map((m) => [m.seriesId, m.title]),
  );
  const soon = stillOpen.filter((x) => !x.remindedAt && x.dueOn >= today && x.dueOn <= addDays(today, REMIND_DAYS));
  const late = stillOpen.filter((x) => !x.overdueNoticeAt && x.dueOn < today);
  for (const [list, kind] of [
    [soon, 'due'],
    [late, 'overdue'],
  ] as const) {
    for (const x of list) {
      const userId = employees.get(x.employeeId)?.userId;
      const title = titles.get(x.materialSeriesId) ?? '';
      if (userId)
        await enqueueForUsers(db, {
          dedupeKey: `training-plan|${kind}|${x.id}`,
          userIds: [userId],
          via: ['email', 'sms'],
          hallId: x.hallId,
          now,
          render: (lang) =>
            lang === 'en'
              ? kind === 'due'
                ? {
                    subject: `Training due ${x.dueOn}: ${title}`,
                    body: `Please complete "${title}" by ${x.dueOn} (我的培训 in the console).`,
                  }
                : {
                    subject: `Training overdue: ${title}`,
                    body: `"${title}" was due on ${x.dueOn}. Please complete it soon.`,
                  }
              : kind === 'due'
                ? { subject: `培训提醒：${title}`, body: `请于 ${x.dueOn} 前完成「${title}」（控制台「我的培训」）。` }
                : { subject: `培训已逾期：${title}`, body: `「${title}」应于 ${x.dueOn} 前完成，请尽快完成。` },
        });
    }
    await repo.setReminded(
      db,
      list.map((x) => x.id),
      kind === 'due' ? 'remindedAt' : 'overdueNoticeAt',
      now,
    );
    if (kind === 'due') out.reminded += list.length;
    else out.overdue += list.length;
  }
  return out;
}

/**
 * The rules the caller may read (training view), with their units' names: those of the units they see,
 * and those of the units above them — a region's rule plans a hall manager's clerks, so it is theirs to read.
 */
export async function listRules(db: Db, user: SessionUser) {
  const units = await sessionsRepository.units(db);
  const visible = unitsAllowed(user, units, 'training', 'view');
  const rows = (await repo.rules(db)).filter(
    (r) => visible.has(r.orgUnitId) || [...subtree(units, r.orgUnitId)].some((id) => visible.has(id)),
  );
  const names = new Map(units.map((u) => [u.id, u.name]));
  const titles = new Map(
    (await repo.inForce(db, [...new Set(rows.flatMap((r) => r.materialSeriesIds))])).map((m) => [m.seriesId, m.title]),
  );
  // The exam by its title: a region's exam is not in a hall manager's list of exams.
  const exams = new Map<number, string | null>();
  for (const id of new Set(rows.map((r) => r.examId).filter((x): x is number => x !== null)))
    exams.set(id, (await examsRepository.exam(db, id))?.title ?? null);
  return rows.map((r: RuleRow) => ({
    ...r,
    unitName: names.get(r.orgUnitId) ?? r.orgUnitId,
    examTitle: r.examId === null ? null : (exams.get(r.examId) ?? null),
    courses: r.materialSeriesIds.map((id) => ({ seriesId: id, title: titles.get(id) ?? null })),
  }));
}

/** Assignments of the halls under the caller's training view, and each hall's completion. */
export async function listAssignments(
  db: Db,
  user: SessionUser,
  q: { hallId?: string | undefined; status?: AssignmentRow['status'] | undefined },
  now = new Date(),
) {
  const units = await sessionsRepository.units(db);
  const visible = unitsAllowed(user, units, 'training', 'view');
  const hallIds = units.filter((u) => u.hallId && visible.has(u.id)).map((u) => u.hallId as string);
  const wanted = q.hallId ? hallIds.filter((h) => h === q.hallId) : hallIds;
  const today = localDay(now, TZ);
  const rows = await repo.ofHalls(db, wanted, { status: q.status });
  const titles = new Map(
    (await repo.inForce(db, [...new Set(rows.map((r) => r.assignment.materialSeriesId))])).map((m) => [
      m.seriesId,
      m.title,
    ]),
  );
  const halls = new Map((await sessionsRepository.hallNames(db, wanted)).map((h) => [h.id, h.name]));
  const completion = await repo.completion(db, wanted, today);
  return {
    today,
    halls: completion.map((c) => ({ ...c, hallName: halls.get(c.hallId) ?? c.hallId })),
    rows: rows.map((r) => ({
      ...r.assignment,
      employeeName: r.name,
      hallName: halls.get(r.assignment.hallId) ?? r.assignment.hallId,
      title: titles.get(r.assignment.materialSeriesId) ?? null,
      overdue: r.assignment.status === 'open' && r.assignment.dueOn < today,
    })),
  };
}

/** A clerk's plan: what is assigned to them, due when, done how. */
export async function myAssignments(db: Db, user: SessionUser, now = new Date()) {
  const e = await employeeOf(db, user);
  const today = localDay(now, TZ);
  const rows = await repo.ofEmployee(db, e.id);
  const titles = new Map(
    (await repo.inForce(db, [...new Set(rows.map((r) => r.materialSeriesId))])).map((m) => [m.seriesId, m]),
  );
  return rows
    .filter((r) => r.status !== 'cancelled')
    .map((r) => ({
      ...r,
      title: titles.get(r.materialSeriesId)?.title ?? null,
      /** The version in force to open (the one assigned may have been replaced since). */
      openMaterialId: titles.get(r.materialSeriesId)?.id ?? r.materialId,
      overdue: r.status === 'open' && r.dueOn < today,
    }));
}

/** A clerk confirms having read an assigned material (not when its rule asks for an exam). */
export async function confirmRead(db: Db, user: SessionUser, assignmentId: number, now = new Date()) {
  const e = await employeeOf(db, user);
  const x = await repo.assignment(db, assignmentId);
  if (!x || x.employeeId !== e.id) throw refuse('training-plan-not-found', 'assignmentId', {}, 'NOT_FOUND');
  if (x.examId !== null) throw refuse('training-plan-needs-exam', 'assignmentId', {}, 'CONFLICT');
  if (x.status !== 'open') return { status: x.status };
  await repo.markDone(db, x.id, 'read', now);
  return { status: 'done' as const };
}
