/**
 * The console's link to the cloud: tRPC over the session cookie (httpOnly, set at login), with the CSRF
 * token the cloud set in a readable cookie echoed on every request (the cloud checks it on mutations).
 */
import { createTRPCClient, httpBatchLink, TRPCClientError, type TRPCClient } from '@trpc/client';
import type { AppRouter, CloudInputs, CloudOutputs } from '@hall/cloud';
import { t } from './i18n.ts';

export type Outputs = CloudOutputs;
export type Inputs = CloudInputs;

export function csrfToken(): string {
  const m = /(?:^|;\s*)hall_csrf=([^;]*)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1] as string) : '';
}

export const api: TRPCClient<AppRouter> = createTRPCClient<AppRouter>({
  // The cloud refuses batches of more than CLOUD_MAX_BATCH (16 by default) calls.
  links: [httpBatchLink({ url: '/trpc', maxItems: 8, headers: () => ({ 'x-csrf-token': csrfToken() }) })],
});

/** The cloud says the session is gone (expired, signed out elsewhere). */
export const isUnauthorized = (err: unknown) =>
  err instanceof TRPCClientError && (err.data as { code?: string } | undefined)?.code === 'UNAUTHORIZED';

/** What the cloud says about an error besides its message (cloud/src/error-shape.ts). */
interface CodedError {
  code?: string;
  reason?: string;
  retryAfterSeconds?: number;
  correlationId?: string;
}

/**
 * A message for the user: the cloud's own where it names the fields of a form (invalid input, a rule
 * of the domain), the console's translation where the reason is one the user acts on the same way
 * everywhere (internal error with its reference, too large, too many), or the network failure.
 */
export function errorMessage(err: unknown): string {
  if (err instanceof TRPCClientError) {
    // No answer from the cloud at all (network down, a proxy's error page): not a sentence of the cloud's.
    if (!err.data) return t('common.cloudUnreachable');
    const data = err.data as CodedError;
    if (data.reason === 'internal') return t('error.internal', { ref: data.correlationId ?? '?' });
    if (data.reason === 'body-too-large') return t('error.bodyTooLarge');
    if (data.reason === 'batch-too-large') return t('error.batchTooLarge');
    if (data.reason === 'busy') return t('error.busy');
    if (data.reason === 'too-many-attempts') return t('error.tooMany', { seconds: data.retryAfterSeconds ?? 60 });
    if (data.reason === 'forbidden') return t('error.forbidden');
    if (data.reason === 'not-found') return t('error.notFound');
    return err.message;
  }
  return (err as Error)?.message ?? String(err);
}
