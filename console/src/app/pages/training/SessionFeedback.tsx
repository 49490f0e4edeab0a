/** A session's feedback as its trainer reads it: the averages of five, how many answered, the comments. */
import { For, Show } from 'solid-js';
import { count, dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { scoreText, type SessionDetail } from './sessions-text.tsx';

/** The attendees' feedback: averages of five and how many answered; the comments, without names. */
export function Feedback(props: { d: SessionDetail; ended: boolean }) {
  const f = () => props.d.feedback;
  return (
    <section class="feedback-summary" aria-labelledby="feedback-h" data-testid="feedback">
      <h2 id="feedback-h">{t('training.sessions.feedback')}</h2>
      <Show
        when={f().count > 0}
        fallback={
          <p class="muted">
            {props.ended ? t('training.sessions.feedbackNone') : t('training.sessions.feedbackLater')}
          </p>
        }
      >
        <div class="scores">
          <p class="score" data-testid="course-score">
            <span class="label">{t('training.sessions.courseScore')}</span>
            <Stars value={f().course} />
            <strong>{t('training.sessions.outOf5', { n: scoreText(f().course) })}</strong>
          </p>
          <p class="score" data-testid="trainer-score">
            <span class="label">{t('training.sessions.trainerScore')}</span>
            <Stars value={f().trainer} />
            <strong>{t('training.sessions.outOf5', { n: scoreText(f().trainer) })}</strong>
          </p>
          <p class="muted answered">{t('training.sessions.answered', { n: count(f().count) })}</p>
        </div>
        <Show when={f().comments.length > 0}>
          <h3>{t('training.sessions.comments')}</h3>
          <ul class="comments">
            <For each={f().comments}>{(c) => <li lang={dataLang(c)}>{c}</li>}</For>
          </ul>
        </Show>
      </Show>
    </section>
  );
}

/** Five stars filled to an average (decoration: the figure beside it says it). */
export function Stars(props: { value: number | null }) {
  const share = () => `${Math.max(0, Math.min(5, props.value ?? 0)) * 20}%`;
  return (
    <span class="stars" aria-hidden="true">
      <span class="stars-empty">★★★★★</span>
      <span class="stars-full" style={{ width: share() }}>
        ★★★★★
      </span>
    </span>
  );
}
