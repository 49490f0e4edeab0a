import { describe, expect, it } from 'vitest';
import { type BankQuestion, drawPaper, fold, gradePaper, type GivenAnswer, type PaperItem } from './paper.ts';

const bank: BankQuestion[] = Array.from({ length: 30 }, (_, i) => ({
  id: i + 1,
  kind: 'single',
  options: ['甲', '乙', '丙', '丁'],
  key: { choices: [i % 4] },
  points: 2,
}));

const position = (item: PaperItem, bankOption: number) => item.order.indexOf(bankOption);

describe('drawing a paper', () => {
  it('draws distinct questions of the pool, the same paper for the same seed and another for another seed', () => {
    const a = drawPaper(bank, 10, 42);
    expect(new Set(a.map((i) => i.questionId)).size).toBe(10);
    expect(a.every((i) => i.questionId >= 1 && i.questionId <= 30)).toBe(true);
    expect(drawPaper(bank, 10, 42)).toEqual(a);
    const b = drawPaper(bank, 10, 43);
    expect(b.map((i) => i.questionId)).not.toEqual(a.map((i) => i.questionId));
  });

  it('spreads the questions: over many seeds every question of the pool is drawn about as often', () => {
    const seen = new Map<number, number>();
    for (let seed = 1; seed <= 600; seed++)
      for (const i of drawPaper(bank, 10, seed)) seen.set(i.questionId, (seen.get(i.questionId) ?? 0) + 1);
    // 600 papers × 10 of 30 → 200 each expected; a fair draw stays well within ±30%.
    expect(seen.size).toBe(30);
    expect(Math.min(...seen.values())).toBeGreaterThan(140);
    expect(Math.max(...seen.values())).toBeLessThan(260);
  });

  it('shuffles choice options (a permutation each) and keeps true/false in order', () => {
    const tf: BankQuestion = { id: 99, kind: 'truefalse', options: [], key: { truth: true }, points: 1 };
    const papers = Array.from({ length: 50 }, (_, s) => drawPaper([...bank.slice(0, 5), tf], 6, s));
    for (const p of papers)
      for (const i of p) {
        if (i.questionId === 99) expect(i.order).toEqual([]);
        else expect([...i.order].sort()).toEqual([0, 1, 2, 3]);
      }
    const orders = new Set(papers.flatMap((p) => p.filter((i) => i.questionId === 1).map((i) => i.order.join())));
    expect(orders.size).toBeGreaterThan(5);
  });

  it('refuses a paper longer than its pool', () => {
    expect(() => drawPaper(bank, 31, 1)).toThrow(RangeError);
    expect(() => drawPaper(bank, 0, 1)).toThrow(/count/);
  });
});

describe('grading', () => {
  const multi: BankQuestion = {
    id: 101,
    kind: 'multiple',
    options: ['A', 'B', 'C', 'D'],
    key: { choices: [0, 2] },
    points: 4,
  };
  const tf: BankQuestion = { id: 102, kind: 'truefalse', options: [], key: { truth: false }, points: 2 };
  const short: BankQuestion = {
    id: 103,
    kind: 'short',
    options: [],
    key: { keywords: ['身份证', '原件', '本人'] },
    points: 6,
  };
  const single = bank[0] as BankQuestion; // right: option 0
  const all = new Map([single, multi, tf, short].map((q) => [q.id, q]));
  const paper = drawPaper([single, multi, tf, short], 4, 7);
  const item = (id: number) => paper.find((i) => i.questionId === id) as PaperItem;

  it('maps the positions shown back to the bank: a right paper earns full marks and passes', () => {
    const answers = new Map<number, GivenAnswer>([
      [single.id, { choices: [position(item(single.id), 0)] }],
      [multi.id, { choices: [position(item(multi.id), 2), position(item(multi.id), 0)] }],
      [tf.id, { truth: false }],
      [short.id, { text: '请本人携带 身份证 原件办理' }],
    ]);
    const g = gradePaper(paper, all, answers, 60);
    expect(g).toMatchObject({ earned: 14, max: 14, percent: 100, passed: true });
    expect(g.items.every((i) => i.right)).toBe(true);
  });

  it('gives half for a right subset of a multiple choice, nothing with a wrong one, nothing for the shown position of a wrong option', () => {
    const subset = gradePaper(paper, all, new Map([[multi.id, { choices: [position(item(multi.id), 0)] }]]), 60);
    expect(subset.items.find((i) => i.questionId === multi.id)).toMatchObject({ earned: 2, right: false });
    const withWrong = gradePaper(
      paper,
      all,
      new Map([[multi.id, { choices: [position(item(multi.id), 0), position(item(multi.id), 1)] }]]),
      60,
    );
    expect(withWrong.items.find((i) => i.questionId === multi.id)?.earned).toBe(0);
    // Answering "the first option shown" is right only when the first shown is the bank's right one.
    const first = gradePaper(paper, all, new Map([[single.id, { choices: [0] }]]), 60);
    expect(first.items.find((i) => i.questionId === single.id)?.right).toBe(item(single.id).order[0] === 0);
  });

  it('grades a short answer by its keywords (full-width and spaces folded), and fails under the pass mark', () => {
    const g = gradePaper(paper, all, new Map([[short.id, { text: '需要ＩＤ和 身份 证' }]]), 60);
    expect(g.items.find((i) => i.questionId === short.id)).toMatchObject({ earned: 2, right: false });
    expect(fold('身份 证 ＡＢ')).toBe('身份证ab');
    expect(g.passed).toBe(false);
    expect(g.percent).toBe(Math.round((2 / 14) * 1000) / 10);
  });

  it('earns nothing for a missing or malformed answer (positions out of range, the wrong kind)', () => {
    const g = gradePaper(
      paper,
      all,
      new Map<number, GivenAnswer>([
        [single.id, { choices: [9, -1] }],
        [tf.id, { text: 'false' }],
      ]),
      0,
    );
    expect(g.earned).toBe(0);
    expect(g.passed).toBe(true); // a pass mark of 0 is reached by anyone
  });
});
