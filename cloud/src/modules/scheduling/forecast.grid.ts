/**
 * What the forecast needs of a hall's planning settings: its zone, services, the planning day cut into
 * intervals, the open weekdays and the horizon. Read from the settings document (scheduling.schema.ts,
 * defaults derived from the hall config when none is stored), so the forecast, the requirement and the
 * roster share one grid.
 */
import { hallConfigSchema, WEEKDAY_KEYS, type OpeningHours } from '@hall/devices';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { hallsRepository } from '../halls/halls.repository.ts';

export interface PlanningGrid {
  hallId: string;
  hallName: string;
  timeZone: string;
  services: Array<{ id: string; name: string }>;
  intervalMinutes: number;
  /** Minutes after midnight, hall-local. */
  dayStartMinutes: number;
  dayEndMinutes: number;
  intervals: number;
  /** Days forecast ahead. */
  horizonDays: number;
  openingHours: OpeningHours | null;
}

export const DEFAULT_HORIZON_DAYS = 28;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether the hall opens on a date's weekday (no opening hours at all: every day). */
export function openOn(grid: Pick<PlanningGrid, 'openingHours'>, date: string): boolean {
  if (!grid.openingHours) return true;
  const key = WEEKDAY_KEYS[new Date(`${date}T00:00:00Z`).getUTCDay()] as (typeof WEEKDAY_KEYS)[number];
  return Boolean(grid.openingHours[key]);
}

export async function planningGrid(db: Db, hallId: string): Promise<PlanningGrid> {
  const hall = await hallsRepository.hall(db, hallId);
  if (!hall)
    throw new AppError('NOT_FOUND', `no hall ${hallId}`, {
      reason: 'not-found',
      detail: { code: 'hall-not-found', params: { hallId } },
    });
  const stored = await hallsRepository.config(db, hallId);
  const parsed = stored ? hallConfigSchema.safeParse(stored.document) : null;
  const config = parsed?.success ? parsed.data : null;
  const openingHours = config?.hall.openingHours ?? null;
  const days = openingHours ? WEEKDAY_KEYS.map((d) => openingHours[d]).filter((h) => !!h) : [];
  const dayStartMinutes = days.length ? Math.min(...days.map((h) => minutesOf(h.open))) : 8 * 60;
  const dayEndRaw = days.length ? Math.max(...days.map((h) => minutesOf(h.close))) : 20 * 60;
  const intervalMinutes = 30;
  const intervals = Math.ceil((dayEndRaw - dayStartMinutes) / intervalMinutes);
  return {
    hallId,
    hallName: hall.name,
    timeZone: hall.timeZone,
    services: (config?.services ?? []).map((s) => ({ id: s.id, name: s.name })),
    intervalMinutes,
    dayStartMinutes,
    dayEndMinutes: dayStartMinutes + intervals * intervalMinutes,
    intervals,
    horizonDays: DEFAULT_HORIZON_DAYS,
    openingHours,
  };
}
