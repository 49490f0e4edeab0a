/**
 * The KPI formula language: arithmetic over named facts, parsed by mathjs (`parse` only — nothing is
 * ever evaluated by mathjs or by `eval`) and run by our own small interpreter over an allowed subset of
 * its syntax tree. What a formula may use:
 * - numbers, the facts' names (and `hall_<fact>`: the hall's total of that fact over the same period);
 * - `+ - * / ^`, unary minus, comparisons (`< <= > >= == !=`), `and`, `or`, `not`, `cond ? a : b`;
 * - the functions in FUNCTIONS (min, max, abs, round, clamp, ratio, shrink, …).
 * A division by zero or a ratio without a sample gives null ("no value"), never Infinity or NaN.
 */
import { parse, type MathNode } from 'mathjs';
import { scanFormula } from './formula.scan.ts';

/** Why a formula was refused, with the character position (0-based) the error is at. */
export interface FormulaError {
  code: FormulaErrorCode;
  position: number;
  /** The name, operator or character at fault (empty at the end of the formula). */
  token: string;
}

export const FORMULA_ERROR_CODES = [
  'kpi-formula-syntax',
  'kpi-formula-unknown-name',
  'kpi-formula-unknown-function',
  'kpi-formula-not-allowed',
  'kpi-formula-too-long',
  'kpi-formula-too-complex',
  'kpi-formula-arity',
] as const;
export type FormulaErrorCode = (typeof FORMULA_ERROR_CODES)[number];

type Value = number | null;
type Fn = { arity: [number, number]; run: (args: Value[]) => Value };

const num = (v: Value) => v;
const defined = (args: Value[]): args is number[] => args.every((a) => a !== null && Number.isFinite(a));

/** The functions a formula may call. */
export const FUNCTIONS: Record<string, Fn> = {
  min: { arity: [1, 8], run: (a) => (defined(a) ? Math.min(...a) : null) },
  max: { arity: [1, 8], run: (a) => (defined(a) ? Math.max(...a) : null) },
  abs: { arity: [1, 1], run: (a) => (defined(a) ? Math.abs(a[0] as number) : null) },
  round: {
    arity: [1, 2],
    run: (a) => (defined(a) ? Math.round((a[0] as number) * 10 ** (a[1] ?? 0)) / 10 ** (a[1] ?? 0) : null),
  },
  clamp: {
    arity: [3, 3],
    run: (a) => (defined(a) ? Math.min(Math.max(a[0] as number, a[1] as number), a[2] as number) : null),
  },
  /** `ratio(a, b)`: a / b, or no value when b is 0. */
  ratio: { arity: [2, 2], run: (a) => (defined(a) && a[1] !== 0 ? (a[0] as number) / (a[1] as number) : null) },
  /**
   * `shrink(sum, n, priorMean, priorWeight)`: a Bayesian mean — the subject's mean pulled towards the
   * prior (the hall's mean) as if `priorWeight` observations at the prior had been seen: with few
   * ratings a clerk sits near the hall's mean, with many at their own.
   */
  shrink: {
    arity: [4, 4],
    run: (a) => {
      if (!defined(a)) return null;
      const [sum, n, prior, w] = a as [number, number, number, number];
      return n + w > 0 ? (sum + prior * w) / (n + w) : null;
    },
  },
  /** `ifnull(x, fallback)`. */
  ifnull: { arity: [2, 2], run: (a) => num(a[0] ?? a[1] ?? null) },
};

/** The names a formula may call. */
export const FUNCTION_NAMES: ReadonlySet<string> = new Set(Object.keys(FUNCTIONS));

const BINARY: Record<string, (a: number, b: number) => Value> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => (b === 0 ? null : a / b),
  pow: (a, b) => a ** b,
  smaller: (a, b) => +(a < b),
  smallerEq: (a, b) => +(a <= b),
  larger: (a, b) => +(a > b),
  largerEq: (a, b) => +(a >= b),
  equal: (a, b) => +(a === b),
  unequal: (a, b) => +(a !== b),
  and: (a, b) => +(a !== 0 && b !== 0),
  or: (a, b) => +(a !== 0 || b !== 0),
};
const UNARY: Record<string, (a: number) => Value> = {
  unaryMinus: (a) => -a,
  unaryPlus: (a) => a,
  not: (a) => +(a === 0),
};

/** A formula checked against the names it may use, ready to evaluate. */
export interface CompiledFormula {
  source: string;
  /** The fact names it reads (without duplicates, in order of appearance). */
  uses: string[];
  evaluate(vars: Readonly<Record<string, number | undefined>>): number | null;
  /**
   * When the whole formula is a `shrink(…)`: its arguments' values, and the names of the sum and the
   * count when each is one fact — what a confidence band of the shrunk mean is computed from. Else null.
   */
  shrunk(vars: Readonly<Record<string, number | undefined>>): {
    n: number;
    weight: number;
    sumName: string | null;
    countName: string | null;
  } | null;
}

/**
 * Compiles a formula: scanned by our own scanner (formula.scan.ts: characters, names, functions, bounds,
 * with positions), parsed by mathjs, then checked node by node against the allowed subset. Never throws.
 */
export function compileFormula(
  source: string,
  known: ReadonlySet<string>,
): { ok: true; formula: CompiledFormula } | { ok: false; error: FormulaError } {
  const scanned = scanFormula(source, known, FUNCTION_NAMES);
  if (!scanned.ok) return scanned;
  const { tokens } = scanned;
  let root: MathNode;
  try {
    root = parse(source);
  } catch (e) {
    const char = (e as { char?: unknown }).char;
    const position = typeof char === 'number' ? Math.min(source.length, Math.max(0, char - 1)) : 0;
    const at = tokens.find((t) => t.position <= position && position < t.position + t.text.length);
    return {
      ok: false,
      error: { code: 'kpi-formula-syntax', position: at?.position ?? position, token: at?.text ?? '' },
    };
  }
  // Function calls are met in the tree (pre-order, left to right) in the order they are written.
  const calls = tokens.filter((t) => t.kind === 'function');
  const firstOf = (text: string) => tokens.find((t) => t.text === text)?.position ?? 0;
  let callIndex = 0;
  const uses: string[] = [];
  let error: FormulaError | null = null;
  const check = (n: MathNode): void => {
    if (error) return;
    const node = n as MathNode & Record<string, unknown>;
    switch (n.type) {
      case 'ConstantNode':
        if (typeof node.value !== 'number')
          error = { code: 'kpi-formula-not-allowed', position: 0, token: String(node.value) };
        return;
      case 'SymbolNode': {
        const name = node.name as string;
        if (!known.has(name)) error = { code: 'kpi-formula-unknown-name', position: firstOf(name), token: name };
        else if (!uses.includes(name)) uses.push(name);
        return;
      }
      case 'ParenthesisNode':
        return check(node.content as MathNode);
      case 'OperatorNode': {
        const fn = node.fn as string;
        const args = node.args as MathNode[];
        if (node.implicit || !(args.length === 2 ? fn in BINARY : fn in UNARY)) {
          const op = node.op as string;
          error = { code: 'kpi-formula-not-allowed', position: firstOf(op), token: op };
          return;
        }
        for (const a of args) check(a);
        return;
      }
      case 'ConditionalNode':
        check(node.condition as MathNode);
        check(node.trueExpr as MathNode);
        check(node.falseExpr as MathNode);
        return;
      case 'FunctionNode': {
        const call = calls[callIndex++];
        const fnNode = node.fn as MathNode & { name?: string };
        const name = fnNode.type === 'SymbolNode' ? (fnNode.name as string) : '';
        const f = FUNCTIONS[name];
        const position = call?.position ?? firstOf(name);
        if (!f) {
          error = { code: 'kpi-formula-unknown-function', position, token: name };
          return;
        }
        const args = node.args as MathNode[];
        if (args.length < f.arity[0] || args.length > f.arity[1]) {
          error = { code: 'kpi-formula-arity', position, token: name };
          return;
        }
        for (const a of args) check(a);
        return;
      }
      case 'RangeNode':
        error = { code: 'kpi-formula-not-allowed', position: firstOf(':'), token: ':' };
        return;
      default:
        error = { code: 'kpi-formula-not-allowed', position: 0, token: n.type };
    }
  };
  check(root);
  if (error) return { ok: false, error };

  const run = (n: MathNode, vars: Readonly<Record<string, number | undefined>>): Value => {
    const node = n as MathNode & Record<string, unknown>;
    switch (n.type) {
      case 'ConstantNode':
        return node.value as number;
      case 'SymbolNode': {
        const v = vars[node.name as string];
        return v === undefined || !Number.isFinite(v) ? 0 : v;
      }
      case 'ParenthesisNode':
        return run(node.content as MathNode, vars);
      case 'OperatorNode': {
        const args = (node.args as MathNode[]).map((a) => run(a, vars));
        if (!defined(args)) return null;
        return args.length === 2
          ? (BINARY[node.fn as string] as (a: number, b: number) => Value)(args[0] as number, args[1] as number)
          : (UNARY[node.fn as string] as (a: number) => Value)(args[0] as number);
      }
      case 'ConditionalNode': {
        const c = run(node.condition as MathNode, vars);
        if (c === null) return null;
        return run((c !== 0 ? node.trueExpr : node.falseExpr) as MathNode, vars);
      }
      case 'FunctionNode': {
        const f = FUNCTIONS[(node.fn as { name: string }).name] as Fn;
        return f.run((node.args as MathNode[]).map((a) => run(a, vars)));
      }
      default:
        return null;
    }
  };
  return {
    ok: true,
    formula: {
      source,
      uses,
      evaluate: (vars) => {
        const v = run(root, vars);
        return v === null || !Number.isFinite(v) ? null : v;
      },
      shrunk: (vars) => {
        let top = root as MathNode & Record<string, unknown>;
        while (top.type === 'ParenthesisNode') top = top.content as MathNode & Record<string, unknown>;
        if (top.type !== 'FunctionNode' || (top.fn as { name?: string }).name !== 'shrink') return null;
        const args = top.args as Array<MathNode & { name?: string }>;
        const n = run(args[1] as MathNode, vars);
        const weight = run(args[3] as MathNode, vars);
        if (n === null || weight === null) return null;
        const nameOf = (a: MathNode & { name?: string }) => (a.type === 'SymbolNode' ? (a.name as string) : null);
        return { n, weight, sumName: nameOf(args[0] as MathNode), countName: nameOf(args[1] as MathNode) };
      },
    },
  };
}
