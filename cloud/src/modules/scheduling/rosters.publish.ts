/**
 * Publishing to the halls: today's and tomorrow's days of the hall's published rosters, in the hall's
 * time zone, become the hall config's `roster` section — a new config version through the halls
 * service's way of writing one (the whole document validated as the hub will), which the hub takes with
 * `hub.config` and applies live. Run when a roster is published and by each hall's daily window job.
 * Several cloud processes may do it at once: `updateConfigSections` locks the config row for the
 * read-modify-write, so the staff module's section and this one never lose each other's change.
 */
import { hallConfigSchema, type RosterSection } from '@hall/devices';
import type { Db } from '../../db/client.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { updateConfigSections } from '../halls/halls.service.ts';
import { rosterSection, type PublishedDaySource } from './rosters.diff.ts';
import { addDays, type RosterPlanning } from './rosters.model.ts';
import { rostersRepository as repo } from './rosters.repository.ts';

/** The hall-local date of an instant. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * Writes today's and tomorrow's published roster into the hall's config when it differs from what the
 * config holds; answers the new config version (null: nothing to change) and the shifts left out.
 */
export async function writeRosterWindow(db: Db, hallId: string, o: { now: Date; by: string | null }) {
  const hall = await hallsRepository.hall(db, hallId);
  if (!hall) return { version: null, skipped: 0 };
  const today = localDate(o.now, hall.timeZone);
  const published = await repo.overlapping(db, hallId, today, addDays(today, 1), ['published']);
  const sources: PublishedDaySource[] = [];
  for (const r of published.sort((a, b) => b.version - a.version)) {
    if (!r.planning) continue;
    sources.push({
      version: r.version,
      publishedAt: r.publishedAt,
      fromDate: r.fromDate,
      planning: r.planning as unknown as RosterPlanning,
      shifts: (await repo.shifts(db, r.id)).map((s) => ({ ...s, serviceId: s.serviceId })),
    });
  }
  const staffIds = new Map((await repo.employees(db, hallId)).map((e) => [e.id, e.staffId]));
  let skipped = 0;
  // One writer at a time per hall config (publish, the window job, the staff module, in any process).
  const out = await updateConfigSections(
    db,
    hallId,
    (document) => {
      const parsed = hallConfigSchema.safeParse(document);
      if (!parsed.success) return null;
      const built = rosterSection({
        today,
        sources,
        staffIds,
        knownStaff: new Set(parsed.data.staff.map((s) => s.id)),
        knownServices: new Set(parsed.data.services.map((s) => s.id)),
      });
      skipped = built?.skipped ?? 0;
      const next: RosterSection | undefined = built?.section;
      const before = document.roster as RosterSection | undefined;
      if (canonical(stable(before)) === canonical(stable(next))) return null;
      return { roster: next };
    },
    o.by,
  );
  return { version: out.changed ? out.version : null, skipped };
}

/** JSON with keys sorted (jsonb keeps its own key order, not the one written). */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );

/** The section without its publishing moment (a window move with the same days changes nothing). */
const stable = (s: RosterSection | undefined) => (s ? { version: s.version, days: s.days } : null);
