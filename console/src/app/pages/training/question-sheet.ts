/**
 * The question bank's Excel files, in the browser: the template (the columns' titles in the UI's
 * language, two example rows, and a sheet saying how to fill each column) and a chosen file read into
 * rows of cell texts (question-import.ts maps them). exceljs is imported only when one of these is
 * used, as export/table-file.ts does: the console's first load stays small.
 */
import { t } from '../../i18n.ts';
import { en } from '../../messages/en.ts';
import { zhCN } from '../../messages/zh-CN.ts';
import { lang } from '../../i18n.ts';
import { levelName } from './training-text.tsx';
import { questionKindName } from './exams-text.tsx';
import { cellText, columnTitleIn, COLUMNS, type Column, type SheetRow } from './question-import.ts';

const columnTitle = (c: Column) => columnTitleIn(lang() === 'zh-CN' ? zhCN : en, c);

/** The template's example rows, in the UI's language; a business type of the halls' when there is one. */
function examples(services: ReadonlyArray<{ id: string; name: string }>): Array<Partial<Record<Column, string>>> {
  const service = services[0]?.name ?? '';
  return [
    {
      kind: questionKindName('single'),
      stem: t('training.questions.template.stem1'),
      optionA: t('training.questions.template.option1A'),
      optionB: t('training.questions.template.option1B'),
      optionC: t('training.questions.template.option1C'),
      optionD: t('training.questions.template.option1D'),
      answer: 'A',
      points: '2',
      explanation: t('training.questions.template.explanation1'),
      services: service,
      skills: t('training.questions.template.skills1'),
      level: levelName(1),
    },
    {
      kind: questionKindName('multiple'),
      stem: t('training.questions.template.stem2'),
      optionA: t('training.questions.template.option2A'),
      optionB: t('training.questions.template.option2B'),
      optionC: t('training.questions.template.option2C'),
      optionD: t('training.questions.template.option2D'),
      answer: 'AC',
      points: '3',
      explanation: t('training.questions.template.explanation2'),
      services: '',
      skills: t('training.questions.template.skills2'),
      level: levelName(2),
    },
  ];
}

/** How to fill each column, for the template's second sheet. */
const HELP: Array<[Column | 'options', Parameters<typeof t>[0]]> = [
  ['kind', 'training.questions.template.helpKind'],
  ['stem', 'training.questions.template.helpStem'],
  ['options', 'training.questions.template.helpOptions'],
  ['answer', 'training.questions.template.helpAnswer'],
  ['points', 'training.questions.template.helpPoints'],
  ['explanation', 'training.questions.template.helpExplanation'],
  ['services', 'training.questions.template.helpServices'],
  ['skills', 'training.questions.template.helpSkills'],
  ['level', 'training.questions.template.helpLevel'],
];

/** A column's width for its widest text (a Chinese character is about two columns). */
const widthOf = (texts: string[]) =>
  Math.min(
    50,
    Math.max(8, ...texts.map((s) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0))) + 2,
  );

/** The import template as an XLSX file. */
export async function questionTemplate(services: ReadonlyArray<{ id: string; name: string }>): Promise<ArrayBuffer> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = t('app.name');
  book.created = new Date();
  const sheet = book.addWorksheet(t('training.questions.template.sheet'), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  const head = sheet.addRow(COLUMNS.map(columnTitle));
  head.font = { bold: true };
  const rows = examples(services);
  for (const r of rows) sheet.addRow(COLUMNS.map((c) => r[c] ?? ''));
  COLUMNS.forEach((c, i) => {
    sheet.getColumn(i + 1).width = widthOf([columnTitle(c), ...rows.map((r) => r[c] ?? '')]);
    // Text, so that "1" or "AC" stays what was typed.
    sheet.getColumn(i + 1).numFmt = '@';
  });
  const help = book.addWorksheet(t('training.questions.template.helpSheet'));
  help.addRow([t('training.questions.template.helpColumn'), t('training.questions.template.helpHow')]).font = {
    bold: true,
  };
  for (const [c, key] of HELP)
    help.addRow([c === 'options' ? t('training.questions.template.optionsColumns') : columnTitle(c), t(key)]);
  help.getColumn(1).width = 16;
  help.getColumn(2).width = 90;
  return book.xlsx.writeBuffer() as Promise<ArrayBuffer>;
}

/** The first sheet of an XLSX file as rows of cell texts (empty rows left out). */
export async function readSheet(data: ArrayBuffer): Promise<SheetRow[]> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(data);
  const sheet = book.worksheets[0];
  if (!sheet) return [];
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    rows.push({ number: row.number, cells: Array.from(cells, (c) => c ?? '') });
  });
  return rows;
}
