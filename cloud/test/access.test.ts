/**
 * Access control, generated from the router itself: every procedure declares its permission; for every
 * procedure × role × org scope the call is allowed exactly when the role's permission and the grant's
 * org subtree allow it (a hall manager of hall A cannot read hall B; staff see only themselves). Plus the
 * session rules over real HTTP: cookie, CSRF, lockout, password policy, and the audit entries.
 */
import { TRPCError } from '@trpc/server';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/app.router.ts';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import {
  addAdministrator,
  createUser,
  ensureHallUnit,
  sessionUser,
  openSession,
  type SessionUser,
} from '../src/modules/access/access.service.ts';
import { DEFAULT_LOGIN_LIMITS, LoginGuard } from '../src/modules/access/login-guard.ts';
import { roleAllows, ROLES, type Permission, type Role } from '../src/modules/access/permissions.ts';
import { DEFAULT_KPIS } from '../src/modules/performance/defaults.ts';
import { registerHall } from '../src/modules/halls/halls.service.ts';
import { staffRepository } from '../src/modules/staff/staff.repository.ts';
import { SecretGate } from '@hall/devices/secrets';
import { startCloudServer, type CloudServer } from '../src/server.ts';
import { createCallerFactory, type CloudContext } from '../src/trpc.ts';
import { testDatabase } from './support/db.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
const users: Record<string, SessionUser> = {};
const clerks: Record<'A' | 'C', string> = { A: '', C: '' };
/** Where each role is granted in the matrix. */
const grantAt: Record<Role, string> = {
  administrator: 'hq',
  region_manager: 'region-n',
  hall_manager: 'hall-A',
  staff: 'hall-A',
  trainer: 'hall-A',
  logistics: 'region-n',
};
/** Who the matrix signs in as: each role where `grantAt` puts it, and an administrator of one hall only. */
const PRINCIPALS: Array<{ name: string; role: Role; at: string }> = [
  ...ROLES.map((role) => ({ name: role, role, at: grantAt[role] })),
  { name: 'hall administrator', role: 'administrator', at: 'hall-A' },
];
const UNITS = [
  { id: 'hq', parentId: null, kind: 'hq', name: '总部 HQ', hallId: null },
  { id: 'region-n', parentId: 'hq', kind: 'region', name: '北区', hallId: null },
  { id: 'region-s', parentId: 'hq', kind: 'region', name: '南区', hallId: null },
  { id: 'hall-A', parentId: 'region-n', kind: 'hall', name: 'A厅', hallId: 'A' },
  { id: 'hall-B', parentId: 'region-n', kind: 'hall', name: 'B厅', hallId: 'B' },
  { id: 'hall-C', parentId: 'region-s', kind: 'hall', name: 'C厅', hallId: 'C' },
];

beforeAll(async () => {
  db = await testDatabase();
  for (const h of ['A', 'B', 'C']) await registerHall(db.db, { id: h, name: `${h}厅`, timeZone: 'Asia/Shanghai' });
  for (const u of UNITS) await accessRepository.insertUnit(db.db, u);
  for (const { name, role, at } of PRINCIPALS) {
    const id = await createUser(db.db, {
      username: `u-${name.replace(' ', '-')}`,
      name,
      password: 'Correct-Horse-9',
      orgUnitId: at,
    });
    await accessRepository.grant(db.db, { userId: id, role, orgUnitId: at });
    const s = await openSession(db.db, id);
    users[name] = (await sessionUser(db.db, s.token)) as SessionUser;
  }
  clerks.A = await createUser(db.db, { username: 'clerk-a', name: 'Clerk A', orgUnitId: 'hall-A', staffId: 'E1' });
  clerks.C = await createUser(db.db, { username: 'clerk-c', name: 'Clerk C', orgUnitId: 'hall-C', staffId: 'E2' });
  for (const h of ['A', 'C'])
    await staffRepository.insert(db.db, {
      id: `emp-${h}`,
      hallId: h,
      staffId: 'E1',
      name: `Employee ${h}`,
      contract: { kind: 'full-time', minWeekHours: 32, maxWeekHours: 44, maxDaysPerWeek: 5, minRestHours: 11 },
    });
});
afterAll(async () => {
  await db?.drop();
});

const caller = (user: SessionUser | null) =>
  createCallerFactory(appRouter)({
    db: db.db,
    authorization: null,
    cookies: {},
    csrfHeader: null,
    hubTokens: new SecretGate(),
    logins: new LoginGuard(),
    source: null,
    user,
  } satisfies CloudContext);
let n = 0;
const uniq = (p: string) => `${p}-${++n}`;

/** A sample call per procedure, aimed at hall A's or hall C's part of the tree. Every procedure needs one. */
const samples: Record<string, (target: 'A' | 'C') => unknown> = {
  health: () => undefined,
  'auth.login': () => ({ username: 'nobody', password: 'x' }),
  'auth.logout': () => undefined,
  'auth.me': () => undefined,
  'auth.methods': () => undefined,
  'auth.changePassword': () => ({ current: 'wrong', next: 'Another-Horse-9' }),
  'org.tree': () => undefined,
  'org.createUnit': (t) => ({ parentId: `hall-${t}`, id: uniq('u'), kind: 'region', name: 'x' }),
  'org.registerHall': (t) => ({ parentId: `hall-${t}`, hallId: uniq('H'), name: 'x' }),
  'org.registerHub': (t) => ({ hallId: t, hubId: uniq('hub') }),
  'users.list': (t) => ({ orgUnitId: `hall-${t}` }),
  'users.get': (t) => ({ userId: clerks[t] }),
  'users.create': (t) => ({ orgUnitId: `hall-${t}`, username: uniq('user'), name: 'x' }),
  'users.grant': (t) => ({ orgUnitId: `hall-${t}`, userId: clerks[t], role: 'staff' }),
  'audit.list': (t) => ({ orgUnitId: `hall-${t}` }),
  'ingest.push': () => ({ hubId: 'none', batch: [] }),
  'halls.putConfig': (t) => ({ hallId: t, document: { services: [], counters: [] } }),
  'halls.addDevice': (t) => ({ hallId: t, deviceId: uniq('dev'), kind: 'ticket-terminal' }),
  'hub.config': () => ({ sinceVersion: 0 }),
  'hub.poll': () => undefined,
  'roles.matrix': () => undefined,
  'devices.list': (t) => ({ hallId: t }),
  'devices.rotateSecret': (t) => ({ hallId: t, deviceId: 'none' }),
  'devices.remove': (t) => ({ hallId: t, deviceId: 'none' }),
  'alertRules.get': (t) => ({ hallId: t }),
  'alertRules.put': (t) => ({ hallId: t, alerts: {} }),
  'analytics.overview': () => undefined,
  'analytics.hallDay': (t) => ({ hallId: t }),
  'analytics.breakdown': (t) => ({ hallId: t, date: '2026-11-27', by: 'service' }),
  'analytics.units': () => undefined,
  'analytics.cube': (t) => ({ orgUnitId: `hall-${t}`, from: '2026-11-01', to: '2026-11-27', by: 'day' }),
  'analytics.clerks': (t) => ({ orgUnitId: `hall-${t}`, from: '2026-11-01', to: '2026-11-27' }),
  'analytics.habits': (t) => ({ orgUnitId: `hall-${t}`, from: '2026-11-01', to: '2026-11-27' }),
  'analytics.footfall': (t) => ({ orgUnitId: `hall-${t}`, from: '2026-11-01', to: '2026-11-27' }),
  'analytics.availability': (t) => ({ orgUnitId: `hall-${t}`, from: '2026-11-01', to: '2026-11-27' }),
  'analytics.tickets': (t) => ({ hallId: t, date: '2026-11-27' }),
  'training.library': () => ({ q: '宣传海报' }),
  'training.libraryInfo': () => undefined,
  'training.material': () => ({ id: 999_999 }),
  'training.createMaterial': () => ({ kind: 'note', title: '说明', body: '正文', orgUnitId: 'no-such-unit' }),
  'training.newVersion': () => ({
    of: 999_999,
    material: { kind: 'note', title: '说明', body: '正文', orgUnitId: 'no-such-unit' },
  }),
  'training.archiveMaterial': () => ({ id: 999_999, archived: true }),
  'training.sessions': () => ({ from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' }),
  'training.session': () => ({ id: 999_999 }),
  'training.inviteChoices': () => ({ orgUnitId: 'no-such-unit' }),
  'training.scheduleSession': () => ({
    title: '新业务培训',
    orgUnitId: 'no-such-unit',
    mode: 'online',
    startsAt: '2026-01-01T01:00:00Z',
    endsAt: '2026-01-01T02:00:00Z',
    employeeIds: [],
  }),
  'training.setAttendees': () => ({ sessionId: 999_999, employeeIds: [] }),
  'training.cancelSession': () => ({ sessionId: 999_999 }),
  'training.checkinCode': () => ({ sessionId: 999_999 }),
  'training.markAttendance': () => ({ sessionId: 999_999, employeeId: 'e-1', status: 'present' }),
  'training.mySessions': () => undefined,
  'training.checkIn': () => ({ sessionId: 999_999, code: 'abcdefgh' }),
  'training.giveFeedback': () => ({ sessionId: 999_999, courseScore: 5, trainerScore: 5 }),
  'training.questions': () => ({}),
  'training.saveQuestion': () => ({
    orgUnitId: 'no-such-unit',
    question: { kind: 'truefalse', stem: '题', answer: { truth: true } },
  }),
  'training.archiveQuestion': () => ({ id: 999_999, archived: true }),
  'training.importQuestions': () => ({ orgUnitId: 'no-such-unit', rows: [{}] }),
  'training.exams': () => undefined,
  'training.examResults': () => ({ examId: 999_999 }),
  'training.createExam': () => ({
    title: '考试',
    orgUnitId: 'no-such-unit',
    questionIds: [1],
    drawCount: 1,
    timeLimitMinutes: 10,
    maxAttempts: 1,
    passPercent: 60,
    opensAt: '2026-01-01T00:00:00Z',
  }),
  'training.closeExam': () => ({ examId: 999_999 }),
  'training.myExams': () => undefined,
  'training.startAttempt': () => ({ examId: 999_999 }),
  'training.myAttempt': () => ({ attemptId: 999_999 }),
  'training.saveAnswers': () => ({ attemptId: 999_999, answers: {} }),
  'training.submitAttempt': () => ({ attemptId: 999_999 }),
  'training.suggestions': () => ({}),
  'training.decideSuggestion': () => ({ id: 999_999, status: 'dismissed', reason: '已安排' }),
  'training.suggestNow': (t) => ({ hallId: t }),
  'training.effects': () => undefined,
  'training.measureNow': () => ({}),
  'training.planRules': () => undefined,
  'training.savePlanRule': () => ({
    rule: {
      name: '新员工',
      orgUnitId: 'no-such-unit',
      trigger: 'new-hire',
      withinDays: 30,
      materialSeriesIds: [1],
      dueDays: 14,
      roles: ['clerk'],
    },
  }),
  'training.assignments': () => ({}),
  'training.myAssignments': () => undefined,
  'training.confirmRead': () => ({ assignmentId: 999_999 }),
  'training.analysis': (t) => ({ hallId: t }),
  'inventory.items': () => undefined,
  'inventory.saveItem': () => ({
    id: uniq('ITM'),
    nameZh: '宣传单',
    nameEn: 'Flyer',
    unitZh: '张',
    unitEn: 'sheets',
    kind: 'item',
  }),
  'inventory.catalogueInfo': () => undefined,
  'inventory.locations': () => undefined,
  'inventory.addWarehouse': (t) => ({ id: uniq('wh'), nameZh: '仓库', nameEn: 'Store', orgUnitId: `hall-${t}` }),
  'inventory.receiveGoods': () => ({ locationId: 'wh:none', lines: [{ itemId: 'NOPE', qty: 1 }] }),
  'inventory.stock': () => undefined,
  'inventory.hallLocation': (t) => ({ hallId: t }),
  'inventory.ledgerCheck': () => undefined,
  'inventory.transfers': () => undefined,
  'inventory.transfer': () => ({ id: 999_999 }),
  'inventory.request': (t) => ({ hallId: t, lines: [{ itemId: 'NOPE', qty: 1 }] }),
  'inventory.decide': () => ({ id: 999_999, decision: 'refuse' }),
  'inventory.cancel': () => ({ id: 999_999 }),
  'inventory.ship': () => ({ id: 999_999 }),
  'inventory.receive': () => ({ id: 999_999, lines: [] }),
  'inventory.resolve': () => ({ id: 999_999, discrepancyId: 1, resolution: 'writeoff' }),
  'inventory.label': () => ({ id: 999_999, origin: 'https://console.example.com', lang: 'zh-CN' }),
  'inventory.issue': (t) => ({ hallId: t, mode: 'bulk', items: [{ itemId: 'NOPE', qty: 1 }] }),
  'inventory.importIssues': (t) => ({
    hallId: t,
    issues: [
      {
        issueId: '00000000-0000-4000-8000-000000000001',
        at: '2026-11-27T10:00:00+08:00',
        items: [{ itemId: 'NOPE', qty: 1 }],
      },
    ],
  }),
  'inventory.issues': (t) => ({ hallId: t, limit: 10 }),
  'inventory.reverseIssue': (t) => ({ hallId: t, id: '00000000-0000-4000-8000-000000000000' }),
  'inventory.counts': () => undefined,
  'inventory.submitCount': () => ({ locationId: 'hall:none', lines: [{ itemId: 'NOPE', counted: 1 }] }),
  'inventory.decideCount': () => ({ id: 999_999, decision: 'refuse' }),
  'inventory.stats': (t) => ({ orgUnitId: `hall-${t}`, from: '2026-11-01', to: '2026-11-27', by: 'item' }),
  'inventory.ageing': (t) => ({ orgUnitId: `hall-${t}` }),
  'inventory.leakage': (t) => ({ orgUnitId: `hall-${t}`, from: '2026-11-01', to: '2026-11-27' }),
  'inventory.reorder': (t) => ({ hallId: t }),
  'inventory.unitReorder': (t) => ({ orgUnitId: `hall-${t}` }),
  'inventory.suggest': (t) => ({ orgUnitId: `hall-${t}` }),
  'alarms.list': () => undefined,
  'alarms.ack': (t) => ({ hallId: t, alarmId: 'none' }),
  'counters.list': (t) => ({ hallId: t }),
  'counters.release': (t) => ({ hallId: t, counterId: 'none' }),
  'reports.list': (t) => ({ hallId: t }),
  'reports.get': (t) => ({ hallId: t, date: '2026-11-27' }),
  'reports.pdf': (t) => ({ hallId: t, date: '2026-11-27', lang: 'zh-CN' }),
  'reports.generate': (t) => ({ hallId: t, date: '2026-11-27' }),
  'reports.backfill': (t) => ({ hallId: t, from: '2026-11-20', to: '2026-11-27' }),
  'kpiReports.list': (t) => ({ hallId: t }),
  'kpiReports.get': (t) => ({ hallId: t, date: '2026-11-27' }),
  'kpiReports.pdf': (t) => ({ hallId: t, date: '2026-11-27', lang: 'zh-CN' }),
  'kpiReports.generate': (t) => ({ hallId: t, date: '2026-11-27' }),
  'kpiReports.rollup.get': (t) => ({ orgUnitId: `hall-${t}`, date: '2026-11-27' }),
  'kpiReports.rollup.pdf': (t) => ({ orgUnitId: `hall-${t}`, date: '2026-11-27', lang: 'zh-CN' }),
  'kpiReports.rollup.generate': (t) => ({ orgUnitId: `hall-${t}`, date: '2026-11-27' }),
  'kpiReports.settings.get': (t) => ({ orgUnitId: `hall-${t}` }),
  'kpiReports.settings.put': (t) => ({
    orgUnitId: `hall-${t}`,
    enabled: true,
    time: '08:30',
    kpiKeys: [],
    languages: ['zh-CN'],
  }),
  'rosters.list': (t) => ({ hallId: t }),
  'rosters.get': (t) => ({ hallId: t, rosterId: 'none' }),
  'rosters.coverage': (t) => ({ hallId: t, rosterId: 'none', date: '2026-11-30' }),
  'rosters.check': (t) => ({ hallId: t, rosterId: 'none', edit: { kind: 'remove', shiftId: 1 } }),
  'rosters.generate': (t) => ({ hallId: t, fromDate: '2026-11-30', weeks: 1 }),
  'rosters.generateUnder': (t) => ({ orgUnitId: `hall-${t}`, fromDate: '2026-11-30', weeks: 1 }),
  'rosters.cancel': (t) => ({ hallId: t, rosterId: 'none' }),
  'rosters.edit': (t) => ({ hallId: t, rosterId: 'none', edit: { kind: 'remove', shiftId: 1 } }),
  'rosters.revise': (t) => ({ hallId: t, rosterId: 'none' }),
  'rosters.discard': (t) => ({ hallId: t, rosterId: 'none' }),
  'rosters.publish': (t) => ({ hallId: t, rosterId: 'none' }),
  'rosters.diff': (t) => ({ hallId: t, from: 'none', to: 'none' }),
  'forecast.status': (t) => ({ hallId: t }),
  'forecast.week': (t) => ({ hallId: t, from: '2026-11-23' }),
  'forecast.run': (t) => ({ hallId: t }),
  'forecast.cancel': (t) => ({ hallId: t }),
  'forecast.requirement': (t) => ({ hallId: t, from: '2026-11-23' }),
  'schedulingSettings.get': (t) => ({ hallId: t }),
  'schedulingSettings.put': (t) => ({ hallId: t, baseVersion: 0, settings: {} }),
  'schedulingSettings.history': (t) => ({ hallId: t }),
  'roleGroups.list': () => undefined,
  'roleGroups.put': () => ({ id: 'hall-lead', name: 'Hall lead', roles: ['hall_manager', 'trainer'] }),
  'roleGroups.grant': (t) => ({ orgUnitId: `hall-${t}`, userId: clerks[t], groupId: 'hall-lead' }),
  'adherence.range': (t) => ({ hallId: t, fromDate: '2026-11-23', toDate: '2026-11-29' }),
  'adherence.importPublished': (t) => ({ hallId: t, fromDate: '2026-11-23', days: 7, shifts: [] }),
  'adherence.review': (t) => ({ hallId: t, week: '2026-11-16' }),
  'adherence.startReview': (t) => ({ hallId: t, week: '2026-11-16' }),
  'kpiFacts.status': () => ({}),
  'kpiFacts.recompute': (t) => ({ hallId: t, from: '2026-11-23', to: '2026-11-24' }),
  'kpiFacts.recomputeUnit': (t) => ({ orgUnitId: `hall-${t}`, from: '2026-11-23', to: '2026-11-24' }),
  'kpiFacts.today': (t) => ({ hallId: t }),
  'jobs.list': (t) => ({ hallId: t }),
  'jobs.get': () => ({ id: 1 }),
  'jobs.retry': () => ({ id: 1 }),
  'jobs.cancel': () => ({ id: 1 }),
  'jobs.schedules': () => undefined,
  'jobs.runSchedule': () => ({ scheduleId: 'none' }),
  'notify.channels.list': () => undefined,
  'notify.channels.options': () => undefined,
  'notify.profile.units': () => undefined,
  'notify.channels.save': () => ({
    id: uniq('ch'),
    kind: 'webhook',
    name: 'x',
    settings: { url: 'http://127.0.0.1:9/hook' },
    secrets: { secret: 'a-secret-of-16-chars' },
  }),
  'notify.channels.delete': () => ({ id: 'none' }),
  'notify.channels.test': () => ({ channelId: 'none' }),
  'notify.rules.list': () => undefined,
  'notify.rules.create': (t) => ({
    orgUnitId: `hall-${t}`,
    alarmRule: null,
    minSeverity: 'major',
    recipients: [{ kind: 'role', id: 'hall_manager' }],
    channels: ['none'],
    quietHours: null,
    repeatSeconds: null,
    escalation: [],
    enabled: true,
  }),
  'notify.rules.update': (t) => ({
    ...{
      orgUnitId: `hall-${t}`,
      alarmRule: null,
      minSeverity: 'major',
      recipients: [{ kind: 'role', id: 'hall_manager' }],
      channels: ['none'],
      quietHours: null,
      repeatSeconds: null,
      escalation: [],
      enabled: true,
    },
    id: 999_999,
  }),
  'notify.rules.delete': (t) => ({ id: 999_999, orgUnitId: `hall-${t}` }),
  'notify.profile.get': (t) => ({ userId: clerks[t] }),
  'notify.profile.save': (t) => ({
    userId: clerks[t],
    email: null,
    mobile: null,
    language: 'zh-CN',
    subscriptions: [],
  }),
  'notify.profile.list': () => undefined,
  'notify.log.list': () => ({}),
  'notify.log.resend': () => ({ id: 999_999 }),
  'notify.log.summary': () => undefined,
  'staff.list': (t) => ({ hallId: t }),
  'staff.get': (t) => ({ employeeId: `emp-${t}` }),
  'staff.create': (t) => ({ hallId: t, staffId: uniq('s'), name: 'x' }),
  'staff.update': (t) => ({ employeeId: `emp-${t}`, name: 'y' }),
  'staff.move': (t) => ({ employeeId: `emp-${t}`, toHallId: t, effectiveDate: '2026-12-01' }),
  'staff.resetPin': (t) => ({ employeeId: `emp-${t}` }),
  'staff.linkableUsers': (t) => ({ hallId: t }),
  'staff.me': () => undefined,
  'onsite.templates': (t) => ({ hallId: t }),
  'onsite.unitTemplates': (t) => ({ orgUnitId: `hall-${t}` }),
  'onsite.saveTemplate': (t) => ({
    orgUnitId: `hall-${t}`,
    template: {
      id: uniq('t'),
      zh: '检查',
      en: 'Check',
      subject: 'hall',
      sections: [
        {
          id: 's',
          zh: '项',
          en: 'Items',
          items: [{ id: 'i', zh: '项', en: 'Item', kind: 'pass-fail', points: 1, critical: false, photoOnFail: false }],
        },
      ],
    },
  }),
  'onsite.retireTemplate': (t) => ({ orgUnitId: `hall-${t}`, templateId: 'none' }),
  'onsite.seedDefaults': () => undefined,
  'onsite.scoringContext': (t) => ({ hallId: t }),
  'onsite.submit': (t) => ({
    hallId: t,
    formId: '00000000-0000-4000-8000-000000000000',
    templateId: 'none',
    templateVersion: 1,
    subjectKind: 'hall',
    subjectId: t,
    answers: [{ itemId: 'i', result: 'pass', points: null, note: null, photos: [] }],
  }),
  'onsite.forms': (t) => ({ hallId: t, from: '2026-11-01', to: '2026-11-30' }),
  'onsite.form': (t) => ({ hallId: t, formId: '00000000-0000-4000-8000-000000000000' }),
  'onsite.employeeForms': (t) => ({ employeeId: `emp-${t}` }),
  'onsite.employeeForm': (t) => ({ employeeId: `emp-${t}`, formId: '00000000-0000-4000-8000-000000000000' }),
  'onsite.actions': (t) => ({ hallId: t }),
  'onsite.actionOwners': (t) => ({ hallId: t }),
  'onsite.openAction': (t) => ({
    hallId: t,
    formId: '00000000-0000-4000-8000-000000000000',
    itemId: 'i',
    description: 'x',
    ownerUserId: 'none',
    dueDate: '2030-01-01',
  }),
  'onsite.closeAction': (t) => ({ hallId: t, actionId: '00000000-0000-4000-8000-000000000000', note: 'x' }),
  'wishes.mine': () => undefined,
  'wishes.add': () => ({ kind: 'day-off', fromDate: '2030-01-07' }),
  'wishes.withdraw': () => ({ id: 999_999 }),
  'wishes.hall': (t) => ({ hallId: t }),
  'wishes.decide': (t) => ({ hallId: t, id: 999_999, decision: 'approved' }),
  'wishes.fairness': (t) => ({ hallId: t }),
  'wishes.myFairness': () => undefined,
  'skillLevels.rules': (t) => ({ hallId: t }),
  'skillLevels.saveRules': (t) => ({
    orgUnitId: `hall-${t}`,
    rules: {
      windowDays: 28,
      minServedToLower: 20,
      levels: [{ serviceId: '*', level: 2, criteria: [{ kind: 'served', min: 50 }] }],
    },
  }),
  'skillLevels.proposals': (t) => ({ hallId: t }),
  'skillLevels.evaluate': (t) => ({ hallId: t }),
  'skillLevels.decide': (t) => ({ hallId: t, proposalId: 999_999, decision: 'rejected', reason: 'x' }),
  'staffRecords.get': (t) => ({ employeeId: `emp-${t}` }),
  'staffRecords.me': () => undefined,
  'staffRecords.add': (t) => ({
    employeeId: `emp-${t}`,
    date: '2026-01-05',
    kind: 'award',
    category: 'service',
    description: 'x',
  }),
  'staffRecords.withdraw': (t) => ({ employeeId: `emp-${t}`, entryId: 999_999 }),
  'swaps.mine': () => undefined,
  'swaps.offer': () => ({ shiftId: 999_999 }),
  'swaps.take': () => ({ swapId: 999_999 }),
  'swaps.withdraw': () => ({ swapId: 999_999 }),
  'swaps.hall': (t) => ({ hallId: t }),
  'swaps.decide': (t) => ({ hallId: t, swapId: 999_999, decision: 'refused', reason: 'x' }),
  'kpiViews.hall': (t) => ({ hallId: t, period: { kind: 'week', date: '2026-11-02' } }),
  'kpiViews.clerk': (t) => ({ employeeId: `emp-${t}`, period: { kind: 'month', date: '2026-11-02' } }),
  'kpiViews.facts': (t) => ({ employeeId: `emp-${t}`, period: { kind: 'day', date: '2026-11-02' }, list: 'tickets' }),
  'kpiViews.league': (t) => ({
    orgUnitId: `hall-${t}`,
    subjectKind: 'clerk',
    kpiKey: null,
    period: { kind: 'month', date: '2026-11-02' },
  }),
  'kpiViews.choices': () => undefined,
  'cycles.list': () => undefined,
  'cycles.open': (t) => ({ orgUnitId: `hall-${t}`, period: { kind: 'month', month: '2026-10' } }),
  'cycles.get': () => ({ cycleId: 999_999 }),
  'cycles.advance': () => ({ cycleId: 999_999 }),
  'cycles.sheet': (t) => ({ hallId: t, sheetId: 999_999 }),
  'cycles.adjust': (t) => ({ hallId: t, sheetId: 999_999, lineId: 999_999, score: 50, reason: 'x' }),
  'cycles.answerAppeal': (t) => ({ hallId: t, appealId: 999_999, decision: 'reject', reason: 'x' }),
  'cycles.mine': () => undefined,
  'cycles.mySheet': () => ({ sheetId: 999_999 }),
  'cycles.selfReview': () => ({ sheetId: 999_999, lines: [] }),
  'cycles.acknowledge': () => ({ sheetId: 999_999 }),
  'cycles.appeal': () => ({ sheetId: 999_999, lineId: 999_999, reason: 'x' }),
  'cycleFlows.list': () => undefined,
  'cycleFlows.save': () => ({
    key: 'matrix',
    name: 'x',
    stages: [
      { kind: 'computed', actor: 'system', durationDays: 0, skippable: false },
      { kind: 'acknowledgement', actor: 'clerk', durationDays: 3, skippable: true },
      { kind: 'final', actor: 'system', durationDays: 0, skippable: false },
    ],
  }),
  'kpis.list': () => ({}),
  'kpis.versions': () => ({ key: 'no-such-kpi' }),
  'kpis.reference': () => undefined,
  'kpis.validate': () => ({ formula: 'ratio(served, session_minutes / 60)' }),
  'kpis.preview': (t) => ({ orgUnitId: `hall-${t}`, draft: kpiDraft() }),
  'kpis.create': () => ({ key: uniq('matrix'), draft: kpiDraft() }),
  'kpis.update': () => ({ key: 'no-such-kpi', fromVersion: 1, draft: kpiDraft() }),
  'kpis.retire': () => ({ key: 'no-such-kpi' }),
  'kpis.restore': () => ({ key: 'no-such-kpi' }),
  'kpis.seedDefaults': () => undefined,
};

/** A valid KPI draft (the catalogue's procedures validate it before the permission's answer matters). */
function kpiDraft() {
  const { key: _key, ...draft } = DEFAULT_KPIS[1] as (typeof DEFAULT_KPIS)[number];
  return draft;
}

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<
    string,
    { _def: { meta?: { permission?: Permission }; type: string } }
  >,
);

function inScope(grant: string, target: 'A' | 'C') {
  const path = (id: string): string[] => {
    const u = UNITS.find((x) => x.id === id);
    return u ? [id, ...(u.parentId ? path(u.parentId) : [])] : [];
  };
  return path(`hall-${target}`).includes(grant);
}

function expected(p: Permission, role: Role, at: string, target: 'A' | 'C'): boolean {
  if (p.kind === 'public' || p.kind === 'signed-in') return true;
  if (p.kind === 'hub') return false;
  if (!roleAllows(role, p.module, p.level)) return false;
  if (p.scope === 'any-unit') return true;
  // Something that holds for the whole organisation: only a grant at the root covers it.
  if (p.scope === 'org-wide') return at === 'hq';
  return inScope(at, target);
}

async function allowed(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (err) {
    if (err instanceof TRPCError && (err.code === 'FORBIDDEN' || err.code === 'UNAUTHORIZED')) {
      // A wrong password or an unknown hub is refused by the procedure itself, not by access control.
      return err.message === 'wrong username or password' || err.message === 'current password: wrong';
    }
    return true;
  }
}

describe('authorization matrix', () => {
  it('every procedure declares its permission and has a sample in this matrix', () => {
    expect(procedures.length).toBeGreaterThan(10);
    for (const [path, proc] of procedures) {
      expect(proc._def.meta?.permission, `${path} declares no permission`).toBeDefined();
      expect(samples[path], `${path} has no sample in the authorization matrix`).toBeDefined();
    }
  });

  for (const { name, role, at } of PRINCIPALS) {
    it(`${name} (${role} granted at ${at}) may do exactly what its permissions and scope allow`, async () => {
      const mismatches: string[] = [];
      for (const [path, proc] of procedures) {
        const permission = proc._def.meta?.permission as Permission;
        for (const target of ['A', 'C'] as const) {
          const input = samples[path]?.(target);
          const fn = path
            .split('.')
            .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller(users[name] as SessionUser)) as (
            i: unknown,
          ) => Promise<unknown>;
          const got = await allowed(() => fn(input));
          const want = expected(permission, role, at, target);
          if (got !== want)
            mismatches.push(
              `${path} on ${target}: ${got ? 'allowed' : 'refused'}, expected ${want ? 'allowed' : 'refused'}`,
            );
        }
      }
      expect(mismatches).toEqual([]);
    });
  }

  it('a hall manager of hall A cannot read hall B; staff see only themselves', async () => {
    await expect(caller(users.hall_manager as SessionUser).users.list({ orgUnitId: 'hall-B' })).rejects.toThrow(
      /needs view on users/,
    );
    const staff = users.staff as SessionUser;
    expect(await caller(staff).users.get({ userId: staff.id })).toMatchObject({ id: staff.id });
    await expect(caller(staff).users.get({ userId: clerks.A })).rejects.toThrow(/needs view on users/);
    await expect(caller(staff).org.tree()).rejects.toThrow(/needs view on org/);
    const seen = (await caller(users.region_manager as SessionUser).org.tree()).map((u) => u.id);
    expect(seen).toEqual(expect.arrayContaining(['hall-A', 'hall-B', 'region-n']));
    expect(seen.filter((id) => ['hq', 'region-s', 'hall-C'].includes(id))).toEqual([]);
  });

  it('a hall administrator cannot change the role groups the whole organisation shares', async () => {
    const hq = caller(users.administrator as SessionUser);
    await hq.roleGroups.put({ id: 'hq-lead', name: 'HQ lead', roles: ['region_manager'] });
    const hallAdmin = caller(users['hall administrator'] as SessionUser);
    await expect(
      hallAdmin.roleGroups.put({ id: 'hq-lead', name: 'HQ lead', roles: ['region_manager', 'administrator'] }),
    ).rejects.toThrow(/needs edit on users here/);
    expect((await hq.roleGroups.list()).find((g) => g.id === 'hq-lead')?.roles).toEqual(['region_manager']);
    // Within its hall it still administers: users and grants there.
    await hallAdmin.users.grant({ orgUnitId: 'hall-A', userId: clerks.A, role: 'staff' });
  });

  it('nobody signed in gets nothing but the public procedures', async () => {
    await expect(caller(null).auth.me()).rejects.toThrow(/sign in/);
    await expect(caller(null).users.list({ orgUnitId: 'hq' })).rejects.toThrow(/sign in/);
    expect(await caller(null).health()).toEqual({ status: 'ok' });
  });
});

describe('sessions over HTTP', () => {
  let server: CloudServer;
  let base: string;
  beforeAll(async () => {
    server = await startCloudServer({ db: db.db, log: pino({ level: 'silent' }), host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${server.port}/trpc`;
  });
  afterAll(async () => {
    await server?.stop();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('signs in with an httpOnly session cookie and requires the CSRF token on mutations', async () => {
    const res = await post('auth.login', { username: 'u-hall_manager', password: 'Correct-Horse-9' });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith('hall_session='))).toMatch(/HttpOnly; SameSite=Strict/);
    const session = cookies.map((c) => c.split(';')[0]).join('; ');
    const csrf = /hall_csrf=([^;]+)/.exec(cookies.join(';'))?.[1] as string;
    // The answer gives the page the CSRF token, never the session token (that one is httpOnly).
    const sessionToken = /hall_session=([^;]+)/.exec(session)?.[1] as string;
    const body = await res.text();
    expect(body).toContain(csrf);
    expect(body).not.toContain(sessionToken);
    const me = await fetch(`${base}/auth.me`, { headers: { cookie: session } });
    expect(((await me.json()) as { result: { data: { username: string } } }).result.data.username).toBe(
      'u-hall_manager',
    );
    const noCsrf = await post(
      'auth.changePassword',
      { current: 'Correct-Horse-9', next: 'Better-Horse-10' },
      { cookie: session },
    );
    expect(noCsrf.status).toBe(403);
    const withCsrf = await post(
      'auth.changePassword',
      { current: 'Correct-Horse-9', next: 'Better-Horse-10' },
      { cookie: session, 'x-csrf-token': csrf },
    );
    expect(withCsrf.status).toBe(200);
    // A new password ends every session made with the old one.
    expect((await fetch(`${base}/auth.me`, { headers: { cookie: session } })).status).toBe(401);
    const audit = await accessRepository.auditIn(db.db, ['hall-A'], 20);
    expect(audit.some((a) => a.action === 'auth.login' && a.entityId === users.hall_manager?.id)).toBe(true);
    expect(audit.some((a) => a.action === 'auth.password-changed' && a.entityId === users.hall_manager?.id)).toBe(true);
  });

  it('locks an account after repeated failed logins from one place, and audits it', async () => {
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.attempts; i++)
      expect((await post('auth.login', { username: 'u-trainer', password: 'wrong-password' })).status).toBe(401);
    const locked = await post('auth.login', { username: 'u-trainer', password: 'Correct-Horse-9' });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect(await locked.text()).toContain('too many failed sign-ins for this account from here');
    const audit = await accessRepository.auditIn(db.db, ['hall-A'], 50);
    // (The matrix above tried a wrong current password in process: those are audited too, from `local`.)
    const mine = audit.filter(
      (a) => a.entityId === users.trainer?.id && (a.after as { source?: string } | null)?.source === '127.0.0.1',
    );
    expect(mine.filter((a) => a.action === 'auth.failed')).toHaveLength(DEFAULT_LOGIN_LIMITS.attempts - 1);
    expect(mine.filter((a) => a.action === 'auth.locked')).toHaveLength(1);
  });

  it('refuses a weak password, naming the rule', async () => {
    await expect(
      caller(users.administrator as SessionUser).users.create({
        orgUnitId: 'hall-A',
        username: 'weak',
        name: 'Weak',
        password: 'short',
      }),
    ).rejects.toThrow(/password: at least 10 characters/);
    await expect(
      caller(users.administrator as SessionUser).users.create({
        orgUnitId: 'hall-A',
        username: 'same',
        name: 'x',
        password: 'same-same-SAME-1',
      }),
    ).rejects.toThrow(/must not contain the username/);
  });

  it('writes who changed what, before and after, for every mutation', async () => {
    const admin = users.administrator as SessionUser;
    const { userId } = await caller(admin).users.create({ orgUnitId: 'hall-B', username: 'audited', name: 'Audited' });
    await caller(admin).users.grant({ orgUnitId: 'hall-B', userId, role: 'staff' });
    const entries = (await caller(admin).audit.list({ orgUnitId: 'hall-B' })).filter((a) => a.entityId === userId);
    expect(entries.map((e) => e.action).sort()).toEqual(['user.created', 'user.role-granted']);
    expect(entries.every((e) => e.userId === admin.id)).toBe(true);
    expect(entries.find((e) => e.action === 'user.created')?.after).toMatchObject({ username: 'audited' });
  });
});

describe('the first administrator (cloud add-admin)', () => {
  it('on an empty organisation creates HQ and an administrator who can sign in and manage it', async () => {
    const fresh = await testDatabase();
    try {
      await expect(
        addAdministrator(fresh.db, { username: 'root-admin', name: 'Root', password: 'short' }),
      ).rejects.toThrow(/password: at least 10 characters/);
      const id = await addAdministrator(fresh.db, {
        username: 'root-admin',
        name: 'Root',
        password: 'Correct-Horse-9',
      });
      const admin = (await sessionUser(fresh.db, (await openSession(fresh.db, id)).token)) as SessionUser;
      const call = createCallerFactory(appRouter)({
        db: fresh.db,
        authorization: null,
        cookies: {},
        csrfHeader: null,
        hubTokens: new SecretGate(),
        logins: new LoginGuard(),
        source: null,
        user: admin,
      } satisfies CloudContext);
      const { userId } = await call.users.create({ orgUnitId: 'hq', username: 'second-admin', name: 'Second' });
      expect(userId).toBeTruthy();
      const audit = await call.audit.list({ orgUnitId: 'hq' });
      expect(audit.map((a) => a.action)).toEqual(
        expect.arrayContaining(['user.administrator-created', 'user.created']),
      );
      // `add-hub` puts the hall into the tree under HQ, once, so that its managers can be granted there.
      await registerHall(fresh.db, { id: 'SZ1', name: '福田营业厅', timeZone: 'Asia/Shanghai' });
      expect(await ensureHallUnit(fresh.db, { hallId: 'SZ1', name: '福田营业厅' })).toBe('hall-SZ1');
      expect(await ensureHallUnit(fresh.db, { hallId: 'SZ1', name: '福田营业厅' })).toBe('hall-SZ1');
      expect(await call.org.tree()).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: 'hall-SZ1', parentId: 'hq', hallId: 'SZ1' })]),
      );
      await call.users.grant({ orgUnitId: 'hall-SZ1', userId, role: 'hall_manager' });
    } finally {
      await fresh.drop();
    }
  });
});
