/**
 * Staff records on both databases the cloud runs on (the harness's PostgreSQL and PGlite): a hall's staff
 * imported once from its config (also when two processes try at once), records created and changed with
 * coded refusals naming the field, a counter PIN answered once and kept only hashed — the hub's next
 * config carries the hash —, an employee who left or moved gone from the hall's staff section, and a
 * clerk who sees only themself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashSecretSync, SecretGate, verifySecret } from '@hall/devices/secrets';
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/app.router.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { clientError } from '../src/error-shape.ts';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { auditLog } from '../src/modules/access/access.table.ts';
import { createUser, ensureHallUnit, type SessionUser } from '../src/modules/access/access.service.ts';
import { LoginGuard } from '../src/modules/access/login-guard.ts';
import { hallsRepository } from '../src/modules/halls/halls.repository.ts';
import { putHallConfig, registerHall } from '../src/modules/halls/halls.service.ts';
import { rosters, rosterShifts } from '../src/modules/scheduling/scheduling.table.ts';
import { importAllHalls, importStaffOnce } from '../src/modules/staff/staff-config.ts';
import { addDays, applyDueMoves, localDay, writeRoleSections } from '../src/modules/staff/staff.service.ts';
import { employeeMoves, employees } from '../src/modules/staff/staff.table.ts';
import { createCallerFactory, type CloudContext } from '../src/trpc.ts';
import { testDatabase } from './support/db.ts';

const backends: Array<[string, () => Promise<Database & { drop(): Promise<void> }>]> = [
  ['PostgreSQL', () => testDatabase()],
  [
    'PGlite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hall-staff-'));
      const d = await openDatabase({ dataDir: dir });
      return { ...d, drop: async () => (await d.close(), rmSync(dir, { recursive: true, force: true })) };
    },
  ],
];

const services = [
  { id: 'billing', name: '话费业务', prefix: 'A', targetWaitMinutes: 10 },
  { id: 'sim', name: '办卡', prefix: 'S', targetWaitMinutes: 5 },
];
const counters = [{ id: 'C01', name: '1号窗口', services: { billing: 1, sim: 1 } }];
const configWithStaff = (staff: unknown[]) => ({ hall: { capacity: 80 }, services, counters, staff });

const admin: SessionUser = {
  id: 'u-admin',
  username: 'admin',
  name: 'Admin',
  orgUnitId: 'hq',
  staffId: null,
  grants: [{ role: 'administrator', orgUnitId: 'hq' }],
  csrfToken: '',
};

/** The coded refusal a console would get for a call (its code, reason, fields, detail). */
async function refusal(call: Promise<unknown>) {
  try {
    await call;
  } catch (err) {
    if (err instanceof TRPCError) return { code: err.code, ...clientError(err) };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe.each(backends)('staff records on %s', (_name, open) => {
  let database: Database & { drop(): Promise<void> };
  const caller = (user: SessionUser) =>
    createCallerFactory(appRouter)({
      db: database.db,
      authorization: null,
      cookies: {},
      csrfHeader: null,
      hubTokens: new SecretGate(),
      logins: new LoginGuard(),
      source: null,
      user,
    } satisfies CloudContext);
  const hubStaff = async (hallId: string) => {
    const c = await hallsRepository.config(database.db, hallId);
    return { version: c?.version ?? 0, staff: (c?.document.staff ?? []) as Array<Record<string, unknown>> };
  };
  const rowsOf = (hallId: string) => database.db.select().from(employees).where(eq(employees.hallId, hallId));

  beforeAll(async () => {
    database = await open();
    for (const h of ['H1', 'H2', 'H3']) {
      await registerHall(database.db, { id: h, name: `${h}厅`, timeZone: 'Asia/Shanghai' });
      await ensureHallUnit(database.db, { hallId: h, name: `${h}厅` });
    }
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("imports a hall's staff from its config once, keeping PIN hashes, and keeps them when a config is put", async () => {
    const pinHash = hashSecretSync('246810');
    await putHallConfig(
      database.db,
      'H1',
      configWithStaff([
        { id: '1001', name: '王芳', pinHash },
        { id: '1002', name: '李雷', skills: ['sim'] },
      ]),
      null,
    );
    const rows = await rowsOf('H1');
    expect(rows.map((r) => [r.staffId, r.name, r.skills]).sort()).toEqual([
      ['1001', '王芳', { billing: 2, sim: 2 }],
      ['1002', '李雷', { sim: 2 }],
    ]);
    expect(rows.find((r) => r.staffId === '1001')?.pinHash).toBe(pinHash);
    expect(rows[0]?.contract).toMatchObject({
      kind: 'full-time',
      minWeekHours: 32,
      maxWeekHours: 44,
      minRestHours: 11,
    });
    // A document put later without the staff (an older console, the CLI): the hall keeps its staff.
    await putHallConfig(database.db, 'H1', configWithStaff([]), null);
    expect((await hubStaff('H1')).staff.map((s) => s.id)).toEqual(['1001', '1002']);
    expect(await rowsOf('H1')).toHaveLength(2);
  });

  it('imports once when two processes try at the same time', async () => {
    // A config written before the staff module existed (straight to the table, no import).
    await hallsRepository.putConfig(
      database.db,
      'H3',
      {
        ...configWithStaff([
          { id: '7', name: '赵六' },
          { id: '8', name: '钱七' },
        ]),
        hall: { id: 'H3', name: 'H3厅', timeZone: 'Asia/Shanghai' },
      },
      null,
    );
    const results = await Promise.all([importStaffOnce(database.db, 'H3'), importStaffOnce(database.db, 'H3')]);
    expect(results.map((r) => r.imported).sort()).toEqual([2, null]);
    expect(await importStaffOnce(database.db, 'H3')).toEqual({ imported: null });
    expect(await rowsOf('H3')).toHaveLength(2);
    // At a cloud's start: the halls not imported yet, and only those.
    await registerHall(database.db, { id: 'H4', name: 'H4厅', timeZone: 'Asia/Shanghai' });
    await hallsRepository.putConfig(
      database.db,
      'H4',
      { ...configWithStaff([{ id: '9', name: '孙八' }]), hall: { id: 'H4', name: 'H4厅', timeZone: 'Asia/Shanghai' } },
      null,
    );
    expect((await importAllHalls(database.db)).imported).toBe(1);
    expect((await importAllHalls(database.db)).imported).toBe(0);
    expect((await rowsOf('H4')).map((r) => r.name)).toEqual(['孙八']);
  });

  it('creates and updates records, refusing with a code that names the field', async () => {
    const api = caller(admin).staff;
    const created = await api.create({
      hallId: 'H1',
      staffId: '1003',
      name: '张伟',
      skills: { billing: 3 },
      contract: { kind: 'part-time', minWeekHours: 20, maxWeekHours: 30, maxDaysPerWeek: 4, minRestHours: 11 },
      availability: { mon: [{ from: '09:00', to: '13:00' }], sun: null },
    });
    expect((await hubStaff('H1')).staff.find((s) => s.id === '1003')).toEqual({
      id: '1003',
      name: '张伟',
      skills: ['billing'],
      levels: { billing: 3 },
    });
    const unknownSkill = await refusal(api.create({ hallId: 'H1', staffId: '1004', name: 'x', skills: { loans: 2 } }));
    expect(unknownSkill).toMatchObject({
      code: 'BAD_REQUEST',
      fields: ['skills.loans'],
      detail: { code: 'skill-unknown-service', params: { service: 'loans' } },
    });
    const taken = await refusal(api.create({ hallId: 'H1', staffId: '1001', name: '重号' }));
    expect(taken).toMatchObject({ code: 'CONFLICT', fields: ['staffId'], detail: { code: 'staff-number-taken' } });
    // Two managers adding the same number at once: one record, and the other told why.
    const both = await Promise.allSettled([
      api.create({ hallId: 'H1', staffId: '1009', name: '甲' }),
      api.create({ hallId: 'H1', staffId: '1009', name: '乙' }),
    ]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = both.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(await refusal(Promise.reject(lost.reason))).toMatchObject({ detail: { code: 'staff-number-taken' } });
    const badContract = await refusal(
      api.update({
        employeeId: created.employeeId,
        contract: { kind: 'full-time', minWeekHours: 50, maxWeekHours: 40, maxDaysPerWeek: 5, minRestHours: 11 },
      }),
    );
    expect(badContract).toMatchObject({ code: 'BAD_REQUEST', fields: ['contract.minWeekHours'] });
    const badLevel = await refusal(api.update({ employeeId: created.employeeId, skills: { billing: 4 } }));
    expect(badLevel).toMatchObject({ code: 'BAD_REQUEST', fields: ['skills.billing'] });

    // A contract change is not the hub's business: no new config version. A name change is.
    const before = (await hubStaff('H1')).version;
    await api.update({
      employeeId: created.employeeId,
      contract: { kind: 'part-time', minWeekHours: 24, maxWeekHours: 30, maxDaysPerWeek: 4, minRestHours: 11 },
    });
    expect((await hubStaff('H1')).version).toBe(before);
    await api.update({ employeeId: created.employeeId, name: '张伟伟', skills: { billing: 3, sim: 1 } });
    const after = await hubStaff('H1');
    expect(after.version).toBe(before + 1);
    expect(after.staff.find((s) => s.id === '1003')).toMatchObject({
      name: '张伟伟',
      skills: ['billing', 'sim'],
      levels: { billing: 3, sim: 1 },
    });
    // A role change is the hub's business: a lead may score on-site at the hub page, a clerk again may not.
    await api.update({ employeeId: created.employeeId, role: 'lead' });
    const lead = await hubStaff('H1');
    expect(lead.version).toBe(before + 2);
    expect(lead.staff.find((s) => s.id === '1003')).toMatchObject({ role: 'lead' });
    await api.update({ employeeId: created.employeeId, role: 'clerk' });
    expect((await hubStaff('H1')).staff.find((s) => s.id === '1003')).not.toHaveProperty('role');
    // Two managers changing two clerks of one hall at once: the hub's section ends with both changes.
    const wang = (await api.list({ hallId: 'H1', q: '1001' })).items[0] as { id: string };
    await Promise.all([
      api.update({ employeeId: wang.id, name: '王芳芳' }),
      api.update({ employeeId: created.employeeId, skills: { billing: 3 } }),
    ]);
    expect((await hubStaff('H1')).staff.filter((s) => s.id === '1001' || s.id === '1003')).toEqual([
      expect.objectContaining({ id: '1001', name: '王芳芳' }),
      expect.objectContaining({ id: '1003', skills: ['billing'] }),
    ]);
    await api.update({ employeeId: wang.id, name: '王芳' });
    await api.update({ employeeId: created.employeeId, skills: { billing: 3, sim: 1 } });
    const got = await api.get({ employeeId: created.employeeId });
    expect(got).toMatchObject({ name: '张伟伟', hallName: 'H1厅', contract: { minWeekHours: 24 }, pinSet: false });
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, created.employeeId), eq(auditLog.action, 'employee.updated')));
    expect(audit.map((a) => a.before)).toContainEqual({ name: '张伟', skills: { billing: 3 } });
    const list = await api.list({ hallId: 'H1', skill: 'billing', q: '张' });
    expect(list.items.map((e) => e.staffId)).toEqual(['1003']);
  });

  it("answers a new PIN once, keeps only its hash, and the hall's next config carries it", async () => {
    const api = caller(admin).staff;
    const wang = (await api.list({ hallId: 'H1', q: '王芳' })).items[0];
    if (!wang) throw new Error('no 王芳');
    const { version: before } = await hubStaff('H1');
    const { pin, version } = await api.resetPin({ employeeId: wang.id });
    expect(pin).toMatch(/^\d{6}$/);
    expect(version).toBe(before + 1);
    const [row] = await database.db.select().from(employees).where(eq(employees.id, wang.id));
    expect(row?.pinHash).not.toContain(pin);
    expect(await verifySecret(pin, row?.pinHash as string)).toBe(true);
    const hub = await hubStaff('H1');
    expect(hub.staff.find((s) => s.id === '1001')?.pinHash).toBe(row?.pinHash);
    // Never again: not in the record, not in the audit log.
    expect(JSON.stringify(await api.get({ employeeId: wang.id }))).not.toContain(pin);
    expect(JSON.stringify(await api.get({ employeeId: wang.id }))).not.toContain('scrypt');
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'employee.pin-reset'));
    expect(JSON.stringify(audit)).not.toContain(pin);
    expect(JSON.stringify(audit)).not.toContain('scrypt');
    // At once again: refused, with when to try.
    expect(await refusal(api.resetPin({ employeeId: wang.id }))).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      reason: 'too-many-attempts',
    });
  });

  it("takes an employee who left or moved out of the hall's staff section", async () => {
    const api = caller(admin).staff;
    const li = (await api.list({ hallId: 'H1', q: '1002' })).items[0];
    if (!li) throw new Error('no 1002');
    await api.update({ employeeId: li.id, status: 'left' });
    expect((await hubStaff('H1')).staff.map((s) => s.id)).not.toContain('1002');
    expect((await api.list({ hallId: 'H1', status: ['active', 'leave'] })).items.map((e) => e.staffId)).not.toContain(
      '1002',
    );

    // An employee added before the hall had a config, then its first config with its own staff: both.
    await api.create({ hallId: 'H2', staffId: '2001', name: '吴九' });
    await putHallConfig(database.db, 'H2', configWithStaff([{ id: '2002', name: '郑十' }]), null);
    expect((await hubStaff('H2')).staff.map((s) => s.id)).toEqual(['2001', '2002']);
    const zhang = (await api.list({ hallId: 'H1', q: '1003' })).items[0];
    if (!zhang) throw new Error('no 1003');
    const today = localDay(new Date(), 'Asia/Shanghai');
    // A move later on waits for its day; one effective today is applied at once.
    const later = await api.move({ employeeId: zhang.id, toHallId: 'H2', effectiveDate: addDays(today, 3) });
    expect(later.applied).toBe(false);
    expect((await hubStaff('H1')).staff.map((s) => s.id)).toContain('1003');
    expect(await refusal(api.move({ employeeId: zhang.id, toHallId: 'H2', effectiveDate: today }))).toMatchObject({
      code: 'CONFLICT',
      detail: { code: 'move-pending' },
    });
    // The planned move's day comes (as the hourly job would find it).
    await database.db.update(employeeMoves).set({ effectiveDate: today }).where(eq(employeeMoves.employeeId, zhang.id));
    expect(await applyDueMoves(database.db)).toBe(1);
    expect(
      await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, zhang.id), eq(auditLog.action, 'employee.move-applied'))),
    ).toHaveLength(1);
    expect((await hubStaff('H1')).staff.map((s) => s.id)).not.toContain('1003');
    expect((await hubStaff('H2')).staff.map((s) => s.id)).toContain('1003');
    expect(await refusal(api.move({ employeeId: zhang.id, toHallId: 'H2', effectiveDate: today }))).toMatchObject({
      detail: { code: 'move-same-hall' },
    });
  });

  it('lets a clerk read their own record and shifts, and nothing of anyone else', async () => {
    const userId = await createUser(database.db, { username: 'clerk-wang', name: '王芳', orgUnitId: 'hall-H1' });
    await accessRepository.grant(database.db, { userId, role: 'staff', orgUnitId: 'hall-H1' });
    const clerk: SessionUser = {
      id: userId,
      username: 'clerk-wang',
      name: '王芳',
      orgUnitId: 'hall-H1',
      staffId: null,
      grants: [{ role: 'staff', orgUnitId: 'hall-H1' }],
      csrfToken: '',
    };
    const mgr = caller(admin).staff;
    const all = (await mgr.list({ hallId: 'H1' })).items;
    const wang = all.find((e) => e.staffId === '1001');
    const other = all.find((e) => e.staffId !== '1001');
    if (!wang || !other) throw new Error('staff missing');
    expect((await mgr.linkableUsers({ hallId: 'H1' })).map((u) => u.username)).toContain('clerk-wang');
    await mgr.update({ employeeId: wang.id, userId });

    const own = caller(clerk).staff;
    expect(await own.get({ employeeId: wang.id })).toMatchObject({ name: '王芳', staffId: '1001' });
    expect(await refusal(own.get({ employeeId: other.id }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(own.list({ hallId: 'H1' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(own.update({ employeeId: wang.id, name: '改名' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(own.resetPin({ employeeId: wang.id }))).toMatchObject({ code: 'FORBIDDEN' });

    const me = await own.me();
    expect(me).toMatchObject({ name: '王芳', hallName: 'H1厅', shifts: [] });
    // A shift of a published roster shows; one of a draft does not.
    const today = me?.today as string;
    for (const [id, status] of [
      ['r-pub', 'published'],
      ['r-draft', 'draft'],
    ] as const) {
      await database.db
        .insert(rosters)
        .values({ id, hallId: 'H1', fromDate: today, days: 7, status, version: id === 'r-pub' ? 1 : 2 });
      await database.db.insert(rosterShifts).values({
        rosterId: id,
        employeeId: wang.id,
        date: addDays(today, 1),
        start: id === 'r-pub' ? '09:00' : '13:00',
        end: '17:00',
        breaks: [{ start: '12:00', end: '12:30' }],
      });
    }
    expect((await own.me())?.shifts).toEqual([
      {
        date: addDays(today, 1),
        start: '09:00',
        end: '17:00',
        breaks: [{ start: '12:00', end: '12:30' }],
        serviceId: null,
        hallId: 'H1',
      },
    ]);
    // Someone who is not an employee has no record.
    expect(await caller(admin).staff.me()).toBeNull();
  });

  it('writes at start the staff section of a hall whose manager the hub does not know as one yet, once', async () => {
    // A manager recorded before sections carried roles: the table says manager, the hub's section not.
    await database.db
      .update(employees)
      .set({ role: 'manager' })
      .where(and(eq(employees.hallId, 'H2'), eq(employees.staffId, '2001')));
    const before = await hubStaff('H2');
    expect(before.staff.find((s) => s.id === '2001')).not.toHaveProperty('role');
    expect((await writeRoleSections(database.db)).written).toBe(1);
    const after = await hubStaff('H2');
    expect(after.version).toBe(before.version + 1);
    expect(after.staff.find((s) => s.id === '2001')).toMatchObject({ role: 'manager' });
    // The next start (or another process) finds nothing to write.
    expect((await writeRoleSections(database.db)).written).toBe(0);
    expect((await hubStaff('H2')).version).toBe(after.version);
  });
});
