/**
 * What a roster of a hall and period is planned against (`RosterPlanning`), read once when the roster
 * is generated and stored with it: the hall's planning settings (scheduling.schema.ts: intervals,
 * targets, legal rest, the shift templates expanded with their breaks placed — planning.ts) and the
 * requirement per day × service × interval from the newest forecast (requirement.ts `requirementFor`).
 */
import type { Db } from '../../db/client.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { expandTemplates, shiftClock } from './planning.ts';
import { requirementFor } from './requirement.ts';
import { settingsFor } from './scheduling.schema.ts';
import type { RosterPlanning } from './rosters.model.ts';

export async function planningFor(db: Db, hallId: string, fromDate: string, days: number): Promise<RosterPlanning> {
  const req = await requirementFor(db, hallId, fromDate, days);
  const config = await hallsRepository.config(db, hallId);
  const names = new Map(
    ((config?.document.services as Array<{ id: string; name: string }> | undefined) ?? []).map((s) => [s.id, s.name]),
  );
  const { grid, services } = req;
  return {
    intervalMinutes: grid.intervalMinutes,
    dayStartMinutes: grid.dayStartMinutes,
    intervals: grid.intervals,
    services: services.map((s) => ({
      id: s.id,
      name: names.get(s.id) ?? s.id,
      ahtSeconds: s.handleSeconds,
      patienceSeconds: s.patienceSeconds,
      serviceLevel: s.serviceLevel,
      targetSeconds: s.targetSeconds,
    })),
    arrivals: req.days.map((d) => d.arrivals),
    // The requirement is [interval][service]; the roster keeps [service][interval] like the arrivals.
    required: req.days.map((d) => services.map((_, k) => d.required.map((row) => row[k] ?? 0))),
    templates: expandTemplates(req.settings, grid).map((t) => ({
      id: t.id,
      templateId: t.templateId,
      partTime: t.partTime,
      ...shiftClock(t, grid),
      ...(t.unpopular ? { unpopular: true } : {}),
    })),
    minRestHours: req.settings.rules.minRestHours,
    forecastId: req.forecast?.id ?? null,
  };
}

/** Days from today within which a change to a published roster needs a reason (the settings' notice). */
export async function noticeDaysFor(db: Db, hallId: string): Promise<number> {
  return (await settingsFor(db, hallId)).settings.rules.noticeDays;
}
