/**
 * A small organisation for the training tests: HQ, two regions, three halls, a trainer per region, a
 * hall manager, and clerks with console accounts linked to their staff records (the staff role).
 */
import { TRPCError } from '@trpc/server';
import type { Db } from '../../src/db/client.ts';
import { accessRepository } from '../../src/modules/access/access.repository.ts';
import { createUser, openSession, sessionUser, type SessionUser } from '../../src/modules/access/access.service.ts';
import type { Role } from '../../src/modules/access/permissions.ts';
import { registerHall } from '../../src/modules/halls/halls.service.ts';
import { staffRepository } from '../../src/modules/staff/staff.repository.ts';
import { callerAs } from './caller.ts';

export const CLERKS = [
  { id: 'e1', hallId: 'H1', name: '张伟' },
  { id: 'e2', hallId: 'H1', name: '李娜' },
  { id: 'e3', hallId: 'H2', name: '王芳' },
  { id: 'e4', hallId: 'H3', name: '刘洋' },
] as const;

export async function trainingOrg(db: Db) {
  for (const h of [
    { id: 'H1', name: '城东营业厅' },
    { id: 'H2', name: '城西营业厅' },
    { id: 'H3', name: '南山营业厅' },
  ])
    await registerHall(db, { ...h, timeZone: 'Asia/Shanghai' });
  for (const u of [
    { id: 'hq', parentId: null, kind: 'hq', name: '总部', hallId: null },
    { id: 'east', parentId: 'hq', kind: 'region', name: '东区', hallId: null },
    { id: 'south', parentId: 'hq', kind: 'region', name: '南区', hallId: null },
    { id: 'hall-H1', parentId: 'east', kind: 'hall', name: '城东营业厅', hallId: 'H1' },
    { id: 'hall-H2', parentId: 'east', kind: 'hall', name: '城西营业厅', hallId: 'H2' },
    { id: 'hall-H3', parentId: 'south', kind: 'hall', name: '南山营业厅', hallId: 'H3' },
  ])
    await accessRepository.insertUnit(db, u);
  const contract = {
    kind: 'full-time' as const,
    minWeekHours: 32,
    maxWeekHours: 44,
    maxDaysPerWeek: 5,
    minRestHours: 11,
  };
  const users: Record<string, SessionUser> = {};
  const account = async (name: string, unit: string, role: Role) => {
    const id = await createUser(db, { username: name, name, password: 'Correct-Horse-9', orgUnitId: unit });
    await accessRepository.grant(db, { userId: id, role, orgUnitId: unit });
    users[name] = (await sessionUser(db, (await openSession(db, id)).token)) as SessionUser;
    return id;
  };
  await account('admin', 'hq', 'administrator');
  await account('trainer', 'east', 'trainer');
  await account('trainerS', 'south', 'trainer');
  await account('manager', 'hall-H1', 'hall_manager');
  for (const [i, c] of CLERKS.entries()) {
    const userId = await account(c.id, `hall-${c.hallId}`, 'staff');
    await staffRepository.insert(db, { ...c, staffId: String(101 + i), contract, userId });
  }
  const as = (name: string) => callerAs(db, users[name]).training;
  return { users, as };
}

/** The refusal a call ends in: its status, the detail's code and the field it names. */
export async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    // Through the router a TRPCError carries the service's AppError as its cause; called directly, the AppError.
    const cause = (e instanceof TRPCError ? e.cause : e) as
      { code?: string; detail?: { code: string }; fields?: string[] } | undefined;
    return { code: (e as { code?: string }).code, detail: cause?.detail?.code, field: cause?.fields?.[0] };
  }
  throw new Error('expected a refusal');
}
