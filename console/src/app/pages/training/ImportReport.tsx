/** What an import of questions did (Questions.tsx): how many came in, each refused row with its column and why. */
import { For, Show } from 'solid-js';
import { count } from '../../format.ts';
import { t } from '../../i18n.ts';
import { FIELD_COLUMN, type Refusal } from './question-import.ts';
import { WithData } from './training-text.tsx';

export interface Report {
  file: string;
  imported: number;
  refused: Refusal[];
}

/** What an import did: how many questions came in, and each refused row with its column and why. */
export function ImportReport(props: { report: Report; onClose: () => void }) {
  return (
    <section class="import-report" data-testid="import-report" aria-labelledby="import-report-title">
      <h2 id="import-report-title">
        <WithData say={(slot) => t('training.questions.import.reportTitle', { file: slot })} data={props.report.file} />
      </h2>
      <p class={props.report.imported > 0 ? 'ok' : 'muted'} role="status" data-testid="imported">
        {t('training.questions.import.imported', { n: count(props.report.imported) })}
      </p>
      <Show when={props.report.refused.length > 0}>
        <p class="error" data-testid="refused-count">
          {t('training.questions.import.refusedCount', { n: count(props.report.refused.length) })}
        </p>
        <div class="table-wrap">
          <table class="data cards" data-testid="refused">
            <thead>
              <tr>
                <th scope="col">{t('training.questions.import.row')}</th>
                <th scope="col">{t('training.questions.import.column')}</th>
                <th scope="col">{t('training.questions.import.reason')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.report.refused}>
                {(r) => (
                  <tr data-row={r.row} data-field={r.field}>
                    <th scope="row">{t('training.questions.import.rowN', { n: count(r.row) })}</th>
                    <td data-label={t('training.questions.import.column')}>{t(FIELD_COLUMN[r.field])}</td>
                    <td class="wrap message" data-label={t('training.questions.import.reason')}>
                      <Show when={r.params?.value} fallback={t(r.reason, r.params)}>
                        {(v) => <WithData say={(slot) => t(r.reason, { ...r.params, value: slot })} data={v()} />}
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
      <p>
        <button type="button" onClick={() => props.onClose()} data-action="close-report">
          {t('training.questions.import.close')}
        </button>
      </p>
    </section>
  );
}
