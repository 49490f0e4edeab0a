/**
 * Limits every tRPC request meets before tRPC reads it: calls per batch, and the body's size by the
 * procedures called (ingest batches and hall configs have their own, larger bounds). A refusal is a
 * tRPC-shaped error with a code and a reason, so the console and the hubs read it like any other.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { AppErrorReason } from './errors.ts';

export interface HttpLimits {
  /** Request body bound of every procedure without its own (CLOUD_MAX_BODY_BYTES). */
  maxBodyBytes: number;
  /** `ingest.push`: a hub's batch of journal events (CLOUD_MAX_INGEST_BODY_BYTES). */
  maxIngestBodyBytes: number;
  /** `halls.putConfig`: a hall's whole config document (CLOUD_MAX_CONFIG_BODY_BYTES). */
  maxConfigBodyBytes: number;
  /** Calls in one batch request (CLOUD_MAX_BATCH). */
  maxBatch: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  maxBodyBytes: 64 * 1_024,
  maxIngestBodyBytes: 4 * 1_024 * 1_024,
  maxConfigBodyBytes: 1_024 * 1_024,
  maxBatch: 16,
};

/** The procedures a request to `/trpc/a.b` or `/trpc/a.b,c.d?batch=1` calls. */
export function proceduresOf(url: string): string[] {
  const path = new URL(url, 'http://cloud').pathname.replace(/^\/trpc\/?/, '').replace(/\/$/, '');
  return path === '' ? [] : path.split(',');
}

/** The body bound of a request: the largest bound among the procedures it calls. */
export function bodyLimitOf(procedures: readonly string[], limits: HttpLimits): number {
  let limit = limits.maxBodyBytes;
  for (const p of procedures) {
    if (p === 'ingest.push') limit = Math.max(limit, limits.maxIngestBodyBytes);
    if (p === 'halls.putConfig') limit = Math.max(limit, limits.maxConfigBodyBytes);
  }
  return limit;
}

export type Refusal = {
  status: 400 | 413;
  code: 'BAD_REQUEST' | 'PAYLOAD_TOO_LARGE';
  reason: AppErrorReason;
  message: string;
};

/** Too many calls in one batch: refused before anything is read or run. */
export function batchRefusal(procedures: readonly string[], limits: HttpLimits): Refusal | null {
  if (procedures.length <= limits.maxBatch) return null;
  return {
    status: 400,
    code: 'BAD_REQUEST',
    reason: 'batch-too-large',
    message: `a batch may hold at most ${limits.maxBatch} calls; this one has ${procedures.length}`,
  };
}

/** A declared Content-Length over the bound: refused before a byte of the body is read. */
export function lengthRefusal(req: IncomingMessage, bodyLimit: number): Refusal | null {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (!(declared > bodyLimit)) return null;
  return {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    reason: 'body-too-large',
    message: `request body too large: at most ${bodyLimit} bytes here`,
  };
}

/** After an answer to a request whose body was not read to the end: how much more to take, and how long. */
const LINGER = { bytes: 1_024 * 1_024, ms: 2_000 };

/**
 * A body that is not read to its end (refused on its length, cut off by tRPC's reader at the bound
 * while streaming, or left unread because the caller was refused first) is not read to its end
 * afterwards either: once the answer is out, the connection is half-closed, and what still arrives is
 * taken and dropped only up to LINGER before the socket is destroyed. (Destroying it at once would let
 * the kernel answer the client's next bytes with a reset, which can wipe out the answer unread: the
 * "lingering close" of HTTP servers.)
 */
export function closeUnreadBodies(req: IncomingMessage, res: ServerResponse, lingerBytes = LINGER.bytes) {
  res.once('finish', () => {
    if (req.complete) return;
    const socket = req.socket;
    let dropped = 0;
    const timer = setTimeout(() => socket.destroy(), LINGER.ms).unref();
    socket.once('close', () => clearTimeout(timer));
    req.on('data', (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > lingerBytes) socket.destroy();
    });
    req.resume();
    socket.end();
  });
}

/** Answers a refusal as tRPC would, without reading the body (see closeUnreadBodies). */
export function refuse(req: IncomingMessage, res: ServerResponse, r: Refusal) {
  const body = JSON.stringify({
    error: {
      code: TRPC_ERROR_CODES_BY_KEY[r.code],
      message: r.message,
      data: { code: r.code, httpStatus: r.status, reason: r.reason },
    },
  });
  closeUnreadBodies(req, res);
  res.writeHead(r.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
