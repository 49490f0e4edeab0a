/**
 * Training suggested from measured gaps (培训建议), per hall, weekly (the `training.suggest` job) and on
 * demand: over the last `WINDOW_DAYS` complete days, each clerk's mix-adjusted handling time and rating
 * against the other clerks of the hall, and on-site checklist items failed again and again
 * (engines/training/gaps.ts). Each gap gets the course that addresses it:
 * - slow: the service where the clerk is slowest against the hall's median, and a material of the library
 *   about that service (the level nearest the clerk's skill level for it; else a search by its name);
 * - rated low: a material on the service skills (`RATING_SKILLS`), else a search for them;
 * - an on-site item: a Chinese search of the library for the item's own words (营业厅宣传海报张贴规范 for
 *   "宣传海报张贴").
 * A suggestion stays open while the gap does (its evidence refreshed), is done once the clerk attends a
 * session of the course, resolved when the gap closes by itself; a gap dismissed or just trained for is
 * not raised again for `QUIET_DAYS` (a course needs weeks to show in the figures).
 */
import type { Db } from '../../db/client.ts';
import { AppError, refuse } from '../../errors.ts';
import { findGaps, type ClerkFigures, type Gap } from '../../engines/training/gaps.ts';
import { accessRepository } from '../access/access.repository.ts';
import { allows, audit, type SessionUser, unitsAllowed } from '../access/access.service.ts';
import { localInstant } from '../adherence/adherence.time.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { servicesOf } from '../performance/skills.service.ts';
import { skillsRepository } from '../performance/skills.repository.ts';
import { addDays, localDay } from '../staff/staff.service.ts';
import { EFFECTS_JOB } from './effects.service.ts';
import { searchMaterials } from './materials.service.ts';
import { sessionsRepository } from './sessions.repository.ts';
import { plansRepository } from './plans.repository.ts';
import { suggestionsRepository as repo, type SuggestionRow } from './suggestions.repository.ts';
import type { SuggestionEvidence, SuggestionStatus } from './suggestions.table.ts';

export const SUGGEST_JOB = 'training.suggest';
export const SUGGEST_CRON = '30 6 * * 1';
export const WINDOW_DAYS = 28;
export const QUIET_DAYS = 28;
/** Skills a course on serving customers is tagged with (the library's own words). */
export const RATING_SKILLS = ['服务礼仪', '沟通技巧', '投诉处理'];

const DAY = 86_400_000;

export interface SuggestResult {
  hallId: string;
  windowFrom: string;
  windowTo: string;
  clerks: number;
  gaps: number;
  created: number;
  refreshed: number;
  done: number;
  resolved: number;
}

/** The course for a gap: a material in force (its series), or null when the library has none. */
async function courseFor(
  db: Db,
  gap: Gap,
  o: { serviceId?: string; serviceName?: string; level?: number; words?: string },
) {
  const first = async (q: Parameters<typeof searchMaterials>[1]) =>
    (await searchMaterials(db, q)).rows.map((r) => ({ seriesId: r.seriesId, level: r.level }));
  if (gap.kind === 'handle' && o.serviceId) {
    const about = await first({ serviceId: o.serviceId, limit: 20, offset: 0 });
    if (about.length) {
      const want = Math.min(3, o.level ?? 1);
      return about.sort((a, b) => Math.abs(a.level - want) - Math.abs(b.level - want))[0]?.seriesId ?? null;
    }
    if (o.serviceName) return (await first({ q: o.serviceName, limit: 1, offset: 0 }))[0]?.seriesId ?? null;
    return null;
  }
  if (gap.kind === 'rating') {
    for (const skill of RATING_SKILLS) {
      const hit = (await first({ skill, limit: 1, offset: 0 }))[0];
      if (hit) return hit.seriesId;
    }
    return (await first({ q: RATING_SKILLS[0], limit: 1, offset: 0 }))[0]?.seriesId ?? null;
  }
  return o.words ? ((await first({ q: o.words, limit: 1, offset: 0 }))[0]?.seriesId ?? null) : null;
}

/** Suggests training for a hall's clerks from their gaps; closes what was trained or resolved. */
export async function suggestForHall(db: Db, hallId: string, now = new Date()): Promise<SuggestResult> {
  const hall = await hallsRepository.hall(db, hallId);
  if (!hall) throw refuse('hall-not-found', 'hallId', {}, 'NOT_FOUND');
  const windowTo = addDays(localDay(now, hall.timeZone), -1);
  const windowFrom = addDays(windowTo, -(WINDOW_DAYS - 1));
  const from = new Date(localInstant(windowFrom, '00:00', hall.timeZone));
  const to = new Date(localInstant(addDays(windowTo, 1), '00:00', hall.timeZone));
  const [people, facts, forms, services, tickets] = await Promise.all([
    repo.activeEmployees(db, [hallId]),
    repo.clerkFacts(db, hallId, windowFrom, windowTo),
    repo.clerkForms(db, hallId, from, to),
    servicesOf(db, hallId),
    skillsRepository.ticketFigures(db, hallId, from, to),
  ]);
  const byId = new Map(people.map((p) => [p.id, p]));
  // On-site items per clerk, labelled from the template version each form was filled in with.
  const templates = await repo.templates(db, [...new Set(forms.map((f) => f.templateId))]);
  const label = new Map<string, { zh: string; en: string }>();
  for (const t of templates)
    for (const s of t.document.sections) for (const i of s.items) label.set(`${t.id}/${i.id}`, { zh: i.zh, en: i.en });
  const items = new Map<string, Record<string, { scored: number; failed: number }>>();
  for (const f of forms) {
    const mine = items.get(f.employeeId as string) ?? {};
    for (const a of f.answers) {
      if (a.result === 'na') continue;
      const key = `${f.templateId}/${a.itemId}`;
      const n = (mine[key] ??= { scored: 0, failed: 0 });
      n.scored++;
      if (a.result === 'fail') n.failed++;
    }
    items.set(f.employeeId as string, mine);
  }
  const figures: ClerkFigures[] = people.map((p) => {
    const k = facts.find((x) => x.subjectId === p.id);
    return {
      clerkId: p.id,
      handleSeconds: k?.handleSeconds ?? 0,
      expectedSeconds: k?.expectedSeconds ?? 0,
      served: k?.served ?? 0,
      ratingSum: k?.ratingSum ?? 0,
      ratings: k?.ratings ?? 0,
      items: items.get(p.id) ?? {},
    };
  });
  const gaps = findGaps(figures);

  const open = await repo.ofHall(db, hallId, ['open']);
  const quiet = new Set(
    (await repo.closedSince(db, hallId, new Date(now.getTime() - QUIET_DAYS * DAY))).map(
      (d) => `${d.employeeId}|${d.kind}|${d.subject}`,
    ),
  );
  const result: SuggestResult = {
    hallId,
    windowFrom,
    windowTo,
    clerks: people.length,
    gaps: gaps.length,
    created: 0,
    refreshed: 0,
    done: 0,
    resolved: 0,
  };

  // Done: the clerk attended a session of the suggested course after it was suggested.
  const attended = await repo.attended(
    db,
    open.map((s) => s.employeeId),
    open.map((s) => s.materialSeriesId).filter((x): x is number => x !== null),
  );
  const stillOpen: SuggestionRow[] = [];
  for (const s of open) {
    if (
      attended.some(
        (a) => a.employeeId === s.employeeId && a.seriesId === s.materialSeriesId && a.endsAt >= s.createdAt,
      )
    ) {
      await repo.update(db, s.id, { status: 'done' });
      result.done++;
    } else stillOpen.push(s);
  }

  for (const s of open) if (!stillOpen.includes(s)) quiet.add(`${s.employeeId}|${s.kind}|${s.subject}`);
  const seen = new Set<string>();
  for (const gap of gaps) {
    const p = byId.get(gap.clerkId);
    if (!p) continue;
    let subject = '';
    const evidence: SuggestionEvidence = { ...gap, windowFrom, windowTo };
    const course: Parameters<typeof courseFor>[2] = {};
    if (gap.kind === 'handle') {
      // The service where the clerk is slowest against the hall's median (on enough of its tickets).
      const mine = tickets.clerks
        .filter((c) => c.staffId === p.staffId && c.served >= 10 && tickets.hallMedians.get(c.serviceId))
        .map((c) => ({ ...c, ratio: Number(c.median) / (tickets.hallMedians.get(c.serviceId) as number) }))
        .sort((a, b) => b.ratio - a.ratio)[0];
      // Without tickets of its own in the window (figures not yet in): the service the clerk is least skilled at.
      const weakest = mine
        ? null
        : Object.entries(p.skills)
            .filter(([id]) => services.some((s) => s.id === id))
            .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0];
      if (weakest) {
        subject = weakest[0];
        course.serviceId = weakest[0];
        course.serviceName = services.find((s) => s.id === weakest[0])?.name;
        course.level = weakest[1];
      }
      if (mine) {
        subject = mine.serviceId;
        evidence.service = {
          id: mine.serviceId,
          median: Math.round(Number(mine.median)),
          hallMedian: Math.round(tickets.hallMedians.get(mine.serviceId) as number),
          served: mine.served,
        };
        course.serviceId = mine.serviceId;
        course.serviceName = services.find((s) => s.id === mine.serviceId)?.name;
        course.level = p.skills[mine.serviceId];
      }
    } else if (gap.kind === 'onsite') {
      subject = gap.item;
      evidence.itemLabel = label.get(gap.item);
      course.words = label.get(gap.item)?.zh;
    }
    const key = `${p.id}|${gap.kind}|${subject}`;
    seen.add(key);
    const existing = stillOpen.find((s) => `${s.employeeId}|${s.kind}|${s.subject}` === key);
    if (existing) {
      await repo.update(db, existing.id, { evidence });
      result.refreshed++;
      continue;
    }
    if (quiet.has(key)) continue;
    await repo.insert(db, {
      hallId,
      employeeId: p.id,
      kind: gap.kind,
      subject,
      evidence,
      materialSeriesId: await courseFor(db, gap, course),
    });
    result.created++;
  }
  // The gap closed by itself (or the clerk left the comparison): resolved, with the last evidence kept.
  for (const s of stillOpen)
    if (!seen.has(`${s.employeeId}|${s.kind}|${s.subject}`)) {
      await repo.update(db, s.id, { status: 'resolved' });
      result.resolved++;
    }
  return result;
}

/** Suggestions of the halls under the caller's training view, with names, evidence and the course. */
export async function listSuggestions(
  db: Db,
  user: SessionUser,
  q: { hallId?: string | undefined; status?: SuggestionStatus | undefined },
) {
  const units = await sessionsRepository.units(db);
  const visible = unitsAllowed(user, units, 'training', 'view');
  const hallIds = units.filter((u) => u.hallId && visible.has(u.id)).map((u) => u.hallId as string);
  const wanted = q.hallId ? hallIds.filter((h) => h === q.hallId) : hallIds;
  const rows = await repo.ofHalls(db, wanted, [q.status ?? 'open'], 500);
  const people = new Map(
    (await repo.activeEmployees(db, [...new Set(rows.map((r) => r.hallId))])).map((p) => [p.id, p]),
  );
  const halls = new Map(
    (await sessionsRepository.hallNames(db, [...new Set(rows.map((r) => r.hallId))])).map((h) => [h.id, h.name]),
  );
  const seriesIds = [...new Set(rows.map((r) => r.materialSeriesId).filter((x): x is number => x !== null))];
  // The version in force of each course, at once.
  const courses = new Map(
    (await plansRepository.inForce(db, seriesIds)).map((m) => [m.seriesId, { title: m.title, materialId: m.id }]),
  );
  const serviceNames = new Map<string, string>();
  for (const h of new Set(rows.map((r) => r.hallId)))
    for (const s of await servicesOf(db, h)) serviceNames.set(s.id, s.name);
  const deciders = new Map(
    (
      await sessionsRepository.userNames(db, [
        ...new Set(rows.map((r) => r.decidedBy).filter((x): x is string => x !== null)),
      ])
    ).map((u) => [u.id, u.name]),
  );
  return rows.map((r) => {
    const course = r.materialSeriesId ? courses.get(r.materialSeriesId) : undefined;
    return {
      ...r,
      employeeName: people.get(r.employeeId)?.name ?? null,
      hallName: halls.get(r.hallId) ?? r.hallId,
      // The course's version in force: its title, and the material to open.
      course: r.materialSeriesId
        ? { seriesId: r.materialSeriesId, title: course?.title ?? null, materialId: course?.materialId ?? null }
        : null,
      serviceName: r.evidence.service ? (serviceNames.get(r.evidence.service.id) ?? null) : null,
      decidedByName: r.decidedBy ? (deciders.get(r.decidedBy) ?? null) : null,
    };
  });
}

/** A run of a job as the pages show it: its state, when, and what it found. */
function runOf<T>(job: Awaited<ReturnType<typeof repo.latestJob>>, summary: (r: Record<string, unknown>) => T) {
  if (!job) return null;
  const r = job.result && typeof job.result === 'object' ? (job.result as Record<string, unknown>) : null;
  return {
    state: job.state,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    errorCode: job.errorCode,
    summary: job.state === 'done' && r ? summary(r) : null,
  };
}
const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : 0);

/**
 * What the suggestions and effects pages need besides their rows: the halls under the caller's training
 * view by name, each with whether the caller edits training there (runs the analysis, schedules a
 * session); whether they may measure the courses (training edit at the root); and the newest run of each
 * job (the analysis of the hall given, or of the only hall the caller sees): queued, running, done with
 * what it found, or failed.
 */
export async function analysisInfo(db: Db, user: SessionUser, q: { hallId?: string | undefined }) {
  const units = await sessionsRepository.units(db);
  const visible = unitsAllowed(user, units, 'training', 'view');
  const editable = unitsAllowed(user, units, 'training', 'edit');
  const hallUnits = units.filter((u) => u.hallId && visible.has(u.id));
  const names = new Map(
    (
      await sessionsRepository.hallNames(
        db,
        hallUnits.map((u) => u.hallId as string),
      )
    ).map((h) => [h.id, h.name]),
  );
  const halls = hallUnits
    .map((u) => ({
      id: u.hallId as string,
      name: names.get(u.hallId as string) ?? u.name,
      mayEdit: editable.has(u.id),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id));
  // The hall asked for (when the caller sees it); a manager of one hall needs not name it.
  const hallId = q.hallId
    ? halls.some((h) => h.id === q.hallId)
      ? q.hallId
      : null
    : halls.length === 1
      ? (halls[0]?.id ?? null)
      : null;
  const [suggestJob, effectsJob, mayMeasure] = await Promise.all([
    hallId ? repo.latestJob(db, SUGGEST_JOB, hallId) : null,
    repo.latestJob(db, EFFECTS_JOB, null),
    allows(db, user, 'training', 'edit', null),
  ]);
  return {
    halls,
    mayMeasure,
    suggestRun: runOf(suggestJob, (r) => ({
      gaps: num(r.gaps),
      created: num(r.created),
      refreshed: num(r.refreshed),
      done: num(r.done),
      resolved: num(r.resolved),
    })),
    effectsRun: runOf(effectsJob, (r) => ({ courses: num(r.courses) })),
  };
}

/** A manager or trainer dismisses a suggestion (with a reason) or opens it again. */
export async function decideSuggestion(
  db: Db,
  user: SessionUser,
  q: { id: number; status: 'dismissed' | 'open'; reason?: string | undefined },
) {
  const s = await repo.get(db, q.id);
  if (!s) throw refuse('training-suggestion-not-found', 'id', {}, 'NOT_FOUND');
  const unit = await accessRepository.unitOfHall(db, s.hallId);
  if (!unit || !(await allows(db, user, 'training', 'view', unit.id)))
    throw refuse('training-suggestion-not-found', 'id', {}, 'NOT_FOUND');
  // Hall managers (training view) and trainers decide on their halls' suggestions.
  if (q.status === 'dismissed' && !(q.reason ?? '').trim()) throw refuse('training-reason-required', 'reason');
  if (s.status !== 'open' && s.status !== 'dismissed')
    throw new AppError('CONFLICT', 'suggestion already closed', { reason: 'conflict' });
  await db.transaction(async (tx) => {
    await repo.update(tx, s.id, { status: q.status, decidedBy: user.id, reason: (q.reason ?? '').trim() || null });
    await audit(tx, {
      userId: user.id,
      action: `training.suggestion.${q.status}`,
      entity: 'training_suggestion',
      entityId: String(s.id),
      orgUnitId: unit.id,
      before: { status: s.status },
      after: { status: q.status, reason: q.reason ?? null },
    });
  });
  return { status: q.status };
}
