/**
 * The hall config's `materials` section kept current by the cloud, on a real PostgreSQL: a catalogue save
 * gives the halls whose section changed a new config version (and only those: a change the counters do not
 * see writes nothing); a hall's first config has the section; each hall's nightly job, just after its own
 * midnight, brings in an item whose validity window opened that day (Shanghai at its midnight, London not
 * yet) and writes nothing when run again. The section is what the hub parses (hallConfigSchema). And the
 * time a save takes with 300 halls, measured.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hallConfigSchema, type MaterialsSection } from '@hall/devices';
import { SecretGate } from '@hall/devices/secrets';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/app.router.ts';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { createUser, openSession, sessionUser, type SessionUser } from '../src/modules/access/access.service.ts';
import { LoginGuard } from '../src/modules/access/login-guard.ts';
import { localDate, localInstant } from '../src/modules/adherence/adherence.time.ts';
import { hallsRepository } from '../src/modules/halls/halls.repository.ts';
import { putHallConfig, registerHall } from '../src/modules/halls/halls.service.ts';
import { defineInventoryJobs, scheduleMaterialsSections } from '../src/modules/inventory/inventory.jobs.ts';
import { Jobs, jobsRepository } from '../src/modules/jobs/index.ts';
import { openDatabase } from '../src/db/client.ts';
import { saveItem } from '../src/modules/inventory/catalogue.service.ts';
import { createCallerFactory, type CloudContext } from '../src/trpc.ts';
import { testDatabase } from './support/db.ts';
import { TWO_SERVICES } from './support/hall-config.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
let wh: SessionUser;
let now = Date.now();
let jobs: Jobs;

const api = () =>
  createCallerFactory(appRouter)({
    db: db.db,
    authorization: null,
    cookies: {},
    csrfHeader: null,
    hubTokens: new SecretGate(),
    logins: new LoginGuard(),
    source: null,
    user: wh,
  } satisfies CloudContext).inventory;

const config = async (hallId: string) => {
  const c = await hallsRepository.config(db.db, hallId);
  return { version: c?.version ?? 0, materials: c?.document.materials as MaterialsSection | undefined };
};
const ids = async (hallId: string) => (await config(hallId)).materials?.items.map((i) => i.id) ?? [];

const base = {
  unitZh: '张',
  unitEn: 'sheets',
  kind: 'item' as const,
  afterCampaign: 'keep' as const,
};
const addDays = (date: string, n: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

beforeAll(async () => {
  db = await testDatabase();
  await accessRepository.insertUnit(db.db, { id: 'hq', parentId: null, kind: 'hq', name: '总部', hallId: null });
  const id = await createUser(db.db, { username: 'wh', name: '仓管', password: 'Correct-Horse-9', orgUnitId: 'hq' });
  await accessRepository.grant(db.db, { userId: id, role: 'logistics', orgUnitId: 'hq' });
  wh = (await sessionUser(db.db, (await openSession(db.db, id)).token)) as SessionUser;
  await registerHall(db.db, { id: 'SZ', name: '深圳厅', timeZone: 'Asia/Shanghai' });
  await registerHall(db.db, { id: 'LDN', name: 'London hall', timeZone: 'Europe/London' });
  await registerHall(db.db, { id: 'NEW', name: '新厅', timeZone: 'Asia/Shanghai' });
  await putHallConfig(db.db, 'SZ', TWO_SERVICES, 'test');
  await putHallConfig(db.db, 'LDN', TWO_SERVICES, 'test');
  jobs = new Jobs({ db: db.db, log: pino({ level: 'silent' }), clock: () => now, random: () => 0.5 });
  defineInventoryJobs(jobs);
}, 120_000);
afterAll(async () => {
  await jobs?.stop(100);
  await db?.drop();
});

describe("the halls' materials section", () => {
  it('a save gives the halls whose section changed a new config version, and only those', async () => {
    const before = { SZ: (await config('SZ')).version, LDN: (await config('LDN')).version };
    expect(await ids('SZ')).toEqual([]);
    const saved = await api().saveItem({
      ...base,
      id: 'FLY',
      nameZh: '5G宣传单',
      nameEn: '5G flyer',
      serviceIds: ['billing'],
      perCustomer: 2,
    });
    expect(saved).toEqual({ id: 'FLY', halls: 2 });
    expect(await config('SZ')).toMatchObject({
      version: before.SZ + 1,
      materials: {
        items: [
          {
            id: 'FLY',
            zh: '5G宣传单',
            en: '5G flyer',
            unitZh: '张',
            unitEn: 'sheets',
            serviceIds: ['billing'],
            perCustomer: 2,
            parts: [],
          },
        ],
      },
    });
    expect((await config('LDN')).version).toBe(before.LDN + 1);
    // What the counters do not see (lead time, safety days): no new version anywhere.
    expect(
      await api().saveItem({
        ...base,
        id: 'FLY',
        nameZh: '5G宣传单',
        nameEn: '5G flyer',
        serviceIds: ['billing'],
        perCustomer: 2,
        leadTimeDays: 9,
      }),
    ).toEqual({ id: 'FLY', halls: 0 });
    expect((await config('SZ')).version).toBe(before.SZ + 1);

    await api().saveItem({ ...base, id: 'SIM', nameZh: 'SIM卡套', nameEn: 'SIM pack', unitZh: '个', unitEn: 'packs' });
    // A kit, its parts in id order whatever order they were given in.
    await api().saveItem({
      ...base,
      id: 'KIT',
      kind: 'kit',
      nameZh: '开卡礼包',
      nameEn: 'New-line kit',
      unitZh: '份',
      unitEn: 'kits',
      parts: [
        { itemId: 'SIM', qty: 1 },
        { itemId: 'FLY', qty: 2 },
      ],
    });
    const sz = await config('SZ');
    expect(sz.version).toBe(before.SZ + 3);
    expect(sz.materials?.items.find((i) => i.id === 'KIT')?.parts).toEqual([
      { itemId: 'FLY', qty: 2 },
      { itemId: 'SIM', qty: 1 },
    ]);
    // Retired: gone from the counters.
    expect(
      await api().saveItem({
        ...base,
        id: 'SIM',
        nameZh: 'SIM卡套',
        nameEn: 'SIM pack',
        unitZh: '个',
        unitEn: 'packs',
        active: false,
      }),
    ).toEqual({ id: 'SIM', halls: 2 });
    expect(await ids('SZ')).toEqual(['FLY', 'KIT']);
    // What the hub will parse.
    const doc = (await hallsRepository.config(db.db, 'SZ'))?.document;
    expect(hallConfigSchema.safeParse(doc).success).toBe(true);
  });

  it("a hall's first config comes with the section", async () => {
    await putHallConfig(db.db, 'NEW', TWO_SERVICES, 'test');
    expect(await config('NEW')).toMatchObject({ version: 1 });
    expect(await ids('NEW')).toEqual(['FLY', 'KIT']);
  });

  it("each hall's nightly job brings in an item whose window opened at that hall's midnight, once", async () => {
    const tomorrowSZ = addDays(localDate(Date.now(), 'Asia/Shanghai'), 1);
    // Valid from tomorrow in Shanghai: no hall has it today.
    expect(
      await api().saveItem({
        ...base,
        id: 'NY',
        nameZh: '新春海报',
        nameEn: 'New Year poster',
        validFrom: tomorrowSZ,
        validTo: addDays(tomorrowSZ, 30),
      }),
    ).toEqual({ id: 'NY', halls: 0 });
    now = Date.now();
    await scheduleMaterialsSections(jobs, db.db);
    const midnightSZ = localInstant(tomorrowSZ, '00:02', 'Asia/Shanghai');
    expect((await jobsRepository.schedule(db.db, 'materials-section:SZ'))?.nextRunAt?.getTime()).toBe(midnightSZ);
    const versions = { SZ: (await config('SZ')).version, LDN: (await config('LDN')).version };
    // Three minutes after Shanghai's midnight: London's day has not turned (its job is not due either).
    now = midnightSZ + 60_000;
    for (let k = 0; k < 3; k++) {
      await jobs.runner.tick();
      await jobs.runner.drain();
    }
    expect(await ids('SZ')).toEqual(['FLY', 'KIT', 'NY']);
    expect((await config('SZ')).version).toBe(versions.SZ + 1);
    expect(await ids('LDN')).toEqual(['FLY', 'KIT']);
    expect((await config('LDN')).version).toBe(versions.LDN);
    // Run again (a retry, a second process): nothing new.
    await jobs.runScheduleNow('materials-section:SZ');
    for (let k = 0; k < 2; k++) {
      await jobs.runner.tick({ housekeeping: false });
      await jobs.runner.drain();
    }
    const done = (
      await jobsRepository.list(db.db, { type: 'inventory.materials-section', hallId: 'SZ', offset: 0, limit: 10 })
    ).rows;
    expect(done.map((j) => [j.hallId, j.state, j.result])).toEqual(
      expect.arrayContaining([
        ['SZ', 'done', { changed: true }],
        ['SZ', 'done', { changed: false }],
      ]),
    );
    expect((await config('SZ')).version).toBe(versions.SZ + 1);
  });

  it('measures a save with 300 halls: nothing to write, and every hall changed', async () => {
    for (let i = 0; i < 300; i++) {
      const id = `B${String(i).padStart(3, '0')}`;
      await registerHall(db.db, { id, name: `厅${i}`, timeZone: 'Asia/Shanghai' });
      const hall = { ...TWO_SERVICES.hall, id, name: `厅${i}`, timeZone: 'Asia/Shanghai' };
      await hallsRepository.putConfig(db.db, id, { ...TWO_SERVICES, hall }, 'test');
    }
    const item = { ...base, id: 'FLY', nameZh: '5G宣传单', nameEn: '5G flyer', serviceIds: ['billing'] };
    const t0 = performance.now();
    // First: every one of the 300 gets the section (they had none).
    const all = await api().saveItem({ ...item, perCustomer: 2 });
    const t1 = performance.now();
    const none = await api().saveItem({ ...item, perCustomer: 2, leadTimeDays: 5 });
    const t2 = performance.now();
    expect(all.halls).toBeGreaterThanOrEqual(300);
    expect(none.halls).toBe(0);
    process.stdout.write(
      `materials section, 303 halls: a save that changes 300 sections ${Math.round(t1 - t0)} ms, one that changes none ${Math.round(t2 - t1)} ms\n`,
    );
    expect(t2 - t1).toBeLessThan(2_000);
  }, 120_000);
});

describe('on PGlite, the embedded default', () => {
  it('writes the section the same way (once, then nothing)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hall-materials-pglite-'));
    const embedded = await openDatabase({ dataDir: dir });
    try {
      await accessRepository.insertUnit(embedded.db, {
        id: 'hq',
        parentId: null,
        kind: 'hq',
        name: '总部',
        hallId: null,
      });
      const id = await createUser(embedded.db, {
        username: 'wh',
        name: '仓管',
        password: 'Correct-Horse-9',
        orgUnitId: 'hq',
      });
      const user = { ...wh, id };
      await registerHall(embedded.db, { id: 'P1', name: '嵌入式厅', timeZone: 'Asia/Shanghai' });
      await putHallConfig(embedded.db, 'P1', TWO_SERVICES, 'test');
      const item = { ...base, id: 'FLY', nameZh: '5G宣传单', nameEn: '5G flyer', serviceIds: [], perCustomer: 1 };
      const full = { ...item, leadTimeDays: 3, safetyDays: 7, active: true };
      expect(await saveItem(embedded.db, user, full)).toEqual({ id: 'FLY', halls: 1 });
      expect(await saveItem(embedded.db, user, { ...full, leadTimeDays: 4 })).toEqual({ id: 'FLY', halls: 0 });
      const c = await hallsRepository.config(embedded.db, 'P1');
      expect(c?.version).toBe(2);
      expect((c?.document.materials as MaterialsSection).items.map((i) => i.id)).toEqual(['FLY']);
    } finally {
      await embedded.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
