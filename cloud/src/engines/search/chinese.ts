/**
 * Chinese (and mixed Chinese/Latin) full-text search without a database extension. PostgreSQL's parser
 * keeps a run of Chinese characters as one token and pg_trgm drops them on a `C`-ctype cluster, so the
 * words are cut here, with jieba (`@node-rs/jieba`), both when a text is saved and when it is searched:
 * - `indexWords`: a text's words in search mode (a long word also as its parts: 营业厅 → 营业, 营业厅),
 *   lower-cased, punctuation and stop words dropped, space-separated — what `to_tsvector('simple', …)`
 *   stores; it then works the same on PGlite and on PostgreSQL whatever the collation.
 * - `queryWords` / `tsQuery`: a query's words (accurate mode: 宣传海报 → 宣传, 海报), every one required,
 *   each also as a prefix (海 finds 海报), optionally restricted to a weight (A: titles).
 * - `highlight`: the part of a text around the first hit, split into plain and hit pieces (the page marks
 *   the hits; no HTML is made here, so nothing of a document can run in the page).
 * No database here: the module's repository stores and queries the words.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/** Text indexed per document (characters): a longer text's rest is not searchable. */
export const MAX_INDEX_CHARS = 200_000;
/** Characters of a query; words of a query. */
export const MAX_QUERY_CHARS = 100;
export const MAX_QUERY_WORDS = 12;

let jieba: Jieba | null = null;
/** The dictionary is loaded once per process, on first use (about 0.3 s). */
const cutter = () => (jieba ??= Jieba.withDict(dict));

/** A word worth indexing: it holds a letter or a digit of any script. */
const WORDLIKE = /[\p{L}\p{N}]/u;
/** Words too common to narrow a search (a query requires every word, so these would only lose hits). */
const STOP = new Set([
  '的',
  '了',
  '和',
  '与',
  '及',
  '或',
  '在',
  '是',
  '等',
  '之',
  '其',
  '对',
  '把',
  '被',
  'the',
  'a',
  'an',
  'of',
  'and',
  'or',
  'to',
  'in',
]);

const clean = (words: readonly string[]) =>
  words.map((w) => w.trim().toLowerCase()).filter((w) => w && WORDLIKE.test(w) && !STOP.has(w));

/** A text's words for the index, space-separated (search mode: long words also as their parts). */
export function indexWords(text: string, maxChars = MAX_INDEX_CHARS): string {
  if (!text) return '';
  return clean(cutter().cutForSearch(text.slice(0, maxChars), true)).join(' ');
}

/** A query's words (accurate mode), at most MAX_QUERY_WORDS, each once. */
export function queryWords(query: string): string[] {
  const words = clean(cutter().cut(query.slice(0, MAX_QUERY_CHARS), true));
  return [...new Set(words)].slice(0, MAX_QUERY_WORDS);
}

/** A word as a tsquery lexeme: quoted, quotes and backslashes escaped. */
const lexeme = (w: string) => `'${w.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * The text of a `to_tsquery('simple', …)` requiring every word, each as a prefix; with `weight`, only in
 * lexemes of that weight (A: the title). Null when the query has no searchable word.
 */
export function tsQuery(words: readonly string[], weight?: 'A' | 'B' | 'C' | 'D'): string | null {
  if (words.length === 0) return null;
  return words.map((w) => `${lexeme(w)}:*${weight ?? ''}`).join(' & ');
}

export interface Piece {
  text: string;
  hit: boolean;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The part of `text` around its first hit of any of `words` (about `width` characters, cut at the
 * text's ends), as pieces with the hits marked; the text's beginning when nothing matches.
 */
export function highlight(text: string, words: readonly string[], width = 120): Piece[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  const terms = [...words].filter(Boolean).sort((a, b) => b.length - a.length);
  if (terms.length === 0) return flat ? [{ text: flat.slice(0, width), hit: false }] : [];
  const re = new RegExp(terms.map(escapeRe).join('|'), 'giu');
  const first = flat.search(re);
  const from = first < 0 ? 0 : Math.max(0, first - Math.floor(width / 3));
  const to = Math.min(flat.length, from + width);
  const part = flat.slice(from, to);
  const pieces: Piece[] = [];
  if (from > 0) pieces.push({ text: '…', hit: false });
  let at = 0;
  for (const m of part.matchAll(re)) {
    if (m.index > at) pieces.push({ text: part.slice(at, m.index), hit: false });
    pieces.push({ text: m[0], hit: true });
    at = m.index + m[0].length;
  }
  if (at < part.length) pieces.push({ text: part.slice(at), hit: false });
  if (to < flat.length) pieces.push({ text: '…', hit: false });
  return pieces;
}
