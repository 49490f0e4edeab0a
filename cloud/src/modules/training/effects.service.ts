/**
 * The measured effect of courses (培训效果), weekly (the `training.effects` job) and on demand: for each
 * course (a library material's series) taught in the last `LOOKBACK_DAYS`, the clerks present at its
 * sessions against matched peers of their hall, then region, who were taught neither it nor any course
 * within the measured windows — the difference in
 * differences of engines/training/effect.ts on two KPIs read from the daily facts:
 * - `handle`: mix-adjusted handling time (handle seconds over the seconds expected for the clerk's mix;
 *   lower is better; a window needs 20 tickets);
 * - `rating`: the mean rating (higher is better; a window needs 10 ratings).
 * A course whose interval holds 0 on both is flagged: it does not move anything we measure.
 */
import type { Db } from '../../db/client.ts';
import { type ClerkSeries, measureEffect, type TrainedClerk } from '../../engines/training/effect.ts';
import { type SessionUser, unitsAllowed } from '../access/access.service.ts';
import { localDate } from '../adherence/adherence.time.ts';
import { addDays } from '../staff/staff.service.ts';
import { sessionsRepository } from './sessions.repository.ts';
import { suggestionsRepository as repo } from './suggestions.repository.ts';
import { EFFECT_KPIS, type EffectKpi } from './suggestions.table.ts';
import { plansRepository } from './plans.repository.ts';

export const EFFECTS_JOB = 'training.effects';
export const EFFECTS_CRON = '0 7 * * 1';
export const LOOKBACK_DAYS = 180;
const DAY = 86_400_000;
const OPTIONS: Record<EffectKpi, { direction: 'lower-better' | 'higher-better'; minCount: number }> = {
  handle: { direction: 'lower-better', minCount: 20 },
  rating: { direction: 'higher-better', minCount: 10 },
};
/**
 * The windows: 28 days before the training, 2 days to settle, 14 days after — a hall manager wants to
 * know within a fortnight, and a clerk serves 200–400 tickets in it (the interval says how sure it is).
 */
const WINDOWS = { beforeDays: 28, skipDays: 2, afterDays: 14 } as const;
const BEFORE = WINDOWS.beforeDays;
const AFTER = WINDOWS.skipDays + WINDOWS.afterDays;

export interface EffectsRun {
  courses: number;
  measured: Array<{ seriesId: number; kpi: EffectKpi; verdict: string; clerks: number }>;
}

/** Measures every course taught in the look-back (each course, each KPI), storing the results. */
export async function measureCourses(db: Db, now = new Date(), timeZone = 'Asia/Shanghai'): Promise<EffectsRun> {
  const taught = await repo.trainedSince(db, new Date(now.getTime() - LOOKBACK_DAYS * DAY));
  const units = await sessionsRepository.units(db);
  const regionOf = new Map<string, string>();
  for (const u of units) if (u.hallId) regionOf.set(u.hallId, u.parentId ?? u.id);
  const dataThrough = addDays(localDate(now.getTime(), timeZone), -1);
  const bySeries = new Map<number, typeof taught>();
  for (const t of taught) bySeries.set(t.seriesId as number, [...(bySeries.get(t.seriesId as number) ?? []), t]);
  const out: EffectsRun = { courses: bySeries.size, measured: [] };
  for (const [seriesId, rows] of bySeries) {
    // A clerk taught twice counts from the first time; everyone taught it is no one's peer.
    const first = new Map<string, (typeof rows)[number]>();
    for (const r of rows) if (!first.has(r.employeeId)) first.set(r.employeeId, r);
    const regions = new Set([...first.values()].map((r) => regionOf.get(r.hallId)));
    const hallIds = units.filter((u) => u.hallId && regions.has(regionOf.get(u.hallId))).map((u) => u.hallId as string);
    const ends = [...first.values()].map((r) => localDate(r.endsAt.getTime(), timeZone)).sort();
    const from = addDays(ends[0] as string, -BEFORE);
    const to = addDays(ends.at(-1) as string, AFTER);
    // Peers are clean controls: nobody taught this course, nor any course within the windows (a peer
    // who got faster from another course would make this one look worse).
    const busy = new Set(
      taught
        .filter((t) => {
          const d = localDate(t.endsAt.getTime(), timeZone);
          return d >= from && d <= to;
        })
        .map((t) => t.employeeId),
    );
    const candidates = (await repo.activeEmployees(db, hallIds)).filter((e) => !first.has(e.id) && !busy.has(e.id));
    for (const kpi of EFFECT_KPIS) {
      const series = await repo.dailySeries(db, [...first.keys(), ...candidates.map((c) => c.id)], from, to, kpi);
      const days = new Map<string, ClerkSeries['days'][number][]>();
      for (const d of series)
        days.set(d.clerkId, [...(days.get(d.clerkId) ?? []), { date: d.date, num: d.num, den: d.den, count: d.count }]);
      const trained: TrainedClerk[] = [...first.values()].map((r) => ({
        clerkId: r.employeeId,
        hallId: r.hallId,
        regionId: regionOf.get(r.hallId) ?? r.hallId,
        trainingEnded: localDate(r.endsAt.getTime(), timeZone),
        days: days.get(r.employeeId) ?? [],
      }));
      const peers: ClerkSeries[] = candidates.map((c) => ({
        clerkId: c.id,
        hallId: c.hallId,
        regionId: regionOf.get(c.hallId) ?? c.hallId,
        days: days.get(c.id) ?? [],
      }));
      const result = measureEffect({
        direction: OPTIONS[kpi].direction,
        trained,
        candidates: peers,
        options: { ...WINDOWS, minCount: OPTIONS[kpi].minCount },
        dataThrough,
      });
      await repo.upsertEffect(db, {
        materialSeriesId: seriesId,
        kpi,
        verdict: result.verdict,
        flagged: result.flagged,
        measured: result.clerks.length,
        result,
      });
      out.measured.push({ seriesId, kpi, verdict: result.verdict, clerks: result.clerks.length });
    }
  }
  return out;
}

/** The courses measured, each with its KPIs' verdicts; flagged when no KPI moved. Readers: training view. */
export async function courseEffects(db: Db, user: SessionUser) {
  const units = await sessionsRepository.units(db);
  if (unitsAllowed(user, units, 'training', 'view').size === 0) return [];
  const rows = await repo.effects(db);
  const out = new Map<
    number,
    { seriesId: number; title: string | null; materialId: number | null; kpis: typeof rows; flagged: boolean }
  >();
  for (const r of rows) {
    const c = out.get(r.materialSeriesId) ?? {
      seriesId: r.materialSeriesId,
      title: null,
      materialId: null,
      kpis: [],
      flagged: false,
    };
    c.kpis.push(r);
    out.set(r.materialSeriesId, c);
  }
  const inForce = new Map((await plansRepository.inForce(db, [...out.keys()])).map((m) => [m.seriesId, m]));
  for (const c of out.values()) {
    c.title = inForce.get(c.seriesId)?.title ?? null;
    c.materialId = inForce.get(c.seriesId)?.id ?? null;
    // Flagged: measured on some KPI, and every KPI measured says it did not move.
    const judged = c.kpis.filter((k) => k.verdict !== 'insufficient' && k.verdict !== 'inconclusive');
    c.flagged = judged.length > 0 && judged.every((k) => k.flagged);
  }
  return [...out.values()];
}
