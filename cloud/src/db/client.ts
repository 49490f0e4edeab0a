/**
 * The cloud's database: PostgreSQL through `DATABASE_URL` (postgres-js), or, without it, PGlite (PostgreSQL
 * in WASM) in a data folder: the embedded default that lets `npm start` run with nothing installed. Both
 * run the same committed drizzle migrations (db/migrations, made by drizzle-kit).
 */
import { resolve } from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { makePrivate } from '@hall/devices/private-files';
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
/** The advisory lock key migrations are run under (any fixed 64-bit number; 'hallmigr' in ASCII). */
const MIGRATION_LOCK = '7521488245401925490';

export async function openDatabase(opts: { url?: string; dataDir: string }): Promise<Database> {
  if (opts.url) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    const client = postgres(opts.url, { max: 10, onnotice: () => {} });
    const db = drizzle(client, { schema });
    // Several cloud processes starting together on one PostgreSQL would each run the migrations, and
    // drizzle's migrator takes no lock (two at once failed creating its own table): a session-level
    // advisory lock, held on a connection of its own, lets one migrate while the others wait.
    const lock = postgres(opts.url, { max: 1, onnotice: () => {} });
    try {
      await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
      await migrate(db, { migrationsFolder: MIGRATIONS });
    } finally {
      await lock.end();
    }
    return { db: db as unknown as Db, kind: 'postgres', close: () => client.end(), maintain: () => {} };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  // The database holds password hashes and sessions: its folder is private (0700, files 0600), fixed at
  // every start if it is not. PGlite (emscripten's NODEFS) writes its files 0666 whatever the umask: the
  // private folder is what keeps others out; its files are closed again after opening and at close.
  const fixed = makePrivate(opts.dataDir);
  if (fixed.length)
    process.emitWarning(
      `${opts.dataDir} was readable by others: made private (folders 0700, files 0600; ${fixed.length} fixed)`,
      { code: 'HALL_DATA_DIR_MODE' },
    );
  const client = new PGlite(opts.dataDir);
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: MIGRATIONS });
  makePrivate(opts.dataDir);
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
      makePrivate(opts.dataDir);
    },
    maintain: (opts = {}) => {
      onError = opts.onError ?? onError;
      analyze();
      timer = setInterval(analyze, opts.everyMs ?? 300_000);
      timer.unref();
    },
  };
}
