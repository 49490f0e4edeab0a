/**
 * Skill levels by criteria (技能等级): which rules judge a hall (the nearest rule set up the org tree),
 * the evaluation (per active employee and service: the level the rules give against the employee's
 * level → proposals with the evidence), and a manager's decision — a confirmed proposal changes the
 * employee's skills through the staff module (which writes the hub's `staff` section, so the queue's
 * skill routing and the roster engine follow), keeps a history row, tells the clerk. Every change is
 * audited here (the evaluation as the system, decisions as the manager).
 */
import type { Db } from '../../db/client.ts';
import { AppError, type ErrorDetailCode } from '../../errors.ts';
import { accessRepository } from '../access/access.repository.ts';
import { audit } from '../access/access.service.ts';
import { localInstant } from '../adherence/adherence.time.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { notificationsRepository } from '../notifications/notifications.repository.ts';
import { enqueueForUsers } from '../notifications/notifications.service.ts';
import { staffRepository } from '../staff/staff.repository.ts';
import { addDays, localDay, updateEmployee } from '../staff/staff.service.ts';
import { DEFAULT_KPIS } from './defaults.ts';
import { kpiValuesFor } from './kpi.values.ts';
import { performanceRepository, type KpiDefinitionRow } from './performance.repository.ts';
import { skillsRepository as repo, type SkillProposalRow, type SkillRuleSetRow } from './skills.repository.ts';
import { DEFAULT_SKILL_RULES, judgeLevel, proposalFor, type SkillFigures, type SkillRules } from './skills.rules.ts';

/** A rejected proposal is not made again for this long (unless the figures give another level). */
export const REJECTION_QUIET_DAYS = 28;

export function fail(
  code: 'NOT_FOUND' | 'BAD_REQUEST' | 'CONFLICT' | 'FORBIDDEN',
  detail: ErrorDetailCode,
  message: string,
  params?: Record<string, string | number>,
  fields?: string[],
): AppError {
  return new AppError(code, message, {
    ...(fields ? { fields } : {}),
    detail: { code: detail, ...(params ? { params } : {}) },
  });
}

async function hallOrThrow(db: Db, hallId: string) {
  const hall = await hallsRepository.hall(db, hallId);
  if (!hall) throw fail('NOT_FOUND', 'hall-not-found', `no hall ${hallId}`, { hall: hallId }, ['hallId']);
  return hall;
}

export const hallUnit = async (db: Db, hallId: string) => (await accessRepository.unitOfHall(db, hallId))?.id ?? null;

/** The hall's services as its config names them. */
export async function servicesOf(db: Db, hallId: string) {
  const config = await hallsRepository.config(db, hallId);
  return ((config?.document.services as Array<{ id: string; name: string }> | undefined) ?? []).map((s) => ({
    id: s.id,
    name: s.name,
  }));
}

/** The default rules at the root of the org tree, once (a second process finds them written). */
export async function seedDefaultSkillRules(db: Db): Promise<SkillRuleSetRow> {
  const units = await accessRepository.units(db);
  const root = units.find((u) => u.parentId === null);
  if (!root) throw fail('NOT_FOUND', 'org-unit-not-found', 'the organisation has no root unit');
  const [existing] = await repo.latestRuleSets(db, [root.id]);
  if (existing) return existing;
  await repo.insertRuleSet(db, { orgUnitId: root.id, rules: DEFAULT_SKILL_RULES, createdBy: null, version: 1 });
  const [row] = await repo.latestRuleSets(db, [root.id]);
  return row as SkillRuleSetRow;
}

/** The rules judging a hall: the newest version at the nearest unit up the tree that has one (seeded if none). */
export async function rulesForHall(db: Db, hallId: string): Promise<SkillRuleSetRow> {
  const units = await accessRepository.units(db);
  const byId = new Map(units.map((u) => [u.id, u]));
  const chain: string[] = [];
  for (let u = units.find((x) => x.hallId === hallId); u && chain.length < 32; u = byId.get(u.parentId ?? ''))
    chain.push(u.id);
  const sets = new Map((await repo.latestRuleSets(db, chain)).map((s) => [s.orgUnitId, s]));
  for (const id of chain) {
    const s = sets.get(id);
    if (s) return s;
  }
  return seedDefaultSkillRules(db);
}

/** Saves the unit's rules as a new version (validated by the router's schema). */
export async function saveSkillRules(db: Db, q: { orgUnitId: string; rules: SkillRules }, by: string) {
  const unit = await accessRepository.unit(db, q.orgUnitId);
  if (!unit) throw fail('NOT_FOUND', 'org-unit-not-found', `no org unit ${q.orgUnitId}`, undefined, ['orgUnitId']);
  const [before] = await repo.latestRuleSets(db, [q.orgUnitId]);
  const row = await repo.insertRuleSet(db, { orgUnitId: q.orgUnitId, rules: q.rules, createdBy: by });
  if (!row)
    throw fail('CONFLICT', 'skill-rules-changed', 'the rules were saved by someone else at the same time', {
      unit: unit.name,
    });
  await audit(db, {
    userId: by,
    action: 'skill-rules.saved',
    entity: 'skill_rule_set',
    entityId: `${q.orgUnitId}:${row.version}`,
    orgUnitId: q.orgUnitId,
    before: before ? { version: before.version, rules: before.rules } : null,
    after: { version: row.version, rules: row.rules },
  });
  return { id: row.id, version: row.version };
}

/** The `rating` KPI as the catalogue has it now (its default before the catalogue is written). */
async function ratingDefinition(db: Db): Promise<KpiDefinitionRow | null> {
  const inForce = (await performanceRepository.definitionsInForce(db)).find((d) => d.key === 'rating');
  if (inForce) return inForce;
  const draft = DEFAULT_KPIS.find((d) => d.key === 'rating');
  return draft
    ? {
        ...draft,
        id: 0,
        version: 0,
        retiredAt: null,
        createdAt: new Date(0),
        createdBy: null,
        appliesTo: draft.appliesTo,
      }
    : null;
}

export interface EvaluationResult {
  hallId: string;
  windowFrom: string;
  windowTo: string;
  ruleSetVersion: number;
  employees: number;
  proposed: number;
  kept: number;
  superseded: number;
}

/**
 * Judges every active employee of the hall for each service the hall offers that they have a level in
 * or served in the window, over the window that ends yesterday (hall-local), and writes proposals:
 * a new one where the level differs (one pending per employee and service: running again proposes
 * nothing new), and a waiting one whose level no longer follows is superseded. Idempotent.
 */
export async function evaluateHall(db: Db, hallId: string, now = new Date()): Promise<EvaluationResult> {
  const hall = await hallOrThrow(db, hallId);
  const ruleSet = await rulesForHall(db, hallId);
  const rules = ruleSet.rules;
  const windowTo = addDays(localDay(now, hall.timeZone), -1);
  const windowFrom = addDays(windowTo, -(rules.windowDays - 1));
  const [people, services, figures, rating] = await Promise.all([
    repo.activeEmployees(db, hallId),
    servicesOf(db, hallId),
    repo.ticketFigures(
      db,
      hallId,
      new Date(localInstant(windowFrom, '00:00', hall.timeZone)),
      new Date(localInstant(addDays(windowTo, 1), '00:00', hall.timeZone)),
    ),
    ratingDefinition(db),
  ]);
  const kpi = await kpiValuesFor(db, {
    hallIds: [hallId],
    from: windowFrom,
    to: windowTo,
    subjectKind: 'clerk',
    subjectIds: people.flatMap((p) => [p.id, `staff:${p.staffId}`]),
    definitions: rating ? [rating] : [],
  });
  const bySubject = new Map(kpi.map((k) => [k.subjectId, k]));
  // Exams count only where the hall's clerks have taken any in the window: else the criterion is unknown.
  const examsRecorded = kpi.some((k) => (k.facts.exams ?? 0) > 0);
  const hallRated = kpi.some((k) => (k.facts.ratings ?? 0) > 0);
  const serviceIds = new Set(services.map((s) => s.id));
  const tickets = new Map<string, { served: number; median: number }>();
  for (const c of figures.clerks) tickets.set(`${c.staffId}|${c.serviceId}`, { served: c.served, median: c.median });
  const rejected = new Set(
    (await repo.rejectedSince(db, hallId, new Date(now.getTime() - REJECTION_QUIET_DAYS * 86_400_000))).map(
      (r) => `${r.employeeId}|${r.serviceId}|${r.fromLevel}|${r.toLevel}`,
    ),
  );
  const pending = new Map((await repo.pendingOfHall(db, hallId)).map((p) => [`${p.employeeId}|${p.serviceId}`, p]));
  const result: EvaluationResult = {
    hallId,
    windowFrom,
    windowTo,
    ruleSetVersion: ruleSet.version,
    employees: people.length,
    proposed: 0,
    kept: 0,
    superseded: 0,
  };
  const newProposals: SkillProposalRow[] = [];
  for (const p of people) {
    const k = bySubject.get(p.id) ?? bySubject.get(`staff:${p.staffId}`);
    const facts = k?.facts ?? {};
    const ratingValue = k?.values.find((v) => v.key === 'rating');
    const judged = new Set(
      [
        ...Object.keys(p.skills),
        ...figures.clerks.filter((c) => c.staffId === p.staffId).map((c) => c.serviceId),
      ].filter((s) => serviceIds.has(s)),
    );
    for (const serviceId of judged) {
      const t = tickets.get(`${p.staffId}|${serviceId}`);
      const f: SkillFigures = {
        served: t?.served ?? 0,
        medianHandleSeconds: t ? Math.round(t.median) : null,
        hallMedianHandleSeconds: figures.hallMedians.has(serviceId)
          ? Math.round(figures.hallMedians.get(serviceId) as number)
          : null,
        rating: hallRated ? (ratingValue?.value ?? null) : null,
        ratings: facts.ratings ?? 0,
        examsPassed: examsRecorded ? (facts.exams_passed ?? 0) : null,
        criticalFails: facts.onsite_critical_fails ?? 0,
        errors: facts.errors ?? 0,
      };
      const evidence = judgeLevel(rules, serviceId, f);
      const proposal = proposalFor(rules, p.skills[serviceId] ?? null, evidence);
      const waiting = pending.get(`${p.id}|${serviceId}`);
      if (waiting && (!proposal || proposal.toLevel !== waiting.toLevel || proposal.fromLevel !== waiting.fromLevel)) {
        if (await repo.updateProposalIf(db, waiting.id, 'pending', { status: 'superseded', decidedAt: now }))
          result.superseded++;
      } else if (waiting) {
        result.kept++;
        continue;
      }
      if (!proposal || rejected.has(`${p.id}|${serviceId}|${proposal.fromLevel}|${proposal.toLevel}`)) continue;
      const row = await repo.insertProposal(db, {
        hallId,
        employeeId: p.id,
        serviceId,
        fromLevel: proposal.fromLevel,
        toLevel: proposal.toLevel,
        evidence,
        ruleSetId: ruleSet.id,
        windowFrom,
        windowTo,
        createdAt: now,
      });
      if (row) {
        result.proposed++;
        newProposals.push(row);
      } else result.kept++;
    }
  }
  const orgUnitId = await hallUnit(db, hallId);
  await audit(db, {
    userId: null,
    action: 'skill-levels.evaluated',
    entity: 'hall',
    entityId: hallId,
    orgUnitId,
    after: { ...result, proposals: newProposals.map((p) => p.id) },
  });
  if (newProposals.length > 0 && orgUnitId) {
    const managers = await notificationsRepository.usersWithRoleAt(db, ['hall_manager'], [orgUnitId]);
    const waitingNow = (await repo.pendingOfHall(db, hallId)).length;
    await enqueueForUsers(db, {
      dedupeKey: `skill-proposals|${hallId}|${windowTo}`,
      userIds: managers.map((m) => m.id),
      via: ['email'],
      hallId,
      now,
      render: (lang) =>
        lang === 'zh-CN'
          ? {
              subject: `${hall.name}：${waitingNow} 项技能等级调整待确认`,
              body: `依据 ${windowFrom} 至 ${windowTo} 的业绩，有 ${waitingNow} 项技能等级调整建议等待您确认或驳回。`,
            }
          : {
              subject: `${hall.name}: ${waitingNow} skill level changes to confirm`,
              body: `From the figures of ${windowFrom} to ${windowTo}, ${waitingNow} skill level changes wait for you to confirm or reject.`,
            },
    });
  }
  return result;
}

/** The hall's proposals (pending first) with names, for its managers. */
export async function hallProposals(db: Db, hallId: string) {
  const hall = await hallOrThrow(db, hallId);
  const [rows, services, people] = await Promise.all([
    repo.proposalsOfHall(db, hallId, 200),
    servicesOf(db, hallId),
    staffRepository.list(db, { hallId, limit: 1000, offset: 0 }),
  ]);
  const names = new Map(people.rows.map((e) => [e.id, e.name]));
  const ruleSet = await rulesForHall(db, hallId);
  return {
    hall: { id: hall.id, name: hall.name, orgUnitId: await hallUnit(db, hallId) },
    services,
    rules: { version: ruleSet.version, orgUnitId: ruleSet.orgUnitId, rules: ruleSet.rules },
    proposals: rows.map((p) => ({ ...p, employeeName: names.get(p.employeeId) ?? null })),
  };
}

/**
 * A manager's decision on a waiting proposal. Confirm: the employee's level for the service becomes
 * the proposed one through the staff module (a new hall config version with the `staff` section), a
 * history row, the clerk told. Reject: needs a reason. Refused when the proposal was decided already or
 * the employee's level changed since it was made (judged on stale facts).
 */
export async function decideProposal(
  db: Db,
  user: { id: string },
  q: { hallId: string; proposalId: number; decision: 'confirmed' | 'rejected'; reason?: string | undefined },
  now = new Date(),
) {
  const p = await repo.proposal(db, q.proposalId);
  if (!p || p.hallId !== q.hallId)
    throw fail('NOT_FOUND', 'skill-proposal-not-found', `no proposal ${q.proposalId}`, undefined, ['proposalId']);
  const reason = q.reason?.trim() || null;
  if (q.decision === 'rejected' && !reason)
    throw fail('BAD_REQUEST', 'decision-reason-missing', 'a rejection needs a reason', undefined, ['reason']);
  if (p.status !== 'pending')
    throw fail('CONFLICT', 'skill-proposal-not-pending', 'the proposal was decided already', { status: p.status });
  const employee = await staffRepository.get(db, p.employeeId);
  // Moved to another hall since: this hall's manager no longer decides their levels.
  if (!employee || employee.hallId !== q.hallId)
    throw fail('NOT_FOUND', 'employee-not-found', `no employee ${p.employeeId} in ${q.hallId}`);
  // Nobody confirms (or turns down) their own level.
  if (employee.userId === user.id)
    throw fail('FORBIDDEN', 'decision-own-record', 'a proposal about yourself is for your manager');
  const orgUnitId = await hallUnit(db, q.hallId);
  const decided = { status: q.decision, decidedBy: user.id, decidedAt: now, reason } as const;
  let version: number | null = null;
  const done = await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const row = await repo.updateProposalIf(tx, p.id, 'pending', decided);
    if (!row)
      throw fail('CONFLICT', 'skill-proposal-not-pending', 'the proposal was decided already', { status: 'decided' });
    if (q.decision === 'rejected') return row;
    const current = employee.skills[p.serviceId] ?? null;
    if (current !== p.fromLevel)
      throw fail('CONFLICT', 'skill-level-changed', 'the level changed since the proposal was made', {
        level: current ?? 0,
      });
    const skills = { ...employee.skills, [p.serviceId]: p.toLevel };
    const updated = await updateEmployee(tx, { employeeId: employee.id, skills }, user.id);
    version = updated.version;
    await repo.insertHistory(tx, {
      employeeId: employee.id,
      hallId: p.hallId,
      serviceId: p.serviceId,
      fromLevel: p.fromLevel,
      toLevel: p.toLevel,
      evidence: p.evidence,
      proposalId: p.id,
      by: user.id,
      at: now,
    });
    await audit(tx, {
      userId: user.id,
      action: 'employee.updated',
      entity: 'employee',
      entityId: employee.id,
      orgUnitId,
      before: { skills: employee.skills },
      after: { skills, proposalId: p.id },
    });
    return row;
  });
  await audit(db, {
    userId: user.id,
    action: `skill-proposal.${q.decision}`,
    entity: 'skill_proposal',
    entityId: String(p.id),
    orgUnitId,
    before: { status: p.status },
    after: { status: done.status, reason, version },
  });
  if (q.decision === 'confirmed' && employee.userId) {
    const service = (await servicesOf(db, p.hallId)).find((s) => s.id === p.serviceId)?.name ?? p.serviceId;
    await enqueueForUsers(db, {
      dedupeKey: `skill-level|${p.id}`,
      userIds: [employee.userId],
      via: ['email', 'sms'],
      hallId: p.hallId,
      now,
      render: (lang) => levelChangedText(lang, service, p.fromLevel, p.toLevel),
    });
  }
  return { id: done.id, status: done.status, version };
}

const LEVEL_ZH = ['', '一级（学习）', '二级（独立）', '三级（专家）'];
const LEVEL_EN = ['', 'level 1 (learning)', 'level 2 (independent)', 'level 3 (expert)'];

/** The clerk's message when a level changes (their language). */
export function levelChangedText(lang: 'zh-CN' | 'en', service: string, from: number | null, to: number) {
  if (lang === 'zh-CN') {
    const subject = `您的「${service}」技能等级已调整为${LEVEL_ZH[to]}`;
    return { subject, body: from ? `${subject}（原为${LEVEL_ZH[from]}）。` : `${subject}。` };
  }
  const subject = `Your skill level for ${service} is now ${LEVEL_EN[to]}`;
  return { subject, body: from ? `${subject} (was ${LEVEL_EN[from]}).` : `${subject}.` };
}
