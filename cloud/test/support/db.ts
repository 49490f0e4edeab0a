/** A fresh database per test file in the harness's PostgreSQL, migrated, dropped afterwards. */
import { randomBytes } from 'node:crypto';
import { testServices } from '@hall/scripts/harness';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../src/db/client.ts';

export async function testDatabase(): Promise<Database & { url: string; drop(): Promise<void> }> {
  const { postgres: pg } = testServices();
  const name = `cloud_${randomBytes(6).toString('hex')}`;
  const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = pg.url.replace(/\/[^/]+$/, `/${name}`);
  const database = await openDatabase({ url, dataDir: '' });
  return {
    ...database,
    url,
    async drop() {
      await database.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
