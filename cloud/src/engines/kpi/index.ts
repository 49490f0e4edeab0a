/** The KPI engine: formulas over facts, scores by bands. Pure — no database. */
export {
  compileFormula,
  FORMULA_ERROR_CODES,
  FUNCTION_NAMES,
  FUNCTIONS,
  type CompiledFormula,
  type FormulaError,
  type FormulaErrorCode,
} from './formula.ts';
export { FORMULA_LIMITS } from './formula.scan.ts';
export { scoreOf, weightedScore, type ScoringBands } from './score.ts';
