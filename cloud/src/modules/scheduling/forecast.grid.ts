/**
 * What the forecast needs of a hall's planning settings (scheduling.schema.ts; defaults derived from
 * the hall config when none are stored): its zone, services, the planning day cut into intervals, the
 * open weekdays and the horizon — so the forecast, the requirement and the roster share one grid.
 */
import { WEEKDAY_KEYS, type OpeningHours } from '@hall/devices';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { planningGrid } from './planning.ts';
import { settingsFor } from './scheduling.schema.ts';

export interface ForecastGrid {
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

/** Whether the hall opens on a date's weekday (no opening hours at all: every day). */
export function openOn(grid: Pick<ForecastGrid, 'openingHours'>, date: string): boolean {
  if (!grid.openingHours) return true;
  const key = WEEKDAY_KEYS[new Date(`${date}T00:00:00Z`).getUTCDay()] as (typeof WEEKDAY_KEYS)[number];
  return Boolean(grid.openingHours[key]);
}

export async function forecastGrid(db: Db, hallId: string): Promise<ForecastGrid> {
  const hall = await hallsRepository.hall(db, hallId);
  if (!hall)
    throw new AppError('NOT_FOUND', `no hall ${hallId}`, {
      reason: 'not-found',
      detail: { code: 'hall-not-found', params: { hallId } },
    });
  const { settings, config } = await settingsFor(db, hallId);
  const grid = planningGrid(settings);
  return {
    hallId,
    hallName: hall.name,
    timeZone: hall.timeZone,
    services: config.services.map((s) => ({ id: s.id, name: s.name })),
    ...grid,
    dayEndMinutes: grid.dayStartMinutes + grid.intervals * grid.intervalMinutes,
    horizonDays: settings.horizonDays,
    openingHours: config.hall.openingHours ?? null,
  };
}
