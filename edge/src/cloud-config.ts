/**
 * A hub connected to the cloud takes its hall config from there (`hub.config`), keeps the last one it got
 * in its data folder, and starts from that copy when the cloud cannot be reached; the config file
 * (HUB_CONFIG) is the last resort. A config that fails validation is refused with its fields named and
 * the previous one kept. New versions found while running are cached for the next start.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { CloudLink } from './adapters/cloud-link/cloud-link.adapter.ts';
import { ConfigError, parseHallConfig, readHallConfigFile, type HallConfig, type HubEnv } from './config.ts';

interface Cached {
  version: number;
  document: Record<string, unknown>;
}

const cacheFile = (env: HubEnv) => join(env.HUB_DATA_DIR, 'hall-config.json');

function readCache(env: HubEnv): Cached | null {
  const file = cacheFile(env);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Cached;
  } catch {
    return null;
  }
}

function writeCache(env: HubEnv, cached: Cached) {
  mkdirSync(env.HUB_DATA_DIR, { recursive: true, mode: 0o700 });
  const tmp = `${cacheFile(env)}.tmp`;
  // PIN and token hashes: readable by the hub's user only.
  writeFileSync(tmp, JSON.stringify(cached), { mode: 0o600 });
  renameSync(tmp, cacheFile(env));
}

export async function hallConfigFromCloud(
  env: HubEnv,
  link: CloudLink,
  log: Logger,
): Promise<{ hall: HallConfig; version: number; source: 'cloud' | 'cache' | 'file' }> {
  const cached = readCache(env);
  try {
    const answer = await link.config(cached?.version ?? 0);
    if (!answer.unchanged) {
      const hall = parseHallConfig(answer.document, `cloud config version ${answer.version}`);
      writeCache(env, { version: answer.version, document: answer.document });
      return { hall, version: answer.version, source: 'cloud' };
    }
  } catch (err) {
    if (err instanceof ConfigError)
      log.error({ err: err.message }, 'the cloud sent a config the hub cannot use; keeping the previous one');
    else log.warn({ err: (err as Error).message }, 'cloud unreachable; starting from the cached hall config');
  }
  if (cached)
    return {
      hall: parseHallConfig(cached.document, `cached cloud config version ${cached.version}`),
      version: cached.version,
      source: 'cache',
    };
  if (env.HUB_CONFIG) return { hall: readHallConfigFile(env.HUB_CONFIG), version: 0, source: 'file' };
  throw new ConfigError('no hall config: the cloud did not answer, nothing is cached, and HUB_CONFIG is not set');
}

/**
 * Checks the cloud for a newer config every `everyMs` and caches it for the next start; `onConfig` gets
 * it at once for what the hub can apply while running (Hub.applyConfig: staff, the published roster,
 * the alert rules).
 */
export function watchCloudConfig(
  env: HubEnv,
  link: CloudLink,
  log: Logger,
  version: number,
  everyMs = 60_000,
  onConfig?: (hall: HallConfig) => void,
): () => void {
  let known = version;
  const timer = setInterval(() => {
    void link.config(known).then(
      (answer) => {
        if (answer.unchanged) return;
        try {
          const hall = parseHallConfig(answer.document, `cloud config version ${answer.version}`);
          writeCache(env, { version: answer.version, document: answer.document });
          known = answer.version;
          try {
            onConfig?.(hall);
          } catch (err) {
            // Cached and valid: the whole config applies at the next start even if applying it live failed.
            log.error({ err, version: answer.version }, 'applying the new hall config while running failed');
            return;
          }
          log.warn(
            { version: answer.version },
            'a new hall config is cached: its staff, roster and alert rules apply now, the rest at the next start of the hub',
          );
        } catch (err) {
          log.error({ err: (err as Error).message }, 'the cloud sent a config the hub cannot use');
        }
      },
      () => {},
    );
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
