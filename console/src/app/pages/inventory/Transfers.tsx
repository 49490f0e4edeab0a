/**
 * 调拨 (/inventory/transfers): the transfers into and out of the user's places, newest first, filtered by
 * status or by "待我处理" (what the user's `can` flags say is theirs to do next, highlighted in every view);
 * from → to, who asked and when, what comes next. "申请物料" opens the request form.
 */
import { A, useSearchParams } from '@solidjs/router';
import { createMemo, createResource, For, Show } from 'solid-js';
import { api, type Outputs } from '../../api.ts';
import { Loaded } from '../../components/States.tsx';
import { count } from '../../format.ts';
import { lastGood } from '../../resource.ts';
import { t } from '../../i18n.ts';
import {
  InventoryNav,
  Name,
  named,
  nextStep,
  STATUSES,
  StatusBadge,
  statusName,
  transferNo,
  when,
  type TransferStatus,
} from './inventory-text.tsx';
import './inventory.css';

type Row = Outputs['inventory']['transfers'][number];
type Filter = 'all' | 'mine' | TransferStatus;

const isMine = (r: Row) => nextStep(r.can) !== null;

export default function TransfersPage() {
  const [search, setSearch] = useSearchParams<{ status?: string }>();
  const [list, { refetch }] = createResource(() => api.inventory.transfers.query({ limit: 500 }));
  const current = lastGood(list);
  const filter = (): Filter => {
    const s = search.status;
    return s === 'mine' || (STATUSES as string[]).includes(s ?? '') ? (s as Filter) : 'all';
  };
  const filters = createMemo(() => {
    const rows = current() ?? [];
    return [
      { id: 'mine' as Filter, label: t('inventory.filter.mine'), n: rows.filter(isMine).length },
      { id: 'all' as Filter, label: t('inventory.filter.all'), n: rows.length },
      ...STATUSES.map((s) => ({ id: s as Filter, label: statusName(s), n: rows.filter((r) => r.status === s).length })),
    ];
  });
  const shown = (rows: Row[]) =>
    rows.filter((r) => (filter() === 'all' ? true : filter() === 'mine' ? isMine(r) : r.status === filter()));
  return (
    <section class="inventory">
      <h1>{t('inventory.title')}</h1>
      <InventoryNav />
      <div class="table-head">
        <h2>{t('inventory.transfers.title')}</h2>
        <A class="button primary" href="/inventory/transfers/new">
          {t('inventory.request.open')}
        </A>
      </div>
      <Loaded of={list} retry={() => void refetch()} refused="inventory.refused">
        {(rows) => (
          <>
            <div class="tabs status-filter" role="group" aria-label={t('inventory.filter.label')}>
              <For each={filters()}>
                {(f) => (
                  <button
                    type="button"
                    aria-pressed={filter() === f.id}
                    classList={{ mine: f.id === 'mine' && f.n > 0 }}
                    data-filter={f.id}
                    onClick={() => setSearch({ status: f.id === 'all' ? undefined : f.id })}
                  >
                    {f.label}
                    <span class="num">{count(f.n)}</span>
                  </button>
                )}
              </For>
            </div>
            <Show
              when={shown(rows()).length > 0}
              fallback={
                <p class="state empty">
                  {t(rows().length ? 'inventory.transfers.emptyFilter' : 'inventory.transfers.empty')}
                </p>
              }
            >
              <div class="table-wrap">
                <table class="data cards transfers" data-testid="transfers">
                  <thead>
                    <tr>
                      <th scope="col">{t('inventory.col.number')}</th>
                      <th scope="col">{t('inventory.col.status')}</th>
                      <th scope="col">{t('inventory.col.route')}</th>
                      <th scope="col">{t('inventory.col.materials')}</th>
                      <th scope="col">{t('inventory.col.requested')}</th>
                      <th scope="col">{t('inventory.col.next')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={shown(rows())}>{(r) => <TransferRow r={r} />}</For>
                  </tbody>
                </table>
              </div>
            </Show>
          </>
        )}
      </Loaded>
    </section>
  );
}

function TransferRow(props: { r: Row }) {
  const next = () => nextStep(props.r.can);
  const first = () => props.r.lines[0];
  return (
    <tr classList={{ mine: next() !== null }} data-transfer={props.r.id} data-status={props.r.status}>
      <th scope="row">
        <A href={`/inventory/transfers/${props.r.id}`}>{transferNo(props.r.id)}</A>
      </th>
      <td data-label={t('inventory.col.status')}>
        <StatusBadge status={props.r.status} />
      </td>
      <td data-label={t('inventory.col.route')} class="route">
        <Name text={named(props.r.from)} /> → <Name text={named(props.r.to)} />
      </td>
      <td data-label={t('inventory.col.materials')}>
        <Show when={first()}>
          {(l) => (
            <>
              <Name text={named(l())} />
              <Show when={props.r.lines.length > 1}>
                {' '}
                <span class="muted">{t('inventory.moreKinds', { n: props.r.lines.length })}</span>
              </Show>
            </>
          )}
        </Show>
      </td>
      <td data-label={t('inventory.col.requested')}>
        <Show when={props.r.requestedByName} fallback={t('inventory.someone')}>
          {(n) => <Name text={n()} />}
        </Show>
        <span class="muted"> · {when(props.r.requestedAt)}</span>
      </td>
      <td data-label={t('inventory.col.next')}>
        <Show when={next()} fallback={<span class="muted">—</span>}>
          {(k) => (
            <A class="badge next" href={`/inventory/transfers/${props.r.id}`}>
              {t(k())}
            </A>
          )}
        </Show>
      </td>
    </tr>
  );
}
