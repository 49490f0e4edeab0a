/**
 * A question of the bank, new or changed, in a form that follows its kind: a choice question's options
 * (2 to 8, letters A–H) with the right one ticked (a radio for single choice, checkboxes for multiple), a
 * statement's truth (对/错), a short answer's keywords; then points (the kind's default when left empty),
 * an explanation shown to clerks after grading, business types by name, skills and level. A refusal is
 * said at the field it is about.
 */
import { createSignal, For, Index, Match, Show, Switch } from 'solid-js';
import { createStore } from 'solid-js/store';
import { api } from '../../api.ts';
import { dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import {
  createFieldErrors,
  FieldError,
  letter,
  MAX_OPTIONS,
  QUESTION_KINDS,
  questionKindName,
  type Question,
  type QuestionKind,
} from './exams-text.tsx';
import { listOf, type QuestionInput } from './question-import.ts';
import { LEVELS, levelName, type LibraryInfo } from './training-text.tsx';

/** Points by kind when none is typed (exams.service.ts DEFAULT_POINTS). */
const DEFAULT_POINTS: Record<QuestionKind, number> = { single: 2, multiple: 3, truefalse: 1, short: 5 };
const FIELDS = ['stem', 'options', 'answer', 'points', 'explanation', 'skills'];

interface Draft {
  kind: QuestionKind;
  stem: string;
  options: string[];
  choices: number[];
  truth: boolean | null;
  keywords: string;
  points: string;
  explanation: string;
  serviceIds: string[];
  skills: string;
  level: number;
}

const isChoice = (k: QuestionKind) => k === 'single' || k === 'multiple';

function draftOf(q: Question | null): Draft {
  if (!q)
    return {
      kind: 'single',
      stem: '',
      options: ['', '', '', ''],
      choices: [],
      truth: null,
      keywords: '',
      points: '',
      explanation: '',
      serviceIds: [],
      skills: '',
      level: 1,
    };
  const a = q.answer;
  return {
    kind: q.kind,
    stem: q.stem,
    options: isChoice(q.kind) ? [...q.options] : ['', '', '', ''],
    choices: 'choices' in a ? [...a.choices] : [],
    truth: 'truth' in a ? a.truth : null,
    keywords: 'keywords' in a ? a.keywords.join(t('common.listSeparator')) : '',
    points: String(q.points),
    explanation: q.explanation,
    serviceIds: [...q.serviceIds],
    skills: q.skills.join(t('common.listSeparator')),
    level: q.level,
  };
}

export function QuestionForm(props: {
  /** The question changed (null: a new one). */
  question: Question | null;
  /** The bank a new question goes to. */
  orgUnitId: string;
  info: LibraryInfo;
  onSaved: (id: number) => void;
  onCancel: () => void;
}) {
  const [d, setD] = createStore<Draft>(draftOf(props.question));
  const [busy, setBusy] = createSignal(false);
  const errors = createFieldErrors(FIELDS);

  const setKind = (kind: QuestionKind) => {
    // A single choice keeps one ticked option of a multiple one; options stay for either choice kind.
    setD({ kind, choices: kind === 'single' ? d.choices.slice(0, 1) : d.choices });
  };
  const tick = (i: number, on: boolean) =>
    setD('choices', (c) =>
      d.kind === 'single'
        ? on
          ? [i]
          : []
        : on
          ? [...new Set([...c, i])].sort((a, b) => a - b)
          : c.filter((x) => x !== i),
    );
  const addOption = () => setD('options', (o) => (o.length < MAX_OPTIONS ? [...o, ''] : o));
  const removeOption = (i: number) => {
    setD('options', (o) => o.filter((_, k) => k !== i));
    // The options after it move up a letter; so do their ticks.
    setD('choices', (c) => c.filter((x) => x !== i).map((x) => (x > i ? x - 1 : x)));
  };
  const toggleService = (id: string, on: boolean) =>
    setD('serviceIds', (ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)));

  const save = async (e: Event) => {
    e.preventDefault();
    errors.clear();
    if (!d.stem.trim()) return errors.failAt('stem', 'error.detail.training-question-stem');
    // Options left empty are dropped (the letters after them move up, and their ticks with them).
    const kept = d.options.map((o, i) => ({ text: o.trim(), i })).filter((o) => o.text);
    let answer: QuestionInput['answer'];
    if (isChoice(d.kind)) {
      const choices = kept.flatMap((o, k) => (d.choices.includes(o.i) ? [k] : []));
      if (choices.length === 0) return errors.failAt('answer', 'training.questions.form.tickRight');
      answer = { choices };
    } else if (d.kind === 'truefalse') {
      if (d.truth === null) return errors.failAt('answer', 'training.questions.form.pickTruth');
      answer = { truth: d.truth };
    } else {
      const keywords = listOf(d.keywords);
      if (keywords.length === 0) return errors.failAt('answer', 'training.questions.form.keywordsNeeded');
      answer = { keywords };
    }
    const points = d.points.trim() ? Number(d.points) : undefined;
    if (points !== undefined && (!Number.isInteger(points) || points < 1 || points > 100))
      return errors.failAt('points', 'training.questions.import.points');
    const skills = listOf(d.skills);
    if (skills.length > 20 || skills.some((s) => s.length > 30))
      return errors.failAt('skills', 'training.form.skillsInvalid');
    const question: QuestionInput = {
      kind: d.kind,
      stem: d.stem.trim(),
      options: isChoice(d.kind) ? kept.map((o) => o.text) : [],
      answer,
      ...(points !== undefined ? { points } : {}),
      explanation: d.explanation.trim(),
      serviceIds: d.serviceIds,
      skills,
      level: d.level,
    };
    setBusy(true);
    try {
      const { id } = await api.training.saveQuestion.mutate({
        ...(props.question ? { id: props.question.id } : {}),
        orgUnitId: props.question?.orgUnitId ?? props.orgUnitId,
        question,
      });
      props.onSaved(id);
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="question-form" data-testid="question-form" onSubmit={(e) => void save(e)}>
      <h2>{props.question ? t('training.questions.form.editTitle') : t('training.questions.form.newTitle')}</h2>
      <div class="form-line">
        <label>
          {t('training.questions.col.kind')}
          <select name="kind" onChange={(e) => setKind(e.currentTarget.value as QuestionKind)}>
            <For each={QUESTION_KINDS}>
              {(k) => (
                <option value={k} selected={d.kind === k}>
                  {questionKindName(k)}
                </option>
              )}
            </For>
          </select>
        </label>
        <label>
          {t('training.questions.col.points')}
          <input
            name="points"
            type="number"
            inputmode="numeric"
            min={1}
            max={100}
            step={1}
            value={d.points}
            placeholder={t('training.questions.form.pointsDefault', { n: DEFAULT_POINTS[d.kind] })}
            onInput={(e) => setD('points', e.currentTarget.value)}
          />
          <FieldError of={errors} field="points" />
        </label>
        <label>
          {t('training.questions.col.level')}
          <select name="level" onChange={(e) => setD('level', Number(e.currentTarget.value))}>
            <For each={LEVELS}>
              {(n) => (
                <option value={n} selected={d.level === n}>
                  {levelName(n)}
                </option>
              )}
            </For>
          </select>
        </label>
      </div>
      <label class="full">
        {t('training.questions.col.stem')}
        <textarea
          name="stem"
          required
          rows={3}
          maxLength={1000}
          value={d.stem}
          lang={dataLang(d.stem)}
          onInput={(e) => setD('stem', e.currentTarget.value)}
        />
        <FieldError of={errors} field="stem" />
      </label>
      <Switch>
        <Match when={isChoice(d.kind)}>
          <fieldset class="options-field" data-testid="options">
            <legend>
              {d.kind === 'single'
                ? t('training.questions.form.optionsSingle')
                : t('training.questions.form.optionsMultiple')}
            </legend>
            <Index each={d.options}>
              {(o, i) => (
                <div class="option-line" data-option={letter(i)}>
                  <label class="check right-tick">
                    <input
                      type={d.kind === 'single' ? 'radio' : 'checkbox'}
                      name="right"
                      value={i}
                      checked={d.choices.includes(i)}
                      onChange={(e) => tick(i, e.currentTarget.checked)}
                    />
                    <span class="letter">{letter(i)}</span>
                    <span class="visually-hidden">{t('training.questions.form.isRight')}</span>
                  </label>
                  <input
                    class="option-text"
                    name={`option${letter(i)}`}
                    maxLength={200}
                    value={o()}
                    lang={dataLang(o())}
                    aria-label={t('training.questions.col.option', { letter: letter(i) })}
                    onInput={(e) => setD('options', i, e.currentTarget.value)}
                  />
                  <Show when={d.options.length > 2}>
                    <button
                      type="button"
                      class="link"
                      aria-label={t('training.questions.form.removeOptionLabel', { letter: letter(i) })}
                      onClick={() => removeOption(i)}
                    >
                      {t('training.questions.form.removeOption')}
                    </button>
                  </Show>
                </div>
              )}
            </Index>
            <Show when={d.options.length < MAX_OPTIONS}>
              <button type="button" onClick={addOption} data-action="add-option">
                {t('training.questions.form.addOption')}
              </button>
            </Show>
            <p class="muted help">{t('training.questions.form.optionsHelp')}</p>
            <FieldError of={errors} field="options" />
            <FieldError of={errors} field="answer" />
          </fieldset>
        </Match>
        <Match when={d.kind === 'truefalse'}>
          <fieldset class="truth-field" data-testid="truth">
            <legend>{t('training.questions.col.answer')}</legend>
            <For each={[true, false]}>
              {(v) => (
                <label class="check">
                  <input
                    type="radio"
                    name="truth"
                    value={String(v)}
                    checked={d.truth === v}
                    onChange={() => setD('truth', v)}
                  />
                  {v ? t('training.questions.true') : t('training.questions.false')}
                </label>
              )}
            </For>
            <FieldError of={errors} field="answer" />
          </fieldset>
        </Match>
        <Match when={d.kind === 'short'}>
          <label class="full">
            {t('training.questions.form.keywords')}
            <input
              name="keywords"
              maxLength={600}
              value={d.keywords}
              lang={dataLang(d.keywords)}
              onInput={(e) => setD('keywords', e.currentTarget.value)}
            />
            <span class="muted help">{t('training.questions.form.keywordsHelp')}</span>
            <FieldError of={errors} field="answer" />
          </label>
        </Match>
      </Switch>
      <label class="full">
        {t('training.questions.form.explanation')}
        <textarea
          name="explanation"
          rows={2}
          maxLength={1000}
          value={d.explanation}
          lang={dataLang(d.explanation)}
          onInput={(e) => setD('explanation', e.currentTarget.value)}
        />
        <FieldError of={errors} field="explanation" />
      </label>
      <fieldset class="services">
        <legend>{t('training.questions.col.services')}</legend>
        <Show when={props.info.services.length > 0} fallback={<p class="muted">{t('training.form.noServices')}</p>}>
          <For each={props.info.services}>
            {(s) => (
              <label class="check">
                <input
                  type="checkbox"
                  name="service"
                  value={s.id}
                  checked={d.serviceIds.includes(s.id)}
                  onChange={(e) => toggleService(s.id, e.currentTarget.checked)}
                />
                <span lang={dataLang(s.name)}>{s.name}</span>
              </label>
            )}
          </For>
        </Show>
      </fieldset>
      <label class="full">
        {t('training.questions.col.skills')}
        <input
          name="skills"
          maxLength={700}
          value={d.skills}
          lang={dataLang(d.skills)}
          onInput={(e) => setD('skills', e.currentTarget.value)}
        />
        <span class="muted help">{t('training.form.skillsHelp')}</span>
        <FieldError of={errors} field="skills" />
      </label>
      <Show when={errors.elsewhere()}>
        {(m) => (
          <p class="error" role="alert">
            {m()}
          </p>
        )}
      </Show>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? t('training.form.saving') : t('training.form.save')}
        </button>
        <button type="button" onClick={() => props.onCancel()}>
          {t('training.form.cancel')}
        </button>
      </div>
    </form>
  );
}
