// drizzle-kit: `npx drizzle-kit generate --config cloud/drizzle.config.ts` writes a migration for a schema change.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './cloud/src/db/schema.ts',
  out: './cloud/src/db/migrations',
});
