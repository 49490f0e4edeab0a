/** Command-line parsing shared by the sim commands: strict flags, clear errors naming the flag. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<T extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: true }>
>;

export function parse<T extends Options>(argv: string[], options: T): Parsed<T> {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function int(
  value: string | undefined,
  flag: string,
  fallback: number,
  range: [number, number] = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < range[0] || n > range[1])
    throw new UsageError(
      `--${flag} must be a whole number from ${range[0]} to ${range[1]}, got ${JSON.stringify(value)}`,
    );
  return n;
}

export function num(value: string | undefined, flag: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min)
    throw new UsageError(`--${flag} must be a number of at least ${min}, got ${JSON.stringify(value)}`);
  return n;
}

export function date(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
    throw new UsageError(`--${flag} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

export function hubUrl(value: string | undefined): string {
  const url = value ?? 'mqtt://127.0.0.1:1883';
  if (!/^(mqtts?|wss?):\/\/[^/]+/.test(url))
    throw new UsageError(`--hub must be an MQTT URL such as mqtt://127.0.0.1:1883, got ${JSON.stringify(url)}`);
  return url;
}

/** Prints a status line every `everyMs` of wall time until stopped. */
export function every(everyMs: number, line: () => string): () => void {
  const timer = setInterval(() => process.stdout.write(`${line()}\n`), everyMs);
  return () => clearInterval(timer);
}
