/**
 * An exam's results (/training/exams/:id), for trainers and managers: what the exam is (unit, session,
 * business type, window, paper, time limit, attempts, pass mark), its figures (takers, passed, pass
 * rate, mean best score), each clerk with their hall, attempts, best score and whether they passed, and
 * the item analysis — each question of the pool with how often it was answered right, the least often
 * first, so a trainer sees which question everyone gets wrong. Its trainers may close it (no new
 * attempt; attempts under way keep their time).
 */
import { A, useParams } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { api } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { Loaded, NotFound } from '../../components/States.tsx';
import { count, dataLang, duration, percent } from '../../format.ts';
import { t } from '../../i18n.ts';
import { can, session } from '../../session.ts';
import {
  examState,
  ExamStateBadge,
  examWindow,
  meanPoints,
  passMark,
  QuestionKindBadge,
  rightRate,
  score,
  type ExamResults,
} from './exams-text.tsx';
import { moment, TRAINING_EDIT_ROLES, TrainingNav } from './training-text.tsx';
import './training.css';
import './exams.css';

export default function ExamPage() {
  const params = useParams<{ id: string }>();
  const id = () => (/^\d{1,10}$/.test(params.id) ? Number(params.id) : null);
  const mayEdit = () => can(session().me(), TRAINING_EDIT_ROLES);
  const [data, { refetch }] = createResource(id, async (examId) => {
    const [results, info] = await Promise.all([
      api.training.examResults.query({ examId }),
      api.training.libraryInfo.query(),
    ]);
    return { results, info };
  });
  return (
    <section class="training exam">
      <TrainingNav mayEdit={mayEdit()} />
      <p class="back">
        <A href="/training/exams">{t('training.exams.back')}</A>
      </p>
      <Show when={id() !== null} fallback={<NotFound what="training.exams.notFound" />}>
        <Loaded
          of={data}
          retry={() => void refetch()}
          refused="training.exams.refused"
          notFound="training.exams.notFound"
        >
          {(v) => (
            <ExamView
              r={v().results}
              serviceName={(s) => v().info.services.find((x) => x.id === s)?.name ?? s}
              onChanged={() => void refetch()}
            />
          )}
        </Loaded>
      </Show>
    </section>
  );
}

interface Clerk {
  employeeId: string;
  name: string | null;
  staffId: string | null;
  hallName: string | null;
  attempts: number;
  best: number | null;
  passed: boolean;
  running: boolean;
  last: string | null;
}

function ExamView(props: { r: ExamResults; serviceName: (id: string) => string; onChanged: () => void }) {
  const exam = () => props.r.exam;
  const state = () => examState(exam());
  const notices = createNotices();
  const [confirming, setConfirming] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const clerks = createMemo(() => {
    const by = new Map<string, Clerk>();
    for (const a of props.r.attempts) {
      const c = by.get(a.employeeId) ?? {
        employeeId: a.employeeId,
        name: a.name,
        staffId: a.staffId,
        hallName: a.hallName,
        attempts: 0,
        best: null,
        passed: false,
        running: false,
        last: null,
      };
      c.attempts++;
      if (a.percent !== null) c.best = Math.max(c.best ?? 0, a.percent);
      if (a.passed) c.passed = true;
      if (a.percent === null) c.running = true;
      const at = a.submittedAt ? String(a.submittedAt) : null;
      if (at && (!c.last || Date.parse(at) > Date.parse(c.last))) c.last = at;
      by.set(a.employeeId, c);
    }
    return [...by.values()];
  });
  const takers = () => clerks().filter((c) => c.best !== null);
  const passedCount = () => clerks().filter((c) => c.passed).length;
  const meanBest = () => (takers().length ? takers().reduce((s, c) => s + (c.best ?? 0), 0) / takers().length : null);
  // The questions answered right least often first; those never asked last.
  const items = createMemo(() =>
    [...props.r.questions].sort((a, b) => {
      const ra = rightRate(a.right, a.asked);
      const rb = rightRate(b.right, b.asked);
      if (ra === null || rb === null) return ra === null ? (rb === null ? 0 : 1) : -1;
      return ra - rb;
    }),
  );
  const close = async () => {
    setBusy(true);
    notices.clear();
    try {
      await api.training.closeExam.mutate({ examId: exam().id });
      setConfirming(false);
      notices.ok('training.exams.closedOk');
      props.onChanged();
    } catch (err) {
      notices.fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <article class="exam-results" data-exam={exam().id}>
      <div class="page-head">
        <h1 lang={dataLang(exam().title)}>{exam().title}</h1>
        <ExamStateBadge state={state()} />
      </div>
      <dl class="facts exam-facts" data-testid="facts">
        <div>
          <dt>{t('training.exams.form.unit')}</dt>
          <dd lang={dataLang(exam().unitName)}>{exam().unitName}</dd>
        </div>
        <div>
          <dt>{t('training.exams.whoTakes')}</dt>
          <dd>
            <Show when={exam().sessionId} fallback={t('training.exams.forUnit')}>
              {(s) => (
                <>
                  {t('training.exams.forSession')}{' '}
                  <A href={`/training/sessions/${s()}`}>{t('training.exams.seeSession')}</A>
                </>
              )}
            </Show>
          </dd>
        </div>
        <Show when={exam().serviceId}>
          {(s) => (
            <div>
              <dt>{t('training.exams.service')}</dt>
              <dd lang={dataLang(props.serviceName(s()))}>{props.serviceName(s())}</dd>
            </div>
          )}
        </Show>
        <div>
          <dt>{t('training.exams.col.window')}</dt>
          <dd>{examWindow(exam())}</dd>
        </div>
        <div>
          <dt>{t('training.exams.col.questions')}</dt>
          <dd>
            {t('training.exams.drawOfPool', { n: count(exam().drawCount), pool: count(exam().questionIds.length) })}
          </dd>
        </div>
        <div>
          <dt>{t('training.exams.col.timeLimit')}</dt>
          <dd>{duration(exam().timeLimitMinutes)}</dd>
        </div>
        <div>
          <dt>{t('training.exams.col.attempts')}</dt>
          <dd>{count(exam().maxAttempts)}</dd>
        </div>
        <div>
          <dt>{t('training.exams.col.passMark')}</dt>
          <dd>{passMark(exam().passPercent)}</dd>
        </div>
      </dl>
      <Show when={props.r.canEdit && state() !== 'closed'}>
        <div class="close-exam">
          <Show
            when={confirming()}
            fallback={
              <button type="button" onClick={() => setConfirming(true)} data-action="close">
                {t('training.exams.close')}
              </button>
            }
          >
            <div class="confirm" role="alertdialog" aria-labelledby="close-q" data-testid="close-confirm">
              <p id="close-q">{t('training.exams.closeConfirm')}</p>
              <button
                type="button"
                class="danger"
                disabled={busy()}
                onClick={() => void close()}
                data-action="close-yes"
              >
                {t('training.exams.closeYes')}
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                {t('training.form.cancel')}
              </button>
            </div>
          </Show>
        </div>
      </Show>
      <Notices of={notices} />

      <div class="tiles exam-tiles" data-testid="summary">
        <div class="tile">
          <span class="tile-label">{t('training.exams.col.takers')}</span>
          <span class="tile-value">{count(takers().length)}</span>
        </div>
        <div class="tile">
          <span class="tile-label">{t('training.exams.col.passed')}</span>
          <span class="tile-value">{count(passedCount())}</span>
        </div>
        <div class="tile">
          <span class="tile-label">{t('training.exams.col.passRate')}</span>
          <span class="tile-value">{takers().length ? percent(passedCount() / takers().length) : '—'}</span>
        </div>
        <div class="tile">
          <span class="tile-label">{t('training.exams.col.meanBest')}</span>
          <span class="tile-value">{score(meanBest())}</span>
        </div>
      </div>

      <h2>{t('training.exams.results')}</h2>
      <Show
        when={clerks().length > 0}
        fallback={
          <p class="empty" role="status" data-testid="no-attempts">
            {t('training.exams.noAttempts')}
          </p>
        }
      >
        <div class="table-wrap">
          <table class="data cards" data-testid="clerks">
            <thead>
              <tr>
                <th scope="col">{t('training.exams.col.clerk')}</th>
                <th scope="col">{t('training.exams.col.hall')}</th>
                <th scope="col" class="num">
                  {t('training.exams.col.attemptsUsed')}
                </th>
                <th scope="col" class="num">
                  {t('training.exams.col.best')}
                </th>
                <th scope="col">{t('training.exams.col.result')}</th>
                <th scope="col">{t('training.exams.col.handedIn')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={clerks()}>
                {(c) => (
                  <tr data-employee={c.employeeId}>
                    <th scope="row">
                      <span lang={dataLang(c.name)}>{c.name ?? '—'}</span>{' '}
                      <Show when={c.staffId}>
                        {(s) => (
                          <span class="muted" translate="no">
                            {s()}
                          </span>
                        )}
                      </Show>
                    </th>
                    <td data-label={t('training.exams.col.hall')} lang={dataLang(c.hallName)}>
                      {c.hallName ?? '—'}
                    </td>
                    <td class="num" data-label={t('training.exams.col.attemptsUsed')}>
                      {t('training.exams.attemptsOf', { n: count(c.attempts), max: count(exam().maxAttempts) })}
                    </td>
                    <td class="num" data-label={t('training.exams.col.best')} data-testid="best">
                      {score(c.best)}
                    </td>
                    <td data-label={t('training.exams.col.result')}>
                      <Show
                        when={c.best !== null}
                        fallback={<span class="badge warning">{t('training.exams.underWay')}</span>}
                      >
                        <span class={`badge ${c.passed ? 'ok' : 'offline'}`} data-passed={c.passed ? 'yes' : 'no'}>
                          {c.passed ? t('training.exams.passed') : t('training.exams.failed')}
                        </span>
                      </Show>
                    </td>
                    <td data-label={t('training.exams.col.handedIn')}>{moment(c.last)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>

      <h2>{t('training.exams.items')}</h2>
      <p class="muted help">{t('training.exams.itemsHelp')}</p>
      <div class="table-wrap">
        <table class="data cards item-table" data-testid="items">
          <thead>
            <tr>
              <th scope="col">{t('training.questions.col.stem')}</th>
              <th scope="col">{t('training.questions.col.kind')}</th>
              <th scope="col" class="num">
                {t('training.exams.col.asked')}
              </th>
              <th scope="col" class="num">
                {t('training.exams.col.right')}
              </th>
              <th scope="col">{t('training.exams.col.rightRate')}</th>
              <th scope="col" class="num">
                {t('training.exams.col.meanPoints')}
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={items()}>
              {(q) => {
                const rate = () => rightRate(q.right, q.asked);
                return (
                  <tr data-question={q.id} classList={{ hard: rate() !== null && (rate() as number) < 0.5 }}>
                    <th scope="row" class="wrap stem" lang={dataLang(q.stem)}>
                      {q.stem}
                    </th>
                    <td data-label={t('training.questions.col.kind')}>
                      <QuestionKindBadge kind={q.kind} />
                    </td>
                    <td class="num" data-label={t('training.exams.col.asked')}>
                      {count(q.asked)}
                    </td>
                    <td class="num" data-label={t('training.exams.col.right')}>
                      {count(q.right)}
                    </td>
                    <td data-label={t('training.exams.col.rightRate')} data-testid="rate">
                      <Show when={rate() !== null} fallback={<span class="muted">{t('training.exams.notAsked')}</span>}>
                        <span class="rate">
                          <span class="rate-bar" aria-hidden="true">
                            <span style={{ width: `${Math.round((rate() ?? 0) * 100)}%` }} />
                          </span>
                          {percent(rate())}
                        </span>
                      </Show>
                    </td>
                    <td class="num" data-label={t('training.exams.col.meanPoints')}>
                      {q.asked > 0
                        ? t('training.exams.pointsOf', {
                            n: meanPoints(q.earned / q.asked),
                            max: meanPoints(q.points / q.asked),
                          })
                        : '—'}
                    </td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </div>
    </article>
  );
}
