/**
 * A sheet's lines as the manager and the clerk both read them: value, score (and the computed one when
 * it was changed), weight, sample, the adjustment with its reason, the clerk's self-rating, the appeal
 * and its answer; and the sheet's history. The actions live in the pages.
 */
import { For, Show, type JSX } from 'solid-js';
import type { Outputs } from '../../../api.ts';
import { dataLang, decimal } from '../../../format.ts';
import { t } from '../../../i18n.ts';
import { eventText, kpiName, scoreText, valueText, when } from './cycle-text.tsx';

export type Sheet = Outputs['cycles']['sheet'];
export type Line = Sheet['lines'][number];

/** Score with the computed one struck beside it when an adjustment or an appeal changed it. */
export function ScoreCell(props: { l: Line }) {
  return (
    <span class="score-cell">
      <Show
        when={props.l.enough || props.l.score !== null}
        fallback={<span class="muted">{t('cycles.line.tooFew')}</span>}
      >
        <strong>{scoreText(props.l.score)}</strong>
        <Show when={props.l.computedScore !== props.l.score}>
          {' '}
          <s class="was">{t('cycles.line.computed', { score: scoreText(props.l.computedScore) })}</s>
        </Show>
      </Show>
    </span>
  );
}

/** Adjustment, self-rating and appeal under a line. */
export function LineNotes(props: { l: Line }) {
  return (
    <>
      <Show when={props.l.adjustment}>
        {(a) => (
          <p class="adjust-note" lang={dataLang(a().reason)}>
            {t('cycles.adjustedBy', { by: a().by ?? '—', reason: a().reason })}
          </p>
        )}
      </Show>
      <Show when={props.l.selfRating !== null || props.l.selfComment}>
        <p class="adjust-note muted" lang={dataLang(props.l.selfComment)}>
          <Show when={props.l.selfRating !== null}>{t('cycles.line.self', { rating: props.l.selfRating ?? 0 })} </Show>
          {props.l.selfComment ?? ''}
        </p>
      </Show>
      <Show when={props.l.appeal}>
        {(a) => (
          <div class={`appeal-note ${a().status}`} data-appeal={a().id} data-status={a().status}>
            <p class="appeal-note" lang={dataLang(a().reason)}>
              {t('cycles.appeal.filed', { reason: a().reason })}{' '}
              <span
                class={`badge ${a().status === 'open' ? 'warning' : a().status === 'accepted' ? 'ok' : 'critical'}`}
              >
                {t(`cycles.appeal.status.${a().status}`)}
              </span>
            </p>
            <Show when={a().status === 'accepted'}>
              <p class="appeal-note accepted">{t('cycles.appeal.newScoreIs', { score: scoreText(a().newScore) })}</p>
            </Show>
            <Show when={a().answer}>
              <p class={`appeal-note ${a().status}`} lang={dataLang(a().answer)}>
                {t('cycles.appeal.answer', { answer: a().answer ?? '' })}
                <Show when={a().answeredBy}> — {a().answeredBy}</Show>
              </p>
            </Show>
          </div>
        )}
      </Show>
    </>
  );
}

export function LinesTable(props: { sheet: Sheet; actions?: (l: Line) => JSX.Element }) {
  return (
    <div class="table-wrap">
      <table class="data cards lines">
        <thead>
          <tr>
            <th scope="col">{t('cycles.line.kpi')}</th>
            <th scope="col" class="num">
              {t('cycles.line.value')}
            </th>
            <th scope="col" class="num">
              {t('cycles.line.score')}
            </th>
            <th scope="col" class="num">
              {t('cycles.line.weight')}
            </th>
            <th scope="col" class="num">
              {t('cycles.line.sample')}
            </th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          <For each={props.sheet.lines}>
            {(l) => (
              <tr data-line={l.key}>
                <th scope="row">
                  {kpiName(l)}
                  <LineNotes l={l} />
                </th>
                <td data-label={t('cycles.line.value')} class="num">
                  {valueText(l.value, l.unit)}
                </td>
                <td data-label={t('cycles.line.score')} class="num">
                  <ScoreCell l={l} />
                </td>
                <td data-label={t('cycles.line.weight')} class="num">
                  {decimal(l.weight, 0)}
                </td>
                <td data-label={t('cycles.line.sample')} class="num">
                  {l.sample === null ? '—' : decimal(l.sample, 0)}
                </td>
                <td class="actions">{props.actions?.(l)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

export function History(props: { sheet: Sheet }) {
  return (
    <>
      <h2>{t('cycles.history')}</h2>
      <ul class="cycle-history">
        <For each={[...props.sheet.history].reverse()}>
          {(e) => (
            <li data-event={e.kind}>
              <span class="muted">{when(e.at)}</span> {eventText(e, props.sheet.lines)} ·{' '}
              <span lang={dataLang(e.by)}>{e.by ?? t('cycles.event.system')}</span>
              <Show when={e.reason}>
                {' '}
                <span class="reason" lang={dataLang(e.reason)}>
                  「{e.reason}」
                </span>
              </Show>
            </li>
          )}
        </For>
      </ul>
    </>
  );
}
