/**
 * The hall config document (DESIGN.md §4–5): what a hub runs with — the hall, services, counters,
 * devices with hashed secrets, staff, alert rules, queue policy. It is the contract between the cloud,
 * which stores and distributes it, and the hub, which validates it whole before taking it.
 */
import { z } from 'zod';
import { counterIdSchema, deviceIdSchema, hallIdSchema, serviceIdSchema, staffIdSchema, textSchema } from './ids.ts';
import { deviceKindNameSchema } from './kinds.ts';
import { opcuaNodeMapSchema } from './opcua-device/opcua-device.contract.ts';
import { peopleCounterRegisterMapSchema } from './people-counter/register-map.ts';
/** `scrypt$N$r$p$salt$hash` (base64url): a secret stored hashed. See secrets.ts. */
const secretHash = z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/, {
  error: "must be a hash made by 'npm run edge -- hash-secret'",
});

/**
 * A clerk's PIN as typed at a counter: 6-12 digits. Only its hash is stored (`pinHash`), so the length
 * is enforced where a PIN is set (`npm run edge -- hash-pin`) and where it is typed (the hub's sign-in).
 */
export const staffPinSchema = z.string().regex(/^[0-9]{6,12}$/, { error: 'a PIN is 6-12 digits' });

const deviceSchema = z.discriminatedUnion('transport', [
  z.object({
    id: deviceIdSchema,
    /** What people in the hall call it (商场入口客流计数器); alarms name a device without one by kind and counter. */
    name: textSchema(40, 1).optional(),
    kind: deviceKindNameSchema.exclude(['opcua-device']),
    transport: z.literal('mqtt').default('mqtt'),
    secretHash,
    /** The counter a counter terminal or rating pad belongs to. */
    counterId: counterIdSchema.optional(),
  }),
  z.object({
    id: deviceIdSchema,
    name: textSchema(40, 1).optional(),
    kind: z.literal('people-counter'),
    transport: z.literal('modbus-tcp'),
    host: z.string().min(1),
    port: z.int().min(1).max(65_535).default(502),
    map: peopleCounterRegisterMapSchema.default(peopleCounterRegisterMapSchema.parse({})),
    pollIntervalMs: z.int().min(100).max(600_000).default(2_000),
    timeoutMs: z.int().min(100).max(60_000).default(1_000),
  }),
  z.object({
    id: deviceIdSchema,
    name: textSchema(40, 1).optional(),
    kind: z.literal('opcua-device'),
    transport: z.literal('opcua'),
    nodeMap: opcuaNodeMapSchema,
  }),
]);
export type DeviceConfig = z.infer<typeof deviceSchema>;

/**
 * An IANA time zone (`Asia/Shanghai`, `UTC`) that this runtime's ICU knows: the hub and the cloud both
 * compute hall-local days with it, and PostgreSQL's `AT TIME ZONE` takes the same names.
 */
export const timeZoneSchema = z
  .string()
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/, { error: 'must be an IANA time zone such as Asia/Shanghai' })
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { error: 'must be an IANA time zone such as Asia/Shanghai' },
  );

const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:MM (24 h)' });
export const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const dayHoursSchema = z
  .object({ open: clockTimeSchema, close: clockTimeSchema })
  .refine((h) => h.open < h.close, { error: 'close must be after open', path: ['close'] });
export const openingHoursSchema = z.object(
  Object.fromEntries(WEEKDAY_KEYS.map((d) => [d, dayHoursSchema.nullable().optional()])) as Record<
    (typeof WEEKDAY_KEYS)[number],
    z.ZodOptional<z.ZodNullable<typeof dayHoursSchema>>
  >,
);
export type OpeningHours = z.infer<typeof openingHoursSchema>;

const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be YYYY-MM-DD' });
const clockRangeSchema = z
  .object({ start: clockTimeSchema, end: clockTimeSchema })
  .refine((r) => r.start < r.end, { error: 'end must be after start', path: ['end'] });

/** One clerk's published shift on a day: hall-local times, breaks inside the shift. */
export const rosterShiftSchema = z
  .object({
    staffId: staffIdSchema,
    start: clockTimeSchema,
    end: clockTimeSchema,
    breaks: z.array(clockRangeSchema).max(6).default([]),
    /** The service the clerk is planned at (the skill the roster assigned), if any. */
    serviceId: serviceIdSchema.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.start >= s.end) ctx.addIssue({ code: 'custom', path: ['end'], message: 'end must be after start' });
    s.breaks.forEach((b, i) => {
      if (b.start < s.start || b.end > s.end)
        ctx.addIssue({ code: 'custom', path: ['breaks', i], message: 'a break must lie inside its shift' });
    });
  });
export type RosterShift = z.infer<typeof rosterShiftSchema>;

export const rosterSectionSchema = z.object({
  /** The cloud's roster version these days come from (shown on the hub's pages; 0: hand-written). */
  version: z.int().min(0),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
  days: z
    .array(
      z.object({
        /** Hall-local date. */
        date: isoDateSchema,
        shifts: z.array(rosterShiftSchema).max(2_000),
        /** Clerks needed at the counters per interval (the cloud's requirement), for the wall screen. */
        required: z
          .array(z.object({ from: clockTimeSchema, to: clockTimeSchema, agents: z.number().min(0).max(10_000) }))
          .max(288)
          .default([]),
      }),
    )
    .max(7),
});
export type RosterSection = z.infer<typeof rosterSectionSchema>;

/** A checklist's item id, section id or template id (URL- and event-safe). */
export const checklistIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { error: 'must be 1-40 of a-z, 0-9, -' });

/**
 * An on-site checklist item (现场评分): `points` — scored 0…points; `pass-fail` — pass scores `points`,
 * fail 0, not applicable leaves it out of the form's maximum. A failed critical item fails the whole
 * form; `photoOnFail` makes a photo required when it fails.
 */
export const checklistItemSchema = z.object({
  id: checklistIdSchema,
  zh: textSchema(120, 1),
  en: textSchema(120, 1),
  kind: z.enum(['points', 'pass-fail']),
  points: z.int().min(1).max(100),
  critical: z.boolean().default(false),
  photoOnFail: z.boolean().default(false),
});

/** A checklist template as configuration, versioned (a form names the version it was filled in with). */
export const checklistTemplateSchema = z.object({
  id: checklistIdSchema,
  version: z.int().min(1),
  zh: textSchema(60, 1),
  en: textSchema(60, 1),
  /** What a form scores: a clerk, a counter or the whole hall. */
  subject: z.enum(['clerk', 'counter', 'hall']),
  sections: z
    .array(
      z.object({
        id: checklistIdSchema,
        zh: textSchema(60, 1),
        en: textSchema(60, 1),
        items: z.array(checklistItemSchema).min(1).max(60),
      }),
    )
    .min(1)
    .max(12),
});
export type ChecklistTemplate = z.infer<typeof checklistTemplateSchema>;

/** The checklists a hall's managers score with — on the hub too, so scoring works while the WAN is down. */
export const onsiteSectionSchema = z.object({ templates: z.array(checklistTemplateSchema).max(20) });
export type OnsiteSection = z.infer<typeof onsiteSectionSchema>;

/** A promotional material's code (物料编码): letters, digits, `-`, `_`, `.`; up to 32. */
export const materialIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/, { error: 'must be 1-32 of letters, digits, _ . -' });

/**
 * The promotional materials a hall's clerks can hand out at the counter (written by the cloud's inventory
 * module: the active items valid today), so issuing works while the WAN is down. A kit is issued as its parts.
 */
export const materialsSectionSchema = z.object({
  items: z
    .array(
      z.object({
        id: materialIdSchema,
        zh: textSchema(60, 1),
        en: textSchema(60, 1),
        unitZh: textSchema(8, 1),
        unitEn: textSchema(16, 1),
        /** The services it goes with (shown first at a counter serving them); empty: any. */
        serviceIds: z.array(serviceIdSchema).max(50),
        /** The most one customer plausibly gets: the terminal's upper bound for one tap. */
        perCustomer: z.int().min(1).max(1000),
        parts: z.array(z.object({ itemId: materialIdSchema, qty: z.int().min(1).max(1000) })).max(20),
      }),
    )
    .max(200),
});
export type MaterialsSection = z.infer<typeof materialsSectionSchema>;

export const hallConfigSchema = z
  .object({
    hall: z.object({
      id: hallIdSchema,
      name: textSchema(60, 1),
      timeZone: timeZoneSchema,
      capacity: z.int().positive(),
      /**
       * Opening hours per weekday, hall-local (`sun`…`sat`; a missing or null day is closed). The hub does
       * not use them; the cloud's schedules do ("30 minutes after the hall closes").
       */
      openingHours: openingHoursSchema.optional(),
    }),
    services: z
      .array(
        z.object({
          id: serviceIdSchema,
          name: textSchema(40, 1),
          prefix: z.string().regex(/^[A-Z]{1,3}$/, { error: 'must be 1-3 capital letters' }),
          numberFrom: z.int().min(0).default(1),
          numberTo: z.int().max(99_999).default(999),
          /** The service-level goal: called within this many minutes. */
          targetWaitMinutes: z.number().positive().default(10),
          /** Mean service time before the hub has measured any. */
          expectedServiceMinutes: z.number().positive().default(6),
          /** Refuse new tickets beyond this many waiting. */
          maxWaiting: z.int().positive().default(500),
        }),
      )
      .min(1),
    counters: z
      .array(
        z.object({
          id: counterIdSchema,
          name: textSchema(40, 1),
          /** Services this counter serves, with a weight (1 = its main service). */
          services: z.record(serviceIdSchema, z.number().min(0).max(1)),
        }),
      )
      .min(1),
    queue: z
      .object({
        /** Priority classes, highest first; tickets without one are regular. */
        priorityOrder: z.array(z.enum(['vip', 'appointment', 'elderly'])).default(['vip', 'appointment', 'elderly']),
        /** Fairness: after this many priority calls in a row at a counter, a waiting regular ticket goes first. */
        maxPriorityInRow: z.int().min(1).default(3),
        noShowAfterRecalls: z.int().min(0).default(2),
        /**
         * When the hall's day (ticket numbers, today's totals) starts, hall-local time: a hall open past
         * midnight sets it to an hour when it is closed.
         */
        /**
         * A manager released a counter whose clerk is gone: the ticket it was calling or serving goes
         * back to the front of its queue (`requeue`, keeping its arrival time) or ends as a `noshow`.
         */
        releasedTicket: z.enum(['requeue', 'noshow']).default('requeue'),
        /**
         * Skill-weighted routing: call-next multiplies a ticket's weighted wait by the signed-in clerk's
         * skill for its service — by level (expert 3, independent 2, learning 1), or `unskilled` for a
         * service the clerk's skills leave out (0: never called for it; above 0: called only when it has
         * waited that much longer, so nobody is stranded). A clerk without skills or levels counts as expert.
         */
        skillWeights: z
          .object({
            expert: z.number().min(0).max(1).default(1),
            independent: z.number().min(0).max(1).default(0.8),
            learning: z.number().min(0).max(1).default(0.5),
            unskilled: z.number().min(0).max(1).default(0.2),
          })
          .prefault({}),
        /**
         * After a hub restart, a counter that was open is its clerk's to resume (a press at its call button,
         * the clerk signing in again) for this many minutes; until then another clerk may take it over, and
         * after that the hub releases it (`releasedTicket` decides its ticket), so no counter stays blocked
         * by a session nobody is at.
         */
        resumeAfterRestartMinutes: z.int().min(0).max(240).default(5),
        dayStartsAt: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:MM' })
          .default('00:00'),
      })
      .prefault({}),
    /** Credentials of the local API: the wall screen's read-only token, a manager's token. */
    api: z.object({ displayTokenHash: secretHash.optional(), managerTokenHash: secretHash.optional() }).default({}),
    /**
     * The hall's clerks as the hub needs them: who may sign in at a counter (PIN hash) and, from the
     * cloud's staff records, the services they are skilled for. Once a hall's staff are kept in the cloud
     * (the staff module), the cloud writes this section; a hand-written config may still carry it.
     */
    staff: z
      .array(
        z.object({
          id: staffIdSchema,
          name: textSchema(40, 1),
          pinHash: secretHash.optional(),
          /**
           * The person's role (the cloud's employee record; absent: a clerk). A lead or a manager may sign
           * in at the hub's on-site scoring page with their own staff number and PIN.
           */
          role: z.enum(['clerk', 'lead', 'manager']).optional(),
          /** Services the clerk is skilled for (absent: any). */
          skills: z.array(serviceIdSchema).max(64).optional(),
          /**
           * The clerk's level per service (1 learning, 2 independent, 3 expert — the cloud's staff records
           * and skill levels): call-next weights a waiting ticket by it (`queue.skillWeights`).
           */
          levels: z.record(serviceIdSchema, z.int().min(1).max(3)).optional(),
        }),
      )
      .max(2_000)
      .default([]),
    /**
     * The published roster for the hall-local days around now (today and tomorrow), written by the cloud's
     * scheduling module when a manager publishes and each night as the window moves. When it has a day for
     * today, the hub's "counters below schedule" alarm counts the clerks it puts at the counters now
     * instead of `alerts.schedule`; a clerk's counter terminal shows their shift and breaks.
     */
    roster: rosterSectionSchema.optional(),
    /** On-site checklist templates in force for the hall (written by the cloud's performance module). */
    onsite: onsiteSectionSchema.optional(),
    /** Promotional materials the counters can issue (written by the cloud's inventory module). */
    materials: materialsSectionSchema.optional(),
    devices: z.array(deviceSchema).default([]),
    alerts: z
      .object({
        /** An active alarm clears only when its value falls below threshold × clearRatio (hysteresis). */
        clearRatio: z.number().min(0.1).max(1).default(0.8),
        /** A condition must hold this long to raise, and stay gone this long to clear. */
        raiseAfterSec: z.int().min(0).default(30),
        clearAfterSec: z.int().min(0).default(60),
        longWait: z
          .object({
            warningMinutes: z.number().positive().default(15),
            criticalMinutes: z.number().positive().default(25),
            perService: z
              .record(
                serviceIdSchema,
                z.object({ warningMinutes: z.number().positive(), criticalMinutes: z.number().positive() }),
              )
              .default({}),
          })
          .default({ warningMinutes: 15, criticalMinutes: 25, perService: {} }),
        queuePerCounter: z.object({ threshold: z.number().positive().default(8) }).default({ threshold: 8 }),
        occupancy: z
          .object({
            warningShare: z.number().min(0).max(2).default(0.8),
            criticalShare: z.number().min(0).max(2).default(0.95),
          })
          .default({ warningShare: 0.8, criticalShare: 0.95 }),
        arrivalSurge: z
          .object({ factor: z.number().min(1).default(1.5), minArrivals: z.int().min(1).default(10) })
          .default({ factor: 1.5, minArrivals: 10 }),
        /** Counters scheduled open, by time of day (the cloud's schedule replaces this when there is one). */
        schedule: z
          .array(
            z.object({
              from: z.string().regex(/^\d\d:\d\d$/),
              to: z.string().regex(/^\d\d:\d\d$/),
              counters: z.int().min(0),
            }),
          )
          .default([]),
        lowRating: z
          .object({ streak: z.int().min(2).default(3), maxScore: z.int().min(1).max(4).default(2) })
          .default({ streak: 3, maxScore: 2 }),
        idleCounter: z.object({ minutes: z.number().positive().default(3) }).default({ minutes: 3 }),
        deviceOffline: z.object({ minutes: z.number().min(0).default(2) }).default({ minutes: 2 }),
        outboxBacklog: z
          .object({ maxRows: z.int().positive().default(10_000), maxAgeMinutes: z.number().positive().default(30) })
          .default({ maxRows: 10_000, maxAgeMinutes: 30 }),
        /** Notifications (SMS, e-mail, the cloud) at most this many a minute; the rest are summarised. */
        notifyPerMinute: z.int().min(1).default(6),
      })
      .prefault({}),
    ingress: z
      .object({
        maxClockSkewMs: z.int().min(1_000).default(120_000),
        maxEventAgeMs: z.int().min(60_000).default(86_400_000),
        maxPayloadBytes: z.int().min(256).max(1_048_576).default(4_096),
      })
      .default({ maxClockSkewMs: 120_000, maxEventAgeMs: 86_400_000, maxPayloadBytes: 4_096 }),
  })
  .superRefine((c, ctx) => {
    const services = new Set(c.services.map((s) => s.id));
    const counters = new Set(c.counters.map((x) => x.id));
    const dup = <T>(items: T[], key: (t: T) => string, path: string) => {
      const seen = new Set<string>();
      items.forEach((item, i) => {
        const k = key(item);
        if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [path, i], message: `${k} appears twice` });
        seen.add(k);
      });
    };
    dup(c.services, (s) => s.id, 'services');
    dup(c.services, (s) => s.prefix, 'services');
    dup(c.counters, (x) => x.id, 'counters');
    dup(c.devices, (d) => d.id, 'devices');
    c.services.forEach((s, i) => {
      if (s.numberTo <= s.numberFrom)
        ctx.addIssue({ code: 'custom', path: ['services', i, 'numberTo'], message: 'must be above numberFrom' });
    });
    c.counters.forEach((x, i) => {
      for (const s of Object.keys(x.services))
        if (!services.has(s))
          ctx.addIssue({ code: 'custom', path: ['counters', i, 'services', s], message: `unknown service ${s}` });
    });
    const staffIds = new Set(c.staff.map((x) => x.id));
    dup(c.staff, (x) => x.id, 'staff');
    c.roster?.days.forEach((day, d) => {
      day.shifts.forEach((sh, i) => {
        if (!staffIds.has(sh.staffId))
          ctx.addIssue({
            code: 'custom',
            path: ['roster', 'days', d, 'shifts', i, 'staffId'],
            message: `unknown staff ${sh.staffId}`,
          });
        if (sh.serviceId && !services.has(sh.serviceId))
          ctx.addIssue({
            code: 'custom',
            path: ['roster', 'days', d, 'shifts', i, 'serviceId'],
            message: `unknown service ${sh.serviceId}`,
          });
      });
    });
    c.devices.forEach((d, i) => {
      if (d.transport !== 'mqtt') return;
      if ((d.kind === 'counter-terminal' || d.kind === 'rating-pad') && !d.counterId) {
        ctx.addIssue({
          code: 'custom',
          path: ['devices', i, 'counterId'],
          message: `a ${d.kind} must name its counter`,
        });
      }
      if (d.counterId && !counters.has(d.counterId))
        ctx.addIssue({ code: 'custom', path: ['devices', i, 'counterId'], message: `unknown counter ${d.counterId}` });
    });
  });
export type HallConfig = z.infer<typeof hallConfigSchema>;
export type ServiceConfig = HallConfig['services'][number];
export type CounterConfig = HallConfig['counters'][number];
