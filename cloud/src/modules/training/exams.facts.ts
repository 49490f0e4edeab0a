/**
 * Exam results as KPI facts: per hall-local day (the day an attempt was graded), per clerk and for the
 * hall: `exams` (attempts graded), `exam_score_sum` (their percentages summed: a mean score is
 * `exam_score_sum / exams`), `exams_passed`. The skill rules' `exam-passed` criterion reads them.
 * Attempts whose deadline passed unsubmitted are graded first, so a day's facts do not wait for a clerk
 * to come back.
 */
import { addDays, localInstant } from '../adherence/adherence.time.ts';
import type { FactSource, SubjectFacts } from '../performance/facts.ts';
import { examsRepository } from './exams.repository.ts';
import { finishExpired } from './exams.service.ts';

export const examFacts: FactSource = {
  name: 'exams',
  async collect(db, hall, date) {
    const from = new Date(localInstant(date, '00:00', hall.timeZone));
    const to = new Date(localInstant(addDays(date, 1), '00:00', hall.timeZone));
    await finishExpired(db, { hallId: hall.id }, to < new Date() ? to : new Date());
    const rows = await examsRepository.dayFacts(db, hall.id, from, to);
    if (rows.length === 0) return [];
    const out: SubjectFacts[] = rows.map((r) => ({
      subjectKind: 'clerk',
      subjectId: r.employeeId,
      facts: { exams: r.exams, exam_score_sum: r.scoreSum, exams_passed: r.passed },
    }));
    out.push({
      subjectKind: 'hall',
      subjectId: hall.id,
      facts: {
        exams: rows.reduce((a, r) => a + r.exams, 0),
        exam_score_sum: rows.reduce((a, r) => a + r.scoreSum, 0),
        exams_passed: rows.reduce((a, r) => a + r.passed, 0),
      },
    });
    return out;
  },
};
