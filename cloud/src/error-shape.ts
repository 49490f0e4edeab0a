/**
 * What a client is told about an error, and what the server log keeps of it. A client gets a code, a
 * stable reason, a message naming the fields, and for an unexpected error only "internal error" with a
 * correlation id; never SQL, parameters, stacks, paths or hashes. The log gets the correlation id, the
 * error chain's names, codes, messages and stack frames, with query parameters and anything shaped like
 * a password or secret hash cut out.
 */
import { randomBytes } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { AppError, type AppErrorReason, type ErrorDetail } from './errors.ts';

export interface ClientError {
  message: string;
  reason: AppErrorReason;
  fields?: string[];
  retryAfterSeconds?: number;
  correlationId?: string;
  /** What exactly went wrong, for the console to say in the user's language. */
  detail?: ErrorDetail;
}

const REASON_BY_CODE: Partial<Record<TRPCError['code'], AppErrorReason>> = {
  BAD_REQUEST: 'invalid-input',
  PARSE_ERROR: 'invalid-input',
  UNAUTHORIZED: 'unauthorized',
  FORBIDDEN: 'forbidden',
  NOT_FOUND: 'not-found',
  CONFLICT: 'conflict',
  TOO_MANY_REQUESTS: 'too-many-attempts',
  PAYLOAD_TOO_LARGE: 'body-too-large',
};

const correlationIds = new WeakMap<object, string>();

/** The id one unexpected error is known by, in the answer and in the log. */
export function correlationIdOf(error: object): string {
  let id = correlationIds.get(error);
  if (!id) {
    id = randomBytes(6).toString('hex');
    correlationIds.set(error, id);
  }
  return id;
}

/** The SQLSTATE of a PostgreSQL error somewhere in the cause chain. */
function pgCodeIn(err: unknown): string | null {
  for (let e = err, depth = 0; e instanceof Error && depth < 6; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return null;
}

const fieldOf = (path: ReadonlyArray<PropertyKey>) => path.map(String).join('.') || '(input)';

export function clientError(error: TRPCError): ClientError {
  const cause = error.cause;
  if (cause instanceof AppError) {
    return {
      message: cause.message,
      reason: cause.reason ?? REASON_BY_CODE[cause.code] ?? 'invalid-input',
      ...(cause.fields ? { fields: cause.fields } : {}),
      ...(cause.retryAfterMs !== undefined
        ? { retryAfterSeconds: Math.max(1, Math.ceil(cause.retryAfterMs / 1_000)) }
        : {}),
      ...(cause.detail ? { detail: cause.detail } : {}),
    };
  }
  if (cause instanceof ZodError) {
    const fields = [...new Set(cause.issues.map((i) => fieldOf(i.path)))];
    // A schema's own check may say what is wrong as a detail code (kpi.schema.ts): the first one is passed on.
    const coded = cause.issues.find((i) => i.code === 'custom' && (i.params as { detail?: unknown })?.detail);
    return {
      message: cause.issues.map((i) => `${fieldOf(i.path)}: ${i.message}`).join('; '),
      reason: 'invalid-input',
      fields,
      ...(coded ? { detail: (coded as unknown as { params: { detail: ErrorDetail } }).params.detail } : {}),
    };
  }
  // Text a validation missed that PostgreSQL cannot store (a NUL, an invalid byte sequence): the
  // client's input, not our fault; the statement and its parameters stay out of the answer.
  if (pgCodeIn(error) === '22P05' || pgCodeIn(error) === '22021')
    return { message: 'input: contains a character that cannot be stored (such as NUL)', reason: 'invalid-input' };
  const reason = REASON_BY_CODE[error.code];
  if (error.code === 'INTERNAL_SERVER_ERROR' || !reason)
    return {
      message: `internal error (ref ${correlationIdOf(error)})`,
      reason: 'internal',
      correlationId: correlationIdOf(error),
    };
  if (error.code === 'PAYLOAD_TOO_LARGE') return { message: 'request body too large', reason };
  // tRPC's own refusals (no such procedure, unparsable JSON, wrong method) carry no internals.
  return { message: error.message, reason };
}

/** Hashes and secrets that must never reach a log line, and drizzle's echo of a query's parameters. */
const SECRET_SHAPES = [/\$argon2(?:id|i|d)\$[^\s'",)]*/g, /scrypt\$\d+\$\d+\$\d+\$[^\s'",)]*/g];
export function redact(text: string): string {
  let out = text.replace(/\n?params: [\s\S]*$/, '\n[parameters not logged]');
  for (const shape of SECRET_SHAPES) out = out.replace(shape, '[redacted]');
  return out;
}

/** The error chain as a plain object for pino: names, codes, redacted messages, stack frames only. */
export function errorForLog(err: unknown, depth = 0): Record<string, unknown> {
  if (!(err instanceof Error)) return { value: redact(String(err)) };
  const e = err as Error & { code?: unknown; severity?: unknown; routine?: unknown };
  const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  return {
    type: e.name,
    message: redact(e.message),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.routine === 'string' ? { routine: e.routine } : {}),
    stack: frames.join('\n'),
    ...(e.cause !== undefined && depth < 5 ? { cause: errorForLog(e.cause, depth + 1) } : {}),
  };
}
