/**
 * A clerk's shift swaps on their phone (/me/swaps): their published shifts ahead, each with "offer this
 * shift" (or the state of its offer), the shifts colleagues offer that they could take (only those the
 * roster's rules allow them), and their swaps' history.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, errorMessage, type Outputs } from '../../api.ts';
import { Loaded } from '../../components/States.tsx';
import { dataLang } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { Names, shortDate, swapError } from './wish-text.tsx';
import './wishes.css';

type Mine = Outputs['swaps']['mine'];
type Shift = Mine['shifts'][number];

function ShiftLine(props: { s: Pick<Shift, 'date' | 'start' | 'end' | 'serviceName' | 'templateName'> }) {
  return (
    <p class="shift-line">
      <strong>{shortDate(props.s.date)}</strong> {props.s.start}–{props.s.end}
      <Show when={props.s.templateName}>
        {' · '}
        <span lang={dataLang(props.s.templateName)}>{props.s.templateName}</span>
      </Show>
      <Show when={props.s.serviceName}>
        {' · '}
        <span lang={dataLang(props.s.serviceName)}>{props.s.serviceName}</span>
      </Show>
    </p>
  );
}

function Action(props: {
  label: string;
  run: () => Promise<unknown>;
  done: () => void;
  kind?: string;
  errors?: (e: unknown) => string;
}) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.run();
      props.done();
    } catch (err) {
      setError((props.errors ?? errorMessage)(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class={`big ${props.kind ?? 'primary'}`} disabled={busy()} onClick={() => void go()}>
        {props.label}
      </button>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </>
  );
}

/** "Offer this shift", with an optional note for colleagues. */
function OfferForm(props: { shiftId: number; done: () => void }) {
  const [note, setNote] = createSignal('');
  return (
    <div class="offer">
      <label class="field">
        <span>{t('wishes.swaps.offerNote')}</span>
        <input name="note" maxLength={300} value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      <Action
        label={t('wishes.swaps.offer')}
        run={() =>
          api.swaps.offer.mutate({ shiftId: props.shiftId, ...(note().trim() ? { note: note().trim() } : {}) })
        }
        done={props.done}
      />
    </div>
  );
}

export default function MySwapsPage() {
  const [mine, { refetch }] = createResource(() => api.swaps.mine.query());
  const again = () => void refetch();
  return (
    <section class="wishes-page">
      <Loaded of={mine} retry={again} notFound="wishes.notLinked">
        {(m) => (
          <>
            <h1>{t('wishes.swaps.title')}</h1>
            <h2>{t('wishes.swaps.myShifts')}</h2>
            <Show when={m().shifts.length > 0} fallback={<p class="empty">{t('wishes.swaps.noShifts')}</p>}>
              <ul class="wish-list">
                <For each={m().shifts}>
                  {(s) => (
                    <li class="wish-card" data-shift={s.date}>
                      <ShiftLine s={s} />
                      <Show when={s.swap} fallback={<OfferForm shiftId={s.id} done={again} />}>
                        {(sw) => (
                          <>
                            <p class="muted" data-swap-status={sw().status}>
                              {sw().status === 'taken'
                                ? t('wishes.swaps.takenBy', { name: sw().takenByName ?? '' })
                                : t('wishes.swaps.offered')}
                            </p>
                            <Action
                              label={t('wishes.swaps.withdraw')}
                              kind="secondary"
                              run={() => api.swaps.withdraw.mutate({ swapId: sw().id })}
                              done={again}
                            />
                          </>
                        )}
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <h2>{t('wishes.swaps.takeable')}</h2>
            <p class="muted">{t('wishes.swaps.takeableHint')}</p>
            <Show when={m().takeable.length > 0} fallback={<p class="empty">{t('wishes.swaps.noTakeable')}</p>}>
              <ul class="wish-list">
                <For each={m().takeable}>
                  {(o) => (
                    <li class="wish-card" data-offer={o.swapId}>
                      <ShiftLine s={o.shift} />
                      <p class="muted">
                        {t('wishes.swaps.offeredBy')}
                        <span lang={dataLang(o.offeredByName)}>{o.offeredByName}</span>
                        <Show when={o.note}>
                          {' · '}
                          <span lang={dataLang(o.note)}>{o.note}</span>
                        </Show>
                      </p>
                      <Action
                        label={t('wishes.swaps.take')}
                        run={() => api.swaps.take.mutate({ swapId: o.swapId })}
                        done={again}
                        errors={swapError}
                      />
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={m().swaps.length > 0}>
              <h2>{t('wishes.swaps.history')}</h2>
              <ul class="wish-list">
                <For each={m().swaps}>
                  {(w) => (
                    <li class="wish-card" data-swap={w.id}>
                      <div class="wish-head">
                        <span>
                          <Names from={w.offeredByName} to={w.takenByName} />
                        </span>
                        <span class={`badge ${w.status}`}>{t(`wishes.swaps.status.${w.status}` as ConsoleKey)}</span>
                      </div>
                      <Show when={w.shift}>{(sh) => <ShiftLine s={sh()} />}</Show>
                      <Show when={w.decisionReason}>
                        <p class="why">{t('wishes.decisionReason', { reason: w.decisionReason ?? '' })}</p>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </>
        )}
      </Loaded>
    </section>
  );
}
