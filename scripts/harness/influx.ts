/**
 * A private InfluxDB 1.x (Debian's `influxd`) for the tests: generated config, data under a temporary
 * folder, HTTP on a free port of 127.0.0.1, reporting off, authentication on with generated credentials:
 * an admin that creates the database and a writer that the code under test uses.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './ports.ts';
import { startProcess, waitFor, type ManagedProcess } from './process.ts';

export interface InfluxService {
  /** Base URL of the 1.x HTTP API (`/write`, `/query`, `/ping`). */
  url: string;
  database: string;
  retentionPolicy: string;
  user: string;
  password: string;
  admin: { user: string; password: string };
  stop(): Promise<void>;
  /** Starts the stopped server again on the same port and data (tests of an InfluxDB outage). */
  start(): Promise<void>;
}

export async function startInflux(baseDir: string): Promise<InfluxService> {
  const dir = join(baseDir, 'influx');
  mkdirSync(dir, { recursive: true });
  const httpPort = await freePort();
  const rpcPort = await freePort();
  const configFile = join(dir, 'influxdb.conf');
  writeFileSync(
    configFile,
    `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"
[meta]
  dir = "${join(dir, 'meta')}"
[data]
  dir = "${join(dir, 'data')}"
  wal-dir = "${join(dir, 'wal')}"
  query-log-enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:${httpPort}"
  auth-enabled = true
  log-enabled = false
[logging]
  level = "warn"
[monitor]
  store-enabled = false
[continuous_queries]
  enabled = false
[subscriber]
  enabled = false
`,
  );
  let server = startProcess('/usr/bin/influxd', ['-config', configFile], { logFile: join(baseDir, 'influxd.log') });
  const url = `http://127.0.0.1:${httpPort}`;
  try {
    const service = await prepare(url, server);
    return {
      ...service,
      stop: () => server.stop(),
      async start() {
        server = startProcess('/usr/bin/influxd', ['-config', configFile], { logFile: join(baseDir, 'influxd.log') });
        await waitFor('InfluxDB (restart)', async () => (await fetch(`${url}/ping`)).status === 204, {
          timeoutMs: 30_000,
          exited: server.exited,
          logFile: server.logFile,
        });
      },
    };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

async function prepare(url: string, server: ManagedProcess): Promise<Omit<InfluxService, 'stop' | 'start'>> {
  await waitFor('InfluxDB', async () => (await fetch(`${url}/ping`)).status === 204, {
    timeoutMs: 30_000,
    exited: server.exited,
    logFile: server.logFile,
  });

  const admin = { user: 'admin', password: randomBytes(18).toString('base64url') };
  const user = 'hall_writer';
  const password = randomBytes(18).toString('base64url');
  const database = 'hall_test';
  const query = async (q: string, auth: boolean) => {
    const headers: Record<string, string> = {};
    if (auth) headers.authorization = `Basic ${Buffer.from(`${admin.user}:${admin.password}`).toString('base64')}`;
    const res = await fetch(`${url}/query`, { method: 'POST', body: new URLSearchParams({ q }), headers });
    const text = await res.text();
    if (!res.ok || text.includes('"error"'))
      throw new Error(
        `InfluxDB query failed (${res.status}): ${q.replace(/PASSWORD '[^']*'/, "PASSWORD '…'")}: ${text}`,
      );
  };
  // With no users yet, InfluxDB accepts exactly one unauthenticated statement: creating the first admin.
  await query(`CREATE USER ${admin.user} WITH PASSWORD '${admin.password}' WITH ALL PRIVILEGES`, false);
  await query(`CREATE DATABASE ${database}`, true);
  await query(`CREATE USER ${user} WITH PASSWORD '${password}'`, true);
  await query(`GRANT ALL ON ${database} TO ${user}`, true);
  return { url, database, retentionPolicy: 'autogen', user, password, admin };
}
