/**
 * A clerk's own sheet on their phone (/me/assessments/:sheetId): the total and each line as a card;
 * at self-review a rating and a comment per line and overall; at acknowledgement one button; at the
 * appeal stage an appeal per line with a reason (within the limit and before the deadline), and the
 * manager's answer once given. The history closes the page.
 */
import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, errorMessage, type Outputs } from '../../../api.ts';
import { Loaded } from '../../../components/States.tsx';
import { dataLang, decimal } from '../../../format.ts';
import { t } from '../../../i18n.ts';
import { kpiName, notFoundError, periodText, scoreText, stageName, valueText, when } from './cycle-text.tsx';
import { History, LineNotes, ScoreCell } from './SheetLines.tsx';
import './cycles.css';

type Mine = Outputs['cycles']['mySheet'];
type Line = Mine['lines'][number];

function AppealForm(props: { sheet: Mine; line: Line; onDone: (s: Mine) => void }) {
  const [open, setOpen] = createSignal(false);
  const [reason, setReason] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const send = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onDone(
        await api.cycles.appeal.mutate({ sheetId: props.sheet.id, lineId: props.line.id, reason: reason().trim() }),
      );
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Show
      when={open()}
      fallback={
        <button type="button" class="big" name="appeal" onClick={() => setOpen(true)}>
          {t('cycles.appeal')}
        </button>
      }
    >
      <form class="cycle-form appeal" onSubmit={(e) => void send(e)}>
        <label class="field">
          <span>{t('cycles.appeal.reason')}</span>
          <textarea name="reason" maxLength={500} required onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
        <button type="submit" class="primary big" disabled={busy() || !reason().trim()}>
          {t('cycles.appeal.submit')}
        </button>
        <Show when={error()}>
          <p class="error" role="alert">
            {error()}
          </p>
        </Show>
      </form>
    </Show>
  );
}

function SelfReviewForm(props: { sheet: Mine; onDone: (s: Mine) => void }) {
  const [ratings, setRatings] = createSignal<Record<number, number>>({});
  const [comments, setComments] = createSignal<Record<number, string>>({});
  const [overall, setOverall] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const send = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onDone(
        await api.cycles.selfReview.mutate({
          sheetId: props.sheet.id,
          ...(overall().trim() ? { comment: overall().trim() } : {}),
          lines: props.sheet.lines
            .filter((l) => ratings()[l.id] || comments()[l.id]?.trim())
            .map((l) => ({
              lineId: l.id,
              ...(ratings()[l.id] ? { rating: ratings()[l.id] } : {}),
              ...(comments()[l.id]?.trim() ? { comment: comments()[l.id]?.trim() } : {}),
            })),
        }),
      );
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="cycle-form self-review" onSubmit={(e) => void send(e)}>
      <h2>{stageName('self-review')}</h2>
      <For each={props.sheet.lines}>
        {(l) => (
          <fieldset class="cycle-form inline">
            <legend>{kpiName(l)}</legend>
            <label class="field">
              <span>{t('cycles.me.rating')}</span>
              <select
                name={`rating-${l.id}`}
                onChange={(e) => setRatings({ ...ratings(), [l.id]: Number(e.currentTarget.value) })}
              >
                <option value="0">—</option>
                <For each={[5, 4, 3, 2, 1]}>{(n) => <option value={n}>{n}</option>}</For>
              </select>
            </label>
            <label class="field">
              <span>{t('cycles.me.comment')}</span>
              <input
                name={`comment-${l.id}`}
                maxLength={500}
                onInput={(e) => setComments({ ...comments(), [l.id]: e.currentTarget.value })}
              />
            </label>
          </fieldset>
        )}
      </For>
      <label class="field">
        <span>{t('cycles.me.selfComment')}</span>
        <textarea name="comment" maxLength={1000} onInput={(e) => setOverall(e.currentTarget.value)} />
      </label>
      <button type="submit" class="primary big" disabled={busy()}>
        {t('cycles.me.submitSelf')}
      </button>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </form>
  );
}

export default function MySheetPage() {
  const params = useParams<{ sheetId: string }>();
  const [data, { refetch, mutate }] = createResource(
    () => Number(params.sheetId),
    async (sheetId) => {
      if (!Number.isInteger(sheetId) || sheetId < 1) throw notFoundError();
      return api.cycles.mySheet.query({ sheetId });
    },
  );
  const [error, setError] = createSignal<string | null>(null);
  const acknowledge = async (id: number) => {
    setError(null);
    try {
      mutate(await api.cycles.acknowledge.mutate({ sheetId: id }));
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <section class="my-assessments">
      <p class="crumbs">
        <A href="/me/assessments">{t('cycles.me.back')}</A>
      </p>
      <Loaded of={data} retry={() => void refetch()} notFound="cycles.sheet.notFound">
        {(s) => (
          <>
            <h1 lang={dataLang(s().cycle.name)}>{s().cycle.name}</h1>
            <p class="muted">
              {periodText(s().cycle.from, s().cycle.to)} ·{' '}
              {s().cycle.status === 'final'
                ? t('cycles.status.final')
                : t('cycles.me.stageNow', { stage: stageName(s().cycle.stage.kind) })}
            </p>
            <p>
              {t('cycles.me.total')}{' '}
              <span class="total" data-total>
                {scoreText(s().total)}
              </span>
            </p>
            <Show when={s().can.appeal}>
              <p class="ok">
                {t('cycles.appeal.left', { n: s().appealLimit - s().appealsUsed, at: when(s().cycle.stageDueAt) })}
              </p>
            </Show>
            <ul class="line-cards">
              <For each={s().lines}>
                {(l) => (
                  <li class="line-card" data-line={l.key}>
                    <div class="line-head">
                      <strong>{kpiName(l)}</strong>
                      <span class="score">
                        <ScoreCell l={l} />
                      </span>
                    </div>
                    <p class="figures">
                      <span>
                        {t('cycles.line.value')} {valueText(l.value, l.unit)}
                      </span>
                      <span>
                        {t('cycles.line.weight')} {decimal(l.weight, 0)}
                      </span>
                      <Show when={l.sample !== null}>
                        <span>
                          {t('cycles.line.sample')} {decimal(l.sample, 0)}
                        </span>
                      </Show>
                    </p>
                    <LineNotes l={l} />
                    <Show when={s().can.appeal && !l.appeal}>
                      <AppealForm sheet={s()} line={l} onDone={mutate} />
                    </Show>
                  </li>
                )}
              </For>
            </ul>
            <Show when={s().can.selfReview}>
              <SelfReviewForm sheet={s()} onDone={mutate} />
            </Show>
            <Show when={s().selfSubmittedAt}>
              <p class="muted">{t('cycles.me.selfDone', { at: when(s().selfSubmittedAt) })}</p>
            </Show>
            <Show when={s().can.acknowledge}>
              <button type="button" class="primary big" name="acknowledge" onClick={() => void acknowledge(s().id)}>
                {t('cycles.me.acknowledge')}
              </button>
            </Show>
            <Show when={s().acknowledgedAt}>
              <p class="muted">{t('cycles.me.acknowledged', { at: when(s().acknowledgedAt) })}</p>
            </Show>
            <Show when={error()}>
              <p class="error" role="alert">
                {error()}
              </p>
            </Show>
            <History sheet={s()} />
          </>
        )}
      </Loaded>
    </section>
  );
}
