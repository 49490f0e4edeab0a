import { describe, expect, it } from 'vitest';
import { highlight, indexWords, queryWords, tsQuery } from './chinese.ts';

describe('Chinese words for search', () => {
  it('cuts a title into words and their parts, so a query for two of them finds it', () => {
    const words = indexWords('营业厅宣传海报张贴规范').split(' ');
    expect(words).toEqual(expect.arrayContaining(['营业厅', '营业', '宣传', '海报', '张贴', '规范']));
    expect(queryWords('宣传海报')).toEqual(['宣传', '海报']);
  });

  it('drops punctuation and stop words, lower-cases Latin, keeps numbers with their letters', () => {
    expect(indexWords('《5G套餐》的办理流程：SIM卡！').split(' ')).toEqual(['5g', '套餐', '办理', '流程', 'sim卡']);
    expect(queryWords('海报的张贴')).toEqual(['海报', '张贴']);
    expect(queryWords('  ，。！ ')).toEqual([]);
  });

  it('makes a tsquery requiring every word as a prefix, quotes escaped, optionally in titles only', () => {
    expect(tsQuery(['宣传', '海'])).toBe("'宣传':* & '海':*");
    expect(tsQuery(['宣传'], 'A')).toBe("'宣传':*A");
    expect(tsQuery(["o'neil", 'a\\b'])).toBe("'o''neil':* & 'a\\\\b':*");
    expect(tsQuery([])).toBeNull();
  });

  it('marks every hit in the part of a text around the first one', () => {
    const text = `${'前言'.repeat(60)}宣传海报应张贴在入口两侧，海报每月更换。${'附录'.repeat(60)}`;
    const pieces = highlight(text, ['宣传', '海报'], 60);
    expect(pieces[0]).toEqual({ text: '…', hit: false });
    expect(pieces.at(-1)).toEqual({ text: '…', hit: false });
    expect(pieces.filter((p) => p.hit).map((p) => p.text)).toEqual(['宣传', '海报', '海报']);
    expect(pieces.map((p) => p.text).join('')).toContain('宣传海报应张贴在入口两侧');
    // Nothing found: the beginning, unmarked.
    expect(highlight('没有命中的正文', ['海报'])).toEqual([{ text: '没有命中的正文', hit: false }]);
    // Latin hits whatever their case.
    expect(highlight('Use the SIM pack', ['sim']).filter((p) => p.hit)).toEqual([{ text: 'SIM', hit: true }]);
  });
});
