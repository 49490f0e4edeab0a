/**
 * A KPI's value over a period: its formula over the sum of the subject's daily facts (facts.ts), with
 * the hall's totals over the same period as `hall_<fact>`; scored by its bands; "too few" (not scored,
 * not ranked) when the sample fact is below the KPI's minimum. The one place every view, report, cycle
 * and skill rule computes a KPI value — so they all agree.
 */
import { accessRepository } from '../access/access.repository.ts';
import { compileFormula, scoreOf, weightedScore, type CompiledFormula } from '../../engines/kpi/index.ts';
import type { Db } from '../../db/client.ts';
import { addFacts, FORMULA_NAMES, type Facts, type SubjectKind } from './facts.ts';
import { performanceRepository as repo, type KpiDefinitionRow } from './performance.repository.ts';

export interface KpiValue {
  key: string;
  version: number;
  value: number | null;
  /** 0–100; null when there is no value or the sample is too small. */
  score: number | null;
  /** The sample the KPI's minimum is checked against (null: the KPI has no minimum). */
  sample: number | null;
  /** False when the sample is below the minimum: show the value, but neither score nor rank it. */
  enough: boolean;
}

export interface SubjectValues {
  hallId: string;
  subjectKind: SubjectKind;
  subjectId: string;
  /** Days with facts in the period. */
  days: number;
  facts: Facts;
  values: KpiValue[];
  /** The weighted score over the KPIs with enough sample (null when none). */
  total: number | null;
}

const compiled = new Map<string, CompiledFormula | null>();
/** A stored formula compiled once per process (stored ones were validated on save). */
export function formulaOf(def: Pick<KpiDefinitionRow, 'formula'>): CompiledFormula | null {
  let c = compiled.get(def.formula);
  if (c === undefined) {
    const r = compileFormula(def.formula, FORMULA_NAMES);
    c = r.ok ? r.formula : null;
    if (compiled.size > 2000) compiled.clear();
    compiled.set(def.formula, c);
  }
  return c;
}

/** Who a value is for, beyond its kind: a clerk's role, and the org units above the subject's hall. */
export interface SubjectScope {
  role?: string | null;
  /** The hall's unit and every unit above it. */
  units?: ReadonlySet<string>;
}

/** Whether a KPI applies: its subject kinds, and (when the scope is known) its roles and org units. */
export function appliesTo(def: KpiDefinitionRow, subjectKind: SubjectKind, scope: SubjectScope = {}): boolean {
  const a = def.appliesTo;
  if (!a.subjects.includes(subjectKind)) return false;
  if (subjectKind === 'clerk' && a.roles?.length && scope.role && !a.roles.includes(scope.role as never)) return false;
  if (a.orgUnitIds?.length && scope.units && !a.orgUnitIds.some((u) => scope.units?.has(u))) return false;
  return true;
}

/** The names a formula sees: the subject's facts, and the hall's as `hall_<fact>`. */
function varsOf(facts: Readonly<Facts>, hallFacts: Readonly<Facts>): Record<string, number> {
  const vars: Record<string, number> = { ...facts };
  for (const [k, v] of Object.entries(hallFacts)) vars[`hall_${k}`] = v;
  return vars;
}

/** One KPI over given facts (the subject's and its hall's over the same period). */
export function kpiValue(def: KpiDefinitionRow, facts: Readonly<Facts>, hallFacts: Readonly<Facts>): KpiValue {
  return valueWith(def, facts, varsOf(facts, hallFacts));
}

// The variables are built once per subject, not once per KPI (the daily job evaluates ~11 KPIs for every
// subject-day of a month: building them per KPI was most of its time).
function valueWith(def: KpiDefinitionRow, facts: Readonly<Facts>, vars: Readonly<Record<string, number>>): KpiValue {
  const f = formulaOf(def);
  const raw = f ? f.evaluate(vars) : null;
  const value = raw === null ? null : Math.round(raw * 1e4) / 1e4;
  const sample = def.minSample ? (facts[def.minSample.fact] ?? 0) : null;
  const enough = !def.minSample || (sample as number) >= def.minSample.n;
  return {
    key: def.key,
    version: def.version,
    value,
    score: enough ? scoreOf(value, def.bands) : null,
    sample,
    enough,
  };
}

export function valuesOf(
  defs: readonly KpiDefinitionRow[],
  subjectKind: SubjectKind,
  facts: Facts,
  hallFacts: Facts,
  scope: SubjectScope = {},
) {
  const vars = varsOf(facts, hallFacts);
  const values = defs.filter((d) => appliesTo(d, subjectKind, scope)).map((d) => valueWith(d, facts, vars));
  const weights = new Map(defs.map((d) => [d.key, d.weight]));
  return { values, total: weightedScore(values.map((v) => ({ score: v.score, weight: weights.get(v.key) ?? 0 }))) };
}

/**
 * Every subject of the kind in the halls over [from, to], with its KPI values (the versions in force
 * now, or `definitions` when given — a cycle scores with the versions it was opened with).
 */
export async function kpiValuesFor(
  db: Db,
  q: {
    hallIds: readonly string[];
    from: string;
    to: string;
    subjectKind: SubjectKind;
    subjectIds?: readonly string[];
    definitions?: readonly KpiDefinitionRow[];
  },
): Promise<SubjectValues[]> {
  const defs = q.definitions ?? (await repo.definitionsInForce(db));
  const [rows, hallRows] = await Promise.all([
    repo.daily(db, q),
    q.subjectKind === 'hall' && !q.subjectIds
      ? Promise.resolve(null)
      : repo.daily(db, { hallIds: q.hallIds, from: q.from, to: q.to, subjectKind: 'hall' }),
  ]);
  const hallFacts = new Map<string, Facts>();
  for (const r of hallRows ?? rows.filter((x) => x.subjectKind === 'hall'))
    addFacts(hallFacts.get(r.hallId) ?? (hallFacts.set(r.hallId, {}).get(r.hallId) as Facts), r.facts);
  const bySubject = new Map<string, { hallId: string; subjectId: string; days: number; facts: Facts }>();
  for (const r of rows) {
    const k = `${r.hallId}\u0000${r.subjectId}`;
    const s =
      bySubject.get(k) ??
      (bySubject.set(k, { hallId: r.hallId, subjectId: r.subjectId, days: 0, facts: {} }).get(k) as never);
    s.days += 1;
    addFacts(s.facts, r.facts);
  }
  // A KPI narrowed to roles or org units (appliesTo) counts only where it applies.
  const narrowed = defs.some((d) => d.appliesTo.roles?.length || d.appliesTo.orgUnitIds?.length);
  const roles = new Map<string, string>();
  const unitsOfHall = new Map<string, Set<string>>();
  if (narrowed) {
    if (q.subjectKind === 'clerk')
      for (const e of await repo.employeeRoles(db, [...new Set([...bySubject.values()].map((s) => s.subjectId))]))
        roles.set(e.id, e.role);
    const units = await accessRepository.units(db);
    const byId = new Map(units.map((u) => [u.id, u]));
    for (const hallId of q.hallIds) {
      const up = new Set<string>();
      for (
        let u = units.find((x) => x.hallId === hallId);
        u && !up.has(u.id);
        u = u.parentId ? byId.get(u.parentId) : undefined
      )
        up.add(u.id);
      unitsOfHall.set(hallId, up);
    }
  }
  return [...bySubject.values()].map((s) => ({
    ...s,
    subjectKind: q.subjectKind,
    ...valuesOf(defs, q.subjectKind, s.facts, hallFacts.get(s.hallId) ?? {}, {
      role: roles.get(s.subjectId) ?? null,
      ...(unitsOfHall.has(s.hallId) ? { units: unitsOfHall.get(s.hallId) as Set<string> } : {}),
    }),
  }));
}
