/**
 * What a roster of a hall and period is planned against (`RosterPlanning`), read once when the roster
 * is generated and stored with it: the hall's planning settings (intervals, targets, templates with
 * their breaks placed) and the requirement per day × service × interval from the newest forecast.
 *
 * TEMPORARY BRIDGE: until the lead's scheduling.schema.ts (`settingsFor`) and requirement.ts
 * (`requirementFor`) are merged, this derives the same figures from the hall config and the stored
 * forecast itself; `planningFor` is the one function to re-point at them.
 */
import { hallConfigSchema } from '@hall/devices';
import { requiredAgents } from '@hall/cloud/workforce';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { rostersRepository } from './rosters.repository.ts';
import { addDays, hhmm, minutesOf, weekdayOf, type PlanningTemplate, type RosterPlanning } from './rosters.model.ts';

const INTERVAL = 30;
const SERVICE_LEVEL = 0.8;
const PATIENCE_SECONDS = 15 * 60;
const MAX_OCCUPANCY = 0.85;

/** Full-time 8.5 h with a 30-minute meal 4 h in (every half hour), and part-time 4 h (every hour). */
export function defaultTemplates(dayStart: number, dayEnd: number): PlanningTemplate[] {
  const out: PlanningTemplate[] = [];
  for (let s = dayStart; s + 510 <= dayEnd; s += 30)
    out.push({
      id: `F${hhmm(s).replace(':', '')}`,
      start: hhmm(s),
      end: hhmm(s + 510),
      breaks: [{ start: hhmm(s + 240), end: hhmm(s + 270) }],
      ...(s + 510 === dayEnd ? { unpopular: true } : {}),
    });
  for (let s = dayStart; s + 240 <= dayEnd; s += 60)
    out.push({ id: `P${hhmm(s).replace(':', '')}`, start: hhmm(s), end: hhmm(s + 240), breaks: [] });
  return out;
}

export async function planningFor(db: Db, hallId: string, fromDate: string, days: number): Promise<RosterPlanning> {
  const config = await hallsRepository.config(db, hallId);
  if (!config) throw new AppError('NOT_FOUND', `hall ${hallId} has no config`, { detail: { code: 'hall-not-found' } });
  const parsed = hallConfigSchema.parse(config.document);
  const hours = Object.values(parsed.hall.openingHours ?? {}).filter((h) => h !== null && h !== undefined);
  const dayStart = hours.length ? Math.min(...hours.map((h) => minutesOf(h.open))) : 9 * 60;
  const dayEnd = hours.length ? Math.max(...hours.map((h) => minutesOf(h.close))) : 18 * 60;
  const intervals = Math.ceil((dayEnd - dayStart) / INTERVAL);
  const services = parsed.services.map((s) => ({
    id: s.id,
    name: s.name,
    ahtSeconds: s.expectedServiceMinutes * 60,
    patienceSeconds: PATIENCE_SECONDS,
    serviceLevel: SERVICE_LEVEL,
    targetSeconds: s.targetWaitMinutes * 60,
  }));
  const found = await rostersRepository.newestForecast(db, hallId, fromDate, addDays(fromDate, days - 1));
  const forecast = found?.forecast;
  const values = found?.values ?? [];
  const step = forecast?.intervalMinutes ?? INTERVAL;
  const arrivals = Array.from({ length: days }, () => services.map(() => new Array<number>(intervals).fill(0)));
  for (const v of values) {
    const d = Math.round((Date.parse(`${v.date}T00:00:00Z`) - Date.parse(`${fromDate}T00:00:00Z`)) / 86_400_000);
    const k = services.findIndex((s) => s.id === v.serviceId);
    // Forecast intervals of another length are spread over (or summed into) the planning's.
    const at = Math.floor((v.interval * step) / INTERVAL);
    if (d < 0 || d >= days || k < 0 || at >= intervals) continue;
    (arrivals[d] as number[][])[k]![at]! += v.mean;
  }
  const required = arrivals.map((day, d) => {
    const open = parsed.hall.openingHours?.[weekdayOf(addDays(fromDate, d))];
    return day.map((row, k) =>
      row.map((a, i) => {
        const svc = services[k] as (typeof services)[number];
        const m = dayStart + i * INTERVAL;
        if (!open || m < minutesOf(open.open) || m >= minutesOf(open.close) || a <= 0) return 0;
        return requiredAgents(
          {
            arrivals: a,
            period: INTERVAL * 60,
            aht: svc.ahtSeconds,
            targetTime: svc.targetSeconds,
            patience: PATIENCE_SECONDS,
          },
          { serviceLevel: SERVICE_LEVEL, maxOccupancy: MAX_OCCUPANCY },
        ).staff;
      }),
    );
  });
  return {
    intervalMinutes: INTERVAL,
    dayStartMinutes: dayStart,
    intervals,
    services,
    arrivals,
    required,
    templates: defaultTemplates(dayStart, dayStart + intervals * INTERVAL),
    forecastId: forecast?.id ?? null,
  };
}

/** Days before a published day within which a change needs a reason (the settings' notice days). */
export async function noticeDaysFor(_db: Db, _hallId: string): Promise<number> {
  return 7;
}
