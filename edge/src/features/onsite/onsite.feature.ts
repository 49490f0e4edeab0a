/**
 * On-site scoring at the hub (现场评分), which works while the WAN is down: the hall config's `onsite`
 * section holds the checklist templates in force (a new config replaces them, `apply`); the phone page
 * (console/src/hall/onsite) asks for them and for the subjects — the clerks at counters now first, with
 * the ticket each is serving; its photos land in the PhotoStore first; then `submit` checks the form by
 * the cloud's own rule (`scoreForm`, shared through @hall/devices) and journals `onsite.scored` like any
 * event (the outbox forwards it; the photos go up before it, photo-uploader.ts). A form id is the
 * page's: the same form submitted twice is journaled once.
 */
import { parseHubEvent } from '@hall/devices/hub-events';
import { scoreForm } from '@hall/devices/onsite-score';
import type { ChecklistTemplate, OnsiteSection } from '@hall/devices';
import type { HubEvent } from '../../bus/hub-events.ts';
import type { HallConfig } from '../../config.ts';
import type { HallSnapshot } from '../../read-models.ts';
import type { Journal } from '../../store/journal.ts';
import type { PhotoStore } from './photo-store.ts';

export type OnsiteForm = Omit<Extract<HubEvent, { type: 'onsite.scored' }>, 'type' | 'at' | 'scoredBy'>;

/** Why the hub refuses a form (the page says it in the manager's language). */
export type OnsiteSubmitRefusal =
  | 'onsite-template-unknown'
  | 'onsite-subject-kind'
  | 'onsite-subject-unknown'
  | 'onsite-own-form'
  | 'onsite-item-unanswered'
  | 'onsite-unknown-item'
  | 'onsite-photo-required'
  | 'onsite-points-range'
  | 'onsite-duplicate-item'
  | 'onsite-photo-missing'
  | 'onsite-invalid';

export type OnsiteSubmitResult =
  | { ok: true; duplicate: boolean; points: number; maxPoints: number; criticalFailed: boolean }
  | { ok: false; code: OnsiteSubmitRefusal; itemId: string | null; field: string | null };

export interface OnsiteContext {
  hall: { id: string; name: string };
  templates: ChecklistTemplate[];
  /** Clerks signed in at a counter now, with what they are serving: the page offers them first. */
  atCounters: Array<{
    staffId: string;
    name: string | null;
    counterId: string;
    counterName: string;
    status: string;
    ticketNo: string | null;
    serviceName: string | null;
  }>;
  staff: Array<{ id: string; name: string }>;
  counters: Array<{ id: string; name: string }>;
  photos: { count: number; bytes: number; maxCount: number; maxBytes: number };
}

export interface OnsiteOptions {
  hall: HallConfig;
  journal: Journal;
  photos: PhotoStore;
  clock: () => number;
  /** The live hall (who is at which counter, serving what). */
  snapshot: () => HallSnapshot;
}

export class OnsiteFeature {
  #templates: ChecklistTemplate[];
  #staff: HallConfig['staff'];
  readonly #o: OnsiteOptions;

  constructor(opts: OnsiteOptions) {
    this.#o = opts;
    this.#templates = opts.hall.onsite?.templates ?? [];
    this.#staff = opts.hall.staff;
  }

  /** A new hall config's templates and staff, in force for the next form (a form open in a page keeps its version). */
  apply(onsite: OnsiteSection | undefined, staff: HallConfig['staff']) {
    this.#templates = onsite?.templates ?? [];
    this.#staff = staff;
  }

  context(): OnsiteContext {
    const s = this.#o.snapshot();
    return {
      hall: { id: this.#o.hall.hall.id, name: this.#o.hall.hall.name },
      templates: this.#templates,
      atCounters: s.counters
        .filter((c) => c.staffId && c.status !== 'closed')
        .map((c) => ({
          staffId: c.staffId as string,
          name: c.staffName,
          counterId: c.id,
          counterName: c.name,
          status: c.status,
          ticketNo: c.ticketNo,
          serviceName: c.serviceName,
        })),
      staff: this.#staff.map((x) => ({ id: x.id, name: x.name })),
      counters: this.#o.hall.counters.map((c) => ({ id: c.id, name: c.name })),
      photos: this.#o.photos.usage,
    };
  }

  async submit(form: OnsiteForm, scoredBy: string): Promise<OnsiteSubmitResult> {
    const { journal, photos, clock, hall } = this.#o;
    const eid = `onsite:${form.formId}`;
    const refuse = (code: OnsiteSubmitRefusal, itemId: string | null = null, field: string | null = null) =>
      ({ ok: false, code, itemId, field }) as const;
    const template = this.#templates.find((t) => t.id === form.templateId && t.version === form.templateVersion);
    if (!template) return refuse('onsite-template-unknown', null, 'templateVersion');
    const score = scoreForm(template, form.answers);
    const seen = journal.seen(eid);
    if (seen) {
      await seen.durable;
      return { ok: true, duplicate: true, ...score };
    }
    if (form.subjectKind !== template.subject) return refuse('onsite-subject-kind', null, 'subjectKind');
    const known =
      form.subjectKind === 'clerk'
        ? this.#staff.some((x) => x.id === form.subjectId) ||
          this.#o.snapshot().counters.some((c) => c.staffId === form.subjectId)
        : form.subjectKind === 'counter'
          ? hall.counters.some((c) => c.id === form.subjectId)
          : form.subjectId === hall.hall.id;
    if (!known) return refuse('onsite-subject-unknown', null, 'subjectId');
    // A lead or manager who also serves at a counter does not score themself.
    if (form.subjectKind === 'clerk' && scoredBy === `staff:${form.subjectId}`)
      return refuse('onsite-own-form', null, 'subjectId');
    // Every item answered: a form with items left out would score as if they were not there.
    const answered = new Set(form.answers.map((a) => a.itemId));
    const missing = template.sections.flatMap((x) => x.items).find((item) => !answered.has(item.id));
    if (missing) return refuse('onsite-item-unanswered', missing.id, 'answers');
    const first = score.errors[0];
    if (first) return refuse(first.code, first.itemId, null);
    for (const a of form.answers)
      for (const p of a.photos) if (!(await photos.has(p))) return refuse('onsite-photo-missing', a.itemId, null);
    if (form.signature && !(await photos.has(form.signature))) return refuse('onsite-photo-missing', null, 'signature');
    const at = clock();
    // The contract the cloud checks each row against: a form the hub journals is one the cloud takes.
    const parsed = parseHubEvent('onsite.scored', { ...form, at, scoredBy });
    if (!parsed.ok) return refuse('onsite-invalid', null, parsed.refusal.field);
    await journal.record({ events: [parsed.event as HubEvent], eid, deviceId: 'onsite-page', replies: [] });
    return {
      ok: true,
      duplicate: false,
      points: score.points,
      maxPoints: score.maxPoints,
      criticalFailed: score.criticalFailed,
    };
  }
}

/** The photos (and signature) a forwarded `onsite.scored` row names. */
export function photosOf(body: Record<string, unknown>): string[] {
  const answers = Array.isArray(body.answers) ? (body.answers as Array<{ photos?: unknown }>) : [];
  const out = answers.flatMap((a) => (Array.isArray(a.photos) ? a.photos.filter((p) => typeof p === 'string') : []));
  if (typeof body.signature === 'string') out.push(body.signature);
  return out as string[];
}
