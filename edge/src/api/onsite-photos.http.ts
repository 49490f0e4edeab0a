/**
 * `POST /onsite/photos`: a photo (or a signature) from the on-site page, raw bytes, with the page's
 * on-site session as a bearer token. Answers `{ sha256 }` — the name the form then gives it. Outside tRPC
 * because a photo (up to 2 MB, downscaled in the page to ≤ 1600 px JPEG) is far over the API's body
 * bound and binary. Bounded: a declared length over the bound is refused before reading, a streamed
 * body is cut off at it, and at most a few uploads are read at once (each holds up to 2 MB in memory).
 * Refusals are JSON with a code the page translates (`onsite-photo-quota`, …).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_IMAGE_BYTES } from '@hall/devices/images';
import { PhotoRefused, type PhotoStore } from '../features/onsite/photo-store.ts';
import type { Session } from './sessions.ts';

const MAX_AT_ONCE = 4;

export function onsitePhotoRoute(opts: { photos: PhotoStore; session: (token: string | null) => Session | null }) {
  let reading = 0;
  const answer = (res: ServerResponse, status: number, body: Record<string, unknown>) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const refuse = (req: IncomingMessage, res: ServerResponse, status: number, code: string) => {
    // A body not read to its end closes the connection after the answer (never read the rest).
    if (!req.complete) res.setHeader('connection', 'close');
    res.once('finish', () => {
      if (!req.complete) req.socket.destroy();
    });
    answer(res, status, { error: { code } });
  };
  return function handle(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'POST') return refuse(req, res, 405, 'method-not-allowed');
    const header = req.headers.authorization;
    const session = opts.session(header?.startsWith('Bearer ') ? header.slice(7) : null);
    if (session?.kind !== 'onsite') return refuse(req, res, 401, 'onsite-signed-out');
    if (Number(req.headers['content-length'] ?? 0) > MAX_IMAGE_BYTES)
      return refuse(req, res, 413, 'onsite-photo-too-large');
    if (reading >= MAX_AT_ONCE) {
      res.setHeader('retry-after', '1');
      return refuse(req, res, 429, 'onsite-busy');
    }
    reading += 1;
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = () => {
      if (done) return false;
      done = true;
      reading -= 1;
      return true;
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > MAX_IMAGE_BYTES) {
        finish();
        req.pause();
        return refuse(req, res, 413, 'onsite-photo-too-large');
      }
      chunks.push(chunk);
    });
    req.once('error', () => finish());
    req.once('end', () => {
      if (!finish()) return;
      opts.photos.put(new Uint8Array(Buffer.concat(chunks, size))).then(
        ({ sha256, created }) => answer(res, created ? 201 : 200, { sha256 }),
        (err: unknown) =>
          err instanceof PhotoRefused
            ? answer(res, err.code === 'onsite-photo-quota' ? 507 : err.code === 'onsite-photo-too-large' ? 413 : 422, {
                error: { code: err.code },
              })
            : answer(res, 500, { error: { code: 'internal' } }),
      );
    });
  };
}
