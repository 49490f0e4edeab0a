/**
 * Materials issued at a counter while the WAN is down, with every part real: a cloud process on PostgreSQL
 * whose catalogue (saved through its API) is written into the hall's config `materials` section, a hub
 * process that took that config from the cloud, a ticket terminal on the hub's MQTT broker. A clerk serves
 * A001; the cloud is killed; the clerk's page records a flyer and a kit → the hub journals two
 * `material.issued` (its outbox holds them). The cloud returns on the same address → both issues are in
 * `inv_issues` with the ticket, service, counter and clerk, the kit as its parts; the same tap sent again
 * is one issue there. Then a catalogue change in the cloud reaches the running hub's counters.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import postgres from 'postgres';
import { hashSecretSync } from '@hall/devices/secrets';
import { freePort } from '@hall/scripts/harness';
import { TicketTerminalSim } from '@hall/simulators';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { cloudFixture, post, signIn, until, type CloudFixture } from './cloud-fixture.ts';
import { runPart, startPart, type PartProcess } from './processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'hall-e2e-materials-'));
const parts: PartProcess[] = [];
let cloud: CloudFixture | null = null;
let sql: postgres.Sql | null = null;
let kiosk: TicketTerminalSim | null = null;
afterAll(async () => {
  await kiosk?.close();
  await Promise.allSettled(parts.map((p) => p.stop('SIGKILL')));
  await sql?.end();
  await cloud?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const HALL = 'H-MAT';
const CLERK = { staffId: 'E501', pin: '250501' };
const KIOSK_SECRET = randomBytes(12).toString('base64url');

describe('materials issued at a counter while the cloud is away', () => {
  it('are journaled on the hub and reach the cloud’s books with ticket, service, counter and clerk', async () => {
    cloud = await cloudFixture('e2e');
    sql = postgres(cloud.url, { max: 2, onnotice: () => {} });
    const configFile = join(dir, 'hall.yaml');
    writeFileSync(
      configFile,
      stringify({
        hall: { capacity: 60 },
        services: [{ id: 'billing', name: '话费', prefix: 'A' }],
        counters: [{ id: 'C01', name: '1号窗口', services: { billing: 1 } }],
        staff: [{ id: CLERK.staffId, name: '周婷', pinHash: hashSecretSync(CLERK.pin) }],
        devices: [
          { id: 'kiosk-1', kind: 'ticket-terminal', transport: 'mqtt', secretHash: hashSecretSync(KIOSK_SECRET) },
        ],
      }),
    );
    const { token } = JSON.parse(
      await runPart('cloud/src/main.ts', { ...cloud.env, CLOUD_PORT: '0' }, [
        'add-hub',
        '--hall',
        HALL,
        '--name',
        '物料厅',
        '--time-zone',
        'Asia/Shanghai',
        '--hub',
        'hub-mat',
        '--config',
        configFile,
      ]),
    ) as { token: string };
    const cloudPort = await freePort();
    let c = await cloud.start({ CLOUD_PORT: String(cloudPort) });
    // The catalogue, saved as the console does: the hall's config gets its materials section.
    let admin = await signIn(c.base);
    const save = async (item: Record<string, unknown>) => {
      const res = await post(c.base, 'inventory.saveItem', item, { cookie: admin.cookie, 'x-csrf-token': admin.csrf });
      expect(res.status, await res.clone().text()).toBe(200);
      return ((await res.json()) as { result: { data: { halls: number } } }).result.data;
    };
    const base = { unitZh: '张', unitEn: 'sheets', kind: 'item', afterCampaign: 'keep' };
    expect(await save({ ...base, id: 'FLY', nameZh: '5G宣传单', nameEn: '5G flyer', serviceIds: ['billing'] })).toEqual(
      { id: 'FLY', halls: 1 },
    );
    await save({ ...base, id: 'SIM', nameZh: 'SIM卡套', nameEn: 'SIM pack', unitZh: '个', unitEn: 'packs' });
    await save({
      ...base,
      id: 'KIT',
      kind: 'kit',
      nameZh: '开卡礼包',
      nameEn: 'New-line kit',
      unitZh: '份',
      unitEn: 'kits',
      parts: [
        { itemId: 'FLY', qty: 2 },
        { itemId: 'SIM', qty: 1 },
      ],
    });

    const hubDir = join(dir, 'hub');
    const hub = await startPart(
      'edge/src/main.ts',
      {
        HUB_DATA_DIR: hubDir,
        HUB_HOST: '127.0.0.1',
        HUB_MQTT_PORT: String(await freePort()),
        HUB_HTTP_PORT: String(await freePort()),
        HUB_CLOUD_URL: `http://127.0.0.1:${cloudPort}`,
        HUB_ID: 'hub-mat',
        HUB_TOKEN: token,
        HUB_CONFIG_POLL_MS: '1000',
        LOG_LEVEL: 'info',
      },
      'hub.ready',
    );
    parts.push(hub);
    const http = `http://127.0.0.1:${hub.ready.http as number}`;
    const call = async <T>(path: string, input: unknown, bearer: string | null, method = 'POST'): Promise<T> => {
      const res =
        method === 'GET'
          ? await fetch(`${http}/trpc/${path}`, { headers: { authorization: `Bearer ${bearer}` } })
          : await fetch(`${http}/trpc/${path}`, {
              method,
              headers: {
                'content-type': 'application/json',
                ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
              },
              body: JSON.stringify(input),
            });
      const body = (await res.json()) as { result?: { data: T }; error?: unknown };
      if (!body.result) throw new Error(`${path}: ${res.status} ${JSON.stringify(body.error)}`);
      return body.result.data;
    };

    // A customer takes a ticket; the clerk calls and serves A001.
    kiosk = new TicketTerminalSim({
      url: `mqtt://127.0.0.1:${hub.ready.mqtt as number}`,
      hallId: HALL,
      deviceId: 'kiosk-1',
      secret: KIOSK_SECRET,
    });
    await kiosk.connect();
    expect(await kiosk.requestTicket({ serviceId: 'billing' })).toMatchObject({ status: 'printed' });
    const { token: session } = await call<{ token: string }>('counter.signIn', { counterId: 'C01', ...CLERK }, null);
    await call('counter.act', { action: { type: 'call.next' } }, session);
    await call('counter.act', { action: { type: 'ticket.start' } }, session);
    const view = await call<{ serving: { ticketNo: string }; items: Array<{ id: string }> }>(
      'counter.materials',
      null,
      session,
      'GET',
    );
    expect(view.serving.ticketNo).toBe('A001');
    expect(view.items.map((i) => i.id)).toEqual(['FLY', 'KIT', 'SIM']);

    // The WAN goes down.
    await c.stop('SIGKILL');
    const flyer = { issueId: randomUUID(), forTicket: 'A001', lines: [{ itemId: 'FLY', qty: 1 }] };
    const kit = { issueId: randomUUID(), forTicket: 'A001', lines: [{ itemId: 'KIT', qty: 1 }] };
    expect(await call('counter.issueMaterials', flyer, session)).toMatchObject({ ok: true, duplicate: false });
    expect(await call('counter.issueMaterials', kit, session)).toMatchObject({ ok: true, duplicate: false });
    const hubDb = new Database(join(hubDir, 'hub.db'), { readonly: true });
    try {
      const waiting = hubDb.prepare("select count(*) as n from outbox where kind = 'material.issued'").get() as {
        n: number;
      };
      expect(waiting.n).toBe(2);
    } finally {
      hubDb.close();
    }

    // The WAN comes back on the same address: both issues reach the books.
    c = await cloud.start({ CLOUD_PORT: String(cloudPort) });
    const rows = await until(
      'the issues in the cloud',
      async () => {
        const r =
          await sql!`select id::text, item_id, kit_id, qty, mode, ticket_no, service_id, counter_id, staff_id, source
                             from inv_issues where hall_id = ${HALL} order by at, item_id`;
        return r.length === 3 ? r : null;
      },
      60_000,
    );
    const expected = { mode: 'counter', ticket_no: 'A001', service_id: 'billing', counter_id: 'C01', source: 'hub' };
    expect(rows).toEqual([
      { ...expected, id: flyer.issueId, item_id: 'FLY', kit_id: null, qty: 1, staff_id: CLERK.staffId },
      { ...expected, id: kit.issueId, item_id: 'FLY', kit_id: 'KIT', qty: 2, staff_id: CLERK.staffId },
      { ...expected, id: kit.issueId, item_id: 'SIM', kit_id: 'KIT', qty: 1, staff_id: CLERK.staffId },
    ]);
    // The page sends the flyer tap again (its answer was lost): one issue, on the hub and in the cloud.
    expect(await call('counter.issueMaterials', flyer, session)).toMatchObject({ ok: true, duplicate: true });
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await sql`select count(*)::int as n from inv_issues where hall_id = ${HALL}`)[0]?.n).toBe(3);

    // A catalogue change in the cloud reaches the running hub's counters at its next config poll.
    admin = await signIn(c.base);
    await save({
      ...base,
      id: 'SIM',
      nameZh: 'SIM卡套',
      nameEn: 'SIM pack',
      unitZh: '个',
      unitEn: 'packs',
      active: false,
    });
    await until(
      'the retired item gone from the hub',
      async () => {
        const v = await call<{ items: Array<{ id: string }> }>('counter.materials', null, session, 'GET');
        return v.items.map((i) => i.id).join() === 'FLY,KIT';
      },
      30_000,
    );
  }, 240_000);
});
