/** The cloud's HTTP server: tRPC at /trpc, /health. */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { Logger } from 'pino';
import { appRouter } from './app.router.ts';
import type { Db } from './db/client.ts';
import { VerifiedSecrets } from './secrets.ts';
import { contextFor } from './trpc.ts';

export interface CloudServer {
  port: number;
  stop(): Promise<void>;
}

export async function startCloudServer(opts: { db: Db; log: Logger; host: string; port: number }): Promise<CloudServer> {
  const hubTokens = new VerifiedSecrets();
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    createContext: ({ req, res }) => contextFor(opts.db, hubTokens, req, res),
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') opts.log.error({ err: error, path }, 'request failed');
    },
  });
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/trpc/')) return trpc(req, res);
    if (req.url === '/health') {
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ status: 'ok' }));
    }
    res.statusCode = 404;
    res.end('not found');
  });
  server.listen(opts.port, opts.host);
  await once(server, 'listening');
  return {
    port: (server.address() as { port: number }).port,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
