/**
 * The contract between the jobs module and the modules that define job types: what a type declares,
 * what a handler gets, and the coded error a handler throws. A handler's effects must be idempotent: a
 * job whose process died mid-run is run again after its lease expires (at-least-once, never two
 * completions: every write of a running job is fenced by its attempt).
 */
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';

export interface JobInfo {
  id: number;
  type: string;
  /** 1 for the first attempt; also the fencing token. */
  attempt: number;
  maxAttempts: number;
  hallId: string | null;
  scheduleId: string | null;
  /** For a scheduled job: the moment it was due (ISO). */
  scheduledFor: string | null;
}

/** What a handler running in the cloud process gets. */
export interface JobContext<P> {
  job: JobInfo;
  payload: P;
  /** Aborted when the job is cancelled, times out, loses its lease or the process stops: stop soon. */
  signal: AbortSignal;
  /** 0..1 and a short note ("12 / 40 halls"); saved at most about once a second. */
  progress(fraction: number, note?: string): void;
  db: Db;
  log: Logger;
  /** The runner's clock (tests inject one). */
  now(): Date;
}

/** What a handler running in a worker thread gets (no database: it computes and returns a result). */
export interface WorkerJobContext {
  job: JobInfo;
  signal: AbortSignal;
  progress(fraction: number, note?: string): void;
}
export type WorkerJobHandler<P = unknown, R = unknown> = (payload: P, ctx: WorkerJobContext) => Promise<R> | R;

export interface JobTypeDefinition<P = unknown> {
  /** `daily-report`, `roster.solve`: letters, digits, `.`, `-`, `_`. */
  type: string;
  /** Checked at enqueue and again before running. */
  payload?: z.ZodType<P>;
  /** Runs in the cloud process. Exactly one of `handler` and `worker`. */
  handler?: (ctx: JobContext<P>) => Promise<unknown>;
  /**
   * Runs in a `worker_threads` Worker: a module (file URL) and the name of an exported
   * `WorkerJobHandler`. A crash of the worker (a WASM `RuntimeError: Aborted()`) fails this job with
   * `worker-crashed`, not the cloud; at the timeout the worker is terminated.
   */
  worker?: { module: URL; export?: string; resourceLimits?: { maxOldGenerationSizeMb?: number } };
  /** For worker jobs: what to do with the worker's result in the cloud process (store it idempotently). */
  afterWorker?: (ctx: JobContext<P>, result: unknown) => Promise<unknown>;
  /** Attempts before the job is dead (default 5). */
  maxAttempts?: number;
  /** Retry delay: base × 2^(attempt−1), capped at max, with jitter (half to all of it). */
  backoff?: { baseMs: number; maxMs: number };
  /** A run longer than this is aborted (a worker is terminated) and fails with `timeout` (default 10 min). */
  timeoutMs?: number;
  /** How long a claim holds without renewal; renewed every third of it (default 30 s). */
  leaseMs?: number;
}

/** The error codes the runner itself writes (the console translates them). */
export const RUNNER_ERROR_CODES = [
  'handler-failed',
  'timeout',
  'worker-crashed',
  'lease-expired',
  'payload-invalid',
  'unknown-type',
  'interrupted',
  'cancelled',
] as const;

/**
 * A handler's failure as a code and a short message that is safe to show (no SQL, stack or secret).
 * `retry: false` sends the job to dead at once (the input can never work).
 */
export class JobError extends Error {
  readonly code: string;
  readonly retry: boolean;
  constructor(code: string, message = '', opts: { retry?: boolean } = {}) {
    super(message);
    this.name = 'JobError';
    this.code = code;
    this.retry = opts.retry ?? true;
  }
}

const SAFE_TEXT = /^[\p{L}\p{N} ()[\].,:;_'"/+#%-]{0,120}$/u;

/** A short message that can be shown: a JobError's message, or an error's name (and a plain, short message). */
export function safeErrorText(err: unknown): string | null {
  if (err instanceof JobError) return err.message.slice(0, 200) || null;
  if (!(err instanceof Error)) return null;
  const message = err.message ?? '';
  return SAFE_TEXT.test(message) && message && !/select|insert|update|delete|password|secret|token/i.test(message)
    ? `${err.name}: ${message}`
    : err.name;
}
