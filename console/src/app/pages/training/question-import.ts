/**
 * An Excel sheet of questions read into the bank's questions, row by row, in the browser (no I/O here:
 * question-sheet.ts reads the file). The header row is found by its titles, in either language of the
 * console (a template downloaded in English imports in a Chinese console); each row becomes a question
 * as `training.importQuestions` takes it, or is refused here, with its sheet row number, the field and
 * why, when the cloud could not know better (a business type by a name no hall has, an answer that is no
 * answer). Answers: letters for choices ("AC"), 对/错/正确/错误/√/×/T/F for true or false, keywords split at
 * ；;，,、 for a short answer; the kind in Chinese or English; business types by name or id.
 */
import type { Inputs } from '../../api.ts';
import { type ConsoleKey } from '../../i18n.ts';
import { en } from '../../messages/en.ts';
import { zhCN } from '../../messages/zh-CN.ts';
import { QUESTION_KINDS, type QuestionKind } from './exams-text.tsx';

export type QuestionInput = Inputs['training']['saveQuestion']['question'];

/** Rows a file may hold (the cloud takes at most 500 at once: exams.service.ts MAX_IMPORT). */
export const MAX_ROWS = 500;
/** Bytes a file may have: a sheet of 500 questions is far smaller. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

const OPTION_COLUMNS = [
  'optionA',
  'optionB',
  'optionC',
  'optionD',
  'optionE',
  'optionF',
  'optionG',
  'optionH',
] as const;
/** The template's columns, in order. */
export const COLUMNS = [
  'kind',
  'stem',
  ...OPTION_COLUMNS,
  'answer',
  'points',
  'explanation',
  'services',
  'skills',
  'level',
] as const;
export type Column = (typeof COLUMNS)[number];

/** The fields a refusal names: the cloud's (questionSchema) and the whole row. */
export type Field =
  'kind' | 'stem' | 'options' | 'answer' | 'points' | 'explanation' | 'serviceIds' | 'skills' | 'level' | 'row';

/** A refused row: its number in the sheet, the field, and why (a message key with its parameters). */
export interface Refusal {
  row: number;
  field: Field;
  reason: ConsoleKey;
  params?: Record<string, string>;
}

export interface SheetRow {
  /** The row's number in the sheet (1 = its first row). */
  number: number;
  /** Cell texts by column position (0 = column A). */
  cells: string[];
}

type Catalog = Record<ConsoleKey, string>;
const CATALOGS: Catalog[] = [zhCN, en];

/** A column's title in a catalog ("选项A", "Option A"). */
export function columnTitleIn(catalog: Catalog, c: Column): string {
  if (c.startsWith('option'))
    return catalog['training.questions.col.option'].replace('{letter}', c.slice('option'.length));
  return catalog[`training.questions.col.${c as Exclude<Column, (typeof OPTION_COLUMNS)[number]>}`];
}

/** What a title or a word is compared as: full-width folded, no spaces or marks, lower case. */
const norm = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s*＊:：()（）[\]【】_-]/g, '');

const TITLES = new Map<string, Column>();
for (const c of COLUMNS) {
  TITLES.set(norm(c), c);
  for (const catalog of CATALOGS) TITLES.set(norm(columnTitleIn(catalog, c)), c);
}
// Titles people give these columns in their own sheets.
for (const [title, c] of [
  ['题目', 'stem'],
  ['试题', 'stem'],
  ['正确答案', 'answer'],
  ['分数', 'points'],
  ['答案解析', 'explanation'],
  ['难度', 'level'],
  ['question', 'stem'],
  ['type', 'kind'],
  ['correctanswer', 'answer'],
  ['score', 'points'],
] as const)
  TITLES.set(norm(title), c);

/** The columns of a header row by position; null unless it names at least the kind and the stem. */
export function headerOf(cells: readonly string[]): Map<Column, number> | null {
  const found = new Map<Column, number>();
  cells.forEach((cell, i) => {
    const c = TITLES.get(norm(cell));
    if (c && !found.has(c)) found.set(c, i);
  });
  return found.has('kind') && found.has('stem') ? found : null;
}

const KIND_WORDS = new Map<string, QuestionKind>();
for (const k of QUESTION_KINDS) {
  KIND_WORDS.set(k, k);
  for (const catalog of CATALOGS) KIND_WORDS.set(norm(catalog[`training.questions.kind.${k}`]), k);
}
for (const [word, k] of [
  ['单选题', 'single'],
  ['单项选择', 'single'],
  ['单项选择题', 'single'],
  ['singlechoice', 'single'],
  ['多选题', 'multiple'],
  ['多项选择', 'multiple'],
  ['多项选择题', 'multiple'],
  ['multiplechoice', 'multiple'],
  ['判断题', 'truefalse'],
  ['true/false', 'truefalse'],
  ['trueorfalse', 'truefalse'],
  ['tf', 'truefalse'],
  ['简答题', 'short'],
  ['问答', 'short'],
  ['问答题', 'short'],
  ['shortanswer', 'short'],
] as const)
  KIND_WORDS.set(norm(word), k);

const TRUE_WORDS = new Set(['对', '正确', '√', '✓', '✔', 't', 'true', '是', 'y', 'yes', '1']);
const FALSE_WORDS = new Set(['错', '错误', '×', '✗', '✘', 'x', 'f', 'false', '否', 'n', 'no', '0']);

/** Keywords, skills, business types: a list typed in one cell, split at ；;，,、 and line breaks. */
export const listOf = (text: string) => [
  ...new Set(
    text
      .split(/[；;，,、\n\r]/)
      .map((s) => s.trim())
      .filter(Boolean),
  ),
];

const LEVEL_WORDS = new Map<string, number>();
for (const n of [1, 2, 3] as const) {
  LEVEL_WORDS.set(String(n), n);
  for (const catalog of CATALOGS) LEVEL_WORDS.set(norm(catalog[`training.level.${n}`]), n);
}

/** A cell's value as exceljs gives it, as the text a person sees in it. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text?: string }>; text?: unknown; result?: unknown; error?: unknown };
    if (Array.isArray(o.richText))
      return o.richText
        .map((r) => r.text ?? '')
        .join('')
        .trim();
    if ('result' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
  }
  return '';
}

export interface ImportContext {
  /** Business types the halls have, by id and name. */
  services: ReadonlyArray<{ id: string; name: string }>;
}

export type Mapped = { row: number; question: QuestionInput } | { row: number; refusal: Refusal };

/** One sheet row as a question, or why not; null for an empty row. */
export function mapRow(row: SheetRow, header: Map<Column, number>, ctx: ImportContext): Mapped | null {
  const cell = (c: Column) => {
    const i = header.get(c);
    return i === undefined ? '' : (row.cells[i] ?? '').trim();
  };
  if (COLUMNS.every((c) => !cell(c))) return null;
  const refuse = (field: Field, reason: ConsoleKey, params?: Record<string, string>): Mapped => ({
    row: row.number,
    refusal: { row: row.number, field, reason, ...(params ? { params } : {}) },
  });

  const kind = KIND_WORDS.get(norm(cell('kind')));
  if (!kind) return refuse('kind', 'training.questions.import.kind', { value: cell('kind') });

  let options: string[] = [];
  let answer: QuestionInput['answer'];
  const typed = cell('answer');
  if (kind === 'single' || kind === 'multiple') {
    const cells = OPTION_COLUMNS.map(cell);
    const last = cells.reduce((l, v, i) => (v ? i : l), -1);
    options = cells.slice(0, last + 1);
    // A gap (A, B, D filled, C empty) would move the letters the answer names.
    if (options.some((o) => !o)) return refuse('options', 'error.detail.training-question-options');
    const letters = typed
      .normalize('NFKC')
      .toUpperCase()
      .replace(/[\s,，、;；/]/g, '');
    if (!letters || !/^[A-H]+$/.test(letters)) return refuse('answer', 'error.detail.training-question-answer');
    answer = { choices: [...new Set([...letters].map((l) => l.charCodeAt(0) - 65))].sort((a, b) => a - b) };
  } else if (kind === 'truefalse') {
    const word = norm(typed);
    if (TRUE_WORDS.has(word)) answer = { truth: true };
    else if (FALSE_WORDS.has(word)) answer = { truth: false };
    else return refuse('answer', 'error.detail.training-question-answer');
  } else {
    const keywords = listOf(typed);
    if (keywords.length === 0) return refuse('answer', 'error.detail.training-question-answer');
    answer = { keywords };
  }

  let points: number | undefined;
  const p = cell('points').replace(/\s*(分|points?|pts?)$/i, '');
  if (p) {
    points = Number(p);
    if (!Number.isInteger(points) || points < 1 || points > 100)
      return refuse('points', 'training.questions.import.points');
  }

  const serviceIds: string[] = [];
  for (const name of listOf(cell('services'))) {
    const s =
      ctx.services.find((x) => x.name.trim() === name) ??
      ctx.services.find((x) => x.id.toLowerCase() === name.toLowerCase());
    if (!s) return refuse('serviceIds', 'training.questions.import.service', { value: name });
    serviceIds.push(s.id);
  }

  let level = 1;
  if (cell('level')) {
    const n = LEVEL_WORDS.get(norm(cell('level')));
    if (!n) return refuse('level', 'training.questions.import.level', { value: cell('level') });
    level = n;
  }

  return {
    row: row.number,
    question: {
      kind,
      stem: cell('stem'),
      options,
      answer,
      ...(points !== undefined ? { points } : {}),
      explanation: cell('explanation'),
      serviceIds: [...new Set(serviceIds)],
      skills: listOf(cell('skills')),
      level,
    },
  };
}

export type SheetRead =
  | { ok: true; questions: Array<{ row: number; question: QuestionInput }>; refused: Refusal[] }
  | { ok: false; reason: ConsoleKey; params?: Record<string, string> };

/**
 * A sheet's rows read as questions: the header found among its first rows, every row after it mapped
 * (empty ones skipped). Refused as a whole when no header names the kind and the stem, when there is no
 * question, or when there are more than `MAX_ROWS` (before anything is sent).
 */
export function readRows(rows: readonly SheetRow[], ctx: ImportContext): SheetRead {
  const at = rows.slice(0, 10).findIndex((r) => headerOf(r.cells));
  const header = at >= 0 ? headerOf((rows[at] as SheetRow).cells) : null;
  if (!header) return { ok: false, reason: 'training.questions.import.noHeader' };
  const mapped = rows
    .slice(at + 1)
    .map((r) => mapRow(r, header, ctx))
    .filter((m): m is Mapped => m !== null);
  if (mapped.length === 0) return { ok: false, reason: 'training.questions.import.noRows' };
  if (mapped.length > MAX_ROWS)
    return { ok: false, reason: 'training.questions.import.tooManyRows', params: { max: String(MAX_ROWS) } };
  return {
    ok: true,
    questions: mapped.filter((m): m is Extract<Mapped, { question: QuestionInput }> => 'question' in m),
    refused: mapped.filter((m): m is Extract<Mapped, { refusal: Refusal }> => 'refusal' in m).map((m) => m.refusal),
  };
}

/** A field as the column a person sees in the sheet. */
export const FIELD_COLUMN: Record<Field, ConsoleKey> = {
  kind: 'training.questions.col.kind',
  stem: 'training.questions.col.stem',
  options: 'training.questions.col.options',
  answer: 'training.questions.col.answer',
  points: 'training.questions.col.points',
  explanation: 'training.questions.col.explanation',
  serviceIds: 'training.questions.col.services',
  skills: 'training.questions.col.skills',
  level: 'training.questions.col.level',
  row: 'training.questions.import.wholeRow',
};

/** The cloud's name for a field as one of ours (anything else: the whole row). */
export const fieldOf = (name: string): Field => (name in FIELD_COLUMN ? (name as Field) : 'row');
