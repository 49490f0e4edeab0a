/**
 * One transfer (/inventory/transfers/:id): its steps as a timeline (申请 → 审批 → 发货 → 收货 → 完成, each with
 * who and when), the lines (requested / approved / shipped / received good), the discrepancies with how
 * each was resolved, and what the user may do now by the `can` flags (TransferActions.tsx). A transfer the
 * user may not see is answered as not found, as the cloud does.
 */
import { A, useParams, useSearchParams } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { TRPCClientError } from '@trpc/client';
import { api } from '../../api.ts';
import { Loaded } from '../../components/States.tsx';
import { t, type ConsoleKey } from '../../i18n.ts';
import { blobUrl } from '../performance/onsite/photos.ts';
import {
  InventoryNav,
  kindName,
  Name,
  named,
  qty,
  resolutionName,
  StatusBadge,
  transferNo,
  unitOf,
  when,
  type Transfer,
} from './inventory-text.tsx';
import { ItemPhoto } from './ItemPhoto.tsx';
import { TransferActions } from './TransferActions.tsx';
import './inventory.css';

export default function TransferPage() {
  const params = useParams<{ id: string }>();
  const [search] = useSearchParams<{ done?: string }>();
  const id = () => Number(params.id);
  const [transfer, { refetch }] = createResource(id, async (n) => {
    if (!Number.isInteger(n) || n < 1 || n > 2_147_483_647) throw notFoundError();
    return api.inventory.transfer.query({ id: n });
  });
  return (
    <section class="inventory">
      <h1 class="visually-hidden">{t('inventory.title')}</h1>
      <InventoryNav />
      <Loaded
        of={transfer}
        retry={() => void refetch()}
        refused="inventory.refused"
        notFound="inventory.transfer.notFound"
      >
        {(tr) => (
          <article class="transfer" data-transfer={tr().id} data-status={tr().status}>
            <div class="page-head">
              <h2 class="transfer-title">
                {t('inventory.transfer.title', { no: transferNo(tr().id) })} <StatusBadge status={tr().status} />
              </h2>
            </div>
            <Show when={search.done && (['requested'] as string[]).includes(search.done)}>
              <p class="ok" role="status">
                {t('inventory.done.requested')}
              </p>
            </Show>
            <p class="route-line">
              <span class="muted">{t('inventory.from')}</span> <Name text={named(tr().from)} />
              <span aria-hidden="true"> → </span>
              <span class="muted">{t('inventory.to')}</span> <Name text={named(tr().to)} />
            </p>
            <Show when={tr().reshipOf}>
              {(of) => (
                <p class="muted">
                  {t('inventory.transfer.reshipOf')} <A href={`/inventory/transfers/${of()}`}>{transferNo(of())}</A>
                </p>
              )}
            </Show>
            <Show when={tr().note}>
              {(n) => (
                <p class="note">
                  <span class="muted">{t('inventory.transfer.note')}</span> <Name text={n()} />
                </p>
              )}
            </Show>
            <Timeline t={tr()} />
            <Lines t={tr()} />
            <Show when={tr().discrepancies.length > 0}>
              <Discrepancies t={tr()} />
            </Show>
            <TransferActions t={tr()} done={() => void refetch()} />
          </article>
        )}
      </Loaded>
    </section>
  );
}

/** An id that cannot be a transfer's: the same page as an unknown one. */
function notFoundError() {
  return TRPCClientError.from({ error: { message: 'not found', code: -32004, data: { code: 'NOT_FOUND' } } });
}

type StepState = 'done' | 'current' | 'todo' | 'stopped';

function steps(
  tr: Transfer,
): Array<{ key: ConsoleKey; state: StepState; who: string | null; at: unknown; say?: ConsoleKey }> {
  const s = tr.status;
  const stoppedAt = s === 'refused' ? 1 : s === 'cancelled' ? (tr.decidedAt ? 2 : 1) : -1;
  const reached = { requested: 0, approved: 1, refused: 1, cancelled: -1, shipped: 2, discrepancy: 3, closed: 4 }[s];
  const state = (i: number): StepState => {
    if (stoppedAt >= 0) return i < stoppedAt ? 'done' : i === stoppedAt ? 'stopped' : 'todo';
    if (i <= reached) return 'done';
    return i === reached + 1 ? 'current' : 'todo';
  };
  const list = [
    { key: 'inventory.step.request' as ConsoleKey, who: tr.requestedByName, at: tr.requestedAt },
    { key: 'inventory.step.decide' as ConsoleKey, who: tr.decidedByName, at: tr.decidedAt },
    { key: 'inventory.step.ship' as ConsoleKey, who: tr.shippedByName, at: tr.shippedAt },
    { key: 'inventory.step.receive' as ConsoleKey, who: tr.receivedByName, at: tr.receivedAt },
    { key: 'inventory.step.close' as ConsoleKey, who: null, at: s === 'closed' ? tr.closedAt : null },
  ];
  return list.map((x, i) => {
    const st = state(i);
    const say: ConsoleKey | undefined =
      st === 'stopped'
        ? s === 'refused'
          ? 'inventory.status.refused'
          : 'inventory.status.cancelled'
        : st === 'current'
          ? s === 'discrepancy'
            ? 'inventory.step.waitResolve'
            : 'inventory.step.waiting'
          : undefined;
    // A refusal is the decision step's own outcome: its who and when are the decider's.
    const at = st === 'stopped' ? (s === 'refused' ? tr.decidedAt : tr.closedAt) : x.at;
    const who = st === 'stopped' && s === 'refused' ? tr.decidedByName : st === 'done' ? x.who : null;
    return { ...x, state: st, who, at: st === 'done' || st === 'stopped' ? at : null, ...(say ? { say } : {}) };
  });
}

function Timeline(props: { t: Transfer }) {
  return (
    <ol class="timeline" aria-label={t('inventory.timeline')}>
      <For each={steps(props.t)}>
        {(s) => (
          <li class={s.state} data-step={s.key.split('.').pop()}>
            <span class="dot" aria-hidden="true" />
            <strong>{t(s.key)}</strong>
            <Show when={s.say}>{(k) => <span class="step-say">{t(k())}</span>}</Show>
            <Show when={s.who}>{(w) => <Name text={w()} class="who" />}</Show>
            <Show when={s.at}>
              <span class="muted when">{when(s.at as string)}</span>
            </Show>
          </li>
        )}
      </For>
      <Show when={props.t.decisionNote}>
        {(n) => (
          <li class="timeline-note">
            <span class="muted">{t('inventory.transfer.decisionNote')}</span> <Name text={n()} />
          </li>
        )}
      </Show>
    </ol>
  );
}

function Lines(props: { t: Transfer }) {
  const cell = (n: number | null, unit: string) => (n === null ? '—' : qty(n, unit));
  return (
    <>
      <h3>{t('inventory.transfer.lines')}</h3>
      <div class="table-wrap">
        <table class="data cards" data-testid="transfer-lines">
          <thead>
            <tr>
              <th scope="col">{t('inventory.col.item')}</th>
              <th scope="col" class="num">
                {t('inventory.col.asked')}
              </th>
              <th scope="col" class="num">
                {t('inventory.col.approved')}
              </th>
              <th scope="col" class="num">
                {t('inventory.col.shipped')}
              </th>
              <th scope="col" class="num">
                {t('inventory.col.received')}
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.t.lines}>
              {(l) => (
                <tr data-item={l.itemId}>
                  <th scope="row">
                    <span class="with-photo">
                      <ItemPhoto item={l} link />
                      <Name text={named(l)} />
                    </span>
                  </th>
                  <td class="num" data-label={t('inventory.col.asked')}>
                    {cell(l.requested, unitOf(l))}
                  </td>
                  <td class="num" data-label={t('inventory.col.approved')}>
                    {cell(l.approved, unitOf(l))}
                  </td>
                  <td class="num" data-label={t('inventory.col.shipped')}>
                    {cell(l.shipped, unitOf(l))}
                  </td>
                  <td class="num" data-label={t('inventory.col.received')}>
                    {cell(l.received, unitOf(l))}
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </>
  );
}

function Discrepancies(props: { t: Transfer }) {
  return (
    <>
      <h3>{t('inventory.transfer.discrepancies')}</h3>
      <ul class="discrepancies" data-testid="discrepancies">
        <For each={props.t.discrepancies}>
          {(d) => (
            <li data-discrepancy={d.id} data-kind={d.kind} classList={{ open: !d.resolution }}>
              <div class="d-head">
                <span class={`badge ${d.kind === 'over' ? 'warning' : 'offline'}`}>{kindName(d)}</span>{' '}
                <strong>
                  <Name text={named(d)} />
                </strong>{' '}
                <span class="d-qty">{qty(d.qty, unitOf(d))}</span>
              </div>
              {/* The receipt line's note is the damage's description (the receipt asks for it with damaged goods). */}
              <Show when={d.kind === 'damaged' && d.note}>
                {(n) => (
                  <p class="muted">
                    <Name text={n()} />
                  </p>
                )}
              </Show>
              <Show when={d.photo}>
                {(p) => (
                  <a href={blobUrl(p())} target="_blank" rel="noopener" class="d-photo">
                    <img src={blobUrl(p())} alt={t('inventory.receive.photoOf', { item: named(d) })} />
                  </a>
                )}
              </Show>
              <Show when={d.resolution} fallback={<p class="d-open">{t('inventory.discrepancy.open')}</p>}>
                {(r) => (
                  <p class="d-resolved" data-resolution={r()}>
                    <span class="badge ok">{resolutionName(r())}</span>{' '}
                    <Show when={d.resolvedByName}>{(w) => <Name text={w()} />}</Show>
                    <span class="muted"> · {when(d.resolvedAt)}</span>
                    <Show when={d.resolutionNote}>
                      {(n) => (
                        <>
                          {' · '}
                          <Name text={n()} />
                        </>
                      )}
                    </Show>
                    <Show when={d.reshipTransferId}>
                      {(again) => (
                        <>
                          {' · '}
                          {t('inventory.discrepancy.reshipped')}{' '}
                          <A href={`/inventory/transfers/${again()}`}>{transferNo(again())}</A>
                        </>
                      )}
                    </Show>
                  </p>
                )}
              </Show>
            </li>
          )}
        </For>
      </ul>
    </>
  );
}
