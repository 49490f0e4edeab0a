/**
 * An exam on a clerk's phone (/me/training/attempts/:id). Taking it: one question per screen with big
 * touch targets (a radio for single choice and true/false, checkboxes for multiple, a text box for a
 * short answer), the question's number and a strip of every question (answered or not, a tap goes
 * there), previous and next, a countdown to the cloud's deadline measured on the cloud's clock (a warning
 * at 5 minutes and at 1; at zero the paper is handed in by itself). Every answer is saved as the clerk
 * goes (debounced) and kept on the phone until the cloud has it, so a reload or a dropped network loses
 * nothing ("已保存" once it is in). "交卷" asks first, saying how many are unanswered. Then, and for a
 * past attempt, the result (AttemptResult.tsx).
 */
import { A, useParams } from '@solidjs/router';
import {
  createEffect,
  createMemo,
  createResource,
  createSignal,
  For,
  Match,
  onCleanup,
  onMount,
  Show,
  Switch,
} from 'solid-js';
import { createStore, reconcile, unwrap } from 'solid-js/store';
import { api, errorMessage } from '../../api.ts';
import { failureOf, Loaded, NotFound } from '../../components/States.tsx';
import { count, dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import {
  answered,
  letter,
  pointsText,
  questionKindName,
  timeLeft,
  truthName,
  type Attempt,
  type AttemptItem,
  type GivenAnswer,
} from './exams-text.tsx';
import { AttemptResult } from './AttemptResult.tsx';
import './training.css';
import './exams.css';

/** Quiet time before answers are sent (a clerk ticking several boxes sends once). */
const SAVE_AFTER_MS = 800;
/** How soon a save that could not reach the cloud is tried again. */
const RETRY_MS = 4_000;
const FIVE_MINUTES = 5 * 60_000;
const ONE_MINUTE = 60_000;

type Answers = Record<string, GivenAnswer>;

export default function AttemptPage() {
  const params = useParams<{ id: string }>();
  const id = () => (/^\d{1,10}$/.test(params.id) ? Number(params.id) : null);
  const [attempt, { refetch, mutate }] = createResource(id, (attemptId) => api.training.myAttempt.query({ attemptId }));
  return (
    <section class="training attempt-page">
      <p class="back">
        <A href="/me/training">{t('training.attempt.back')}</A>
      </p>
      <Show when={id() !== null} fallback={<NotFound what="training.attempt.notFound" />}>
        <Loaded
          of={attempt}
          retry={() => void refetch()}
          refused="training.exams.mine.refused"
          notFound="training.attempt.notFound"
        >
          {(a) => (
            <Show when={a().result === null} fallback={<AttemptResult a={a()} onShown={() => keep(a().id, null)} />}>
              <Paper a={a()} onResult={(r) => mutate(r)} onClosed={() => void refetch()} />
            </Show>
          )}
        </Loaded>
      </Show>
    </section>
  );
}

/** Answers not yet in the cloud, kept on the phone (a reload or a dropped network loses nothing). */
const storeKey = (attemptId: number) => `hall.attempt.${attemptId}`;
function keptAnswers(attemptId: number): Answers | null {
  try {
    const raw = window.localStorage.getItem(storeKey(attemptId));
    const v = raw ? (JSON.parse(raw) as { answers?: Answers }) : null;
    return v?.answers && typeof v.answers === 'object' ? v.answers : null;
  } catch {
    return null;
  }
}
function keep(attemptId: number, answers: Answers | null) {
  try {
    if (answers) window.localStorage.setItem(storeKey(attemptId), JSON.stringify({ answers }));
    else window.localStorage.removeItem(storeKey(attemptId));
  } catch {
    // A phone's private mode may refuse storage: the cloud's copy is then the only one.
  }
}

type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'offline' | 'failed';

function Paper(props: { a: Attempt; onResult: (a: Attempt) => void; onClosed: () => void }) {
  // The paper as loaded: its questions never change; answers live here from now on.
  const a = props.a;
  const items = a.items;
  const kept = keptAnswers(a.id);
  const [answers, setAnswers] = createStore<Answers>({ ...a.answers, ...(kept ?? {}) });
  const firstOpen = items.findIndex((q) => !answered(answers[String(q.questionId)]));
  const [index, setIndex] = createSignal(firstOpen < 0 ? 0 : firstOpen);
  const [saveState, setSaveState] = createSignal<SaveState>(kept ? 'pending' : 'idle');
  const [saveError, setSaveError] = createSignal<unknown>(null);
  const [confirming, setConfirming] = createSignal(false);
  const [handingIn, setHandingIn] = createSignal<'no' | 'sending' | 'offline' | 'failed'>('no');
  const [handError, setHandError] = createSignal<unknown>(null);
  // The cloud's clock less the phone's: the countdown runs on the cloud's time.
  const skew = Date.parse(String(a.now)) - Date.now();
  const deadline = Date.parse(String(a.deadlineAt));
  const [clock, setClock] = createSignal(Date.now());
  const left = () => deadline - (clock() + skew);
  const warning = createMemo(() => (left() <= ONE_MINUTE ? 'one' : left() <= FIVE_MINUTES ? 'five' : null));
  const answeredCount = () => items.filter((q) => answered(answers[String(q.questionId)])).length;
  const unanswered = () => items.length - answeredCount();
  const current = () => items[index()] as AttemptItem;

  let version = kept ? 1 : 0;
  let savedVersion = 0;
  let inFlight = false;
  let handedIn = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), ms);
  };
  const snapshot = (): Answers => JSON.parse(JSON.stringify(unwrap(answers))) as Answers;
  const flush = async () => {
    if (inFlight || handedIn) return;
    if (savedVersion === version) return;
    inFlight = true;
    const v = version;
    setSaveState('saving');
    try {
      await api.training.saveAnswers.mutate({ attemptId: a.id, answers: snapshot() });
      savedVersion = v;
      setSaveError(null);
      if (v === version) {
        keep(a.id, null);
        setSaveState('saved');
      } else schedule(SAVE_AFTER_MS);
    } catch (err) {
      const why = failureOf(err);
      if (why === 'unreachable') {
        setSaveState('offline');
        schedule(RETRY_MS);
      } else if ((err as { data?: { code?: string } }).data?.code === 'CONFLICT') {
        // The time is up and the cloud has graded the paper on what it had: show the result.
        keep(a.id, null);
        handedIn = true;
        props.onClosed();
      } else {
        // Refused for now (too many saves at once, a busy cloud): said, and tried again a little later.
        setSaveState('failed');
        setSaveError(err);
        schedule(RETRY_MS * 3);
      }
    } finally {
      inFlight = false;
    }
  };
  const answer = (value: GivenAnswer) => {
    setAnswers(String(current().questionId), reconcile(value));
    version++;
    keep(a.id, snapshot());
    setSaveState('pending');
    schedule(SAVE_AFTER_MS);
  };

  const handIn = async () => {
    if (handedIn) return;
    handedIn = true;
    clearTimeout(timer);
    setHandingIn('sending');
    try {
      const r = await api.training.submitAttempt.mutate({ attemptId: a.id, answers: snapshot() });
      keep(a.id, null);
      props.onResult(r);
    } catch (err) {
      handedIn = false;
      setHandError(err);
      if (failureOf(err) === 'unreachable') {
        setHandingIn('offline');
        // No network: tried again until the cloud takes it (past the deadline it grades what it has).
        setTimeout(() => void handIn(), RETRY_MS);
      } else setHandingIn('failed');
    }
  };

  onMount(() => {
    const tick = setInterval(() => setClock(Date.now()), 500);
    const online = () => void flush();
    window.addEventListener('online', online);
    // Answers kept on the phone from before a reload go to the cloud now.
    if (kept) schedule(0);
    onCleanup(() => {
      clearInterval(tick);
      clearTimeout(timer);
      window.removeEventListener('online', online);
      // Leaving the page within the quiet time: the last answers are sent all the same.
      if (savedVersion !== version && !handedIn) void flush();
    });
  });
  // At zero the paper goes in by itself, once (handIn tries again while the network is down).
  let timeUp = false;
  createEffect(() => {
    if (left() > 0 || timeUp) return;
    timeUp = true;
    setConfirming(true);
    void handIn();
  });

  const go = (i: number) => {
    setIndex(Math.max(0, Math.min(items.length - 1, i)));
    window.scrollTo({ top: 0 });
  };

  return (
    <div class="paper" data-attempt={a.id}>
      <header class="paper-head">
        <h1 lang={dataLang(a.examTitle)}>{a.examTitle}</h1>
        <div class="paper-status">
          <span
            class="countdown"
            classList={{ warn: warning() === 'five', danger: warning() === 'one' }}
            role="timer"
            data-testid="countdown"
          >
            {t('training.attempt.left', { time: timeLeft(left()) })}
          </span>
          <span class="save-state" role="status" data-testid="save-state" data-state={saveState()}>
            <Switch>
              <Match when={saveState() === 'saved'}>{t('training.attempt.saved')}</Match>
              <Match when={saveState() === 'pending' || saveState() === 'saving'}>{t('training.attempt.saving')}</Match>
              <Match when={saveState() === 'offline'}>{t('training.attempt.offline')}</Match>
              <Match when={saveState() === 'failed'}>{errorMessage(saveError())}</Match>
            </Switch>
          </span>
        </div>
        <Show when={warning()}>
          {(w) => (
            <p class="time-warning" role="alert" data-testid="time-warning" data-warning={w()}>
              {w() === 'one' ? t('training.attempt.warnOne') : t('training.attempt.warnFive')}
            </p>
          )}
        </Show>
      </header>

      <nav class="progress-strip" aria-label={t('training.attempt.progress')}>
        <p class="progress-count" data-testid="progress">
          {t('training.attempt.answeredOf', { n: count(answeredCount()), total: count(items.length) })}
        </p>
        <ol>
          <For each={items}>
            {(q, i) => {
              const done = () => answered(answers[String(q.questionId)]);
              return (
                <li>
                  <button
                    type="button"
                    classList={{ answered: done(), current: i() === index() }}
                    aria-current={i() === index() ? 'step' : undefined}
                    aria-label={t(done() ? 'training.attempt.jumpAnswered' : 'training.attempt.jumpOpen', {
                      n: count(i() + 1),
                    })}
                    data-answered={done() ? 'yes' : 'no'}
                    onClick={() => go(i())}
                  >
                    {count(i() + 1)}
                  </button>
                </li>
              );
            }}
          </For>
        </ol>
      </nav>

      <Show when={current()} keyed>
        {(q) => (
          <QuestionScreen
            q={q}
            n={index() + 1}
            total={items.length}
            given={answers[String(q.questionId)]}
            onAnswer={answer}
          />
        )}
      </Show>

      <div class="paper-nav">
        <button type="button" class="big" disabled={index() === 0} onClick={() => go(index() - 1)} data-action="prev">
          {t('training.attempt.prev')}
        </button>
        <button
          type="button"
          class="big"
          disabled={index() === items.length - 1}
          onClick={() => go(index() + 1)}
          data-action="next"
        >
          {t('training.attempt.next')}
        </button>
      </div>

      <div class="hand-in">
        <Show
          when={confirming() || handingIn() !== 'no'}
          fallback={
            <button type="button" class="primary big" onClick={() => setConfirming(true)} data-action="hand-in">
              {t('training.attempt.handIn')}
            </button>
          }
        >
          <div class="confirm" role="alertdialog" aria-labelledby="hand-in-q" data-testid="hand-in-confirm">
            <p id="hand-in-q">
              {unanswered() > 0
                ? t('training.attempt.confirmUnanswered', { n: count(unanswered()) })
                : t('training.attempt.confirmAll')}
            </p>
            <p class="muted">{t('training.attempt.confirmFinal')}</p>
            <Switch>
              <Match when={handingIn() === 'sending'}>
                <p role="status">{left() <= 0 ? t('training.attempt.timeUp') : t('training.attempt.handingIn')}</p>
              </Match>
              <Match when={handingIn() === 'offline'}>
                <p class="error" role="alert">
                  {t('training.attempt.handInOffline')}
                </p>
              </Match>
              <Match when={handingIn() === 'failed'}>
                <p class="error" role="alert">
                  {errorMessage(handError())}
                </p>
              </Match>
            </Switch>
            <div class="confirm-actions">
              <button
                type="button"
                class="primary big"
                disabled={handingIn() === 'sending'}
                onClick={() => void handIn()}
                data-action="hand-in-yes"
              >
                {t('training.attempt.handInYes')}
              </button>
              <Show when={left() > 0}>
                <button
                  type="button"
                  class="big"
                  disabled={handingIn() === 'sending'}
                  onClick={() => {
                    setConfirming(false);
                    setHandingIn('no');
                  }}
                  data-action="keep-going"
                >
                  {t('training.attempt.keepGoing')}
                </button>
              </Show>
            </div>
          </div>
        </Show>
      </div>
    </div>
  );
}

/** One question on the screen: its number, kind and points, the stem, and what the clerk answers with. */
function QuestionScreen(props: {
  q: AttemptItem;
  n: number;
  total: number;
  given: GivenAnswer | undefined;
  onAnswer: (a: GivenAnswer) => void;
}) {
  const q = () => props.q;
  const name = () => `q${q().questionId}`;
  const chosen = () => {
    const g = props.given;
    return g && 'choices' in g ? g.choices : [];
  };
  const truth = () => {
    const g = props.given;
    return g && 'truth' in g ? g.truth : null;
  };
  const text = () => {
    const g = props.given;
    return g && 'text' in g ? g.text : '';
  };
  const toggle = (i: number, on: boolean) =>
    props.onAnswer({
      choices: on ? [...new Set([...chosen(), i])].sort((x, y) => x - y) : chosen().filter((x) => x !== i),
    });
  return (
    <article class="paper-question" data-question={q().questionId} data-kind={q().kind} data-n={props.n}>
      <p class="q-meta">
        <strong>{t('training.attempt.questionOf', { n: count(props.n), total: count(props.total) })}</strong>
        <span>{questionKindName(q().kind)}</span>
        <span>{pointsText(q().points)}</span>
      </p>
      <fieldset class="answer-field">
        <legend class="stem" lang={dataLang(q().stem)}>
          {q().stem}
        </legend>
        <Switch>
          <Match when={q().kind === 'single' || q().kind === 'multiple'}>
            <Show when={q().kind === 'multiple'}>
              <p class="muted hint">{t('training.attempt.multipleHint')}</p>
            </Show>
            <For each={q().options}>
              {(o, i) => (
                <label class="choice" classList={{ chosen: chosen().includes(i()) }}>
                  <input
                    type={q().kind === 'single' ? 'radio' : 'checkbox'}
                    name={name()}
                    value={i()}
                    checked={chosen().includes(i())}
                    onChange={(e) =>
                      q().kind === 'single' ? props.onAnswer({ choices: [i()] }) : toggle(i(), e.currentTarget.checked)
                    }
                  />
                  <span class="letter">{letter(i())}</span>
                  <span class="text" lang={dataLang(o)}>
                    {o}
                  </span>
                </label>
              )}
            </For>
          </Match>
          <Match when={q().kind === 'truefalse'}>
            <For each={[true, false]}>
              {(v) => (
                <label class="choice" classList={{ chosen: truth() === v }}>
                  <input
                    type="radio"
                    name={name()}
                    value={String(v)}
                    checked={truth() === v}
                    onChange={() => props.onAnswer({ truth: v })}
                  />
                  <span class="text">{truthName(v)}</span>
                </label>
              )}
            </For>
          </Match>
          <Match when={q().kind === 'short'}>
            <textarea
              class="short-answer"
              name={name()}
              rows={6}
              maxLength={2000}
              value={text()}
              lang={dataLang(text())}
              aria-label={t('training.attempt.yourAnswer')}
              placeholder={t('training.attempt.shortPlaceholder')}
              onInput={(e) => props.onAnswer({ text: e.currentTarget.value })}
            />
          </Match>
        </Switch>
      </fieldset>
    </article>
  );
}
