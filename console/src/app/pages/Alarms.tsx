/**
 * Alarms of every hall the user may see: open ones first, then those cleared in the last 24 hours.
 * A manager acknowledges here; the hall's hub takes the acknowledgement within seconds (the row says
 * so until it has). Refreshes every 5 seconds.
 */
import { alarmText, isAlarmRule } from '@hall/devices/alarm-text';
import { A, useSearchParams } from '@solidjs/router';
import { createResource, createSignal, For, Match, onCleanup, Show, Switch } from 'solid-js';
import { api, errorMessage, type Outputs } from '../api.ts';
import { clockIn, dataLang, dateTime, severalZones } from '../format.ts';
import { AlarmText } from '../../lib/names.tsx';
import { lang, t } from '../i18n.ts';
import { alarmState } from './alarm-state.ts';
import { Loaded } from '../components/States.tsx';
import { TableHead } from '../components/TableHead.tsx';
import { ExportButtons } from '../components/ExportButtons.tsx';
import type { TableColumn } from '../export/table-spec.ts';

type Alarm = Outputs['alarms']['list'][number];

/** An id for a row's elements (alarm ids are unique per hall). */
const rowId = (a: Alarm) => `${a.hallId}-${a.alarmId}`.replace(/[^A-Za-z0-9_-]/g, '_');

export default function AlarmsPage() {
  const [search, setSearch] = useSearchParams<{ hall?: string; cleared?: string }>();
  const [alarms, { refetch }] = createResource(
    () => ({ ...(search.hall ? { hallId: search.hall } : {}), clearedWithinHours: search.cleared === 'no' ? 0 : 24 }),
    (q) => api.alarms.list.query(q),
  );
  const timer = setInterval(() => void refetch(), 5_000);
  onCleanup(() => clearInterval(timer));
  // Kept as how to say it, so that it follows the language switch.
  const [error, setError] = createSignal<(() => string) | null>(null);
  const ack = async (a: Alarm) => {
    try {
      await api.alarms.ack.mutate({ hallId: a.hallId, alarmId: a.alarmId });
      setError(null);
    } catch (err) {
      setError(() => () => t('alarms.ackFailed', { message: errorMessage(err) }));
    }
    await refetch();
  };
  return (
    <section>
      <div class="page-head">
        <h1>{t('alarms.title')}</h1>
        <div class="filters">
          <Show when={search.hall}>
            <A href="/alarms" class="button">
              {t('alarms.allHalls')}
            </A>
          </Show>
          <label class="check">
            <input
              type="checkbox"
              checked={search.cleared !== 'no'}
              onChange={(e) => setSearch({ cleared: e.currentTarget.checked ? undefined : 'no' })}
            />
            {t('alarms.showCleared')}
          </label>
        </div>
      </div>
      <Show when={error()}>
        {(say) => (
          <p role="alert" class="error">
            {say()()}
          </p>
        )}
      </Show>
      <Loaded of={alarms} retry={() => void refetch()} refused="state.refusedAlarms">
        {(list) => (
          <Show when={list().length > 0} fallback={<p class="empty">{t('alarms.none')}</p>}>
            <div class="table-head">
              <span />
              <ExportButtons
                title={t('alarms.title')}
                before=""
                after={clockIn(Intl.DateTimeFormat().resolvedOptions().timeZone).date}
                table={() => ({ columns: alarmColumns(list()), rows: list() })}
              />
            </div>
            <div class="table-wrap">
              <table class="data cards">
                <TableHead
                  columns={[
                    'alarms.severity',
                    'alarms.hall',
                    'alarms.rule',
                    'alarms.message',
                    'alarms.raisedAt',
                    'alarms.state',
                    { key: 'alarms.actions', hidden: true },
                  ]}
                />
                <tbody>
                  <For each={list()}>
                    {(a) => {
                      const state = () => alarmState(a);
                      // Hall time; with the zone where halls of several zones are listed together.
                      const at = (ms: number | null) =>
                        dateTime(ms, { timeZone: a.timeZone, withZone: severalZones(list().map((x) => x.timeZone)) });
                      return (
                        <tr data-alarm={a.alarmId} classList={{ cleared: state() === 'cleared' }}>
                          <td data-label={t('alarms.severity')}>
                            <span class={`badge ${a.severity === 'critical' ? 'critical' : 'warning'}`}>
                              {a.severity === 'critical' ? t('alarms.critical') : t('alarms.warning')}
                            </span>
                          </td>
                          <td data-label={t('alarms.hall')}>
                            <A
                              href={`/halls/${encodeURIComponent(a.hallId)}`}
                              lang={dataLang(a.hallName)}
                              id={`hall-${rowId(a)}`}
                            >
                              {a.hallName}
                            </A>
                          </td>
                          <td data-label={t('alarms.rule')} id={`rule-${rowId(a)}`}>
                            {ruleName(a.rule)}
                          </td>
                          <td data-label={t('alarms.message')} class="message">
                            <AlarmText rule={a.rule} params={a.params} lang={lang()} message={a.message} />
                          </td>
                          <td data-label={t('alarms.raisedAt')}>{at(a.raisedAt)}</td>
                          <td data-label={t('alarms.state')}>
                            <AlarmStateText alarm={a} state={state()} at={at} />
                          </td>
                          <td class="actions">
                            <Show when={state() === 'open'}>
                              <button
                                type="button"
                                class="primary"
                                // Named by its row (the rule, the hall): the hall's name keeps its own language.
                                id={`ack-${rowId(a)}`}
                                aria-labelledby={`ack-${rowId(a)} rule-${rowId(a)} hall-${rowId(a)}`}
                                onClick={() => void ack(a)}
                              >
                                {t('alarms.ack')}
                              </button>
                            </Show>
                          </td>
                        </tr>
                      );
                    }}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
        )}
      </Loaded>
    </section>
  );
}

/** A rule's name in the UI's language (its id for a rule this console does not know). */
const ruleName = (r: string) => (isAlarmRule(r) ? t(`rule.${r}`) : r);

/** The alarms as the table shows them, for its XLSX/CSV export. */
function alarmColumns(list: Alarm[]): Array<TableColumn<Alarm>> {
  const at = (a: Alarm, ms: number | null) =>
    dateTime(ms, { timeZone: a.timeZone, withZone: severalZones(list.map((x) => x.timeZone)) });
  return [
    {
      title: 'alarms.severity',
      kind: 'text',
      value: (a) => (a.severity === 'critical' ? t('alarms.critical') : t('alarms.warning')),
    },
    { title: 'alarms.hall', kind: 'text', value: (a) => a.hallName },
    { title: 'alarms.rule', kind: 'text', value: (a) => ruleName(a.rule) },
    { title: 'alarms.message', kind: 'text', value: (a) => alarmText(a.rule, a.params, lang(), a.message) },
    { title: 'alarms.raisedAt', kind: 'text', value: (a) => at(a, a.raisedAt) },
    {
      title: 'alarms.state',
      kind: 'text',
      value: (a) => {
        const state = alarmState(a);
        if (state === 'cleared') return t('alarms.state.cleared', { at: at(a, a.clearedAt) });
        if (state === 'acked')
          return `${t(a.ackedByPerson?.via === 'console' ? 'alarms.state.ackedConsole' : 'alarms.state.ackedHall')}${a.ackedByPerson?.name ?? ''}`;
        if (state === 'ack-pending') return `${a.ackRequestedByPerson?.name ?? ''}${t('alarms.state.ackPending')}`;
        return t('alarms.state.open');
      },
    },
  ];
}

/** Where an alarm stands, with who acknowledged it by name and where (the console, or in the hall). */
function AlarmStateText(props: {
  alarm: Alarm;
  state: ReturnType<typeof alarmState>;
  at: (ms: number | null) => string;
}) {
  const person = (p: { name: string } | null) => <span lang={dataLang(p?.name)}>{p?.name ?? ''}</span>;
  return (
    <Switch fallback={t('alarms.state.open')}>
      <Match when={props.state === 'cleared'}>
        {t('alarms.state.cleared', { at: props.at(props.alarm.clearedAt) })}
      </Match>
      <Match when={props.state === 'acked'}>
        {t(props.alarm.ackedByPerson?.via === 'console' ? 'alarms.state.ackedConsole' : 'alarms.state.ackedHall')}
        {person(props.alarm.ackedByPerson)}
      </Match>
      <Match when={props.state === 'ack-pending'}>
        {person(props.alarm.ackRequestedByPerson)}
        {t('alarms.state.ackPending')}
      </Match>
    </Switch>
  );
}
