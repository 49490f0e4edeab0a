/**
 * Fairness per person over the last 8 weeks of published rosters (the weeks before this one): weekend
 * shifts, unpopular shifts (templates flagged unpopular in the settings, late or split shifts), hours
 * above the contract minimum, and the share of their wishes met — with the hall's mean beside them.
 */
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../access/access.service.ts';
import { wishesRepository as repo } from './wishes.repository.ts';
import { addDays, fairnessLines, fairnessMean, localDate, mondayOf, type FairnessLine } from './wishes.rules.ts';
import { employeeOfUser, hallOf, hallTemplates, outcomes } from './wishes.service.ts';

export const FAIRNESS_WEEKS = 8;

export async function hallFairness(db: Db, hallId: string, now = new Date()) {
  const hall = await hallOf(db, hallId);
  const to = addDays(mondayOf(localDate(hall.timeZone, now)), -1);
  const from = addDays(to, -7 * FAIRNESS_WEEKS + 1);
  const published = (await repo.publishedRosters(db, hallId, from, to)).filter((r) => r.fromDate >= from);
  const shifts = (
    await repo.shiftsOf(
      db,
      published.map((r) => r.id),
    )
  ).filter((s) => s.date >= from && s.date <= to);
  const weeks = [
    ...new Set(published.flatMap((r) => Array.from({ length: r.days / 7 }, (_, w) => addDays(r.fromDate, 7 * w)))),
  ].filter((w) => w >= from && w <= to);
  const people = (await repo.employeesOfHall(db, hallId)).filter((e) => e.status !== 'left');
  const wishes = await repo.wishesOfHall(db, hallId, from, to, ['noted', 'approved']);
  const result = await outcomes(db, hallId, wishes);
  const tally = new Map<string, { met: number; total: number }>();
  for (const w of wishes) {
    const o = result.get(w.id);
    if (!o) continue;
    const t = tally.get(w.employeeId) ?? { met: 0, total: 0 };
    t.total += 1;
    if (o.status === 'met') t.met += 1;
    tally.set(w.employeeId, t);
  }
  const unpopular = new Set((await hallTemplates(db, hallId)).filter((t) => t.unpopular).map((t) => t.id));
  const lines = fairnessLines({
    employees: people.map((e) => ({ id: e.id, minWeekHours: e.contract.minWeekHours })),
    shifts,
    weeks,
    unpopularTemplates: unpopular,
    wishes: tally,
  });
  const names = new Map(people.map((e) => [e.id, e.name]));
  return {
    hall: { id: hall.id, name: hall.name, timeZone: hall.timeZone },
    from,
    to,
    weeks: weeks.length,
    lines: lines.map((l) => ({ ...l, name: names.get(l.employeeId) ?? '' })),
    mean: fairnessMean(lines),
  };
}

/** A clerk's own line and the hall's mean (no other person's figures). */
export async function myFairness(db: Db, user: SessionUser, now = new Date()) {
  const me = await employeeOfUser(db, user);
  const all = await hallFairness(db, me.hallId, now);
  const line = all.lines.find((l) => l.employeeId === me.id) as (FairnessLine & { name: string }) | undefined;
  return { hall: all.hall, from: all.from, to: all.to, weeks: all.weeks, line: line ?? null, mean: all.mean };
}
