/** The scheduling module's shared reads: a hall's config and planning settings, its newest forecast, its handle times. */
import { and, desc, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { hallConfigs } from '../halls/halls.table.ts';
import { tickets } from '../ingest/ingest.table.ts';
import { forecasts, forecastValues, schedulingSettings } from './scheduling.table.ts';

const DAY_MS = 86_400_000;

export const schedulingRepository = {
  hallConfig: async (db: Db, hallId: string) =>
    (await db.select().from(hallConfigs).where(eq(hallConfigs.hallId, hallId)))[0] ?? null,
  settings: async (db: Db, hallId: string) =>
    (await db.select().from(schedulingSettings).where(eq(schedulingSettings.hallId, hallId)))[0] ?? null,
  newestForecast: async (db: Db, hallId: string) =>
    (
      await db.select().from(forecasts).where(eq(forecasts.hallId, hallId)).orderBy(desc(forecasts.version)).limit(1)
    )[0] ?? null,
  forecastValues: (db: Db, forecastId: number, dates: string[]) =>
    db
      .select()
      .from(forecastValues)
      .where(and(eq(forecastValues.forecastId, forecastId), inArray(forecastValues.date, dates))),
  /** Mean seconds from first call to end, and how many, per service over the 28 days before `before`. */
  handleSeconds: (db: Db, hallId: string, before: Date) =>
    db
      .select({
        serviceId: tickets.serviceId,
        seconds: sql<number>`avg(extract(epoch from ${tickets.endedAt} - ${tickets.firstCalledAt}))::float8`,
        n: sql<number>`count(*)::int`,
      })
      .from(tickets)
      .where(
        and(
          eq(tickets.hallId, hallId),
          eq(tickets.outcome, 'done'),
          isNotNull(tickets.firstCalledAt),
          isNotNull(tickets.endedAt),
          gte(tickets.issuedAt, new Date(before.getTime() - 28 * DAY_MS)),
          lt(tickets.issuedAt, before),
        ),
      )
      .groupBy(tickets.serviceId),
};
