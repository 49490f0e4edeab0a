/**
 * 排班 of a hall (`/halls/:hallId/rosters`): its periods with every version (status, optimality gap,
 * who made and published it, when), "generate" for a week or four from a Monday with the job's progress
 * and a cancel, and the diff between any two versions of a period.
 */
import { A, useParams } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import { api, errorMessage, type Outputs } from '../../api.ts';
import { Loaded } from '../../components/States.tsx';
import { clockIn, dataLang, dateTime, percent } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { dayLabel, gapText, periodLabel, shiftDate } from './roster-format.ts';
import './rosters.css';

type Period = Outputs['rosters']['list']['periods'][number];
export type Version = {
  id: string;
  version: number;
  status: string;
  gap: number | null;
  createdAt: string;
  createdBy: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
  publishReason: string | null;
  noticeChanges: string[];
  job: { id: number; state: string; progress: number | null; note: string | null; errorCode: string | null } | null;
};

/** The Mondays a roster can be made for: this week's and the next seven. */
function mondays(today: string): string[] {
  const d = new Date(`${today}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  const first = shiftDate(today, -back);
  return Array.from({ length: 8 }, (_, k) => shiftDate(first, 7 * k));
}

function GenerateForm(props: { hallId: string; timeZone: string; onStarted: () => void }) {
  const options = mondays(clockIn(props.timeZone).date);
  const [from, setFrom] = createSignal(options[1] as string);
  const [weeks, setWeeks] = createSignal<1 | 4>(1);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.rosters.generate.mutate({ hallId: props.hallId, fromDate: from(), weeks: weeks() });
      props.onStarted();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="filters roster-generate"
      onSubmit={(e) => {
        e.preventDefault();
        void go();
      }}
    >
      <label>
        {t('rosters.from')}
        <select value={from()} onChange={(e) => setFrom(e.currentTarget.value)}>
          <For each={options}>{(m) => <option value={m}>{dayLabel(m)}</option>}</For>
        </select>
      </label>
      <label>
        {t('rosters.length')}
        <select value={String(weeks())} onChange={(e) => setWeeks(e.currentTarget.value === '4' ? 4 : 1)}>
          <option value="1">{t('rosters.oneWeek')}</option>
          <option value="4">{t('rosters.fourWeeks')}</option>
        </select>
      </label>
      <button type="submit" class="primary" disabled={busy()}>
        {t('rosters.generate')}
      </button>
      <Show when={error()}>
        <span class="error" role="alert">
          {error()}
        </span>
      </Show>
    </form>
  );
}

const statusKey = (s: string) => `rosters.status.${s}` as ConsoleKey;

function Progress(props: { hallId: string; v: Version; onChange: () => void }) {
  const [error, setError] = createSignal<string | null>(null);
  const cancel = async () => {
    try {
      await api.rosters.cancel.mutate({ hallId: props.hallId, rosterId: props.v.id });
      props.onChange();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <span class="roster-progress">
      <progress max="1" value={props.v.job?.progress ?? 0} aria-label={t('rosters.progress')} />
      <span>{percent(props.v.job?.progress ?? 0)}</span>
      <Show when={props.v.job?.errorCode}>
        {(code) => <span class="error">{t('rosters.jobFailed', { code: code() })}</span>}
      </Show>
      <button type="button" class="link" onClick={() => void cancel()}>
        {t('rosters.cancel')}
      </button>
      <Show when={error()}>
        <span class="error" role="alert">
          {error()}
        </span>
      </Show>
    </span>
  );
}

function Diff(props: { hallId: string; period: Period }) {
  const versions = () => props.period.versions as Version[];
  const usable = () => versions().filter((v) => v.status !== 'generating' && v.status !== 'discarded');
  const [from, setFrom] = createSignal<string | null>(null);
  const [to, setTo] = createSignal<string | null>(null);
  const a = () => from() ?? usable()[1]?.id ?? null;
  const b = () => to() ?? usable()[0]?.id ?? null;
  const [diff] = createResource(
    () => (a() && b() && a() !== b() ? { from: a() as string, to: b() as string } : null),
    (q) => api.rosters.diff.query({ hallId: props.hallId, ...q }),
  );
  return (
    <Show when={usable().length > 1}>
      <details class="roster-diff">
        <summary>{t('rosters.compare')}</summary>
        <div class="filters">
          <label>
            {t('rosters.diffFrom')}
            <select value={a() ?? ''} onChange={(e) => setFrom(e.currentTarget.value)}>
              <For each={usable()}>
                {(v) => <option value={v.id}>{t('rosters.versionN', { n: v.version })}</option>}
              </For>
            </select>
          </label>
          <label>
            {t('rosters.diffTo')}
            <select value={b() ?? ''} onChange={(e) => setTo(e.currentTarget.value)}>
              <For each={usable()}>
                {(v) => <option value={v.id}>{t('rosters.versionN', { n: v.version })}</option>}
              </For>
            </select>
          </label>
        </div>
        <Show when={diff()}>
          {(d) => (
            <Show when={d().changes.length} fallback={<p class="muted">{t('rosters.noChanges')}</p>}>
              <table class="data cards">
                <thead>
                  <tr>
                    <th scope="col">{t('rosters.person')}</th>
                    <th scope="col">{t('rosters.day')}</th>
                    <th scope="col">{t('rosters.change')}</th>
                    <th scope="col">{t('rosters.before')}</th>
                    <th scope="col">{t('rosters.after')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={d().changes}>
                    {(c) => (
                      <tr>
                        <th scope="row" lang={dataLang(c.employeeName)}>
                          {c.employeeName ?? t('rosters.unknownPerson')}
                        </th>
                        <td data-label={t('rosters.day')}>{dayLabel(c.date)}</td>
                        <td data-label={t('rosters.change')}>{t(`rosters.kind.${c.kind}` as ConsoleKey)}</td>
                        <td data-label={t('rosters.before')}>{c.before ? `${c.before.start}–${c.before.end}` : '—'}</td>
                        <td data-label={t('rosters.after')}>{c.after ? `${c.after.start}–${c.after.end}` : '—'}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
          )}
        </Show>
      </details>
    </Show>
  );
}

export default function RostersPage() {
  const params = useParams<{ hallId: string }>();
  const [list, { refetch }] = createResource(
    () => params.hallId,
    (hallId) => api.rosters.list.query({ hallId }),
  );
  const generating = createMemo(() =>
    (list.latest?.periods ?? []).some((p) => (p.versions as Version[]).some((v) => v.status === 'generating')),
  );
  // While a roster is being generated, its progress is read every second.
  const timer = setInterval(() => {
    if (generating()) void refetch();
  }, 1_000);
  onCleanup(() => clearInterval(timer));
  return (
    <section class="rosters">
      <div class="page-head">
        <div>
          <p class="crumbs">
            <A href={`/halls/${params.hallId}`} lang={dataLang(list.latest?.hallName)}>
              {list.latest?.hallName ?? ''}
            </A>
          </p>
          <h1>{t('rosters.title')}</h1>
        </div>
        <Show when={list.latest}>
          {(l) => <GenerateForm hallId={params.hallId} timeZone={l().timeZone} onStarted={() => void refetch()} />}
        </Show>
      </div>
      <Loaded of={list} retry={() => void refetch()} refused="state.refusedHall" notFound="state.noSuchHall">
        {(l) => (
          <Show when={l().periods.length} fallback={<p class="empty">{t('rosters.none')}</p>}>
            <For each={l().periods}>
              {(p) => (
                <article class="roster-period">
                  <h2>{periodLabel(p.fromDate, p.days)}</h2>
                  <table class="data cards">
                    <thead>
                      <tr>
                        <th scope="col">{t('rosters.version')}</th>
                        <th scope="col">{t('rosters.statusLabel')}</th>
                        <th scope="col">{t('rosters.quality')}</th>
                        <th scope="col">{t('rosters.made')}</th>
                        <th scope="col">{t('rosters.published')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={p.versions as Version[]}>
                        {(v) => (
                          <tr>
                            <th scope="row">
                              <Show
                                when={v.status !== 'generating' && v.status !== 'discarded'}
                                fallback={t('rosters.versionN', { n: v.version })}
                              >
                                <A href={`/halls/${params.hallId}/rosters/${v.id}`}>
                                  {t('rosters.versionN', { n: v.version })}
                                </A>
                              </Show>
                            </th>
                            <td data-label={t('rosters.statusLabel')}>
                              <span class={`roster-status ${v.status}`}>{t(statusKey(v.status))}</span>
                              <Show when={v.status === 'generating'}>
                                <Progress hallId={params.hallId} v={v} onChange={() => void refetch()} />
                              </Show>
                            </td>
                            <td data-label={t('rosters.quality')}>{v.gap === null ? '—' : gapText(v.gap)}</td>
                            <td data-label={t('rosters.made')}>
                              <span lang={dataLang(v.createdBy)}>{v.createdBy ?? t('rosters.system')}</span>{' '}
                              {dateTime(Date.parse(v.createdAt), { timeZone: l().timeZone })}
                            </td>
                            <td data-label={t('rosters.published')}>
                              <Show when={v.publishedAt} fallback="—">
                                <span lang={dataLang(v.publishedBy)}>{v.publishedBy}</span>{' '}
                                {dateTime(Date.parse(v.publishedAt as string), { timeZone: l().timeZone })}
                                <Show when={v.noticeChanges.length}>
                                  <span class="flag" title={v.publishReason ?? ''}>
                                    {t('rosters.withinNotice', { n: v.noticeChanges.length })}
                                  </span>
                                </Show>
                              </Show>
                            </td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                  <Diff hallId={params.hallId} period={p} />
                </article>
              )}
            </For>
          </Show>
        )}
      </Loaded>
    </section>
  );
}
