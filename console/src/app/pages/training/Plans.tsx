/**
 * 培训计划 (/training/plans): the plan rules of the units the user sees, each as a sentence a manager
 * reads, active or paused, with its unit by name — trainers add and change them (the form, kept in the
 * address as `?edit=new` or `?edit=<id>`), managers read; each hall's completion (done of all, as a
 * percentage, the overdue highlighted); the assignments, by hall and status (both in the address), the
 * overdue first — who, which course, due when, done how and when.
 */
import { useSearchParams } from '@solidjs/router';
import { createMemo, createResource, For, Show } from 'solid-js';
import { api } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { Loaded, NotFound, Refused } from '../../components/States.tsx';
import { count, dataLang, percent } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { can, session } from '../../session.ts';
import { PlanForm, type PlanChoices } from './PlanForm.tsx';
import {
  DoneText,
  dueDate,
  dueText,
  dueTone,
  roleName,
  RuleSentence,
  triggerName,
  type AssignmentRow,
  type Assignments,
  type Rule,
} from './plans-text.tsx';
import { editableUnits } from './sessions-text.tsx';
import { TRAINING_EDIT_ROLES, TrainingNav } from './training-text.tsx';
import './training.css';
import './plans.css';

const STATUSES = ['open', 'overdue', 'done', 'cancelled'] as const;
type Status = (typeof STATUSES)[number];
const STATUS_NAMES: Record<Status, ConsoleKey> = {
  open: 'training.plan.status.open',
  overdue: 'training.plan.status.overdue',
  done: 'training.plan.status.done',
  cancelled: 'training.plan.status.cancelled',
};

type Params = { hall?: string; status?: string; edit?: string };

/** What the rules are read with: business types and exams by name; the units for the form and the halls. */
async function lookups(mayEdit: boolean) {
  // Never failing: without them the rules read with less (the lists say what failed themselves).
  const [info, exams, tree] = await Promise.all([
    api.training.libraryInfo.query().catch(() => ({ services: [], skills: [] })),
    api.training.exams.query().catch(() => []),
    api.org.tree.query().catch(() => []),
  ]);
  const choices: PlanChoices = {
    units: mayEdit ? editableUnits(session().me(), tree) : [],
    services: info.services,
    skills: info.skills,
    exams: exams.map((x) => ({ id: x.id, title: x.title })),
  };
  return { choices, halls: tree.filter((u) => u.hallId).map((u) => ({ id: u.hallId as string, name: u.name })) };
}

export default function PlansPage() {
  const [search, setSearch] = useSearchParams<Params>();
  const mayEdit = () => can(session().me(), TRAINING_EDIT_ROLES);
  const notices = createNotices();
  const status = (): Status | undefined =>
    (STATUSES as readonly string[]).includes(search.status ?? '') ? (search.status as Status) : undefined;
  const [rules, { refetch: refetchRules }] = createResource(() => api.training.planRules.query());
  const [look, { refetch: refetchLook }] = createResource(
    () => ({ edit: mayEdit() }),
    (q) => lookups(q.edit),
  );
  const [list, { refetch: refetchList }] = createResource(
    () => ({ hall: search.hall || undefined, status: status() }),
    (q) =>
      api.training.assignments.query({
        ...(q.hall ? { hallId: q.hall } : {}),
        ...(q.status ? { status: q.status === 'overdue' ? 'open' : q.status } : {}),
      }),
  );
  const editing = () => search.edit ?? null;
  const saved = (assigned: number) => {
    setSearch({ edit: undefined });
    if (assigned > 0) notices.ok('training.plan.form.saved', { n: count(assigned) });
    else notices.ok('training.plan.form.savedNone');
    void refetchRules();
    void refetchList();
  };
  return (
    <section class="training plans">
      <TrainingNav mayEdit={mayEdit()} />
      <div class="page-head">
        <h1>{t('training.plan.title')}</h1>
        <Show when={mayEdit() && !editing()}>
          <button
            type="button"
            class="primary"
            data-action="new-rule"
            onClick={() => {
              notices.clear();
              setSearch({ edit: 'new' });
            }}
          >
            {t('training.plan.newRule')}
          </button>
        </Show>
      </div>
      <Notices of={notices} />
      <Loaded of={rules} retry={() => void refetchRules()} refused="training.plan.refused">
        {(rs) => (
          <>
            <Show when={editing()}>
              {(e) => (
                <Show when={mayEdit()} fallback={<Refused what="training.plan.refused" />}>
                  <Loaded of={look} retry={() => void refetchLook()}>
                    {(l) => (
                      <Show
                        when={e() === 'new' || rs().find((r) => String(r.id) === e())}
                        fallback={<NotFound what="training.plan.ruleNotFound" />}
                      >
                        <PlanForm
                          rule={rs().find((r) => String(r.id) === e()) ?? null}
                          choices={l().choices}
                          onSaved={saved}
                          onCancel={() => setSearch({ edit: undefined })}
                        />
                      </Show>
                    )}
                  </Loaded>
                </Show>
              )}
            </Show>
            <RuleList
              rules={rs()}
              look={look.latest?.choices ?? null}
              edit={mayEdit()}
              onEdit={(id) => {
                notices.clear();
                setSearch({ edit: String(id) });
                window.scrollTo({ top: 0 });
              }}
            />
          </>
        )}
      </Loaded>
      <Loaded of={list} retry={() => void refetchList()} refused="training.plan.refused">
        {(l) => (
          <>
            <Completion halls={l().halls} />
            <h2 id="plan-assignments">{t('training.plan.assignments')}</h2>
            <form class="filters plan-filters" onSubmit={(e) => e.preventDefault()}>
              <label>
                {t('training.plan.filter.hall')}
                <select name="hall" onChange={(e) => setSearch({ hall: e.currentTarget.value || undefined })}>
                  <option value="" selected={!search.hall}>
                    {t('training.plan.filter.allHalls')}
                  </option>
                  <For each={look.latest?.halls ?? []}>
                    {(h) => (
                      <option value={h.id} selected={search.hall === h.id} lang={dataLang(h.name)}>
                        {h.name}
                      </option>
                    )}
                  </For>
                </select>
              </label>
              <label>
                {t('training.plan.filter.status')}
                <select name="status" onChange={(e) => setSearch({ status: e.currentTarget.value || undefined })}>
                  <option value="" selected={!status()}>
                    {t('training.plan.filter.allStatus')}
                  </option>
                  <For each={STATUSES}>
                    {(s) => (
                      <option value={s} selected={status() === s}>
                        {t(STATUS_NAMES[s])}
                      </option>
                    )}
                  </For>
                </select>
              </label>
            </form>
            <AssignmentList data={l()} overdueOnly={status() === 'overdue'} busy={list.loading} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function RuleList(props: {
  rules: readonly Rule[];
  look: PlanChoices | null;
  edit: boolean;
  onEdit: (id: number) => void;
}) {
  const serviceName = (id: string | null) =>
    id ? (props.look?.services.find((s) => s.id === id)?.name ?? null) : null;
  const examTitle = (id: number | null) => (id ? (props.look?.exams.find((x) => x.id === id)?.title ?? null) : null);
  return (
    <section class="plan-rules" aria-labelledby="plan-rules-h">
      <h2 id="plan-rules-h">
        {t('training.plan.rules')} <span class="muted count">{count(props.rules.length)}</span>
      </h2>
      <Show
        when={props.rules.length > 0}
        fallback={
          <div class="empty" role="status" data-testid="no-rules">
            <p>{t('training.plan.rulesEmpty')}</p>
            <Show when={props.edit}>
              <p>{t('training.plan.rulesEmptyEdit')}</p>
            </Show>
          </div>
        }
      >
        <ul class="rule-list" data-testid="rules">
          <For each={props.rules}>
            {(r) => (
              <li class="rule" data-rule={r.id} data-trigger={r.trigger} classList={{ paused: !r.active }}>
                <div class="rule-head">
                  <span class="badge trigger">{triggerName(r.trigger)}</span>
                  <span class="rule-name" lang={dataLang(r.name)}>
                    {r.name}
                  </span>
                  <span class={`badge ${r.active ? 'ok' : 'muted-badge'}`} data-active={String(r.active)}>
                    {r.active ? t('training.plan.active') : t('training.plan.paused')}
                  </span>
                  <Show when={props.edit}>
                    <button type="button" class="link" data-action="edit-rule" onClick={() => props.onEdit(r.id)}>
                      {t('training.plan.edit')}
                    </button>
                  </Show>
                </div>
                <p class="rule-says" data-testid="rule-sentence">
                  <RuleSentence
                    rule={r}
                    serviceName={serviceName(r.serviceId)}
                    examTitle={r.examTitle ?? examTitle(r.examId)}
                  />
                </p>
                <p class="muted rule-meta">
                  {t('training.plan.unitLabel')}
                  <span lang={dataLang(r.unitName)}>{r.unitName}</span>
                  {' · '}
                  {r.roles.map(roleName).join(t('training.plan.listSep'))}
                </p>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}

function Completion(props: { halls: Assignments['halls'] }) {
  const halls = () =>
    [...props.halls].sort((a, b) => b.overdue - a.overdue || a.hallName.localeCompare(b.hallName, 'zh-CN'));
  return (
    <section class="plan-completion" aria-labelledby="plan-completion-h">
      <h2 id="plan-completion-h">{t('training.plan.completion')}</h2>
      <Show
        when={halls().length > 0}
        fallback={
          <p class="empty" role="status" data-testid="no-completion">
            {t('training.plan.completionEmpty')}
          </p>
        }
      >
        <div class="table-wrap">
          <table class="data cards completion" data-testid="completion">
            <thead>
              <tr>
                <th scope="col">{t('training.plan.col.hall')}</th>
                <th scope="col" class="num">
                  {t('training.plan.col.done')}
                </th>
                <th scope="col">{t('training.plan.col.rate')}</th>
                <th scope="col" class="num">
                  {t('training.plan.col.overdue')}
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={halls()}>
                {(h) => (
                  <tr data-hall={h.hallId}>
                    <th scope="row" lang={dataLang(h.hallName)}>
                      {h.hallName}
                    </th>
                    <td class="num" data-label={t('training.plan.col.done')} data-testid="done-of">
                      {`${count(h.done)} / ${count(h.total)}`}
                    </td>
                    <td data-label={t('training.plan.col.rate')}>
                      <span class="rate">
                        <span class="bar" aria-hidden="true">
                          <span style={{ width: `${h.total ? Math.round((h.done / h.total) * 100) : 0}%` }} />
                        </span>
                        <span data-testid="rate">{h.total ? percent(h.done / h.total) : '—'}</span>
                      </span>
                    </td>
                    <td class="num" data-label={t('training.plan.col.overdue')} data-testid="overdue">
                      <Show when={h.overdue > 0} fallback={count(0)}>
                        <span class="badge offline">{count(h.overdue)}</span>
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}

function AssignmentList(props: { data: Assignments; overdueOnly: boolean; busy: boolean }) {
  const rows = createMemo(() => {
    const order = (x: AssignmentRow) => (x.overdue ? 0 : x.status === 'open' ? 1 : x.status === 'done' ? 2 : 3);
    return props.data.rows
      .filter((x) => !props.overdueOnly || x.overdue)
      .sort((a, b) => order(a) - order(b) || a.dueOn.localeCompare(b.dueOn) || a.id - b.id);
  });
  return (
    <Show
      when={rows().length > 0}
      fallback={
        <p class="empty" role="status" data-testid="no-assignments">
          {t('training.plan.assignmentsEmpty')}
        </p>
      }
    >
      <div class="table-wrap" aria-busy={props.busy}>
        <table class="data cards assignments" data-testid="assignments">
          <thead>
            <tr>
              <th scope="col">{t('training.plan.col.clerk')}</th>
              <th scope="col">{t('training.plan.col.hall')}</th>
              <th scope="col">{t('training.plan.col.course')}</th>
              <th scope="col">{t('training.plan.col.due')}</th>
              <th scope="col">{t('training.plan.col.state')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={rows()}>
              {(x) => (
                <tr
                  data-assignment={x.id}
                  data-status={x.overdue ? 'overdue' : x.status}
                  classList={{ overdue: x.overdue }}
                >
                  <th scope="row" lang={dataLang(x.employeeName)}>
                    {x.employeeName ?? '—'}
                  </th>
                  <td data-label={t('training.plan.col.hall')} lang={dataLang(x.hallName)}>
                    {x.hallName}
                  </td>
                  <td data-label={t('training.plan.col.course')} class="wrap" lang={dataLang(x.title)}>
                    {x.title ?? t('training.plan.courseGone')}
                  </td>
                  <td data-label={t('training.plan.col.due')}>
                    <span class="due">
                      {dueDate(x.dueOn)}
                      <Show when={x.status === 'open'}>
                        {' '}
                        <span class={`badge ${dueTone(x.dueOn, props.data.today)}`} data-testid="due-left">
                          {dueText(x.dueOn, props.data.today)}
                        </span>
                      </Show>
                    </span>
                  </td>
                  <td data-label={t('training.plan.col.state')} data-testid="state">
                    <Show
                      when={x.status === 'done'}
                      fallback={
                        <span class={`badge ${x.overdue ? 'offline' : x.status === 'cancelled' ? 'muted-badge' : ''}`}>
                          {t(x.overdue ? 'training.plan.status.overdue' : STATUS_NAMES[x.status])}
                        </span>
                      }
                    >
                      <DoneText how={x.doneHow} at={x.doneAt} />
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}
