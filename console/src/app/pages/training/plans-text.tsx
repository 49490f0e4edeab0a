/**
 * How the plan pages say things: a rule as a sentence a manager reads ("新员工入职 30 天内：…，入职后 14 天内
 * 完成"), with its data (course titles, a business type, a skill, an exam) each in its own language; a due
 * date in days from the halls' today ("还剩 3 天" / "已逾期 2 天"); how an assignment was done; the roles and
 * triggers by name.
 */
import { For, Show, type JSX } from 'solid-js';
import type { Outputs } from '../../api.ts';
import { calendarDate, count, dataLang } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { HALL_ZONE } from '../inventory/more-text.tsx';
import { wallClock } from './sessions-text.tsx';

export type Rule = Outputs['training']['planRules'][number];
export type Assignments = Outputs['training']['assignments'];
export type AssignmentRow = Assignments['rows'][number];
export type MyAssignment = Outputs['training']['myAssignments'][number];
export type Trigger = Rule['trigger'];
export type PlanRole = 'clerk' | 'lead' | 'manager';
export type DoneHow = NonNullable<AssignmentRow['doneHow']>;

export const TRIGGERS: readonly Trigger[] = ['new-hire', 'launch', 'policy'];
export const PLAN_ROLES: readonly PlanRole[] = ['clerk', 'lead', 'manager'];

const TRIGGER_NAMES: Record<Trigger, ConsoleKey> = {
  'new-hire': 'training.plan.trigger.newHire',
  launch: 'training.plan.trigger.launch',
  policy: 'training.plan.trigger.policy',
};
const ROLE_NAMES: Record<PlanRole, ConsoleKey> = {
  clerk: 'training.plan.role.clerk',
  lead: 'training.plan.role.lead',
  manager: 'training.plan.role.manager',
};
const WHO_NAMES: Record<PlanRole, ConsoleKey> = {
  clerk: 'training.plan.who.clerk',
  lead: 'training.plan.who.lead',
  manager: 'training.plan.who.manager',
};
const HOW_NAMES: Record<DoneHow, ConsoleKey> = {
  read: 'training.plan.how.read',
  session: 'training.plan.how.session',
  exam: 'training.plan.how.exam',
};

export const triggerName = (x: Trigger) => t(TRIGGER_NAMES[x]);
export const roleName = (x: string) => (x in ROLE_NAMES ? t(ROLE_NAMES[x as PlanRole]) : x);
export const howName = (x: DoneHow) => t(HOW_NAMES[x]);

/** The roles in a sentence, in the order of PLAN_ROLES: 营业员、班组长 / clerks, team leads. */
export const rolesText = (roles: readonly string[]) =>
  PLAN_ROLES.filter((r) => roles.includes(r))
    .map((r) => t(WHO_NAMES[r]))
    .join(t('training.plan.listSep'));

/** The halls' today (YYYY-MM-DD). */
export const hallToday = (now = Date.now()) => wallClock(now, HALL_ZONE).date;

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const ms = (d: string) => {
    const [y, m, day] = d.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, day);
  };
  return Math.round((ms(to) - ms(from)) / 86_400_000);
}

/** A due date from today: 还剩 3 天 / 今天到期 / 已逾期 2 天. */
export function dueText(dueOn: string, today: string): string {
  const left = daysBetween(today, dueOn);
  if (left === 0) return t('training.plan.dueToday');
  return left > 0 ? t('training.plan.daysLeft', { n: count(left) }) : t('training.plan.daysOver', { n: count(-left) });
}

/** The tone of a due date: overdue, due within two days, or later. */
export function dueTone(dueOn: string, today: string): 'offline' | 'warning' | '' {
  const left = daysBetween(today, dueOn);
  return left < 0 ? 'offline' : left <= 2 ? 'warning' : '';
}

export const dueDate = (dueOn: string) => calendarDate(dueOn, 'long');

const SLOT = /\u{E000}(\w+)\u{E001}/u;

/**
 * A message whose placeholders are data (titles, names): each datum in a span in its own language, the
 * words around it in the UI's. `data` values that are arrays are listed with the language's separator.
 */
export function Phrase(props: {
  key: ConsoleKey;
  words?: Record<string, string | number>;
  data: Record<string, string | readonly string[]>;
}) {
  const parts = (): Array<string | { name: string }> => {
    const slots = Object.fromEntries(Object.keys(props.data).map((k) => [k, `\u{E000}${k}\u{E001}`]));
    const text = t(props.key, { ...props.words, ...slots });
    const out: Array<string | { name: string }> = [];
    let rest = text;
    for (let m = SLOT.exec(rest); m; m = SLOT.exec(rest)) {
      if (m.index > 0) out.push(rest.slice(0, m.index));
      out.push({ name: m[1] as string });
      rest = rest.slice(m.index + m[0].length);
    }
    if (rest) out.push(rest);
    return out;
  };
  const datum = (name: string): JSX.Element => {
    const v = props.data[name] ?? '';
    const list = typeof v === 'string' ? [v] : v;
    return (
      <For each={list}>
        {(x, i) => (
          <>
            <Show when={i() > 0}>{t('training.plan.listSep')}</Show>
            <span class="datum" lang={dataLang(x)}>
              {x}
            </span>
          </>
        )}
      </For>
    );
  };
  return <For each={parts()}>{(p) => (typeof p === 'string' ? p : datum(p.name))}</For>;
}

/**
 * A rule as a sentence: its trigger, what it assigns, to whom, by when, and the exam it asks for.
 * `serviceName`/`examTitle` are looked up by the page (business types and exams by name, never ids).
 */
export function RuleSentence(props: { rule: Rule; serviceName: string | null; examTitle: string | null }) {
  const r = () => props.rule;
  const courses = () => r().courses.map((c) => c.title ?? t('training.plan.courseGone'));
  const roles = () => rolesText(r().roles);
  return (
    <span class="rule-sentence">
      <Show when={r().trigger === 'new-hire'}>
        <Phrase
          key="training.plan.say.newHire"
          words={{ within: count(r().withinDays ?? 30), due: count(r().dueDays) }}
          data={{ courses: courses() }}
        />
      </Show>
      <Show when={r().trigger === 'launch'}>
        <Phrase
          key="training.plan.say.launch"
          words={{ due: count(r().dueDays), roles: roles() }}
          data={{ service: props.serviceName ?? t('training.plan.serviceGone') }}
        />
      </Show>
      <Show when={r().trigger === 'policy'}>
        <Phrase
          key="training.plan.say.policy"
          words={{ due: count(r().dueDays), roles: roles() }}
          data={{ skill: r().skill ?? '' }}
        />
      </Show>
      <Show when={props.examTitle}>{(e) => <Phrase key="training.plan.say.exam" data={{ exam: e() }} />}</Show>
    </span>
  );
}

/** How and when an assignment was done: 已学习 · 12月3日. */
export function DoneText(props: { how: DoneHow | null; at: Date | string | null; today?: string }) {
  const day = () => (props.at ? wallClock(Date.parse(String(props.at)), HALL_ZONE).date : null);
  return (
    <span class="done-how" data-how={props.how ?? ''}>
      <span class="badge ok">{props.how ? howName(props.how) : t('training.plan.status.done')}</span>
      <Show when={day()}>{(d) => <span class="muted"> {calendarDate(d(), 'long')}</span>}</Show>
    </span>
  );
}
