/**
 * A graded attempt as its clerk reads it (the exam page's second half, Attempt.tsx): the score, 通过 or
 * 未通过 against the pass mark, then each question with the clerk's answer, right or wrong with its
 * points, and — once the cloud reveals them (the exam closed, or no attempt left) — the right answers
 * and explanations.
 */
import { A } from '@solidjs/router';
import { For, Match, onMount, Show, Switch } from 'solid-js';
import { count, dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import {
  answered,
  dataList,
  letter,
  passMark,
  pointsNumber,
  questionKindName,
  score,
  truthName,
  type Attempt,
  type AttemptItem,
  type GivenAnswer,
} from './exams-text.tsx';
import { moment } from './training-text.tsx';

/** A graded attempt: the score and verdict, then each question with the clerk's answer and, if revealed, the key. */
export function AttemptResult(props: { a: Attempt; onShown: () => void }) {
  const a = () => props.a;
  // A paper graded (here or on another phone): nothing of it is kept on this one any more.
  onMount(() => props.onShown());
  const r = () => a().result as NonNullable<Attempt['result']>;
  return (
    <article class="attempt-result" data-testid="result" data-passed={r().passed ? 'yes' : 'no'}>
      <h1 lang={dataLang(a().examTitle)}>{a().examTitle}</h1>
      <p class="muted">
        {t('training.attempt.attemptOf', { n: count(a().attemptNo), max: count(a().maxAttempts) })}
        <Show when={a().submittedAt}>{(s) => <> · {t('training.attempt.handedInAt', { at: moment(s()) })}</>}</Show>
      </p>
      <div class="score-box" classList={{ passed: !!r().passed }}>
        <span class="score-value" data-testid="score">
          {score(r().percent)}
        </span>
        <span class={`badge verdict ${r().passed ? 'ok' : 'offline'}`} data-testid="verdict">
          {r().passed ? t('training.exams.passed') : t('training.exams.failed')}
        </span>
        <span class="score-detail">
          {t('training.attempt.earned', { n: pointsNumber(r().earned), max: pointsNumber(r().maxPoints) })}
          {' · '}
          {t('training.attempt.passMarkIs', { p: passMark(a().passPercent) })}
        </span>
      </div>
      <Show when={!r().revealed}>
        <p class="muted keys-later" data-testid="keys-later">
          {t('training.attempt.keysLater')}
        </p>
      </Show>
      <ol class="review" data-testid="review">
        <For each={a().items}>
          {(q, i) => <ReviewItem q={q} n={i() + 1} given={a().answers[String(q.questionId)]} />}
        </For>
      </ol>
      <p>
        <A class="button big" href="/me/training">
          {t('training.attempt.back')}
        </A>
      </p>
    </article>
  );
}

function ReviewItem(props: { q: AttemptItem; n: number; given: GivenAnswer | undefined }) {
  const q = () => props.q;
  const verdict = () =>
    q().right ? 'right' : (q().earned ?? 0) > 0 ? 'partly' : answered(props.given) ? 'wrong' : 'none';
  const key = () => q().key;
  const chosen = (i: number) => {
    const g = props.given;
    return !!g && 'choices' in g && g.choices.includes(i);
  };
  const isKey = (i: number) => {
    const k = key();
    return !!k && 'choices' in k && k.choices.includes(i);
  };
  return (
    <li class="review-item" data-question={q().questionId} data-verdict={verdict()}>
      <p class="q-meta">
        <strong>{t('training.attempt.questionN', { n: count(props.n) })}</strong>
        <span>{questionKindName(q().kind)}</span>
        <span
          class={`badge ${verdict() === 'right' ? 'ok' : verdict() === 'partly' ? 'warning' : verdict() === 'wrong' ? 'offline' : ''}`}
        >
          {t(`training.attempt.verdict.${verdict()}`)}
        </span>
        <span data-testid="item-points">
          {t('training.attempt.earned', { n: pointsNumber(q().earned), max: pointsNumber(q().points) })}
        </span>
      </p>
      <p class="stem" lang={dataLang(q().stem)}>
        {q().stem}
      </p>
      <Switch>
        <Match when={q().kind === 'single' || q().kind === 'multiple'}>
          <Show when={!answered(props.given)}>
            <p>
              {t('training.attempt.yourAnswerIs')}
              <strong>{t('training.attempt.none')}</strong>
            </p>
          </Show>
          <ul class="review-options">
            <For each={q().options}>
              {(o, i) => (
                <li classList={{ chosen: chosen(i()), key: isKey(i()) }}>
                  <span class="letter">{letter(i())}</span>
                  <span class="text" lang={dataLang(o)}>
                    {o}
                  </span>
                  <Show when={chosen(i())}>
                    <span class="tag mine">{t('training.attempt.yourChoice')}</span>
                  </Show>
                  <Show when={isKey(i())}>
                    <span class="tag right">{t('training.attempt.rightAnswer')}</span>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Match>
        <Match when={q().kind === 'truefalse'}>
          <p>
            {t('training.attempt.yourAnswerIs')}
            <strong>
              {props.given && 'truth' in props.given ? truthName(props.given.truth) : t('training.attempt.none')}
            </strong>
            <Show when={key()}>
              {(k) => (
                <>
                  {' · '}
                  {t('training.attempt.rightAnswerIs')}
                  <strong>{'truth' in k() ? truthName((k() as { truth: boolean }).truth) : ''}</strong>
                </>
              )}
            </Show>
          </p>
        </Match>
        <Match when={q().kind === 'short'}>
          <p>
            {t('training.attempt.yourAnswerIs')}
            <Show
              when={props.given && 'text' in props.given && props.given.text.trim()}
              fallback={<strong>{t('training.attempt.none')}</strong>}
            >
              {(text) => (
                <span class="short-given" lang={dataLang(text())}>
                  {text()}
                </span>
              )}
            </Show>
          </p>
          <Show when={key() && 'keywords' in (key() as object) ? (key() as { keywords: string[] }).keywords : null}>
            {(words) => (
              <p>
                {t('training.attempt.keywordsAre')}
                <strong lang={dataLang(words().join(''))}>{dataList(words())}</strong>
              </p>
            )}
          </Show>
        </Match>
      </Switch>
      <Show when={q().explanation}>
        {(x) => (
          <p class="explanation">
            <span class="muted">{t('training.attempt.explanation')}</span>
            <span lang={dataLang(x())}>{x()}</span>
          </p>
        )}
      </Show>
    </li>
  );
}
