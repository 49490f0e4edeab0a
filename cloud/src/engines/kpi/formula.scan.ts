/**
 * The first pass over a KPI formula, before mathjs parses it: our own scanner over the characters, so
 * that every refusal says exactly where it is and what is at fault — a character the language does not
 * have (a quote, `=`, `[`, a full-width bracket typed with a Chinese keyboard), a name that is not a fact,
 * a function that is not ours, two operands side by side (mathjs would read `served ratings` as a
 * product), and the bounds (length, tokens, nesting) — and so that mathjs never sees more than a small,
 * shallow expression of the allowed tokens.
 */
import type { FormulaError } from './formula.ts';

export const FORMULA_LIMITS = {
  /** Characters. */
  chars: 500,
  /** Tokens (names, numbers, operators, brackets, commas): a bound on the syntax tree's size. */
  tokens: 200,
  /** Brackets and calls nested in each other. */
  depth: 12,
} as const;

export type TokenKind = 'number' | 'name' | 'function' | 'keyword' | 'operator' | 'open' | 'close' | 'comma';

export interface Token {
  kind: TokenKind;
  text: string;
  position: number;
}

/** `and`, `or`, `not` are operators spelled as words. */
const KEYWORDS = new Set(['and', 'or', 'not']);
/** Operators, longest first so `<=` is one token. */
const OPERATORS = ['<=', '>=', '==', '!=', '+', '-', '*', '/', '^', '<', '>', '?', ':'];
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Operands end with these; a next token that starts an operand right after one is two operands side by side. */
const ENDS_OPERAND = new Set<TokenKind>(['number', 'name', 'close']);
const STARTS_OPERAND = new Set<TokenKind>(['number', 'name', 'function', 'open']);

/**
 * The formula's tokens, or the first refusal with its position and token. `known` are the names a
 * formula may read; `functions` the names it may call.
 */
export function scanFormula(
  source: string,
  known: ReadonlySet<string>,
  functions: ReadonlySet<string>,
): { ok: true; tokens: Token[] } | { ok: false; error: FormulaError } {
  const fail = (code: FormulaError['code'], position: number, token: string) =>
    ({ ok: false, error: { code, position, token } }) as const;
  if (source.length > FORMULA_LIMITS.chars)
    return fail(
      'kpi-formula-too-long',
      FORMULA_LIMITS.chars,
      source.slice(FORMULA_LIMITS.chars, FORMULA_LIMITS.chars + 1),
    );
  const tokens: Token[] = [];
  let depth = 0;
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const rest = source.slice(i, i + 64);
    let token: Token | null = null;
    const num = NUMBER.exec(rest);
    const name = num ? null : NAME.exec(source.slice(i));
    if (num) token = { kind: 'number', text: num[0], position: i };
    else if (name) {
      const text = name[0];
      let j = i + text.length;
      while (source[j] === ' ' || source[j] === '\t') j++;
      const kind: TokenKind = KEYWORDS.has(text) ? 'keyword' : source[j] === '(' ? 'function' : 'name';
      if (kind === 'function' && !functions.has(text)) return fail('kpi-formula-unknown-function', i, text);
      if (kind === 'name' && !known.has(text)) return fail('kpi-formula-unknown-name', i, text);
      token = { kind, text, position: i };
    } else if (ch === '(') token = { kind: 'open', text: ch, position: i };
    else if (ch === ')') token = { kind: 'close', text: ch, position: i };
    else if (ch === ',') token = { kind: 'comma', text: ch, position: i };
    else {
      const op = OPERATORS.find((o) => source.startsWith(o, i));
      if (!op) return fail('kpi-formula-not-allowed', i, String.fromCodePoint(source.codePointAt(i) as number));
      token = { kind: 'operator', text: op, position: i };
    }
    const prev = tokens.at(-1);
    if (prev && ENDS_OPERAND.has(prev.kind) && STARTS_OPERAND.has(token.kind))
      return fail('kpi-formula-syntax', token.position, token.text);
    if (token.kind === 'open' && ++depth > FORMULA_LIMITS.depth)
      return fail('kpi-formula-too-complex', token.position, token.text);
    if (token.kind === 'close') depth--;
    tokens.push(token);
    if (tokens.length > FORMULA_LIMITS.tokens) return fail('kpi-formula-too-complex', token.position, token.text);
    i += token.text.length;
  }
  if (tokens.length === 0) return fail('kpi-formula-syntax', 0, '');
  return { ok: true, tokens };
}
