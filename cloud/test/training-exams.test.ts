/**
 * Exams as a trainer and clerks meet them: a question bank written and imported (a bad row refused as
 * that row, with its field and code, the good ones saved), an exam over a pool with randomized papers
 * (two clerks get different papers; the page never receives the key), answers saved as the clerk goes,
 * refused after the deadline, graded at submission or on what was saved once the deadline passed,
 * attempts limited, the key shown only when no attempt is left; the results in the KPI facts the skill
 * rules read; an exam after a session is for its attendees only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../src/modules/access/access.service.ts';
import { collectDay } from '../src/modules/performance/facts.collect.ts';
import { myAttempt, myExams, saveAnswers, startAttempt } from '../src/modules/training/exams.service.ts';
import { testDatabase } from './support/db.ts';
import { refusal, trainingOrg } from './support/training-org.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
let org: Awaited<ReturnType<typeof trainingOrg>>;
const MIN = 60_000;

beforeAll(async () => {
  db = await testDatabase();
  org = await trainingOrg(db.db);
});
afterAll(async () => {
  await db?.drop();
});

const user = (name: string) => org.users[name] as SessionUser;

/** Ten single-choice questions whose right option is named in the stem's number, a multiple, a true/false, a short answer. */
const ROWS = [
  ...Array.from({ length: 10 }, (_, i) => ({
    kind: 'single',
    stem: `第 ${i + 1} 题：办理携号转网前须核验什么？`,
    options: ['身份证原件', '工作证', '驾驶证', '学生证'],
    answer: { choices: [0] },
  })),
  {
    kind: 'multiple',
    stem: '哪些业务需要本人到场？',
    options: ['补办 SIM 卡', '查询话费', '过户', '充值'],
    answer: { choices: [0, 2] },
    points: 4,
  },
  { kind: 'truefalse', stem: '宣传海报可以张贴在消防通道。', answer: { truth: false } },
  {
    kind: 'short',
    stem: '客户投诉时首先应当怎么做？',
    answer: { keywords: ['倾听', '致歉'] },
    explanation: '先倾听，再致歉，然后给出方案。',
  },
];

describe('the question bank', () => {
  it('imports the good rows and refuses each bad row as that row, with its field and code', async () => {
    const bad = [
      { kind: 'single', stem: '两个答案的单选', options: ['甲', '乙', '丙'], answer: { choices: [0, 1] } },
      { kind: 'truefalse', stem: '判断题不设选项', options: ['对', '错'], answer: { truth: true } },
      { kind: 'essay', stem: '未知题型', answer: { keywords: ['x'] } },
      { kind: 'single', stem: '答案越界', options: ['甲', '乙'], answer: { choices: [5] } },
    ];
    const r = await org
      .as('trainer')
      .importQuestions({ orgUnitId: 'east', rows: [...ROWS.slice(0, 5), ...bad, ...ROWS.slice(5)] });
    expect(r.imported).toBe(ROWS.length);
    expect(r.refused).toEqual([
      { row: 6, field: 'answer', code: 'training-question-answer' },
      { row: 7, field: 'options', code: 'training-question-options' },
      { row: 8, field: 'kind', code: 'training-question-invalid' },
      { row: 9, field: 'answer', code: 'training-question-answer' },
    ]);
    const bank = await org.as('trainer').questions({ orgUnitId: 'east' });
    expect(bank.total).toBe(ROWS.length);
    // Points by kind when none is given.
    expect(bank.rows.find((q) => q.kind === 'truefalse')?.points).toBe(1);
    // The bank (with its keys) is its trainers': not the other region's trainer, not a hall manager.
    expect((await org.as('trainerS').questions({})).total).toBe(0);
    expect((await org.as('manager').questions({})).total).toBe(0);
    expect(await refusal(org.as('trainerS').importQuestions({ orgUnitId: 'east', rows: ROWS }))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('an exam on a phone', () => {
  let examId: number;
  let bank: Awaited<ReturnType<ReturnType<typeof org.as>['questions']>>['rows'];

  beforeAll(async () => {
    bank = (await org.as('trainer').questions({ orgUnitId: 'east', limit: 200 })).rows;
    ({ id: examId } = await org.as('trainer').createExam({
      title: '携号转网业务考试',
      orgUnitId: 'east',
      questionIds: bank.map((q) => q.id),
      drawCount: 8,
      timeLimitMinutes: 20,
      maxAttempts: 2,
      passPercent: 60,
      opensAt: new Date(Date.now() - 60 * MIN).toISOString(),
    }));
  });

  /** The right answer to an item as the paper shows it (the test reads the bank; the page never can). */
  const rightAnswer = (item: { questionId: number; kind: string; options: string[] }) => {
    const q = bank.find((b) => b.id === item.questionId);
    if (!q) throw new Error('not in the bank');
    const key = q.answer;
    if ('choices' in key) return { choices: key.choices.map((c) => item.options.indexOf(q.options[c] as string)) };
    if ('truth' in key) return { truth: key.truth };
    return { text: `先${key.keywords.join('，再')}` };
  };

  it('draws each clerk a paper of the pool in its own order, without the key', async () => {
    const a = await startAttempt(db.db, user('e1'), examId);
    const b = await startAttempt(db.db, user('e2'), examId);
    expect(a.items).toHaveLength(8);
    expect(new Set(a.items.map((i) => i.questionId)).size).toBe(8);
    expect(a.items.map((i) => i.questionId)).not.toEqual(b.items.map((i) => i.questionId));
    expect(JSON.stringify(a)).not.toMatch(/"(answer|key|keywords|choices)"/);
    // Starting again resumes the same attempt (a reload, a second tap).
    const again = await startAttempt(db.db, user('e1'), examId);
    expect(again.id).toBe(a.id);
    expect(again.items).toEqual(a.items);
    // A clerk of the south region is not among its takers.
    expect(await refusal(startAttempt(db.db, user('e4'), examId))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps answers as the clerk goes, grades the submission on the server, and hides the key while an attempt is left', async () => {
    const a = await startAttempt(db.db, user('e1'), examId);
    const answers = Object.fromEntries(a.items.map((i) => [String(i.questionId), rightAnswer(i)]));
    // All right but the first: answered with a wrong option.
    const first = a.items[0] as (typeof a.items)[number];
    const firstRight = rightAnswer(first);
    answers[String(first.questionId)] =
      'choices' in firstRight
        ? { choices: [[0, 1, 2, 3].find((p) => !(firstRight.choices ?? []).includes(p)) as number] }
        : 'truth' in firstRight
          ? { truth: !firstRight.truth }
          : { text: '不知道' };
    await org.as('e1').saveAnswers({ attemptId: a.id, answers });
    // A reload finds them kept.
    expect((await org.as('e1').myAttempt({ attemptId: a.id })).answers).toEqual(answers);
    // An answer to a question not on the paper, or of the wrong kind, is refused.
    const other = bank.find((q) => !a.items.some((i) => i.questionId === q.id)) as (typeof bank)[number];
    expect(
      await refusal(org.as('e1').saveAnswers({ attemptId: a.id, answers: { [String(other.id)]: { truth: true } } })),
    ).toMatchObject({ detail: 'training-answer-invalid', field: 'answers' });
    // Someone else's attempt does not exist for them.
    expect(await refusal(org.as('e2').myAttempt({ attemptId: a.id }))).toMatchObject({ code: 'NOT_FOUND' });

    const result = await org.as('e1').submitAttempt({ attemptId: a.id });
    const max = a.items.reduce((s, i) => s + i.points, 0);
    expect(result.result).toMatchObject({ passed: true, maxPoints: max, revealed: false });
    expect(result.result?.earned).toBe(max - first.points);
    expect(result.items[0]).toMatchObject({ right: false, earned: 0 });
    expect(result.items.slice(1).every((i) => i.right)).toBe(true);
    // One attempt is left: the key stays hidden.
    expect(JSON.stringify(result.items)).not.toMatch(/"key"/);
    // Submitting again changes nothing; answers are no longer taken.
    expect((await org.as('e1').submitAttempt({ attemptId: a.id })).result).toEqual(result.result);
    expect(await refusal(org.as('e1').saveAnswers({ attemptId: a.id, answers: {} }))).toMatchObject({
      detail: 'training-attempt-closed',
    });
  });

  it('takes no answer after the deadline, grades what was saved, and after the last attempt shows the key', async () => {
    const now = new Date();
    const b = await startAttempt(db.db, user('e2'), examId, now);
    const one = b.items[0] as (typeof b.items)[number];
    await saveAnswers(db.db, user('e2'), b.id, { [String(one.questionId)]: rightAnswer(one) }, now);
    const late = new Date(now.getTime() + 21 * MIN);
    expect(
      await refusal(saveAnswers(db.db, user('e2'), b.id, { [String(one.questionId)]: rightAnswer(one) }, late)),
    ).toMatchObject({ detail: 'training-attempt-closed' });
    // Never submitted: graded on what was saved when read after the deadline.
    const graded = await myAttempt(db.db, user('e2'), b.id, late);
    expect(graded.submittedAt).toEqual(graded.deadlineAt);
    expect(graded.result).toMatchObject({ earned: one.points, passed: false });

    // The second and last attempt: a new paper; afterwards the key and explanations are shown.
    const c = await startAttempt(db.db, user('e2'), examId, late);
    expect(c.id).not.toBe(b.id);
    expect(c.attemptNo).toBe(2);
    const answers = Object.fromEntries(c.items.map((i) => [String(i.questionId), rightAnswer(i)]));
    const done = await org.as('e2').submitAttempt({ attemptId: c.id, answers });
    expect(done.result).toMatchObject({ percent: 100, passed: true, revealed: true });
    expect(done.items.every((i) => 'key' in i)).toBe(true);
    const choice = done.items.find((i) => i.kind === 'single');
    if (choice && 'key' in choice) expect(choice.key).toEqual(answers[String(choice.questionId)]);
    expect(await refusal(startAttempt(db.db, user('e2'), examId, late))).toMatchObject({
      detail: 'training-exam-attempts',
    });

    const mine = (await org.as('e2').myExams()).find((x) => x.id === examId);
    expect(mine).toMatchObject({ used: 2, passed: true, canStart: false, best: { percent: 100 } });
  });

  it('counts in the KPI facts of the day: exams taken, score sum, passes — per clerk and for the hall', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const facts = await collectDay(db.db, { id: 'H1', timeZone: 'Asia/Shanghai' }, today);
    const of = (id: string) => facts.find((f) => f.subjectId === id)?.facts;
    // e1: one attempt passed; e2: the expired attempt (failed) and a pass at 100.
    expect(of('e1')).toMatchObject({ exams: 1, exams_passed: 1 });
    expect(of('e2')).toMatchObject({ exams: 2, exams_passed: 1 });
    expect(of('e2')?.exam_score_sum).toBeGreaterThan(100);
    expect(of('H1')).toMatchObject({ exams: 3, exams_passed: 2 });
  });

  it('shows the trainer each clerk’s attempts and how often each question was answered right', async () => {
    const r = await org.as('trainer').examResults({ examId });
    expect(r.attempts.map((a) => [a.name, a.attemptNo, a.passed]).sort()).toEqual([
      ['张伟', 1, true],
      ['李娜', 1, false],
      ['李娜', 2, true],
    ]);
    const asked = r.questions.reduce((s, q) => s + q.asked, 0);
    expect(asked).toBe(24);
    const list = await org.as('manager').exams();
    // A region's exam is above the hall manager's unit: theirs is the hall's list.
    expect(list.find((x) => x.id === examId)).toBeUndefined();
    const mine = await org.as('trainer').exams();
    expect(mine.find((x) => x.id === examId)).toMatchObject({ takers: 2, passed: 2 });
  });
});

describe('changing a question already asked', () => {
  it('writes a new question for the pools and keeps the old one for the papers that asked it', async () => {
    const exam = (await org.as('trainer').exams()).find((x) => x.title === '携号转网业务考试');
    const results = await org.as('trainer').examResults({ examId: exam?.id as number });
    const asked = results.questions.find((q) => q.asked > 0) as (typeof results.questions)[number];
    const bank = (await org.as('trainer').questions({ orgUnitId: 'east', limit: 200 })).rows;
    const before = bank.find((q) => q.id === asked.id) as (typeof bank)[number];
    const { id } = await org.as('trainer').saveQuestion({
      id: asked.id,
      orgUnitId: 'east',
      question: {
        kind: before.kind,
        stem: `${before.stem}（修订）`,
        options: before.options,
        answer: before.answer,
        points: before.points,
      },
    });
    expect(id).not.toBe(asked.id);
    const pool = (await org.as('trainer').exams()).find((x) => x.id === exam?.id)?.questionIds ?? [];
    expect(pool).toContain(id);
    expect(pool).not.toContain(asked.id);
    const archived = (await org.as('trainer').questions({ orgUnitId: 'east', archived: true })).rows;
    expect(archived.map((q) => q.id)).toContain(asked.id);
    // A paper that asked it still shows it as it was asked.
    let shown: string | undefined;
    for (const a of results.attempts.filter((x) => x.percent !== null)) {
      const review = await org.as(a.employeeId).myAttempt({ attemptId: a.id });
      shown ??= review.items.find((i) => i.questionId === asked.id)?.stem;
    }
    expect(shown).toBe(before.stem);
    // A question never asked is changed in place.
    const unasked = await org.as('trainer').saveQuestion({
      orgUnitId: 'east',
      question: { kind: 'truefalse', stem: '新题', answer: { truth: true } },
    });
    const same = await org.as('trainer').saveQuestion({
      id: unasked.id,
      orgUnitId: 'east',
      question: { kind: 'truefalse', stem: '新题（改）', answer: { truth: false } },
    });
    expect(same.id).toBe(unasked.id);
  });
});

describe('an exam after a session', () => {
  it('is for the session’s attendees only (not one excused)', async () => {
    const start = new Date(Date.now() + 86_400_000);
    const { id: sessionId } = await org.as('trainer').scheduleSession({
      title: '投诉处理',
      orgUnitId: 'east',
      mode: 'online',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 60 * MIN).toISOString(),
      employeeIds: ['e1', 'e3'],
    });
    await org.as('trainer').markAttendance({ sessionId, employeeId: 'e3', status: 'excused' });
    const bank = (await org.as('trainer').questions({ orgUnitId: 'east', kind: 'single' })).rows;
    const { id: examId } = await org.as('trainer').createExam({
      title: '投诉处理考试',
      orgUnitId: 'east',
      sessionId,
      questionIds: bank.slice(0, 3).map((q) => q.id),
      drawCount: 3,
      timeLimitMinutes: 10,
      maxAttempts: 1,
      passPercent: 60,
      opensAt: new Date(Date.now() - MIN).toISOString(),
    });
    expect((await myExams(db.db, user('e1'))).some((x) => x.id === examId)).toBe(true);
    expect((await myExams(db.db, user('e2'))).some((x) => x.id === examId)).toBe(false);
    expect((await myExams(db.db, user('e3'))).some((x) => x.id === examId)).toBe(false);
    expect(
      await refusal(
        org.as('trainer').createExam({
          title: '题太多',
          orgUnitId: 'east',
          questionIds: bank.slice(0, 3).map((q) => q.id),
          drawCount: 4,
          timeLimitMinutes: 10,
          maxAttempts: 1,
          passPercent: 60,
          opensAt: new Date().toISOString(),
        }),
      ),
    ).toMatchObject({ detail: 'training-exam-draw', field: 'drawCount' });
  });
});
