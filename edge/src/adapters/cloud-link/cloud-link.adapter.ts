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

/** The cloud's answer to a push: what it holds, and the rows it will never take (field named). */
export interface CloudPushResult {
  ackedThrough: number;
  refused: Array<{ seq: number; code: string; field: string; message: string }>;
}

/** What the hub tells the cloud of its outbox at each poll (the console shows a stuck upload). */
export interface OutboxReport {
  rows: number;
  oldestAt: number | null;
  deadLetters: number;
  lastError: string | null;
}

export interface CloudLink {
  /** Pushes rows of the journal `epoch` (its instance id). */
  push(epoch: string, batch: CloudBatchEvent[]): Promise<CloudPushResult>;
  /**
   * The hub's poll (authenticated, so the cloud also learns the hub is alive, and how its outbox is):
   * acknowledgements of this hall's alarms and releases of its counters made in the console. Null when
   * the cloud cannot be reached.
   */
  poll(outbox: OutboxReport): Promise<CloudPoll | null>;
  /** The hall's config document if the cloud has a version newer than `sinceVersion`. */
  /**
   * `PUT <cloud>/blobs/<sha256>` with the hub's token: `stored` (201, or 200 when the cloud had it),
   * `refused` when the cloud will never take these bytes (400/413/422); throws when it is away, busy or
   * refuses the token (try again later).
   */
  putBlob(sha256: string, bytes: Uint8Array): Promise<'stored' | 'refused'>;
  config(
    sinceVersion: number,
  ): Promise<
    { version: number; unchanged: true } | { version: number; unchanged: false; document: Record<string, unknown> }
  >;
}

/** The cloud understood the request and refused its content (not: unreachable, overloaded, down). */
export function isCloudRefusal(err: unknown): boolean {
  if (!(err instanceof TRPCClientError)) return false;
  const code = (err.data as { code?: string } | undefined)?.code;
  return (
    code === 'BAD_REQUEST' || code === 'PARSE_ERROR' || code === 'PAYLOAD_TOO_LARGE' || code === 'UNPROCESSABLE_CONTENT'
  );
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
  const blobUrl = (sha256: string) => `${opts.url.replace(/\/$/, '')}/blobs/${sha256}`;
  return {
    async putBlob(sha256, bytes) {
      const res = await fetch(blobUrl(sha256), {
        method: 'PUT',
        headers: { authorization: `Bearer ${opts.hubId}:${opts.token}`, 'content-type': 'application/octet-stream' },
        body: bytes,
        signal: AbortSignal.timeout(Math.max(timeoutMs, 30_000)),
      });
      await res.body?.cancel();
      if (res.status === 200 || res.status === 201) return 'stored';
      if (res.status === 400 || res.status === 413 || res.status === 422) return 'refused';
      throw new Error(`blob upload answered ${res.status}`);
    },
    push: (epoch, batch) => pushing.ingest.push.mutate({ hubId: opts.hubId, epoch, batch }),
    config: (sinceVersion) => checking.hub.config.query({ sinceVersion }),
    poll: (outbox) => checking.hub.poll.query({ outbox }).catch(() => null),
  };
}
