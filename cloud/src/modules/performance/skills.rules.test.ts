import { describe, expect, it } from 'vitest';
import { DEFAULT_SKILL_RULES, judgeLevel, proposalFor, skillRulesSchema, type SkillFigures } from './skills.rules.ts';

const expert: SkillFigures = {
  served: 260,
  medianHandleSeconds: 230,
  hallMedianHandleSeconds: 240,
  rating: 4.7,
  ratings: 80,
  examsPassed: 1,
  criticalFails: 0,
  errors: 0,
};

describe('skill-level rules', () => {
  it('gives level 3 when every criterion of levels 2 and 3 is met, and says which figure met which threshold', () => {
    const e = judgeLevel(DEFAULT_SKILL_RULES, 'billing', expert);
    expect(e.level).toBe(3);
    expect(e.levels.find((l) => l.level === 3)?.criteria[0]).toEqual({
      kind: 'served',
      value: 260,
      threshold: 200,
      met: true,
    });
    expect(proposalFor(DEFAULT_SKILL_RULES, 2, e)).toEqual({ fromLevel: 2, toLevel: 3 });
  });

  it('neither raises nor lowers on a criterion nobody can meet yet (no exams recorded in the hall)', () => {
    const e = judgeLevel(DEFAULT_SKILL_RULES, 'billing', { ...expert, examsPassed: null });
    expect(e).toMatchObject({ level: 2, kept: 3 });
    expect(proposalFor(DEFAULT_SKILL_RULES, 3, e)).toBeNull();
    expect(proposalFor(DEFAULT_SKILL_RULES, 1, e)).toEqual({ fromLevel: 1, toLevel: 2 });
  });

  it('lowers on measured figures, but not on too few tickets of the service', () => {
    const slow = { ...expert, medianHandleSeconds: 400 };
    expect(proposalFor(DEFAULT_SKILL_RULES, 3, judgeLevel(DEFAULT_SKILL_RULES, 'billing', slow))).toEqual({
      fromLevel: 3,
      toLevel: 1,
    });
    const few = { ...slow, served: 5 };
    expect(proposalFor(DEFAULT_SKILL_RULES, 3, judgeLevel(DEFAULT_SKILL_RULES, 'billing', few))).toBeNull();
  });

  it('a service’s own rule wins over the rule for any service; a second rule for one level is refused', () => {
    const rules = {
      ...DEFAULT_SKILL_RULES,
      levels: [
        ...DEFAULT_SKILL_RULES.levels,
        { serviceId: 'broadband', level: 2 as const, criteria: [{ kind: 'served' as const, min: 10 }] },
      ],
    };
    expect(judgeLevel(rules, 'broadband', { ...expert, served: 12, medianHandleSeconds: 900 }).level).toBe(2);
    expect(judgeLevel(rules, 'billing', { ...expert, served: 12 }).level).toBe(1);
    const twice = skillRulesSchema.safeParse({ ...rules, levels: [...rules.levels, rules.levels[0]] });
    expect(twice.success).toBe(false);
  });
});
