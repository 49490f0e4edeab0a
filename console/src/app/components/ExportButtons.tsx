/**
 * "导出 Excel / 导出 CSV" beside a table: the same columns, figures and titles as on screen (one
 * `TableSpec` drives both), named after the hall, the table and the date.
 */
import { createSignal } from 'solid-js';
import { t } from '../i18n.ts';
import { saveFile, tableFileName, toCsv, toXlsx } from '../export/table-file.ts';
import type { TableSpec } from '../export/table-spec.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function ExportButtons<R>(props: {
  /** The table as it is on screen now. */
  table: () => TableSpec<R>;
  /** What the table is (its heading on the page): the sheet's title and part of the file name. */
  title: string;
  /** The file name's parts before the title (the hall's name) and after it (the date). */
  before: string;
  after: string;
}) {
  const [busy, setBusy] = createSignal(false);
  const [failed, setFailed] = createSignal(false);
  const name = (ext: 'xlsx' | 'csv') => tableFileName([props.before, props.title, props.after], ext);
  const xlsx = async () => {
    setBusy(true);
    setFailed(false);
    try {
      const data = await toXlsx(props.table(), { title: props.title, subtitle: `${props.before} ${props.after}` });
      saveFile(data, name('xlsx'), XLSX_TYPE);
    } catch {
      // The chunk could not be fetched (offline, a new version deployed): say so, keep the page.
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="export" role="group" aria-label={t('export.label', { table: props.title })}>
      <button type="button" class="small" disabled={busy()} onClick={() => void xlsx()}>
        {busy() ? t('export.preparing') : t('export.xlsx')}
      </button>
      <button
        type="button"
        class="small"
        onClick={() => saveFile(toCsv(props.table()), name('csv'), 'text/csv;charset=utf-8')}
      >
        {t('export.csv')}
      </button>
      {failed() ? (
        <span class="export-failed" role="alert">
          {t('export.failed')}
        </span>
      ) : null}
    </div>
  );
}
