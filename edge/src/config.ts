/**
 * The hub's configuration: parsed once at start from the environment and the hall config file
 * (`HUB_CONFIG`, YAML or JSON), validated with errors that name the field, and passed down. Nothing else
 * reads `process.env`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { hallConfigSchema, type HallConfig } from '@hall/devices';

export {
  hallConfigSchema,
  type CounterConfig,
  type DeviceConfig,
  type HallConfig,
  type ServiceConfig,
} from '@hall/devices';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);

export const envSchema = z.object({
  /** The hall config file; optional when the hub takes its config from the cloud (HUB_CLOUD_URL). */
  HUB_CONFIG: z.string().min(1).optional(),
  HUB_DATA_DIR: z.string().default('.data/edge'),
  /** The built in-hall pages (wall screen, …), served under /hall/; `npm run console:build` makes them. */
  HUB_PAGES_DIR: z.string().default(fileURLToPath(new URL('../../console/dist/hall', import.meta.url))),
  HUB_HOST: z.string().default('0.0.0.0'),
  HUB_MQTT_PORT: port(1883),
  HUB_HTTP_PORT: port(8080),
  HUB_MQTTS_PORT: port(8883),
  /**
   * MQTT limits (issue #14): the largest packet (well above the contract's payload limit, so that a
   * payload somewhat too large is refused and counted by the contract, and a huge one cuts the
   * connection at its header), the time to send CONNECT, the connections at once.
   */
  HUB_MQTT_MAX_PACKET_BYTES: z.coerce.number().int().min(1_024).default(262_144),
  HUB_MQTT_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  HUB_MQTT_MAX_CONNECTIONS: z.coerce.number().int().min(1).default(1_000),
  /** What a connection may send before it is authenticated, and all such connections together. */
  HUB_MQTT_PREAUTH_BYTES: z.coerce.number().int().min(256).default(16_384),
  HUB_MQTT_PREAUTH_TOTAL_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(4 * 1024 * 1024),
  /**
   * Secret checks (device secrets, tokens, PINs: scrypt, ~40 ms on libuv's thread pool) started per second
   * and at once, all sources together; beyond them a check waits in a queue (HUB_AUTH_MAX_QUEUED) or is
   * refused as busy without computing anything. Low on purpose: under a flood the hall's own traffic
   * keeps its CPU (bench:auth-flood: 8/s put the ticket round trip p99 at 5.6× its unloaded value, 4/s at
   * 1×). Only a device's first login after a hub start costs a check (then an HMAC is remembered), so a
   * hall of 100 devices is back within ~25 s of a restart.
   */
  HUB_AUTH_PER_SECOND: z.coerce.number().int().min(1).default(4),
  HUB_AUTH_MAX_PENDING: z.coerce.number().int().min(1).default(1),
  /** Checks that wait their turn (a burst of devices reconnecting) before the rest are refused as busy. */
  HUB_AUTH_MAX_QUEUED: z.coerce.number().int().min(0).default(64),
  /** The largest request body the hub's HTTP API reads (its inputs are a few hundred bytes). */
  HUB_HTTP_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).default(65_536),
  /** Bearer token for `/metrics`; without it, `/metrics` answers loopback only. */
  HUB_METRICS_TOKEN: z.string().min(16).optional(),
  HUB_TLS_CERT: z.string().optional(),
  HUB_TLS_KEY: z.string().optional(),
  /** The cloud: where the outbox goes, as this hub (id and token from the cloud's add-hub). */
  HUB_CLOUD_URL: z.url().optional(),
  HUB_ID: z.string().min(1).max(64).optional(),
  /** How often the hub asks the cloud for a newer hall config (alert rules apply on arrival). */
  HUB_CONFIG_POLL_MS: z.coerce.number().int().min(1_000).default(60_000),
  HUB_TOKEN: z.string().min(8).optional(),
  /** Disk budget of the outbox; beyond it the oldest telemetry is dropped, never queue events. */
  HUB_OUTBOX_BUDGET_MB: z.coerce.number().positive().default(512),
  /**
   * On-site photos kept on the hub until the cloud has them (WAN down for days): at most this many and
   * this many MB (a photo is ≤ 1600 px JPEG, typically 150–400 kB). Beyond it a new photo is refused.
   */
  HUB_ONSITE_PHOTOS_MAX: z.coerce.number().int().min(1).max(100_000).default(1_000),
  HUB_ONSITE_PHOTOS_MB: z.coerce.number().positive().max(100_000).default(500),
  /** InfluxDB for the hall's history: 2.x/3.x with a token (org, bucket), or 1.x with a database. */
  HUB_INFLUX_URL: z.url().optional(),
  HUB_INFLUX_TOKEN: z.string().min(1).optional(),
  HUB_INFLUX_ORG: z.string().min(1).optional(),
  HUB_INFLUX_BUCKET: z.string().min(1).optional(),
  HUB_INFLUX_DB: z.string().min(1).optional(),
  HUB_INFLUX_RP: z.string().min(1).optional(),
  HUB_INFLUX_USER: z.string().min(1).optional(),
  HUB_INFLUX_PASSWORD: z.string().min(1).optional(),
  HUB_INFLUX_FLUSH_MS: z.coerce.number().int().min(1_000).max(5_000).default(2_000),
  /**
   * `wall` (default): the hub's clock is the system clock and device timestamps must agree with it.
   * `devices`: the hub follows the newest timestamp its devices send and checks no skew or age — for
   * replaying recorded or simulated days on a virtual clock (`npm run sim -- … --virtual`), never for a
   * hall in service (any device could then move the hub's clock).
   */
  HUB_CLOCK: z.enum(['wall', 'devices']).default('wall'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type HubEnv = z.infer<typeof envSchema>;

export interface HubConfig {
  env: HubEnv;
  hall: HallConfig;
}

export class ConfigError extends Error {}

function issues(error: z.ZodError, prefix: string): string {
  return error.issues.map((i) => `  ${prefix}${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
}

export function parseHallConfig(raw: unknown, source: string): HallConfig {
  const parsed = hallConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${source} is not a valid hall config:\n${issues(parsed.error, '')}`);
  return parsed.data;
}

export function readHallConfigFile(file: string): HallConfig {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${file}: ${(err as Error).message}`);
  }
  return parseHallConfig(raw, file);
}

/** The environment, checked; the hall config comes from the file, or from the cloud (cloud-config.ts). */
export function loadEnv(env: NodeJS.ProcessEnv): HubEnv {
  const parsedEnv = envSchema.safeParse(env);
  if (!parsedEnv.success) throw new ConfigError(`environment:\n${issues(parsedEnv.error, '')}`);
  if (!parsedEnv.data.HUB_CONFIG && !parsedEnv.data.HUB_CLOUD_URL)
    throw new ConfigError(
      'environment:\n  HUB_CONFIG: name the hall config file (or set HUB_CLOUD_URL to take it from the cloud)',
    );
  if ((parsedEnv.data.HUB_TLS_CERT === undefined) !== (parsedEnv.data.HUB_TLS_KEY === undefined)) {
    throw new ConfigError('environment:\n  HUB_TLS_CERT and HUB_TLS_KEY go together');
  }
  const e = parsedEnv.data;
  if (e.HUB_CLOUD_URL && (!e.HUB_ID || !e.HUB_TOKEN))
    throw new ConfigError('environment:\n  HUB_CLOUD_URL needs HUB_ID and HUB_TOKEN');
  if (e.HUB_INFLUX_URL && (e.HUB_INFLUX_TOKEN ? !e.HUB_INFLUX_ORG || !e.HUB_INFLUX_BUCKET : !e.HUB_INFLUX_DB)) {
    throw new ConfigError(
      'environment:\n  HUB_INFLUX_URL needs HUB_INFLUX_TOKEN, HUB_INFLUX_ORG and HUB_INFLUX_BUCKET (InfluxDB 2.x/3.x) or HUB_INFLUX_DB (1.x)',
    );
  }
  return e;
}

/** Environment and hall config from a file (the standalone hub). */
export function loadConfig(env: NodeJS.ProcessEnv): HubConfig {
  const e = loadEnv(env);
  if (!e.HUB_CONFIG) throw new ConfigError('environment:\n  HUB_CONFIG: name the hall config file');
  return { env: e, hall: readHallConfigFile(e.HUB_CONFIG) };
}
