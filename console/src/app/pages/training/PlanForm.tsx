/**
 * A plan rule's form (on 培训计划, for those who edit training): its name and unit; when it assigns — a new
 * hire (hired within N days: the induction courses, from the library), a product launch (a business type,
 * by name) or a policy change (a material tag, a skill) — the exam that must be passed (optional), the days
 * to complete, who (营业员 / 班组长 / 经理), active or paused. Saved, it says how many assignments it made.
 * A refusal of the cloud's is said at its field.
 */
import { TRPCClientError } from '@trpc/client';
import { createSignal, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { api, errorMessage, type Inputs, type Outputs } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { topUnit, UnitPicker, type OrgUnit } from '../inventory/more-text.tsx';
import { CoursePicker, type Course } from './CoursePicker.tsx';
import { PLAN_ROLES, roleName, TRIGGERS, triggerName, type PlanRole, type Rule, type Trigger } from './plans-text.tsx';
import './session-form.css';

type Field =
  'name' | 'orgUnitId' | 'withinDays' | 'serviceId' | 'skill' | 'materialSeriesIds' | 'examId' | 'dueDays' | 'roles';
const FIELDS: readonly Field[] = [
  'name',
  'orgUnitId',
  'withinDays',
  'serviceId',
  'skill',
  'materialSeriesIds',
  'examId',
  'dueDays',
  'roles',
];

export interface PlanChoices {
  units: readonly OrgUnit[];
  services: Outputs['training']['libraryInfo']['services'];
  skills: readonly string[];
  exams: ReadonlyArray<{ id: number; title: string }>;
}

interface Draft {
  name: string;
  orgUnitId: string;
  trigger: Trigger;
  withinDays: string;
  serviceId: string;
  skill: string;
  courses: Course[];
  examId: string;
  dueDays: string;
  roles: PlanRole[];
  active: boolean;
}

const days = (s: string) => {
  const n = Number(s);
  return Number.isInteger(n) && n >= 1 && n <= 365 ? n : null;
};

export function PlanForm(props: {
  rule: Rule | null;
  choices: PlanChoices;
  onSaved: (assigned: number) => void;
  onCancel: () => void;
}) {
  const r = props.rule;
  const [d, setD] = createStore<Draft>({
    name: r?.name ?? '',
    orgUnitId: r?.orgUnitId ?? topUnit(props.choices.units) ?? props.choices.units[0]?.id ?? '',
    trigger: r?.trigger ?? 'new-hire',
    withinDays: String(r?.withinDays ?? 30),
    serviceId: r?.serviceId ?? '',
    skill: r?.skill ?? '',
    courses: (r?.courses ?? []).map((c) => ({ seriesId: c.seriesId, title: c.title ?? t('training.plan.courseGone') })),
    examId: r?.examId ? String(r.examId) : '',
    dueDays: String(r?.dueDays ?? (r ? 7 : 14)),
    roles: (r?.roles as PlanRole[] | undefined) ?? ['clerk'],
    active: r?.active ?? true,
  });
  const [errors, setErrors] = createStore<Partial<Record<Field, string>>>({});
  const [busy, setBusy] = createSignal(false);
  const notices = createNotices();

  const check = (): boolean => {
    const e: Partial<Record<Field, string>> = {};
    if (!d.name.trim()) e.name = t('error.detail.training-title-empty');
    if (d.trigger === 'new-hire' && days(d.withinDays) === null) e.withinDays = t('training.plan.form.days');
    if (d.trigger === 'new-hire' && d.courses.length === 0) e.materialSeriesIds = t('error.detail.training-plan-field');
    if (d.trigger === 'launch' && !d.serviceId) e.serviceId = t('error.detail.training-plan-field');
    if (d.trigger === 'policy' && !d.skill.trim()) e.skill = t('error.detail.training-plan-field');
    if (days(d.dueDays) === null) e.dueDays = t('training.plan.form.days');
    if (d.roles.length === 0) e.roles = t('training.plan.form.needRoles');
    setErrors(Object.fromEntries(FIELDS.map((f) => [f, e[f]])));
    return Object.keys(e).length === 0;
  };

  const save = async (e: Event) => {
    e.preventDefault();
    notices.clear();
    if (!check()) return;
    const rule: Inputs['training']['savePlanRule']['rule'] = {
      name: d.name.trim(),
      orgUnitId: d.orgUnitId,
      trigger: d.trigger,
      ...(d.trigger === 'new-hire'
        ? { withinDays: days(d.withinDays) ?? 30, materialSeriesIds: d.courses.map((c) => c.seriesId) }
        : {}),
      ...(d.trigger === 'launch' ? { serviceId: d.serviceId } : {}),
      ...(d.trigger === 'policy' ? { skill: d.skill.trim() } : {}),
      ...(d.examId ? { examId: Number(d.examId) } : {}),
      dueDays: days(d.dueDays) ?? 7,
      roles: PLAN_ROLES.filter((x) => d.roles.includes(x)),
      active: d.active,
    };
    setBusy(true);
    try {
      const out = await api.training.savePlanRule.mutate({ ...(r ? { id: r.id } : {}), rule });
      props.onSaved(out.assigned);
    } catch (err) {
      const field = fieldOf(err);
      if (field) setErrors(field, hasDetail(err) ? errorMessage(err) : t('training.plan.form.invalid'));
      else notices.fail(err);
    } finally {
      setBusy(false);
    }
  };

  const FieldError = (p: { of: Field }) => (
    <Show when={errors[p.of]}>
      {(m) => (
        <span class="field-error" role="alert" data-field={p.of}>
          {m()}
        </span>
      )}
    </Show>
  );

  return (
    <form class="grid-form plan-form" data-testid="plan-form" onSubmit={(e) => void save(e)} noValidate>
      <h2 class="full">{r ? t('training.plan.form.titleEdit') : t('training.plan.form.titleNew')}</h2>
      <label class="wide">
        {t('training.plan.form.name')}
        <input
          name="name"
          maxLength={80}
          value={d.name}
          lang={dataLang(d.name)}
          placeholder={t('training.plan.form.namePlaceholder')}
          onInput={(e) => setD('name', e.currentTarget.value)}
        />
        <FieldError of="name" />
      </label>
      <div class="unit-field">
        <UnitPicker
          units={props.choices.units}
          value={d.orgUnitId}
          onChange={(id) => setD('orgUnitId', id)}
          label="training.plan.form.unit"
        />
        <FieldError of="orgUnitId" />
      </div>
      <fieldset class="trigger full">
        <legend>{t('training.plan.form.trigger')}</legend>
        <For each={TRIGGERS}>
          {(x) => (
            <label class="check">
              <input
                type="radio"
                name="trigger"
                value={x}
                checked={d.trigger === x}
                onChange={() => {
                  setD('trigger', x);
                  setErrors({});
                }}
              />
              {triggerName(x)}
            </label>
          )}
        </For>
      </fieldset>
      <Show when={d.trigger === 'new-hire'}>
        <label>
          {t('training.plan.form.within')}
          <input
            name="withinDays"
            type="number"
            inputMode="numeric"
            min={1}
            max={365}
            value={d.withinDays}
            onInput={(e) => setD('withinDays', e.currentTarget.value)}
          />
          <FieldError of="withinDays" />
        </label>
        <div class="full">
          <CoursePicker
            value={null}
            onChange={(c) => {
              if (c && !d.courses.some((x) => x.seriesId === c.seriesId) && d.courses.length < 20)
                setD('courses', [...d.courses, c]);
            }}
            labels={{
              legend: 'training.plan.form.courses',
              empty: d.courses.length > 0 ? null : 'training.plan.form.coursesEmpty',
              choose: 'training.plan.form.courseAdd',
            }}
            error={errors.materialSeriesIds ?? null}
          >
            <Show when={d.courses.length > 0}>
              <ul class="plan-courses" data-testid="plan-courses">
                <For each={d.courses}>
                  {(c) => (
                    <li>
                      <span class="course-title" lang={dataLang(c.title)}>
                        {c.title}
                      </span>
                      <button
                        type="button"
                        class="link"
                        onClick={() =>
                          setD(
                            'courses',
                            d.courses.filter((x) => x.seriesId !== c.seriesId),
                          )
                        }
                      >
                        {t('training.plan.form.courseRemove')}
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </CoursePicker>
        </div>
      </Show>
      <Show when={d.trigger === 'launch'}>
        <label class="wide">
          {t('training.plan.form.service')}
          <Show
            when={props.choices.services.length > 0}
            fallback={<span class="muted">{t('training.plan.form.noServices')}</span>}
          >
            <select name="service" onChange={(e) => setD('serviceId', e.currentTarget.value)}>
              <option value="" selected={!d.serviceId}>
                {t('training.plan.form.servicePick')}
              </option>
              <For each={props.choices.services}>
                {(s) => (
                  <option value={s.id} selected={d.serviceId === s.id} lang={dataLang(s.name)}>
                    {s.name}
                  </option>
                )}
              </For>
            </select>
          </Show>
          <span class="hint muted">{t('training.plan.form.serviceHint')}</span>
          <FieldError of="serviceId" />
        </label>
      </Show>
      <Show when={d.trigger === 'policy'}>
        <label class="wide">
          {t('training.plan.form.skill')}
          <input
            name="skill"
            maxLength={30}
            list="plan-skills"
            value={d.skill}
            lang={dataLang(d.skill)}
            placeholder={t('training.plan.form.skillPlaceholder')}
            onInput={(e) => setD('skill', e.currentTarget.value)}
          />
          <datalist id="plan-skills">
            <For each={props.choices.skills}>{(s) => <option value={s} />}</For>
          </datalist>
          <span class="hint muted">{t('training.plan.form.skillHint')}</span>
          <FieldError of="skill" />
        </label>
      </Show>
      <label class="wide">
        {t('training.plan.form.exam')}
        <select name="exam" onChange={(e) => setD('examId', e.currentTarget.value)}>
          <option value="" selected={!d.examId}>
            {t('training.plan.form.noExam')}
          </option>
          <For each={props.choices.exams}>
            {(x) => (
              <option value={String(x.id)} selected={d.examId === String(x.id)} lang={dataLang(x.title)}>
                {x.title}
              </option>
            )}
          </For>
        </select>
        <span class="hint muted">{t('training.plan.form.examHint')}</span>
        <FieldError of="examId" />
      </label>
      <label>
        {t('training.plan.form.due')}
        <input
          name="dueDays"
          type="number"
          inputMode="numeric"
          min={1}
          max={365}
          value={d.dueDays}
          onInput={(e) => setD('dueDays', e.currentTarget.value)}
        />
        <span class="hint muted">
          {d.trigger === 'new-hire' ? t('training.plan.form.dueHireHint') : t('training.plan.form.dueNewHint')}
        </span>
        <FieldError of="dueDays" />
      </label>
      <fieldset class="roles">
        <legend>{t('training.plan.form.roles')}</legend>
        <For each={PLAN_ROLES}>
          {(x) => (
            <label class="check">
              <input
                type="checkbox"
                name="role"
                value={x}
                checked={d.roles.includes(x)}
                onChange={(e) =>
                  setD('roles', e.currentTarget.checked ? [...d.roles, x] : d.roles.filter((y) => y !== x))
                }
              />
              {roleName(x)}
            </label>
          )}
        </For>
        <FieldError of="roles" />
      </fieldset>
      <label class="check active">
        <input
          type="checkbox"
          name="active"
          checked={d.active}
          onChange={(e) => setD('active', e.currentTarget.checked)}
        />
        {t('training.plan.form.active')}
      </label>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy()} data-action="save-rule">
          {busy() ? t('training.form.saving') : t('training.plan.form.save')}
        </button>
        <button type="button" onClick={() => props.onCancel()}>
          {t('training.form.cancel')}
        </button>
      </div>
      <Notices of={notices} />
    </form>
  );
}

/** The form's field a refusal of the cloud's names (its first), if the form has it. */
function fieldOf(err: unknown): Field | null {
  if (!(err instanceof TRPCClientError)) return null;
  const fields = (err.data as { fields?: string[] } | undefined)?.fields ?? [];
  const f = fields[0]?.split('.').filter((x) => x !== 'rule')[0];
  return f && (FIELDS as readonly string[]).includes(f) ? (f as Field) : null;
}

const hasDetail = (err: unknown) =>
  err instanceof TRPCClientError && Boolean((err.data as { detail?: unknown } | undefined)?.detail);
