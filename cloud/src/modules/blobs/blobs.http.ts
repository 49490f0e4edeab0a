/**
 * `PUT /blobs/<sha256>` and `GET /blobs/<sha256>` (raw bytes, outside tRPC: a photo is up to
 * MAX_BLOB_BYTES of binary, which JSON would inflate by a third).
 *
 * PUT, in this order, each step before anything costlier: a name that is not a SHA-256 → 400; over
 * the caller's rate → 429 with Retry-After; a declared Content-Length over MAX_BLOB_BYTES → 413 without
 * reading the body; authentication — a hub by its token exactly as `ingest.push` (the secret gate:
 * backoff, off-loop scrypt), or a console session with its CSRF token and `performance` edit on the hall
 * named by `?hall=` (or `inventory` edit: a photo of damaged goods) — or, with `?scope=catalogue`,
 * `inventory` edit at the root (a catalogue item's photo), with `?scope=training`, `training` edit
 * somewhere (a training file: a PDF up to MAX_DOCUMENT_BYTES, read in at most 2 slots of their own) →
 * 401/403, before the body is read; the body read while counting, cut off at
 * MAX_BLOB_BYTES (413, the rest never read); then blobs.service.ts checks type and hash. 201 when
 * stored, 200 when it was there already (the hub's retry after a lost answer).
 * GET: a session (or the hub of the blob's hall); answered with the sniffed type, `Cache-Control:
 * private`, `nosniff` and a sandboxing CSP, so a blob can never run as a page of the console's origin.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TRPCError } from '@trpc/server';
import type { SecretGate } from '@hall/devices/secrets';
import type { Logger } from 'pino';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { RateWindow } from '../../rate-window.ts';
import { closeUnreadBodies } from '../../http-limits.ts';
import { originOf, type TrustedProxies } from '../../request-origin.ts';
import { authenticateHub, cookiesOf } from '../../trpc.ts';
import { sessionUser } from '../access/access.service.ts';
import { MAX_BLOB_BYTES, MAX_DOCUMENT_BYTES, type BlobStore } from './blob-store.ts';
import { checkBlobName, mayShare, mayStoreFor, readBlob, storeBlob, type BlobCaller } from './blobs.service.ts';
import type { BlobShare } from './blobs.table.ts';

export interface BlobRoutesOptions {
  db: Db;
  store: BlobStore;
  hubTokens: SecretGate;
  proxies: TrustedProxies;
  /** Answers an error in the shape of every other answer of the cloud (server.ts). */
  answerError: (res: ServerResponse, err: unknown) => void;
  log: Logger;
  /** Requests per minute per caller (address for the first check, then hub or user): PUTs and GETs. */
  rates?: { putPerMinute: number; getPerMinute: number };
  /** Uploads read at once (default MAX_PUTS_IN_FLIGHT); beyond it, 429 "try again in 1 s". */
  maxInFlight?: number;
  /** Training documents read at once (default MAX_LARGE_PUTS_IN_FLIGHT). */
  maxLargeInFlight?: number;
  /** For tests: the largest body (default MAX_BLOB_BYTES), and of a training document (MAX_DOCUMENT_BYTES). */
  maxBytes?: number;
  maxDocumentBytes?: number;
}

const tooMany = (seconds: number) =>
  new AppError('TOO_MANY_REQUESTS', `too many blob requests; try again in ${seconds} s`, {
    reason: 'too-many-attempts',
    retryAfterMs: seconds * 1_000,
  });

const asTrpc = (err: unknown) =>
  err instanceof AppError ? new TRPCError({ code: err.code, message: err.message, cause: err }) : err;

/** Reads a body up to `max` bytes; null (and stops reading) when it is longer. */
function readBounded(req: IncomingMessage, max: number): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (v: Uint8Array | null) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      resolve(v);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.pause();
        return finish(null);
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => finish(new Uint8Array(Buffer.concat(chunks, size))));
    req.once('error', (e) => (done ? undefined : ((done = true), reject(e))));
    // A sender gone before the end (no 'end' comes): the upload's slot must not stay taken.
    req.once('close', () => (done ? undefined : ((done = true), reject(new Error('upload aborted')))));
  });
}

/** Uploads held in memory at once per process: at most this × MAX_BLOB_BYTES of bodies. */
export const MAX_PUTS_IN_FLIGHT = 16;
/** Training documents held at once per process, besides: at most this × MAX_DOCUMENT_BYTES. */
export const MAX_LARGE_PUTS_IN_FLIGHT = 2;

export function blobRoutes(opts: BlobRoutesOptions) {
  const max = opts.maxBytes ?? MAX_BLOB_BYTES;
  const maxDocument = opts.maxDocumentBytes ?? MAX_DOCUMENT_BYTES;
  const maxInFlight = opts.maxInFlight ?? MAX_PUTS_IN_FLIGHT;
  const maxLargeInFlight = opts.maxLargeInFlight ?? MAX_LARGE_PUTS_IN_FLIGHT;
  let inFlight = 0;
  let largeInFlight = 0;
  const rates = opts.rates ?? { putPerMinute: 240, getPerMinute: 600 };
  const putRate = new RateWindow(rates.putPerMinute);
  const getRate = new RateWindow(rates.getPerMinute);

  async function caller(req: IncomingMessage, res: ServerResponse, source: string | null): Promise<BlobCaller> {
    const authorization = req.headers.authorization ?? null;
    if (authorization?.startsWith('Bearer ')) {
      const hub = await authenticateHub({
        db: opts.db,
        hubTokens: opts.hubTokens,
        source,
        authorization,
        setHeader: (k, v) => res.setHeader(k, v),
      });
      return { kind: 'hub', hubId: hub.id, hallId: hub.hallId };
    }
    const token = cookiesOf(req).hall_session;
    const user = token ? await sessionUser(opts.db, token) : null;
    if (!user) throw new AppError('UNAUTHORIZED', 'sign in first, or send a hub token', { reason: 'unauthorized' });
    return { kind: 'user', user };
  }

  async function put(req: IncomingMessage, res: ServerResponse, sha256: string, url: URL) {
    // A photo's sender writes fast (a hub on the LAN): after an early answer (413 at the bound, 429, 401)
    // it may push a few socket buffers more before it reads it. Drop up to 8 MB of them (still for at most
    // LINGER's 2 s) rather than reset the connection with the answer unread.
    closeUnreadBodies(req, res, 4 * MAX_BLOB_BYTES);
    checkBlobName(sha256);
    const source = originOf(req, opts.proxies).source;
    const wait = putRate.take(`address:${source ?? 'local'}`);
    if (wait) throw tooMany(wait);
    // What the blob is for, from the address alone (before anything costlier): a catalogue photo or a
    // training file is shared with the organisation; anything else is a hall's.
    const scope = url.searchParams.get('scope');
    const share: BlobShare | null = scope === 'catalogue' || scope === 'training' ? scope : null;
    const limit = share === 'training' ? maxDocument : max;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit)
      throw new AppError('PAYLOAD_TOO_LARGE', `body: over ${limit} bytes`, {
        reason: 'body-too-large',
        detail: { code: 'blob-too-large', params: { max: limit } },
      });
    const who = await caller(req, res, source);
    let hallId: string | null;
    let storedBy: string;
    let userId: string | null = null;
    if (who.kind === 'hub') {
      if (share) throw new AppError('FORBIDDEN', 'a hub stores its hall’s blobs only', { reason: 'forbidden' });
      hallId = who.hallId;
      storedBy = `hub:${who.hubId}`;
    } else {
      if (req.headers['x-csrf-token'] !== who.user.csrfToken)
        throw new AppError('FORBIDDEN', 'x-csrf-token header missing or wrong', { reason: 'forbidden' });
      const hall = url.searchParams.get('hall') ?? '';
      if (share) {
        if (!(await mayShare(opts.db, who.user, share)))
          throw new AppError(
            'FORBIDDEN',
            share === 'catalogue'
              ? 'needs inventory edit at the root for a catalogue photo'
              : 'needs library edit for a training file',
            { reason: 'forbidden' },
          );
        hallId = null;
      } else if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(hall))
        throw new AppError('BAD_REQUEST', 'hall: name the hall the blob is for (?hall=)', {
          reason: 'invalid-input',
          fields: ['hall'],
          detail: { code: 'blob-hall-required' },
        });
      else if (!(await mayStoreFor(opts.db, who.user, hall)))
        throw new AppError('FORBIDDEN', 'needs edit on performance or inventory for this hall', {
          reason: 'forbidden',
        });
      else hallId = hall;
      storedBy = `user:${who.user.id}`;
      userId = who.user.id;
    }
    const idWait = putRate.take(storedBy);
    if (idWait) throw tooMany(idWait);
    // Documents (up to 30 MB each) have slots of their own, so a few of them cannot take the memory of many photos.
    const large = share === 'training';
    if (large ? largeInFlight >= maxLargeInFlight : inFlight >= maxInFlight) throw tooMany(1);
    if (large) largeInFlight += 1;
    else inFlight += 1;
    try {
      await receive(req, res, { sha256, storedBy, hallId, userId, share, limit });
    } finally {
      if (large) largeInFlight -= 1;
      else inFlight -= 1;
    }
  }

  async function receive(
    req: IncomingMessage,
    res: ServerResponse,
    b: {
      sha256: string;
      storedBy: string;
      hallId: string | null;
      userId: string | null;
      share: BlobShare | null;
      limit: number;
    },
  ) {
    const { sha256, storedBy, hallId, userId, share, limit } = b;
    const bytes = await readBounded(req, limit);
    if (!bytes) {
      // Answer at once, then let the sender see it: the rest is read and dropped (nothing kept) for a
      // moment before the connection closes — closing on a sender still writing resets the connection,
      // and a reset can throw the 413 away before the sender reads it.
      res.setHeader('connection', 'close');
      req.resume();
      res.once('finish', () => setTimeout(() => req.destroy(), 1_000).unref());
      throw new AppError('PAYLOAD_TOO_LARGE', `body: over ${limit} bytes`, {
        reason: 'body-too-large',
        detail: { code: 'blob-too-large', params: { max: limit } },
      });
    }
    const stored = await storeBlob(opts.db, opts.store, {
      sha256,
      bytes,
      storedBy,
      hallId,
      userId,
      ...(share ? { share } : {}),
    });
    const body = JSON.stringify({ sha256, contentType: stored.contentType, bytes: stored.bytes });
    res.writeHead(stored.created ? 201 : 200, { 'content-type': 'application/json' });
    res.end(body);
  }

  async function get(req: IncomingMessage, res: ServerResponse, sha256: string) {
    checkBlobName(sha256);
    const source = originOf(req, opts.proxies).source;
    const wait = getRate.take(`address:${source ?? 'local'}`);
    if (wait) throw tooMany(wait);
    const who = await caller(req, res, source);
    const blob = await readBlob(opts.db, opts.store, sha256, who);
    res.writeHead(200, {
      'content-type': blob.contentType,
      'content-length': blob.bytes.byteLength,
      'cache-control': 'private, max-age=86400, immutable',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "sandbox; default-src 'none'",
      'cross-origin-resource-policy': 'same-origin',
    });
    res.end(req.method === 'HEAD' ? undefined : blob.bytes);
  }

  /** Handles `/blobs/…`; returns false for any other path. */
  return function handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://cloud');
    const m = /^\/blobs\/([^/]*)$/.exec(url.pathname);
    if (!m) return false;
    const sha256 = m[1] as string;
    const run =
      req.method === 'PUT'
        ? put(req, res, sha256, url)
        : req.method === 'GET' || req.method === 'HEAD'
          ? get(req, res, sha256)
          : Promise.reject(new AppError('BAD_REQUEST', 'method: PUT or GET', { reason: 'invalid-input' }));
    run.catch((err: unknown) => {
      if (!(err instanceof AppError) && !(err instanceof TRPCError))
        opts.log.error({ err, path: url.pathname.slice(0, 80) }, 'blob request failed');
      if (res.headersSent) return void res.destroy();
      if (err instanceof AppError && err.retryAfterMs !== undefined)
        res.setHeader('retry-after', String(Math.max(1, Math.ceil(err.retryAfterMs / 1_000))));
      opts.answerError(res, asTrpc(err));
    });
    return true;
  };
}
