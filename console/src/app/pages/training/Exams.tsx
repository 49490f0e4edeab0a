/**
 * 考试 (/training/exams), for trainers and managers: the exams of the units they see, the newest first —
 * each with its state, window (halls' time), questions per paper out of its pool, time limit, attempts,
 * pass mark, how many took it and passed, the pass rate and the mean of each taker's best score. One
 * card per exam on a phone. "新建考试" for those who edit training.
 */
import { A } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { api } from '../../api.ts';
import { Loaded } from '../../components/States.tsx';
import { count, dataLang, duration, percent } from '../../format.ts';
import { t } from '../../i18n.ts';
import { can, session } from '../../session.ts';
import { examState, ExamStateBadge, examWindow, passMark, score, type ExamListed } from './exams-text.tsx';
import { TRAINING_EDIT_ROLES, TrainingNav } from './training-text.tsx';
import './training.css';
import './exams.css';

export default function ExamsPage() {
  const mayEdit = () => can(session().me(), TRAINING_EDIT_ROLES);
  const [exams, { refetch }] = createResource(() => api.training.exams.query());
  return (
    <section class="training exams">
      <TrainingNav mayEdit={mayEdit()} />
      <div class="page-head">
        <h1>{t('training.exams.title')}</h1>
        <Show when={mayEdit()}>
          <A class="button primary" href="/training/exams/new" data-action="new-exam">
            {t('training.exams.new')}
          </A>
        </Show>
      </div>
      <Loaded of={exams} retry={() => void refetch()} refused="training.exams.refused">
        {(list) => (
          <Show
            when={list().length > 0}
            fallback={
              <div class="empty" role="status" data-testid="nothing">
                <p>{t('training.exams.empty')}</p>
                <Show when={mayEdit()}>
                  <p>{t('training.exams.emptyEdit')}</p>
                </Show>
              </div>
            }
          >
            <div class="table-wrap">
              <table class="data cards exam-table" data-testid="exams">
                <thead>
                  <tr>
                    <th scope="col">{t('training.exams.col.exam')}</th>
                    <th scope="col">{t('training.exams.col.state')}</th>
                    <th scope="col">{t('training.exams.col.window')}</th>
                    <th scope="col" class="num">
                      {t('training.exams.col.questions')}
                    </th>
                    <th scope="col" class="num">
                      {t('training.exams.col.timeLimit')}
                    </th>
                    <th scope="col" class="num">
                      {t('training.exams.col.attempts')}
                    </th>
                    <th scope="col" class="num">
                      {t('training.exams.col.passMark')}
                    </th>
                    <th scope="col" class="num">
                      {t('training.exams.col.takers')}
                    </th>
                    <th scope="col" class="num">
                      {t('training.exams.col.passed')}
                    </th>
                    <th scope="col" class="num">
                      {t('training.exams.col.passRate')}
                    </th>
                    <th scope="col" class="num">
                      {t('training.exams.col.meanBest')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={list()}>{(e) => <ExamRow e={e} />}</For>
                </tbody>
              </table>
            </div>
          </Show>
        )}
      </Loaded>
    </section>
  );
}

function ExamRow(props: { e: ExamListed }) {
  const e = () => props.e;
  const cell = (key: Parameters<typeof t>[0]) => ({ 'data-label': t(key) });
  return (
    <tr data-exam={e().id}>
      <th scope="row" class="wrap">
        <A href={`/training/exams/${e().id}`} lang={dataLang(e().title)}>
          {e().title}
        </A>
        <span class="muted unit" lang={dataLang(e().unitName)}>
          {e().unitName}
        </span>
      </th>
      <td {...cell('training.exams.col.state')}>
        <ExamStateBadge state={examState(e())} />
      </td>
      <td class="wrap" {...cell('training.exams.col.window')}>
        {examWindow(e())}
      </td>
      <td class="num" {...cell('training.exams.col.questions')}>
        {t('training.exams.drawOfPool', { n: count(e().drawCount), pool: count(e().questionIds.length) })}
      </td>
      <td class="num" {...cell('training.exams.col.timeLimit')}>
        {duration(e().timeLimitMinutes)}
      </td>
      <td class="num" {...cell('training.exams.col.attempts')}>
        {count(e().maxAttempts)}
      </td>
      <td class="num" {...cell('training.exams.col.passMark')}>
        {passMark(e().passPercent)}
      </td>
      <td class="num" data-testid="takers" {...cell('training.exams.col.takers')}>
        {count(e().takers)}
      </td>
      <td class="num" data-testid="passed" {...cell('training.exams.col.passed')}>
        {count(e().passed)}
      </td>
      <td class="num" {...cell('training.exams.col.passRate')}>
        {e().takers > 0 ? percent(e().passed / e().takers) : '—'}
      </td>
      <td class="num" {...cell('training.exams.col.meanBest')}>
        {score(e().meanPercent)}
      </td>
    </tr>
  );
}
