/**
 * 员工 Staff records: a hall's employees (list, get, create, update, move), counter PINs shown once,
 * the console users that can be linked to an employee, and a clerk's own record (`me`). Every change
 * is audited (never with a PIN or its hash).
 */
import { hallIdSchema, serviceIdSchema } from '@hall/devices';
import { z } from 'zod';
import { calendarDate, text } from '../../inputs.ts';
import { moduleProcedure, router, signedInProcedure } from '../../trpc.ts';
import { accessRepository } from '../access/access.repository.ts';
import { allows, audit } from '../access/access.service.ts';
import { AppError } from '../../errors.ts';
import { createEmployeeInput, updateEmployeeInput } from './staff.schema.ts';
import { EMPLOYEE_ROLES, EMPLOYEE_STATUSES } from './staff.table.ts';
import {
  createEmployee,
  getEmployee,
  linkableUsers,
  listEmployees,
  moveEmployee,
  myRecord,
  resetPin,
  updateEmployee,
} from './staff.service.ts';

const employeeId = z.string().min(1).max(64);
const view = { module: 'scheduling', level: 'view' } as const;
const edit = { module: 'scheduling', level: 'edit' } as const;

const unitOf = async (db: Parameters<typeof accessRepository.unitOfHall>[0], hallId: string) =>
  (await accessRepository.unitOfHall(db, hallId))?.id ?? null;

export const staffRouter = router({
  /** A hall's employees, filtered, a page at a time (at most 200). */
  list: moduleProcedure({ ...view, scope: 'hall' })
    .input(
      z.object({
        hallId: hallIdSchema,
        status: z.array(z.enum(EMPLOYEE_STATUSES)).max(3).optional(),
        role: z.enum(EMPLOYEE_ROLES).optional(),
        skill: serviceIdSchema.optional(),
        q: text(40).optional(),
        limit: z.int().min(1).max(200).default(100),
        offset: z.int().min(0).max(100_000).default(0),
      }),
    )
    .query(({ ctx, input }) => listEmployees(ctx.db, input)),
  /** One employee: for the hall's managers, or the clerk who is that employee. */
  get: moduleProcedure({ ...view, scope: 'employee' })
    .input(z.object({ employeeId }))
    .query(({ ctx, input }) => getEmployee(ctx.db, input.employeeId)),
  create: moduleProcedure({ ...edit, scope: 'hall' })
    .input(createEmployeeInput)
    .mutation(async ({ ctx, input }) => {
      const result = await createEmployee(ctx.db, input, ctx.user.id);
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'employee.created',
        entity: 'employee',
        entityId: result.employeeId,
        orgUnitId: await unitOf(ctx.db, input.hallId),
        after: input,
      });
      return result;
    }),
  update: moduleProcedure({ ...edit, scope: 'employee' })
    .input(updateEmployeeInput)
    .mutation(async ({ ctx, input }) => {
      const { version, before, after, hallId } = await updateEmployee(ctx.db, input, ctx.user.id);
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'employee.updated',
        entity: 'employee',
        entityId: input.employeeId,
        orgUnitId: await unitOf(ctx.db, hallId),
        before,
        after,
      });
      return { version };
    }),
  /** To another hall from a day on; the caller must also manage the target hall. */
  move: moduleProcedure({ ...edit, scope: 'employee' })
    .input(z.object({ employeeId, toHallId: hallIdSchema, effectiveDate: calendarDate }))
    .mutation(async ({ ctx, input }) => {
      const toUnit = await unitOf(ctx.db, input.toHallId);
      if (!toUnit || !(await allows(ctx.db, ctx.user, 'scheduling', 'edit', toUnit)))
        throw new AppError('FORBIDDEN', 'needs edit on scheduling in the target hall', {
          reason: 'forbidden',
          fields: ['toHallId'],
        });
      const result = await moveEmployee(ctx.db, input, ctx.user.id);
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'employee.moved',
        entity: 'employee',
        entityId: input.employeeId,
        orgUnitId: await unitOf(ctx.db, result.fromHallId),
        before: { hallId: result.fromHallId },
        after: { hallId: input.toHallId, effectiveDate: input.effectiveDate, applied: result.applied },
      });
      return result;
    }),
  /** A new counter PIN, in this answer only. */
  resetPin: moduleProcedure({ ...edit, scope: 'employee' })
    .input(z.object({ employeeId }))
    .mutation(async ({ ctx, input }) => {
      const result = await resetPin(ctx.db, input.employeeId, ctx.user.id);
      await audit(ctx.db, {
        userId: ctx.user.id,
        action: 'employee.pin-reset',
        entity: 'employee',
        entityId: input.employeeId,
        orgUnitId: await unitOf(ctx.db, result.hallId),
        after: { staffId: result.staffId, version: result.version },
      });
      return { pin: result.pin, version: result.version };
    }),
  /** Console users with the staff role in the hall, for linking one to an employee. */
  linkableUsers: moduleProcedure({ ...edit, scope: 'hall' })
    .input(z.object({ hallId: hallIdSchema }))
    .query(({ ctx, input }) => linkableUsers(ctx.db, input.hallId)),
  /** The signed-in user's own employee record and published shifts; null when they are not an employee. */
  me: signedInProcedure.query(({ ctx }) => myRecord(ctx.db, ctx.user.id)),
});
