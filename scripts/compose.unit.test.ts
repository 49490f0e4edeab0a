/**
 * docker-compose.yml against the code (no container engine runs here): every variable a service of ours
 * sets is one its part reads, with a value its config schema accepts; the ports it publishes are the
 * ones the part listens on; the images build from Dockerfiles on Node 24; the simulated hall reaches the
 * hub where the hub listens.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cloudEnvSchema } from '@hall/cloud/env';
import { envSchema as hubEnvSchema } from '@hall/edge/config';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { NODE24_ADDON_HEADERS } from './node24/node24.ts';

const root = resolve(import.meta.dirname, '..');
interface Service {
  build?: { context: string; dockerfile: string };
  image?: string;
  environment?: Record<string, string>;
  ports?: string[];
  command?: string[];
  env_file?: string[];
}
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };

/** `${NAME:?msg}` / `${NAME:-default}` as a value that stands for what the operator sets. */
const sample = (value: string) =>
  value.replace(/\$\{([A-Z_]+)(:[?-][^}]*)?\}/g, (_, name: string, rest?: string) =>
    rest?.startsWith(':-') ? rest.slice(2) : name === 'POSTGRES_PASSWORD' ? 'secret' : `sample-${name.toLowerCase()}`,
  );
const environmentOf = (s: Service) =>
  Object.fromEntries(
    Object.entries(s.environment ?? {})
      .map(([k, v]) => [k, sample(String(v))])
      .filter(([, v]) => v !== ''),
  );
const published = (s: Service) => (s.ports ?? []).map((p) => Number(p.split(':').at(-1)));

describe('docker-compose.yml', () => {
  const { cloud, hub, sim } = compose.services as Record<string, Service>;

  it('has the cloud, a hub and a simulated hall beside PostgreSQL, InfluxDB and Grafana', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['cloud', 'grafana', 'hub', 'influxdb', 'postgres', 'sim']);
  });

  it('gives the cloud only variables it reads, valid for its schema, and publishes the port it listens on', () => {
    const env = environmentOf(cloud as Service);
    const unknown = Object.keys(env).filter((k) => !(k in cloudEnvSchema.shape) && k !== 'CLOUD_ADMIN_PASSWORD');
    expect(unknown).toEqual([]);
    const parsed = cloudEnvSchema.safeParse(env);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data?.DATABASE_URL).toMatch(/@postgres:5432\/hall$/);
    expect(published(cloud as Service)).toEqual([parsed.data?.CLOUD_PORT]);
  });

  it('gives the hub only variables it reads, valid for its schema, pointing at the cloud and InfluxDB services', () => {
    const env = environmentOf(hub as Service);
    expect(Object.keys(env).filter((k) => !(k in hubEnvSchema.shape))).toEqual([]);
    const parsed = hubEnvSchema.safeParse(env);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(new URL(parsed.data?.HUB_CLOUD_URL as string).host).toBe(
      `cloud:${environmentOf(cloud as Service).CLOUD_PORT}`,
    );
    expect(new URL(parsed.data?.HUB_INFLUX_URL as string).hostname).toBe('influxdb');
    expect(published(hub as Service).sort()).toEqual([parsed.data?.HUB_MQTT_PORT, parsed.data?.HUB_HTTP_PORT].sort());
  });

  it('builds the cloud and the hub from Dockerfiles on Node 24 that run the sources', () => {
    for (const [service, entry] of [
      [cloud, 'cloud/src/main.ts'],
      [hub, 'edge/src/main.ts'],
    ] as const) {
      const file = join(root, (service as Service).build?.dockerfile as string);
      expect(existsSync(file)).toBe(true);
      const text = readFileSync(file, 'utf8');
      expect(text.match(/^FROM node:(\d+)/gm)?.every((l) => l.endsWith(':24'))).toBe(true);
      expect(text).toContain(entry);
      expect(existsSync(join(root, entry))).toBe(true);
    }
    // The hub's SQLite addon is built against the headers the Node 24 test run uses (scripts/node24).
    const edge = readFileSync(join(root, (hub as Service).build?.dockerfile as string), 'utf8');
    expect(edge).toContain(`npm rebuild better-sqlite3 --build-from-source --target=${NODE24_ADDON_HEADERS}`);
  });

  it('runs the simulated hall from the hub image against the hub’s MQTT port', () => {
    expect(sim?.image).toBe(hub?.image);
    const command = sim?.command ?? [];
    expect(existsSync(join(root, command[1] as string))).toBe(true);
    const url = new URL(command[command.indexOf('--hub') + 1] as string);
    expect(url.hostname).toBe('hub');
    expect(Number(url.port)).toBe(Number(environmentOf(hub as Service).HUB_MQTT_PORT));
    expect(existsSync(join(root, 'simulators/scenarios', `${command[command.indexOf('--scenario') + 1]}.yaml`))).toBe(
      true,
    );
    expect(sim?.env_file).toEqual(['deploy/sim.env']);
  });
});
