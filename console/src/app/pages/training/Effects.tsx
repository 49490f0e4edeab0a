/**
 * 培训效果 (/training/effects): each course measured — its title (a link to the material), and per KPI
 * (办理用时 adjusted for the service mix, 满意度) the verdict in words, the effect in % with its 95 %
 * interval, the picture (the trained clerks before → after against their matched colleagues before →
 * after, drawn as a dumbbell per group), the clerks measured and those left out with the reasons in
 * words. Courses that move nothing are flagged ("无明显效果") and listed first. The method is said in a
 * sentence; those who may (training edit at the root) measure now and follow the run.
 */
import { A } from '@solidjs/router';
import { createEffect, createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import { api } from '../../api.ts';
import { createNotices, Notices } from '../../components/Notices.tsx';
import { Loaded } from '../../components/States.tsx';
import { count, dataLang } from '../../format.ts';
import { t, type ConsoleKey } from '../../i18n.ts';
import { can, session } from '../../session.ts';
import {
  kpiName,
  kpiValue,
  runActive,
  runText,
  signedPct,
  SKIP_REASONS,
  verdictName,
  VERDICTS,
  type CourseEffect,
  type KpiEffect,
} from './suggest-text.tsx';
import { moment, TRAINING_EDIT_ROLES, TrainingNav } from './training-text.tsx';
import './training.css';
import './suggest.css';

const POLL_MS = 1_500;

/** Courses that move nothing first, then by their best verdict, then by title. */
function ordered(courses: readonly CourseEffect[]): CourseEffect[] {
  const best = (c: CourseEffect) => Math.min(...c.kpis.map((k) => VERDICTS.indexOf(k.verdict)));
  return [...courses].sort(
    (a, b) =>
      Number(b.flagged) - Number(a.flagged) ||
      best(a) - best(b) ||
      (a.title ?? '').localeCompare(b.title ?? '', 'zh-CN') ||
      a.seriesId - b.seriesId,
  );
}

export default function EffectsPage() {
  const [effects, { refetch }] = createResource(() => api.training.effects.query());
  const [info, { refetch: refetchInfo }] = createResource(() => api.training.analysis.query({}));
  const notices = createNotices();
  const [busy, setBusy] = createSignal(false);
  // While a run is queued or running, follow it; when one ends (however quickly), show what it measured.
  let timer: ReturnType<typeof setInterval> | undefined;
  let seen: string | null | undefined;
  createEffect(() => {
    const i = info();
    if (!i) return;
    const active = runActive(i.effectsRun);
    if (active && !timer) timer = setInterval(() => void refetchInfo(), POLL_MS);
    if (!active && timer) {
      clearInterval(timer);
      timer = undefined;
    }
    const finished = i.effectsRun?.finishedAt ? String(i.effectsRun.finishedAt) : null;
    if (seen !== undefined && seen !== finished) void refetch();
    seen = finished;
  });
  onCleanup(() => timer && clearInterval(timer));
  const measure = async () => {
    setBusy(true);
    notices.clear();
    try {
      await api.training.measureNow.mutate({});
      await refetchInfo();
    } catch (err) {
      notices.fail(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="training effects-page">
      <TrainingNav mayEdit={can(session().me(), TRAINING_EDIT_ROLES)} />
      <div class="page-head">
        <h1>{t('training.effect.title')}</h1>
      </div>
      <Loaded of={effects} retry={() => void refetch()} refused="training.effect.refused">
        {(list) => (
          <>
            <p class="suggest-method muted" data-testid="method">
              {(() => {
                // The windows the measurement used (the cloud's), else the cloud's defaults.
                const o = list().flatMap((c) => c.kpis)[0]?.result.options;
                return t('training.effect.method', {
                  before: o?.beforeDays ?? 28,
                  after: o?.afterDays ?? 14,
                  skip: o?.skipDays ?? 2,
                });
              })()}
            </p>
            <Show when={info()}>
              {(i) => (
                <div class="analysis-run" data-testid="run" data-state={i().effectsRun?.state ?? 'never'}>
                  <Show when={i().mayMeasure}>
                    <button
                      type="button"
                      class="primary"
                      data-action="measure-now"
                      disabled={busy() || runActive(i().effectsRun)}
                      onClick={() => void measure()}
                    >
                      {t('training.effect.runNow')}
                    </button>
                  </Show>
                  <span class="run-state" role="status">
                    {runText(i().effectsRun, 'effect')}
                  </span>
                </div>
              )}
            </Show>
            <Notices of={notices} />
            <Show
              when={list().length > 0}
              fallback={
                <div class="empty" role="status" data-testid="nothing">
                  <p>{t('training.effect.empty')}</p>
                  <p>{t('training.effect.emptyHint')}</p>
                </div>
              }
            >
              <p class="total" data-testid="total">
                {t('training.effect.count', {
                  n: count(list().length),
                  flagged: count(list().filter((c) => c.flagged).length),
                })}
              </p>
              <ol class="effect-list" data-testid="effects" aria-label={t('training.effect.list')}>
                <For each={ordered(list())}>{(c) => <CourseCard c={c} />}</For>
              </ol>
            </Show>
          </>
        )}
      </Loaded>
    </section>
  );
}

function CourseCard(props: { c: CourseEffect }) {
  const c = () => props.c;
  const title = () => c().title ?? t('training.effect.untitled');
  const computed = () =>
    c()
      .kpis.map((k) => String(k.computedAt))
      .sort()
      .at(-1);
  return (
    <li class="effect-card" classList={{ flagged: c().flagged }} data-course={c().seriesId} data-flagged={c().flagged}>
      <div class="card-head">
        <h2 class="course-title">
          <Show when={c().materialId} fallback={<span lang={dataLang(title())}>{title()}</span>}>
            {(id) => (
              <A href={`/training/materials/${id()}`} lang={dataLang(title())}>
                {title()}
              </A>
            )}
          </Show>
        </h2>
        <Show when={c().flagged}>
          <span class="badge flag" data-testid="flag">
            {t('training.effect.flag')}
          </span>
        </Show>
        <span class="muted computed">{t('training.effect.computed', { at: moment(computed()) })}</span>
      </div>
      <Show when={c().flagged}>
        <p class="flag-note">{t('training.effect.flagNote')}</p>
      </Show>
      <div class="kpi-effects">
        <For each={c().kpis}>{(k) => <KpiBlock k={k} />}</For>
      </div>
    </li>
  );
}

function KpiBlock(props: { k: KpiEffect }) {
  const k = () => props.k;
  const r = () => props.k.result;
  const course = () => r().course;
  const skippedBy = () =>
    SKIP_REASONS.map((reason) => ({ reason, n: r().skipped.filter((s) => s.reason === reason).length })).filter(
      (x) => x.n > 0,
    );
  const needs = () => r().skipped.find((s) => s.need !== undefined)?.need;
  return (
    <section class="kpi-effect" data-kpi={k().kpi} data-verdict={k().verdict}>
      <h3>
        <span>{kpiName(k().kpi)}</span>{' '}
        <span class={`badge verdict verdict-${k().verdict}`} data-testid="verdict">
          {verdictName(k().verdict)}
        </span>
      </h3>
      <p class="effect-figure" data-testid="effect">
        <Show
          when={course()?.effectPct !== null && course()?.effectPct !== undefined ? course() : null}
          fallback={t('training.effect.noFigure')}
        >
          {(co) =>
            t('training.effect.effect', {
              effect: signedPct(co().effectPct ?? 0),
              low: signedPct(co().ciPct?.[0] ?? 0),
              high: signedPct(co().ciPct?.[1] ?? 0),
            })
          }
        </Show>
      </p>
      <Show when={r().picture}>
        {(p) => (
          <figure class="dumbbell">
            <Dumbbell picture={p()} kpi={k().kpi} />
            <figcaption class="muted" data-testid="picture">
              {t('training.effect.picture', {
                tb: kpiValue(p().trainedBefore),
                ta: kpiValue(p().trainedAfter),
                pb: kpiValue(p().peersBefore),
                pa: kpiValue(p().peersAfter),
                better: t(
                  r().direction === 'lower-better' ? 'training.effect.lowerBetter' : 'training.effect.higherBetter',
                ),
              })}
            </figcaption>
          </figure>
        )}
      </Show>
      <p class="clerks" data-testid="clerks">
        {t('training.effect.measured', { n: count(r().clerks.length) })}
        <Show when={skippedBy().length > 0}>
          {t('training.effect.skipped', { n: count(r().skipped.length) })}
          {skippedBy()
            .map((x) => t(`training.effect.skip.${x.reason}` as ConsoleKey, { n: count(x.n) }))
            .join(t('common.listSeparator'))}
          <Show when={needs()}>
            {(n) => (
              <span class="muted">
                {t(k().kpi === 'handle' ? 'training.effect.needHandle' : 'training.effect.needRating', {
                  n: count(n()),
                })}
              </span>
            )}
          </Show>
        </Show>
      </p>
    </section>
  );
}

/**
 * The picture as two dumbbells on one scale: the trained clerks' mean before (open dot) and after (filled),
 * and their matched colleagues' over the same days.
 */
function Dumbbell(props: {
  picture: { trainedBefore: number; trainedAfter: number; peersBefore: number; peersAfter: number };
  kpi: KpiEffect['kpi'];
}) {
  const W = 300;
  const LEFT = 80;
  const RIGHT = 18;
  const rows = () => [
    {
      key: 'trained',
      label: t('training.effect.trained'),
      b: props.picture.trainedBefore,
      a: props.picture.trainedAfter,
    },
    { key: 'peers', label: t('training.effect.peers'), b: props.picture.peersBefore, a: props.picture.peersAfter },
  ];
  // One scale for both groups, at least a tenth of the level wide: a change of 0.01 in a rating of 4.6
  // is drawn as the small thing it is, not across the chart.
  const scale = () => {
    const values = rows().flatMap((r) => [r.b, r.a]);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const span = Math.max(hi - lo, 0.1 * Math.max(Math.abs(lo), Math.abs(hi)), 0.01);
    const mid = (lo + hi) / 2;
    return { lo: mid - span * 0.6, hi: mid + span * 0.6 };
  };
  const x = (v: number) => LEFT + ((v - scale().lo) / (scale().hi - scale().lo)) * (W - LEFT - RIGHT);
  const y = (i: number) => 30 + i * 40;
  return (
    <svg
      class="dumbbell-chart"
      viewBox={`0 0 ${W} 96`}
      role="img"
      aria-label={t('training.effect.chart', { kpi: kpiName(props.kpi) })}
    >
      <For each={rows()}>
        {(r, i) => {
          // Values close together: one label, "before → after", over their middle (kept inside the plot).
          const apart = () => Math.abs(x(r.a) - x(r.b)) >= 40;
          const middle = () => Math.min(W - 36, Math.max(LEFT + 36, (x(r.a) + x(r.b)) / 2));
          return (
            <g class={`row ${r.key}`}>
              <text x={0} y={y(i()) + 4} class="row-label">
                {r.label}
              </text>
              <line x1={x(r.b)} x2={x(r.a)} y1={y(i())} y2={y(i())} class="bar" />
              <circle cx={x(r.b)} cy={y(i())} r={5} class="before" />
              <circle cx={x(r.a)} cy={y(i())} r={5} class="after" />
              <Show
                when={apart()}
                fallback={
                  <text x={middle()} y={y(i()) - 10} text-anchor="middle" class="value">
                    {kpiValue(r.b)} → {kpiValue(r.a)}
                  </text>
                }
              >
                <text x={x(r.b)} y={y(i()) - 10} text-anchor="middle" class="value">
                  {kpiValue(r.b)}
                </text>
                <text x={x(r.a)} y={y(i()) - 10} text-anchor="middle" class="value">
                  {kpiValue(r.a)}
                </text>
              </Show>
            </g>
          );
        }}
      </For>
    </svg>
  );
}
