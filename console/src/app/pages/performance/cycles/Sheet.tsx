/**
 * A clerk's sheet as the hall's manager or the region sees it
 * (/performance/cycles/:cycleId/halls/:hallId/sheets/:sheetId): the lines, and at the stage that is
 * theirs, adjusting a line's score with a required reason or answering an appeal (accept with a new
 * score, or reject with a reason); the sheet's history below.
 */
import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, Show } from 'solid-js';
import { api, errorMessage } from '../../../api.ts';
import { Loaded } from '../../../components/States.tsx';
import { dataLang } from '../../../format.ts';
import { t } from '../../../i18n.ts';
import { notFoundError, periodText, scoreText, stageName, when } from './cycle-text.tsx';
import { History, LinesTable, type Line, type Sheet } from './SheetLines.tsx';
import './cycles.css';

function AdjustForm(props: { sheet: Sheet; line: Line; onDone: (s: Sheet) => void; onCancel: () => void }) {
  const [score, setScore] = createSignal(String(props.line.score ?? ''));
  const [reason, setReason] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const save = async (e: Event) => {
    e.preventDefault();
    if (!reason().trim()) return setError(t('cycles.adjust.reasonMissing'));
    setBusy(true);
    setError(null);
    try {
      props.onDone(
        await api.cycles.adjust.mutate({
          hallId: props.sheet.hallId,
          sheetId: props.sheet.id,
          lineId: props.line.id,
          score: Number(score()),
          reason: reason().trim(),
        }),
      );
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="cycle-form inline adjust" onSubmit={(e) => void save(e)}>
      <label class="field">
        <span>{t('cycles.adjust.score')}</span>
        <input
          name="score"
          type="number"
          min="0"
          max="100"
          step="0.1"
          required
          value={score()}
          onInput={(e) => setScore(e.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span>{t('cycles.adjust.reason')}</span>
        <input name="reason" maxLength={500} value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      <div class="buttons">
        <button type="submit" class="primary" disabled={busy()}>
          {t('cycles.adjust.save')}
        </button>
        <button type="button" onClick={() => props.onCancel()}>
          {t('cycles.adjust.cancel')}
        </button>
      </div>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </form>
  );
}

function AnswerForm(props: { sheet: Sheet; line: Line; onDone: (s: Sheet) => void }) {
  const [score, setScore] = createSignal(String(props.line.score ?? ''));
  const [answer, setAnswer] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const send = async (decision: 'accept' | 'reject') => {
    setBusy(true);
    setError(null);
    try {
      props.onDone(
        await api.cycles.answerAppeal.mutate({
          hallId: props.sheet.hallId,
          appealId: props.line.appeal?.id ?? 0,
          decision,
          ...(decision === 'accept' ? { newScore: Number(score()) } : {}),
          ...(answer().trim() ? { reason: answer().trim() } : {}),
        }),
      );
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="cycle-form inline answer" onSubmit={(e) => e.preventDefault()}>
      <label class="field">
        <span>{t('cycles.appeal.newScore')}</span>
        <input
          name="newScore"
          type="number"
          min="0"
          max="100"
          step="0.1"
          value={score()}
          onInput={(e) => setScore(e.currentTarget.value)}
        />
      </label>
      <label class="field">
        <span>{t('cycles.appeal.answerReason')}</span>
        <input name="answer" maxLength={500} value={answer()} onInput={(e) => setAnswer(e.currentTarget.value)} />
      </label>
      <div class="buttons">
        <button type="button" class="primary" name="accept" disabled={busy()} onClick={() => void send('accept')}>
          {t('cycles.appeal.accept')}
        </button>
        <button type="button" name="reject" disabled={busy()} onClick={() => void send('reject')}>
          {t('cycles.appeal.reject')}
        </button>
      </div>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </form>
  );
}

export default function SheetPage() {
  const params = useParams<{ cycleId: string; hallId: string; sheetId: string }>();
  const [data, { refetch, mutate }] = createResource(
    () => ({ hallId: params.hallId, sheetId: Number(params.sheetId) }),
    async (q) => {
      if (!Number.isInteger(q.sheetId) || q.sheetId < 1) throw notFoundError();
      return api.cycles.sheet.query(q);
    },
  );
  const [editing, setEditing] = createSignal<number | null>(null);
  const done = (s: Sheet) => {
    setEditing(null);
    mutate(s);
  };
  return (
    <section class="cycles-page">
      <Loaded of={data} retry={() => void refetch()} refused="cycles.refused" notFound="cycles.sheet.notFound">
        {(s) => (
          <>
            <div class="page-head">
              <div>
                <p class="crumbs">
                  <A href={`/performance/cycles/${params.cycleId}`} lang={dataLang(s().cycle.name)}>
                    {s().cycle.name}
                  </A>
                </p>
                <h1 lang={dataLang(s().name)}>{t('cycles.sheet.title', { name: s().name })}</h1>
                <p class="muted">
                  <span lang={dataLang(s().hallName)}>{s().hallName}</span> · {periodText(s().cycle.from, s().cycle.to)}{' '}
                  · {s().cycle.status === 'final' ? t('cycles.status.final') : stageName(s().cycle.stage.kind)}
                  <Show when={s().cycle.status === 'open' && s().cycle.stageDueAt}>
                    {' '}
                    · {t('cycles.dueAt', { at: when(s().cycle.stageDueAt) })}
                  </Show>
                </p>
              </div>
              <div class="sheet-total">
                <span class="muted">{t('cycles.col.total')}</span> <strong data-total>{scoreText(s().total)}</strong>
                <Show when={s().computedTotal !== s().total}>
                  {' '}
                  <s class="was">{t('cycles.line.computed', { score: scoreText(s().computedTotal) })}</s>
                </Show>
              </div>
            </div>
            <Show when={s().selfComment}>
              <p lang={dataLang(s().selfComment)}>
                {t('cycles.me.selfComment')}：{s().selfComment}
              </p>
            </Show>
            <LinesTable
              sheet={s()}
              actions={(l) => (
                <>
                  <Show when={s().can.adjust && l.enough && editing() !== l.id}>
                    <button type="button" name="adjust" onClick={() => setEditing(l.id)}>
                      {t('cycles.adjust')}
                    </button>
                  </Show>
                  <Show when={editing() === l.id}>
                    <AdjustForm sheet={s()} line={l} onDone={done} onCancel={() => setEditing(null)} />
                  </Show>
                  <Show when={s().can.answer && l.appeal?.status === 'open'}>
                    <AnswerForm sheet={s()} line={l} onDone={done} />
                  </Show>
                </>
              )}
            />
            <History sheet={s()} />
          </>
        )}
      </Loaded>
    </section>
  );
}
