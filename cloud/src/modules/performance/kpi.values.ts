/**
 * A KPI's value over a period: its formula over the sum of the subject's daily facts (facts.ts), with
 * the hall's totals over the same period as `hall_<fact>`; scored by its bands; "too few" (not scored,
 * not ranked) when the sample fact is below the KPI's minimum. The one place every view, report, cycle
 * and skill rule computes a KPI value — so they all agree.
 */
import { accessRepository } from '../access/access.repository.ts';
import { compileFormula, scoreOf, weightedScore, type CompiledFormula } from '../../engines/kpi/index.ts';
import type { Db } from '../../db/client.ts';
import { addDays, daysBetween } from '@hall/devices/calendar';
import { addFacts, FORMULA_NAMES, type Facts, type SubjectKind } from './facts.ts';
import { performanceRepository as repo, type KpiDefinitionRow } from './performance.repository.ts';
import type { KpiPeriod } from './performance.table.ts';

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
  /** A shrunk mean's 95 % confidence band (confidenceOf); null for any other KPI. */
  confidence: { low: number; high: number } | null;
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

/** A span of calendar days, both ends included. */
export interface Span {
  from: string;
  to: string;
}

/**
 * How many of a KPI's periods a span is: whole calendar months count as months (February is one month
 * as much as March), anything else by its days (a month as 30.44 of them).
 */
export function periodsIn(period: KpiPeriod, span: Span): number {
  const days = daysBetween(span.from, span.to) + 1;
  if (period === 'day') return days;
  if (period === 'week') return days / 7;
  if (span.from.endsWith('-01') && addDays(span.to, 1).endsWith('-01')) {
    const [fy, fm] = span.from.split('-').map(Number) as [number, number];
    const [ty, tm] = span.to.split('-').map(Number) as [number, number];
    return (ty - fy) * 12 + tm - fm + 1;
  }
  return days / 30.44;
}

/**
 * The value a KPI's bands score over a span. A count (tickets served, errors) grows with the span, so it
 * is scored at its pace per the KPI's period: 120 tickets in a week are 522 a month against monthly
 * bands, not a poor 120. Shares, averages and minutes do not grow with the span.
 */
export function scoredValue(def: Pick<KpiDefinitionRow, 'unit' | 'period'>, value: number, span: Span | null) {
  if (def.unit !== 'count') return value;
  return value / (span ? periodsIn(def.period, span) : 1 / PERIOD_DAYS[def.period]);
}

/** A KPI period's length in days (a month as its average), for a value of one day. */
const PERIOD_DAYS: Readonly<Record<KpiPeriod, number>> = { day: 1, week: 7, month: 30.44 };

/** One KPI over given facts (the subject's and its hall's over the same span of days). */
export function kpiValue(
  def: KpiDefinitionRow,
  facts: Readonly<Facts>,
  hallFacts: Readonly<Facts>,
  span: Span | null,
): KpiValue {
  return valueWith(def, facts, varsOf(facts, hallFacts), span);
}

// The variables are built once per subject, not once per KPI (the daily job evaluates ~11 KPIs for every
// subject-day of a month: building them per KPI was most of its time).
function valueWith(
  def: KpiDefinitionRow,
  facts: Readonly<Facts>,
  vars: Readonly<Record<string, number>>,
  span: Span | null,
): KpiValue {
  const f = formulaOf(def);
  const raw = f ? f.evaluate(vars) : null;
  const value = raw === null ? null : Math.round(raw * 1e4) / 1e4;
  const sample = def.minSample ? (facts[def.minSample.fact] ?? 0) : null;
  const enough = !def.minSample || (sample as number) >= def.minSample.n;
  return {
    key: def.key,
    version: def.version,
    value,
    score: enough && value !== null ? scoreOf(scoredValue(def, value, span), def.bands) : null,
    sample,
    enough,
    confidence: f && value !== null ? confidenceOf(f, vars, value) : null,
  };
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * The 95 % band of a KPI that is one `shrink(x_sum, n, prior, weight)`: value ± 1.96 σ / √(n + weight),
 * σ the spread of the hall's scores over the same period (from `hall_x_sq_sum`, the fact of squares that
 * goes with `x_sum`). With few ratings the band is wide, with many narrow — a manager sees whether two
 * clerks' ratings differ or only seem to. Null when the facts to compute it are missing.
 */
export function confidenceOf(
  f: CompiledFormula,
  vars: Readonly<Record<string, number>>,
  value: number,
): { low: number; high: number } | null {
  const s = f.shrunk(vars);
  if (!s?.sumName?.endsWith('_sum') || !s.countName || s.n + s.weight <= 0) return null;
  const squares = vars[`hall_${s.sumName.slice(0, -'_sum'.length)}_sq_sum`];
  const hallN = vars[`hall_${s.countName}`];
  const hallSum = vars[`hall_${s.sumName}`];
  if (squares === undefined || !hallN || hallSum === undefined) return null;
  const mean = hallSum / hallN;
  const half = 1.96 * Math.sqrt(Math.max(0, squares / hallN - mean * mean) / (s.n + s.weight));
  return { low: round4(value - half), high: round4(value + half) };
}

/** The KPIs that apply to a subject, over a span of days (null: one day's values). */
export function valuesOf(
  defs: readonly KpiDefinitionRow[],
  subjectKind: SubjectKind,
  facts: Facts,
  hallFacts: Facts,
  scope: SubjectScope = {},
  span: Span | null = null,
) {
  const vars = varsOf(facts, hallFacts);
  const values = defs.filter((d) => appliesTo(d, subjectKind, scope)).map((d) => valueWith(d, facts, vars, span));
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
  // A clerk who moved between two of the halls within the period is one subject, not one per hall: their
  // facts add up over both, compared with both halls' totals (`hall_*`), under the hall of most days.
  const merged = (subjectId: string) => q.subjectKind === 'clerk' && !subjectId.startsWith('staff:');
  const bySubject = new Map<
    string,
    { hallId: string; subjectId: string; days: number; facts: Facts; daysIn: Map<string, number> }
  >();
  for (const r of rows) {
    const k = merged(r.subjectId) ? r.subjectId : `${r.hallId}\u0000${r.subjectId}`;
    const s =
      bySubject.get(k) ??
      (bySubject
        .set(k, { hallId: r.hallId, subjectId: r.subjectId, days: 0, facts: {}, daysIn: new Map() })
        .get(k) as never);
    s.days += 1;
    s.daysIn.set(r.hallId, (s.daysIn.get(r.hallId) ?? 0) + 1);
    addFacts(s.facts, r.facts);
  }
  const hallFactsOf = (s: { hallId: string; daysIn: Map<string, number> }): Facts => {
    if (s.daysIn.size <= 1) return hallFacts.get(s.hallId) ?? {};
    const sum: Facts = {};
    for (const h of s.daysIn.keys()) addFacts(sum, hallFacts.get(h) ?? {});
    return sum;
  };
  for (const s of bySubject.values())
    if (s.daysIn.size > 1)
      s.hallId = [...s.daysIn].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? s.hallId;
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
  return [...bySubject.values()].map(({ daysIn, ...s }) => ({
    ...s,
    subjectKind: q.subjectKind,
    ...valuesOf(
      defs,
      q.subjectKind,
      s.facts,
      hallFactsOf({ hallId: s.hallId, daysIn }),
      {
        role: roles.get(s.subjectId) ?? null,
        ...(unitsOfHall.has(s.hallId) ? { units: unitsOfHall.get(s.hallId) as Set<string> } : {}),
      },
      { from: q.from, to: q.to },
    ),
  }));
}
