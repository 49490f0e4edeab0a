/**
 * The training library's Chinese search, through the API as a trainer and a hall manager use it, on the
 * harness's PostgreSQL (a `C`-ctype cluster, where pg_trgm drops Chinese) and on PGlite (the embedded
 * default): "宣传海报" is found inside the title "营业厅宣传海报张贴规范", inside a note's text and inside a
 * PDF's text (extracted by the `training.extract` job in a worker thread); a title hit ranks above text
 * hits; hits come marked; a new version replaces the old one in the results; an archived material leaves
 * them; a file that is not a PDF is marked unreadable; who may change what.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/db/client.ts';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { createUser, openSession, sessionUser, type SessionUser } from '../src/modules/access/access.service.ts';
import { FsBlobStore, sha256Of } from '../src/modules/blobs/blob-store.ts';
import { blobs } from '../src/modules/blobs/blobs.table.ts';
import { Jobs } from '../src/modules/jobs/jobs.service.ts';
import { renderPdf } from '../src/modules/reports/report.pdf.ts';
import { defineTrainingJobs } from '../src/modules/training/training.jobs.ts';
import { callerAs } from './support/caller.ts';
import { testDatabase } from './support/db.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const POLICY = `一、总则：为规范营业厅形象，特制定本规范。二、张贴位置：宣传海报应张贴在营业厅入口两侧，离地一百五十厘米。
三、更换：活动结束后三日内撤下过期宣传海报，交回仓库。四、检查：值班经理每日巡检。`;

async function setUp(db: Db, dir: string) {
  await accessRepository.insertUnit(db, { id: 'hq', parentId: null, kind: 'hq', name: '总部', hallId: null });
  await accessRepository.insertUnit(db, { id: 'south', parentId: 'hq', kind: 'region', name: '南区', hallId: null });
  await accessRepository.insertUnit(db, { id: 'north', parentId: 'hq', kind: 'region', name: '北区', hallId: null });
  const users: Record<string, SessionUser> = {};
  for (const [name, unit, role] of [
    ['trainer', 'south', 'trainer'],
    ['trainerN', 'north', 'trainer'],
    ['manager', 'south', 'hall_manager'],
    ['logistics', 'hq', 'logistics'],
  ] as const) {
    const id = await createUser(db, { username: name, name, password: 'Correct-Horse-9', orgUnitId: unit });
    await accessRepository.grant(db, { userId: id, role, orgUnitId: unit });
    users[name] = (await sessionUser(db, (await openSession(db, id)).token)) as SessionUser;
  }
  const store = new FsBlobStore(join(dir, 'blobs'));
  const jobs = new Jobs({ db, log: pino({ level: 'silent' }), random: () => 0.5 });
  defineTrainingJobs(jobs, { store });
  const as = (name: string) => callerAs(db, users[name], { jobs }).training;
  /** A file put in the blob store as the upload would (bytes first, then the row with the sniffed type). */
  const file = async (bytes: Uint8Array, contentType: string) => {
    const sha = sha256Of(bytes);
    await store.put(sha, bytes);
    await db.insert(blobs).values({
      sha256: sha,
      contentType,
      bytes: bytes.byteLength,
      storedBy: 'test',
      hallId: null,
      shared: ['training'],
    });
    return sha;
  };
  const runJobs = async () => {
    await jobs.runner.tick({ housekeeping: false });
    await jobs.runner.drain();
  };
  return { as, file, runJobs };
}

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    const cause = (e as TRPCError).cause as { detail?: { code: string }; fields?: string[] } | undefined;
    return { code: (e as TRPCError).code, detail: cause?.detail?.code, fields: cause?.fields };
  }
  throw new Error('not refused');
};

const backends: Array<[string, () => Promise<{ db: Db; dir: string }>]> = [
  [
    'PostgreSQL (C ctype)',
    async () => {
      const t = await testDatabase();
      const dir = mkdtempSync(join(tmpdir(), 'training-pg-'));
      cleanups.push(
        () => t.drop(),
        () => rmSync(dir, { recursive: true, force: true }),
      );
      return { db: t.db, dir };
    },
  ],
  [
    'PGlite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'training-pglite-'));
      const d = await openDatabase({ dataDir: join(dir, 'db') });
      cleanups.push(
        () => d.close(),
        () => rmSync(dir, { recursive: true, force: true }),
      );
      return { db: d.db, dir };
    },
  ],
];

describe.each(backends)('the training library on %s', (_name, open) => {
  it('finds 宣传海报 in a title, in a note and in a PDF, the title first, with the hits marked', async () => {
    const { db, dir } = await open();
    const { as, file, runJobs } = await setUp(db, dir);
    const trainer = as('trainer');
    const base = { serviceIds: [], skills: ['形象规范'], level: 1, orgUnitId: 'south' };
    // A text hit made long, so a rank by frequency alone would put it first.
    const busy = await trainer.createMaterial({
      ...base,
      kind: 'note',
      title: '门店陈列检查表',
      body: `检查要点：宣传海报是否平整。宣传海报是否过期。宣传海报数量。${POLICY}`,
    });
    const titled = await trainer.createMaterial({
      ...base,
      kind: 'note',
      title: '营业厅宣传海报张贴规范',
      summary: '海报张贴的位置、更换与检查',
      body: '本规范适用于所有营业厅。',
    });
    const pdf = await renderPdf({
      content: [{ text: '新员工手册' }, { text: `第三章 营业厅环境。${POLICY}` }],
      defaultStyle: { font: 'Sans' },
    });
    const doc = await trainer.createMaterial({
      ...base,
      kind: 'document',
      title: '新员工手册',
      file: { sha256: await file(new Uint8Array(pdf), 'application/pdf'), name: '新员工手册.pdf' },
    });
    await trainer.createMaterial({ ...base, kind: 'note', title: '宽带装机流程', body: '预约上门时间，核对地址。' });

    // Before its job the PDF's text is not searchable yet, and says so.
    const before = await as('manager').library({ q: '宣传海报' });
    expect(before.rows.map((r) => r.id)).toEqual([titled.id, busy.id]);
    expect((await as('manager').material({ id: doc.id })).extraction).toBe('pending');
    await runJobs();
    const found = await as('manager').library({ q: '宣传海报' });
    expect(found.total).toBe(3);
    expect(found.words).toEqual(['宣传', '海报']);
    expect(found.rows[0]!.id).toBe(titled.id);
    expect(found.rows.map((r) => r.id).sort()).toEqual([titled.id, busy.id, doc.id].sort());
    expect(found.rows[0]!.titlePieces.filter((p) => p.hit).map((p) => p.text)).toEqual(['宣传', '海报']);
    const inPdf = found.rows.find((r) => r.id === doc.id)!;
    expect(inPdf.excerpt.map((p) => p.text).join('')).toContain('宣传海报应张贴在营业厅入口两侧');
    expect(inPdf.excerpt.some((p) => p.hit && p.text === '海报')).toBe(true);
    const stored = await as('manager').material({ id: doc.id });
    expect(stored).toMatchObject({
      extraction: 'done',
      pages: 1,
      fileName: '新员工手册.pdf',
      contentType: 'application/pdf',
    });
    // A prefix finds it too; a word of no material finds nothing; a tag (skill) is searchable.
    expect((await as('manager').library({ q: '宣传海' })).total).toBe(3);
    expect((await as('manager').library({ q: '宽带 海报' })).total).toBe(0);
    expect((await as('manager').library({ q: '形象规范' })).total).toBe(4);

    // A new version replaces the old one in the results; its page lists both.
    const v2 = await trainer.newVersion({
      of: titled.id,
      material: {
        ...base,
        kind: 'note',
        title: '营业厅宣传海报张贴规范（2027版）',
        body: '新版：海报统一使用磁吸框。',
      },
    });
    expect(v2.version).toBe(2);
    const after = await as('manager').library({ q: '宣传海报' });
    expect(after.rows[0]!.id).toBe(v2.id);
    expect(after.rows.map((r) => r.id)).not.toContain(titled.id);
    expect((await as('manager').material({ id: v2.id })).versions.map((v) => v.version)).toEqual([1, 2]);
    expect(
      await refusal(trainer.newVersion({ of: titled.id, material: { ...base, kind: 'note', title: 'x', body: 'y' } })),
    ).toMatchObject({
      code: 'CONFLICT',
      detail: 'training-material-superseded',
    });

    // Archived: out of the results.
    await trainer.archiveMaterial({ id: busy.id, archived: true });
    expect((await as('manager').library({ q: '宣传海报' })).rows.map((r) => r.id)).not.toContain(busy.id);
  });

  it('refuses what does not fit, marks an unreadable file, and lets only the keeping unit’s trainers change a material', async () => {
    const { db, dir } = await open();
    const { as, file, runJobs } = await setUp(db, dir);
    const base = { serviceIds: [], skills: [], level: 2, orgUnitId: 'south' };
    const trainer = as('trainer');
    expect(await refusal(trainer.createMaterial({ ...base, kind: 'note', title: '空白说明' }))).toMatchObject({
      detail: 'training-note-empty',
      fields: ['body'],
    });
    expect(
      await refusal(
        trainer.createMaterial({
          ...base,
          kind: 'document',
          title: '未上传',
          file: { sha256: 'a'.repeat(64), name: 'x.pdf' },
        }),
      ),
    ).toMatchObject({ detail: 'training-file-missing', fields: ['file'] });
    const png = await file(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), 'image/png');
    expect(
      await refusal(
        trainer.createMaterial({
          ...base,
          kind: 'document',
          title: '图片当文档',
          file: { sha256: png, name: 'a.png' },
        }),
      ),
    ).toMatchObject({ detail: 'training-file-kind', fields: ['file'] });
    // Bytes the store calls a PDF that pdf.js cannot read: the job marks the text unreadable, once.
    const broken = await file(new TextEncoder().encode('%PDF-1.7 not really'), 'application/pdf');
    const bad = await trainer.createMaterial({
      ...base,
      kind: 'document',
      title: '损坏的文件',
      file: { sha256: broken, name: 'b.pdf' },
    });
    await runJobs();
    expect((await trainer.material({ id: bad.id })).extraction).toBe('failed');

    // Another region's trainer and a hall manager read, but do not change it; logistics has no training.
    const note = await trainer.createMaterial({
      ...base,
      kind: 'note',
      title: '投诉处理话术',
      body: '先致歉，再核实。',
    });
    expect((await as('trainerN').material({ id: note.id })).canEdit).toBe(false);
    expect(await refusal(as('trainerN').archiveMaterial({ id: note.id, archived: true }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await refusal(as('manager').createMaterial({ ...base, kind: 'note', title: 'x', body: 'y' }))).toMatchObject(
      {
        code: 'FORBIDDEN',
      },
    );
    expect(await refusal(as('logistics').library({}))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(as('manager').material({ id: 999_999 }))).toMatchObject({
      code: 'NOT_FOUND',
      detail: 'training-material-not-found',
    });
  });
});
