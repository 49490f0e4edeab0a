/**
 * A rating given on the rating-pad page reaches the cloud: cloud and hub each in their own process, the
 * hall's config (counter, devices) issued by the cloud, the pad page in Debian's Chromium served by the
 * hub; the clerk's call button finishes a ticket, the customer taps a score, and the cloud's `ratings`
 * table has it, with ticket, counter and clerk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@hall/cloud/db';
import { CounterTerminalSim, TicketTerminalSim } from '@hall/simulators';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, launchBrowser, scratchDatabase, type Browser } from '@hall/scripts/harness';
import { runPart, startPart, type PartProcess } from './processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'hall-e2e-pad-'));
const parts: PartProcess[] = [];
let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
  await Promise.allSettled(parts.map((p) => p.stop('SIGKILL')));
  rmSync(dir, { recursive: true, force: true });
});

describe('rating pad to cloud', () => {
  it('a score tapped on the pad page is in the cloud with its ticket, counter and clerk', async () => {
    // A database of its own in the harness's PostgreSQL.
    const scratch = await scratchDatabase('e2e');
    const DATABASE_URL = scratch.url;
    const cloudDb = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      const cloudEnv = {
        DATABASE_URL,
        CLOUD_HOST: '127.0.0.1',
        CLOUD_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
      };
      const { token } = JSON.parse(
        await runPart('cloud/src/main.ts', cloudEnv, [
          'add-hub',
          '--hall',
          'H-PAD',
          '--name',
          '评价厅',
          '--hub',
          'hub-pad',
        ]),
      ) as { token: string };
      const { db, close } = await openDatabase({ url: DATABASE_URL, dataDir: '' });
      const { putHallConfig, addDevice } = await import('@hall/cloud/halls');
      await putHallConfig(
        db,
        'H-PAD',
        {
          hall: { capacity: 40 },
          services: [{ id: 'billing', name: '话费', prefix: 'A' }],
          counters: [{ id: 'C01', name: '1号窗口', services: { billing: 1 } }],
          staff: [{ id: 'E1001', name: '王芳' }],
        },
        null,
      );
      const secrets: Record<string, string> = {};
      for (const d of [
        { id: 'kiosk-1', kind: 'ticket-terminal' },
        { id: 'ctr-c01', kind: 'counter-terminal', counterId: 'C01' },
        { id: 'pad-c01', kind: 'rating-pad', counterId: 'C01' },
      ]) {
        secrets[d.id] = (await addDevice(db, 'H-PAD', d, null)).secret;
      }
      await close();

      const cloud = await startPart('cloud/src/main.ts', cloudEnv, 'cloud.ready');
      parts.push(cloud);
      const mqttPort = await freePort();
      const hub = await startPart(
        'edge/src/main.ts',
        {
          HUB_DATA_DIR: join(dir, 'hub'),
          HUB_HOST: '127.0.0.1',
          HUB_MQTT_PORT: String(mqttPort),
          HUB_HTTP_PORT: '0',
          HUB_CLOUD_URL: `http://127.0.0.1:${cloud.ready.port}`,
          HUB_ID: 'hub-pad',
          HUB_TOKEN: token,
          LOG_LEVEL: 'warn',
        },
        'hub.ready',
      );
      parts.push(hub);
      const mqtt = `mqtt://127.0.0.1:${mqttPort}`;

      browser = await launchBrowser({ viewport: { width: 1280, height: 800 } });
      const page = await browser.context.newPage();
      await page.goto(
        `http://127.0.0.1:${hub.ready.http as number}/hall/pad/?device=pad-c01&secret=${encodeURIComponent(secrets['pad-c01'] as string)}`,
      );
      await page.getByRole('status').filter({ hasText: '1号窗口' }).waitFor({ timeout: 10_000 });

      const kiosk = new TicketTerminalSim({
        url: mqtt,
        hallId: 'H-PAD',
        deviceId: 'kiosk-1',
        secret: secrets['kiosk-1'],
      });
      const button = new CounterTerminalSim({
        url: mqtt,
        hallId: 'H-PAD',
        deviceId: 'ctr-c01',
        secret: secrets['ctr-c01'],
      });
      await kiosk.connect();
      await button.connect();
      try {
        await button.open('E1001');
        await kiosk.requestTicket({ serviceId: 'billing' });
        await button.callNext();
        await button.start();
        await button.finish({ txCount: 1 });
        await page.getByRole('button', { name: /5 星/ }).click();
        await page.getByText('感谢您的评价！').waitFor({ timeout: 2_000 });
      } finally {
        await kiosk.close();
        await button.close();
      }

      await expect
        .poll(
          async () =>
            cloudDb`SELECT ticket_no, counter_id, staff_id, score, skipped FROM ratings WHERE hall_id = 'H-PAD'`,
          { timeout: 15_000, interval: 250 },
        )
        .toEqual([{ ticket_no: 'A001', counter_id: 'C01', staff_id: 'E1001', score: 5, skipped: false }]);
    } finally {
      await cloudDb.end();
      await scratch.drop();
    }
  }, 120_000);
});
