/**
 * Config distribution: the cloud holds the hall's config (stored with the hub's registration by
 * `add-hub --config`, as npm start does; services, counters, a device whose secret it showed once); a
 * hub with no config file takes it from the cloud, caches it, and starts from the cache when the cloud
 * is down. A device with the cloud-issued secret gets a ticket both times.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@hall/cloud/db';
import { TicketTerminalSim } from '@hall/simulators';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { freePort, scratchDatabase } from '@hall/scripts/harness';
import { runPart, startPart, type PartProcess } from './processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'hall-e2e-config-'));
const parts: PartProcess[] = [];
afterAll(async () => {
  await Promise.allSettled(parts.map((p) => p.stop('SIGKILL')));
  rmSync(dir, { recursive: true, force: true });
});

/** pino writes asynchronously: a log line may come a moment after the ready line. */
async function logged(part: PartProcess, text: string) {
  const deadline = Date.now() + 5_000;
  while (!part.output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`no ${text} in:\n${part.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('hall config from the cloud', () => {
  it('a hub without a config file runs on the cloud config, and on its cached copy when the cloud is down', async () => {
    // A database of its own in the harness's PostgreSQL.
    const scratch = await scratchDatabase('e2e');
    const DATABASE_URL = scratch.url;
    try {
      const cloudEnv = {
        DATABASE_URL,
        CLOUD_HOST: '127.0.0.1',
        CLOUD_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
      };
      // The hall, its hub and its config in one run of the command line (as npm start registers its halls).
      const configFile = join(dir, 'hall.yaml');
      writeFileSync(
        configFile,
        stringify({
          hall: { capacity: 40 },
          services: [{ id: 'billing', name: '话费', prefix: 'A' }],
          counters: [{ id: 'C01', name: '1号窗口', services: { billing: 1 } }],
        }),
      );
      const registered = JSON.parse(
        await runPart('cloud/src/main.ts', cloudEnv, [
          'add-hub',
          '--hall',
          'H-CFG',
          '--name',
          '配置厅',
          '--hub',
          'hub-cfg',
          '--config',
          configFile,
        ]),
      ) as { token: string; configVersion: number };
      expect(registered.configVersion).toBe(1);
      const { token } = registered;
      // What an administrator adds in the cloud (through halls.addDevice).
      const { db, close } = await openDatabase({ url: DATABASE_URL, dataDir: '' });
      const { addDevice } = await import('@hall/cloud/halls');
      const { secret } = await addDevice(db, 'H-CFG', { id: 'kiosk-1', kind: 'ticket-terminal' }, null);
      await close();

      const cloud = await startPart('cloud/src/main.ts', cloudEnv, 'cloud.ready');
      parts.push(cloud);
      const mqttPort = await freePort();
      const hubEnv = {
        HUB_DATA_DIR: join(dir, 'hub'),
        HUB_HOST: '127.0.0.1',
        HUB_MQTT_PORT: String(mqttPort),
        HUB_HTTP_PORT: '0',
        HUB_CLOUD_URL: `http://127.0.0.1:${cloud.ready.port}`,
        HUB_ID: 'hub-cfg',
        HUB_TOKEN: token,
        LOG_LEVEL: 'info',
      };
      const ticket = async () => {
        const kiosk = new TicketTerminalSim({
          url: `mqtt://127.0.0.1:${mqttPort}`,
          hallId: 'H-CFG',
          deviceId: 'kiosk-1',
          secret,
        });
        await kiosk.connect();
        const answer = await kiosk.requestTicket({ serviceId: 'billing' });
        await kiosk.close();
        return answer;
      };

      let hub = await startPart('edge/src/main.ts', hubEnv, 'hub.ready');
      parts.push(hub);
      await logged(hub, '"source":"cloud"');
      expect(await ticket()).toMatchObject({ status: 'printed', ticket: { serviceName: '话费' } });
      await hub.stop();

      // The cloud goes away; the hub starts from its cached copy.
      await cloud.stop();
      hub = await startPart('edge/src/main.ts', hubEnv, 'hub.ready');
      parts.push(hub);
      await logged(hub, '"source":"cache"');
      expect(await ticket()).toMatchObject({ status: 'printed' });
      await hub.stop();
    } finally {
      await scratch.drop();
    }
  }, 120_000);
});
