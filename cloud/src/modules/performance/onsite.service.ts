/**
 * On-site forms (现场评分) from the console: what the scoring page needs (the templates in force, the
 * clerks at counters now with the ticket each is serving, then the other clerks, the counters), the
 * submission — scored by the one rule (`scoreForm`), refused as coded errors naming the item, stored
 * once per form id (a retry, or the same form also forwarded by the hub, is one form), audited — and
 * the forms with names instead of ids.
 */
import { dailyRepository } from './daily.repository.ts';
import type { Db } from '../../db/client.ts';
import { accessRepository } from '../access/access.repository.ts';
import { audit, type SessionUser } from '../access/access.service.ts';
import { addDays, localDate, localInstant } from '../adherence/adherence.time.ts';
import { hallOrThrow, itemParams, refuse } from './onsite.common.ts';
import { actionRows, checkActions, type ActionInput } from './onsite.actions.ts';
import { onsiteRepository as repo, type FormRow } from './onsite.repository.ts';
import { scoreForm } from './onsite.score.ts';
import type { OnsiteAnswer } from './onsite.table.ts';
import { templatesForHall, unitsUp } from './onsite.templates.ts';

/** A form may be sent this long after it was scored (a phone that lost its connection). */
export const MAX_FORM_AGE_DAYS = 62;

/** What the scoring page offers: templates, clerks (at a counter now first), counters, the hall. */
export async function scoringContext(db: Db, hallId: string, now = new Date()) {
  const hall = await hallOrThrow(db, hallId);
  const counterName = new Map((hall.doc.counters ?? []).map((c) => [c.id, c.name]));
  const serviceName = new Map((hall.doc.services ?? []).map((s) => [s.id, s.name]));
  const sessions = await repo.openSessions(db, hallId);
  const inService = await repo.ticketsInService(db, hallId, new Date(now.getTime() - 24 * 3_600_000));
  const ticketAt = new Map<string, (typeof inService)[number]>();
  for (const t of inService)
    if (t.counterId && (!ticketAt.get(t.counterId) || ticketAt.get(t.counterId)!.at < t.at))
      ticketAt.set(t.counterId, t);
  const employees = await repo.employeesOf(db, hallId);
  const byStaff = new Map(employees.map((e) => [e.staffId, e]));
  const atCounter = new Map(sessions.map((s) => [s.staffId, s]));
  const clerks = [
    ...employees.map((e) => ({ staffId: e.staffId, employeeId: e.id as string | null, name: e.name })),
    // Staff the hub knows that the staff module does not (yet): still scorable.
    ...(hall.doc.staff ?? [])
      .filter((s) => !byStaff.has(s.id))
      .map((s) => ({ staffId: s.id, employeeId: null, name: s.name })),
  ].map((c) => {
    const s = atCounter.get(c.staffId);
    const ticket = s ? ticketAt.get(s.counterId) : undefined;
    return {
      ...c,
      counter: s
        ? {
            counterId: s.counterId,
            counterName: counterName.get(s.counterId) ?? s.counterId,
            since: s.openedAt.getTime(),
            ticket: ticket
              ? {
                  ticketNo: ticket.ticketNo,
                  serviceName: serviceName.get(ticket.serviceId) ?? ticket.serviceId,
                  serving: ticket.outcome === 'serving',
                }
              : null,
          }
        : null,
    };
  });
  clerks.sort((a, b) =>
    a.counter && b.counter
      ? a.counter.counterName.localeCompare(b.counter.counterName, 'zh-CN', { numeric: true })
      : a.counter
        ? -1
        : b.counter
          ? 1
          : a.name.localeCompare(b.name, 'zh-CN'),
  );
  return {
    hall: { id: hall.id, name: hall.name, timeZone: hall.timeZone },
    templates: await templatesForHall(db, hallId),
    clerks,
    counters: (hall.doc.counters ?? []).map((c) => ({ id: c.id, name: c.name })),
  };
}

export interface SubmitInput {
  hallId: string;
  formId: string;
  templateId: string;
  templateVersion: number;
  subjectKind: 'clerk' | 'counter' | 'hall';
  subjectId: string;
  counterId?: string | null | undefined;
  ticketNo?: string | null | undefined;
  answers: OnsiteAnswer[];
  signature?: string | null | undefined;
  /** When it was scored, if not now (sent later from a phone that was offline). */
  scoredAt?: number | undefined;
  actions?: ActionInput[] | undefined;
}

/** Scores, checks and stores a form (once per form id); answers its score and whether this call stored it. */
export async function submitForm(db: Db, user: SessionUser, input: SubmitInput, now = new Date()) {
  const hall = await hallOrThrow(db, input.hallId);
  const at = new Date(input.scoredAt ?? now.getTime());
  if (at.getTime() > now.getTime() + 5 * 60_000 || at.getTime() < now.getTime() - MAX_FORM_AGE_DAYS * 86_400_000)
    throw refuse('onsite-scored-at-range', 'scoredAt', { days: MAX_FORM_AGE_DAYS });
  const existing = await repo.form(db, input.formId);
  if (existing) {
    if (existing.hallId !== input.hallId) throw refuse('onsite-form-exists', 'formId', {}, 'CONFLICT');
    return { formId: existing.formId, ...scoreOf(existing), stored: false };
  }
  const row = await repo.template(db, input.templateId, input.templateVersion);
  const unit = await accessRepository.unitOfHall(db, input.hallId);
  if (!row || !unit || !unitsUp(await accessRepository.units(db), unit.id).has(row.orgUnitId))
    throw refuse('onsite-template-not-found', 'templateId', { template: input.templateId }, 'NOT_FOUND');
  const template = row.document;
  if (template.subject !== input.subjectKind) throw refuse('onsite-subject-kind', 'subjectKind');
  let employeeId: string | null = null;
  if (input.subjectKind === 'clerk') {
    const e = await repo.employeeByStaffId(db, input.hallId, input.subjectId);
    if (!e && !(hall.doc.staff ?? []).some((s) => s.id === input.subjectId))
      throw refuse('onsite-subject-unknown', 'subjectId');
    employeeId = e?.id ?? null;
  } else if (input.subjectKind === 'counter') {
    if (!(hall.doc.counters ?? []).some((c) => c.id === input.subjectId))
      throw refuse('onsite-subject-unknown', 'subjectId');
  } else if (input.subjectId !== input.hallId) throw refuse('onsite-subject-unknown', 'subjectId');
  if (input.counterId && !(hall.doc.counters ?? []).some((c) => c.id === input.counterId))
    throw refuse('onsite-subject-unknown', 'counterId');

  // Every item answered (a form with items left out would score as if they were not there).
  const answered = new Set(input.answers.map((a) => a.itemId));
  for (const s of template.sections)
    for (const i of s.items)
      if (!answered.has(i.id)) throw refuse('onsite-item-unanswered', 'answers', itemParams(template, i.id));
  const score = scoreForm(template, input.answers);
  const first = score.errors[0];
  if (first)
    throw refuse(first.code, `answers.${input.answers.findIndex((a) => a.itemId === first.itemId)}`, {
      ...itemParams(template, first.itemId),
    });
  // The photos and the signature must be in the blob store already (uploaded first): the cloud never
  // holds a form whose pictures it cannot show.
  const names = [...input.answers.flatMap((a) => a.photos), ...(input.signature ? [input.signature] : [])];
  const present = await repo.blobsPresent(db, [...new Set(names)]);
  for (const [index, a] of input.answers.entries())
    if (a.photos.some((p) => !present.has(p)))
      throw refuse('onsite-photo-missing', `answers.${index}.photos`, itemParams(template, a.itemId));
  if (input.signature && !present.has(input.signature)) throw refuse('onsite-signature-missing', 'signature');

  const actions = await checkActions(db, {
    hallId: input.hallId,
    template,
    answers: input.answers,
    actions: input.actions ?? [],
    notBefore: localDate(at.getTime(), hall.timeZone),
  });
  const stored = await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const inserted = await repo.insertForm(tx, {
      formId: input.formId,
      hallId: input.hallId,
      templateId: template.id,
      templateVersion: template.version,
      subjectKind: input.subjectKind,
      subjectId: input.subjectId,
      employeeId,
      counterId: input.counterId ?? null,
      ticketNo: input.ticketNo ?? null,
      answers: input.answers,
      points: score.points,
      maxPoints: score.maxPoints,
      criticalFailed: score.criticalFailed,
      scoredBy: `user:${user.id}`,
      signature: input.signature ?? null,
      source: 'console',
      at,
    });
    if (!inserted) return false;
    // A form scored offline days ago changes that day's facts: the nightly run recomputes it.
    await dailyRepository.markDirtyAt(tx, input.hallId, [at], now);
    await repo.insertActions(
      tx,
      actions.map((a) => ({ ...a, hallId: input.hallId, formId: input.formId, createdBy: user.id })),
    );
    await audit(tx, {
      userId: user.id,
      action: 'onsite.form-submitted',
      entity: 'onsite_form',
      entityId: input.formId,
      orgUnitId: unit.id,
      after: {
        template: `${template.id}@${template.version}`,
        subject: `${input.subjectKind}:${input.subjectId}`,
        points: score.points,
        maxPoints: score.maxPoints,
        criticalFailed: score.criticalFailed,
        actions: actions.length,
      },
    });
    return true;
  });
  return {
    formId: input.formId,
    points: score.points,
    maxPoints: score.maxPoints,
    criticalFailed: score.criticalFailed,
    stored,
  };
}

const scoreOf = (f: Pick<FormRow, 'points' | 'maxPoints' | 'criticalFailed'>) => ({
  points: f.points,
  maxPoints: f.maxPoints,
  criticalFailed: f.criticalFailed,
});

/** Names for a set of forms: subjects, counters, scorers, templates (by version). */
async function namesFor(db: Db, hall: Awaited<ReturnType<typeof hallOrThrow>>, forms: readonly FormRow[]) {
  const employeeName = new Map(
    (await repo.employeeNames(db, [...new Set(forms.flatMap((f) => (f.employeeId ? [f.employeeId] : [])))])).map(
      (e) => [e.id, e.name],
    ),
  );
  const staffName = new Map((hall.doc.staff ?? []).map((s) => [s.id, s.name]));
  // A form scored at the hub's page names its scorer `staff:<id>`: the employee of this hall with that
  // staff number (a manager who has left since is no longer in the hub's staff section, still in the table).
  const scorerStaff = [
    ...new Set(forms.flatMap((f) => (f.scoredBy.startsWith('staff:') ? [f.scoredBy.slice(6)] : []))),
  ].slice(0, 200);
  const scorerName = new Map(
    (await repo.staffNames(db, hall.id, scorerStaff)).map((e) => [e.staffId, e.name] as const),
  );
  const counterName = new Map((hall.doc.counters ?? []).map((c) => [c.id, c.name]));
  const userIds = [...new Set(forms.flatMap((f) => (f.scoredBy.startsWith('user:') ? [f.scoredBy.slice(5)] : [])))];
  const userName = new Map<string, string>();
  for (const id of userIds.slice(0, 200)) {
    const u = await accessRepository.user(db, id);
    if (u) userName.set(id, u.name);
  }
  const templates = new Map(
    (
      await repo.templates(db, [
        ...new Map(
          forms.map((f) => [`${f.templateId}@${f.templateVersion}`, { id: f.templateId, version: f.templateVersion }]),
        ).values(),
      ])
    ).map((t) => [`${t.id}@${t.version}`, t.document]),
  );
  return {
    subject: (f: FormRow) =>
      f.subjectKind === 'clerk'
        ? ((f.employeeId && employeeName.get(f.employeeId)) ?? staffName.get(f.subjectId) ?? f.subjectId)
        : f.subjectKind === 'counter'
          ? (counterName.get(f.subjectId) ?? f.subjectId)
          : hall.name,
    counter: (id: string | null) => (id ? (counterName.get(id) ?? id) : null),
    scorer: (by: string) =>
      by.startsWith('user:')
        ? (userName.get(by.slice(5)) ?? by.slice(5))
        : by.startsWith('staff:')
          ? (scorerName.get(by.slice(6)) ?? staffName.get(by.slice(6)) ?? by.slice(6))
          : (staffName.get(by) ?? by),
    template: (f: FormRow) => templates.get(`${f.templateId}@${f.templateVersion}`) ?? null,
  };
}

function listRow(f: FormRow, names: Awaited<ReturnType<typeof namesFor>>, timeZone: string) {
  const t = names.template(f);
  return {
    formId: f.formId,
    at: f.at.getTime(),
    day: localDate(f.at.getTime(), timeZone),
    templateId: f.templateId,
    templateZh: t?.zh ?? f.templateId,
    templateEn: t?.en ?? f.templateId,
    subjectKind: f.subjectKind,
    subjectName: names.subject(f),
    employeeId: f.employeeId,
    counterName: names.counter(f.counterId),
    ticketNo: f.ticketNo,
    ...scoreOf(f),
    failed: f.answers.filter((a) => a.result === 'fail').length,
    scoredBy: names.scorer(f.scoredBy),
    source: f.source,
  };
}

/**
 * A hall's forms over hall-local days [from, to] (at most 92 days, the newest 500); without `to`, up to
 * the hall's today, and without `from`, the 14 days to `to`.
 */
export async function hallForms(db: Db, q: { hallId: string; from?: string | undefined; to?: string | undefined }) {
  const hall = await hallOrThrow(db, q.hallId);
  const to = q.to ?? localDate(Date.now(), hall.timeZone);
  const from = q.from ?? addDays(to, -13);
  if (from > to || addDays(from, 92) < to) throw refuse('onsite-days-range', 'from', { max: 92 });
  const forms = await repo.formsOfHall(
    db,
    q.hallId,
    new Date(localInstant(from, '00:00', hall.timeZone)),
    new Date(localInstant(addDays(to, 1), '00:00', hall.timeZone)),
    500,
  );
  const names = await namesFor(db, hall, forms);
  return {
    hall: { id: hall.id, name: hall.name, timeZone: hall.timeZone },
    from,
    to,
    today: localDate(Date.now(), hall.timeZone),
    forms: forms.map((f) => listRow(f, names, hall.timeZone)),
  };
}

/** An employee's forms (newest 200), in whichever hall they were scored. */
export async function employeeForms(db: Db, employeeId: string) {
  const e = await repo.employee(db, employeeId);
  if (!e) throw refuse('employee-not-found', 'employeeId', {}, 'NOT_FOUND');
  const forms = await repo.formsOfEmployee(db, employeeId, 200);
  const out = [];
  for (const hallId of [...new Set(forms.map((f) => f.hallId))]) {
    const hall = await hallOrThrow(db, hallId);
    const mine = forms.filter((f) => f.hallId === hallId);
    const names = await namesFor(db, hall, mine);
    out.push(
      ...mine.map((f) => ({
        ...listRow(f, names, hall.timeZone),
        hallId,
        hallName: hall.name,
        timeZone: hall.timeZone,
      })),
    );
  }
  return { employee: { id: e.id, name: e.name, hallId: e.hallId }, forms: out.sort((a, b) => b.at - a.at) };
}

/** One form with its template, answers, photos' names, signature and corrective actions. */
export async function formDetail(db: Db, f: FormRow) {
  const hall = await hallOrThrow(db, f.hallId);
  const names = await namesFor(db, hall, [f]);
  return {
    hall: { id: hall.id, name: hall.name, timeZone: hall.timeZone },
    ...listRow(f, names, hall.timeZone),
    template: names.template(f),
    answers: f.answers,
    signature: f.signature,
    actions: await actionRows(db, hall, await repo.actionsOfForm(db, f.formId)),
  };
}

export async function hallForm(db: Db, hallId: string, formId: string) {
  const f = await repo.form(db, formId);
  if (!f || f.hallId !== hallId) throw refuse('onsite-form-not-found', 'formId', {}, 'NOT_FOUND');
  return formDetail(db, f);
}

export async function employeeForm(db: Db, employeeId: string, formId: string) {
  const f = await repo.form(db, formId);
  if (!f || f.employeeId !== employeeId) throw refuse('onsite-form-not-found', 'formId', {}, 'NOT_FOUND');
  return formDetail(db, f);
}
