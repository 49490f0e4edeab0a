/**
 * The demo's training beyond the library, made through the cloud's API as the trainer, the administrator
 * and the clerks work (after the library and the KPI history exist):
 * - the story's sessions (training-story.ts): 南山's plan-change course on the story day with four clerks
 *   present and one absent, 福田's customer-care course two days earlier; a session two days ago whose
 *   attendees gave feedback; one under way now (its room code can be scanned from a phone); one next week;
 * - a question bank on plan changes and an exam for the story session's attendees, taken by them on their
 *   own accounts (one fails the first attempt and passes the second);
 * - the gap analysis of every hall and the measurement of the courses, as background jobs.
 * The clerks' accounts go to `training-accounts.json` with the trainer's.
 */
import { randomBytes } from 'node:crypto';
import { addDays } from '@hall/devices/calendar';
import { signInApi, type CloudApi } from '@hall/scripts/harness/cloud-api';
import { zonedEpoch } from '@hall/simulators';
import type { TrainingDemoAccount } from './training-demo.ts';
import { STORY } from './training-story.ts';

const TZ = 'Asia/Shanghai';

interface Choices {
  halls: Array<{ id: string; name: string }>;
  employees: Array<{ id: string; name: string; staffId: string; hallId: string }>;
}

/** Plan-change questions: the key in the bank's option order. */
const QUESTIONS = [
  {
    kind: 'single',
    stem: '客户办理套餐变更，第一步应当做什么？',
    options: ['核验身份与在网合约', '直接推荐最贵的套餐', '先收取变更手续费', '让客户自行在网上办理'],
    answer: { choices: [0] },
    explanation: '先核验后推荐：身份与合约决定能变更到哪些套餐。',
  },
  {
    kind: 'single',
    stem: '套餐变更默认的生效时间是？',
    options: ['当日立即生效', '次月一日', '次年一月', '由系统随机决定'],
    answer: { choices: [1] },
  },
  {
    kind: 'single',
    stem: '客户要求当月生效时，营业员必须？',
    options: ['拒绝办理', '请客户确认资费差额', '免收差额', '改为下月生效且不告知'],
    answer: { choices: [1] },
  },
  {
    kind: 'multiple',
    stem: '推荐套餐时应参考哪些信息？',
    options: ['近三个月通话用量', '近三个月流量用量', '客户的年龄', '在网合约'],
    answer: { choices: [0, 1, 3] },
  },
  {
    kind: 'multiple',
    stem: '以下哪些是套餐变更的常见问题，应备好标准答复？',
    options: ['合约期内降档', '副卡共享', '流量结转', '营业厅停车'],
    answer: { choices: [0, 1, 2] },
  },
  { kind: 'truefalse', stem: '合约期内的客户可以随时无条件降档。', answer: { truth: false } },
  { kind: 'truefalse', stem: '变更完成后应当场发送变更确认短信。', answer: { truth: true } },
  { kind: 'truefalse', stem: '“按用量推荐”按钮可以根据客户用量推荐套餐。', answer: { truth: true } },
  {
    kind: 'single',
    stem: '客户对次月账单有疑问，最合适的做法是？',
    options: ['提醒客户核对次月账单并留下回访电话', '告知与营业厅无关', '让客户拨打其他运营商电话', '不予理会'],
    answer: { choices: [0] },
  },
  {
    kind: 'short',
    stem: '请简述套餐变更办理的收尾步骤。',
    answer: { keywords: ['确认短信', '账单'] },
    explanation: '当场发送变更确认短信，并提醒客户核对次月账单。',
  },
  {
    kind: 'single',
    stem: '副卡共享流量的前提是？',
    options: ['主卡套餐支持共享', '副卡余额大于100元', '客户为老年人', '无任何前提'],
    answer: { choices: [0] },
  },
  { kind: 'truefalse', stem: '为节省时间，可以跳过身份核验。', answer: { truth: false } },
] as const;

type Item = { questionId: number; kind: string; stem: string; options: string[] };
type Attempt = { id: number; items: Item[]; result: { percent: number; passed: boolean } | null };

/** The right answer to an item as the paper shows it; `wrong` answers it wrongly. */
function answerOf(item: Item, wrong: boolean) {
  const q = QUESTIONS.find((x) => x.stem === item.stem);
  if (!q) return undefined;
  const key = q.answer as { choices?: readonly number[]; truth?: boolean; keywords?: readonly string[] };
  if (key.choices) {
    const right = key.choices.map((c) =>
      item.options.indexOf((q as { options: readonly string[] }).options[c] as string),
    );
    return { choices: wrong ? [item.options.findIndex((_, i) => !right.includes(i))] : right };
  }
  if (key.truth !== undefined) return { truth: wrong ? !key.truth : key.truth };
  return { text: wrong ? '不清楚' : `当场发送${key.keywords?.join('，提醒客户核对次月')}` };
}

const at = (day: string, hhmm: string) => new Date(zonedEpoch(day, hhmm, TZ)).toISOString();

export async function demoTrainingSessions(
  trainer: CloudApi,
  admin: CloudApi,
  o: { base: string; trainingDay: string; today: string; log: (line: string) => void },
): Promise<TrainingDemoAccount[]> {
  const units = await admin.get<Array<{ id: string; parentId: string | null; hallId: string | null }>>('org.tree');
  const unitOf = (hallId: string) => units.find((u) => u.hallId === hallId)?.id as string;
  const root = units.find((u) => u.parentId === null)?.id as string;
  const choices = await trainer.get<Choices>('training.inviteChoices', { orgUnitId: root });
  const emp = (hallId: string, staffId: string) =>
    choices.employees.find((e) => e.hallId === hallId && e.staffId === staffId)?.id as string;
  const find = async (q: string) =>
    (
      await trainer.get<{ rows: Array<{ seriesId: number; title: string }> }>('training.library', { q, limit: 5 })
    ).rows.find((r) => r.title === q)?.seriesId;

  // The story's course, in the library, and the sessions of the story.
  const { id: course } = await trainer.call<{ id: number }>('training.createMaterial', {
    kind: 'note',
    orgUnitId: root,
    ...STORY.effect.course,
  });
  const nsUnit = unitOf(STORY.effect.hallId);
  const story = STORY.effect.staffIds.map((s) => emp(STORY.effect.hallId, s)).filter(Boolean);
  const absent = emp(STORY.effect.hallId, 'E2005');
  const { id: storySession } = await trainer.call<{ id: number }>('training.scheduleSession', {
    title: STORY.effect.course.title,
    materialSeriesId: course,
    orgUnitId: nsUnit,
    hallId: STORY.effect.hallId,
    mode: 'classroom',
    place: '三楼培训室',
    startsAt: at(o.trainingDay, '14:00'),
    endsAt: at(o.trainingDay, '16:00'),
    employeeIds: [...story, ...(absent ? [absent] : [])],
  });
  for (const employeeId of story)
    await trainer.call('training.markAttendance', { sessionId: storySession, employeeId, status: 'present' });

  const careCourse = await find(STORY.noEffect.title);
  const careDay = addDays(o.trainingDay, -STORY.noEffect.daysEarlier);
  const care = STORY.noEffect.staffIds.map((s) => emp(STORY.noEffect.hallId, s)).filter(Boolean);
  const { id: careSession } = await trainer.call<{ id: number }>('training.scheduleSession', {
    title: STORY.noEffect.title,
    ...(careCourse ? { materialSeriesId: careCourse } : {}),
    orgUnitId: unitOf(STORY.noEffect.hallId),
    hallId: STORY.noEffect.hallId,
    mode: 'classroom',
    place: '二楼会议室',
    startsAt: at(careDay, '15:00'),
    endsAt: at(careDay, '16:30'),
    employeeIds: care,
  });
  for (const employeeId of care)
    await trainer.call('training.markAttendance', { sessionId: careSession, employeeId, status: 'present' });

  // The story's clerks get console accounts (as an administrator gives them) and take the exam.
  const accounts: TrainingDemoAccount[] = [];
  const clerks: Array<{ api: CloudApi; employeeId: string }> = [];
  for (const staffId of STORY.effect.staffIds) {
    const employeeId = emp(STORY.effect.hallId, staffId);
    if (!employeeId) continue;
    const username = `clerk-${staffId}`.toLowerCase();
    const password = `${randomBytes(9).toString('base64url')}-Aa1`;
    const name = choices.employees.find((e) => e.id === employeeId)?.name ?? staffId;
    const { userId } = await admin.call<{ userId: string }>('users.create', {
      orgUnitId: nsUnit,
      username,
      name,
      password,
      staffId,
    });
    await admin.call('users.grant', { orgUnitId: nsUnit, userId, role: 'staff' });
    await admin.call('staff.update', { employeeId, userId });
    accounts.push({ username, password, role: 'staff', unit: nsUnit });
    clerks.push({ api: await signInApi(o.base, { username, password }, { attempts: 5 }), employeeId });
  }

  // A session two days ago with feedback from those who came, one under way now, one next week.
  const recentDay = addDays(o.today, -2);
  const { id: recent } = await trainer.call<{ id: number }>('training.scheduleSession', {
    title: '防范电信诈骗提示口径（复训）',
    ...((await find('防范电信诈骗提示口径')) ? { materialSeriesId: await find('防范电信诈骗提示口径') } : {}),
    orgUnitId: nsUnit,
    hallId: STORY.effect.hallId,
    mode: 'classroom',
    place: '三楼培训室',
    startsAt: at(recentDay, '17:30'),
    endsAt: at(recentDay, '18:30'),
    employeeIds: clerks.map((c) => c.employeeId),
  });
  for (const c of clerks)
    await trainer.call('training.markAttendance', { sessionId: recent, employeeId: c.employeeId, status: 'present' });
  const comments = ['案例贴近日常，很实用', '', '希望多讲几个新型诈骗话术', ''];
  for (const [i, c] of clerks.entries())
    await c.api.call('training.giveFeedback', {
      sessionId: recent,
      courseScore: [5, 4, 5, 4][i] ?? 4,
      trainerScore: [5, 5, 4, 4][i] ?? 4,
      ...(comments[i] ? { comment: comments[i] } : {}),
    });
  const now = Date.now();
  const nsClerks = choices.employees.filter((e) => e.hallId === STORY.effect.hallId).slice(0, 6);
  await trainer.call('training.scheduleSession', {
    title: '5G换机季活动培训',
    ...((await find('5G换机季活动培训资料')) ? { materialSeriesId: await find('5G换机季活动培训资料') } : {}),
    orgUnitId: nsUnit,
    hallId: STORY.effect.hallId,
    mode: 'classroom',
    place: '三楼培训室',
    startsAt: new Date(now - 10 * 60_000).toISOString(),
    endsAt: new Date(now + 110 * 60_000).toISOString(),
    employeeIds: nsClerks.map((e) => e.id),
  });
  const central = units.find((u) => u.id === units.find((x) => x.hallId === STORY.noEffect.hallId)?.parentId)?.id;
  await trainer.call('training.scheduleSession', {
    title: '宽带新装预约流程',
    ...((await find('宽带新装预约流程')) ? { materialSeriesId: await find('宽带新装预约流程') } : {}),
    orgUnitId: central ?? root,
    mode: 'online',
    place: 'https://meeting.example.cn/broadband',
    startsAt: at(addDays(o.today, 7), '18:00'),
    endsAt: at(addDays(o.today, 7), '19:00'),
    employeeIds: choices.employees
      .filter((e) => e.hallId === STORY.noEffect.hallId)
      .slice(0, 5)
      .map((e) => e.id),
  });

  // The question bank and the exam after the story's session, taken on the clerks' accounts.
  const imported = await trainer.call<{ imported: number }>('training.importQuestions', {
    orgUnitId: root,
    rows: QUESTIONS.map((q) => ({ ...q, serviceIds: ['plan'], skills: ['套餐业务'] })),
  });
  const bank = await trainer.get<{ rows: Array<{ id: number }> }>('training.questions', { orgUnitId: root, limit: 50 });
  const { id: exam } = await trainer.call<{ id: number }>('training.createExam', {
    title: '套餐变更业务考试',
    orgUnitId: nsUnit,
    sessionId: storySession,
    serviceId: 'plan',
    questionIds: bank.rows.map((q) => q.id),
    drawCount: 8,
    timeLimitMinutes: 20,
    maxAttempts: 2,
    passPercent: 80,
    opensAt: at(addDays(o.trainingDay, 1), '09:00'),
  });
  for (const [i, c] of clerks.entries()) {
    // The fourth clerk misses four on the first try and passes on the second.
    for (const wrongs of i === 3 ? [4, 1] : [i % 2]) {
      const a = await c.api.call<Attempt>('training.startAttempt', { examId: exam });
      // Wrong on the first `wrongs` single-choice and true/false questions (2 and 1 points).
      const wrong = new Set(
        a.items
          .filter((item) => item.kind === 'single' || item.kind === 'truefalse')
          .slice(0, wrongs)
          .map((item) => item.questionId),
      );
      const answers = Object.fromEntries(
        a.items
          .map((item) => [String(item.questionId), answerOf(item, wrong.has(item.questionId))])
          .filter(([, v]) => v),
      );
      await c.api.call('training.submitAttempt', { attemptId: a.id, answers });
    }
  }

  // The gaps of every hall and the effect of the courses, as the weekly jobs would find them.
  for (const u of units.filter((x) => x.hallId))
    await trainer.call('training.suggestNow', { hallId: u.hallId as string });
  await trainer.call('training.measureNow', {});
  o.log(
    `training: 5 sessions (the story's on ${o.trainingDay}), ${imported.imported} questions, an exam taken by ${clerks.length} clerks; gaps and course effects queued`,
  );
  return accounts;
}
