/**
 * Releasing a counter from the console, against a real PostgreSQL: the hall's open counters come from
 * what the hub reported; a manager's release is audited and handed to the hub in its poll until the hub
 * reports the counter closed (reason `released`); a counter that is not open cannot be released.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/app.router.ts';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import {
  addAdministrator,
  ensureHallUnit,
  openSession,
  sessionUser,
  type SessionUser,
} from '../src/modules/access/access.service.ts';
import { hubPoll } from '../src/modules/alarms/alarms.service.ts';
import { registerHall, registerHub } from '../src/modules/halls/halls.service.ts';
import { push } from '../src/modules/ingest/ingest.service.ts';
import { SecretGate } from '@hall/devices/secrets';
import { LoginGuard } from '../src/modules/access/login-guard.ts';
import { createCallerFactory, type CloudContext } from '../src/trpc.ts';
import { testDatabase } from './support/db.ts';
import { toRows } from './support/events.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
let admin: SessionUser;
let hubId: string;
const T0 = Date.UTC(2026, 10, 25, 1, 0, 0);

beforeAll(async () => {
  db = await testDatabase();
  await registerHall(db.db, { id: 'H1', name: '测试营业厅', timeZone: 'Asia/Shanghai' });
  await ensureHallUnit(db.db, { hallId: 'H1', name: '测试营业厅' });
  ({ hubId } = await registerHub(db.db, { id: 'hub-1', hallId: 'H1' }));
  const id = await addAdministrator(db.db, { username: 'boss', name: 'Boss', password: 'Correct-Horse-9-Battery' });
  admin = (await sessionUser(db.db, (await openSession(db.db, id)).token)) as SessionUser;
});
afterAll(async () => {
  await db?.drop();
});

const console_ = () =>
  createCallerFactory(appRouter)({
    db: db.db,
    authorization: null,
    cookies: {},
    csrfHeader: null,
    hubTokens: new SecretGate(),
    logins: new LoginGuard(),
    source: null,
    user: admin,
  } satisfies CloudContext);
const hub = { id: 'hub-1', hallId: 'H1' };

describe('counter release from the console', () => {
  it('lists open counters, hands a release to the hub until it reports the counter closed, and audits it', async () => {
    await push(db.db, hubId, {
      batch: toRows([
        { type: 'counter.opened', at: T0, body: { counterId: 'C01', staffId: 'E1001' } },
        { type: 'counter.opened', at: T0, body: { counterId: 'C02', staffId: 'E1002' } },
      ]),
    });
    expect(
      (await console_().counters.list({ hallId: 'H1' })).map((c) => [c.counterId, c.staffId, c.releaseRequestedAt]),
    ).toEqual([
      ['C01', 'E1001', null],
      ['C02', 'E1002', null],
    ]);
    expect((await hubPoll(db.db, hub)).releases).toEqual([]);

    expect(await console_().counters.release({ hallId: 'H1', counterId: 'C01' })).toEqual({ alreadyRequested: false });
    expect(await console_().counters.release({ hallId: 'H1', counterId: 'C01' })).toEqual({ alreadyRequested: true });
    expect((await hubPoll(db.db, hub)).releases).toEqual([{ counterId: 'C01', by: 'boss' }]);
    const unit = (await accessRepository.unitOfHall(db.db, 'H1'))?.id as string;
    const audited = await console_().audit.list({ orgUnitId: unit });
    expect(audited.map((a) => [a.action, a.entityId])).toContainEqual(['counter.released', 'C01']);

    // The hub released it (journaled `counter.closed`, reason released): nothing more to send.
    await push(db.db, hubId, {
      batch: toRows(
        [
          {
            type: 'counter.closed',
            at: T0 + 60_000,
            body: { counterId: 'C01', reason: 'released', by: 'boss (console)', staffId: 'E1001' },
          },
        ],
        3,
      ),
    });
    expect((await hubPoll(db.db, hub)).releases).toEqual([]);
    expect((await console_().counters.list({ hallId: 'H1' })).map((c) => c.counterId)).toEqual(['C02']);
    await expect(console_().counters.release({ hallId: 'H1', counterId: 'C01' })).rejects.toThrow(/not open/);
  });
});
