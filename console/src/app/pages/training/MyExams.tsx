/**
 * A clerk's exams on 我的培训 (/me/training), phone first: those open to them with the number of
 * questions, time limit, pass mark, attempts left, closing time and best score so far, and a big
 * "开始考试" (or "继续答题" for an attempt under way, "再考一次" after a failed one) that opens the
 * attempt's page; then their past results, each opening its review.
 */
import { A, useNavigate } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { Loaded } from '../../components/States.tsx';
import { count, dataLang, duration } from '../../format.ts';
import { t } from '../../i18n.ts';
import { passMark, score, type MyExam } from './exams-text.tsx';
import { moment } from './training-text.tsx';
import './exams.css';

export function MyExams() {
  const navigate = useNavigate();
  const [exams, { refetch }] = createResource(() => api.training.myExams.query());
  const [starting, setStarting] = createSignal<number | null>(null);
  const notices = createNotices();
  const start = async (e: MyExam) => {
    notices.clear();
    setStarting(e.id);
    try {
      const a = await api.training.startAttempt.mutate({ examId: e.id });
      navigate(`/me/training/attempts/${a.id}`);
    } catch (err) {
      notices.fail(err);
      void refetch();
    } finally {
      setStarting(null);
    }
  };
  const takeable = (e: MyExam) => e.open && (e.canStart || e.runningAttemptId !== null);
  return (
    <section class="my-exams" aria-labelledby="my-exams-title" data-testid="my-exams">
      <h2 id="my-exams-title">{t('training.exams.mine.title')}</h2>
      <Notices of={notices} />
      <Loaded
        of={exams}
        retry={() => void refetch()}
        refused="training.exams.mine.refused"
        notFound="error.detail.training-not-staff"
      >
        {(list) => (
          <>
            <Show
              when={list().some(takeable)}
              fallback={
                <p class="empty" role="status" data-testid="no-open-exams">
                  {t('training.exams.mine.none')}
                </p>
              }
            >
              <ul class="exam-cards" data-testid="open-exams">
                <For each={list().filter(takeable)}>
                  {(e) => <OpenExam e={e} busy={starting() === e.id} onStart={() => void start(e)} />}
                </For>
              </ul>
            </Show>
            <Show when={list().some((e) => !takeable(e) && e.used > 0)}>
              <h3>{t('training.exams.mine.past')}</h3>
              <ul class="exam-cards past" data-testid="past-exams">
                <For each={list().filter((e) => !takeable(e) && e.used > 0)}>{(e) => <PastExam e={e} />}</For>
              </ul>
            </Show>
          </>
        )}
      </Loaded>
    </section>
  );
}

function OpenExam(props: { e: MyExam; busy: boolean; onStart: () => void }) {
  const e = () => props.e;
  return (
    <li class="exam-card" id={`exam-${e().id}`} data-exam={e().id}>
      <h3 lang={dataLang(e().title)}>{e().title}</h3>
      <ul class="exam-meta">
        <li>{t('training.exams.mine.questions', { n: count(e().questions) })}</li>
        <li>{t('training.exams.mine.timeLimit', { d: duration(e().timeLimitMinutes) })}</li>
        <li>{t('training.exams.mine.passMark', { p: passMark(e().passPercent) })}</li>
        <li data-testid="attempts-left">
          {t('training.exams.mine.attemptsLeft', {
            n: count(Math.max(0, e().maxAttempts - e().used)),
            max: count(e().maxAttempts),
          })}
        </li>
        <Show when={e().closesAt}>{(c) => <li>{t('training.exams.mine.closes', { at: moment(c()) })}</li>}</Show>
      </ul>
      <Show when={e().best}>
        {(b) => (
          <p class="best">
            {t('training.exams.mine.best', { score: score(b().percent) })}{' '}
            <span class={`badge ${b().passed ? 'ok' : 'offline'}`}>
              {b().passed ? t('training.exams.passed') : t('training.exams.failed')}
            </span>
          </p>
        )}
      </Show>
      <div class="exam-actions">
        <Show
          when={e().runningAttemptId}
          fallback={
            <button
              type="button"
              class="primary big"
              disabled={props.busy}
              onClick={() => props.onStart()}
              data-action="start"
            >
              {props.busy
                ? t('training.exams.mine.starting')
                : e().used > 0
                  ? t('training.exams.mine.again')
                  : t('training.exams.mine.start')}
            </button>
          }
        >
          {(running) => (
            <A class="button primary big" href={`/me/training/attempts/${running()}`} data-action="resume">
              {t('training.exams.mine.resume')}
            </A>
          )}
        </Show>
        <Show when={!e().runningAttemptId}>
          <p class="muted help">{t('training.exams.mine.startHelp')}</p>
        </Show>
      </div>
    </li>
  );
}

function PastExam(props: { e: MyExam }) {
  const e = () => props.e;
  return (
    <li class="exam-card" id={`exam-${e().id}`} data-exam={e().id}>
      <h3 lang={dataLang(e().title)}>{e().title}</h3>
      <ul class="exam-meta">
        <li>{t('training.exams.mine.used', { n: count(e().used), max: count(e().maxAttempts) })}</li>
        <li>{t('training.exams.mine.passMark', { p: passMark(e().passPercent) })}</li>
      </ul>
      <Show when={e().best} fallback={<p class="muted">{t('training.exams.mine.noResult')}</p>}>
        {(b) => (
          <>
            <p class="best">
              {t('training.exams.mine.best', { score: score(b().percent) })}{' '}
              <span class={`badge ${b().passed ? 'ok' : 'offline'}`}>
                {b().passed ? t('training.exams.passed') : t('training.exams.failed')}
              </span>
            </p>
            <p>
              <A href={`/me/training/attempts/${b().attemptId}`} data-action="review">
                {t('training.exams.mine.review')}
              </A>
            </p>
          </>
        )}
      </Show>
    </li>
  );
}
