/**
 * The console's link to the cloud: tRPC over the session cookie (httpOnly, set at login), with the CSRF
 * token the cloud set in a readable cookie echoed on every request (the cloud checks it on mutations).
 */
import { createTRPCClient, httpBatchLink, TRPCClientError, type TRPCClient } from '@trpc/client';
import type { AppRouter, CloudInputs, CloudOutputs } from '@hall/cloud';

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
export const isUnauthorized = (err: unknown) => err instanceof TRPCClientError && (err.data as { code?: string } | undefined)?.code === 'UNAUTHORIZED';

/** A message for the user: the cloud's own (it names the field), or the network failure. */
export function errorMessage(err: unknown): string {
  if (err instanceof TRPCClientError) {
    // zod errors come as a JSON list of issues: show "field: message" for each.
    try {
      const issues = JSON.parse(err.message) as Array<{ path: Array<string | number>; message: string }>;
      if (Array.isArray(issues)) return issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    } catch {
      // not JSON: a plain message
    }
    return err.message;
  }
  return (err as Error)?.message ?? String(err);
}
