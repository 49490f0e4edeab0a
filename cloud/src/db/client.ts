/**
 * The cloud's database: PostgreSQL through `DATABASE_URL` (postgres-js), or, without it, PGlite (PostgreSQL
 * in WASM) in a data folder: the embedded default that lets `npm start` run with nothing installed. Both
 * run the same committed drizzle migrations (db/migrations, made by drizzle-kit).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
  /**
   * Keeps the planner's statistics fresh where nothing else does: PGlite has no autovacuum, and a
   * plan made without statistics can be a thousand times slower. ANALYZE now and every `everyMs`;
   * PostgreSQL's autovacuum does this itself (no-op there). Stops with `close()`.
   */
  maintain(opts?: { everyMs?: number; onError?: (err: unknown) => void }): void;
}

const MIGRATIONS = resolve(import.meta.dirname, 'migrations');

export async function openDatabase(opts: { url?: string; dataDir: string }): Promise<Database> {
  if (opts.url) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    const client = postgres(opts.url, { max: 10, onnotice: () => {} });
    const db = drizzle(client, { schema });
    await migrate(db, { migrationsFolder: MIGRATIONS });
    return { db: db as unknown as Db, kind: 'postgres', close: () => client.end(), maintain: () => {} };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  mkdirSync(opts.dataDir, { recursive: true });
  const client = new PGlite(opts.dataDir);
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: MIGRATIONS });
  let timer: ReturnType<typeof setInterval> | null = null;
  let analyzing: Promise<unknown> = Promise.resolve();
  let onError: (err: unknown) => void = () => {};
  const analyze = () => {
    analyzing = client.exec('ANALYZE').catch((err: unknown) => onError(err));
  };
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    close: async () => {
      if (timer) clearInterval(timer);
      await analyzing;
      await client.close();
    },
    maintain: (opts = {}) => {
      onError = opts.onError ?? onError;
      analyze();
      timer = setInterval(analyze, opts.everyMs ?? 300_000);
      timer.unref();
    },
  };
}
