/**
 * The hub process: `npm run edge` (HUB_CONFIG=path). Reads the environment once, builds the hub, runs
 * until SIGINT/SIGTERM. `npm run edge -- hash-secret` turns a secret read from stdin into the hash a
 * hall config stores for a device or a token; `hash-pin` does the same for a clerk's PIN (6-12 digits).
 */
import { staffPinSchema } from '@hall/devices';
import { pino } from 'pino';
import { createCloudLink } from './adapters/cloud-link/cloud-link.adapter.ts';
import { hallConfigFromCloud, watchCloudConfig } from './cloud-config.ts';
import { ConfigError, loadEnv, readHallConfigFile, type HubConfig } from './config.ts';
import { createHub } from './hub.ts';
import { hashSecretSync } from '@hall/devices/secrets';

const USAGE = `usage: npm run edge [-- <command>]

  (no command)   run the hub: HUB_CONFIG=hall.yaml HUB_DATA_DIR=… [HUB_MQTT_PORT HUB_HTTP_PORT HUB_CLOUD_URL HUB_ID HUB_TOKEN …]
  hash-secret    the hash a hall config stores for a device secret or token (the secret on stdin, 8+ characters)
  hash-pin       the same for a clerk's PIN (6-12 digits on stdin)`;

async function main() {
  const command = process.argv[2];
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command !== undefined && command !== 'hash-secret' && command !== 'hash-pin')
    throw new ConfigError(
      `unknown command ${JSON.stringify(command)}: hash-secret or hash-pin (npm run edge -- --help)`,
    );
  // Everything the hub creates (journal, cached config, OPC UA keys) is private to its user.
  process.umask(0o077);
  if (process.argv[2] === 'hash-secret' || process.argv[2] === 'hash-pin') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const secret = Buffer.concat(chunks).toString('utf8').trim();
    if (process.argv[2] === 'hash-pin' && !staffPinSchema.safeParse(secret).success)
      throw new ConfigError('a PIN is 6-12 digits');
    if (process.argv[2] === 'hash-secret' && secret.length < 8)
      throw new ConfigError('a secret must have at least 8 characters');
    process.stdout.write(`${hashSecretSync(secret)}\n`);
    return;
  }
  const env = loadEnv(process.env);
  const log = pino({ level: env.LOG_LEVEL });
  let config: HubConfig;
  let cloud: { link: ReturnType<typeof createCloudLink>; version: number } | null = null;
  if (env.HUB_CLOUD_URL) {
    const link = createCloudLink({
      url: env.HUB_CLOUD_URL,
      hubId: env.HUB_ID as string,
      token: env.HUB_TOKEN as string,
    });
    const { hall, version, source } = await hallConfigFromCloud(env, link, log);
    log.info({ version, source }, 'hall config');
    config = { env, hall };
    cloud = { link, version };
  } else {
    config = { env, hall: readHallConfigFile(env.HUB_CONFIG as string) };
  }
  const hub = createHub({ config, log: log.child({ hall: config.hall.hall.id }) });
  await hub.start();
  const stopWatching = cloud
    ? watchCloudConfig(env, cloud.link, log, cloud.version, env.HUB_CONFIG_POLL_MS, (hall) => hub.applyConfig(hall))
    : () => {};
  // For whoever started us (tests, npm start): where the hub listens, as one JSON line.
  process.stdout.write(`${JSON.stringify({ event: 'hub.ready', hall: config.hall.hall.id, ...hub.ports })}\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    stopWatching();
    await hub.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

// A mistake in the settings (ConfigError) is the operator's to fix: its message, exit code 2; else a bug.
main().catch((err: unknown) => {
  // One line for a terminal: the listed settings joined with '; '.
  const line = (m: string) => m.replace(/:\n\s+/, ': ').replace(/\n\s*/g, '; ');
  process.stderr.write(
    `hub: ${err instanceof ConfigError ? line(err.message) : ((err as Error).stack ?? String(err))}\n`,
  );
  process.exit(err instanceof ConfigError ? 2 : 1);
});
