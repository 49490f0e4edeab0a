/**
 * Secrets at rest (issue #14, defect 10): the hub's data folder holds the journal and the cached hall
 * config (PIN and token hashes) and the OPC UA keys. A fresh folder is created private; one left open to
 * others (a copied backup, a umask of 022) is made private at start, with a warning in the log.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { envSchema } from '../src/config.ts';
import { createHub } from '../src/hub.ts';
import { hallConfig, startTestHub } from './support/test-hub.ts';

const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('hub data folder', () => {
  it('is created private: the folder 0700, the journal and its WAL files 0600', async () => {
    root = mkdtempSync(join(tmpdir(), 'hall-private-'));
    const dataDir = join(root, 'data');
    const t = await startTestHub({ dataDir });
    try {
      expect(mode(dataDir)).toBe('700');
      for (const f of ['hub.db', 'hub.db-wal', 'hub.db-shm']) expect(mode(join(dataDir, f))).toBe('600');
    } finally {
      await t.stop();
    }
  });

  it('is made private at start when it is open to others, and the log says so', async () => {
    root = mkdtempSync(join(tmpdir(), 'hall-private-'));
    const dataDir = join(root, 'data');
    const first = await startTestHub({ dataDir });
    await first.stop({ keepData: true });
    writeFileSync(join(dataDir, 'hall-config.json'), '{}');
    mkdirSync(join(dataDir, 'opcua-pki', 'own', 'private'), { recursive: true });
    writeFileSync(join(dataDir, 'opcua-pki', 'own', 'private', 'private_key.pem'), 'key');
    chmodSync(dataDir, 0o755);
    for (const f of ['hub.db', 'hall-config.json', 'opcua-pki/own/private/private_key.pem'])
      chmodSync(join(dataDir, f), 0o644);
    chmodSync(join(dataDir, 'opcua-pki'), 0o755);

    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const hub = createHub({
      config: {
        env: envSchema.parse({
          HUB_CONFIG: 'test',
          HUB_DATA_DIR: dataDir,
          HUB_HOST: '127.0.0.1',
          HUB_MQTT_PORT: '0',
          HUB_HTTP_PORT: '0',
        }),
        hall: hallConfig(),
      },
      log,
    });
    await hub.start();
    await hub.stop();

    expect(mode(dataDir)).toBe('700');
    expect(mode(join(dataDir, 'opcua-pki'))).toBe('700');
    for (const f of ['hub.db', 'hall-config.json', 'opcua-pki/own/private/private_key.pem'])
      expect(mode(join(dataDir, f))).toBe('600');
    const warning = lines
      .map((l) => JSON.parse(l) as { msg: string; fixed?: number })
      .find((l) => /data folder was readable by others/.test(l.msg));
    expect(warning?.fixed).toBeGreaterThanOrEqual(5);
  });
});
