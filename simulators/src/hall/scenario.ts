/**
 * Scenarios: a simulated hall as data (YAML). Services with their daily volumes and intraday profiles,
 * service-time and patience distributions, walk-ins, balking, staff with skills and shifts, and the
 * devices with their credentials. Secrets are never in code: a scenario names the environment variable
 * that holds each device's secret (`secretEnv`), or, for a demo only, carries it (`secret`).
 */
import { readFileSync } from 'node:fs';
import {
  counterIdSchema,
  deviceIdSchema,
  hallIdSchema,
  serviceIdSchema,
  staffIdSchema,
  ticketPrioritySchema,
  wordOrderSchema,
} from '@hall/devices';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { WEEKDAYS } from './calendar.ts';

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:MM (24 h)' });
const hours = z
  .object({ open: clockTime, close: clockTime })
  .refine((h) => h.open < h.close, { error: 'close must be after open', path: ['close'] });
const weekdayVolumes = z.object(
  Object.fromEntries(WEEKDAYS.map((d) => [d, z.number().min(0)])) as Record<(typeof WEEKDAYS)[number], z.ZodNumber>,
);

const breakSpec = z.object({
  start: clockTime,
  minutes: z.int().positive(),
  reason: z.enum(['break', 'meal', 'meeting', 'training', 'backoffice', 'other']).default('break'),
});
/** One person's shift on a day of the roster. */
const rosterShift = z.object({
  staff: staffIdSchema,
  start: clockTime,
  end: clockTime,
  breaks: z.array(breakSpec).default([]),
});

const secretRef = {
  /** Name of the environment variable that holds the secret. */
  secretEnv: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/)
    .optional(),
  /** The secret itself: for demo scenarios only. */
  secret: z.string().min(8).optional(),
};

export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    seed: z.int().default(1),
    /** Simulate every date as this weekday (a "busy Saturday" scenario run on a Wednesday). */
    asWeekday: z.enum(WEEKDAYS).optional(),
    hall: z.object({
      id: hallIdSchema,
      name: z.string().min(1),
      timeZone: z.string().default('Asia/Shanghai'),
      capacity: z.int().positive(),
    }),
    /** Opening hours by weekday; a weekday without hours is closed. */
    openingHours: z.object(
      Object.fromEntries(WEEKDAYS.map((d) => [d, hours.nullable().default(null)])) as Record<
        (typeof WEEKDAYS)[number],
        z.ZodDefault<z.ZodNullable<typeof hours>>
      >,
    ),
    /** Relative arrival weights per interval from opening to closing, for weekdays and weekends. */
    intraday: z.object({
      intervalMinutes: z.union([z.literal(15), z.literal(30), z.literal(60)]).default(30),
      weekday: z.array(z.number().min(0)).min(1),
      weekend: z.array(z.number().min(0)).min(1),
    }),
    services: z
      .array(
        z.object({
          id: serviceIdSchema,
          name: z.string().min(1).max(40),
          prefix: z.string().regex(/^[A-Z]{1,3}$/),
          /** Expected ticket customers per day, by weekday. */
          dailyVolume: weekdayVolumes,
          /** Multiplies the volume (a promotion day: 1.6). */
          surge: z.number().positive().default(1),
          serviceTime: z.object({ meanMinutes: z.number().positive(), cv: z.number().min(0).max(3) }),
          /** Mean patience (exponential): a customer leaves after this long without being called. */
          patienceMeanMinutes: z.number().positive(),
          /**
           * Spread of patience as a lognormal's CV; absent: exponential (Erlang A's assumption, under which
           * one in seven customers would give up within five minutes of a 30-minute mean — holding a
           * ticket that promises a short wait, few do).
           */
          patienceCv: z.number().positive().max(3).optional(),
          priorityShare: z.partialRecord(ticketPrioritySchema, z.number().min(0).max(1)).default({}),
          /** Share of tickets taken remotely (app / appointment) instead of at the kiosk. */
          remoteShare: z.number().min(0).max(1).default(0),
        }),
      )
      .min(1),
    /** People who come in without taking a ticket, as a share of ticket customers. */
    walkIns: z
      .object({ share: z.number().min(0).max(5), stayMeanMinutes: z.number().positive() })
      .default({ share: 0.3, stayMeanMinutes: 6 }),
    /** Balking: the chance to leave without a ticket grows from 0 at `fromWaiting` to 1 at `allAtWaiting`. */
    balking: z
      .object({ fromWaiting: z.int().min(0), allAtWaiting: z.int().positive() })
      .default({ fromWaiting: 20, allAtWaiting: 60 }),
    /** How long a called customer takes to reach the counter, and how often a clerk recalls. */
    counterBehaviour: z
      .object({
        walkSeconds: z.tuple([z.number().min(0), z.number().min(0)]).default([10, 45]),
        recallAfterSeconds: z.number().positive().default(60),
        recallsBeforeNoShow: z.int().min(0).default(2),
      })
      .default({ walkSeconds: [10, 45], recallAfterSeconds: 60, recallsBeforeNoShow: 2 }),
    ratings: z.object({ responseRate: z.number().min(0).max(1).default(0.7) }).default({ responseRate: 0.7 }),
    staff: z
      .array(
        z.object({
          id: staffIdSchema,
          name: z.string().min(1).max(40),
          counterId: counterIdSchema,
          /** Services this person is trained for, with a weight (1 = main skill). */
          skills: z.record(serviceIdSchema, z.number().min(0).max(1)),
          /** The same shift every day; a scenario with a `roster` gives each day's shifts there instead. */
          shift: z.object({ start: clockTime, end: clockTime }).optional(),
          breaks: z.array(breakSpec).default([]),
          /** Full-time (up to 40 h over 5 days; the default) or part-time (4–6 h shifts, up to 24 h over 4 days). */
          contract: z.enum(['full-time', 'part-time']).optional(),
          /** Multiplies service times: 0.8 is a quick, experienced clerk. */
          speed: z.number().positive().default(1),
          /**
           * The speed from a date on (a clerk trained on a service gets quicker): the latest change on or
           * before the simulated date replaces `speed`.
           */
          speedFrom: z
            .array(z.object({ from: z.iso.date(), speed: z.number().positive() }))
            .max(20)
            .default([]),
          /** Mean score this person gets from customers who did not wait long. */
          ratingMean: z.number().min(1).max(5).default(4.4),
        }),
      )
      .min(1),
    /**
     * Who works when, by weekday: the hall's weekly roster (scripts/demo/staff-scenarios.ts derives it
     * from the scenario's traffic with the workforce engine). Without it, every clerk works their `shift`
     * every day.
     */
    roster: z
      .object(
        Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(rosterShift).default([])])) as Record<
          (typeof WEEKDAYS)[number],
          z.ZodDefault<z.ZodArray<typeof rosterShift>>
        >,
      )
      .optional(),
    /**
     * Customers who come before the hall opens wait at the door and walk in at opening: arrivals over
     * this many minutes before opening, at the first interval's rate.
     */
    doorQueueMinutes: z.int().min(0).max(120).default(0),
    /** Faults injected during the day, at hall-local times. */
    faults: z
      .array(
        z.discriminatedUnion('fault', [
          z.object({ at: clockTime, fault: z.literal('disconnect'), device: deviceIdSchema }),
          z.object({ at: clockTime, fault: z.literal('counter-reset'), device: deviceIdSchema }),
          z.object({
            at: clockTime,
            fault: z.literal('modbus-stall'),
            device: deviceIdSchema,
            seconds: z.number().positive(),
          }),
          z.object({
            at: clockTime,
            fault: z.literal('opcua-restart'),
            device: deviceIdSchema,
            downSeconds: z.number().min(0).default(2),
          }),
          z.object({ at: clockTime, fault: z.literal('clock-skew'), device: deviceIdSchema, skewMs: z.int() }),
          z.object({
            at: clockTime,
            fault: z.literal('duplicates'),
            device: deviceIdSchema,
            rate: z.number().min(0).max(1),
          }),
          z.object({ at: clockTime, fault: z.literal('hostile'), device: deviceIdSchema }),
        ]),
      )
      .default([]),
    devices: z.object({
      ticketTerminals: z.array(z.object({ id: deviceIdSchema, ...secretRef })).min(1),
      counters: z
        .array(
          z.object({
            counterId: counterIdSchema,
            terminal: z.object({ id: deviceIdSchema, ...secretRef }),
            ratingPad: z.object({ id: deviceIdSchema, ...secretRef }).optional(),
          }),
        )
        .min(1),
      peopleCounters: z
        .array(
          z.discriminatedUnion('transport', [
            z.object({
              transport: z.literal('modbus-tcp'),
              id: deviceIdSchema,
              port: z.int().min(1).max(65_535),
              wordOrder: wordOrderSchema.default('high-first'),
              share: z.number().positive().default(1),
            }),
            z.object({
              transport: z.literal('mqtt'),
              id: deviceIdSchema,
              share: z.number().positive().default(1),
              ...secretRef,
            }),
            z.object({
              transport: z.literal('opcua'),
              id: deviceIdSchema,
              port: z.int().min(1).max(65_535),
              share: z.number().positive().default(1),
            }),
          ]),
        )
        .default([]),
    }),
  })
  .superRefine((s, ctx) => {
    const services = new Set(s.services.map((x) => x.id));
    const counters = new Set(s.devices.counters.map((c) => c.counterId));
    const staffIds = new Set(s.staff.map((st) => st.id));
    if (s.roster)
      for (const day of WEEKDAYS) {
        const seen = new Set<string>();
        s.roster[day].forEach((shift, i) => {
          if (!staffIds.has(shift.staff))
            ctx.addIssue({ code: 'custom', path: ['roster', day, i, 'staff'], message: `no staff ${shift.staff}` });
          if (seen.has(shift.staff))
            ctx.addIssue({
              code: 'custom',
              path: ['roster', day, i, 'staff'],
              message: `${shift.staff} has two shifts on ${day}`,
            });
          seen.add(shift.staff);
          if (shift.end <= shift.start)
            ctx.addIssue({ code: 'custom', path: ['roster', day, i, 'end'], message: 'end must be after start' });
        });
      }
    s.staff.forEach((st, i) => {
      if (!s.roster && !st.shift)
        ctx.addIssue({ code: 'custom', path: ['staff', i, 'shift'], message: 'a shift, or a roster for the hall' });
      for (const skill of Object.keys(st.skills)) {
        if (!services.has(skill))
          ctx.addIssue({ code: 'custom', path: ['staff', i, 'skills', skill], message: `unknown service ${skill}` });
      }
      if (!counters.has(st.counterId))
        ctx.addIssue({
          code: 'custom',
          path: ['staff', i, 'counterId'],
          message: `no counter ${st.counterId} in devices.counters`,
        });
    });
    const prefixes = new Set<string>();
    s.services.forEach((svc, i) => {
      if (prefixes.has(svc.prefix))
        ctx.addIssue({
          code: 'custom',
          path: ['services', i, 'prefix'],
          message: `prefix ${svc.prefix} is used twice`,
        });
      prefixes.add(svc.prefix);
    });
    for (const day of WEEKDAYS) {
      const h = s.openingHours[day];
      if (!h) continue;
      const slots = (minutes(h.close) - minutes(h.open)) / s.intraday.intervalMinutes;
      const profile = day === 'sat' || day === 'sun' ? s.intraday.weekend : s.intraday.weekday;
      if (profile.length !== Math.ceil(slots)) {
        ctx.addIssue({
          code: 'custom',
          path: ['intraday', day === 'sat' || day === 'sun' ? 'weekend' : 'weekday'],
          message: `${day} opens ${h.open}-${h.close}: ${Math.ceil(slots)} intervals of ${s.intraday.intervalMinutes} min, but the profile has ${profile.length}`,
        });
      }
    }
    const ids = [
      ...s.devices.ticketTerminals.map((d) => d.id),
      ...s.devices.counters.flatMap((c) => [c.terminal.id, c.ratingPad?.id ?? []].flat()),
      ...s.devices.peopleCounters.map((d) => d.id),
    ];
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) ctx.addIssue({ code: 'custom', path: ['devices'], message: `device id ${dup} is used twice` });
  });

export type Scenario = z.infer<typeof scenarioSchema>;
export type ServiceSpec = Scenario['services'][number];
export type StaffSpec = Scenario['staff'][number];
export type BreakSpec = z.infer<typeof breakSpec>;

/**
 * Who works on a date and when: the roster's shifts for the date's weekday (as the scenario plays it), or
 * each clerk's own shift when the scenario has no roster. Clerks of one counter must not overlap.
 */
export function shiftsOn(
  scenario: Scenario,
  weekday: (typeof WEEKDAYS)[number],
): Array<{ staff: StaffSpec; start: string; end: string; breaks: BreakSpec[] }> {
  if (scenario.roster) {
    const byId = new Map(scenario.staff.map((st) => [st.id, st]));
    return scenario.roster[weekday].map((r) => ({ ...r, staff: byId.get(r.staff) as StaffSpec }));
  }
  return scenario.staff.flatMap((st) => (st.shift ? [{ staff: st, ...st.shift, breaks: st.breaks }] : []));
}

export function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** Reads and validates a scenario file; errors name the file and the field. */
export function loadScenario(path: string): Scenario {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`);
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${path} is not a valid scenario:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/**
 * The secret of a device: the scenario's `secretEnv` variable, else `HALL_SIM_SECRET_<DEVICE_ID>`, else
 * the scenario's demo `secret`, else none (a broker without authentication).
 */
export function deviceSecret(
  device: { id: string; secretEnv?: string; secret?: string },
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (device.secretEnv) {
    const value = env[device.secretEnv];
    if (!value) throw new Error(`device ${device.id}: environment variable ${device.secretEnv} is not set`);
    return value;
  }
  return env[`HALL_SIM_SECRET_${device.id.toUpperCase().replace(/-/g, '_')}`] ?? device.secret;
}
