/**
 * A draft tried on the last 30 days of a hall's or region's daily facts before it is saved: the
 * distribution (value and score: lowest, median, highest; how many scored, too few, without a value)
 * and per subject its value and score, or "too few" where the sample is under the KPI's minimum.
 */
import { createSignal, For, Show } from 'solid-js';
import { api, errorMessage, type Inputs, type Outputs } from '../../../api.ts';
import { count, calendarDate, dataLang, decimal } from '../../../format.ts';
import { t } from '../../../i18n.ts';
import { valueText } from './kpi-text.ts';

type Unit = Outputs['kpis']['reference']['units'][number];
type Result = Outputs['kpis']['preview'];
export type Draft = Inputs['kpis']['create']['draft'];

export function PreviewPanel(props: { draft: Draft | null; units: Unit[] }) {
  const choices = () => props.units.filter((u) => u.kind === 'hall' || u.kind === 'region');
  const [unit, setUnit] = createSignal<string>('');
  const chosen = () => unit() || (choices().find((u) => u.kind === 'hall') ?? choices()[0])?.id || '';
  const [result, setResult] = createSignal<Result | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<string | null>(null);
  const run = async () => {
    const draft = props.draft;
    if (!draft || !chosen()) return;
    setBusy(true);
    setFailure(null);
    try {
      setResult(await api.kpis.preview.query({ orgUnitId: chosen(), draft }));
    } catch (err) {
      setFailure(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const unitOf = () => props.draft?.unit ?? 'count';
  return (
    <div class="panel preview">
      <h2>{t('catalogue.preview.title')}</h2>
      <div class="editor-actions">
        <label class="inline">
          {t('catalogue.preview.unit')}
          <select name="preview-unit" value={chosen()} onChange={(e) => setUnit(e.currentTarget.value)}>
            <For each={choices()}>
              {(u) => (
                <option value={u.id} lang={dataLang(u.name)}>
                  {u.name}
                </option>
              )}
            </For>
          </select>
        </label>
        <button type="button" name="preview" disabled={!props.draft || busy()} onClick={() => void run()}>
          {t('catalogue.preview.run')}
        </button>
        <Show when={!props.draft}>
          <span class="muted">{t('catalogue.preview.needValid')}</span>
        </Show>
      </div>
      <Show when={failure()}>
        <p class="error" role="alert">
          {failure()}
        </p>
      </Show>
      <Show when={result()}>
        {(r) => (
          <div class="preview-result">
            <p class="muted">
              {t('catalogue.preview.period', {
                from: calendarDate(r().from, 'short'),
                to: calendarDate(r().to, 'short'),
                n: count(r().distribution.subjects),
              })}
            </p>
            <Show when={r().rows.length > 0} fallback={<p class="empty">{t('catalogue.preview.none')}</p>}>
              <table class="data preview-stats">
                <thead>
                  <tr>
                    <td />
                    <th scope="col" class="num">
                      {t('catalogue.preview.min')}
                    </th>
                    <th scope="col" class="num">
                      {t('catalogue.preview.median')}
                    </th>
                    <th scope="col" class="num">
                      {t('catalogue.preview.max')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <tr class="values">
                    <th scope="row">{t('catalogue.preview.valueRow')}</th>
                    <td class="num">{valueText(r().distribution.value.min, unitOf())}</td>
                    <td class="num">{valueText(r().distribution.value.median, unitOf())}</td>
                    <td class="num">{valueText(r().distribution.value.max, unitOf())}</td>
                  </tr>
                  <tr class="scores">
                    <th scope="row">{t('catalogue.preview.scoreRow')}</th>
                    <td class="num">{decimal(r().distribution.score.min, 1)}</td>
                    <td class="num">{decimal(r().distribution.score.median, 1)}</td>
                    <td class="num">{decimal(r().distribution.score.max, 1)}</td>
                  </tr>
                </tbody>
              </table>
              <p class="muted preview-counts">
                {t('catalogue.preview.scored', {
                  n: count(r().distribution.scored),
                  few: count(r().distribution.tooFew),
                  none: count(r().distribution.noValue),
                })}
              </p>
              <div class="table-wrap">
                <table class="data cards preview-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('catalogue.preview.subject')}</th>
                      <th scope="col">{t('catalogue.preview.hall')}</th>
                      <th scope="col" class="num">
                        {t('catalogue.preview.value')}
                      </th>
                      <th scope="col" class="num">
                        {t('catalogue.preview.score')}
                      </th>
                      <th scope="col" class="num">
                        {t('catalogue.preview.sample')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={r().rows}>
                      {(row) => {
                        const name =
                          row.name ??
                          (row.subjectId.startsWith('staff:')
                            ? t('catalogue.preview.unknownClerk', { id: row.subjectId.slice(6) })
                            : row.subjectId);
                        return (
                          <tr data-subject={row.subjectId}>
                            <th scope="row" lang={dataLang(name)}>
                              {name}
                            </th>
                            <td data-label={t('catalogue.preview.hall')} lang={dataLang(row.hallName)}>
                              {row.hallName}
                            </td>
                            <td class="num" data-label={t('catalogue.preview.value')}>
                              {row.value === null ? t('catalogue.preview.noValue') : valueText(row.value, unitOf())}
                            </td>
                            <td class="num" data-label={t('catalogue.preview.score')}>
                              {row.enough ? decimal(row.score, 1) : t('catalogue.preview.tooFew')}
                            </td>
                            <td class="num" data-label={t('catalogue.preview.sample')}>
                              {row.sample === null ? '—' : count(row.sample)}
                            </td>
                          </tr>
                        );
                      }}
                    </For>
                  </tbody>
                </table>
              </div>
              <Show when={r().truncated}>
                <p class="muted">{t('catalogue.preview.truncated', { n: count(r().rows.length) })}</p>
              </Show>
            </Show>
          </div>
        )}
      </Show>
    </div>
  );
}
