/**
 * The `onsite.scored` case of ingest: a form scored at a hub (while the WAN was down, or not) becomes an
 * `onsite_forms` row scored by the one rule (`scoreForm`) against the template version the hub scored
 * with. Before the batch's transaction, each such row is checked on its own: a template version the cloud
 * does not hold, a template for another kind of subject, an item left unanswered, an answer that does
 * not fit it (naming the item), or a photo the cloud does not hold
 * (the hub uploads photos before the events that name them, so the cloud never keeps a form whose photos
 * it cannot show) refuses *that row* — the hub
 * dead-letters it and the rest of the batch lands. In the projection the form is inserted with
 * source 'hub' and the clerk's employee id; a form id already stored (the console sent it too, or a
 * retry) is kept as it is.
 */
import type { HubEventRecord } from '@hall/devices/hub-events';
import type { Db } from '../../db/client.ts';
import { scoreForm } from '../performance/onsite.score.ts';
import { ingestOnsiteRepository as repo } from './ingest-onsite.repository.ts';
import type { Tx } from './ingest.repository.ts';

export type OnsiteScored = Extract<HubEventRecord, { type: 'onsite.scored' }>;

/** Why an `onsite.scored` row is refused (the hub keeps it in its dead-letter table with this). */
export interface OnsiteRefusal {
  code:
    | 'onsite-template-unknown'
    | 'onsite-unknown-item'
    | 'onsite-photo-required'
    | 'onsite-points-range'
    | 'onsite-duplicate-item'
    | 'onsite-photo-missing'
    | 'onsite-item-unanswered'
    | 'onsite-subject-kind';
  field: string;
  message: string;
}

const key = (e: { templateId: string; templateVersion: number }) => `${e.templateId}@${e.templateVersion}`;

/** Checks the `onsite.scored` rows of a batch; returns the refusal of each refused row, by seq. */
export async function checkOnsiteRows(
  db: Db,
  rows: ReadonlyArray<{ seq: number; event: HubEventRecord }>,
): Promise<Map<number, OnsiteRefusal>> {
  const forms = rows.filter((r): r is { seq: number; event: OnsiteScored } => r.event.type === 'onsite.scored');
  const refused = new Map<number, OnsiteRefusal>();
  if (forms.length === 0) return refused;
  const refs = [
    ...new Map(forms.map((f) => [key(f.event), { id: f.event.templateId, version: f.event.templateVersion }])).values(),
  ];
  const templates = await repo.templates(db, refs);
  for (const { seq, event } of forms) {
    const template = templates.get(key(event));
    if (!template) {
      refused.set(seq, {
        code: 'onsite-template-unknown',
        field: 'templateVersion',
        message: `templateVersion: the cloud has no version ${event.templateVersion} of checklist ${event.templateId}`,
      });
      continue;
    }
    // As the console's form: the template is for this kind of subject, and (below) every item is
    // answered — a form with items left out would score as if they were not there.
    if (template.subject !== event.subjectKind) {
      refused.set(seq, {
        code: 'onsite-subject-kind',
        field: 'subjectKind',
        message: `subjectKind: checklist ${event.templateId} scores a ${template.subject}, not a ${event.subjectKind}`,
      });
      continue;
    }
    const first = scoreForm(template, event.answers).errors[0];
    if (first) {
      const i = event.answers.findIndex((a) => a.itemId === first.itemId);
      refused.set(seq, {
        code: first.code,
        field: `answers.${i}.itemId`,
        message: `answers.${i}.itemId: ${first.code} (${first.itemId})`,
      });
      continue;
    }
    const answered = new Set(event.answers.map((a) => a.itemId));
    const missing = template.sections.flatMap((x) => x.items).find((item) => !answered.has(item.id));
    if (missing) {
      refused.set(seq, {
        code: 'onsite-item-unanswered',
        field: 'answers',
        message: `answers: item ${missing.id} of checklist ${event.templateId} is not answered`,
      });
    }
  }
  const named = forms.filter((f) => !refused.has(f.seq));
  const held = await repo.blobsHeld(db, [...new Set(named.flatMap((f) => f.event.answers.flatMap((a) => a.photos)))]);
  for (const { seq, event } of named) {
    event.answers.some((a, i) => {
      const j = a.photos.findIndex((p) => !held.has(p));
      if (j < 0) return false;
      refused.set(seq, {
        code: 'onsite-photo-missing',
        field: `answers.${i}.photos.${j}`,
        message: `answers.${i}.photos.${j}: the cloud has no photo ${a.photos[j]} (upload it before the form)`,
      });
      return true;
    });
  }
  return refused;
}

/** Projects one checked `onsite.scored` event (inside the ingest transaction). */
export async function projectOnsiteScored(tx: Tx, hallId: string, at: Date, e: OnsiteScored) {
  const template = (await repo.templates(tx, [{ id: e.templateId, version: e.templateVersion }])).get(key(e));
  // Checked before the transaction; a template version is never deleted, so this holds. A row stored
  // before a template was removed by hand stays raw in hall_events, as any row no projection reads.
  if (!template) return;
  const score = scoreForm(template, e.answers);
  if (score.errors.length) return;
  const employeeId = e.subjectKind === 'clerk' ? await repo.employeeOf(tx, hallId, e.subjectId) : null;
  await repo.insertForm(tx, {
    formId: e.formId,
    hallId,
    templateId: e.templateId,
    templateVersion: e.templateVersion,
    subjectKind: e.subjectKind,
    subjectId: e.subjectId,
    employeeId,
    counterId: e.counterId,
    ticketNo: e.ticketNo,
    answers: e.answers,
    points: score.points,
    maxPoints: score.maxPoints,
    criticalFailed: score.criticalFailed,
    scoredBy: e.scoredBy,
    signature: e.signature,
    source: 'hub',
    at,
  });
}
