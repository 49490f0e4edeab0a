/**
 * The staff module's inputs, one zod schema each (types inferred from them): the contract, the weekly
 * availability, skills per service. Every list and text is bounded; the service ids of skills are
 * checked against the hall's services in staff.service.ts (they need the hall's config).
 */
import { hallIdSchema, serviceIdSchema, staffIdSchema } from '@hall/devices';
import { z } from 'zod';
import { calendarDate, text } from '../../inputs.ts';
import { EMPLOYEE_ROLES, EMPLOYEE_STATUSES } from './staff.table.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { error: 'a time as HH:MM' });

export const contractSchema = z
  .object({
    kind: z.enum(['full-time', 'part-time']),
    minWeekHours: z.number().min(0).max(80),
    maxWeekHours: z.number().min(1).max(80),
    maxDaysPerWeek: z.int().min(1).max(7),
    minRestHours: z.number().min(0).max(24),
    templates: z.array(z.string().min(1).max(64)).max(50).optional(),
  })
  .refine((c) => c.minWeekHours <= c.maxWeekHours, {
    error: 'must not be above maxWeekHours',
    path: ['minWeekHours'],
  });

/** Per weekday: null (not available) or up to four windows; an empty object means "any time". */
export const availabilitySchema = z.partialRecord(
  z.enum(WEEKDAYS),
  z
    .array(
      z
        .object({ from: hhmm, to: hhmm })
        .refine((w) => w.from < w.to, { error: 'must end after it starts', path: ['to'] }),
    )
    .max(4)
    .nullable(),
);

/** Skill level per service id: 1 learning, 2 independent, 3 expert. */
export const skillsSchema = z
  .record(serviceIdSchema, z.int().min(1).max(3))
  .refine((s) => Object.keys(s).length <= 64, {
    error: 'at most 64 services',
  });

/** The full-time default: what staff imported from a hall config get. */
export const DEFAULT_CONTRACT = {
  kind: 'full-time',
  minWeekHours: 32,
  maxWeekHours: 44,
  maxDaysPerWeek: 5,
  minRestHours: 11,
} as const satisfies z.infer<typeof contractSchema>;

export const employeeFields = {
  name: text(40),
  role: z.enum(EMPLOYEE_ROLES),
  skills: skillsSchema,
  contract: contractSchema,
  availability: availabilitySchema,
  startDate: calendarDate.nullable(),
  status: z.enum(EMPLOYEE_STATUSES),
};

export const createEmployeeInput = z.object({
  hallId: hallIdSchema,
  staffId: staffIdSchema,
  ...employeeFields,
  role: employeeFields.role.default('clerk'),
  skills: skillsSchema.default({}),
  contract: contractSchema.default({ ...DEFAULT_CONTRACT }),
  availability: availabilitySchema.default({}),
  startDate: calendarDate.nullable().default(null),
  status: employeeFields.status.default('active'),
});

export const updateEmployeeInput = z.object({
  employeeId: z.string().min(1).max(64),
  name: employeeFields.name.optional(),
  role: employeeFields.role.optional(),
  skills: skillsSchema.optional(),
  contract: contractSchema.optional(),
  availability: availabilitySchema.optional(),
  startDate: employeeFields.startDate.optional(),
  status: employeeFields.status.optional(),
  /** The console account that is this employee (a user with the staff role), or null to unlink. */
  userId: z.string().min(1).max(64).nullable().optional(),
});

export type CreateEmployee = z.infer<typeof createEmployeeInput>;
export type UpdateEmployee = z.infer<typeof updateEmployeeInput>;
