/**
 * An on-site form's score from its template version and answers — the one rule both paths use (a form
 * submitted in the console, one forwarded by a hub as `onsite.scored`): points items score 0…points,
 * pass-fail items score their points when passed and 0 when failed, n/a items leave the form's maximum;
 * a failed critical item fails the whole form. Answers that do not fit the template are reported per
 * item (the caller refuses them as that row, naming the item).
 *
 * Here, with the contracts both sides share, so that the hub checks a form exactly as the cloud will
 * score it (a form the hub takes is never refused by the cloud for its answers).
 */
import type { ChecklistTemplate } from './hall-config.ts';

/** What scoring reads of an answer (the event's answers and the cloud's stored ones both fit). */
export interface ScoredAnswer {
  itemId: string;
  result: 'pass' | 'fail' | 'na';
  points: number | null;
  photos: readonly string[];
}

export type OnsiteAnswerError = {
  itemId: string;
  code: 'onsite-unknown-item' | 'onsite-photo-required' | 'onsite-points-range' | 'onsite-duplicate-item';
};

export function scoreForm(
  template: ChecklistTemplate,
  answers: readonly ScoredAnswer[],
): { points: number; maxPoints: number; criticalFailed: boolean; errors: OnsiteAnswerError[] } {
  const items = new Map(template.sections.flatMap((s) => s.items.map((i) => [i.id, i] as const)));
  const errors: OnsiteAnswerError[] = [];
  const seen = new Set<string>();
  let points = 0;
  let maxPoints = 0;
  let criticalFailed = false;
  for (const a of answers) {
    const item = items.get(a.itemId);
    if (!item) {
      errors.push({ itemId: a.itemId, code: 'onsite-unknown-item' });
      continue;
    }
    if (seen.has(a.itemId)) {
      errors.push({ itemId: a.itemId, code: 'onsite-duplicate-item' });
      continue;
    }
    seen.add(a.itemId);
    if (a.result === 'na') continue;
    maxPoints += item.points;
    if (a.result === 'fail') {
      if (item.critical) criticalFailed = true;
      if (item.photoOnFail && a.photos.length === 0) errors.push({ itemId: a.itemId, code: 'onsite-photo-required' });
      continue;
    }
    if (item.kind === 'points') {
      const p = a.points ?? item.points;
      if (p < 0 || p > item.points) {
        errors.push({ itemId: a.itemId, code: 'onsite-points-range' });
        continue;
      }
      points += p;
    } else points += item.points;
  }
  return { points, maxPoints, criticalFailed, errors };
}
