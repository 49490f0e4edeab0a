/**
 * A clerk's feedback on a session they attended, on their phone: the course and the trainer, one to five
 * stars each (radio buttons under the stars: a thumb taps a star, a keyboard moves along them, a screen
 * reader hears "4 星"), the score said in words, and an optional comment the trainer reads without a name.
 */
import { createSignal, For } from 'solid-js';
import { api } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { t, type ConsoleKey } from '../../i18n.ts';
import './sessions-mine.css';

const SCORES = [1, 2, 3, 4, 5] as const;
const SAID: Record<number, ConsoleKey> = {
  1: 'training.feedback.said1',
  2: 'training.feedback.said2',
  3: 'training.feedback.said3',
  4: 'training.feedback.said4',
  5: 'training.feedback.said5',
};

function StarInput(props: { name: string; legend: ConsoleKey; value: number; onChange: (n: number) => void }) {
  return (
    <fieldset class="star-input" data-rating={props.name}>
      <legend>{t(props.legend)}</legend>
      <div class="stars-row">
        <For each={SCORES}>
          {(n) => (
            <label class="star" classList={{ on: props.value >= n }} data-score={n}>
              <input
                type="radio"
                class="visually-hidden"
                name={props.name}
                value={n}
                checked={props.value === n}
                onChange={() => props.onChange(n)}
              />
              <span aria-hidden="true">★</span>
              <span class="visually-hidden">{t('training.feedback.stars', { n })}</span>
            </label>
          )}
        </For>
        <span class="star-said" aria-hidden="true">
          {props.value ? t(SAID[props.value] as ConsoleKey) : ''}
        </span>
      </div>
    </fieldset>
  );
}

export function FeedbackForm(props: { sessionId: number; onSent: () => Promise<void> | void }) {
  const [course, setCourse] = createSignal(0);
  const [trainer, setTrainer] = createSignal(0);
  const [comment, setComment] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const notices = createNotices();
  const send = async (e: Event) => {
    e.preventDefault();
    notices.clear();
    if (!course() || !trainer()) return notices.failWith('training.feedback.needScores');
    setBusy(true);
    try {
      await api.training.giveFeedback.mutate({
        sessionId: props.sessionId,
        courseScore: course(),
        trainerScore: trainer(),
        ...(comment().trim() ? { comment: comment().trim() } : {}),
      });
      await props.onSent();
    } catch (err) {
      notices.fail(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="feedback-form" data-testid="feedback-form" onSubmit={(e) => void send(e)}>
      <p class="feedback-ask">{t('training.feedback.ask')}</p>
      <StarInput name="course" legend="training.feedback.course" value={course()} onChange={setCourse} />
      <StarInput name="trainer" legend="training.feedback.trainer" value={trainer()} onChange={setTrainer} />
      <label>
        {t('training.feedback.comment')}
        <textarea
          name="comment"
          rows={2}
          maxLength={500}
          value={comment()}
          placeholder={t('training.feedback.commentPlaceholder')}
          onInput={(e) => setComment(e.currentTarget.value)}
        />
      </label>
      <button type="submit" class="primary" disabled={busy()} data-action="send-feedback">
        {busy() ? t('training.feedback.sending') : t('training.feedback.send')}
      </button>
      <Notices of={notices} />
    </form>
  );
}
