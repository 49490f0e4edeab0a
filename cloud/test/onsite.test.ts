/**
 * On-site scoring (现场评分) on both databases the cloud runs on: the default templates seeded once and
 * written into each hall config's `onsite` section (a template change is a new config version the hub
 * takes); a form submitted twice with the same id is one form; refusals name the item; a photo stored
 * in the blob store before the form is the photo the form shows (stored through FsBlobStore directly:
 * the HTTP blob endpoint is another branch's); the clerks at counters now come first with their
 * ticket; the facts of seeded forms; a hall manager of another hall is refused and a clerk sees their
 * own forms only; an overdue corrective action is notified once.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChecklistTemplate } from '@hall/devices';
import { SecretGate } from '@hall/devices/secrets';
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/app.router.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { clientError } from '../src/error-shape.ts';
import { ensureHallUnit, type SessionUser } from '../src/modules/access/access.service.ts';
import { LoginGuard } from '../src/modules/access/login-guard.ts';
import { FsBlobStore, sha256Of } from '../src/modules/blobs/blob-store.ts';
import { blobs } from '../src/modules/blobs/blobs.table.ts';
import { hallsRepository } from '../src/modules/halls/halls.repository.ts';
import { putHallConfig, registerHall } from '../src/modules/halls/halls.service.ts';
import { addDays, localDate, localInstant } from '../src/modules/adherence/adherence.time.ts';
import { counterSessions, tickets } from '../src/modules/ingest/ingest.table.ts';
import { collectDay } from '../src/modules/performance/facts.collect.ts';
import { correctiveActions } from '../src/modules/performance/onsite.actions.table.ts';
import { notifyOverdueActions } from '../src/modules/performance/onsite.actions.ts';
import { onsiteForms } from '../src/modules/performance/onsite.table.ts';
import { employees } from '../src/modules/staff/staff.table.ts';
import { createCallerFactory, type CloudContext } from '../src/trpc.ts';
import { testDatabase } from './support/db.ts';

const backends: Array<[string, () => Promise<Database & { drop(): Promise<void> }>]> = [
  ['PostgreSQL', () => testDatabase()],
  [
    'PGlite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hall-onsite-'));
      const d = await openDatabase({ dataDir: dir });
      return { ...d, drop: async () => (await d.close(), rmSync(dir, { recursive: true, force: true })) };
    },
  ],
];

const config = {
  hall: { capacity: 80 },
  services: [{ id: 'billing', name: '话费业务', prefix: 'A', targetWaitMinutes: 10 }],
  counters: [
    { id: 'C01', name: '1号窗口', services: { billing: 1 } },
    { id: 'C02', name: '2号窗口', services: { billing: 1 } },
  ],
  staff: [
    { id: '1001', name: '王芳' },
    { id: '1002', name: '李雷' },
  ],
};

const user = (id: string, grants: SessionUser['grants']): SessionUser => ({
  id,
  username: id,
  name: id,
  orgUnitId: grants[0]?.orgUnitId ?? 'hq',
  staffId: null,
  grants,
  csrfToken: '',
});
const admin = user('u-admin', [{ role: 'administrator', orgUnitId: 'hq' }]);
const managerH1 = user('u-m1', [{ role: 'hall_manager', orgUnitId: 'hall-H1' }]);
const managerH2 = user('u-m2', [{ role: 'hall_manager', orgUnitId: 'hall-H2' }]);
const clerk = user('u-clerk', [{ role: 'staff', orgUnitId: 'hall-H1' }]);

async function refusal(call: Promise<unknown>) {
  try {
    await call;
  } catch (err) {
    if (err instanceof TRPCError) return { code: err.code, ...clientError(err) };
    throw err;
  }
  throw new Error('expected a refusal');
}

/** Every item passed, except those given. */
function answersFor(t: ChecklistTemplate, over: Record<string, { result: 'fail' | 'na'; photos?: string[] }> = {}) {
  return t.sections.flatMap((s) =>
    s.items.map((i) => ({
      itemId: i.id,
      result: over[i.id]?.result ?? ('pass' as const),
      points: null,
      note: null,
      photos: over[i.id]?.photos ?? [],
    })),
  );
}

describe.each(backends)('on-site scoring on %s', (_name, open) => {
  let database: Database & { drop(): Promise<void> };
  let blobDir: string;
  let store: FsBlobStore;
  const caller = (u: SessionUser) =>
    createCallerFactory(appRouter)({
      db: database.db,
      authorization: null,
      cookies: {},
      csrfHeader: null,
      hubTokens: new SecretGate(),
      logins: new LoginGuard(),
      source: null,
      user: u,
    } satisfies CloudContext);
  const onsiteSection = async (hallId: string) => {
    const c = await hallsRepository.config(database.db, hallId);
    return {
      version: c?.version ?? 0,
      templates: ((c?.document.onsite as { templates?: ChecklistTemplate[] }) ?? {}).templates ?? [],
    };
  };
  /** Stores bytes as the blob endpoint does: in the store, and a row naming the hall. */
  const putBlob = async (bytes: Uint8Array, hallId: string) => {
    const sha = sha256Of(bytes);
    await store.put(sha, bytes);
    await database.db
      .insert(blobs)
      .values({
        sha256: sha,
        contentType: 'image/jpeg',
        bytes: bytes.byteLength,
        storedBy: `user:${managerH1.id}`,
        hallId,
      })
      .onConflictDoNothing();
    return sha;
  };

  beforeAll(async () => {
    database = await open();
    blobDir = mkdtempSync(join(tmpdir(), 'hall-onsite-blobs-'));
    store = new FsBlobStore(blobDir);
    for (const h of ['H1', 'H2']) {
      await registerHall(database.db, { id: h, name: `${h}厅`, timeZone: 'Asia/Shanghai' });
      await ensureHallUnit(database.db, { hallId: h, name: `${h}厅` });
      await putHallConfig(database.db, h, config, null);
    }
    await database.db
      .update(employees)
      .set({ userId: clerk.id })
      .where(and(eq(employees.hallId, 'H1'), eq(employees.staffId, '1001')));
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(blobDir, { recursive: true, force: true });
  });

  it('seeds the default templates once and writes them into every hall config; a change is a new version there', async () => {
    const before = await onsiteSection('H1');
    const first = await caller(admin).onsite.seedDefaults();
    expect(first.added.sort()).toEqual(['counter-service', 'hall-environment']);
    expect(first.halls.sort()).toEqual(['H1', 'H2']);
    const after = await onsiteSection('H1');
    expect(after.version).toBe(before.version + 1);
    const service = after.templates.find((t) => t.id === 'counter-service');
    expect(service?.sections.flatMap((s) => s.items.map((i) => i.zh))).toEqual(
      expect.arrayContaining(['起身迎客', '唱收唱付', '双手递交', '柜面整洁', '工牌佩戴']),
    );
    expect(service?.sections.flatMap((s) => s.items).filter((i) => i.critical)).toHaveLength(2);
    expect(after.templates.find((t) => t.id === 'hall-environment')?.subject).toBe('hall');
    // Again: nothing added, no new config version.
    expect((await caller(admin).onsite.seedDefaults()).added).toEqual([]);
    expect((await onsiteSection('H1')).version).toBe(after.version);

    // A hall's own template reaches that hall only, as a new config version.
    const own = {
      id: 'queue-desk',
      zh: '导办台',
      en: 'Guide desk',
      subject: 'hall' as const,
      sections: [
        {
          id: 'desk',
          zh: '导办',
          en: 'Desk',
          items: [
            {
              id: 'staffed',
              zh: '有人值守',
              en: 'Staffed',
              kind: 'pass-fail' as const,
              points: 10,
              critical: false,
              photoOnFail: false,
            },
          ],
        },
      ],
    };
    expect(await caller(managerH1).onsite.saveTemplate({ orgUnitId: 'hall-H1', template: own })).toMatchObject({
      version: 1,
      halls: ['H1'],
    });
    const changed = await onsiteSection('H1');
    expect(changed.version).toBe(after.version + 1);
    expect(changed.templates.map((t) => t.id)).toContain('queue-desk');
    expect((await onsiteSection('H2')).templates.map((t) => t.id)).not.toContain('queue-desk');
    // The manager of the other hall may not change it; a hall manager may not change the root's.
    expect((await refusal(caller(managerH2).onsite.saveTemplate({ orgUnitId: 'hall-H1', template: own }))).code).toBe(
      'FORBIDDEN',
    );
    expect(
      (
        await refusal(
          caller(managerH1).onsite.saveTemplate({ orgUnitId: 'hall-H1', template: { ...own, id: 'counter-service' } }),
        )
      ).detail,
    ).toEqual({ code: 'onsite-template-elsewhere', params: { template: 'counter-service' } });
    await caller(managerH1).onsite.retireTemplate({ orgUnitId: 'hall-H1', templateId: 'queue-desk' });
    expect((await onsiteSection('H1')).templates.map((t) => t.id)).not.toContain('queue-desk');
  });

  it('suggests the clerks at counters now first, with the ticket each is serving', async () => {
    const now = new Date();
    await database.db.insert(counterSessions).values({
      hubId: 'hub-H1',
      openSeq: 1,
      hallId: 'H1',
      counterId: 'C02',
      staffId: '1002',
      openedAt: new Date(now.getTime() - 3_600_000),
    });
    await database.db.insert(tickets).values({
      hubId: 'hub-H1',
      issueSeq: 5,
      hallId: 'H1',
      ticketNo: 'A017',
      serviceId: 'billing',
      channel: 'kiosk',
      issuedAt: new Date(now.getTime() - 600_000),
      arrivalAt: new Date(now.getTime() - 600_000),
      startedAt: new Date(now.getTime() - 120_000),
      outcome: 'serving',
      counterId: 'C02',
      staffId: '1002',
    });
    const ctx = await caller(managerH1).onsite.scoringContext({ hallId: 'H1' });
    expect(ctx.clerks.map((c) => c.name)).toEqual(['李雷', '王芳']);
    expect(ctx.clerks[0]?.counter).toMatchObject({
      counterName: '2号窗口',
      ticket: { ticketNo: 'A017', serving: true },
    });
    expect(ctx.clerks[1]?.counter).toBeNull();
    expect(ctx.templates.map((t) => t.id)).toEqual(['counter-service', 'hall-environment']);
  });

  it('stores a form once for one formId, refuses answers naming the item, and shows the photo it was sent with', async () => {
    const t = (await caller(managerH1).onsite.templates({ hallId: 'H1' })).find((x) => x.id === 'counter-service')!;
    const formId = randomUUID();
    const base = {
      hallId: 'H1',
      formId,
      templateId: t.id,
      templateVersion: t.version,
      subjectKind: 'clerk' as const,
      subjectId: '1001',
      counterId: 'C01',
      ticketNo: 'A015',
    };
    // A failed item that needs a photo, without one: refused, naming the item.
    const noPhoto = await refusal(
      caller(managerH1).onsite.submit({ ...base, answers: answersFor(t, { 'id-check': { result: 'fail' } }) }),
    );
    expect(noPhoto.code).toBe('BAD_REQUEST');
    expect(noPhoto.detail).toEqual({
      code: 'onsite-photo-required',
      params: { itemZh: '身份核验（实名制）', itemEn: expect.any(String) },
    });
    // A photo the cloud does not hold: refused as well.
    const absent = 'a'.repeat(64);
    expect(
      (
        await refusal(
          caller(managerH1).onsite.submit({
            ...base,
            answers: answersFor(t, { 'id-check': { result: 'fail', photos: [absent] } }),
          }),
        )
      ).detail?.code,
    ).toBe('onsite-photo-missing');
    // Items left out: refused, naming the first.
    expect(
      (await refusal(caller(managerH1).onsite.submit({ ...base, answers: answersFor(t).slice(1) }))).detail,
    ).toMatchObject({ code: 'onsite-item-unanswered', params: { itemZh: '起身迎客' } });

    const photo = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 300 }, (_, i) => i % 251)]);
    const sha = await putBlob(photo, 'H1');
    const answers = answersFor(t, { 'id-check': { result: 'fail', photos: [sha] }, uniform: { result: 'na' } });
    const owners = await caller(managerH1).onsite.actionOwners({ hallId: 'H1' });
    const ownerEmployeeId = owners.employees.find((e) => e.name === '王芳')!.id;
    const submit = {
      ...base,
      answers,
      actions: [{ itemId: 'id-check', description: '复训实名制流程', ownerEmployeeId, dueDate: '2099-01-01' }],
    };
    const first = await caller(managerH1).onsite.submit(submit);
    const second = await caller(managerH1).onsite.submit(submit);
    const max = t.sections.flatMap((s) => s.items).reduce((a, i) => a + (i.id === 'uniform' ? 0 : i.points), 0);
    expect(first).toMatchObject({ stored: true, points: max - 20, maxPoints: max, criticalFailed: true });
    expect(second).toMatchObject({ stored: false, points: max - 20, criticalFailed: true });
    expect(await database.db.select().from(onsiteForms).where(eq(onsiteForms.formId, formId))).toHaveLength(1);
    expect(await database.db.select().from(correctiveActions).where(eq(correctiveActions.formId, formId))).toHaveLength(
      1,
    );

    const shown = await caller(managerH1).onsite.form({ hallId: 'H1', formId });
    expect(shown).toMatchObject({
      subjectName: '王芳',
      counterName: '1号窗口',
      ticketNo: 'A015',
      criticalFailed: true,
    });
    expect(shown.actions).toMatchObject([
      { itemZh: '身份核验（实名制）', ownerName: '王芳', status: 'open', overdue: false },
    ]);
    const photoName = shown.answers.find((a) => a.itemId === 'id-check')?.photos[0];
    expect(Buffer.from((await store.get(photoName!))!)).toEqual(Buffer.from(photo));

    const list = await caller(managerH1)
      .onsite.forms({ hallId: 'H1', from: '2020-01-01', to: '2099-12-31' })
      .catch(() => null);
    expect(list).toBeNull(); // more than 92 days: refused by the input
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const listed = await caller(managerH1).onsite.forms({ hallId: 'H1', from: today, to: today });
    expect(listed.forms).toMatchObject([
      { formId, subjectName: '王芳', templateZh: '柜面服务规范', criticalFailed: true },
    ]);
  });

  it('refuses the manager of another hall, and shows a clerk their own forms only', async () => {
    expect(
      (await refusal(caller(managerH2).onsite.forms({ hallId: 'H1', from: '2026-01-01', to: '2026-01-02' }))).code,
    ).toBe('FORBIDDEN');
    const t = (await caller(managerH2).onsite.templates({ hallId: 'H2' })).find((x) => x.id === 'counter-service')!;
    expect(
      (
        await refusal(
          caller(managerH2).onsite.submit({
            hallId: 'H1',
            formId: randomUUID(),
            templateId: t.id,
            templateVersion: t.version,
            subjectKind: 'clerk',
            subjectId: '1001',
            answers: answersFor(t),
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    const mine = (await database.db.select().from(employees).where(eq(employees.userId, clerk.id)))[0]!;
    const other = (
      await database.db
        .select()
        .from(employees)
        .where(and(eq(employees.hallId, 'H1'), eq(employees.staffId, '1002')))
    )[0]!;
    const own = await caller(clerk).onsite.employeeForms({ employeeId: mine.id });
    expect(own.forms.length).toBeGreaterThan(0);
    expect(own.forms.every((f) => f.subjectName === '王芳')).toBe(true);
    expect(
      (await caller(clerk).onsite.employeeForm({ employeeId: mine.id, formId: own.forms[0]!.formId })).answers.length,
    ).toBeGreaterThan(0);
    expect((await refusal(caller(clerk).onsite.employeeForms({ employeeId: other.id }))).code).toBe('FORBIDDEN');
    expect(
      (await refusal(caller(clerk).onsite.forms({ hallId: 'H1', from: '2026-01-01', to: '2026-01-02' }))).code,
    ).toBe('FORBIDDEN');
  });

  it("counts the day's forms as facts for the clerk, the counter and the hall", async () => {
    const t = (await caller(managerH2).onsite.templates({ hallId: 'H2' })).find((x) => x.id === 'counter-service')!;
    const env = (await caller(managerH2).onsite.templates({ hallId: 'H2' })).find((x) => x.id === 'hall-environment')!;
    // Two days ago in the hall (forms may be sent up to 62 days after they were scored).
    const day = localDate(Date.now() - 2 * 86_400_000, 'Asia/Shanghai');
    const scoredAt = localInstant(day, '10:00', 'Asia/Shanghai');
    await caller(managerH2).onsite.submit({
      hallId: 'H2',
      formId: randomUUID(),
      templateId: t.id,
      templateVersion: t.version,
      subjectKind: 'clerk',
      subjectId: '1002',
      counterId: 'C01',
      answers: answersFor(t),
      scoredAt,
    });
    await caller(managerH2).onsite.submit({
      hallId: 'H2',
      formId: randomUUID(),
      templateId: t.id,
      templateVersion: t.version,
      subjectKind: 'clerk',
      subjectId: '1002',
      answers: answersFor(t, { 'two-hands': { result: 'fail' }, uniform: { result: 'na' } }),
      scoredAt: scoredAt + 3_600_000,
    });
    await caller(managerH2).onsite.submit({
      hallId: 'H2',
      formId: randomUUID(),
      templateId: env.id,
      templateVersion: env.version,
      subjectKind: 'hall',
      subjectId: 'H2',
      answers: answersFor(env),
      scoredAt,
    });
    // Half past midnight the next hall-local day: not counted on that day.
    await caller(managerH2).onsite.submit({
      hallId: 'H2',
      formId: randomUUID(),
      templateId: env.id,
      templateVersion: env.version,
      subjectKind: 'hall',
      subjectId: 'H2',
      answers: answersFor(env),
      scoredAt: localInstant(addDays(day, 1), '00:30', 'Asia/Shanghai'),
    });
    const facts = await collectDay(database.db, { id: 'H2', timeZone: 'Asia/Shanghai' }, day);
    const of = (kind: string, id: string) => facts.find((f) => f.subjectKind === kind && f.subjectId === id)?.facts;
    const clerkId = (await database.db.select().from(employees).where(eq(employees.hallId, 'H2'))).find(
      (e) => e.staffId === '1002',
    )!.id;
    const full = t.sections.flatMap((s) => s.items).reduce((a, i) => a + i.points, 0);
    const envFull = env.sections.flatMap((s) => s.items).reduce((a, i) => a + i.points, 0);
    expect(of('clerk', clerkId)).toMatchObject({
      onsite_forms: 2,
      onsite_points: full + (full - 5 - 10),
      onsite_max_points: full + (full - 5),
      onsite_critical_fails: 0,
    });
    expect(of('counter', 'C01')).toMatchObject({ onsite_forms: 1, onsite_points: full });
    expect(of('hall', 'H2')).toMatchObject({ onsite_forms: 3, onsite_points: 2 * full - 15 + envFull });
  });

  it('notifies an overdue corrective action once, and closes it with a note', async () => {
    const [action] = await database.db.select().from(correctiveActions).where(eq(correctiveActions.hallId, 'H1'));
    await database.db
      .update(correctiveActions)
      .set({ dueDate: '2026-01-01' })
      .where(eq(correctiveActions.id, action!.id));
    const listed = await caller(managerH1).onsite.actions({ hallId: 'H1', status: 'open' });
    expect(listed.actions).toMatchObject([{ id: action!.id, overdue: true }]);
    expect(await notifyOverdueActions(database.db)).toEqual({ notified: 1 });
    expect(await notifyOverdueActions(database.db)).toEqual({ notified: 0 });
    await caller(managerH1).onsite.closeAction({ hallId: 'H1', actionId: action!.id, note: '已复训' });
    expect(
      (await refusal(caller(managerH1).onsite.closeAction({ hallId: 'H1', actionId: action!.id, note: 'x' }))).detail
        ?.code,
    ).toBe('onsite-action-closed');
    expect((await caller(managerH1).onsite.actions({ hallId: 'H1' })).actions[0]).toMatchObject({
      status: 'closed',
      closeNote: '已复训',
    });
  });
});
