/**
 * The daily KPI report (绩效日报) in the console: a hall's reports by day (`/halls/:hallId/kpi-reports`),
 * one day's report (`/halls/:hallId/kpi-reports/:date`: hall KPIs, every clerk's day and month, movers,
 * below target, on-site forms; XLSX/CSV of the tables, the PDF in the UI's language) and a unit's
 * roll-up (`/kpi-reports/region/:orgUnitId/:date`). The figures are the stored snapshot, never recomputed.
 */
import { A, useNavigate, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { api, errorMessage } from '../../../api.ts';
import { ActionButton, saveBase64 } from '../../../components/ActionButton.tsx';
import { DayReportsHead, dayLabel } from '../../../components/DateField.tsx';
import { ExportButtons } from '../../../components/ExportButtons.tsx';
import { Loaded } from '../../../components/States.tsx';
import { TableHead } from '../../../components/TableHead.tsx';
import { cellText, type TableColumn } from '../../../export/table-spec.ts';
import { count, dataLang, dateTime, decimal } from '../../../format.ts';
import { lang, t, type ConsoleKey } from '../../../i18n.ts';
import {
  clerkColumns,
  kpiCell,
  kpiName,
  rollupColumns,
  shownKpis,
  valueIn,
  type HallReport,
  type Kpi,
} from './kpi-table.ts';

type Target = { hallId: string } | { orgUnitId: string };

/** "Generate" (or again) for a day, then `onDone`. */
function GenerateButton(props: { target: Target; date: string; label?: ConsoleKey; onDone: () => void }) {
  return (
    <ActionButton
      primary
      action="generate"
      label={t(props.label ?? 'kpiReport.generate')}
      busyLabel={t('kpiReport.generating')}
      run={async () => {
        if ('hallId' in props.target)
          await api.kpiReports.generate.mutate({ hallId: props.target.hallId, date: props.date });
        else await api.kpiReports.rollup.generate.mutate({ orgUnitId: props.target.orgUnitId, date: props.date });
        props.onDone();
      }}
    />
  );
}

/** The stored report's PDF in the UI's language. */
function PdfButton(props: { target: Target; date: string }) {
  return (
    <ActionButton
      action="pdf"
      label={t('kpiReport.pdf')}
      busyLabel={t('export.preparing')}
      run={async () =>
        saveBase64(
          'hallId' in props.target
            ? await api.kpiReports.pdf.query({ hallId: props.target.hallId, date: props.date, lang: lang() })
            : await api.kpiReports.rollup.pdf.query({
                orgUnitId: props.target.orgUnitId,
                date: props.date,
                lang: lang(),
              }),
        )
      }
    />
  );
}

/** A KPI's value as text by its unit; "样本不足" beside a value with too few samples. */
function valueText(k: Pick<Kpi, 'unit'>, v: { value: number | null; enough: boolean } | undefined): string {
  if (!v) return '—';
  const c = kpiCell(k);
  const text = cellText(c.kind, c.of(v.value));
  return v.enough ? text : `${text}（${t('kpiReport.tooFew')}）`;
}

/** A data table from column specs (titles may be data: a KPI's name). */
function SpecTable<R>(props: { columns: Array<TableColumn<R>>; rows: R[]; rowKey?: (r: R) => string }) {
  const title = (c: TableColumn<R>) => c.label ?? t(c.title);
  return (
    <div class="table-wrap">
      <table class="data cards">
        <thead>
          <tr>
            <For each={props.columns}>
              {(c) => (
                <th scope="col" class={c.kind === 'text' ? undefined : 'num'}>
                  {title(c)}
                </th>
              )}
            </For>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(r) => (
              <tr data-row={props.rowKey?.(r)}>
                <For each={props.columns}>
                  {(c, i) => {
                    const text = cellText(c.kind, c.value(r));
                    return i() === 0 ? (
                      <th scope="row" lang={dataLang(text)}>
                        {text}
                      </th>
                    ) : (
                      <td class={c.kind === 'text' ? undefined : 'num'} lang={dataLang(text)} data-label={title(c)}>
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
  );
}

/** When the hall's report is made and in which languages it is mailed: saved at the hall's own unit. */
function SettingsForm(props: { orgUnitId: string }) {
  const [setting, { refetch }] = createResource(
    () => props.orgUnitId,
    (orgUnitId) => api.kpiReports.settings.get.query({ orgUnitId }),
  );
  const [status, setStatus] = createSignal<{ ok: boolean; text: string } | null>(null);
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    setStatus(null);
    try {
      await api.kpiReports.settings.put.mutate({
        orgUnitId: props.orgUnitId,
        enabled: f.get('enabled') === 'on',
        time: String(f.get('time') ?? ''),
        kpiKeys: setting()?.kpiKeys ?? [],
        languages: f.getAll('language').map(String) as Array<'zh-CN' | 'en'>,
      });
      setStatus({ ok: true, text: t('kpiReport.settingsSaved') });
      void refetch();
    } catch (err) {
      setStatus({ ok: false, text: errorMessage(err) });
    }
  };
  return (
    <Show when={setting()}>
      {(s) => (
        <details class="kpi-report-settings" style={{ margin: '0 0 12px' }}>
          <summary>
            {t(s().enabled ? 'kpiReport.settingsSummary' : 'kpiReport.settingsOff', { time: s().time })}
          </summary>
          <form class="filters" onSubmit={(e) => void save(e)} data-settings>
            <Show when={s().fromUnitId !== props.orgUnitId}>
              <p class="muted">
                {s().fromUnitName ? (
                  <>
                    {t('kpiReport.settingsInherited')} <span lang={dataLang(s().fromUnitName)}>{s().fromUnitName}</span>
                  </>
                ) : (
                  t('kpiReport.settingsDefault')
                )}
              </p>
            </Show>
            <label class="check">
              <input type="checkbox" name="enabled" checked={s().enabled} />
              {t('kpiReport.settingsEnabled')}
            </label>
            <label>
              {t('kpiReport.settingsTime')}
              <input name="time" type="time" required value={s().time} />
            </label>
            <fieldset>
              <legend>{t('kpiReport.settingsLanguages')}</legend>
              <label class="check">
                <input type="checkbox" name="language" value="zh-CN" checked={s().languages.includes('zh-CN')} />
                <span lang="zh-CN">中文</span>
              </label>
              <label class="check">
                <input type="checkbox" name="language" value="en" checked={s().languages.includes('en')} />
                <span lang="en">English</span>
              </label>
            </fieldset>
            <button type="submit" class="primary">
              {t('kpiReport.settingsSave')}
            </button>
            <Show when={status()} keyed>
              {(st) => (
                <span class={st.ok ? 'muted' : 'error'} role={st.ok ? 'status' : 'alert'}>
                  {st.text}
                </span>
              )}
            </Show>
          </form>
        </details>
      )}
    </Show>
  );
}

export function KpiReportsPage() {
  const params = useParams<{ hallId: string }>();
  const navigate = useNavigate();
  const [list, { refetch }] = createResource(
    () => params.hallId,
    (hallId) => api.kpiReports.list.query({ hallId, limit: 62 }),
  );
  return (
    <section>
      <Loaded of={list} retry={() => void refetch()} refused="kpiReport.refused" notFound="state.noSuchHall">
        {(l) => (
          <>
            <DayReportsHead
              hallId={params.hallId}
              hallName={l().name}
              title={t('kpiReport.title')}
              timeZone={l().timeZone}
              action={(date) => (
                <GenerateButton
                  target={{ hallId: params.hallId }}
                  date={date}
                  onDone={() => navigate(`/halls/${params.hallId}/kpi-reports/${date}`)}
                />
              )}
            />
            <Show when={l().orgUnitId} keyed>
              {(unit) => <SettingsForm orgUnitId={unit} />}
            </Show>
            <Show when={l().reports.length > 0} fallback={<p class="empty">{t('kpiReport.none')}</p>}>
              <div class="table-wrap">
                <table class="data cards">
                  <TableHead
                    columns={['hall.date', { key: 'kpiReport.kpiCount', num: true }, 'kpiReport.generatedAt']}
                  />
                  <tbody>
                    <For each={l().reports}>
                      {(r) => (
                        <tr data-report={r.date}>
                          <th scope="row">
                            <A href={`/halls/${params.hallId}/kpi-reports/${r.date}`}>{dayLabel(r.date)}</A>
                          </th>
                          <td class="num" data-label={t('kpiReport.kpiCount')}>
                            {count(r.kpis)}
                          </td>
                          <td data-label={t('kpiReport.generatedAt')}>
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

/** A report's page frame: crumbs, the day, PDF and "generate again", or "none yet" with "generate". */
function ReportFrame(props: {
  crumbs: JSX.Element;
  title: string;
  target: Target;
  date: string;
  has: boolean;
  none: string;
  refetch: () => void;
  children: JSX.Element;
}) {
  return (
    <>
      <div class="page-head">
        <div>
          <p class="crumbs">{props.crumbs}</p>
          <h1>
            {props.title} · {dayLabel(props.date)}
          </h1>
        </div>
        <Show when={props.has}>
          <div class="filters">
            <PdfButton target={props.target} date={props.date} />
            <GenerateButton
              target={props.target}
              date={props.date}
              label="kpiReport.regenerate"
              onDone={props.refetch}
            />
          </div>
        </Show>
      </div>
      <Show
        when={props.has}
        fallback={
          <div class="empty" role="status">
            <p>{props.none}</p>
            <GenerateButton target={props.target} date={props.date} onDone={props.refetch} />
          </div>
        }
      >
        {props.children}
      </Show>
    </>
  );
}

export function KpiReportPage() {
  const params = useParams<{ hallId: string; date: string }>();
  const [report, { refetch }] = createResource(
    () => ({ hallId: params.hallId, date: params.date }),
    (q) => api.kpiReports.get.query(q),
  );
  return (
    <section class="report">
      <Loaded of={report} retry={() => void refetch()} refused="kpiReport.refused" notFound="state.noSuchHall">
        {(x) => (
          <ReportFrame
            crumbs={
              <>
                <A href={`/halls/${params.hallId}`} lang={dataLang(x().name)}>
                  {x().name}
                </A>
                {' › '}
                <A href={`/halls/${params.hallId}/kpi-reports`}>{t('kpiReport.title')}</A>
              </>
            }
            title={t('kpiReport.title')}
            target={{ hallId: params.hallId }}
            date={params.date}
            has={Boolean(x().report)}
            none={t('kpiReport.noneForDay', { date: dayLabel(params.date) })}
            refetch={() => void refetch()}
          >
            <Show when={x().report} keyed>
              {(r) => <HallReportBody report={r} />}
            </Show>
          </ReportFrame>
        )}
      </Loaded>
    </section>
  );
}

function HallReportBody(props: { report: HallReport }) {
  const r = () => props.report;
  const kpiOf = (key: string) => r().kpis.find((k) => k.key === key);
  const hallKpis = () => shownKpis(r().kpis, [r().hall.day, r().hall.month]);
  /** "较前一日：进步 …；退步 …" with each name in its own language's span. */
  const movers = (label: ConsoleKey, m: HallReport['movers']['day']) => {
    const list = (xs: Array<{ subjectId: string; name: string; delta: number }>) =>
      xs.length ? (
        <For each={xs}>
          {(u, i) => (
            <>
              {i() > 0 ? t('kpiReport.listSep') : ''}
              <span lang={dataLang(u.name)}>{u.name}</span> {u.delta > 0 ? '+' : ''}
              {decimal(u.delta)}
            </>
          )}
        </For>
      ) : (
        t('kpiReport.noMovers')
      );
    const [before, afterUp] = t('kpiReport.moversLine', { label: t(label), up: '\u0000', down: '\u0001' }).split(
      '\u0000',
    );
    const [between, after] = (afterUp ?? '').split('\u0001');
    return (
      <>
        {before}
        {list(m.up)}
        {between}
        {list(m.down)}
        {after}
      </>
    );
  };
  const clerkSpec = () =>
    clerkColumns(r(), (which, k) => t(which === 'day' ? 'kpiReport.dayOf' : 'kpiReport.monthOf', { kpi: kpiName(k) }));
  return (
    <>
      <p class="muted">
        {t('kpiReport.generatedOn', {
          at: dateTime(r().generatedAt, { timeZone: r().timeZone }),
          versions: r()
            .kpis.map((k) => `${kpiName(k)} v${k.version}`)
            .join(t('kpiReport.listSep')),
        })}
      </p>
      <div class="tiles">
        <div class="tile">
          <span class="tile-label">{t('kpiReport.totalDay')}</span>
          <span class="tile-value">{r().hall.day?.total == null ? '—' : decimal(r().hall.day?.total)}</span>
        </div>
        <div class="tile">
          <span class="tile-label">{t('kpiReport.totalMonth')}</span>
          <span class="tile-value">{r().hall.month?.total == null ? '—' : decimal(r().hall.month?.total)}</span>
        </div>
        <div class="tile">
          <span class="tile-label">{t('kpiReport.clerkCount')}</span>
          <span class="tile-value">{count(r().clerksTotal)}</span>
        </div>
        <div class="tile">
          <span class="tile-label">{t('kpiReport.below')}</span>
          <span class="tile-value">{count(r().belowTarget.length)}</span>
        </div>
      </div>
      <h2>{t('kpiReport.hallKpis')}</h2>
      <div class="table-wrap">
        <table class="data cards" data-hall-kpis>
          <TableHead
            columns={[
              'kpiReport.kpi',
              { key: 'kpiReport.day', num: true },
              { key: 'kpiReport.month', num: true },
              { key: 'kpiReport.target', num: true },
              { key: 'kpiReport.score', num: true },
            ]}
          />
          <tbody>
            <For each={hallKpis()}>
              {(k) => (
                <tr>
                  <th scope="row">{kpiName(k)}</th>
                  <td class="num" data-label={t('kpiReport.day')}>
                    {valueText(k, valueIn(r().hall.day, k.key))}
                  </td>
                  <td class="num" data-label={t('kpiReport.month')}>
                    {valueText(k, valueIn(r().hall.month, k.key))}
                  </td>
                  <td class="num" data-label={t('kpiReport.target')}>
                    {k.target === null ? '—' : valueText(k, { value: k.target, enough: true })}
                  </td>
                  <td class="num" data-label={t('kpiReport.score')}>
                    {decimal(valueIn(r().hall.month, k.key)?.score ?? null)}
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <div class="table-head">
        <h2>{t('kpiReport.clerks')}</h2>
        <Show when={r().clerks.length > 0}>
          <ExportButtons
            title={t('kpiReport.clerks')}
            before={r().hallName}
            after={r().date}
            table={() => ({ columns: clerkSpec(), rows: r().clerks })}
          />
        </Show>
      </div>
      <Show when={r().clerks.length > 0} fallback={<p class="empty">{t('kpiReport.noClerks')}</p>}>
        <SpecTable columns={clerkSpec()} rows={r().clerks} rowKey={(c) => c.subjectId} />
        <p class="muted">{t('kpiReport.tooFewNote')}</p>
        <Show when={r().clerksTotal > r().clerks.length}>
          <p class="muted">{t('kpiReport.more', { n: r().clerksTotal - r().clerks.length })}</p>
        </Show>
      </Show>
      <h2>{t('kpiReport.movers')}</h2>
      <p data-movers="day">{movers('kpiReport.vsDay', r().movers.day)}</p>
      <p data-movers="week">{movers('kpiReport.vsWeek', r().movers.week)}</p>
      <h2>{t('kpiReport.below')}</h2>
      <Show when={r().belowTarget.length > 0} fallback={<p class="empty">{t('kpiReport.belowNone')}</p>}>
        <div class="table-wrap">
          <table class="data cards" data-below>
            <TableHead
              columns={[
                'kpiReport.clerk',
                'kpiReport.kpi',
                { key: 'kpiReport.value', num: true },
                { key: 'kpiReport.target', num: true },
              ]}
            />
            <tbody>
              <For each={r().belowTarget}>
                {(b) => {
                  const k = kpiOf(b.key);
                  return (
                    <tr>
                      <th scope="row" lang={dataLang(b.name)}>
                        {b.name}
                      </th>
                      <td data-label={t('kpiReport.kpi')}>{k ? kpiName(k) : b.key}</td>
                      <td class="num" data-label={t('kpiReport.value')}>
                        {k ? valueText(k, { value: b.value, enough: true }) : b.value}
                      </td>
                      <td class="num" data-label={t('kpiReport.target')}>
                        {k ? valueText(k, { value: b.target, enough: true }) : b.target}
                      </td>
                    </tr>
                  );
                }}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
      <h2>{t('kpiReport.onsite')}</h2>
      <Show when={r().onsite.forms.length > 0} fallback={<p class="empty">{t('kpiReport.onsiteNone')}</p>}>
        <div class="table-wrap">
          <table class="data cards">
            <TableHead
              columns={[
                'kpiReport.at',
                'kpiReport.subject',
                'kpiReport.template',
                { key: 'kpiReport.points', num: true },
                { key: 'kpiReport.failedItems', num: true },
              ]}
            />
            <tbody>
              <For each={r().onsite.forms}>
                {(f) => (
                  <tr>
                    <th scope="row">{dateTime(f.at, { timeZone: r().timeZone })}</th>
                    <td data-label={t('kpiReport.subject')} lang={dataLang(f.subjectName)}>
                      {f.subjectName}
                    </td>
                    <td data-label={t('kpiReport.template')}>{f.templateId}</td>
                    <td class="num" data-label={t('kpiReport.points')}>
                      {decimal(f.points)} / {decimal(f.maxPoints)}
                    </td>
                    <td class="num" data-label={t('kpiReport.failedItems')}>
                      {count(f.failedItems)}
                      <Show when={f.criticalFailed}>
                        {' '}
                        <span class="badge danger">{t('kpiReport.critical')}</span>
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </>
  );
}

export function KpiRollupPage() {
  const params = useParams<{ orgUnitId: string; date: string }>();
  const [rollup, { refetch }] = createResource(
    () => ({ orgUnitId: params.orgUnitId, date: params.date }),
    (q) => api.kpiReports.rollup.get.query(q),
  );
  return (
    <section class="report">
      <Loaded of={rollup} retry={() => void refetch()} refused="kpiReport.refused">
        {(x) => (
          <ReportFrame
            crumbs={<span lang={dataLang(x().name)}>{x().name}</span>}
            title={t('kpiReport.rollupTitle')}
            target={{ orgUnitId: params.orgUnitId }}
            date={params.date}
            has={Boolean(x().report)}
            none={t('kpiReport.rollupNone', { date: dayLabel(params.date) })}
            refetch={() => void refetch()}
          >
            <Show when={x().report} keyed>
              {(r) => (
                <Show when={r.halls.length > 0} fallback={<p class="empty">{t('kpiReport.noHalls')}</p>}>
                  <div class="table-head">
                    <h2 lang={dataLang(r.orgUnitName)}>{r.orgUnitName}</h2>
                    <ExportButtons
                      title={t('kpiReport.rollupTitle')}
                      before={r.orgUnitName}
                      after={r.date}
                      table={() => ({ columns: rollupColumns(r), rows: r.halls })}
                    />
                  </div>
                  <SpecTable columns={rollupColumns(r)} rows={r.halls} rowKey={(h) => h.hallId} />
                  <p class="muted">{t('kpiReport.tooFewNote')}</p>
                </Show>
              )}
            </Show>
          </ReportFrame>
        )}
      </Loaded>
    </section>
  );
}
