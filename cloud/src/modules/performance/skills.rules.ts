/**
 * Skill-level rules as data, and the pure judgement of one clerk's figures for one service against
 * them (no database: skills.service.ts gathers the figures). Levels are the staff module's: 1 learning,
 * 2 independent, 3 expert. Level 1 is the floor; level N is given when every criterion of the rule for
 * N is met (a service's own rule, else the `*` rule for any service), the highest such N wins.
 */
import { serviceIdSchema } from '@hall/devices';
import { z } from 'zod';

export const criterionSchema = z.discriminatedUnion('kind', [
  /** At least `min` tickets of the service served (outcome done) in the window. */
  z.object({ kind: z.literal('served'), min: z.int().min(1).max(100_000) }),
  /**
   * The clerk's median handling time of the service at most `maxRatio` × the hall's median for it: a
   * comparison within one service, so the clerk's mix of services does not count (mix-free).
   */
  z.object({ kind: z.literal('handle-vs-median'), maxRatio: z.number().min(0.3).max(3) }),
  /** The shrunk rating (the `rating` KPI's formula over the window) at least `min`. */
  z.object({ kind: z.literal('rating'), min: z.number().min(1).max(5) }),
  /** At least `min` exams passed in the window (the `exams_passed` fact, from training's graded attempts). */
  z.object({ kind: z.literal('exam-passed'), min: z.int().min(1).max(20) }),
  /** No critical item failed in an on-site form in the window. */
  z.object({ kind: z.literal('no-critical-onsite') }),
  /** At most `max` errors recorded in the window (the staff record). */
  z.object({ kind: z.literal('max-errors'), max: z.int().min(0).max(100) }),
]);
export type SkillCriterion = z.infer<typeof criterionSchema>;
export type CriterionKind = SkillCriterion['kind'];

export const levelRuleSchema = z.object({
  /** A service id, or `*` for any service without its own rule at this level. */
  serviceId: z.union([z.literal('*'), serviceIdSchema]),
  level: z.union([z.literal(2), z.literal(3)]),
  criteria: z.array(criterionSchema).min(1).max(10),
});

export const skillRulesSchema = z
  .object({
    /** How far back the figures look (hall-local days up to yesterday). */
    windowDays: z.int().min(7).max(366),
    /**
     * A level is proposed down only when the clerk served at least this many tickets of the service in
     * the window: a clerk who spent the month on other services has no evidence against them.
     */
    minServedToLower: z.int().min(0).max(10_000),
    levels: z.array(levelRuleSchema).min(1).max(200),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.levels.forEach((l, i) => {
      const k = `${l.serviceId}|${l.level}`;
      if (seen.has(k))
        ctx.addIssue({
          code: 'custom',
          path: ['levels', i],
          message: `a second rule for level ${l.level} of ${l.serviceId}`,
        });
      seen.add(k);
    });
  });
export type SkillRules = z.infer<typeof skillRulesSchema>;

/** The rules a hall starts with (seeded once at the root of the org tree). */
export const DEFAULT_SKILL_RULES: SkillRules = {
  windowDays: 56,
  minServedToLower: 20,
  levels: [
    {
      serviceId: '*',
      level: 2,
      criteria: [
        { kind: 'served', min: 60 },
        { kind: 'handle-vs-median', maxRatio: 1.25 },
        { kind: 'no-critical-onsite' },
      ],
    },
    {
      serviceId: '*',
      level: 3,
      criteria: [
        { kind: 'served', min: 200 },
        { kind: 'handle-vs-median', maxRatio: 1 },
        { kind: 'rating', min: 4.5 },
        { kind: 'exam-passed', min: 1 },
        { kind: 'no-critical-onsite' },
      ],
    },
  ],
};

/** One clerk's figures for one service over the window (null: not measured, e.g. no tickets). */
export interface SkillFigures {
  served: number;
  medianHandleSeconds: number | null;
  hallMedianHandleSeconds: number | null;
  /** The shrunk rating over the window (null: no rating KPI value). */
  rating: number | null;
  ratings: number;
  /** Null while the hall records no exams at all (training later): the criterion is then unknown. */
  examsPassed: number | null;
  criticalFails: number;
  errors: number;
}

export interface CriterionResult {
  kind: CriterionKind;
  /** Not measured (no figure): unmet for raising a level, but no evidence for lowering one. */
  unknown?: true;
  /** The clerk's figure (for handle-vs-median: their median over the hall's, as a ratio). */
  value: number | null;
  /** What it is compared with (min, max or ratio). */
  threshold: number;
  met: boolean;
}

export interface SkillEvidence {
  figures: SkillFigures;
  levels: Array<{ level: 2 | 3; serviceRule: string; met: boolean; criteria: CriterionResult[] }>;
  /** The level the rules give (every criterion met). */
  level: 1 | 2 | 3;
  /** The highest level not disproven (every criterion met or not measured): a level is lowered only below it. */
  kept: 1 | 2 | 3;
}

export function judgeCriterion(c: SkillCriterion, f: SkillFigures): CriterionResult {
  switch (c.kind) {
    case 'served':
      return { kind: c.kind, value: f.served, threshold: c.min, met: f.served >= c.min };
    case 'handle-vs-median': {
      const ratio =
        f.medianHandleSeconds !== null && f.hallMedianHandleSeconds
          ? Math.round((f.medianHandleSeconds / f.hallMedianHandleSeconds) * 1000) / 1000
          : null;
      return { kind: c.kind, value: ratio, threshold: c.maxRatio, met: ratio !== null && ratio <= c.maxRatio };
    }
    case 'rating':
      return f.rating === null
        ? { kind: c.kind, value: null, threshold: c.min, met: false, unknown: true }
        : { kind: c.kind, value: f.rating, threshold: c.min, met: f.rating >= c.min };
    case 'exam-passed':
      return f.examsPassed === null
        ? { kind: c.kind, value: null, threshold: c.min, met: false, unknown: true }
        : { kind: c.kind, value: f.examsPassed, threshold: c.min, met: f.examsPassed >= c.min };
    case 'no-critical-onsite':
      return { kind: c.kind, value: f.criticalFails, threshold: 0, met: f.criticalFails === 0 };
    case 'max-errors':
      return { kind: c.kind, value: f.errors, threshold: c.max, met: f.errors <= c.max };
  }
}

/** The rule for a level of a service: its own, else the `*` one (null: the level cannot be reached). */
export function ruleFor(rules: SkillRules, serviceId: string, level: 2 | 3) {
  return (
    rules.levels.find((l) => l.level === level && l.serviceId === serviceId) ??
    rules.levels.find((l) => l.level === level && l.serviceId === '*') ??
    null
  );
}

/** The level the rules give for a service, with each level's criteria judged (the evidence). */
export function judgeLevel(rules: SkillRules, serviceId: string, f: SkillFigures): SkillEvidence {
  const levels: SkillEvidence['levels'] = [];
  let level: 1 | 2 | 3 = 1;
  let kept: 1 | 2 | 3 = 1;
  for (const n of [2, 3] as const) {
    const rule = ruleFor(rules, serviceId, n);
    if (!rule) continue;
    const criteria = rule.criteria.map((c) => judgeCriterion(c, f));
    const met = criteria.every((c) => c.met);
    levels.push({ level: n, serviceRule: rule.serviceId, met, criteria });
    // Level 3 needs level 2's criteria met as well (a level is a step, not a shortcut).
    if (met && n === level + 1) level = n;
    if (criteria.every((c) => c.met || c.unknown) && n === kept + 1) kept = n;
  }
  return { figures: f, levels, level, kept };
}

/**
 * What to propose for one service: up to the level every criterion gives; down only to the level the
 * measured figures still leave (a criterion nobody can meet yet — no exams recorded, no ratings —
 * raises no one and lowers no one) and only on enough tickets of the service; nothing for a clerk
 * without a level whom the rules give only the floor.
 */
export function proposalFor(
  rules: SkillRules,
  current: number | null,
  evidence: SkillEvidence,
): { fromLevel: number | null; toLevel: 1 | 2 | 3 } | null {
  const up = evidence.level;
  if (current === null) return up > 1 ? { fromLevel: null, toLevel: up } : null;
  if (up > current) return { fromLevel: current, toLevel: up };
  // Lowered only below what the figures leave standing, and only on enough of the service's tickets.
  if (evidence.kept < current && evidence.figures.served >= rules.minServedToLower)
    return { fromLevel: current, toLevel: evidence.kept };
  return null;
}
