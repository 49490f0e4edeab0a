/**
 * 绩效看板 `kpiViews`: a hall's KPI board, one clerk's KPIs, the facts behind them, league tables. Reads
 * only (nothing to audit). Scopes: the board at the hall; a clerk's KPIs and facts at the employee's
 * hall, or the clerk themself; a league at the org unit it ranks (so only within the caller's subtree);
 * the league's choices answer only the units under the caller's grants.
 */
import { hallIdSchema } from '@hall/devices';
import { z } from 'zod';
import { costly, moduleProcedure, router } from '../../trpc.ts';
import { closedPeriodInput, periodInput } from './views.period.ts';
import { clerkKpis, FACT_LISTS, factsBehind, hallBoard, league, leagueChoices } from './views.service.ts';

const view = { module: 'performance', level: 'view' } as const;
const employeeId = z.string().min(1).max(64);
const kpiKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, { error: 'a KPI key (lowercase letters, digits, - and _)' });

export const kpiViewsRouter = router({
  /** The hall's board: clerks, counters and the hall over a period (or today so far) and the one before. */
  hall: moduleProcedure({ ...view, scope: 'hall' })
    .input(z.object({ hallId: hallIdSchema, period: periodInput }))
    .query(({ ctx, input }) => hallBoard(ctx.db, input)),
  /** One employee's KPIs over a period: values, a daily series per KPI, the hall's band. */
  clerk: moduleProcedure({ ...view, scope: 'employee' })
    .input(z.object({ employeeId, period: periodInput }))
    .query(({ ctx, input }) => clerkKpis(ctx.db, input)),
  /** The tickets, ratings or counter sessions (with their pauses) behind a clerk's values, a page at a time. */
  facts: moduleProcedure({ ...view, scope: 'employee' })
    .input(
      z.object({
        employeeId,
        period: periodInput,
        list: z.enum(FACT_LISTS),
        limit: z.int().min(1).max(500).default(100),
        offset: z.int().min(0).max(100_000).default(0),
      }),
    )
    .query(({ ctx, input }) => factsBehind(ctx.db, input)),
  /** Halls or clerks under an org unit ranked by one KPI (or the total); too small a sample apart. */
  league: moduleProcedure({ ...view, scope: 'org-unit' })
    .use(costly('kpi-league', 60))
    .input(
      z.object({
        orgUnitId: z.string().min(1).max(64),
        subjectKind: z.enum(['hall', 'clerk']),
        kpiKey: kpiKey.nullable(),
        period: closedPeriodInput,
      }),
    )
    .query(({ ctx, input }) => league(ctx.db, input)),
  /** The org units under the caller's grants and the KPIs in force (the league's choosers). */
  choices: moduleProcedure({ ...view, scope: 'any-unit' }).query(({ ctx }) => leagueChoices(ctx.db, ctx.user)),
});
