/** The cloud's environment, parsed once. */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_HTTP_LIMITS } from './http-limits.ts';
import { isAddressOrBlock } from './request-origin.ts';

export const cloudEnvSchema = z.object({
  /** PostgreSQL; without it the cloud runs on PGlite in CLOUD_DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: 'must be a postgres:// URL' })
    .optional(),
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
  /**
   * Proxies (addresses or CIDR blocks, comma-separated) whose X-Forwarded-For and X-Forwarded-Proto
   * are believed. Without it, the socket's peer is the client and only a TLS socket counts as HTTPS.
   */
  CLOUD_TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .refine((list) => list.every(isAddressOrBlock), { error: 'a comma-separated list of IP addresses or CIDR blocks' }),
  /** `auto`: cookies are Secure when the request came over HTTPS (directly or via a trusted proxy); `always`: every cookie. */
  CLOUD_SECURE_COOKIES: z.enum(['auto', 'always']).default('auto'),
  /** Request bodies: the default bound, and the larger ones of `ingest.push` and `halls.putConfig`. */
  CLOUD_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).default(DEFAULT_HTTP_LIMITS.maxBodyBytes),
  CLOUD_MAX_INGEST_BODY_BYTES: z.coerce.number().int().min(1_024).default(DEFAULT_HTTP_LIMITS.maxIngestBodyBytes),
  CLOUD_MAX_CONFIG_BODY_BYTES: z.coerce.number().int().min(1_024).default(DEFAULT_HTTP_LIMITS.maxConfigBodyBytes),
  /** Calls in one tRPC batch request. */
  CLOUD_MAX_BATCH: z.coerce.number().int().min(1).max(100).default(DEFAULT_HTTP_LIMITS.maxBatch),
  /** Background jobs: `off` makes this process an API replica that runs none (others still do). */
  CLOUD_JOBS: z.enum(['on', 'off']).default('on'),
  /** How often an idle process looks for due jobs (an enqueue in the same process wakes it at once). */
  CLOUD_JOBS_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /** Jobs this process runs at once, and of those in worker threads (CPU-heavy: about one per core). */
  CLOUD_JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  CLOUD_JOBS_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** Done and cancelled jobs are deleted after this many days (the nightly `jobs.purge`). */
  CLOUD_JOBS_KEEP_DAYS: z.coerce.number().int().min(1).max(3_650).default(14),
  /** TEST ONLY: `1` registers the test job types (test-job.types.ts) that the end-to-end tests drive. */
  CLOUD_TEST_JOBS: z.enum(['0', '1']).default('0'),
  /** The notification dispatcher in this process (`off` for a process that only serves the API). */
  CLOUD_NOTIFY: z.enum(['on', 'off']).default('on'),
  /** How often an idle dispatcher looks for alarm events and due messages. */
  CLOUD_NOTIFY_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(250),
  /**
   * Blobs (on-site photos): in CLOUD_DATA_DIR/blobs unless an S3-compatible store is named here (every
   * BLOB_S3_* but the prefix then required; path-style addresses, so MinIO and the clouds' S3 modes work).
   */
  BLOB_S3_ENDPOINT: z.url().optional(),
  BLOB_S3_BUCKET: z.string().min(3).max(63).optional(),
  BLOB_S3_REGION: z.string().min(1).max(64).default('us-east-1'),
  BLOB_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  BLOB_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  BLOB_S3_PREFIX: z
    .string()
    .regex(/^([A-Za-z0-9_-]+\/)*$/, { error: 'folders ending with /, e.g. blobs/' })
    .default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type CloudEnv = z.infer<typeof cloudEnvSchema>;
