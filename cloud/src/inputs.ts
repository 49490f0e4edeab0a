/**
 * Input formats the routers share, each refusing what PostgreSQL or the hall's calendar cannot take,
 * with a message naming the rule (the error names the field): free text without control characters
 * (PostgreSQL stores no NUL), dates that exist on the calendar, IANA time zones, and JSON documents
 * without NUL anywhere in them.
 */
import { timeZoneSchema } from '@hall/devices';
import { z } from 'zod';

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** One line or a few of human text: no NUL or other control characters (tab and newlines pass). */
export const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !CONTROL.test(s), { error: 'must not contain control characters' });

/** A day on the calendar as YYYY-MM-DD: 2025-02-30 is refused, 2024-02-29 is not. */
export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'a date as YYYY-MM-DD' })
  .refine(
    (s) => {
      const [y, m, d] = s.split('-').map(Number) as [number, number, number];
      const date = new Date(Date.UTC(y, m - 1, d));
      return (
        y >= 2000 && y <= 2100 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
      );
    },
    { error: 'not a day on the calendar (YYYY-MM-DD, years 2000-2100)' },
  );

export const timeZone = timeZoneSchema;

/** Whether a JSON value holds a NUL in any string or key (PostgreSQL's jsonb refuses it). */
export function hasNul(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  if (depth > 64 || v === null || typeof v !== 'object') return false;
  for (const [k, x] of Object.entries(v)) if (k.includes('\u0000') || hasNul(x, depth + 1)) return true;
  return false;
}

/** A JSON object stored as it is (a hall config document, alert rules). */
export const jsonDocument = z
  .record(z.string(), z.unknown())
  .refine((d) => !hasNul(d), { error: 'must not contain NUL characters' });
