/** The cloud's one error type: services throw it with a code; trpc.ts maps codes to tRPC errors. */
export type AppErrorCode = 'NOT_FOUND' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'BAD_REQUEST' | 'CONFLICT' | 'UNPROCESSABLE_CONTENT';

export class AppError extends Error {
  readonly code: AppErrorCode;
  constructor(code: AppErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
