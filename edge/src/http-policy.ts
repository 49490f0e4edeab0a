/**
 * What the hub's HTTP server refuses before any handler runs (issue #14, defects 7 and 11): request
 * bodies over a limit (from `Content-Length` before reading anything, and while streaming a body without
 * one), `/metrics` to anyone but loopback unless a bearer token is configured, and the security headers
 * of the in-hall pages (the same policy as the cloud's console: scripts from this origin only, no
 * framing, no sniffing).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const HALL_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

/**
 * What the hub answers for an address it does not have: a page in both languages (each marked with its
 * language) that leads back to the hub's home page, which lists what it serves.
 */
export const NOT_FOUND_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/hall/favicon.svg" type="image/svg+xml"><title>页面不存在</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 10vh auto; padding: 0 16px; color: #10233a">
<h1>页面不存在</h1><p>门店主机没有这个地址。<a href="/">返回门店主机首页</a>，那里列出了叫号屏、评价器和窗口终端。</p>
<div lang="en"><h2>Page not found</h2><p>The hall hub has no such address. <a href="/">Back to the hub's home page</a>, which lists the wall screen, rating pad and counter terminal.</p></div>
</body></html>
`;

/**
 * Answers 413 and closes the connection when the declared body is over `maxBytes`; returns whether it
 * did. A body without a length is counted as it streams by the handler (tRPC's `maxBodySize`); `closeUnread`
 * then makes sure the rest of it is not read either.
 */
export function refuseLargeBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): boolean {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (!(declared > maxBytes)) return false;
  res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
  res.end(JSON.stringify({ error: { message: `request body over ${maxBytes} bytes`, code: 'PAYLOAD_TOO_LARGE' } }));
  res.once('finish', () => req.socket.destroy());
  return true;
}

/**
 * After the response, a request whose body was not read to its end (refused while streaming) closes the
 * connection: Node would otherwise read and discard the rest of it to reach the next request.
 */
export function closeUnread(req: IncomingMessage, res: ServerResponse) {
  // A request without a body (a query) has nothing left unread: its connection stays open for reuse.
  const hasBody =
    (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0') ||
    req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return;
  // Answered before its body was all read (refused by a middleware first): the answer says
  // `Connection: close`, so a keep-alive client does not send its next request on a socket that is
  // about to be dropped ("other side closed", seen under load).
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((...args: unknown[]) => {
    if (!req.complete && !res.headersSent) res.setHeader('connection', 'close');
    return writeHead(...args);
  }) as typeof res.writeHead;
  res.once('finish', () => {
    if (!req.complete) req.socket.destroy();
  });
}

export const isLoopback = (address: string | undefined) =>
  !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

/** `/metrics`: with a token configured, only with `Authorization: Bearer <token>`; without, only from loopback. */
export function metricsAccess(req: IncomingMessage, token: string | undefined): 200 | 401 | 403 {
  if (!token) return isLoopback(req.socket.remoteAddress) ? 200 : 403;
  const header = req.headers.authorization ?? '';
  const given = header.startsWith('Bearer ') ? header.slice(7) : '';
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(token)) ? 200 : 401;
}
