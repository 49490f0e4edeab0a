/** The cloud's one error type: services throw it with a code; trpc.ts maps codes to tRPC errors. */
import { ERROR_DETAILS } from '@hall/devices/error-details';

export { ERROR_DETAILS };

export type AppErrorCode =
  | 'NOT_FOUND'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'BAD_REQUEST'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNPROCESSABLE_CONTENT';

/**
 * Stable reasons a client can act on (the console translates them); the message says the same in
 * English for logs and scripts.
 */
export type AppErrorReason =
  | 'invalid-input'
  | 'wrong-credentials'
  | 'too-many-attempts'
  | 'busy'
  | 'body-too-large'
  | 'batch-too-large'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'unauthorized'
  | 'internal';

export type ErrorDetailCode = (typeof ERROR_DETAILS)[number];
export interface ErrorDetail {
  code: ErrorDetailCode;
  params?: Record<string, string | number>;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly reason: AppErrorReason | undefined;
  /** The input fields the error is about (`date`, `hall.timeZone`). */
  readonly fields: string[] | undefined;
  /** For TOO_MANY_REQUESTS: when to try again (also sent as Retry-After). */
  readonly retryAfterMs: number | undefined;
  /**
   * What exactly went wrong, as a code the console translates (`password-too-short`), with the figures
   * and names its sentence needs: the English message is for logs and scripts, never shown in the console.
   */
  readonly detail: ErrorDetail | undefined;
  constructor(
    code: AppErrorCode,
    message: string,
    opts: { reason?: AppErrorReason; fields?: string[]; retryAfterMs?: number; detail?: ErrorDetail } = {},
  ) {
    super(message);
    this.code = code;
    this.reason = opts.reason;
    this.fields = opts.fields;
    this.retryAfterMs = opts.retryAfterMs;
    this.detail = opts.detail;
  }
}

/** A coded refusal naming the input field it is about (the console shows the detail's sentence). */
export const refuse = (
  code: ErrorDetailCode,
  field: string,
  params: Record<string, string | number> = {},
  status: 'BAD_REQUEST' | 'NOT_FOUND' | 'CONFLICT' = 'BAD_REQUEST',
) =>
  new AppError(status, `${field}: ${code}`, {
    reason: status === 'BAD_REQUEST' ? 'invalid-input' : status === 'NOT_FOUND' ? 'not-found' : 'conflict',
    fields: [field],
    detail: { code, params },
  });
