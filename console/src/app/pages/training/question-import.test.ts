import { describe, expect, it } from 'vitest';
import { cellText, headerOf, listOf, MAX_ROWS, readRows, type SheetRow } from './question-import.ts';

const ZH = [
  '题型',
  '题干',
  '选项A',
  '选项B',
  '选项C',
  '选项D',
  '选项E',
  '选项F',
  '选项G',
  '选项H',
  '答案',
  '分值',
  '解析',
  '业务类型',
  '技能',
  '等级',
];
const EN = [
  'Kind',
  'Question',
  'Option A',
  'Option B',
  'Option C',
  'Option D',
  'Option E',
  'Option F',
  'Option G',
  'Option H',
  'Answer',
  'Points',
  'Explanation',
  'Business types',
  'Skills',
  'Level',
];
const ctx = {
  services: [
    { id: 'billing', name: '话费业务' },
    { id: 'sim', name: '办卡' },
  ],
};

/** A sheet: the header on row 1, then the rows given (by column title), numbered from 2. */
function sheet(header: string[], rows: Array<Record<string, string>>): SheetRow[] {
  return [
    { number: 1, cells: header },
    ...rows.map((r, i) => ({ number: i + 2, cells: header.map((h) => r[h] ?? '') })),
  ];
}

const questionsOf = (rows: SheetRow[]) => {
  const read = readRows(rows, ctx);
  if (!read.ok) throw new Error(read.reason);
  return read;
};

describe('an Excel sheet read as questions', () => {
  it('maps each kind: letters to choices, 对/错 and its kin to a truth, keywords split at ；;，,、', () => {
    const read = questionsOf(
      sheet(ZH, [
        {
          题型: '单选',
          题干: '携号转网须出示？',
          选项A: '身份证',
          选项B: '户口本',
          答案: 'a',
          分值: '2',
          业务类型: '办卡',
        },
        {
          题型: '多选题',
          题干: '开门前检查？',
          选项A: '海报',
          选项B: '生日',
          选项C: '叫号机',
          答案: 'A、C',
          技能: '形象规范、设备',
        },
        { 题型: '判断', 题干: '可以代办', 答案: '错误', 等级: '中级' },
        { 题型: '判断题', 题干: '须核验原件', 答案: '√', 解析: '本人原件' },
        {
          题型: '简答',
          题干: '办卡步骤',
          答案: '身份证；人像比对,签名、 录入',
          分值: '10分',
          业务类型: 'billing，办卡',
        },
      ]),
    );
    expect(read.refused).toEqual([]);
    expect(read.questions.map((q) => q.row)).toEqual([2, 3, 4, 5, 6]);
    const [single, multiple, no, yes, short] = read.questions.map((q) => q.question);
    expect(single).toMatchObject({
      kind: 'single',
      options: ['身份证', '户口本'],
      answer: { choices: [0] },
      points: 2,
      serviceIds: ['sim'],
      level: 1,
    });
    expect(multiple).toMatchObject({ kind: 'multiple', answer: { choices: [0, 2] }, skills: ['形象规范', '设备'] });
    expect(multiple).not.toHaveProperty('points');
    expect(no).toMatchObject({ kind: 'truefalse', options: [], answer: { truth: false }, level: 2 });
    expect(yes).toMatchObject({ answer: { truth: true }, explanation: '本人原件' });
    expect(short).toMatchObject({
      kind: 'short',
      answer: { keywords: ['身份证', '人像比对', '签名', '录入'] },
      points: 10,
      serviceIds: ['billing', 'sim'],
    });
  });

  it('reads true or false however it is written', () => {
    const truth = (answer: string) => {
      const read = readRows(sheet(ZH, [{ 题型: '判断', 题干: '陈述', 答案: answer }]), ctx);
      if (!read.ok) throw new Error(read.reason);
      return read.questions[0]?.question.answer ?? read.refused[0]?.field;
    };
    for (const a of ['对', '正确', '√', 'T', 'true', 'TRUE']) expect(truth(a)).toEqual({ truth: true });
    for (const a of ['错', '错误', '×', 'F', 'false', 'FALSE']) expect(truth(a)).toEqual({ truth: false });
    expect(truth('也许')).toBe('answer');
  });

  it('takes the template in English, the kind in English, a title row above the header', () => {
    const rows = sheet(EN, [
      {
        Kind: 'Multiple choice',
        Question: 'Checked before opening?',
        'Option A': 'Posters',
        'Option B': 'Birthdays',
        'Option C': 'Dispenser',
        Answer: 'AC',
        Level: 'Advanced',
      },
      { Kind: 'truefalse', Question: 'A copy will do', Answer: 'F' },
    ]).map((r) => ({ ...r, number: r.number + 1 }));
    const read = questionsOf([{ number: 1, cells: ['试题导入'] }, ...rows]);
    expect(read.questions.map((q) => [q.row, q.question.kind, q.question.answer])).toEqual([
      [3, 'multiple', { choices: [0, 2] }],
      [4, 'truefalse', { truth: false }],
    ]);
    expect(read.questions[0]?.question.level).toBe(3);
  });

  it('refuses a row by its sheet number and field; the good rows go on', () => {
    const read = questionsOf(
      sheet(ZH, [
        { 题型: '单选', 题干: '好题', 选项A: '甲', 选项B: '乙', 答案: 'B' },
        { 题型: '填空', 题干: '未知题型', 答案: '甲' },
        { 题型: '单选', 题干: '选项有空档', 选项A: '甲', 选项C: '丙', 答案: 'A' },
        { 题型: '单选', 题干: '答案不是字母', 选项A: '甲', 选项B: '乙', 答案: '甲' },
        { 题型: '简答', 题干: '没有关键词', 答案: '、，' },
        { 题型: '判断', 题干: '分值为零', 答案: '对', 分值: '0' },
        { 题型: '判断', 题干: '业务类型不存在', 答案: '对', 业务类型: '宽带业务' },
        { 题型: '判断', 题干: '等级不明', 答案: '对', 等级: '专家' },
        {},
        { 题型: '判断', 题干: '空行之后的好题', 答案: 'F' },
      ]),
    );
    expect(read.questions.map((q) => [q.row, q.question.stem])).toEqual([
      [2, '好题'],
      [11, '空行之后的好题'],
    ]);
    expect(read.refused.map((r) => [r.row, r.field, r.reason, r.params?.value])).toEqual([
      [3, 'kind', 'training.questions.import.kind', '填空'],
      [4, 'options', 'error.detail.training-question-options', undefined],
      [5, 'answer', 'error.detail.training-question-answer', undefined],
      [6, 'answer', 'error.detail.training-question-answer', undefined],
      [7, 'points', 'training.questions.import.points', undefined],
      [8, 'serviceIds', 'training.questions.import.service', '宽带业务'],
      [9, 'level', 'training.questions.import.level', '专家'],
    ]);
  });

  it('refuses a sheet without a header, without questions, or over the limit', () => {
    expect(readRows([{ number: 1, cells: ['姓名', '工号'] }], ctx)).toMatchObject({
      ok: false,
      reason: 'training.questions.import.noHeader',
    });
    expect(readRows(sheet(ZH, [{}, {}]), ctx)).toMatchObject({ ok: false, reason: 'training.questions.import.noRows' });
    const many = Array.from({ length: MAX_ROWS + 1 }, (_, i) => ({ 题型: '判断', 题干: `第${i}题`, 答案: '对' }));
    expect(readRows(sheet(ZH, many), ctx)).toMatchObject({
      ok: false,
      reason: 'training.questions.import.tooManyRows',
    });
    expect(readRows(sheet(ZH, many.slice(0, MAX_ROWS)), ctx).ok).toBe(true);
  });

  it('finds the columns by their titles in any order, full-width or with marks', () => {
    const h = headerOf(['答案', '题干＊', ' 题型 ', '选项 A', 'Option B']);
    expect(h && Object.fromEntries(h)).toEqual({ answer: 0, stem: 1, kind: 2, optionA: 3, optionB: 4 });
    expect(headerOf(['题干', '答案'])).toBeNull();
  });

  it('reads cells as a person sees them', () => {
    expect(cellText(' 对 ')).toBe('对');
    expect(cellText(10)).toBe('10');
    expect(cellText(true)).toBe('TRUE');
    expect(cellText({ richText: [{ text: '携号' }, { text: '转网' }] })).toBe('携号转网');
    expect(cellText({ formula: 'A1&B1', result: 'AC' })).toBe('AC');
    expect(cellText({ text: '链接', hyperlink: 'https://example.com' })).toBe('链接');
    expect(cellText(null)).toBe('');
    expect(cellText({ error: '#REF!' })).toBe('');
  });

  it('splits a list typed in one cell', () => {
    expect(listOf(' 甲；乙;丙，丁,戊、己\n庚 、、 ')).toEqual(['甲', '乙', '丙', '丁', '戊', '己', '庚']);
  });
});
