import { describe, expect, it } from 'vitest';
import { joinWrapped } from './pdf-text.ts';

describe("a PDF's lines", () => {
  it('joins Chinese lines a page broke, keeps a heading and a Latin line on their own', () => {
    const text = [
      '第三章 营业厅环境',
      '宣传海报应张贴在营业厅入口两侧，活动结束后三日内撤下过期宣',
      '传海报，交回仓库。',
      'Chapter 4',
      '考试要求',
    ].join('\n');
    expect(joinWrapped(text)).toBe(
      [
        '第三章 营业厅环境',
        '宣传海报应张贴在营业厅入口两侧，活动结束后三日内撤下过期宣传海报，交回仓库。',
        'Chapter 4',
        '考试要求',
      ].join('\n'),
    );
  });
});
