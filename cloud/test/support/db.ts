/** A fresh database per test file in the harness's PostgreSQL, migrated, dropped afterwards. */
import { scratchDatabase } from '@hall/scripts/harness';
import { openDatabase, type Database } from '../../src/db/client.ts';

export async function testDatabase(): Promise<Database & { url: string; drop(): Promise<void> }> {
  const scratch = await scratchDatabase('cloud');
  const database = await openDatabase({ url: scratch.url, dataDir: '' });
  return {
    ...database,
    url: scratch.url,
    async drop() {
      await database.close();
      await scratch.drop();
    },
  };
}
