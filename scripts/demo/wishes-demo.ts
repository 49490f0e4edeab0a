/**
 * The demo's wishes (个性化要求), made through the cloud's API at the first start, before next week's
 * roster is generated: in each hall, some clerks sign in and state wishes — a day off on next week's
 * Wednesday and "no late shifts" for four weeks (the busiest clerk's: some will be unmet, and the roster
 * says why), a desired early shift, time off next Thursday–Friday (approved by the hall's manager) and
 * time off in three weeks (left pending for the manager's page).
 *
 * The clerks are console accounts linked to employee records: given, or made here through the staff
 * module's API (`demoClerkAccounts`). A hall that already has time off asked for (the demo's, at an
 * earlier start) is left alone, so later starts make nothing.
 */

import { randomBytes } from 'node:crypto';
import { addDays, mondayOf } from '@hall/devices/calendar';
import { signInApi, type CloudApi } from '@hall/scripts/harness/cloud-api';

/** The API as one signed-in user (scripts/harness/cloud-api.ts). */
export type Session = CloudApi;

export interface DemoWishesOptions {
  /** The cloud's base URL (http://127.0.0.1:PORT). */
  base: string;
  /** A session of someone who manages the halls (the demo's administrator). */
  manager: Session;
  /**
   * Per hall, the clerks who state wishes (at least three make the full set): `people` as given, or
   * else made by `demoClerkAccounts` from the hall's staff records, starting with `known` (the staff
   * demo's clerk account, so that the clerk a visitor signs in as has wishes).
   */
  clerks: Array<{
    hallId: string;
    people?: Array<{ username: string; password: string }>;
    known?: { username: string; password: string };
  }>;
  /** The halls' today (YYYY-MM-DD). */
  today: string;
}

interface Mine {
  first: string;
  templates: Array<{ id: string; name: string; start: string | null; unpopular: boolean }>;
  wishes: unknown[];
}

/** A signed-in session over HTTP (cookie + CSRF header), as the console does it. */
export const session = (base: string, who: { username: string; password: string }): Promise<Session> =>
  signInApi(base, who);

/**
 * Clerk accounts for a hall's wishes: the hall's existing clerk account (the staff demo's, if given),
 * then a console account of role staff for each of the next active employees without one (up to four
 * clerks in all), linked to its employee through the staff module's API (`staff.list`, `staff.update`).
 * The generated passwords are used once here and not kept: a visitor signs in as the staff demo's clerk.
 */
export async function demoClerkAccounts(
  manager: Session,
  hallId: string,
  known?: { username: string; password: string },
): Promise<Array<{ username: string; password: string }>> {
  const out = known ? [known] : [];
  const units = await manager.get<Array<{ id: string; hallId: string | null }>>('org.tree');
  const unit = units.find((u) => u.hallId === hallId);
  if (!unit) return out;
  const { items } = await manager.get<{
    items: Array<{ id: string; staffId: string; name: string; status?: string; userId?: string | null }>;
  }>('staff.list', { hallId, limit: 200 });
  for (const e of items.filter((x) => !x.userId && (x.status ?? 'active') === 'active')) {
    if (out.length >= 4) break;
    const account = {
      username: `wish-${hallId}-${e.staffId}`.toLowerCase(),
      password: `${randomBytes(9).toString('base64url')}-Aa1`,
    };
    const { userId } = await manager.call<{ userId: string }>('users.create', {
      orgUnitId: unit.id,
      username: account.username,
      name: e.name,
      password: account.password,
      staffId: e.staffId,
    });
    await manager.call('users.grant', { orgUnitId: unit.id, userId, role: 'staff' });
    await manager.call('staff.update', { employeeId: e.id, userId });
    out.push(account);
  }
  return out;
}

const plus = addDays;
const nextMonday = (today: string) => mondayOf(today, 1);

/** Makes the demo's wishes; answers how many were made per hall. */
export async function demoWishes(o: DemoWishesOptions): Promise<Record<string, number>> {
  const made: Record<string, number> = {};
  const monday = nextMonday(o.today);
  for (const { hallId, people: given, known } of o.clerks) {
    const existing = await o.manager.get<{ wishes: Array<{ kind: string }> }>('wishes.hall', { hallId });
    if (existing.wishes.some((w) => w.kind === 'time-off')) continue;
    const people = given ?? (await demoClerkAccounts(o.manager, hallId, known));
    if (people.length === 0) continue;
    const clerks = await Promise.all(people.slice(0, 4).map((p) => session(o.base, p)));
    const mine = await clerks[0]!.get<Mine>('wishes.mine');
    // A late shift flagged unpopular, for "no late shifts"; without one, the hall's first template on Saturday.
    const late = mine.templates.find((t) => t.unpopular);
    const early = [...mine.templates].sort((a, b) => (a.start ?? '').localeCompare(b.start ?? ''))[0];
    let n = 0;
    const add = async (s: Session, wish: Record<string, unknown>) => {
      const w = await s.call<{ id: number }>('wishes.add', wish);
      n += 1;
      return w;
    };
    const [a, b, c, d] = clerks;
    if (a) {
      await add(a, { kind: 'day-off', fromDate: plus(monday, 2), note: '孩子开家长会' });
      if (late)
        await add(a, {
          kind: 'undesired-shift',
          fromDate: monday,
          toDate: plus(monday, 27),
          templateId: late.id,
          anyDay: true,
          note: '晚上要接孩子',
        });
      else if (mine.templates[0])
        await add(a, { kind: 'undesired-shift', fromDate: plus(monday, 5), templateId: mine.templates[0].id });
    }
    if (b) {
      const off = await add(b, {
        kind: 'time-off',
        fromDate: plus(monday, 3),
        toDate: plus(monday, 4),
        note: '回老家',
      });
      await o.manager.call('wishes.decide', { hallId, id: off.id, decision: 'approved' });
      if (early) await add(b, { kind: 'desired-shift', fromDate: monday, templateId: early.id });
    }
    if (c) {
      await add(c, { kind: 'time-off', fromDate: plus(monday, 14), toDate: plus(monday, 18), note: '年假' });
      await add(c, { kind: 'day-off', fromDate: plus(monday, 5) });
    }
    if (d) await add(d, { kind: 'day-off', fromDate: plus(monday, 5), note: '考试' });
    made[hallId] = n;
  }
  return made;
}
