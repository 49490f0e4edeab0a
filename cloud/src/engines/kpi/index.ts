/** The KPI engine: formulas over facts, scores by bands. Pure — no database. */
export { compileFormula, FUNCTIONS, type CompiledFormula, type FormulaError } from './formula.ts';
export { scoreOf, weightedScore, type ScoringBands } from './score.ts';
