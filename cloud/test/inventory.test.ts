/**
 * 物流管理 against a real PostgreSQL, as the people who use it: a hall manager asks for materials, the
 * region approves in part (not the hall's own manager), the warehouse ships, the hall receives with a
 * short, a damaged and an over-delivered line, each discrepancy is put right and the transfer closes with
 * nothing left in transit; a clerk's issue at the counter arrives from the hub (also beyond the cloud's
 * books: the fact is kept, the stock stays ≥ 0); a count's variance is posted when the region approves.
 * And the database itself refuses negative stock and changes to the ledger, whoever writes. The shipment's
 * label: a PDF whose QR code holds the receipt's address, for the warehouse and the hall only.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TRPCError } from '@trpc/server';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/db/rows.ts';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { createUser, openSession, sessionUser, type SessionUser } from '../src/modules/access/access.service.ts';
import { registerHall, registerHub } from '../src/modules/halls/halls.service.ts';
import { push } from '../src/modules/ingest/ingest.service.ts';
import { blobs } from '../src/modules/blobs/blobs.table.ts';
import { labelDocument } from '../src/modules/inventory/label.pdf.ts';
import { transferLabel } from '../src/modules/inventory/label.service.ts';
import { callerAs } from './support/caller.ts';
import { testDatabase } from './support/db.ts';
import { toRows } from './support/events.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
const users: Record<string, SessionUser> = {};

const caller = (name: string) => callerAs(db.db, users[name]);

async function person(
  username: string,
  orgUnitId: string,
  role: 'hall_manager' | 'region_manager' | 'logistics' | 'trainer',
) {
  const id = await createUser(db.db, { username, name: `${username} 名`, password: 'Correct-Horse-9', orgUnitId });
  await accessRepository.grant(db.db, { userId: id, role, orgUnitId });
  users[username] = (await sessionUser(db.db, (await openSession(db.db, id)).token)) as SessionUser;
}

const stock = async (locationId: string) =>
  Object.fromEntries(
    (
      await rowsOf<{ itemId: string; qty: number }>(
        db.db,
        sql`SELECT item_id AS "itemId", qty FROM inv_stock WHERE location_id = ${locationId} AND qty <> 0`,
      )
    ).map((r) => [r.itemId, r.qty]),
  );

const refusal = (e: unknown) => {
  const cause = (e as TRPCError).cause as
    { detail?: { code: string; params?: Record<string, unknown> }; fields?: string[] } | undefined;
  return {
    code: (e as TRPCError).code,
    detail: cause?.detail?.code,
    fields: cause?.fields,
    params: cause?.detail?.params,
  };
};
async function refused(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return refusal(e);
  }
  throw new Error('not refused');
}

beforeAll(async () => {
  db = await testDatabase();
  await accessRepository.insertUnit(db.db, { id: 'hq', parentId: null, kind: 'hq', name: '总部', hallId: null });
  await accessRepository.insertUnit(db.db, { id: 'south', parentId: 'hq', kind: 'region', name: '南区', hallId: null });
  for (const h of ['A', 'B']) {
    await registerHall(db.db, { id: h, name: `${h}厅`, timeZone: 'Asia/Shanghai' });
    await accessRepository.insertUnit(db.db, {
      id: `hall-${h}`,
      parentId: 'south',
      kind: 'hall',
      name: `${h}厅`,
      hallId: h,
    });
  }
  await registerHub(db.db, { id: 'hub-A', hallId: 'A' });
  await person('wh', 'hq', 'logistics');
  await person('rm', 'south', 'region_manager');
  await person('hmA', 'hall-A', 'hall_manager');
  await person('hmB', 'hall-B', 'hall_manager');
  await person('trA', 'hall-A', 'trainer');
  const wh = caller('wh');
  await wh.inventory.addWarehouse({ id: 'main', nameZh: '总仓', nameEn: 'Main warehouse', orgUnitId: 'hq' });
  const base = { unitZh: '张', unitEn: 'sheets', kind: 'item' as const, afterCampaign: 'keep' as const };
  await wh.inventory.saveItem({ ...base, id: 'FLY', nameZh: '5G宣传单', nameEn: '5G flyer', serviceIds: ['biz'] });
  await wh.inventory.saveItem({
    ...base,
    id: 'SIM',
    nameZh: 'SIM卡套',
    nameEn: 'SIM pack',
    unitZh: '个',
    unitEn: 'packs',
  });
  await wh.inventory.saveItem({
    ...base,
    id: 'KIT',
    kind: 'kit',
    nameZh: '开卡礼包',
    nameEn: 'New-line kit',
    parts: [
      { itemId: 'FLY', qty: 2 },
      { itemId: 'SIM', qty: 1 },
    ],
  });
  await wh.inventory.receiveGoods({
    locationId: 'wh:main',
    lines: [
      { itemId: 'FLY', qty: 500 },
      { itemId: 'SIM', qty: 50 },
    ],
  });
}, 120_000);

afterAll(async () => db?.drop());

describe('a transfer from request to close', () => {
  let id = 0;
  let token = '';
  it('the hall asks (a kit as its parts); the hall manager cannot approve, another hall cannot see it', async () => {
    ({ id } = await caller('hmA').inventory.request({
      hallId: 'A',
      lines: [
        { itemId: 'FLY', qty: 90 },
        { itemId: 'KIT', qty: 5 },
      ],
      note: '周末活动',
    }));
    const t = await caller('hmA').inventory.transfer({ id });
    expect(t.from.id).toBe('wh:main');
    expect(t.lines.map((l) => [l.itemId, l.requested])).toEqual([
      ['FLY', 100],
      ['SIM', 5],
    ]);
    expect(t.can).toMatchObject({ decide: false, cancel: true, ship: false });
    expect(await refused(caller('hmA').inventory.decide({ id, decision: 'approve' }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await refused(caller('hmB').inventory.transfer({ id }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refused(caller('wh').inventory.ship({ id }))).toMatchObject({ detail: 'inventory-transfer-status' });
  });

  it('the region approves in part; the warehouse ships: stock leaves for in-transit', async () => {
    expect(
      await refused(
        caller('rm').inventory.decide({ id, decision: 'approve', lines: [{ itemId: 'FLY', approved: 120 }] }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', detail: 'inventory-approved-above-request', fields: ['lines.0.approved'] });
    await caller('rm').inventory.decide({ id, decision: 'approve', lines: [{ itemId: 'FLY', approved: 80 }] });
    expect((await caller('hmA').inventory.transfer({ id })).lines.map((l) => l.approved)).toEqual([80, 5]);
    expect(await refused(caller('hmA').inventory.ship({ id }))).toMatchObject({ code: 'FORBIDDEN' });
    await caller('wh').inventory.ship({ id });
    expect(await stock('wh:main')).toEqual({ FLY: 420, SIM: 45 });
    expect(await stock('transit')).toEqual({ FLY: 80, SIM: 5 });
    // Receiving is the hall's step: offered to its manager, not to the region whose rights cover the hall.
    expect((await caller('hmA').inventory.transfer({ id })).can.receive).toBe(true);
    expect((await caller('rm').inventory.transfer({ id })).can.receive).toBe(false);
    token = (await caller('hmA').inventory.transfer({ id })).labelToken!;
    expect(token).toMatch(/^[\w-]{16}$/);
  });

  it('the hall receives with a wrong label refused, then with short, damaged and over lines', async () => {
    expect(await refused(caller('hmA').inventory.receive({ id, labelToken: 'x'.repeat(16), lines: [] }))).toMatchObject(
      { detail: 'inventory-label-mismatch', fields: ['labelToken'] },
    );
    // A photo the blob store does not hold is refused as that line's field.
    const receipt = (photo: string) => ({
      id,
      labelToken: token,
      lines: [
        { itemId: 'FLY', good: 70, damaged: 5, photo, note: '受潮' },
        { itemId: 'SIM', good: 7, damaged: 0 },
      ],
    });
    expect(await refused(caller('hmA').inventory.receive(receipt('b'.repeat(64))))).toMatchObject({
      detail: 'inventory-photo-missing',
      fields: ['lines.0.photo'],
    });
    await db.db
      .insert(blobs)
      .values({ sha256: 'a'.repeat(64), contentType: 'image/jpeg', bytes: 1, storedBy: 'test', hallId: 'A' });
    const out = await caller('hmA').inventory.receive({
      id,
      labelToken: token,
      lines: [
        { itemId: 'FLY', good: 70, damaged: 5, photo: 'a'.repeat(64), note: '受潮' },
        { itemId: 'SIM', good: 7, damaged: 0 },
      ],
    });
    expect(out).toMatchObject({ status: 'discrepancy', discrepancies: 3 });
    expect(await stock('hall:A')).toEqual({ FLY: 70, SIM: 5 });
    expect(await stock('hall:A:damaged')).toEqual({ FLY: 5 });
    // The 5 flyers that did not arrive stay in transit until someone decides what happened to them.
    expect(await stock('transit')).toEqual({ FLY: 5 });
    const t = await caller('rm').inventory.transfer({ id });
    expect(t.discrepancies.map((d) => [d.itemId, d.kind, d.qty])).toEqual([
      ['FLY', 'damaged', 5],
      ['FLY', 'short', 5],
      ['SIM', 'over', 2],
    ]);
    expect(t.can.resolve).toBe(true);
    expect((await caller('hmA').inventory.transfer({ id })).can.resolve).toBe(false);
  });

  it('each discrepancy is resolved; the last closes the transfer with nothing in transit', async () => {
    const t = await caller('rm').inventory.transfer({ id });
    const [damaged, short, over] = t.discrepancies;
    expect(
      await refused(caller('rm').inventory.resolve({ id, discrepancyId: over!.id, resolution: 'writeoff' })),
    ).toMatchObject({ detail: 'inventory-resolution-invalid', fields: ['resolution'] });
    await caller('rm').inventory.resolve({ id, discrepancyId: damaged!.id, resolution: 'writeoff', note: '受潮报废' });
    const reship = await caller('wh').inventory.resolve({ id, discrepancyId: short!.id, resolution: 'reship' });
    expect(reship.status).toBe('discrepancy');
    const last = await caller('rm').inventory.resolve({ id, discrepancyId: over!.id, resolution: 'keep' });
    expect(last.status).toBe('closed');
    expect(await stock('transit')).toEqual({});
    expect(await stock('hall:A')).toEqual({ FLY: 70, SIM: 7 });
    expect(await stock('hall:A:damaged')).toEqual({});
    // The warehouse had sent 2 SIM packs more than it booked: its books follow.
    expect(await stock('wh:main')).toEqual({ FLY: 420, SIM: 43 });
    const again = await caller('hmA').inventory.transfer({ id: reship.reshipTransferId! });
    expect(again).toMatchObject({ status: 'approved', reshipOf: id });
    expect(again.lines.map((l) => [l.itemId, l.approved])).toEqual([['FLY', 5]]);
    const audits = await rowsOf<{ action: string }>(
      db.db,
      sql`SELECT action FROM audit_log WHERE entity = 'inv_transfer' AND entity_id = ${String(id)} ORDER BY id`,
    );
    expect(audits.map((a) => a.action.replace('inventory.transfer.', ''))).toEqual([
      'request',
      'approve',
      'ship',
      'receive',
      'resolve',
      'resolve',
      'resolve',
    ]);
    expect((await caller('wh').inventory.ledgerCheck()).ok).toBe(true);
  });
});

describe('issues to customers', () => {
  it('the console refuses an issue the books cannot cover, naming the line', async () => {
    expect(
      await refused(
        caller('hmA').inventory.issue({
          hallId: 'A',
          mode: 'bulk',
          items: [{ itemId: 'SIM', qty: 8 }],
          note: '街头推广',
        }),
      ),
    ).toMatchObject({
      code: 'CONFLICT',
      detail: 'stock-insufficient',
      fields: ['items.0.qty'],
      // The sentence names the material and the hall, not their codes.
      params: { itemZh: 'SIM卡套', itemEn: 'SIM pack', locationZh: 'A厅', onHand: 7, wanted: 8 },
    });
    expect(
      await refused(
        caller('hmA').inventory.issue({ hallId: 'A', mode: 'counter', items: [{ itemId: 'FLY', qty: 1 }] }),
      ),
    ).toMatchObject({ detail: 'inventory-ticket-required', fields: ['ticketNo'] });
    expect(
      await refused(caller('hmB').inventory.issue({ hallId: 'A', mode: 'bulk', items: [{ itemId: 'FLY', qty: 1 }] })),
    ).toMatchObject({ code: 'FORBIDDEN' });
  });

  it("the hub's counter issue lands once, with ticket, service and clerk; beyond the books it is kept, stock stays ≥ 0", async () => {
    const issueId = '5d0c1f52-8f0e-4a57-b1c3-2f6a4d1e9b20';
    const body = {
      issueId,
      mode: 'counter',
      items: [
        { itemId: 'FLY', qty: 2, kitId: 'KIT' },
        { itemId: 'SIM', qty: 1, kitId: 'KIT' },
      ],
      ticketNo: 'A001',
      serviceId: 'biz',
      counterId: 'C01',
      staffId: 's01',
      note: null,
    };
    const at = Date.now() - 60_000;
    const beyond = {
      ...body,
      issueId: '9e7d5c3b-1a2f-4e6d-8c0b-7a5f3e1d2c4b',
      items: [{ itemId: 'SIM', qty: 10, kitId: null }],
    };
    const unknown = {
      ...body,
      issueId: '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d',
      items: [{ itemId: 'NOPE', qty: 1, kitId: null }],
    };
    const events = [body, body, beyond, unknown].map((b, i) => ({ type: 'material.issued', at: at + i, body: b }));
    const out = await push(db.db, 'hub-A', { batch: toRows(events) });
    expect(out.ackedThrough).toBe(3);
    expect(out.refused).toEqual([
      expect.objectContaining({ seq: 4, code: 'inventory-item-unknown', field: 'items.0.itemId' }),
    ]);
    const rows = await rowsOf<{ itemId: string; qty: number; posted: number; ticketNo: string; staffId: string }>(
      db.db,
      sql`SELECT item_id AS "itemId", qty, posted, ticket_no AS "ticketNo", staff_id AS "staffId" FROM inv_issues ORDER BY at, item_id`,
    );
    expect(rows).toEqual([
      { itemId: 'FLY', qty: 2, posted: 2, ticketNo: 'A001', staffId: 's01' },
      { itemId: 'SIM', qty: 1, posted: 1, ticketNo: 'A001', staffId: 's01' },
      // 10 handed out, 6 in the books: 6 posted, 4 for the next count to explain.
      { itemId: 'SIM', qty: 10, posted: 6, ticketNo: 'A001', staffId: 's01' },
    ]);
    expect(await stock('hall:A')).toEqual({ FLY: 68 });
    expect((await caller('wh').inventory.ledgerCheck()).ok).toBe(true);
  });

  it('a mistaken issue is taken back once', async () => {
    const { id } = await caller('hmA').inventory.issue({
      hallId: 'A',
      mode: 'bulk',
      items: [{ itemId: 'FLY', qty: 8 }],
    });
    expect(await stock('hall:A')).toEqual({ FLY: 60 });
    await caller('hmA').inventory.reverseIssue({ hallId: 'A', id, note: '录错' });
    expect(await stock('hall:A')).toEqual({ FLY: 68 });
    expect(await refused(caller('hmA').inventory.reverseIssue({ hallId: 'A', id }))).toMatchObject({
      detail: 'inventory-issue-reversed',
    });
  });
});

describe('stock counts', () => {
  it("the hall counts; the region approves and the variance is posted (not the counter's own approval)", async () => {
    const { id } = await caller('hmA').inventory.submitCount({
      locationId: 'hall:A',
      lines: [{ itemId: 'FLY', counted: 65 }],
      reason: '月度盘点',
    });
    expect(await refused(caller('hmA').inventory.decideCount({ id, decision: 'approve' }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    // An issue between the count and the approval is not counted twice.
    await caller('hmA').inventory.issue({ hallId: 'A', mode: 'bulk', items: [{ itemId: 'FLY', qty: 10 }] });
    const [count] = await caller('rm').inventory.counts({ locationId: 'hall:A' });
    expect(count).toMatchObject({ status: 'submitted', canDecide: true });
    expect(count!.lines).toEqual([expect.objectContaining({ itemId: 'FLY', expected: 68, counted: 65, variance: -3 })]);
    await caller('rm').inventory.decideCount({ id, decision: 'approve' });
    expect(await stock('hall:A')).toEqual({ FLY: 55 });
    expect(await refused(caller('rm').inventory.decideCount({ id, decision: 'approve' }))).toMatchObject({
      detail: 'inventory-count-decided',
    });
  });
});

describe('the database keeps the ledger whoever writes', () => {
  const code = async (q: ReturnType<typeof sql>) => {
    try {
      await db.db.execute(q);
    } catch (e) {
      return (e as { code?: string; cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
    }
    return 'ok';
  };
  it('refuses negative stock, a changed or deleted movement, and stock written beside the ledger', async () => {
    expect(
      await code(
        sql`INSERT INTO inv_movements (item_id, location_id, qty, kind, by) VALUES ('FLY', 'hall:A', -56, 'adjust', 'sql')`,
      ),
    ).toBe('23514');
    expect(await code(sql`UPDATE inv_movements SET qty = qty + 1`)).toBe('55000');
    expect(await code(sql`DELETE FROM inv_movements`)).toBe('55000');
    expect(await code(sql`TRUNCATE inv_movements`)).toBe('55000');
    expect(await code(sql`UPDATE inv_stock SET qty = 1000`)).toBe('55000');
    expect(await code(sql`INSERT INTO inv_stock VALUES ('SIM', 'hall:B', 5)`)).toBe('55000');
    expect(await stock('hall:A')).toEqual({ FLY: 55 });
    expect((await caller('wh').inventory.ledgerCheck()).ok).toBe(true);
  });
});

describe("the shipment's label", () => {
  const exec = promisify(execFile);
  const origin = 'https://console.example.com';
  it('holds the receipt address in its QR code, prints the transfer in Chinese, for the warehouse and the hall only', async () => {
    const { id } = await caller('hmA').inventory.request({ hallId: 'A', lines: [{ itemId: 'FLY', qty: 30 }] });
    // Not before it is shipped: the label goes on the parcel.
    expect(await refused(caller('wh').inventory.label({ id, origin, lang: 'zh-CN' }))).toMatchObject({
      code: 'CONFLICT',
      detail: 'inventory-label-not-shipped',
    });
    await caller('rm').inventory.decide({ id, decision: 'approve', lines: [{ itemId: 'FLY', approved: 25 }] });
    await caller('wh').inventory.ship({ id, lines: [{ itemId: 'FLY', shipped: 24 }] });
    const t = await caller('hmA').inventory.transfer({ id });
    expect(t.can).toMatchObject({ label: true, receive: true });
    expect((await caller('wh').inventory.transfer({ id })).can.label).toBe(true);

    const { label, fileName } = await transferLabel(db.db, users.wh!, { id, origin, lang: 'zh-CN' });
    const doc = labelDocument(label, 'zh-CN');
    const qr = JSON.stringify(doc.content).match(/"qr":"([^"]+)"/)?.[1];
    expect(qr).toBe(`${origin}/inventory/transfers/${id}/receive?t=${t.labelToken}`);
    expect(fileName).toBe(`调拨单${id}-标签.pdf`);
    expect(label.lines).toEqual([{ name: '5G宣传单', unit: '张', qty: 24 }]);

    const pdf = await caller('hmA').inventory.label({ id, origin, lang: 'zh-CN' });
    expect(pdf.contentType).toBe('application/pdf');
    const bytes = Buffer.from(pdf.base64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const work = mkdtempSync(join(tmpdir(), 'inv-label-'));
    try {
      writeFileSync(join(work, 'label.pdf'), bytes);
      const { stdout } = await exec('pdftotext', ['-layout', join(work, 'label.pdf'), '-']);
      expect(stdout).toContain(`调拨单 #${id}`);
      expect(stdout).toContain('A厅');
      expect(stdout).toMatch(/5G宣传单\s+24 张/);
      const { stdout: info } = await exec('pdfinfo', [join(work, 'label.pdf')]);
      // A6: 298 × 420 pt.
      expect(info).toMatch(/Page size:\s+297\.6\d* x 419\.5\d* pts/);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('refuses another hall (not found), a role without inventory, and an origin that is not one', async () => {
    const [t] = await caller('wh').inventory.transfers({ status: ['shipped'] });
    const id = t!.id;
    expect(await refused(caller('hmB').inventory.label({ id, origin, lang: 'en' }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await refused(caller('trA').inventory.label({ id, origin, lang: 'en' }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    const badOrigin = async (origin: string) => {
      try {
        await caller('wh').inventory.label({ id, origin, lang: 'en' });
      } catch (e) {
        const issues = ((e as TRPCError).cause as { issues?: Array<{ path: unknown[] }> } | undefined)?.issues;
        return { code: (e as TRPCError).code, path: issues?.[0]?.path };
      }
      return null;
    };
    for (const bad of [
      'javascript:alert(1)',
      `${origin}/evil`,
      'ftp://console.example.com',
      `https://${'a'.repeat(200)}.cn`,
    ])
      expect(await badOrigin(bad)).toEqual({ code: 'BAD_REQUEST', path: ['origin'] });
    const en = await caller('wh').inventory.label({ id, origin: 'http://127.0.0.1:8080', lang: 'en' });
    expect(en.fileName).toBe(`transfer-${id}-label.pdf`);
  });
});

describe("the catalogue's photos", () => {
  const item = { unitZh: '张', unitEn: 'sheets', kind: 'item' as const, afterCampaign: 'keep' as const };
  const poster = { ...item, id: 'PST', nameZh: '5G海报', nameEn: '5G poster' };

  it("takes only a photo held as the organisation's, keeps it when a save leaves it out, and shows it on a transfer's lines", async () => {
    const wh = caller('wh');
    const blob = (sha256: string, hallId: string | null) =>
      db.db.insert(blobs).values({
        sha256,
        contentType: 'image/jpeg',
        bytes: 1,
        storedBy: 'test',
        hallId,
        shared: hallId ? [] : ['catalogue'],
      });
    // Never uploaded, or a hall's (its people alone would see it): refused as the photo field.
    expect(await refused(wh.inventory.saveItem({ ...poster, photo: 'c'.repeat(64) }))).toMatchObject({
      detail: 'inventory-photo-missing',
      fields: ['photo'],
    });
    await blob('d'.repeat(64), 'A');
    expect(await refused(wh.inventory.saveItem({ ...poster, photo: 'd'.repeat(64) }))).toMatchObject({
      detail: 'inventory-photo-missing',
      fields: ['photo'],
    });
    await blob('e'.repeat(64), null);
    await wh.inventory.saveItem({ ...poster, photo: 'e'.repeat(64) });
    const photoOf = async () => (await caller('hmB').inventory.items()).find((i) => i.id === 'PST')?.photo;
    expect(await photoOf()).toBe('e'.repeat(64));
    // A change that does not mention the photo keeps it; null takes it away.
    await wh.inventory.saveItem({ ...poster, nameEn: '5G poster A2' });
    expect(await photoOf()).toBe('e'.repeat(64));

    // The hall sees what to look for in the parcel.
    const { id } = await caller('hmA').inventory.request({ hallId: 'A', lines: [{ itemId: 'PST', qty: 4 }] });
    const t = await caller('hmA').inventory.transfer({ id });
    expect(t.lines.map((l) => [l.itemId, l.photo])).toEqual([['PST', 'e'.repeat(64)]]);
    await caller('hmA').inventory.cancel({ id, note: '测试照片' });

    await wh.inventory.saveItem({ ...poster, photo: null });
    expect(await photoOf()).toBeNull();
  });
});
