/**
 * A hall-day's facts from every source, summed per subject (facts.ts). The sources are listed here:
 * the tickets/ratings/sessions/roster one (facts.events.ts), on-site scores, records (errors, awards)
 * and training's exam results (training/exams.facts.ts) each add theirs.
 */
import type { Db } from '../../db/client.ts';
import { daysIn, eventsFactSource } from './facts.events.ts';
import { addFacts, type FactSource, type SubjectFacts } from './facts.ts';
import { onsiteFacts } from './onsite.facts.ts';
import { recordsFacts } from './records.facts.ts';
import { examFacts } from '../training/exams.facts.ts';

export const factSources: FactSource[] = [eventsFactSource, recordsFacts, onsiteFacts, examFacts];

/** Every subject's facts on the hall-local date (nothing is stored: the daily job stores them). */
export async function collectDay(
  db: Db,
  hall: { id: string; timeZone: string },
  date: string,
): Promise<SubjectFacts[]> {
  return (await collectDays(db, hall, date, date)).get(date) ?? [];
}

/**
 * Every subject's facts per hall-local date of [from, to] (every date a key): a source that can read a
 * range at once does; the others are asked day by day.
 */
export async function collectDays(
  db: Db,
  hall: { id: string; timeZone: string },
  from: string,
  to: string,
  sources: readonly FactSource[] = factSources,
): Promise<Map<string, SubjectFacts[]>> {
  const dates = daysIn(from, to);
  const merged = new Map<string, Map<string, SubjectFacts>>(dates.map((d) => [d, new Map()]));
  const add = (date: string, list: readonly SubjectFacts[]) => {
    const day = merged.get(date);
    if (!day) return;
    for (const s of list) {
      const k = `${s.subjectKind}\u0000${s.subjectId}`;
      const m = day.get(k);
      if (m) addFacts(m.facts, s.facts);
      else day.set(k, { subjectKind: s.subjectKind, subjectId: s.subjectId, facts: { ...s.facts } });
    }
  };
  for (const source of sources) {
    if (source.collectRange) for (const [d, list] of await source.collectRange(db, hall, from, to)) add(d, list);
    else for (const d of dates) add(d, await source.collect(db, hall, d));
  }
  return new Map([...merged].map(([d, day]) => [d, [...day.values()]]));
}
