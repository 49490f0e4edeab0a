/**
 * 收货 (/inventory/transfers/:id/receive?t=<label token>), what the QR label on the parcel opens, on a
 * phone: per line the quantity shipped, steppers for 完好 and 破损 (all good by default), a photo of damaged
 * goods (downscaled in the browser and put in the cloud's blob store, as on-site scoring does), and before
 * submitting, in words, what will become a discrepancy ("短少 5 张将保留在途，待区域处理"). Submitting sends
 * the label's token: the cloud checks it is this parcel's.
 */
import { A, useNavigate, useParams, useSearchParams } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { createStore } from 'solid-js/store';
import { api, errorMessage } from '../../api.ts';
import { Loaded, Refused } from '../../components/States.tsx';
import { t } from '../../i18n.ts';
import { blobUrl, downscale, uploadBlob } from '../performance/onsite/photos.ts';
import { Name, named, qty, StatusBadge, transferNo, unitOf, type Transfer } from './inventory-text.tsx';
import { Stepper } from './Stepper.tsx';
import { PickName } from './ItemPhoto.tsx';
import './inventory.css';

interface LineState {
  good: number;
  damaged: number;
  photo: string | null;
  uploading: boolean;
  note: string;
}

export default function ReceivePage() {
  const params = useParams<{ id: string }>();
  const [transfer, { refetch }] = createResource(
    () => Number(params.id),
    (id) => api.inventory.transfer.query({ id: Number.isInteger(id) && id > 0 ? id : 2_147_483_647 }),
  );
  return (
    <section class="inventory phone-first receive-page">
      <Loaded
        of={transfer}
        retry={() => void refetch()}
        refused="inventory.refused"
        notFound="inventory.transfer.notFound"
      >
        {(tr) => (
          <>
            <p class="crumbs">
              <A href={`/inventory/transfers/${tr().id}`}>
                {t('inventory.transfer.title', { no: transferNo(tr().id) })}
              </A>
            </p>
            <h1>{t('inventory.receive.title')}</h1>
            <p class="route-line">
              <Name text={named(tr().from)} /> <span aria-hidden="true">→</span> <Name text={named(tr().to)} />
            </p>
            <Switch fallback={<Refused what="inventory.receive.notYours" />}>
              <Match when={tr().status !== 'shipped'}>
                <div class="state" role="status" data-state="not-receivable">
                  <p>
                    {t('inventory.receive.notNow')} <StatusBadge status={tr().status} />
                  </p>
                  <A href={`/inventory/transfers/${tr().id}`}>{t('inventory.receive.toTransfer')}</A>
                </div>
              </Match>
              <Match when={tr().can.receive}>
                <ReceiveForm t={tr()} />
              </Match>
            </Switch>
          </>
        )}
      </Loaded>
    </section>
  );
}

function ReceiveForm(props: { t: Transfer }) {
  const navigate = useNavigate();
  const [search] = useSearchParams<{ t?: string }>();
  const lines = () => props.t.lines.filter((l) => (l.shipped ?? 0) > 0);
  const [state, setState] = createStore<Record<string, LineState>>(
    Object.fromEntries(
      props.t.lines.map((l) => [
        l.itemId,
        { good: l.shipped ?? 0, damaged: 0, photo: null, uploading: false, note: '' },
      ]),
    ),
  );
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const hallId = () => props.t.to.hallId ?? '';

  /** What each line will leave to be resolved, as the cloud will compute it. */
  const outcome = createMemo(() =>
    lines().flatMap((l) => {
      const s = state[l.itemId]!;
      const shipped = l.shipped ?? 0;
      const good = Math.min(s.good, shipped);
      const damaged = Math.min(s.damaged, shipped - good);
      const short = shipped - good - damaged;
      const over = s.good + s.damaged - good - damaged;
      const args = (n: number) => ({ item: named(l), qty: qty(n, unitOf(l)) });
      return [
        ...(damaged ? [{ kind: 'damaged', text: t('inventory.receive.willDamaged', args(damaged)) }] : []),
        ...(short > 0 ? [{ kind: 'short', text: t('inventory.receive.willShort', args(short)) }] : []),
        ...(over > 0 ? [{ kind: 'over', text: t('inventory.receive.willOver', args(over)) }] : []),
      ];
    }),
  );

  const addPhoto = async (itemId: string, file: File | undefined) => {
    if (!file) return;
    setError(null);
    setState(itemId, 'uploading', true);
    try {
      setState(itemId, 'photo', await uploadBlob(hallId(), await downscale(file)));
    } catch {
      setError(t('inventory.receive.photoFailed'));
    } finally {
      setState(itemId, 'uploading', false);
    }
  };

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.inventory.receive.mutate({
        id: props.t.id,
        ...(search.t ? { labelToken: search.t } : {}),
        lines: lines().map((l) => {
          const s = state[l.itemId]!;
          return {
            itemId: l.itemId,
            good: s.good,
            damaged: s.damaged,
            ...(s.damaged > 0 && s.photo ? { photo: s.photo } : {}),
            ...(s.damaged > 0 && s.note.trim() ? { note: s.note.trim() } : {}),
          };
        }),
      });
      navigate(`/inventory/transfers/${props.t.id}`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Show when={!search.t}>
        <p class="notice warn" role="note">
          {t('inventory.receive.noLabel')}
        </p>
      </Show>
      <ul class="receive-lines" data-testid="receive-lines">
        <For each={lines()}>
          {(l) => {
            const s = () => state[l.itemId]!;
            return (
              <li data-item={l.itemId}>
                <PickName item={l} detail={t('inventory.receive.shipped', { qty: qty(l.shipped ?? 0, unitOf(l)) })} />
                <div class="receive-steppers">
                  <label class="stepper-field">
                    <span>{t('inventory.receive.good')}</span>
                    <Stepper
                      name="good"
                      label={t('inventory.receive.goodOf', { item: named(l) })}
                      value={s().good}
                      onChange={(n) => setState(l.itemId, 'good', n)}
                    />
                  </label>
                  <label class="stepper-field">
                    <span>{t('inventory.receive.damaged')}</span>
                    <Stepper
                      name="damaged"
                      label={t('inventory.receive.damagedOf', { item: named(l) })}
                      value={s().damaged}
                      onChange={(n) => setState(l.itemId, 'damaged', n)}
                    />
                  </label>
                </div>
                <Show when={s().damaged > 0}>
                  <div class="damage">
                    <label class="photo-button button">
                      {s().uploading
                        ? t('inventory.receive.uploading')
                        : s().photo
                          ? t('inventory.receive.photoAgain')
                          : t('inventory.receive.photo')}
                      <input
                        type="file"
                        accept="image/*"
                        capture="environment"
                        class="visually-hidden"
                        onChange={(e) => void addPhoto(l.itemId, e.currentTarget.files?.[0])}
                      />
                    </label>
                    <Show when={s().photo}>
                      {(p) => (
                        <img
                          class="thumb"
                          src={blobUrl(p())}
                          alt={t('inventory.receive.photoOf', { item: named(l) })}
                        />
                      )}
                    </Show>
                    <label class="field">
                      <span>{t('inventory.receive.damageNote')}</span>
                      <input
                        maxLength={200}
                        value={s().note}
                        onInput={(e) => setState(l.itemId, 'note', e.currentTarget.value)}
                      />
                    </label>
                  </div>
                </Show>
              </li>
            );
          }}
        </For>
      </ul>
      <div class="outcome" data-testid="receive-outcome" role="status">
        <Show when={outcome().length > 0} fallback={<p class="ok">{t('inventory.receive.allGood')}</p>}>
          <p>{t('inventory.receive.willDiscrepancy')}</p>
          <ul>
            <For each={outcome()}>{(o) => <li data-kind={o.kind}>{o.text}</li>}</For>
          </ul>
        </Show>
      </div>
      <div class="submit-bar">
        <button
          type="button"
          class="primary"
          data-action="receive-submit"
          disabled={busy() || lines().some((l) => state[l.itemId]?.uploading)}
          onClick={() => void submit()}
        >
          {busy() ? t('inventory.sending') : t('inventory.receive.submit')}
        </button>
      </div>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </>
  );
}
