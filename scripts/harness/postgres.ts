/**
 * A private PostgreSQL cluster for the tests: initdb in a temporary folder, a free port on 127.0.0.1,
 * a generated password (scram), durability switched off for speed. PostgreSQL refuses to run as root,
 * so as root the cluster belongs to the `postgres` system user that Debian's package creates.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.ts';
import { run, startProcess, waitFor, type ManagedProcess } from './process.ts';
import { postgresBinDir } from './system-packages.ts';

export interface PostgresService {
  url: string;
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  stop(): Promise<void>;
}

export async function startPostgres(
  baseDir: string,
  /** Server settings beyond the harness's own (a benchmark's production-sized buffers, …). */
  settings: Readonly<Record<string, string>> = {},
): Promise<PostgresService> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL 15 is not installed (apt-get install postgresql-15)');
  const dir = join(baseDir, 'postgres');
  const dataDir = join(dir, 'data');
  mkdirSync(dir, { recursive: true });
  const asRoot = userInfo().uid === 0;
  const owner = asRoot
    ? await run('id', ['-u', 'postgres']).then(
        (s) => Number(s.trim()),
        () => null,
      )
    : null;
  if (asRoot && owner === null)
    throw new Error('running as root but there is no postgres system user to own the test cluster');
  if (owner !== null) {
    // mkdtemp made the base folder 0700 for root: the postgres user must be able to pass through it.
    chmodSync(baseDir, 0o711);
    chownSync(dir, owner, owner);
  }
  const as = (cmd: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];

  const user = 'hall_test';
  const password = randomBytes(18).toString('base64url');
  const pwFile = join(dir, 'pwfile');
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (owner !== null) chownSync(pwFile, owner, owner);

  await run(
    ...as(join(bin, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      user,
      '--pwfile',
      pwFile,
      '--auth',
      'scram-sha-256',
      '--encoding',
      'UTF8',
      '--locale',
      'C',
      '--no-sync',
    ]),
  );

  const port = await freePort();
  const server: ManagedProcess = startProcess(
    ...as(join(bin, 'postgres'), [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${dir}`,
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=200',
      ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    ]),
    { logFile: join(baseDir, 'postgres.log') },
  );
  // As root the server runs under runuser, which a signal does not always reach through: the postmaster
  // outlived it and kept the cluster. Stop the postmaster itself (fast shutdown), then the wrapper.
  const stop = async () => {
    await stopPostmaster(dataDir);
    await server.stop();
  };
  try {
    await createDatabase(server, { port, user, password });
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url: `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`,
    host: '127.0.0.1',
    port,
    user,
    password,
    database: DATABASE,
    stop,
  };
}

/** The postmaster of `dataDir` (its pid file's first line) stopped by SIGINT, SIGKILL after 10 s. */
async function stopPostmaster(dataDir: string) {
  let pid: number;
  try {
    pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return; // never started, or already gone
  }
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!Number.isInteger(pid) || pid <= 1 || !alive()) return;
  process.kill(pid, 'SIGINT');
  for (let waited = 0; alive() && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  if (alive()) process.kill(pid, 'SIGKILL');
}

const DATABASE = 'hall_test';

async function createDatabase(
  server: ManagedProcess,
  { port, user, password }: { port: number; user: string; password: string },
): Promise<void> {
  const env = { ...process.env, PGPASSWORD: password };
  const psql = (sql: string, db = 'postgres') =>
    run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', db, '-v', 'ON_ERROR_STOP=1', '-Atc', sql], {
      env,
    });
  await waitFor('PostgreSQL', () => psql('select 1').then(() => true), {
    timeoutMs: 30_000,
    exited: server.exited,
    logFile: server.logFile,
  });
  await psql(`create database ${DATABASE}`);
}
