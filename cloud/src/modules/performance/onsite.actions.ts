/**
 * Corrective actions (整改) opened from a failed item of an on-site form: an owner in the hall (an
 * employee, or a console user of the hall), a hall-local due day, a description; closed with a note.
 * Overdue (still open after its day) actions are notified once to the owner and the hall's managers by
 * the hourly check (`notifyOverdueActions`; hourly because each hall's day begins at its own hour).
 */
import { randomUUID } from 'node:crypto';
import type { ChecklistTemplate } from '@hall/devices';
import type { Db } from '../../db/client.ts';
import { accessRepository } from '../access/access.repository.ts';
import { audit, type SessionUser } from '../access/access.service.ts';
import { localDate } from '../adherence/adherence.time.ts';
import { enqueueForUsers } from '../notifications/notifications.service.ts';
import { hallOrThrow, itemParams, refuse } from './onsite.common.ts';
import { onsiteRepository as repo, type ActionRow } from './onsite.repository.ts';
import type { OnsiteAnswer } from './onsite.table.ts';

export interface ActionInput {
  itemId: string;
  description: string;
  ownerEmployeeId?: string | null | undefined;
  ownerUserId?: string | null | undefined;
  dueDate: string;
}

/** Who may own a hall's action: its employees (at work or on leave) and the console users of its unit. */
export async function actionOwners(db: Db, hallId: string) {
  const unit = await accessRepository.unitOfHall(db, hallId);
  const employees = await repo.employeesOf(db, hallId);
  const linked = new Set(employees.flatMap((e) => (e.userId ? [e.userId] : [])));
  const users = unit
    ? (await accessRepository.usersIn(db, [unit.id])).filter((u) => !u.disabled && !linked.has(u.id))
    : [];
  return {
    employees: employees.map((e) => ({ id: e.id, name: e.name, role: e.role })),
    users: users.map((u) => ({ id: u.id, name: u.name })),
  };
}

/** Checks actions against a form's answers and the hall's people; answers the rows to insert. */
export async function checkActions(
  db: Db,
  o: {
    hallId: string;
    template: ChecklistTemplate;
    answers: readonly OnsiteAnswer[];
    actions: readonly ActionInput[];
    notBefore: string;
  },
) {
  if (!o.actions.length) return [];
  const owners = await actionOwners(db, o.hallId);
  const employeeIds = new Set(owners.employees.map((e) => e.id));
  const userIds = new Set(owners.users.map((u) => u.id));
  return o.actions.map((a, index) => {
    const answer = o.answers.find((x) => x.itemId === a.itemId);
    if (!answer || answer.result !== 'fail')
      throw refuse('onsite-action-not-failed', `actions.${index}.itemId`, itemParams(o.template, a.itemId));
    if (a.ownerEmployeeId ? !employeeIds.has(a.ownerEmployeeId) : !a.ownerUserId || !userIds.has(a.ownerUserId))
      throw refuse('onsite-action-owner-unknown', `actions.${index}.owner`);
    if (a.dueDate < o.notBefore) throw refuse('onsite-action-due-past', `actions.${index}.dueDate`);
    return {
      id: randomUUID(),
      itemId: a.itemId,
      description: a.description,
      ownerEmployeeId: a.ownerEmployeeId ?? null,
      ownerUserId: a.ownerEmployeeId ? null : (a.ownerUserId ?? null),
      dueDate: a.dueDate,
    };
  });
}

/** Actions with the owner's name, the item's names and whether they are overdue (hall-local). */
export async function actionRows(
  db: Db,
  hall: { id: string; name: string; timeZone: string },
  rows: readonly ActionRow[],
  now = new Date(),
) {
  const today = localDate(now.getTime(), hall.timeZone);
  const employeeName = new Map(
    (
      await repo.employeeNames(db, [...new Set(rows.flatMap((r) => (r.ownerEmployeeId ? [r.ownerEmployeeId] : [])))])
    ).map((e) => [e.id, e.name]),
  );
  const userName = new Map<string, string>();
  for (const id of [...new Set(rows.flatMap((r) => (r.ownerUserId ? [r.ownerUserId] : [])))].slice(0, 200)) {
    const u = await accessRepository.user(db, id);
    if (u) userName.set(id, u.name);
  }
  const forms = new Map<string, Awaited<ReturnType<typeof repo.form>>>();
  for (const id of [...new Set(rows.map((r) => r.formId))].slice(0, 500)) forms.set(id, await repo.form(db, id));
  const templates = new Map(
    (
      await repo.templates(
        db,
        [...forms.values()].flatMap((f) => (f ? [{ id: f.templateId, version: f.templateVersion }] : [])),
      )
    ).map((t) => [`${t.id}@${t.version}`, t.document]),
  );
  return rows.map((r) => {
    const f = forms.get(r.formId);
    const t = f ? templates.get(`${f.templateId}@${f.templateVersion}`) : undefined;
    const names = t ? itemParams(t, r.itemId) : { itemZh: r.itemId, itemEn: r.itemId };
    return {
      id: r.id,
      formId: r.formId,
      formAt: f?.at.getTime() ?? null,
      itemId: r.itemId,
      ...names,
      description: r.description,
      ownerName:
        (r.ownerEmployeeId
          ? employeeName.get(r.ownerEmployeeId)
          : r.ownerUserId
            ? userName.get(r.ownerUserId)
            : null) ?? null,
      dueDate: r.dueDate,
      status: r.status,
      overdue: r.status === 'open' && r.dueDate < today,
      closedAt: r.closedAt?.getTime() ?? null,
      closeNote: r.closeNote,
      createdAt: r.createdAt.getTime(),
    };
  });
}

/** A hall's actions: open first (by due day), then closed ones (at most 300). */
export async function hallActions(db: Db, q: { hallId: string; status?: 'open' | 'closed' | undefined }) {
  const hall = await hallOrThrow(db, q.hallId);
  return {
    hall: { id: hall.id, name: hall.name, timeZone: hall.timeZone },
    actions: await actionRows(db, hall, await repo.actionsOfHall(db, q.hallId, q.status ?? null, 300)),
  };
}

/** Opens an action on a failed item of one of the hall's forms. */
export async function openAction(
  db: Db,
  user: SessionUser,
  input: ActionInput & { hallId: string; formId: string },
  now = new Date(),
) {
  const hall = await hallOrThrow(db, input.hallId);
  const form = await repo.form(db, input.formId);
  if (!form || form.hallId !== input.hallId) throw refuse('onsite-form-not-found', 'formId', {}, 'NOT_FOUND');
  const template = (await repo.template(db, form.templateId, form.templateVersion))?.document;
  if (!template) throw refuse('onsite-template-not-found', 'formId', { template: form.templateId }, 'NOT_FOUND');
  const [row] = await checkActions(db, {
    hallId: input.hallId,
    template,
    answers: form.answers,
    actions: [input],
    notBefore: localDate(now.getTime(), hall.timeZone),
  });
  if (!row) throw refuse('onsite-action-not-failed', 'itemId');
  await repo.insertActions(db, [{ ...row, hallId: input.hallId, formId: input.formId, createdBy: user.id }]);
  await audit(db, {
    userId: user.id,
    action: 'onsite.action-opened',
    entity: 'corrective_action',
    entityId: row.id,
    orgUnitId: (await accessRepository.unitOfHall(db, input.hallId))?.id ?? null,
    after: { ...row, formId: input.formId },
  });
  return { id: row.id };
}

/** Closes an open action with a note (what was done). */
export async function closeAction(
  db: Db,
  user: SessionUser,
  input: { hallId: string; actionId: string; note: string },
  now = new Date(),
) {
  const before = await repo.action(db, input.actionId);
  if (!before || before.hallId !== input.hallId) throw refuse('onsite-action-not-found', 'actionId', {}, 'NOT_FOUND');
  const after = await repo.closeAction(db, input.actionId, { by: user.id, at: now, note: input.note });
  if (!after) throw refuse('onsite-action-closed', 'actionId', {}, 'CONFLICT');
  await audit(db, {
    userId: user.id,
    action: 'onsite.action-closed',
    entity: 'corrective_action',
    entityId: input.actionId,
    orgUnitId: (await accessRepository.unitOfHall(db, input.hallId))?.id ?? null,
    before: { status: before.status },
    after: { status: 'closed', note: input.note },
  });
  return { closedAt: now.getTime() };
}

/** The hall's managers: users granted hall_manager at the hall's unit. */
async function hallManagers(db: Db, hallId: string) {
  const unit = await accessRepository.unitOfHall(db, hallId);
  if (!unit) return [];
  const users = await accessRepository.usersIn(db, [unit.id]);
  const grants = await accessRepository.grantsOf(
    db,
    users.map((u) => u.id),
  );
  return [...new Set(grants.filter((g) => g.role === 'hall_manager' && g.orgUnitId === unit.id).map((g) => g.userId))];
}

/**
 * Notifies each open action whose due day has passed in its hall, once (claimed row by row, so two
 * processes running the check send one message): to its owner (the employee's console account, or
 * the user) and the hall's managers, by e-mail and SMS where they have an address.
 */
export async function notifyOverdueActions(db: Db, now = new Date()) {
  let notified = 0;
  for (const hallId of await repo.hallsWithUnnotified(db)) {
    const hall = await hallOrThrow(db, hallId).catch(() => null);
    if (!hall) continue;
    const today = localDate(now.getTime(), hall.timeZone);
    const due = await repo.overdueUnnotified(db, hallId, today, 500);
    if (!due.length) continue;
    const managers = await hallManagers(db, hallId);
    const rows = await actionRows(db, hall, due, now);
    for (const [i, a] of rows.entries()) {
      const row = due[i]!;
      if (!(await repo.markNotified(db, a.id, now))) continue;
      const owner = row.ownerEmployeeId ? (await repo.employee(db, row.ownerEmployeeId))?.userId : row.ownerUserId;
      const userIds = [...new Set([...(owner ? [owner] : []), ...managers])];
      if (userIds.length)
        await enqueueForUsers(db, {
          dedupeKey: `onsite-action-overdue|${a.id}`,
          userIds,
          via: ['email', 'sms'],
          hallId,
          now,
          render: (lang) => overdueText(lang, { hallName: hall.name, ...a }),
        });
      notified++;
    }
  }
  return { notified };
}

/** The overdue message, in the reader's language. */
export function overdueText(
  lang: 'zh-CN' | 'en',
  a: {
    hallName: string;
    itemZh: string;
    itemEn: string;
    description: string;
    dueDate: string;
    ownerName: string | null;
  },
) {
  return lang === 'zh-CN'
    ? {
        subject: `整改逾期：${a.hallName} · ${a.itemZh}`,
        body: `${a.hallName} 的现场评分整改事项已过期限（${a.dueDate}）仍未完成。\n检查项：${a.itemZh}\n整改内容：${a.description}\n负责人：${a.ownerName ?? '—'}`,
      }
    : {
        subject: `Corrective action overdue: ${a.hallName} · ${a.itemEn}`,
        body: `A corrective action from an on-site check at ${a.hallName} is past its due date (${a.dueDate}) and still open.\nItem: ${a.itemEn}\nAction: ${a.description}\nOwner: ${a.ownerName ?? '—'}`,
      };
}
