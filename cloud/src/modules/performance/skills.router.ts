/**
 * 技能等级 Skill levels: the rules (versioned per org unit), the evaluation on demand (a job), the
 * hall's proposals and a manager's decision on one. Decisions and rule changes are audited by the
 * service (skills.service.ts).
 */
import { hallIdSchema } from '@hall/devices';
import { z } from 'zod';
import { text } from '../../inputs.ts';
import { moduleProcedure, router } from '../../trpc.ts';
import { enqueueSkillEvaluation } from './skills.jobs.ts';
import { skillRulesSchema } from './skills.rules.ts';
import { decideProposal, hallProposals, rulesForHall, saveSkillRules } from './skills.service.ts';

const view = { module: 'performance', level: 'view' } as const;
const edit = { module: 'performance', level: 'edit' } as const;

export const skillLevelsRouter = router({
  /** The rules judging a hall (the nearest version up the org tree). */
  rules: moduleProcedure({ ...view, scope: 'hall' })
    .input(z.object({ hallId: hallIdSchema }))
    .query(async ({ ctx, input }) => {
      const r = await rulesForHall(ctx.db, input.hallId);
      return { id: r.id, orgUnitId: r.orgUnitId, version: r.version, rules: r.rules, createdAt: r.createdAt };
    }),
  /** New rules for an org unit (HQ, a region, a hall): a new version, validated. */
  saveRules: moduleProcedure({ ...edit, scope: 'org-unit' })
    .input(z.object({ orgUnitId: z.string().min(1).max(64), rules: skillRulesSchema }))
    .mutation(({ ctx, input }) => saveSkillRules(ctx.db, input, ctx.user.id)),
  /** The hall's proposals (waiting ones first) with the evidence, employees' and services' names. */
  proposals: moduleProcedure({ ...view, scope: 'hall' })
    .input(z.object({ hallId: hallIdSchema }))
    .query(({ ctx, input }) => hallProposals(ctx.db, input.hallId)),
  /** Runs the evaluation of the hall now (as a job; asking again while it waits answers that job). */
  evaluate: moduleProcedure({ ...edit, scope: 'hall' })
    .input(z.object({ hallId: hallIdSchema }))
    .mutation(({ ctx, input }) => enqueueSkillEvaluation(ctx.jobs, ctx.db, input.hallId)),
  /** Confirm (the level changes through the staff module) or reject with a reason. */
  decide: moduleProcedure({ ...edit, scope: 'hall' })
    .input(
      z.object({
        hallId: hallIdSchema,
        proposalId: z.int().min(1).max(2_147_483_647),
        decision: z.enum(['confirmed', 'rejected']),
        reason: text(300).optional(),
      }),
    )
    .mutation(({ ctx, input }) => decideProposal(ctx.db, ctx.user, input)),
});
