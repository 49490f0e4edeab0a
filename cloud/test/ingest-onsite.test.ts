/**
 * `onsite.scored` at ingest, on a real database: a form scored at a hub lands in `onsite_forms` with the
 * score of `scoreForm`, source 'hub' and the clerk's employee id, its scorer (`staff:<id>`) named as the
 * hall's employee in the console's lists; sent again (a retry, or the same form
 * id from the console) it is one form; a template version the cloud lacks, an answer naming an item
 * the template does not have, or a photo the cloud does not hold refuses that row (coded, naming the item) while the rows around it land.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChecklistTemplate } from '@hall/devices';
import { registerHall, registerHub } from '../src/modules/halls/halls.service.ts';
import { push } from '../src/modules/ingest/ingest.service.ts';
import { blobs } from '../src/modules/blobs/blobs.table.ts';
import { checklistTemplates, onsiteForms } from '../src/modules/performance/onsite.table.ts';
import { employeeForms, hallForms } from '../src/modules/performance/onsite.service.ts';
import { employees } from '../src/modules/staff/staff.table.ts';
import { testDatabase } from './support/db.ts';
import { toRows, type TestEvent } from './support/events.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
const T0 = Date.UTC(2026, 10, 25, 2, 0, 0);

export const TEMPLATE: ChecklistTemplate = {
  id: 'counter-service',
  version: 2,
  zh: '窗口服务规范',
  en: 'Counter service standard',
  subject: 'clerk',
  sections: [
    {
      id: 'greeting',
      zh: '迎接',
      en: 'Greeting',
      items: [
        {
          id: 'stand-greet',
          zh: '起身迎接',
          en: 'Stands to greet',
          kind: 'pass-fail',
          points: 10,
          critical: false,
          photoOnFail: false,
        },
        {
          id: 'uniform',
          zh: '着装规范',
          en: 'Uniform',
          kind: 'pass-fail',
          points: 10,
          critical: false,
          photoOnFail: true,
        },
        {
          id: 'explain',
          zh: '业务讲解',
          en: 'Explains clearly',
          kind: 'points',
          points: 20,
          critical: false,
          photoOnFail: false,
        },
        {
          id: 'id-check',
          zh: '核验证件',
          en: 'Checks ID',
          kind: 'pass-fail',
          points: 10,
          critical: true,
          photoOnFail: false,
        },
      ],
    },
  ],
};

const PHOTO = 'e'.repeat(64);
const form = (formId: string, over: Record<string, unknown> = {}): TestEvent => ({
  type: 'onsite.scored',
  at: T0,
  body: {
    formId,
    templateId: 'counter-service',
    templateVersion: 2,
    subjectKind: 'clerk',
    subjectId: 'E7',
    counterId: 'C01',
    ticketNo: 'A012',
    answers: [
      { itemId: 'stand-greet', result: 'pass', points: null, note: null, photos: [] },
      { itemId: 'uniform', result: 'fail', points: null, note: '未佩戴工牌', photos: [PHOTO] },
      { itemId: 'explain', result: 'pass', points: 15, note: null, photos: [] },
      { itemId: 'id-check', result: 'na', points: null, note: null, photos: [] },
    ],
    scoredBy: 'staff:M01',
    signature: null,
    ...over,
  },
});

beforeAll(async () => {
  db = await testDatabase();
  await registerHall(db.db, { id: 'H1', name: '测试营业厅', timeZone: 'Asia/Shanghai' });
  await registerHub(db.db, { id: 'hub-1', hallId: 'H1' });
  await db.db
    .insert(checklistTemplates)
    .values({ id: 'counter-service', version: 2, orgUnitId: 'hq', document: TEMPLATE });
  await db.db
    .insert(blobs)
    .values({ sha256: PHOTO, contentType: 'image/jpeg', bytes: 100, storedBy: 'hub:hub-1', hallId: 'H1' });
  await db.db.insert(employees).values({
    id: 'emp-7',
    hallId: 'H1',
    staffId: 'E7',
    name: '王芳',
    skills: {},
    contract: { kind: 'full-time', minWeekHours: 16, maxWeekHours: 40, maxDaysPerWeek: 5, minRestHours: 11 },
  });
  await db.db.insert(employees).values({
    id: 'emp-m1',
    hallId: 'H1',
    staffId: 'M01',
    name: '陈静',
    role: 'manager',
    skills: {},
    contract: { kind: 'full-time', minWeekHours: 16, maxWeekHours: 40, maxDaysPerWeek: 5, minRestHours: 11 },
  });
});
afterAll(async () => {
  await db?.drop();
});

describe('onsite.scored at ingest', () => {
  it('stores a hub’s form scored by the template version, with the clerk’s employee; twice sent is one form', async () => {
    const id = randomUUID();
    const rows = toRows([{ type: 'day.started', at: T0, body: { date: '2026-11-25' } }, form(id)]);
    expect((await push(db.db, 'hub-1', { batch: rows })).ackedThrough).toBe(2);
    // The same form again under a later seq (the hub journaled it twice, or the console sent it too).
    expect((await push(db.db, 'hub-1', { batch: toRows([form(id)], 3) })).ackedThrough).toBe(3);
    const stored = await db.db.select().from(onsiteForms).where(eq(onsiteForms.formId, id));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      hallId: 'H1',
      employeeId: 'emp-7',
      source: 'hub',
      points: 25,
      maxPoints: 40,
      criticalFailed: false,
      ticketNo: 'A012',
      scoredBy: 'staff:M01',
    });
    expect(stored[0]?.answers[1]?.photos).toEqual([PHOTO]);
    // The console names the manager who scored at the hub's page (signed in with their staff number), not the id.
    const forms = await hallForms(db.db, { hallId: 'H1', from: '2026-11-25', to: '2026-11-25' });
    expect(forms.forms.find((f) => f.formId === id)).toMatchObject({ scoredBy: '陈静', subjectName: '王芳' });
    expect((await employeeForms(db.db, 'emp-7')).forms[0]).toMatchObject({ scoredBy: '陈静' });
  });

  it('refuses a form of a template version the cloud lacks, one naming an unknown item, one naming a photo the cloud does not hold and one with items left out, as those rows; the next form lands after their tombstones', async () => {
    const ok = randomUUID();
    const unknownVersion = randomUUID();
    const unknownItem = randomUUID();
    const noPhoto = randomUUID();
    const badAnswers = [{ itemId: 'no-such-item', result: 'pass', points: null, note: null, photos: [] }];
    const all = (form('x').body as { answers: Array<Record<string, unknown>> }).answers;
    const unknownPhoto = all.map((a) => (a.itemId === 'uniform' ? { ...a, photos: ['f'.repeat(64)] } : a));
    const unanswered = randomUUID();
    const result = await push(db.db, 'hub-1', {
      batch: toRows(
        [
          form(unknownVersion, { templateVersion: 9 }),
          form(unknownItem, { answers: badAnswers }),
          form(noPhoto, { answers: unknownPhoto }),
          // Items left out (a hub page that skipped them): scored as if they were not there — refused.
          form(unanswered, { answers: all.filter((a) => a.itemId !== 'explain') }),
          form(ok),
        ],
        4,
      ),
    });
    expect(result.refused.map((r) => [r.seq, r.code, r.field]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [4, 'onsite-template-unknown', 'templateVersion'],
      [5, 'onsite-unknown-item', 'answers.0.itemId'],
      [6, 'onsite-photo-missing', 'answers.1.photos.0'],
      [7, 'onsite-item-unanswered', 'answers'],
    ]);
    expect(result.refused.find((r) => r.seq === 5)?.message).toContain('no-such-item');
    // The hub dead-letters them and sends tombstones in their place; the form after them then lands.
    const tombstone = (originalKind: string): TestEvent => ({
      type: 'hub.dead-letter',
      at: T0,
      body: { originalKind, error: 'refused' },
    });
    const after = await push(db.db, 'hub-1', {
      batch: toRows(
        Array.from({ length: 4 }, () => tombstone('onsite.scored')),
        4,
      ),
    });
    expect(after.ackedThrough).toBe(8);
    const ids = (await db.db.select({ id: onsiteForms.formId }).from(onsiteForms)).map((r) => r.id);
    expect(ids).toContain(ok);
    expect(ids).not.toContain(unknownVersion);
    expect(ids).not.toContain(unknownItem);
    expect(ids).not.toContain(unanswered);
  });
});
