/**
 * A hall's daily reports: the list by day (`/halls/:hallId/reports`) with "generate" for a chosen day,
 * and one day's report (`/halls/:hallId/reports/:date`): its figures, the hours, services, staff,
 * ratings, alarms and devices, each table exportable, and the PDF in the UI's language.
 */
import { A, useNavigate, useParams } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { api, type Outputs } from '../api.ts';
import { ActionButton, saveBase64 } from '../components/ActionButton.tsx';
import { DayReportsHead, dayLabel } from '../components/DateField.tsx';
import { ExportButtons } from '../components/ExportButtons.tsx';
import { MetricsTable, metricsColumns } from '../components/MetricsTable.tsx';
import { Loaded } from '../components/States.tsx';
import { TableHead } from '../components/TableHead.tsx';
import { cellText, type TableColumn } from '../export/table-spec.ts';
import { count, dataLang, dateTime, duration, percent } from '../format.ts';
import { alarmText } from '@hall/devices/alarm-text';
import { lang, t, type ConsoleKey } from '../i18n.ts';

type Report = NonNullable<Outputs['reports']['get']['report']>;
type Alarm = Report['alarms']['list'][number];
type Device = Report['devices']['list'][number];

/** "Generate" for a day, then open it. */
function GenerateButton(props: { hallId: string; date: string; label?: ConsoleKey; onDone: () => void }) {
  return (
    <ActionButton
      primary
      action="generate"
      label={t(props.label ?? 'reports.generate')}
      busyLabel={t('reports.generating')}
      run={async () => {
        await api.reports.generate.mutate({ hallId: props.hallId, date: props.date });
        props.onDone();
      }}
    />
  );
}

export function ReportsPage() {
  const params = useParams<{ hallId: string }>();
  const navigate = useNavigate();
  const [list, { refetch }] = createResource(
    () => params.hallId,
    (hallId) => api.reports.list.query({ hallId, limit: 62 }),
  );
  return (
    <section>
      <Loaded of={list} retry={() => void refetch()} refused="state.refusedHall" notFound="state.noSuchHall">
        {(l) => (
          <>
            <DayReportsHead
              hallId={params.hallId}
              hallName={l().name}
              title={t('reports.title')}
              timeZone={l().timeZone}
              action={(date) => (
                <GenerateButton
                  hallId={params.hallId}
                  date={date}
                  onDone={() => navigate(`/halls/${params.hallId}/reports/${date}`)}
                />
              )}
            />
            <Show when={l().reports.length > 0} fallback={<p class="empty">{t('reports.none')}</p>}>
              <div class="table-wrap">
                <table class="data cards">
                  <TableHead
                    columns={[
                      'hall.date',
                      { key: 'hall.arrivals', num: true },
                      { key: 'hall.serviceLevel', num: true },
                      { key: 'reports.alarms', num: true },
                      'reports.generatedAt',
                    ]}
                  />
                  <tbody>
                    <For each={l().reports}>
                      {(r) => (
                        <tr data-report={r.date}>
                          <th scope="row">
                            <A href={`/halls/${params.hallId}/reports/${r.date}`}>{dayLabel(r.date)}</A>
                            <Show when={!r.complete}>
                              {' '}
                              <span class="badge warning">{t('reports.provisional')}</span>
                            </Show>
                          </th>
                          <td class="num" data-label={t('hall.arrivals')}>
                            {count(r.arrivals)}
                          </td>
                          <td class="num" data-label={t('hall.serviceLevel')}>
                            {percent(r.serviceLevel)}
                          </td>
                          <td class="num" data-label={t('reports.alarms')}>
                            {count(r.alarms)}
                          </td>
                          <td data-label={t('reports.generatedAt')}>
                            {dateTime(r.generatedAt, { timeZone: l().timeZone })}
                          </td>
                        </tr>
                      )}
                    </For>
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

/** Downloads the report's PDF in the UI's language. */
function PdfButton(props: { hallId: string; date: string }) {
  return (
    <ActionButton
      primary
      action="pdf"
      label={t('reports.pdf')}
      busyLabel={t('export.preparing')}
      run={async () =>
        saveBase64(await api.reports.pdf.query({ hallId: props.hallId, date: props.date, lang: lang() }))
      }
    />
  );
}

const SEVERITY: Record<string, ConsoleKey> = {
  critical: 'reports.severity.critical',
  major: 'reports.severity.major',
  minor: 'reports.severity.minor',
  warning: 'reports.severity.warning',
};

function alarmColumns(report: Report): Array<TableColumn<Alarm>> {
  const at = (ms: number | null) =>
    ms === null ? t('reports.stillOpen') : dateTime(ms, { timeZone: report.timeZone });
  return [
    { title: 'reports.raisedAt', kind: 'text', value: (a) => at(a.raisedAt) },
    { title: 'reports.clearedAt', kind: 'text', value: (a) => at(a.clearedAt) },
    {
      title: 'alarms.severity',
      kind: 'text',
      value: (a) => (SEVERITY[a.severity] ? t(SEVERITY[a.severity] as ConsoleKey) : a.severity),
    },
    { title: 'reports.alarm', kind: 'text', value: (a) => alarmText(a.rule, a.params, lang(), a.message) },
    {
      title: 'reports.lastedMin',
      kind: 'minutes',
      value: (a) => ((a.clearedAt ?? report.generatedAt) - a.raisedAt) / 60_000,
    },
  ];
}

function deviceColumns(): Array<TableColumn<Device>> {
  return [
    { title: 'reports.device', kind: 'text', value: (d) => d.deviceId },
    { title: 'reports.kind', kind: 'text', value: (d) => (d.kind in KINDS ? t(KINDS[d.kind] as ConsoleKey) : d.kind) },
    { title: 'reports.online', kind: 'percent', value: (d) => d.availability },
    { title: 'reports.offlineMin', kind: 'minutes', value: (d) => d.offlineMin },
    { title: 'reports.outages', kind: 'count', value: (d) => d.outages },
  ];
}

const KINDS: Record<string, ConsoleKey> = {
  'ticket-terminal': 'kind.ticket-terminal',
  'counter-terminal': 'kind.counter-terminal',
  'rating-pad': 'kind.rating-pad',
  'people-counter': 'kind.people-counter',
  'opcua-device': 'kind.opcua-device',
};

/** A plain table from a column definition, with its export buttons above it. */
/** One of the drill-down's metric tables under its heading, with its exports. */
function MetricsSection(props: {
  title: ConsoleKey;
  first: ConsoleKey;
  rows: Parameters<typeof MetricsTable>[0]['rows'];
  hall: string;
  date: string;
}) {
  return (
    <>
      <div class="table-head">
        <h2>{t(props.title)}</h2>
        <ExportButtons
          title={t(props.title)}
          before={props.hall}
          after={props.date}
          table={() => ({ columns: metricsColumns(props.first), rows: props.rows })}
        />
      </div>
      <MetricsTable rows={props.rows} first={props.first} />
    </>
  );
}

/** A table of the report under its heading, with its exports; `empty` says so when it has no rows. */
function SpecTable<R>(props: {
  title: string;
  empty: ConsoleKey;
  hall: string;
  date: string;
  columns: Array<TableColumn<R>>;
  rows: R[];
}) {
  return (
    <Show
      when={props.rows.length > 0}
      fallback={
        <>
          <h2>{props.title}</h2>
          <p class="empty">{t(props.empty)}</p>
        </>
      }
    >
      <div class="table-head">
        <h2>{props.title}</h2>
        <ExportButtons
          title={props.title}
          before={props.hall}
          after={props.date}
          table={() => ({ columns: props.columns, rows: props.rows })}
        />
      </div>
      <div class="table-wrap">
        <table class="data cards">
          <TableHead columns={props.columns.map((c) => ({ key: c.title, num: c.kind !== 'text' }))} />
          <tbody>
            <For each={props.rows}>
              {(r) => (
                <tr>
                  <For each={props.columns}>
                    {(c) => {
                      const text = cellText(c.kind, c.value(r));
                      return (
                        <td class={c.kind === 'text' ? undefined : 'num'} lang={dataLang(text)} data-label={t(c.title)}>
                          {text}
                        </td>
                      );
                    }}
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}

export function ReportPage() {
  const params = useParams<{ hallId: string; date: string }>();
  const [report, { refetch }] = createResource(
    () => ({ hallId: params.hallId, date: params.date }),
    (q) => api.reports.get.query(q),
  );
  return (
    <section class="report">
      <Loaded of={report} retry={() => void refetch()} refused="state.refusedHall" notFound="state.noSuchHall">
        {(x) => (
          <>
            <div class="page-head">
              <div>
                <p class="crumbs">
                  <A href={`/halls/${params.hallId}`} lang={dataLang(x().name)}>
                    {x().name}
                  </A>
                  {' › '}
                  <A href={`/halls/${params.hallId}/reports`}>{t('reports.title')}</A>
                </p>
                <h1>{dayLabel(params.date)}</h1>
              </div>
              <Show when={x().report}>
                <div class="filters">
                  <PdfButton hallId={params.hallId} date={params.date} />
                  <GenerateButton
                    hallId={params.hallId}
                    date={params.date}
                    label="reports.regenerate"
                    onDone={() => void refetch()}
                  />
                </div>
              </Show>
            </div>
            <Show
              when={x().report}
              keyed
              fallback={
                <div class="empty" role="status">
                  <p>{t('reports.noneForDay', { date: dayLabel(params.date) })}</p>
                  <GenerateButton hallId={params.hallId} date={params.date} onDone={() => void refetch()} />
                </div>
              }
            >
              {(r) => <ReportBody report={r} />}
            </Show>
          </>
        )}
      </Loaded>
    </section>
  );
}

function ReportBody(props: { report: Report }) {
  const r = () => props.report;
  const hours = () => {
    const busy = r().hours.filter((h) => h.arrivals > 0);
    return busy.length
      ? r().hours.filter((h) => Number(h.key) >= Number(busy[0]?.key) && Number(h.key) <= Number(busy.at(-1)?.key))
      : [];
  };
  const tile = (label: ConsoleKey, value: string) => (
    <div class="tile">
      <span class="tile-label">{t(label)}</span>
      <span class="tile-value">{value}</span>
    </div>
  );
  const hall = () => r().hallName;
  return (
    <>
      <p class="muted">
        {t(r().complete ? 'reports.generatedOn' : 'reports.generatedProvisional', {
          at: dateTime(r().generatedAt, { timeZone: r().timeZone }),
        })}
      </p>
      <div class="tiles">
        {tile('hall.arrivals', count(r().totals.arrivals))}
        {tile('hall.served', count(r().totals.served))}
        {tile('hall.serviceLevel', percent(r().totals.serviceLevel))}
        {tile('reports.avgWait', r().waits.avgMin === null ? '—' : duration(r().waits.avgMin as number))}
        {tile('reports.abandonment', percent(r().abandonment))}
        {tile('hall.rating', r().ratings.count ? cellText('decimal', r().ratings.average) : '—')}
        {tile('reports.devicesOnline', percent(r().devices.availability))}
      </div>
      <Show
        when={r().totals.arrivals > 0}
        fallback={<p class="empty">{t('hall.noDataDay', { date: dayLabel(r().date) })}</p>}
      >
        <MetricsSection title="hall.byHour" first="hall.hour" rows={hours()} hall={hall()} date={r().date} />
        <MetricsSection
          title="hall.by.service"
          first="hall.by.service"
          rows={r().services}
          hall={hall()}
          date={r().date}
        />
        <MetricsSection title="hall.by.staff" first="hall.by.staff" rows={r().staff} hall={hall()} date={r().date} />
      </Show>
      <SpecTable
        title={t('reports.alarmsTitle')}
        empty="reports.noAlarms"
        hall={hall()}
        date={r().date}
        columns={alarmColumns(r())}
        rows={r().alarms.list}
      />
      <SpecTable
        title={t('reports.devicesTitle')}
        empty="reports.noDevices"
        hall={hall()}
        date={r().date}
        columns={deviceColumns()}
        rows={r().devices.list}
      />
    </>
  );
}
