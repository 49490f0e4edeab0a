/**
 * A KPI's value over a period: its formula over the sum of the subject's daily facts (facts.ts), with
 * the hall's totals over the same period as `hall_<fact>`; scored by its bands; "too few" (not scored,
 * not ranked) when the sample fact is below the KPI's minimum. The one place every view, report, cycle
 * and skill rule computes a KPI value — so they all agree.
 */
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

export function appliesTo(def: KpiDefinitionRow, subjectKind: SubjectKind): boolean {
  return def.appliesTo.subjects.includes(subjectKind);
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

export function valuesOf(defs: readonly KpiDefinitionRow[], subjectKind: SubjectKind, facts: Facts, hallFacts: Facts) {
  const vars = varsOf(facts, hallFacts);
  const values = defs.filter((d) => appliesTo(d, subjectKind)).map((d) => valueWith(d, facts, vars));
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
  return [...bySubject.values()].map((s) => ({
    ...s,
    subjectKind: q.subjectKind,
    ...valuesOf(defs, q.subjectKind, s.facts, hallFacts.get(s.hallId) ?? {}),
  }));
}
