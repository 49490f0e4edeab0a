/**
 * 新建考试 (/training/exams/new), for trainers: the title, the unit whose halls' clerks take it (or, after
 * one of its sessions, that session's attendees only), the business type it certifies, the pool —
 * questions picked from the bank with filters (words of the stem, kind, business type) and "select all
 * shown" — then questions per paper, time limit in minutes, attempts, pass mark (%), and when it opens
 * and closes on the halls' clocks. A refusal is said at its field; once made, the exam's page.
 */
import { A, useNavigate } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { api, type Inputs, type Outputs } from '../../api.ts';
import { Loaded, Refused } from '../../components/States.tsx';
import { count, dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { can, session } from '../../session.ts';
import { topUnit, UnitPicker, type OrgUnit } from '../inventory/more-text.tsx';
import {
  createFieldErrors,
  FieldError,
  hallInstant,
  hallParts,
  pointsText,
  QUESTION_KINDS,
  QuestionKindBadge,
  questionKindName,
  type QuestionKind,
} from './exams-text.tsx';
import { moment, TRAINING_EDIT_ROLES, TrainingNav, type LibraryInfo } from './training-text.tsx';
import './training.css';
import './exams.css';

const DAY = 86_400_000;
/** The bank's questions offered at once (the cloud's page at most). */
const POOL_PAGE = 200;
const FIELDS = [
  'title',
  'orgUnitId',
  'sessionId',
  'questionIds',
  'drawCount',
  'timeLimitMinutes',
  'maxAttempts',
  'passPercent',
  'opensAt',
  'closesAt',
];

type Session = Outputs['training']['sessions'][number];

export default function ExamNewPage() {
  const mayEdit = () => can(session().me(), TRAINING_EDIT_ROLES);
  const [data, { refetch }] = createResource(
    () => mayEdit() || null,
    async () => {
      const now = Date.now();
      const [units, info, sessions] = await Promise.all([
        api.org.tree.query(),
        api.training.libraryInfo.query(),
        api.training.sessions.query({
          from: new Date(now - 90 * DAY).toISOString(),
          to: new Date(now + 60 * DAY).toISOString(),
        }),
      ]);
      return { units, info, sessions: sessions.filter((s) => s.status !== 'cancelled') };
    },
  );
  return (
    <section class="training exam-new">
      <TrainingNav mayEdit={mayEdit()} />
      <p class="back">
        <A href="/training/exams">{t('training.exams.back')}</A>
      </p>
      <h1>{t('training.exams.form.title')}</h1>
      <Show when={mayEdit()} fallback={<Refused what="training.exams.editRefused" />}>
        <Loaded of={data} retry={() => void refetch()} refused="training.exams.editRefused">
          {(v) => <ExamForm units={v().units} info={v().info} sessions={v().sessions} />}
        </Loaded>
      </Show>
    </section>
  );
}

/** A unit and the units under it. */
function subtree(units: readonly OrgUnit[], id: string): Set<string> {
  const out = new Set([id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const u of units)
      if (u.parentId && out.has(u.parentId) && !out.has(u.id)) {
        out.add(u.id);
        grew = true;
      }
  }
  return out;
}

interface Draft {
  title: string;
  orgUnitId: string;
  sessionId: string;
  serviceId: string;
  drawCount: string;
  timeLimitMinutes: string;
  maxAttempts: string;
  passPercent: string;
  opensDate: string;
  opensTime: string;
  closesDate: string;
  closesTime: string;
}

function ExamForm(props: { units: OrgUnit[]; info: LibraryInfo; sessions: Session[] }) {
  const navigate = useNavigate();
  const now = Date.now();
  const opens = hallParts(now);
  const closes = hallParts(now + 7 * DAY);
  const [d, setD] = createStore<Draft>({
    title: '',
    orgUnitId: topUnit(props.units) ?? '',
    sessionId: '',
    serviceId: '',
    drawCount: '1',
    timeLimitMinutes: '30',
    maxAttempts: '2',
    passPercent: '60',
    opensDate: opens.date,
    opensTime: opens.time,
    closesDate: closes.date,
    closesTime: '18:00',
  });
  const [selected, setSelected] = createSignal<ReadonlySet<number>>(new Set());
  const [pool, setPool] = createStore<{ q: string; kind: string; service: string }>({ q: '', kind: '', service: '' });
  const [busy, setBusy] = createSignal(false);
  // Questions per paper follow the choice (10 at most) until the trainer types a number.
  let drawTyped = false;
  const follow = (n: number) => {
    if (!drawTyped) setD('drawCount', String(Math.max(1, Math.min(10, n))));
  };
  const errors = createFieldErrors(FIELDS);
  const opensAt = () => hallInstant(d.opensDate, d.opensTime);
  const closesAt = () => (d.closesDate ? hallInstant(d.closesDate, d.closesTime || '23:59') : null);
  const sessions = createMemo(() => {
    const under = subtree(props.units, d.orgUnitId);
    return props.sessions.filter((s) => under.has(s.orgUnitId));
  });
  const [found, { refetch }] = createResource(
    () => ({ ...pool }),
    (f) =>
      api.training.questions.query({
        ...(f.q.trim() ? { text: f.q.trim() } : {}),
        ...(f.kind ? { kind: f.kind as QuestionKind } : {}),
        ...(f.service ? { serviceId: f.service } : {}),
        limit: POOL_PAGE,
      }),
  );
  const toggle = (id: number, on: boolean) => {
    const next = new Set(selected());
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
    follow(next.size);
  };
  const selectShown = (on: boolean) => {
    const next = new Set(selected());
    for (const q of found()?.rows ?? [])
      if (on) next.add(q.id);
      else next.delete(q.id);
    setSelected(next);
    follow(next.size);
  };
  const setService = (serviceId: string) => {
    setD('serviceId', serviceId);
    // The pool offered follows the business type the exam certifies (the trainer may widen it again).
    setPool('service', serviceId);
  };

  const save = async (e: Event) => {
    e.preventDefault();
    errors.clear();
    if (!d.title.trim()) return errors.failAt('title', 'error.detail.training-title-empty');
    const int = (s: string) => (/^\d{1,6}$/.test(s.trim()) ? Number(s.trim()) : NaN);
    const opens = opensAt();
    if (!opens) return errors.failAt('opensAt', 'training.exams.form.whenInvalid');
    const closes = closesAt();
    if (d.closesDate && !closes) return errors.failAt('closesAt', 'training.exams.form.whenInvalid');
    if (selected().size === 0) return errors.failAt('questionIds', 'training.exams.form.poolEmpty');
    const numbers = {
      drawCount: int(d.drawCount),
      timeLimitMinutes: int(d.timeLimitMinutes),
      maxAttempts: int(d.maxAttempts),
      passPercent: int(d.passPercent),
    };
    const bounds: Record<keyof typeof numbers, [number, number]> = {
      drawCount: [1, 200],
      timeLimitMinutes: [1, 600],
      maxAttempts: [1, 20],
      passPercent: [0, 100],
    };
    for (const [k, [min, max]] of Object.entries(bounds) as Array<[keyof typeof numbers, [number, number]]>) {
      const n = numbers[k];
      if (!Number.isInteger(n) || n < min || n > max)
        return errors.failAt(k, 'training.exams.form.between', { min: count(min), max: count(max) });
    }
    const input: Inputs['training']['createExam'] = {
      title: d.title.trim(),
      orgUnitId: d.orgUnitId,
      ...(d.sessionId ? { sessionId: Number(d.sessionId) } : {}),
      ...(d.serviceId ? { serviceId: d.serviceId } : {}),
      questionIds: [...selected()],
      ...numbers,
      opensAt: opens,
      ...(closes ? { closesAt: closes } : {}),
    };
    setBusy(true);
    try {
      const { id } = await api.training.createExam.mutate(input);
      navigate(`/training/exams/${id}`);
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy(false);
    }
  };

  const number = (
    name: 'drawCount' | 'timeLimitMinutes' | 'maxAttempts' | 'passPercent',
    label: Parameters<typeof t>[0],
    o: { min: number; max: number; help?: () => string },
  ) => (
    <label>
      {t(label)}
      <input
        name={name}
        type="number"
        inputmode="numeric"
        required
        min={o.min}
        max={o.max}
        step={1}
        value={d[name]}
        onInput={(e) => {
          if (name === 'drawCount') drawTyped = true;
          setD(name, e.currentTarget.value);
        }}
      />
      <Show when={o.help}>{(h) => <span class="muted help">{h()()}</span>}</Show>
      <FieldError of={errors} field={name} />
    </label>
  );

  return (
    <form class="grid-form exam-form" data-testid="exam-form" onSubmit={(e) => void save(e)}>
      <label class="full">
        {t('training.exams.form.name')}
        <input
          name="title"
          required
          maxLength={120}
          value={d.title}
          lang={dataLang(d.title)}
          onInput={(e) => setD('title', e.currentTarget.value)}
        />
        <FieldError of={errors} field="title" />
      </label>
      <div>
        <UnitPicker
          units={props.units}
          value={d.orgUnitId}
          onChange={(id) => setD({ orgUnitId: id, sessionId: '' })}
          label="training.exams.form.unit"
        />
        <FieldError of={errors} field="orgUnitId" />
      </div>
      <label>
        {t('training.exams.form.session')}
        <select name="session" onChange={(e) => setD('sessionId', e.currentTarget.value)}>
          <option value="" selected={d.sessionId === ''}>
            {t('training.exams.form.noSession')}
          </option>
          <For each={sessions()}>
            {(s) => (
              <option value={s.id} selected={d.sessionId === String(s.id)} lang={dataLang(s.title)}>
                {`${s.title} · ${moment(s.startsAt)}`}
              </option>
            )}
          </For>
        </select>
        <span class="muted help">{t('training.exams.form.sessionHelp')}</span>
        <FieldError of={errors} field="sessionId" />
      </label>
      <label>
        {t('training.exams.form.service')}
        <select name="service" onChange={(e) => setService(e.currentTarget.value)}>
          <option value="">{t('training.exams.form.noService')}</option>
          <For each={props.info.services}>
            {(s) => (
              <option value={s.id} selected={d.serviceId === s.id} lang={dataLang(s.name)}>
                {s.name}
              </option>
            )}
          </For>
        </select>
      </label>

      <fieldset class="pool" data-testid="pool">
        <legend>{t('training.exams.form.pool')}</legend>
        <div class="filters pool-filters" role="search">
          <label class="q">
            {t('training.questions.search')}
            <input
              type="search"
              name="poolQ"
              maxLength={100}
              value={pool.q}
              placeholder={t('training.questions.searchPlaceholder')}
              onChange={(e) => setPool('q', e.currentTarget.value)}
            />
          </label>
          <label>
            {t('training.questions.col.kind')}
            <select name="poolKind" onChange={(e) => setPool('kind', e.currentTarget.value)}>
              <option value="">{t('training.filter.any')}</option>
              <For each={QUESTION_KINDS}>
                {(k) => (
                  <option value={k} selected={pool.kind === k}>
                    {questionKindName(k)}
                  </option>
                )}
              </For>
            </select>
          </label>
          <label>
            {t('training.questions.col.services')}
            <select name="poolService" onChange={(e) => setPool('service', e.currentTarget.value)}>
              <option value="" selected={pool.service === ''}>
                {t('training.filter.any')}
              </option>
              <For each={props.info.services}>
                {(s) => (
                  <option value={s.id} selected={pool.service === s.id} lang={dataLang(s.name)}>
                    {s.name}
                  </option>
                )}
              </For>
            </select>
          </label>
        </div>
        <div class="pool-bar">
          <p class="selected-count" role="status" data-testid="selected-count">
            {t('training.exams.form.selected', { n: count(selected().size) })}
          </p>
          <button type="button" onClick={() => selectShown(true)} data-action="select-shown">
            {t('training.exams.form.selectShown')}
          </button>
          <button type="button" onClick={() => selectShown(false)} data-action="unselect-shown">
            {t('training.exams.form.unselectShown')}
          </button>
        </div>
        <FieldError of={errors} field="questionIds" />
        <Loaded of={found} retry={() => void refetch()}>
          {(f) => (
            <Show
              when={f().rows.length > 0}
              fallback={
                <p class="empty" data-testid="pool-empty">
                  {t('training.exams.form.poolNone')}
                </p>
              }
            >
              <Show when={f().total > f().rows.length}>
                <p class="muted">
                  {t('training.exams.form.poolFirst', { shown: count(f().rows.length), n: count(f().total) })}
                </p>
              </Show>
              <ul class="pool-list" aria-label={t('training.exams.form.pool')}>
                <For each={f().rows}>
                  {(q) => (
                    <li data-question={q.id}>
                      <label class="check">
                        <input
                          type="checkbox"
                          name="questionIds"
                          value={q.id}
                          checked={selected().has(q.id)}
                          onChange={(e) => toggle(q.id, e.currentTarget.checked)}
                        />
                        <span class="pool-question">
                          <QuestionKindBadge kind={q.kind} />
                          <span class="stem" lang={dataLang(q.stem)}>
                            {q.stem}
                          </span>
                          <span class="muted points">{pointsText(q.points)}</span>
                        </span>
                      </label>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          )}
        </Loaded>
      </fieldset>

      {number('drawCount', 'training.exams.form.drawCount', {
        min: 1,
        max: 200,
        help: () => t('training.exams.form.drawHelp', { n: count(selected().size) }),
      })}
      {number('timeLimitMinutes', 'training.exams.form.timeLimit', { min: 1, max: 600 })}
      {number('maxAttempts', 'training.exams.form.attempts', { min: 1, max: 20 })}
      {number('passPercent', 'training.exams.form.passPercent', { min: 0, max: 100 })}
      <fieldset class="when" data-testid="opens">
        <legend>{t('training.exams.form.opens')}</legend>
        <label>
          {t('training.exams.form.date')}
          <input
            type="date"
            name="opensDate"
            required
            value={d.opensDate}
            onInput={(e) => setD('opensDate', e.currentTarget.value)}
          />
        </label>
        <label>
          {t('training.exams.form.time')}
          <input
            type="time"
            name="opensTime"
            required
            value={d.opensTime}
            onInput={(e) => setD('opensTime', e.currentTarget.value)}
          />
        </label>
        <Show when={opensAt()}>
          {(at) => <p class="muted when-said">{t('training.exams.form.opensAt', { at: moment(at()) })}</p>}
        </Show>
        <FieldError of={errors} field="opensAt" />
      </fieldset>
      <fieldset class="when" data-testid="closes">
        <legend>{t('training.exams.form.closes')}</legend>
        <label>
          {t('training.exams.form.date')}
          <input
            type="date"
            name="closesDate"
            value={d.closesDate}
            onInput={(e) => setD('closesDate', e.currentTarget.value)}
          />
        </label>
        <label>
          {t('training.exams.form.time')}
          <input
            type="time"
            name="closesTime"
            value={d.closesTime}
            onInput={(e) => setD('closesTime', e.currentTarget.value)}
          />
        </label>
        <p class="muted when-said">
          <Show when={closesAt()} fallback={d.closesDate ? '' : t('training.exams.form.noClose')}>
            {(at) => t('training.exams.form.closesAt', { at: moment(at()) })}
          </Show>
        </p>
        <span class="muted help">{t('training.exams.form.closesHelp')}</span>
        <FieldError of={errors} field="closesAt" />
      </fieldset>
      <Show when={errors.elsewhere()}>
        {(m) => (
          <p class="error" role="alert">
            {m()}
          </p>
        )}
      </Show>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy()} data-action="create">
          {busy() ? t('training.form.saving') : t('training.exams.form.create')}
        </button>
        <A class="button" href="/training/exams">
          {t('training.form.cancel')}
        </A>
      </div>
    </form>
  );
}
