/**
 * On-site scores as KPI facts: per hall-local day, each form counts once for its hall, for its clerk
 * (the employee id; `staff:<staffId>` for a clerk the staff module does not know) and for its counter
 * (a counter form, or a clerk form scored at a counter): `onsite_forms`, `onsite_points`,
 * `onsite_max_points` (n/a items left out), `onsite_critical_fails` (forms failed by a critical item).
 */
import { addDays, localInstant } from '../adherence/adherence.time.ts';
import { addFacts, type FactSource, type SubjectFacts, type SubjectKind } from './facts.ts';
import { onsiteRepository as repo } from './onsite.repository.ts';

export const onsiteFacts: FactSource = {
  name: 'onsite',
  async collect(db, hall, date) {
    const forms = await repo.formsBetween(
      db,
      hall.id,
      new Date(localInstant(date, '00:00', hall.timeZone)),
      new Date(localInstant(addDays(date, 1), '00:00', hall.timeZone)),
    );
    const out = new Map<string, SubjectFacts>();
    const add = (subjectKind: SubjectKind, subjectId: string, facts: Record<string, number>) => {
      const k = `${subjectKind}\u0000${subjectId}`;
      const s = out.get(k);
      if (s) addFacts(s.facts, facts);
      else out.set(k, { subjectKind, subjectId, facts: { ...facts } });
    };
    for (const f of forms) {
      const facts = {
        onsite_forms: 1,
        onsite_points: f.points,
        onsite_max_points: f.maxPoints,
        onsite_critical_fails: f.criticalFailed ? 1 : 0,
      };
      add('hall', hall.id, facts);
      if (f.subjectKind === 'clerk') add('clerk', f.employeeId ?? `staff:${f.subjectId}`, facts);
      const counterId = f.subjectKind === 'counter' ? f.subjectId : f.counterId;
      if (counterId) add('counter', counterId, facts);
    }
    return [...out.values()];
  },
};
