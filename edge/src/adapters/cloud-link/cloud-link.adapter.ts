/**
 * The hub's link to the cloud: a tRPC client (the cloud's router type only, no cloud code) that pushes
 * journal batches and checks the link's health, each call bounded by a timeout so a dead cloud is
 * noticed within seconds instead of hanging a request.
 */
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@hall/cloud';

export interface CloudBatchEvent {
  seq: number;
  type: string;
  at: number;
  body: Record<string, unknown>;
  historical: boolean;
}

export interface CloudPoll {
  acks: Array<{ alarmId: string; by: string | null }>;
  /** Counters a manager released in the console (absent from a cloud that predates it). */
  releases?: Array<{ counterId: string; by: string | null }>;
}

export interface CloudLink {
  push(batch: CloudBatchEvent[]): Promise<{ ackedThrough: number }>;
  /**
   * The hub's poll (authenticated, so the cloud also learns the hub is alive): acknowledgements of this
   * hall's alarms and releases of its counters made in the console. Null when the cloud cannot be reached.
   */
  poll(): Promise<CloudPoll | null>;
  /** The hall's config document if the cloud has a version newer than `sinceVersion`. */
  config(sinceVersion: number): Promise<{ version: number; unchanged: true } | { version: number; unchanged: false; document: Record<string, unknown> }>;
}

/** The cloud understood the request and refused its content (not: unreachable, overloaded, down). */
export function isCloudRefusal(err: unknown): boolean {
  if (!(err instanceof TRPCClientError)) return false;
  const code = (err.data as { code?: string } | undefined)?.code;
  return code === 'BAD_REQUEST' || code === 'PARSE_ERROR' || code === 'PAYLOAD_TOO_LARGE' || code === 'UNPROCESSABLE_CONTENT';
}

export function createCloudLink(opts: { url: string; hubId: string; token: string; timeoutMs?: number }): CloudLink {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const client = (ms: number) =>
    createTRPCClient<AppRouter>({
      links: [
        httpLink({
          url: `${opts.url.replace(/\/$/, '')}/trpc`,
          headers: { authorization: `Bearer ${opts.hubId}:${opts.token}` },
          fetch: (input, init) => fetch(input, { ...(init as RequestInit), signal: AbortSignal.timeout(ms) }),
        }),
      ],
    });
  const pushing = client(timeoutMs);
  const checking = client(Math.min(timeoutMs, 3_000));
  return {
    push: (batch) => pushing.ingest.push.mutate({ hubId: opts.hubId, batch }),
    config: (sinceVersion) => checking.hub.config.query({ sinceVersion }),
    poll: () => checking.hub.poll.query().catch(() => null),
  };
}
