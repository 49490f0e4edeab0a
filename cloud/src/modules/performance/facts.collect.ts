/**
 * A hall-day's facts from every source, summed per subject (facts.ts). The sources are listed here:
 * the tickets/ratings/sessions/roster one (this module), on-site scores, records (errors, awards) and,
 * later, exams each add theirs.
 */
import type { Db } from '../../db/client.ts';
import { addFacts, type FactSource, type SubjectFacts } from './facts.ts';
import { onsiteFacts } from './onsite.facts.ts';
import { recordsFacts } from './records.facts.ts';

export const factSources: FactSource[] = [recordsFacts, onsiteFacts];

/** Every subject's facts on the hall-local date (nothing is stored: the daily job stores them). */
export async function collectDay(
  db: Db,
  hall: { id: string; timeZone: string },
  date: string,
): Promise<SubjectFacts[]> {
  const merged = new Map<string, SubjectFacts>();
  for (const source of factSources)
    for (const s of await source.collect(db, hall, date)) {
      const k = `${s.subjectKind}\u0000${s.subjectId}`;
      const m = merged.get(k);
      if (m) addFacts(m.facts, s.facts);
      else merged.set(k, { subjectKind: s.subjectKind, subjectId: s.subjectId, facts: { ...s.facts } });
    }
  return [...merged.values()];
}
