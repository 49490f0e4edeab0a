/**
 * The staff record as a fact source: per clerk (their employee id) and hall-local day, the awards and
 * errors recorded in force (withdrawn ones no longer count); the hall's row carries the day's totals so
 * formulas can compare with `hall_errors`.
 */
import type { FactSource, SubjectFacts } from './facts.ts';
import { recordsRepository } from './records.repository.ts';

export const recordsFacts: FactSource = {
  name: 'records',
  async collect(db, hall, date) {
    const rows = await recordsRepository.dayCounts(db, hall.id, date);
    if (rows.length === 0) return [];
    const out: SubjectFacts[] = rows.map((r) => ({
      subjectKind: 'clerk',
      subjectId: r.employeeId,
      facts: { awards: r.awards, errors: r.errors },
    }));
    out.push({
      subjectKind: 'hall',
      subjectId: hall.id,
      facts: {
        awards: rows.reduce((a, r) => a + r.awards, 0),
        errors: rows.reduce((a, r) => a + r.errors, 0),
      },
    });
    return out;
  },
};
