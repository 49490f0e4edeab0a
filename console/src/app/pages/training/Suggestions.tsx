/**
 * 培训建议 (/training/suggestions): training suggested from measured gaps, per hall — the hall and the
 * status (待处理 / 已培训 / 已忽略 / 已自行改善) in the address. Each suggestion: the clerk and hall, the gap
 * in words with its evidence (the clerk against the colleagues of the hall over the window's dates), and
 * the course that addresses it (a link to the library's material, or "资料库中暂无对应课程" with a link
 * to make one for those who edit the library). Those who edit training at the hall schedule it (the new
 * session form, prefilled by `?material=<seriesId>&employee=<id>`) and run the analysis now, following
 * the run's state; managers and trainers dismiss one with a required reason and restore a dismissed one.
 * How gaps are found is said on the page. A hall not among the caller's is answered as not found.
 */
import { A, useSearchParams } from '@solidjs/router';
import { createEffect, createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import { api, errorMessage } from '../../api.ts';
import { createNotices, Notices, type NoticesState } from '../../components/Notices.tsx';
import { Loaded, NotFound } from '../../components/States.tsx';
import { count, dataLang } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { can, session } from '../../session.ts';
import {
  dateRange,
  gapText,
  kindName,
  runActive,
  runText,
  SlowestService,
  statusName,
  STATUSES,
  type Analysis,
  type Status,
  type Suggestion,
} from './suggest-text.tsx';
import { moment, TRAINING_EDIT_ROLES, TrainingNav, WithData } from './training-text.tsx';
import './training.css';
import './suggest.css';

type Params = { hall?: string; status?: string };
/** How often the page asks how a run it is waiting for stands. */
const POLL_MS = 1_500;

export default function SuggestionsPage() {
  const [search, setSearch] = useSearchParams<Params>();
  const status = (): Status => (STATUSES.includes(search.status as Status) ? (search.status as Status) : 'open');
  const hall = () => search.hall || undefined;
  const [info, { refetch: refetchInfo }] = createResource(
    () => ({ hallId: hall() }),
    (q) => api.training.analysis.query(q.hallId ? { hallId: q.hallId } : {}),
  );
  const [list, { refetch: refetchList }] = createResource(
    () => ({ hallId: hall(), status: status() }),
    (q) => api.training.suggestions.query(q.hallId ? q : { status: q.status }),
  );
  const notices = createNotices();

  // While a run is queued or running, follow it; when one ends (however quickly), show what it found.
  let timer: ReturnType<typeof setInterval> | undefined;
  let seen: { hall: string | undefined; finished: string | null } | null = null;
  createEffect(() => {
    const i = info();
    if (!i) return;
    const active = runActive(i.suggestRun);
    if (active && !timer) timer = setInterval(() => void refetchInfo(), POLL_MS);
    if (!active && timer) {
      clearInterval(timer);
      timer = undefined;
    }
    const now = { hall: hall(), finished: i.suggestRun?.finishedAt ? String(i.suggestRun.finishedAt) : null };
    if (seen && seen.hall === now.hall && seen.finished !== now.finished) void refetchList();
    seen = now;
  });
  onCleanup(() => timer && clearInterval(timer));

  return (
    <section class="training suggestions-page">
      <TrainingNav mayEdit={can(session().me(), TRAINING_EDIT_ROLES)} />
      <Loaded of={info} retry={() => void refetchInfo()} refused="training.suggest.refused">
        {(i) => (
          <Show
            when={!hall() || i().halls.some((h) => h.id === hall())}
            fallback={<NotFound what="training.suggest.noHall" />}
          >
            <Head
              info={i()}
              hall={hall()}
              refetch={() => void refetchInfo()}
              notices={notices}
              onHall={(h) => setSearch({ hall: h || undefined })}
            />
            <div class="suggest-method muted">
              <p data-testid="method">{t('training.suggest.method')}</p>
              <details>
                <summary>{t('training.suggest.rules')}</summary>
                <p>{t('training.suggest.rulesText')}</p>
              </details>
            </div>
            <div class="tabs suggest-tabs" role="group" aria-label={t('training.suggest.statusTabs')}>
              <For each={STATUSES}>
                {(s) => (
                  <button
                    type="button"
                    data-status-filter={s}
                    aria-pressed={status() === s}
                    aria-selected={status() === s}
                    onClick={() => setSearch({ status: s === 'open' ? undefined : s })}
                  >
                    {statusName(s)}
                  </button>
                )}
              </For>
            </div>
            <Notices of={notices} />
            <Loaded of={list} retry={() => void refetchList()} refused="training.suggest.refused">
              {(rows) => (
                <Show
                  when={rows().length > 0}
                  fallback={
                    <div class="empty" role="status" data-testid="nothing">
                      <p>{t(`training.suggest.empty.${status()}` as ConsoleKey)}</p>
                      <Show when={status() === 'open' && i().halls.length > 0}>
                        <p>{t('training.suggest.emptyHint')}</p>
                      </Show>
                    </div>
                  }
                >
                  <p class="total" role="status" data-testid="total">
                    {t('training.suggest.count', { n: count(rows().length) })}
                  </p>
                  <ol class="suggestion-list" data-testid="suggestions" aria-label={t('training.suggest.list')}>
                    <For each={rows()}>
                      {(s) => (
                        <SuggestionCard
                          s={s}
                          mayEdit={i().halls.find((h) => h.id === s.hallId)?.mayEdit ?? false}
                          notices={notices}
                          decided={() => void refetchList()}
                        />
                      )}
                    </For>
                  </ol>
                </Show>
              )}
            </Loaded>
          </Show>
        )}
      </Loaded>
    </section>
  );
}

/** The title, the hall filter, and for those who edit training at the hall: "立即分析" and how the run stands. */
function Head(props: {
  info: Analysis;
  hall: string | undefined;
  refetch: () => void;
  notices: NoticesState;
  onHall: (hallId: string) => void;
}) {
  const [busy, setBusy] = createSignal(false);
  // The hall analysed: the one chosen, or the only one the caller sees.
  const target = () =>
    props.info.halls.find((h) => h.id === props.hall) ?? (props.info.halls.length === 1 ? props.info.halls[0] : null);
  const anyEdit = () => props.info.halls.some((h) => h.mayEdit);
  const run = async (hallId: string) => {
    setBusy(true);
    props.notices.clear();
    try {
      await api.training.suggestNow.mutate({ hallId });
      props.refetch();
    } catch (err) {
      props.notices.fail(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <div class="page-head">
        <h1>{t('training.suggest.title')}</h1>
        <Show when={props.info.halls.length > 1}>
          <label class="hall-filter">
            {t('training.suggest.hall')}
            <select name="hall" onChange={(e) => props.onHall(e.currentTarget.value)}>
              <option value="">{t('training.suggest.allHalls')}</option>
              <For each={props.info.halls}>
                {(h) => (
                  <option value={h.id} selected={props.hall === h.id} lang={dataLang(h.name)}>
                    {h.name}
                  </option>
                )}
              </For>
            </select>
          </label>
        </Show>
      </div>
      <Show when={props.info.halls.length === 0}>
        <p class="empty">{t('training.suggest.noHalls')}</p>
      </Show>
      <Show
        when={target()}
        fallback={
          <Show when={anyEdit()}>
            <p class="muted">{t('training.suggest.pickHall')}</p>
          </Show>
        }
      >
        {(h) => (
          <div class="analysis-run" data-testid="run" data-state={props.info.suggestRun?.state ?? 'never'}>
            <Show when={h().mayEdit}>
              <button
                type="button"
                class="primary"
                data-action="suggest-now"
                disabled={busy() || runActive(props.info.suggestRun)}
                onClick={() => void run(h().id)}
              >
                {t('training.suggest.runNow')}
              </button>
            </Show>
            <span class="run-state" role="status">
              <Show when={props.info.halls.length > 1}>
                <span lang={dataLang(h().name)}>{h().name}</span>
                {t('common.colon')}
              </Show>
              {runText(props.info.suggestRun, 'suggest')}
            </span>
          </div>
        )}
      </Show>
    </>
  );
}

function SuggestionCard(props: { s: Suggestion; mayEdit: boolean; notices: NoticesState; decided: () => void }) {
  const s = () => props.s;
  const [dismissing, setDismissing] = createSignal(false);
  const [reason, setReason] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  /** A refused dismissal, said at its form. */
  const [error, setError] = createSignal<string | null>(null);
  const decide = async (status: 'dismissed' | 'open') => {
    setBusy(true);
    setError(null);
    props.notices.clear();
    try {
      await api.training.decideSuggestion.mutate({
        id: s().id,
        status,
        ...(status === 'dismissed' ? { reason: reason().trim() } : {}),
      });
      setDismissing(false);
      props.notices.ok(status === 'dismissed' ? 'training.suggest.dismissedOk' : 'training.suggest.restoredOk');
      props.decided();
    } catch (err) {
      if (status === 'dismissed') setError(errorMessage(err));
      else props.notices.fail(err);
    } finally {
      setBusy(false);
    }
  };
  const scheduleHref = () => {
    const q = new URLSearchParams();
    if (s().course) q.set('material', String(s().course?.seriesId));
    q.set('employee', s().employeeId);
    return `/training/sessions/new?${q.toString()}`;
  };
  return (
    <li class="suggestion-card" data-suggestion={s().id} data-kind={s().kind} data-status={s().status}>
      <div class="card-head">
        <h2 class="clerk" lang={dataLang(s().employeeName ?? t('training.suggest.unknownClerk'))}>
          {s().employeeName ?? t('training.suggest.unknownClerk')}
        </h2>
        <span class="hall muted" lang={dataLang(s().hallName)}>
          {s().hallName}
        </span>
        <span class={`badge gap gap-${s().kind}`}>{kindName(s().kind)}</span>
      </div>
      <p class="gap-figures" data-testid="gap">
        {gapText(s())}
      </p>
      <Show when={s().kind === 'handle' && s().evidence.service}>
        <p class="gap-figures" data-testid="slowest">
          <SlowestService s={s()} />
        </p>
      </Show>
      <p class="window muted">
        {t('training.suggest.window', { range: dateRange(s().evidence.windowFrom, s().evidence.windowTo) })}
      </p>
      <p class="course" data-testid="course">
        <span class="muted">{t('training.suggest.course')}</span>
        <Show
          when={s().course}
          fallback={
            <>
              <span class="no-course">{t('training.suggest.noCourse')}</span>
              <Show when={props.mayEdit}>
                <A href="/training/new" data-action="new-material">
                  {t('training.suggest.createCourse')}
                </A>
              </Show>
            </>
          }
        >
          {(c) => (
            <Show when={c().materialId} fallback={<span>{c().title ?? t('training.suggest.untitled')}</span>}>
              {(id) => (
                <A href={`/training/materials/${id()}`} lang={dataLang(c().title)}>
                  {c().title ?? t('training.suggest.untitled')}
                </A>
              )}
            </Show>
          )}
        </Show>
      </p>
      <Show when={s().status === 'dismissed'}>
        <p class="decided" data-testid="decided">
          <Show when={s().reason}>
            {(r) => <WithData say={(slot) => t('training.suggest.reasonWas', { reason: slot })} data={r()} />}
          </Show>
          <span class="muted">
            {' · '}
            <Show when={s().decidedByName}>
              {(n) => (
                <>
                  <span lang={dataLang(n())}>{n()}</span>{' '}
                </>
              )}
            </Show>
            {moment(s().updatedAt)}
          </span>
        </p>
      </Show>
      <Show when={s().status === 'done'}>
        <p class="decided ok-text">{t('training.suggest.doneNote', { at: moment(s().updatedAt) })}</p>
      </Show>
      <Show when={s().status === 'resolved'}>
        <p class="decided ok-text">{t('training.suggest.resolvedNote', { at: moment(s().updatedAt) })}</p>
      </Show>
      <Show when={s().status === 'open' && !dismissing()}>
        <div class="actions">
          <Show when={props.mayEdit}>
            <A class="button primary" href={scheduleHref()} data-action="schedule">
              {t('training.suggest.schedule')}
            </A>
          </Show>
          <button type="button" data-action="dismiss" onClick={() => setDismissing(true)}>
            {t('training.suggest.dismiss')}
          </button>
        </div>
      </Show>
      <Show when={s().status === 'open' && dismissing()}>
        <form
          class="dismiss-form"
          data-testid="dismiss-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (reason().trim()) void decide('dismissed');
          }}
        >
          <label>
            {t('training.suggest.dismissReason')}
            <input
              name="reason"
              maxLength={300}
              required
              value={reason()}
              placeholder={t('training.suggest.dismissPlaceholder')}
              aria-invalid={error() ? true : undefined}
              onInput={(e) => setReason(e.currentTarget.value)}
            />
          </label>
          <Show when={error()}>
            <p class="error" role="alert">
              {error()}
            </p>
          </Show>
          <div class="actions">
            <button type="submit" class="primary" disabled={busy() || !reason().trim()} data-action="confirm-dismiss">
              {t('training.suggest.dismissConfirm')}
            </button>
            <button type="button" disabled={busy()} onClick={() => (setDismissing(false), setError(null))}>
              {t('training.suggest.cancel')}
            </button>
          </div>
        </form>
      </Show>
      <Show when={s().status === 'dismissed'}>
        <div class="actions">
          <button type="button" data-action="restore" disabled={busy()} onClick={() => void decide('open')}>
            {t('training.suggest.restore')}
          </button>
        </div>
      </Show>
    </li>
  );
}
