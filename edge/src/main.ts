/**
 * The hub process: `npm run edge` (HUB_CONFIG=path). Reads the environment once, builds the hub, runs
 * until SIGINT/SIGTERM. `npm run edge -- hash-secret` turns a secret read from stdin into the hash a
 * hall config stores for a device, a PIN or a token.
 */
import { pino } from 'pino';
import { ConfigError, loadConfig } from './config.ts';
import { createHub } from './hub.ts';
import { hashSecret } from './secrets.ts';

async function main() {
  if (process.argv[2] === 'hash-secret') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const secret = Buffer.concat(chunks).toString('utf8').trim();
    if (secret.length < 8) throw new ConfigError('a secret must have at least 8 characters');
    process.stdout.write(`${hashSecret(secret)}\n`);
    return;
  }
  const config = loadConfig(process.env);
  const log = pino({ level: config.env.LOG_LEVEL, base: { hall: config.hall.hall.id } });
  const hub = createHub({ config, log });
  await hub.start();
  // For whoever started us (tests, npm start): where the hub listens, as one JSON line.
  process.stdout.write(`${JSON.stringify({ event: 'hub.ready', hall: config.hall.hall.id, ...hub.ports })}\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await hub.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`hub: ${err instanceof ConfigError ? err.message : ((err as Error).stack ?? String(err))}\n`);
  process.exit(1);
});
