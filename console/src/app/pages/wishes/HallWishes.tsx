/**
 * A hall's wishes for its managers (/halls/:hallId/wishes): time off and availability changes waiting
 * for a decision first (approve, or refuse with a reason), the shift swaps clerks agreed on (approve puts
 * the shift on the taker in a new published roster version), then the other wishes with how the
 * published roster met them.
 */
import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, errorMessage, type Outputs } from '../../api.ts';
import { Loaded } from '../../components/States.tsx';
import { dataLang } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { Names, reasonText, shortDate, swapError, TemplateName, wishWhen } from './wish-text.tsx';
import './wishes.css';

type Hall = Outputs['wishes']['hall'];
type Wish = Hall['wishes'][number];
type Swap = Outputs['swaps']['hall']['swaps'][number];

/** Approve, or refuse with a reason (asked for in place). */
function Decide(props: {
  decide: (d: 'approved' | 'refused', reason?: string) => Promise<unknown>;
  done: () => void;
  errors?: (e: unknown) => string;
}) {
  const [refusing, setRefusing] = createSignal(false);
  const [reason, setReason] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const go = async (d: 'approved' | 'refused') => {
    setBusy(true);
    setError(null);
    try {
      await props.decide(d, d === 'refused' ? reason().trim() : undefined);
      props.done();
    } catch (err) {
      setError((props.errors ?? errorMessage)(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="decide">
      <Show
        when={refusing()}
        fallback={
          <>
            <button type="button" class="primary" disabled={busy()} onClick={() => void go('approved')}>
              {t('wishes.hall.approve')}
            </button>
            <button type="button" class="secondary" disabled={busy()} onClick={() => setRefusing(true)}>
              {t('wishes.hall.refuse')}
            </button>
          </>
        }
      >
        <label class="field">
          <span>{t('wishes.hall.reason')}</span>
          <input maxLength={300} value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
        <button type="button" class="primary" disabled={busy() || !reason().trim()} onClick={() => void go('refused')}>
          {t('wishes.hall.refuse')}
        </button>
      </Show>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </div>
  );
}

function WishRow(props: { w: Wish; h: Hall; hallId: string; done: () => void }) {
  return (
    <tr data-wish={props.w.id} data-status={props.w.status}>
      <th scope="row" lang={dataLang(props.w.employeeName)}>
        {props.w.employeeName}
      </th>
      <td data-label={t('wishes.kind')}>{t(`wishes.kind.${props.w.kind}` as ConsoleKey)}</td>
      <td data-label={t('wishes.hall.when')} class="wrap">
        {wishWhen(props.w)}
        <Show when={props.w.templateId}>
          {' · '}
          <TemplateName templates={props.h.templates} id={props.w.templateId} />
        </Show>
        <Show when={props.w.note}>
          <br />
          <span class="muted" lang={dataLang(props.w.note)}>
            {props.w.note}
          </span>
        </Show>
      </td>
      <td data-label={t('wishes.hall.status')}>
        <Show
          when={props.w.status === 'pending'}
          fallback={<span class={`badge ${props.w.status}`}>{t(`wishes.status.${props.w.status}` as ConsoleKey)}</span>}
        >
          <Decide
            decide={(decision, reason) =>
              api.wishes.decide.mutate({
                hallId: props.hallId,
                id: props.w.id,
                decision,
                ...(reason ? { reason } : {}),
              })
            }
            done={props.done}
          />
        </Show>
      </td>
      <td data-label={t('wishes.hall.outcome')} class="wrap">
        <Show when={props.w.outcome} fallback={<span class="muted">{t('wishes.hall.notYet')}</span>}>
          {(o) => (
            <span class={`outcome ${o().status}`}>
              {o().status === 'met'
                ? t('wishes.met')
                : `${t('wishes.unmetOn', { days: o().days.map(shortDate).join(t('common.listSeparator')) })}：${reasonText(o().reason)}`}
            </span>
          )}
        </Show>
      </td>
    </tr>
  );
}

function WishTable(props: { rows: Wish[]; h: Hall; hallId: string; done: () => void }) {
  return (
    <div class="table-wrap">
      <table class="data cards">
        <thead>
          <tr>
            <th scope="col">{t('wishes.hall.employee')}</th>
            <th scope="col">{t('wishes.kind')}</th>
            <th scope="col">{t('wishes.hall.when')}</th>
            <th scope="col">{t('wishes.hall.status')}</th>
            <th scope="col">{t('wishes.hall.outcome')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>{(w) => <WishRow w={w} h={props.h} hallId={props.hallId} done={props.done} />}</For>
        </tbody>
      </table>
    </div>
  );
}

function SwapCard(props: { s: Swap; hallId: string; done: () => void }) {
  return (
    <li class="wish-card" data-swap={props.s.id} data-status={props.s.status}>
      <div class="wish-head">
        <strong>
          <Names from={props.s.offeredByName} to={props.s.takenByName} />
        </strong>
        <span class={`badge ${props.s.status}`}>{t(`wishes.swaps.status.${props.s.status}` as ConsoleKey)}</span>
      </div>
      <Show when={props.s.shift}>
        {(sh) => (
          <p>
            {shortDate(sh().date)} {sh().start}–{sh().end}
            <Show when={sh().serviceName}>
              {' · '}
              <span lang={dataLang(sh().serviceName)}>{sh().serviceName}</span>
            </Show>
          </p>
        )}
      </Show>
      <Show when={props.s.note}>
        <p class="muted" lang={dataLang(props.s.note)}>
          {props.s.note}
        </p>
      </Show>
      <Show when={props.s.status === 'taken'}>
        <Decide
          decide={(decision, reason) =>
            api.swaps.decide.mutate({
              hallId: props.hallId,
              swapId: props.s.id,
              decision,
              ...(reason ? { reason } : {}),
            })
          }
          done={props.done}
          errors={swapError}
        />
      </Show>
    </li>
  );
}

export default function HallWishesPage() {
  const params = useParams<{ hallId: string }>();
  const [wishes, { refetch }] = createResource(
    () => params.hallId,
    (hallId) => api.wishes.hall.query({ hallId }),
  );
  const [swaps, swapsCtl] = createResource(
    () => params.hallId,
    (hallId) => api.swaps.hall.query({ hallId }),
  );
  const again = () => {
    void refetch();
    void swapsCtl.refetch();
  };
  return (
    <section class="wishes-page wide">
      <Loaded of={wishes} retry={again} refused="wishes.refusedHall" notFound="state.noSuchHall">
        {(h) => (
          <>
            <div class="page-head">
              <div>
                <p class="crumbs">
                  <A href={`/halls/${params.hallId}`} lang={dataLang(h().hall.name)}>
                    {h().hall.name}
                  </A>
                </p>
                <h1>{t('wishes.hall.title')}</h1>
              </div>
              <A href={`/halls/${params.hallId}/fairness`}>{t('wishes.nav.fairness')}</A>
            </div>
            <h2>{t('wishes.hall.pending')}</h2>
            <Show
              when={h().wishes.some((w) => w.status === 'pending')}
              fallback={<p class="empty">{t('wishes.hall.noPending')}</p>}
            >
              <WishTable
                rows={h().wishes.filter((w) => w.status === 'pending')}
                h={h()}
                hallId={params.hallId}
                done={again}
              />
            </Show>
            <h2>{t('wishes.hall.swaps')}</h2>
            <Show when={(swaps()?.swaps.length ?? 0) > 0} fallback={<p class="empty">{t('wishes.hall.noSwaps')}</p>}>
              <ul class="wish-list">
                <For each={swaps()?.swaps ?? []}>{(s) => <SwapCard s={s} hallId={params.hallId} done={again} />}</For>
              </ul>
            </Show>
            <h2>{t('wishes.hall.others')}</h2>
            <Show
              when={h().wishes.some((w) => w.status !== 'pending')}
              fallback={<p class="empty">{t('wishes.hall.noOthers')}</p>}
            >
              <WishTable
                rows={h().wishes.filter((w) => w.status !== 'pending')}
                h={h()}
                hallId={params.hallId}
                done={again}
              />
            </Show>
          </>
        )}
      </Loaded>
    </section>
  );
}
