/**
 * 系统维护 → 任务: the cloud's background jobs. Filters by state (with counts), type and hall; each job's
 * progress as a bar, its error in words, its attempts on demand; retry and cancel with a confirmation;
 * the schedules with "run now". Refreshes itself every 2 seconds while something is queued or running.
 */
import { createEffect, createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import { ERROR_DETAILS } from '@hall/devices/error-details';
import { api, errorMessage, type Outputs } from '../../api.ts';
import { Loaded } from '../../components/States.tsx';
import { TableHead } from '../../components/TableHead.tsx';
import { count, dataLang, dateTime, duration, percent, wait, zoneName } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import type { OrgUnit } from './Admin.tsx';

type JobList = Outputs['jobs']['list'];
type Job = JobList['rows'][number];
type Schedule = Outputs['jobs']['schedules'][number];

const STATES = ['queued', 'running', 'failed', 'dead', 'done', 'cancelled'] as const;
type State = (typeof STATES)[number];
const PAGE_SIZE = 50;
const REFRESH_MS = 2_000;

const STATE_TONE: Record<State, string> = {
  queued: '',
  running: 'warning',
  failed: 'warning',
  dead: 'offline',
  done: 'ok',
  cancelled: '',
};

/** Job types the console has words for; others show their technical name. */
const TYPE_LABELS: Record<string, ConsoleKey> = {
  'jobs.purge': 'jobs.type.purge',
  'reports.daily': 'jobs.type.reports.daily',
  'reports.backfill': 'jobs.type.reports.backfill',
  'staff.apply-moves': 'jobs.type.staff.apply-moves',
  'scheduling.forecast': 'jobs.type.scheduling.forecast',
  'scheduling.roster': 'jobs.type.scheduling.roster',
  'scheduling.roster-window': 'jobs.type.scheduling.roster-window',
  'roster.review': 'jobs.type.roster.review',
  'performance.cycles': 'cycles.jobType',
  'performance.daily': 'jobs.type.performance.daily',
  'performance.backfill': 'jobs.type.performance.backfill',
  'performance.report': 'jobs.type.performance.report',
  'performance.report.rollup': 'jobs.type.performance.report.rollup',
  'performance.skills': 'jobs.type.performance.skills',
  'onsite.overdue-actions': 'jobs.type.onsite.overdue-actions',
  'inventory.materials-section': 'jobs.type.inventory.materials-section',
  'inventory.alerts': 'jobs.type.inventory.alerts',
  'analytics.rollups': 'jobs.type.analytics.rollups',
  'training.extract': 'jobs.type.training.extract',
  'training.suggest': 'jobs.type.training.suggest',
  'training.effects': 'jobs.type.training.effects',
  'training.plans': 'jobs.type.training.plans',
};
const ERROR_LABELS: Record<string, ConsoleKey> = {
  'handler-failed': 'jobs.error.handler-failed',
  timeout: 'jobs.error.timeout',
  'worker-crashed': 'jobs.error.worker-crashed',
  'lease-expired': 'jobs.error.lease-expired',
  'payload-invalid': 'jobs.error.payload-invalid',
  'unknown-type': 'jobs.error.unknown-type',
  interrupted: 'jobs.error.interrupted',
  cancelled: 'jobs.error.cancelled',
};
const OUTCOMES: Record<string, ConsoleKey> = {
  running: 'jobs.outcome.running',
  done: 'jobs.outcome.done',
  failed: 'jobs.outcome.failed',
  cancelled: 'jobs.outcome.cancelled',
  'lease-expired': 'jobs.outcome.lease-expired',
};

const ms = (iso: string | null) => (iso ? Date.parse(iso) : null);
const typeLabel = (type: string) => (TYPE_LABELS[type] ? t(TYPE_LABELS[type] as ConsoleKey) : type);

function TypeName(props: { type: string }) {
  const key = () => TYPE_LABELS[props.type];
  return (
    <Show when={key()} fallback={<span translate="no">{props.type}</span>}>
      {(k) => t(k())}
    </Show>
  );
}

const DETAIL_CODES = new Set<string>(ERROR_DETAILS);

/**
 * The error in words: the runner's codes translated, a module's code from the platform's catalog of
 * detail codes (a report job's `hall-not-found`), any other named.
 */
export function errorText(code: string | null): string {
  if (!code) return '';
  const key = ERROR_LABELS[code];
  if (key) return t(key);
  if (DETAIL_CODES.has(code)) return t(`error.detail.${code}` as ConsoleKey);
  return t('jobs.error.other', { code });
}

/** The error in words, then the handler's short message as it was written (its own language, marked). */
function ErrorText(props: { code: string | null; message: string | null }) {
  return (
    <Show when={props.code}>
      {errorText(props.code)}
      <Show when={props.message}>
        {(m) => (
          <>
            {t('jobs.errorSeparator')}
            <span translate="no" lang={dataLang(m())}>
              {m()}
            </span>
          </>
        )}
      </Show>
    </Show>
  );
}

function Progress(props: { job: Job }) {
  const share = () => (props.job.state === 'done' ? 1 : (props.job.progress ?? null));
  return (
    <Show when={share() !== null && props.job.state !== 'queued'} fallback={<span class="muted">—</span>}>
      <div class="job-progress">
        <span class="bar">
          <progress max="1" value={share() ?? 0} aria-label={t('jobs.progress')} />
          <span class="num">{percent(share())}</span>
        </span>
        <Show when={props.job.progressNote && props.job.state === 'running'}>
          <span class="muted" lang={dataLang(props.job.progressNote)}>
            {props.job.progressNote}
          </span>
        </Show>
      </div>
    </Show>
  );
}

function When(props: { job: Job }) {
  const j = () => props.job;
  const took = () => {
    const a = ms(j().startedAt);
    const b = ms(j().finishedAt);
    return a !== null && b !== null ? wait((b - a) / 60_000) : '';
  };
  return (
    <>
      <Show when={j().state === 'queued'}>{t('jobs.runAt', { at: dateTime(ms(j().runAt)) })}</Show>
      <Show when={j().state === 'failed'}>{t('jobs.retryAt', { at: dateTime(ms(j().runAt)) })}</Show>
      <Show when={j().state === 'running'}>{t('jobs.startedAt', { at: dateTime(ms(j().startedAt)) })}</Show>
      <Show when={j().finishedAt && ['done', 'dead', 'cancelled'].includes(j().state)}>
        {t('jobs.finishedAt', { at: dateTime(ms(j().finishedAt)), took: took() || '—' })}
      </Show>
    </>
  );
}

function Details(props: { id: number }) {
  const [detail] = createResource(
    () => props.id,
    (id) => api.jobs.get.query({ id }),
  );
  return (
    <Loaded of={detail} retry={() => undefined} notFound="error.detail.job-not-found">
      {(d) => (
        <div class="job-details">
          <p>
            {t('jobs.payload')}: <code translate="no">{d().payload}</code>
          </p>
          <h3>{t('jobs.attemptList')}</h3>
          <ul class="plain">
            <For each={d().attempts}>
              {(a) => (
                <li>
                  {t('jobs.attemptN', { n: count(a.attempt) })} · {t(OUTCOMES[a.outcome] ?? 'jobs.outcome.failed')} ·{' '}
                  {dateTime(ms(a.startedAt))}
                  <Show when={a.errorCode}>
                    {' '}
                    · <ErrorText code={a.errorCode} message={a.errorMessage} />
                  </Show>{' '}
                  ·{' '}
                  <span class="muted">
                    {t('jobs.worker')} <code translate="no">{a.worker}</code>
                  </span>
                </li>
              )}
            </For>
          </ul>
        </div>
      )}
    </Loaded>
  );
}

function JobRow(props: { job: Job; halls: Map<string, string>; act: (job: Job, what: 'retry' | 'cancel') => void }) {
  const [open, setOpen] = createSignal(false);
  const j = () => props.job;
  const hallName = () => (j().hallId ? (props.halls.get(j().hallId as string) ?? j().hallId) : '—');
  return (
    <>
      <tr data-job={j().id} data-state={j().state}>
        <th scope="row" class="num">
          {j().id}
        </th>
        <td data-label={t('jobs.type')}>
          <TypeName type={j().type} />
        </td>
        <td data-label={t('jobs.hall')} lang={dataLang(hallName())}>
          {hallName()}
        </td>
        <td data-label={t('jobs.status')}>
          <span class={`badge ${STATE_TONE[j().state as State] ?? ''}`}>
            {t(`jobs.state.${j().state}` as ConsoleKey)}
          </span>
          <Show when={j().cancelRequested && j().state === 'running'}>
            {' '}
            <span class="muted">{t('jobs.cancelPending')}</span>
          </Show>
        </td>
        <td data-label={t('jobs.progress')}>
          <Progress job={j()} />
        </td>
        <td data-label={t('jobs.attempts')} class="num">
          {t('jobs.attemptsOf', { n: count(j().attempts), max: count(j().maxAttempts) })}
        </td>
        <td data-label={t('jobs.when')} class="job-when">
          <When job={j()} />
        </td>
        <td data-label={t('jobs.error')} class="job-error">
          <ErrorText code={j().errorCode} message={j().errorMessage} />
        </td>
        <td class="actions">
          <button type="button" class="link" aria-expanded={open()} onClick={() => setOpen(!open())}>
            <span aria-hidden="true">{t('jobs.details')}</span>
            <span class="visually-hidden">{t('jobs.detailsOne', { id: j().id })}</span>
          </button>
          <Show when={['failed', 'dead', 'cancelled'].includes(j().state)}>
            <button type="button" onClick={() => props.act(j(), 'retry')}>
              <span aria-hidden="true">{t('jobs.retry')}</span>
              <span class="visually-hidden">{t('jobs.retryOne', { id: j().id })}</span>
            </button>
          </Show>
          <Show when={['queued', 'failed'].includes(j().state) || (j().state === 'running' && !j().cancelRequested)}>
            <button type="button" onClick={() => props.act(j(), 'cancel')}>
              <span aria-hidden="true">{t('jobs.cancel')}</span>
              <span class="visually-hidden">{t('jobs.cancelOne', { id: j().id })}</span>
            </button>
          </Show>
        </td>
      </tr>
      <Show when={open()}>
        <tr class="job-detail-row">
          <td colSpan={9}>
            <Details id={j().id} />
          </td>
        </tr>
      </Show>
    </>
  );
}

function ruleText(s: Schedule): string {
  if (s.cron) return t('jobs.ruleCron', { cron: s.cron, zone: zoneName(s.timeZone) });
  const off = s.offsetMinutes;
  if (off === 0) return t(s.anchor === 'open' ? 'jobs.ruleOpenAt' : 'jobs.ruleCloseAt');
  const key: ConsoleKey =
    s.anchor === 'open'
      ? off > 0
        ? 'jobs.ruleOpenAfter'
        : 'jobs.ruleOpenBefore'
      : off > 0
        ? 'jobs.ruleCloseAfter'
        : 'jobs.ruleCloseBefore';
  return t(key, { offset: duration(Math.abs(off)) });
}

function Schedules(props: {
  halls: Map<string, string>;
  say: (text: string, error?: boolean) => void;
  ran: () => void;
}) {
  const [list, { refetch }] = createResource(() => api.jobs.schedules.query());
  const run = async (s: Schedule) => {
    const name = `${typeLabel(s.type)}${s.hallId ? ` ${props.halls.get(s.hallId) ?? s.hallId}` : ''}`;
    if (!window.confirm(t('jobs.runNowConfirm', { name }))) return;
    try {
      const r = await api.jobs.runSchedule.mutate({ scheduleId: s.id });
      props.say(t('jobs.ranNow', { id: r.jobId }));
      props.ran();
      await refetch();
    } catch (err) {
      props.say(errorMessage(err), true);
    }
  };
  return (
    <section class="job-schedules">
      <h2>{t('jobs.schedules')}</h2>
      <Loaded of={list} retry={() => void refetch()} refused="state.refusedSection">
        {(rows) => (
          <div class="table-wrap">
            <table class="data cards">
              <TableHead
                columns={[
                  'jobs.schedule',
                  'jobs.type',
                  'jobs.hall',
                  'jobs.rule',
                  'jobs.nextRun',
                  'jobs.lastRun',
                  { key: 'jobs.actions', hidden: true },
                ]}
              />
              <tbody>
                <For
                  each={rows()}
                  fallback={
                    <tr>
                      <td colSpan={7} class="empty">
                        {t('jobs.noSchedules')}
                      </td>
                    </tr>
                  }
                >
                  {(s) => (
                    <tr data-schedule={s.id}>
                      <th scope="row" translate="no">
                        {s.id}
                      </th>
                      <td data-label={t('jobs.type')}>
                        <TypeName type={s.type} />
                      </td>
                      <td data-label={t('jobs.hall')} lang={dataLang(s.hallId ? props.halls.get(s.hallId) : null)}>
                        {s.hallId ? (props.halls.get(s.hallId) ?? s.hallId) : '—'}
                      </td>
                      <td data-label={t('jobs.rule')}>{ruleText(s)}</td>
                      <td data-label={t('jobs.nextRun')}>
                        {s.nextRunAt
                          ? dateTime(ms(s.nextRunAt), { timeZone: s.timeZone, withZone: true })
                          : s.anchor
                            ? t('jobs.never')
                            : '—'}
                      </td>
                      <td data-label={t('jobs.lastRun')}>
                        {dateTime(ms(s.lastRunAt), { timeZone: s.timeZone, withZone: true })}
                      </td>
                      <td class="actions">
                        <button type="button" onClick={() => void run(s)}>
                          <span aria-hidden="true">{t('jobs.runNow')}</span>
                          <span class="visually-hidden">
                            {t('jobs.runNowOne', { name: typeLabel(s.type) })}
                            <Show when={s.hallId}>
                              {(hallId) => (
                                <>
                                  {' '}
                                  <span lang={dataLang(props.halls.get(hallId()))}>
                                    {props.halls.get(hallId()) ?? hallId()}
                                  </span>
                                </>
                              )}
                            </Show>
                          </span>
                        </button>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
    </section>
  );
}

export function JobsSection(props: { units: OrgUnit[] }) {
  const [state, setState] = createSignal<State | ''>('');
  const [type, setType] = createSignal('');
  const [hall, setHall] = createSignal('');
  const [page, setPage] = createSignal(0);
  const [message, setMessage] = createSignal<{ text: string; error: boolean } | null>(null);
  const halls = () => new Map(props.units.filter((u) => u.hallId).map((u) => [u.hallId as string, u.name]));
  const [jobs, { refetch }] = createResource(
    () => ({ state: state(), type: type(), hall: hall(), page: page() }),
    (q) =>
      api.jobs.list.query({
        ...(q.state ? { states: [q.state] } : {}),
        ...(q.type ? { type: q.type } : {}),
        ...(q.hall ? { hallId: q.hall } : {}),
        page: q.page,
        pageSize: PAGE_SIZE,
      }),
  );
  const busy = () => {
    const c = jobs.latest?.counts;
    return Boolean(c && ((c.running ?? 0) > 0 || (c.queued ?? 0) > 0));
  };
  // Auto-refresh while something is queued or running (a job due later keeps it going: cheap, bounded).
  createEffect(() => {
    if (!busy()) return;
    const timer = setInterval(() => void refetch(), REFRESH_MS);
    onCleanup(() => clearInterval(timer));
  });
  const say = (text: string, error = false) => setMessage({ text, error });
  const act = async (job: Job, what: 'retry' | 'cancel') => {
    const type = typeLabel(job.type);
    if (!window.confirm(t(what === 'retry' ? 'jobs.retryConfirm' : 'jobs.cancelConfirm', { id: job.id, type }))) return;
    try {
      if (what === 'retry') {
        await api.jobs.retry.mutate({ id: job.id });
        say(t('jobs.retried', { id: job.id }));
      } else {
        const r = await api.jobs.cancel.mutate({ id: job.id });
        say(t(r.state === 'cancelled' ? 'jobs.cancelled' : 'jobs.cancelRequested', { id: job.id }));
      }
      await refetch();
    } catch (err) {
      say(errorMessage(err), true);
    }
  };
  const total = (l: JobList) => Object.values(l.counts).reduce((a, b) => a + b, 0);
  return (
    <div class="admin-section jobs">
      <Loaded of={jobs} retry={() => void refetch()} refused="state.refusedSection">
        {(list) => (
          <>
            <div class="tabs" role="group" aria-label={t('jobs.filterState')}>
              <button
                type="button"
                aria-pressed={state() === ''}
                aria-selected={state() === ''}
                onClick={() => (setState(''), setPage(0))}
              >
                {t('jobs.state.all')} <span class="num">{count(total(list()))}</span>
              </button>
              <For each={STATES}>
                {(s) => (
                  <button
                    type="button"
                    data-state-filter={s}
                    aria-pressed={state() === s}
                    aria-selected={state() === s}
                    onClick={() => (setState(s), setPage(0))}
                  >
                    {t(`jobs.state.${s}`)} <span class="num">{count(list().counts[s] ?? 0)}</span>
                  </button>
                )}
              </For>
            </div>
            <div class="filters">
              <label>
                {t('jobs.type')}
                <select value={type()} onChange={(e) => (setType(e.currentTarget.value), setPage(0))}>
                  <option value="">{t('jobs.allTypes')}</option>
                  <For each={list().types}>
                    {(ty) => (
                      <Show
                        when={TYPE_LABELS[ty]}
                        fallback={
                          <option value={ty} translate="no">
                            {ty}
                          </option>
                        }
                      >
                        {(k) => <option value={ty}>{t(k())}</option>}
                      </Show>
                    )}
                  </For>
                </select>
              </label>
              <label>
                {t('jobs.hall')}
                <select value={hall()} onChange={(e) => (setHall(e.currentTarget.value), setPage(0))}>
                  <option value="">{t('jobs.allHalls')}</option>
                  <For each={[...halls()]}>
                    {([id, name]) => (
                      <option value={id} lang={dataLang(name)}>
                        {name}
                      </option>
                    )}
                  </For>
                </select>
              </label>
            </div>
            <Show when={busy()}>
              <p class="muted" role="status">
                {t('jobs.autoRefresh')}
              </p>
            </Show>
            <Show when={message()}>
              {(m) => (
                <p role={m().error ? 'alert' : 'status'} class={m().error ? 'error' : 'ok'}>
                  {m().text}
                </p>
              )}
            </Show>
            <div class="table-wrap">
              <table class="data cards jobs-table">
                <TableHead
                  columns={[
                    { key: 'jobs.id', num: true },
                    'jobs.type',
                    'jobs.hall',
                    'jobs.status',
                    'jobs.progress',
                    { key: 'jobs.attempts', num: true },
                    'jobs.when',
                    'jobs.error',
                    { key: 'jobs.actions', hidden: true },
                  ]}
                />
                <tbody>
                  <For
                    each={list().rows}
                    fallback={
                      <tr>
                        <td colSpan={9} class="empty">
                          {t('jobs.none')}
                        </td>
                      </tr>
                    }
                  >
                    {(job) => <JobRow job={job} halls={halls()} act={(j, w) => void act(j, w)} />}
                  </For>
                </tbody>
              </table>
            </div>
            <Show when={list().total > PAGE_SIZE}>
              <nav class="pager">
                <button type="button" disabled={page() === 0} onClick={() => setPage(page() - 1)}>
                  {t('jobs.prev')}
                </button>
                <span>
                  {t('jobs.page', {
                    page: count(page() + 1),
                    pages: count(Math.ceil(list().total / PAGE_SIZE)),
                    total: count(list().total),
                  })}
                </span>
                <button
                  type="button"
                  disabled={(page() + 1) * PAGE_SIZE >= list().total}
                  onClick={() => setPage(page() + 1)}
                >
                  {t('jobs.next')}
                </button>
              </nav>
            </Show>
          </>
        )}
      </Loaded>
      <Schedules halls={halls()} say={say} ran={() => void refetch()} />
    </div>
  );
}

export default JobsSection;
