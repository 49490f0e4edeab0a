/**
 * One assessment cycle (/performance/cycles/:cycleId): its stages as a timeline (who acts, deadlines,
 * overdue), the KPIs and weights frozen at opening, the sheets the user may see with computed and current
 * totals, and from calibration on the spread of totals per rater — so a lenient rater stands out.
 */
import { A, useParams } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { api, errorMessage, type Outputs } from '../../../api.ts';
import { Loaded } from '../../../components/States.tsx';
import { count, dataLang, decimal } from '../../../format.ts';
import { t } from '../../../i18n.ts';
import { actorName, notFoundError, kpiName, periodText, scoreText, stageName, when } from './cycle-text.tsx';
import './cycles.css';

type Detail = Outputs['cycles']['get'];

function Timeline(props: { c: Detail }) {
  return (
    <ol class="cycle-timeline">
      <For each={props.c.timeline}>
        {(s) => (
          <li data-stage={s.kind} data-state={s.state} data-overdue={String(s.overdue)}>
            <strong>{stageName(s.kind)}</strong>
            <span class="muted">
              {actorName(s.actor)}
              <Show when={s.durationDays > 0}> · {t('cycles.days', { n: s.durationDays })}</Show>
            </span>
            <span class="muted">{t(`cycles.state.${s.state as 'done'}`)}</span>
            <Show when={s.state === 'current' && s.dueAt}>
              <span class="muted">{t('cycles.dueAt', { at: when(s.dueAt) })}</span>
            </Show>
            <Show when={s.state === 'done' && s.endedAt}>
              <span class="muted">{when(s.endedAt)}</span>
            </Show>
            <Show when={s.overdue}>
              <span class="badge critical">{t('cycles.overdue')}</span>
            </Show>
            <Show when={s.state !== 'done' && s.durationDays > 0}>
              <span class="muted">{s.skippable ? t('cycles.skippable') : t('cycles.waits')}</span>
            </Show>
          </li>
        )}
      </For>
    </ol>
  );
}

function Raters(props: { raters: NonNullable<Detail['raters']> }) {
  return (
    <>
      <h2>{t('cycles.raters')}</h2>
      <p class="muted">{t('cycles.ratersHint')}</p>
      <div class="table-wrap">
        <table class="data cards raters">
          <thead>
            <tr>
              <th scope="col">{t('cycles.col.rater')}</th>
              <th scope="col">{t('cycles.col.hall')}</th>
              <th scope="col" class="num">
                {t('cycles.col.count')}
              </th>
              <th scope="col" class="num">
                {t('cycles.col.mean')}
              </th>
              <th scope="col" class="num">
                {t('cycles.col.q1')}
              </th>
              <th scope="col" class="num">
                {t('cycles.col.median')}
              </th>
              <th scope="col" class="num">
                {t('cycles.col.q3')}
              </th>
              <th scope="col" class="num">
                {t('cycles.col.range')}
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.raters}>
              {(r) => (
                <tr>
                  <th scope="row" lang={dataLang(r.raterName)}>
                    {r.raterName ?? t('cycles.raterNone')}
                  </th>
                  <td data-label={t('cycles.col.hall')}>
                    <For each={r.halls}>
                      {(h, i) => (
                        <>
                          <Show when={i() > 0}>{t('common.listSeparator')}</Show>
                          <span lang={dataLang(h)}>{h}</span>
                        </>
                      )}
                    </For>
                  </td>
                  <td data-label={t('cycles.col.count')} class="num">
                    {count(r.count)}
                  </td>
                  <td data-label={t('cycles.col.mean')} class="num">
                    {scoreText(r.mean)}
                  </td>
                  <td data-label={t('cycles.col.q1')} class="num">
                    {scoreText(r.q1)}
                  </td>
                  <td data-label={t('cycles.col.median')} class="num">
                    {scoreText(r.median)}
                  </td>
                  <td data-label={t('cycles.col.q3')} class="num">
                    {scoreText(r.q3)}
                  </td>
                  <td data-label={t('cycles.col.range')} class="num">
                    {scoreText(r.min)}–{scoreText(r.max)}
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

export default function CyclePage() {
  const params = useParams<{ cycleId: string }>();
  const [data, { refetch }] = createResource(
    () => Number(params.cycleId),
    async (cycleId) => {
      if (!Number.isInteger(cycleId) || cycleId < 1) throw notFoundError();
      return api.cycles.get.query({ cycleId });
    },
  );
  const [busy, setBusy] = createSignal(false);
  const [message, setMessage] = createSignal<{ ok: boolean; text: string } | null>(null);
  const advance = async (id: number) => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await api.cycles.advance.mutate({ cycleId: id });
      setMessage({ ok: true, text: t('cycles.advanced', { stage: stageName(r.stage) }) });
      void refetch();
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="cycles-page">
      <Loaded of={data} retry={() => void refetch()} refused="cycles.refused" notFound="cycles.notFound">
        {(c) => (
          <>
            <div class="page-head">
              <div>
                <p class="crumbs">
                  <A href="/performance/cycles">{t('cycles.back')}</A>
                </p>
                <h1 lang={dataLang(c().name)}>{c().name}</h1>
                <p class="muted">
                  <span lang={dataLang(c().orgUnitName)}>{c().orgUnitName}</span> · {periodText(c().from, c().to)} ·{' '}
                  {t('cycles.flowVersion', { version: c().flow.version })}
                </p>
              </div>
              <span class={`badge ${c().status === 'final' ? 'ok' : ''}`}>
                {c().status === 'final' ? t('cycles.status.final') : stageName(c().stage.kind)}
              </span>
            </div>
            <h2>{t('cycles.timeline')}</h2>
            <Timeline c={c()} />
            <Show when={c().canAdvance}>
              <button type="button" class="primary" disabled={busy()} onClick={() => void advance(c().id)}>
                {t('cycles.advance')}
              </button>
            </Show>
            <Show when={message()}>
              {(m) => (
                <p class={m().ok ? 'ok' : 'error'} role={m().ok ? 'status' : 'alert'}>
                  {m().text}
                </p>
              )}
            </Show>
            <h2>{t('cycles.kpis')}</h2>
            <ul class="kpi-weights">
              <For each={c().kpis}>
                {(k) => (
                  <li>
                    {kpiName(k)}{' '}
                    <span class="muted">
                      × {decimal(k.weight, 0)} · {t('cycles.kpiVersion', { version: k.version })}
                    </span>
                  </li>
                )}
              </For>
            </ul>
            <Show when={c().raters}>{(r) => <Raters raters={r()} />}</Show>
            <h2>{t('cycles.sheets')}</h2>
            <div class="table-wrap">
              <table class="data cards sheets">
                <thead>
                  <tr>
                    <th scope="col">{t('cycles.col.clerk')}</th>
                    <th scope="col">{t('cycles.col.hall')}</th>
                    <th scope="col" class="num">
                      {t('cycles.col.computedTotal')}
                    </th>
                    <th scope="col" class="num">
                      {t('cycles.col.total')}
                    </th>
                    <th scope="col">{t('cycles.col.self')}</th>
                    <th scope="col">{t('cycles.col.rater')}</th>
                    <th scope="col">{t('cycles.col.ack')}</th>
                    <th scope="col">{t('cycles.col.appeals')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={c().sheets}>
                    {(s) => (
                      <tr data-sheet={s.id}>
                        <th scope="row">
                          <A
                            href={`/performance/cycles/${c().id}/halls/${s.hallId}/sheets/${s.id}`}
                            lang={dataLang(s.name)}
                          >
                            {s.name}
                          </A>
                        </th>
                        <td data-label={t('cycles.col.hall')} lang={dataLang(s.hallName)}>
                          {s.hallName}
                        </td>
                        <td data-label={t('cycles.col.computedTotal')} class="num">
                          {scoreText(s.computedTotal)}
                        </td>
                        <td data-label={t('cycles.col.total')} class="num">
                          <strong>{scoreText(s.total)}</strong>
                        </td>
                        <td data-label={t('cycles.col.self')}>{s.selfSubmitted ? t('cycles.yes') : t('cycles.no')}</td>
                        <td data-label={t('cycles.col.rater')} lang={dataLang(s.reviewedBy)}>
                          {s.reviewedBy ?? '—'}
                        </td>
                        <td data-label={t('cycles.col.ack')}>{s.acknowledged ? t('cycles.yes') : t('cycles.no')}</td>
                        <td data-label={t('cycles.col.appeals')}>
                          <Show when={s.openAppeals > 0} fallback={s.appeals > 0 ? count(s.appeals) : '—'}>
                            <span class="badge warning">{t('cycles.openAppeals', { n: s.openAppeals })}</span>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </>
        )}
      </Loaded>
    </section>
  );
}
