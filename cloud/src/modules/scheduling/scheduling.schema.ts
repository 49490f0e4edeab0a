/**
 * A hall's planning settings (the `scheduling_settings` document): how its staffing requirement is
 * computed from the forecast (interval, service-level targets, patience, handle time, occupancy cap,
 * shrinkage, minimum staff while open) and how its rosters are built (shift templates with break rules,
 * rest, the notice period for changes to a published roster). Configuration, not code: every field has a
 * default derived from the hall config, so a hall plans before anyone has opened the settings page.
 */
import { hallConfigSchema, serviceIdSchema, type HallConfig } from '@hall/devices';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { schedulingRepository as repo } from './scheduling.repository.ts';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:MM (24 h)' });
export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const clockOf = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(Math.round(m % 60)).padStart(2, '0')}`;

/** Targets for one service; absent fields fall back to the hall-wide ones and the hall config. */
export const serviceTargetSchema = z.object({
  /** Share of customers called within `targetMinutes`, 0.5–0.99. */
  serviceLevel: z.number().min(0.5).max(0.99).optional(),
  targetMinutes: z.number().min(0.5).max(120).optional(),
  /** Mean time a customer waits before giving up (Erlang A). */
  patienceMinutes: z.number().min(1).max(240).optional(),
  /** Handle time to plan with; absent: measured from the hall's tickets, else the hall config's. */
  handleMinutes: z.number().min(0.5).max(120).optional(),
});

/** A break inside a shift: `minutes` long, starting between `earliestAfter` and `latestAfter` minutes in. */
const breakRuleSchema = z
  .object({
    minutes: z.int().min(5).max(120),
    earliestAfter: z.int().min(30).max(720),
    latestAfter: z.int().min(30).max(720),
  })
  .refine((b) => b.earliestAfter <= b.latestAfter, {
    error: 'latestAfter must not be before earliestAfter',
    path: ['latestAfter'],
  });

/**
 * A shift template: a length and break rules, starting at any time from `firstStart` to `lastStart`
 * every `startEveryMinutes` (each start is one template for the solver).
 */
export const shiftTemplateSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, { error: 'must be 1-32 lowercase letters, digits or -' }),
    name: z.string().min(1).max(40),
    firstStart: clock,
    lastStart: clock,
    startEveryMinutes: z.int().min(15).max(240).default(30),
    /** From start to end, breaks included. */
    minutes: z.int().min(60).max(720),
    breaks: z.array(breakRuleSchema).max(3).default([]),
    /** Late or split shifts: shared out fairly between people. */
    unpopular: z.boolean().default(false),
    /** Only for part-time contracts. */
    partTime: z.boolean().default(false),
  })
  .refine((t) => t.firstStart <= t.lastStart, { error: 'lastStart must not be before firstStart', path: ['lastStart'] })
  .refine((t) => t.breaks.every((b) => b.latestAfter + b.minutes <= t.minutes), {
    error: 'a break must end inside the shift',
    path: ['breaks'],
  });
export type ShiftTemplateSetting = z.infer<typeof shiftTemplateSchema>;

export const schedulingSettingsSchema = z
  .object({
    intervalMinutes: z.union([z.literal(15), z.literal(30)]).default(30),
    /** The planning day (hall-local): intervals from `dayStart` to `dayEnd` cover every opening hour. */
    dayStart: clock,
    dayEnd: clock,
    /** Days ahead a forecast covers. */
    horizonDays: z.int().min(7).max(56).default(28),
    /** Hall-wide targets; per service in `services`. */
    serviceLevel: z.number().min(0.5).max(0.99).default(0.8),
    services: z.record(serviceIdSchema, serviceTargetSchema).default({}),
    /** Highest acceptable share of time a clerk at a counter is busy. */
    occupancyCap: z.number().min(0.5).max(1).default(0.85),
    /** Share of paid time not at the counter (absence, short breaks): planned staff = agents ÷ (1 − shrinkage). */
    shrinkage: z.number().min(0).max(0.5).default(0.1),
    /** Highest acceptable share of customers giving up (Erlang A). */
    maxAbandon: z.number().min(0).max(1).default(0.05),
    /** Clerks at the counters whenever the hall is open, whatever the forecast. */
    minStaffOpen: z.int().min(0).max(50).default(1),
    /** Minutes late (or early, or over a break) before adherence counts it. */
    adherenceGraceMinutes: z.int().min(0).max(60).default(5),
    templates: z.array(shiftTemplateSchema).min(1).max(30),
    rules: z
      .object({
        /** Hours off between the end of one shift and the start of the next (legal rest). */
        minRestHours: z.number().min(0).max(24).default(11),
        /** A published roster's days closer than this are changed only with a reason. */
        noticeDays: z.int().min(0).max(28).default(7),
        weekendDays: z
          .array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']))
          .max(7)
          .default(['sat', 'sun']),
      })
      .prefault({}),
  })
  .superRefine((s, ctx) => {
    if (s.dayStart >= s.dayEnd) ctx.addIssue({ code: 'custom', path: ['dayEnd'], message: 'must be after dayStart' });
    const span = minutesOf(s.dayEnd) - minutesOf(s.dayStart);
    if (span % s.intervalMinutes !== 0)
      ctx.addIssue({
        code: 'custom',
        path: ['dayEnd'],
        message: `the day must be whole ${s.intervalMinutes}-minute intervals`,
      });
    const ids = new Set<string>();
    s.templates.forEach((t, i) => {
      if (ids.has(t.id))
        ctx.addIssue({ code: 'custom', path: ['templates', i, 'id'], message: `${t.id} appears twice` });
      ids.add(t.id);
      if (t.firstStart < s.dayStart || minutesOf(t.lastStart) + t.minutes > minutesOf(s.dayEnd))
        ctx.addIssue({ code: 'custom', path: ['templates', i], message: 'the shift must lie inside the planning day' });
      for (const m of [t.minutes, t.startEveryMinutes, minutesOf(t.firstStart) - minutesOf(s.dayStart)])
        if (m % s.intervalMinutes !== 0) {
          ctx.addIssue({
            code: 'custom',
            path: ['templates', i],
            message: `times must fall on ${s.intervalMinutes}-minute intervals`,
          });
          break;
        }
    });
  });
export type SchedulingSettings = z.infer<typeof schedulingSettingsSchema>;

type Hours = NonNullable<HallConfig['hall']['openingHours']>;

/** The earliest opening and latest closing of the week (09:00–18:00 when the hall states none). */
export function planningDay(openingHours: Hours | undefined): { dayStart: string; dayEnd: string } {
  const days = Object.values(openingHours ?? {}).filter((h): h is { open: string; close: string } => !!h);
  if (!days.length) return { dayStart: '09:00', dayEnd: '18:00' };
  const open = Math.min(...days.map((h) => minutesOf(h.open)));
  const close = Math.max(...days.map((h) => minutesOf(h.close)));
  // Whole half hours around the opening hours.
  return {
    dayStart: clockOf(Math.floor(open / 30) * 30),
    dayEnd: clockOf(Math.min(24 * 60 - 30, Math.ceil(close / 30) * 30)),
  };
}

/**
 * The settings a hall has before anyone edits them: its opening hours as the planning day, its services'
 * targets from the hall config, an 8-hour shift with a 30-minute meal 3 to 4½ hours in (starting every
 * half hour, the last one unpopular), and 4- and 6-hour part-time shifts.
 */
export function defaultSettings(config: Pick<HallConfig, 'hall' | 'services'>): SchedulingSettings {
  const { dayStart, dayEnd } = planningDay(config.hall.openingHours);
  const span = minutesOf(dayEnd) - minutesOf(dayStart);
  const full = Math.min(span, 510);
  const template = (id: string, name: string, minutes: number, extra: Partial<ShiftTemplateSetting> = {}) => ({
    id,
    name,
    firstStart: dayStart,
    lastStart: clockOf(minutesOf(dayStart) + Math.max(0, span - minutes)),
    minutes,
    ...extra,
  });
  return schedulingSettingsSchema.parse({
    dayStart,
    dayEnd,
    services: Object.fromEntries(config.services.map((s) => [s.id, { targetMinutes: s.targetWaitMinutes }])),
    templates: [
      template('full', '全天班', full, {
        breaks: full >= 360 ? [{ minutes: 30, earliestAfter: 180, latestAfter: Math.min(270, full - 60) }] : [],
      }),
      ...(span >= 360 ? [template('part-6h', '6小时班', 360, { partTime: true })] : []),
      ...(span >= 240 ? [template('part-4h', '4小时班', 240, { partTime: true })] : []),
    ],
  });
}

/** A service's planning inputs, resolved: targets, patience and handle time in seconds. */
export interface ServicePlan {
  id: string;
  serviceLevel: number;
  targetSeconds: number;
  patienceSeconds: number;
  handleSeconds: number;
}

/** Customers' patience when nobody has said otherwise: 20 minutes. */
export const DEFAULT_PATIENCE_MINUTES = 20;

/**
 * Each service's inputs: the settings' values, else `measuredHandleSeconds` (from the hall's tickets),
 * else the hall config's target and expected service time.
 */
export function servicePlans(
  settings: SchedulingSettings,
  config: Pick<HallConfig, 'services'>,
  measuredHandleSeconds: Record<string, number> = {},
): ServicePlan[] {
  return config.services.map((s) => {
    const own = settings.services[s.id] ?? {};
    return {
      id: s.id,
      serviceLevel: own.serviceLevel ?? settings.serviceLevel,
      targetSeconds: (own.targetMinutes ?? s.targetWaitMinutes) * 60,
      patienceSeconds: (own.patienceMinutes ?? DEFAULT_PATIENCE_MINUTES) * 60,
      handleSeconds:
        own.handleMinutes !== undefined
          ? own.handleMinutes * 60
          : (measuredHandleSeconds[s.id] ?? s.expectedServiceMinutes * 60),
    };
  });
}

/** The hall's config document (what its hub runs with), parsed. */
export async function hallConfigOf(db: Db, hallId: string): Promise<HallConfig> {
  const row = await repo.hallConfig(db, hallId);
  if (!row) throw new AppError('NOT_FOUND', `hall ${hallId} has no config`, { detail: { code: 'hall-not-found' } });
  return hallConfigSchema.parse(row.document);
}

/** A hall's settings: the stored document (read through the schema, so new fields get defaults) or the defaults. */
export async function settingsFor(
  db: Db,
  hallId: string,
): Promise<{ settings: SchedulingSettings; version: number; stored: boolean; config: HallConfig }> {
  const config = await hallConfigOf(db, hallId);
  const row = await repo.settings(db, hallId);
  if (row) {
    const parsed = schedulingSettingsSchema.safeParse(row.document);
    if (parsed.success) return { settings: parsed.data, version: row.version, stored: true, config };
  }
  return { settings: defaultSettings(config), version: row?.version ?? 0, stored: false, config };
}
