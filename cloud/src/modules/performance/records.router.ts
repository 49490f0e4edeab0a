/**
 * 档案 Staff records: one employee's record (their managers, or the clerk themself), the signed-in
 * clerk's own, and the awards and errors managers record (and withdraw). Audited by the service.
 */
import { z } from 'zod';
import { calendarDate, text } from '../../inputs.ts';
import { moduleProcedure, router, signedInProcedure } from '../../trpc.ts';
import { RECORD_CATEGORIES, RECORD_KINDS } from './records.table.ts';
import { addEntry, employeeRecord, myEmployeeRecord, withdrawEntry } from './records.service.ts';

const employeeId = z.string().min(1).max(64);
const view = { module: 'performance', level: 'view' } as const;
const edit = { module: 'performance', level: 'edit' } as const;

export const staffRecordsRouter = router({
  /** One employee's record: KPI history, on-site forms, attendance, skill levels, awards and errors. */
  get: moduleProcedure({ ...view, scope: 'employee' })
    .input(z.object({ employeeId }))
    .query(({ ctx, input }) => employeeRecord(ctx.db, input.employeeId)),
  /** The signed-in clerk's own record (null when they are not an employee). */
  me: signedInProcedure.query(({ ctx }) => myEmployeeRecord(ctx.db, ctx.user.id)),
  /** An award or an error on a day (at most a year back). */
  add: moduleProcedure({ ...edit, scope: 'employee' })
    .input(
      z.object({
        employeeId,
        date: calendarDate,
        kind: z.enum(RECORD_KINDS),
        category: z.enum(RECORD_CATEGORIES),
        description: text(500),
        points: z.int().min(1).max(100).default(1),
        ticketNo: z
          .string()
          .regex(/^[A-Za-z0-9-]{1,16}$/)
          .optional(),
      }),
    )
    .mutation(({ ctx, input }) => addEntry(ctx.db, ctx.user.id, input)),
  /** Withdraws an entry (it stays in the record, marked, and no longer counts). */
  withdraw: moduleProcedure({ ...edit, scope: 'employee' })
    .input(z.object({ employeeId, entryId: z.int().min(1).max(2_147_483_647) }))
    .mutation(({ ctx, input }) => withdrawEntry(ctx.db, ctx.user.id, input)),
});
