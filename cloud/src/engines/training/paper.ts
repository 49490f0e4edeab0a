/**
 * Exam papers: drawn at random from an exam's question pool, graded against the bank's answers.
 *
 * - A paper is `count` questions drawn from the pool without repetition (a partial Fisher–Yates shuffle on
 *   a seeded xoroshiro128+ stream), in a random order, each choice question's options in a random order
 *   too: two clerks side by side see different papers, and the same seed gives the same paper (a test, a
 *   reprint). The paper stores the order it showed; answers come back as the positions shown and are
 *   mapped back to the bank's options here, so the page never holds the key.
 * - Grading: single choice and true/false all or nothing; multiple choice the whole set for full points,
 *   a right subset without a wrong choice for half (the usual rule of Chinese staff exams, 少选得一半),
 *   anything with a wrong choice nothing; a short answer by its keywords: the share of the bank's
 *   keywords found in the answer (after NFKC, case and white space folded), rounded to half points.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export const QUESTION_KINDS = ['single', 'multiple', 'truefalse', 'short'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** The key of a question: the right options (bank order), the truth of a statement, or keywords. */
export type AnswerKey = { choices: number[] } | { truth: boolean } | { keywords: string[] };

export interface BankQuestion {
  id: number;
  kind: QuestionKind;
  /** Choice questions' options in the bank's order; empty otherwise. */
  options: readonly string[];
  key: AnswerKey;
  points: number;
}

/** One question of a paper: which, and for a choice question the bank's option shown at each position. */
export interface PaperItem {
  questionId: number;
  order: number[];
}

/** A clerk's answer to one item, as shown: positions chosen, true/false, or text. */
export type GivenAnswer = { choices: number[] } | { truth: boolean } | { text: string };

export interface ItemGrade {
  questionId: number;
  points: number;
  earned: number;
  /** Right in full (what the clerk's review page marks). */
  right: boolean;
}

export interface PaperGrade {
  items: ItemGrade[];
  earned: number;
  max: number;
  /** Earned as a percentage of the paper's maximum, one decimal. */
  percent: number;
  passed: boolean;
}

/** A paper's questions at most (and a pool's at most, for the shuffle's bound). */
export const MAX_PAPER = 200;
export const MAX_POOL = 2_000;
/** A short answer's text at most (characters) before it is graded. */
export const MAX_ANSWER_CHARS = 2_000;

/** Draws a paper: `count` distinct questions of the pool in random order, options shuffled. */
export function drawPaper(pool: readonly BankQuestion[], count: number, seed: number): PaperItem[] {
  if (pool.length > MAX_POOL) throw new RangeError(`pool: at most ${MAX_POOL} questions`);
  if (!Number.isInteger(count) || count < 1 || count > Math.min(MAX_PAPER, pool.length))
    throw new RangeError(`count: between 1 and the pool's ${Math.min(MAX_PAPER, pool.length)} questions`);
  const rng = xoroshiro128plus(seed | 0);
  const picked = [...pool];
  for (let i = 0; i < count; i++) {
    const j = uniformInt(rng, i, picked.length - 1);
    [picked[i], picked[j]] = [picked[j] as BankQuestion, picked[i] as BankQuestion];
  }
  return picked.slice(0, count).map((q) => {
    const order = q.options.map((_, i) => i);
    // A true/false question has no options to shuffle; neither has a short answer.
    if (q.kind === 'single' || q.kind === 'multiple')
      for (let i = order.length - 1; i > 0; i--) {
        const j = uniformInt(rng, 0, i);
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
    return { questionId: q.id, order };
  });
}

/** Folds a text for keyword matching: NFKC (full-width → half-width), lower case, no white space. */
export const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

const halves = (x: number) => Math.round(x * 2) / 2;

/** Grades one item; a missing or malformed answer earns nothing. */
export function gradeItem(q: BankQuestion, item: PaperItem, given: GivenAnswer | undefined): ItemGrade {
  const zero = { questionId: q.id, points: q.points, earned: 0, right: false };
  if (!given) return zero;
  const key = q.key;
  if ('choices' in key) {
    if (!('choices' in given)) return zero;
    // Positions shown → the bank's options; positions out of range are ignored, repeats counted once.
    const chosen = new Set(
      given.choices.filter((p) => Number.isInteger(p) && p >= 0 && p < item.order.length).map((p) => item.order[p]),
    );
    const right = new Set(key.choices);
    const wrong = [...chosen].some((c) => !right.has(c as number));
    if (wrong || chosen.size === 0) return zero;
    if (chosen.size === right.size) return { ...zero, earned: q.points, right: true };
    return q.kind === 'multiple' ? { ...zero, earned: halves(q.points / 2) } : zero;
  }
  if ('truth' in key) {
    if (!('truth' in given)) return zero;
    return given.truth === key.truth ? { ...zero, earned: q.points, right: true } : zero;
  }
  if (!('text' in given)) return zero;
  const text = fold(given.text.slice(0, MAX_ANSWER_CHARS));
  const words = key.keywords.map(fold).filter(Boolean);
  if (words.length === 0) return zero;
  const found = words.filter((w) => text.includes(w)).length;
  const earned = halves((q.points * found) / words.length);
  return { ...zero, earned, right: found === words.length };
}

/** Grades a paper: each item, the total, the percentage and whether it reaches the pass mark (percent). */
export function gradePaper(
  paper: readonly PaperItem[],
  bank: ReadonlyMap<number, BankQuestion>,
  answers: ReadonlyMap<number, GivenAnswer>,
  passPercent: number,
): PaperGrade {
  const items: ItemGrade[] = [];
  for (const item of paper) {
    const q = bank.get(item.questionId);
    // A question removed from the bank since the paper was drawn still counts as asked: graded on its key
    // (the caller passes archived questions too); one missing entirely counts for nothing either way.
    if (!q) continue;
    items.push(gradeItem(q, item, answers.get(item.questionId)));
  }
  const earned = items.reduce((a, i) => a + i.earned, 0);
  const max = items.reduce((a, i) => a + i.points, 0);
  const percent = max > 0 ? Math.round((earned / max) * 1000) / 10 : 0;
  return { items, earned, max, percent, passed: max > 0 && percent >= passPercent };
}
