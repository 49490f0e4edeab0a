/**
 * The hall's counters with a clerk signed in, as the hub reported them, and a manager's release of one
 * whose clerk is gone (a page closed mid-call, a clerk gone home). The hub owns its counters: a release
 * is a request the hall's hub applies at its next poll (the row says so until it has), closing the
 * counter and putting its ticket back in the queue or to no-show as the hall's rule says.
 */
import { TRPCClientError } from '@trpc/client';
import { createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import { api, errorMessage, type Outputs } from '../api.ts';
import { clockIn, dataLang, dateTime } from '../format.ts';
import { t } from '../i18n.ts';
import { Loaded } from '../components/States.tsx';
import { TableHead } from '../components/TableHead.tsx';
import { ExportButtons } from '../components/ExportButtons.tsx';
import type { TableColumn } from '../export/table-spec.ts';

type Counter = Outputs['counters']['list'][number];

const staffLabel = (c: Counter) => (c.staffName ? `${c.staffName} (${c.staffId})` : c.staffId);

/** The counters as the table shows them, for its XLSX/CSV export. */
function counterColumns(timeZone: string | null): Array<TableColumn<Counter>> {
  return [
    { title: 'counters.counter', kind: 'text', value: (c) => c.counterName },
    { title: 'counters.staff', kind: 'text', value: staffLabel },
    { title: 'counters.since', kind: 'text', value: (c) => dateTime(c.openedAt, { timeZone }) },
    {
      title: 'counters.state',
      kind: 'text',
      value: (c) =>
        c.releaseRequestedAt === null
          ? t('counters.state.open')
          : t(c.releaseLapsed ? 'counters.state.lapsed' : 'counters.state.pending', { by: c.releaseRequestedBy ?? '' }),
    },
  ];
}

export function CountersTable(props: {
  counters: Counter[];
  onRelease: (c: Counter) => void;
  timeZone?: string;
  /** The hall's name, for the export's file name. */
  hallName?: string;
}) {
  return (
    <Show when={props.counters.length > 0} fallback={<p class="empty">{t('counters.none')}</p>}>
      <div class="table-head">
        <span />
        <ExportButtons
          title={t('counters.title')}
          before={props.hallName ?? ''}
          after={clockIn(props.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone).date}
          table={() => ({ columns: counterColumns(props.timeZone ?? null), rows: props.counters })}
        />
      </div>
      <div class="table-wrap">
        <table class="data cards">
          <TableHead
            columns={[
              'counters.counter',
              'counters.staff',
              'counters.since',
              'counters.state',
              { key: 'counters.actions', hidden: true },
            ]}
          />
          <tbody>
            <For each={props.counters}>
              {(c) => (
                <tr data-counter={c.counterId}>
                  <th scope="row" lang={dataLang(c.counterName)} id={`counter-${c.counterId}`}>
                    {c.counterName}
                  </th>
                  <td data-label={t('counters.staff')}>
                    <span lang={dataLang(c.staffName)} id={`staff-${c.counterId}`}>
                      {staffLabel(c)}
                    </span>
                  </td>
                  <td data-label={t('counters.since')}>{dateTime(c.openedAt, { timeZone: props.timeZone ?? null })}</td>
                  <td data-label={t('counters.state')}>
                    {c.releaseRequestedAt === null
                      ? t('counters.state.open')
                      : c.releaseLapsed
                        ? t('counters.state.lapsed', { by: c.releaseRequestedBy ?? '' })
                        : t('counters.state.pending', { by: c.releaseRequestedBy ?? '' })}
                  </td>
                  <td class="actions">
                    <Show when={c.releaseRequestedAt === null}>
                      <button
                        type="button"
                        // Named by its row: the counter's and the clerk's names keep their own language.
                        id={`release-${c.counterId}`}
                        aria-labelledby={`release-${c.counterId} counter-${c.counterId} staff-${c.counterId}`}
                        onClick={() => props.onRelease(c)}
                      >
                        {t('counters.release')}
                      </button>
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}

export default function CountersPanel(props: { hallId: string; timeZone?: string; hallName?: string }) {
  const [counters, { refetch }] = createResource(
    () => props.hallId,
    (hallId) => api.counters.list.query({ hallId }),
  );
  const timer = setInterval(() => void refetch(), 10_000);
  onCleanup(() => clearInterval(timer));
  // Kept as how to say it, so that it follows the language switch.
  const [error, setError] = createSignal<(() => string) | null>(null);
  const release = async (c: Counter) => {
    if (!window.confirm(t('counters.confirm', { counter: c.counterName, staff: staffLabel(c) }))) return;
    try {
      await api.counters.release.mutate({ hallId: props.hallId, counterId: c.counterId });
      setError(null);
    } catch (err) {
      // Not open any more: the clerk signed out between the refresh and the click.
      const gone =
        err instanceof TRPCClientError && (err.data as { reason?: string } | undefined)?.reason === 'not-found';
      setError(
        () => () =>
          gone
            ? t('counters.notOpen', { counter: c.counterName })
            : t('counters.releaseFailed', { message: errorMessage(err) }),
      );
    }
    await refetch();
  };
  return (
    <>
      <h2>{t('counters.title')}</h2>
      <Show when={error()}>
        {(say) => (
          <p role="alert" class="error">
            {say()()}
          </p>
        )}
      </Show>
      <Loaded of={counters} retry={() => void refetch()} refused="state.refusedCounters">
        {(list) => (
          <CountersTable
            counters={list()}
            onRelease={(c) => void release(c)}
            {...(props.timeZone ? { timeZone: props.timeZone } : {})}
            {...(props.hallName ? { hallName: props.hallName } : {})}
          />
        )}
      </Loaded>
    </>
  );
}
