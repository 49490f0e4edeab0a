/** The cloud's environment, parsed once. */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const cloudEnvSchema = z.object({
  /** PostgreSQL; without it the cloud runs on PGlite in CLOUD_DATA_DIR. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, { error: 'must be a postgres:// URL' }).optional(),
  CLOUD_DATA_DIR: z.string().default('.data/cloud'),
  CLOUD_HOST: z.string().default('0.0.0.0'),
  CLOUD_PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  /** The built console (`npm run console:build`), served at `/`. */
  CLOUD_CONSOLE_DIR: z.string().default(fileURLToPath(new URL('../../console/dist/app', import.meta.url))),
  /** Single sign-on (OpenID Connect): the provider, this cloud as its client, and the callback URL. */
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_URI: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type CloudEnv = z.infer<typeof cloudEnvSchema>;
