/**
 * What the signed-in user may do with a transfer now, by its `can` flags: the region approves (each line's
 * quantity editable, down to 0) or refuses with a reason; the hall withdraws a request not yet shipped;
 * the warehouse ships (what it actually packs, up to what was approved) and prints the label whose QR code
 * opens the receipt; the hall receives; the region or warehouse resolves each discrepancy with one of the
 * resolutions its kind allows, each explained in words.
 */
import { A } from '@solidjs/router';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { createStore } from 'solid-js/store';
import { api, errorMessage } from '../../api.ts';
import { ActionButton, saveBase64 } from '../../components/ActionButton.tsx';
import { lang, t, type ConsoleKey } from '../../i18n.ts';
import { kindName, Name, named, qty, unitOf, type Discrepancy, type Transfer } from './inventory-text.tsx';
import { Stepper } from './Stepper.tsx';
import { PickName } from './ItemPhoto.tsx';

type Resolution = 'writeoff' | 'reship' | 'found' | 'return' | 'keep';
const ALLOWED: Record<Discrepancy['kind'], Resolution[]> = {
  short: ['writeoff', 'reship', 'found'],
  damaged: ['writeoff', 'return'],
  over: ['keep', 'return'],
};

/** One action's busy state and error, shared by the forms below. */
function useRun(done: () => void) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      done();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function ErrorLine(props: { error: string | null }) {
  return (
    <Show when={props.error}>
      <p class="error" role="alert">
        {props.error}
      </p>
    </Show>
  );
}

function Panel(props: { title: ConsoleKey; action: string; children: JSX.Element }) {
  return (
    <section class="action-panel" data-panel={props.action}>
      <h3>{t(props.title)}</h3>
      {props.children}
    </section>
  );
}

export function TransferActions(props: { t: Transfer; done: () => void }) {
  const c = () => props.t.can;
  return (
    <div class="actions-area">
      <Show when={c().decide}>
        <Decide t={props.t} done={props.done} />
      </Show>
      <Show when={c().ship}>
        <Ship t={props.t} done={props.done} />
      </Show>
      <Show when={c().label || c().receive}>
        <Panel title="inventory.parcel.title" action="parcel">
          <p class="muted">{t(c().receive ? 'inventory.parcel.helpHall' : 'inventory.parcel.helpWarehouse')}</p>
          <div class="button-row">
            <Show when={c().receive && props.t.labelToken}>
              <A
                class="button primary"
                data-action="receive"
                href={`/inventory/transfers/${props.t.id}/receive?t=${encodeURIComponent(props.t.labelToken ?? '')}`}
              >
                {t('inventory.receive.open')}
              </A>
            </Show>
            <Show when={c().label}>
              <ActionButton
                action="label"
                label={t('inventory.label.print')}
                busyLabel={t('inventory.label.preparing')}
                primary={!c().receive}
                run={async () =>
                  saveBase64(
                    await api.inventory.label.query({ id: props.t.id, origin: window.location.origin, lang: lang() }),
                  )
                }
              />
            </Show>
          </div>
        </Panel>
      </Show>
      <Show when={c().resolve}>
        <Panel title="inventory.resolve.title" action="resolve">
          <For each={props.t.discrepancies.filter((d) => !d.resolution)}>
            {(d) => <Resolve t={props.t} d={d} done={props.done} />}
          </For>
        </Panel>
      </Show>
      <Show when={c().cancel}>
        <Cancel t={props.t} done={props.done} />
      </Show>
    </div>
  );
}

function Decide(props: { t: Transfer; done: () => void }) {
  const [approved, setApproved] = createStore<Record<string, number>>(
    Object.fromEntries(props.t.lines.map((l) => [l.itemId, l.requested])),
  );
  const [note, setNote] = createSignal('');
  const { busy, error, run } = useRun(props.done);
  const partial = () => props.t.lines.some((l) => (approved[l.itemId] ?? 0) < l.requested);
  return (
    <Panel title="inventory.decide.title" action="decide">
      <p class="muted">{t('inventory.decide.help')}</p>
      <ul class="pick-list">
        <For each={props.t.lines}>
          {(l) => (
            <li data-item={l.itemId}>
              <PickName item={l} detail={t('inventory.decide.asked', { qty: qty(l.requested, unitOf(l)) })} />
              <Stepper
                label={t('inventory.decide.approvedOf', { item: named(l) })}
                value={approved[l.itemId] ?? 0}
                max={l.requested}
                onChange={(n) => setApproved(l.itemId, n)}
              />
              <span class="pick-unit">{unitOf(l)}</span>
            </li>
          )}
        </For>
      </ul>
      <label class="field">
        <span>{t('inventory.decide.note')}</span>
        <input maxLength={300} value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      <div class="button-row">
        <button
          type="button"
          class="primary"
          data-action="approve"
          disabled={busy()}
          onClick={() =>
            void run(() =>
              api.inventory.decide.mutate({
                id: props.t.id,
                decision: 'approve',
                lines: props.t.lines.map((l) => ({ itemId: l.itemId, approved: approved[l.itemId] ?? 0 })),
                ...(note().trim() ? { note: note().trim() } : {}),
              }),
            )
          }
        >
          {t(partial() ? 'inventory.decide.approvePart' : 'inventory.decide.approve')}
        </button>
        <button
          type="button"
          class="danger"
          data-action="refuse"
          disabled={busy() || !note().trim()}
          title={note().trim() ? undefined : t('inventory.decide.refuseNeedsNote')}
          onClick={() =>
            void run(() => api.inventory.decide.mutate({ id: props.t.id, decision: 'refuse', note: note().trim() }))
          }
        >
          {t('inventory.decide.refuse')}
        </button>
      </div>
      <Show when={!note().trim()}>
        <p class="muted small">{t('inventory.decide.refuseNeedsNote')}</p>
      </Show>
      <ErrorLine error={error()} />
    </Panel>
  );
}

function Ship(props: { t: Transfer; done: () => void }) {
  const lines = () => props.t.lines.filter((l) => (l.approved ?? 0) > 0);
  const [shipped, setShipped] = createStore<Record<string, number>>(
    Object.fromEntries(props.t.lines.map((l) => [l.itemId, l.approved ?? 0])),
  );
  const { busy, error, run } = useRun(props.done);
  return (
    <Panel title="inventory.ship.title" action="ship">
      <p class="muted">{t('inventory.ship.help')}</p>
      <ul class="pick-list">
        <For each={lines()}>
          {(l) => (
            <li data-item={l.itemId}>
              <PickName item={l} detail={t('inventory.ship.approved', { qty: qty(l.approved ?? 0, unitOf(l)) })} />
              <Stepper
                label={t('inventory.ship.shippedOf', { item: named(l) })}
                value={shipped[l.itemId] ?? 0}
                max={l.approved ?? 0}
                onChange={(n) => setShipped(l.itemId, n)}
              />
              <span class="pick-unit">{unitOf(l)}</span>
            </li>
          )}
        </For>
      </ul>
      <div class="button-row">
        <button
          type="button"
          class="primary"
          data-action="ship"
          disabled={busy() || !lines().some((l) => (shipped[l.itemId] ?? 0) > 0)}
          onClick={() =>
            void run(() =>
              api.inventory.ship.mutate({
                id: props.t.id,
                lines: lines().map((l) => ({ itemId: l.itemId, shipped: shipped[l.itemId] ?? 0 })),
              }),
            )
          }
        >
          {busy() ? t('inventory.sending') : t('inventory.ship.submit')}
        </button>
      </div>
      <ErrorLine error={error()} />
    </Panel>
  );
}

function Cancel(props: { t: Transfer; done: () => void }) {
  const [asking, setAsking] = createSignal(false);
  const [note, setNote] = createSignal('');
  const { busy, error, run } = useRun(props.done);
  return (
    <section class="action-panel quiet" data-panel="cancel">
      <Show
        when={asking()}
        fallback={
          <button type="button" class="danger" data-action="cancel" onClick={() => setAsking(true)}>
            {t('inventory.cancel.open')}
          </button>
        }
      >
        <p>{t('inventory.cancel.confirm')}</p>
        <label class="field">
          <span>{t('inventory.cancel.note')}</span>
          <input maxLength={300} value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        <div class="button-row">
          <button
            type="button"
            class="danger"
            data-action="cancel-confirm"
            disabled={busy()}
            onClick={() =>
              void run(() =>
                api.inventory.cancel.mutate({ id: props.t.id, ...(note().trim() ? { note: note().trim() } : {}) }),
              )
            }
          >
            {t('inventory.cancel.submit')}
          </button>
          <button type="button" onClick={() => setAsking(false)}>
            {t('inventory.cancel.keep')}
          </button>
        </div>
      </Show>
      <ErrorLine error={error()} />
    </section>
  );
}

function Resolve(props: { t: Transfer; d: Discrepancy; done: () => void }) {
  const options = () => ALLOWED[props.d.kind];
  const [choice, setChoice] = createSignal<Resolution | null>(null);
  const [note, setNote] = createSignal('');
  const { busy, error, run } = useRun(props.done);
  const name = `resolution-${props.d.id}`;
  return (
    <fieldset class="resolve" data-discrepancy={props.d.id} data-kind={props.d.kind}>
      <legend>
        {kindName(props.d)} · <Name text={named(props.d)} /> {qty(props.d.qty, unitOf(props.d))}
      </legend>
      <For each={options()}>
        {(r) => (
          <label class="choice-line">
            <input type="radio" name={name} value={r} checked={choice() === r} onChange={() => setChoice(r)} />
            <span>
              <strong>{t(`inventory.resolution.${r}` as ConsoleKey)}</strong>
              <span class="muted"> — {t(`inventory.explain.${props.d.kind}.${r}` as ConsoleKey)}</span>
            </span>
          </label>
        )}
      </For>
      <label class="field">
        <span>{t('inventory.resolve.note')}</span>
        <input maxLength={300} value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      <div class="button-row">
        <button
          type="button"
          class="primary"
          data-action="resolve"
          disabled={busy() || !choice()}
          onClick={() =>
            void run(() =>
              api.inventory.resolve.mutate({
                id: props.t.id,
                discrepancyId: props.d.id,
                resolution: choice() as Resolution,
                ...(note().trim() ? { note: note().trim() } : {}),
              }),
            )
          }
        >
          {t('inventory.resolve.submit')}
        </button>
      </div>
      <ErrorLine error={error()} />
    </fieldset>
  );
}
