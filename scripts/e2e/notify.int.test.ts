/**
 * Alarm notifications end to end, each part its own process: a real hub raises a long-wait alarm (a
 * customer waits and no counter is open), syncs it to the cloud (PostgreSQL), and the cloud's dispatcher
 * e-mails the hall's manager through a real SMTP server within 10 s of the raise, once — two cloud
 * processes share the database, and each message is sent by one of them. The alarm turns
 * critical (an update) and, left unacknowledged, escalates to the region's manager after the rule's
 * delay; serving the customer clears it and both hear it is resolved. Then the SMTP server is down for
 * 60 s while another alarm is raised: the message arrives once it is back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser, ensureHallUnit, ensureRootUnit } from '@hall/cloud/access';
import { openDatabase } from '@hall/cloud/db';
import { putHallConfig, addDevice, registerHall, registerHub } from '@hall/cloud/halls';
import { createRule, saveChannel, saveProfile } from '@hall/cloud/notifications';
import { CounterTerminalSim, TicketTerminalSim } from '@hall/simulators';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, scratchDatabase } from '@hall/scripts/harness';
import { startSmtpCatcher, type SmtpCatcher } from '@hall/scripts/harness/smtp';
import { startPart, type PartProcess } from './processes.ts';

const HALL = 'H-NOTIFY';
const dir = mkdtempSync(join(tmpdir(), 'hall-e2e-notify-'));
const parts: PartProcess[] = [];
const devices: Array<{ close(): Promise<unknown> }> = [];
let smtp: SmtpCatcher | null = null;
let dropDatabase: (() => Promise<void>) | null = null;
afterAll(async () => {
  await Promise.allSettled(devices.map((d) => d.close()));
  await Promise.allSettled(parts.map((p) => p.stop('SIGKILL')));
  await smtp?.stop();
  await dropDatabase?.();
  rmSync(dir, { recursive: true, force: true });
});

describe('alarm notifications from a real hub', () => {
  it(
    'reach the manager once within 10 s, escalate, resolve, and survive 60 s of SMTP outage',
    { timeout: 240_000 },
    async () => {
      const scratch = await scratchDatabase('e2e');
      dropDatabase = () => scratch.drop();
      smtp = await startSmtpCatcher();
      const mail = smtp;

      // The organisation: HQ → 华南区 → the hall; its manager and the region's manager, with e-mail addresses.
      const { db, close } = await openDatabase({ url: scratch.url, dataDir: '' });
      const root = await ensureRootUnit(db);
      const sql = postgres(scratch.url, { max: 1, onnotice: () => {} });
      await sql`INSERT INTO org_units (id, parent_id, kind, name) VALUES ('south', ${root}, 'region', '华南区')`;
      await registerHall(db, { id: HALL, name: '福田营业厅', timeZone: 'Asia/Shanghai' });
      await ensureHallUnit(db, { hallId: HALL, name: '福田营业厅', parentId: 'south' });
      const { token } = await registerHub(db, { id: 'hub-notify', hallId: HALL });
      // A wait over 3 s is a warning, over 9 s critical: the alarm is there in seconds.
      await putHallConfig(
        db,
        HALL,
        {
          hall: { capacity: 40 },
          services: [{ id: 'billing', name: '话费业务', prefix: 'A' }],
          counters: [{ id: 'C01', name: '1号窗口', services: { billing: 1 } }],
          staff: [{ id: 'E1001', name: '王芳' }],
          alerts: { raiseAfterSec: 0, clearAfterSec: 0, longWait: { warningMinutes: 0.05, criticalMinutes: 0.15 } },
        },
        null,
      );
      const secrets: Record<string, string> = {};
      for (const d of [
        { id: 'kiosk-1', kind: 'ticket-terminal' as const },
        { id: 'ctr-c01', kind: 'counter-terminal' as const, counterId: 'C01' },
      ])
        secrets[d.id] = (await addDevice(db, HALL, d, null)).secret;
      const adminId = await createUser(db, { username: 'admin', name: '管理员', orgUnitId: root });
      const admin = {
        id: adminId,
        username: 'admin',
        name: '管理员',
        orgUnitId: root,
        staffId: null,
        grants: [{ role: 'administrator' as const, orgUnitId: root }],
        csrfToken: '',
      };
      for (const p of [
        { username: 'wang', name: '王经理', role: 'hall_manager', unit: `hall-${HALL}`, email: 'wang@hall.example.cn' },
        { username: 'li', name: '李总', role: 'region_manager', unit: 'south', email: 'li@region.example.cn' },
      ]) {
        const id = await createUser(db, { username: p.username, name: p.name, orgUnitId: p.unit });
        await sql`INSERT INTO user_roles (user_id, role, org_unit_id) VALUES (${id}, ${p.role}, ${p.unit})`;
        await saveProfile(db, admin, {
          userId: id,
          email: p.email,
          mobile: null,
          language: 'zh-CN',
          subscriptions: [],
        });
      }
      await saveChannel(db, admin, {
        id: 'mail',
        kind: 'smtp',
        name: '告警邮件',
        settings: { host: '127.0.0.1', port: mail.port, from: 'alarms@hall.example.cn', timeoutMs: 3_000 },
        secrets: {},
        enabled: true,
      });
      // Escalation after 12 s unacknowledged (seconds for the test; the console edits minutes).
      await createRule(db, admin, {
        orgUnitId: 'south',
        alarmRule: 'long-wait',
        minSeverity: 'warning',
        recipients: [{ kind: 'role', id: 'hall_manager' }],
        channels: ['mail'],
        quietHours: null,
        repeatSeconds: null,
        escalation: [{ afterSeconds: 12, to: 'region-managers' }],
        enabled: true,
      });
      await close();

      const cloud = await startPart(
        'cloud/src/main.ts',
        {
          DATABASE_URL: scratch.url,
          CLOUD_HOST: '127.0.0.1',
          CLOUD_PORT: String(await freePort()),
          LOG_LEVEL: 'warn',
        },
        'cloud.ready',
      );
      parts.push(cloud);
      // A second cloud process on the same database: both dispatchers compete for every message.
      parts.push(
        await startPart(
          'cloud/src/main.ts',
          {
            DATABASE_URL: scratch.url,
            CLOUD_HOST: '127.0.0.1',
            CLOUD_PORT: String(await freePort()),
            LOG_LEVEL: 'warn',
          },
          'cloud.ready',
        ),
      );
      const mqttPort = await freePort();
      const hub = await startPart(
        'edge/src/main.ts',
        {
          HUB_DATA_DIR: join(dir, 'hub'),
          HUB_HOST: '127.0.0.1',
          HUB_MQTT_PORT: String(mqttPort),
          HUB_HTTP_PORT: '0',
          HUB_CLOUD_URL: `http://127.0.0.1:${cloud.ready.port as number}`,
          HUB_ID: 'hub-notify',
          HUB_TOKEN: token,
          HUB_CONFIG_POLL_MS: '1000',
          LOG_LEVEL: 'warn',
        },
        'hub.ready',
      );
      parts.push(hub);
      const url = `mqtt://127.0.0.1:${mqttPort}`;
      const kiosk = new TicketTerminalSim({ url, hallId: HALL, deviceId: 'kiosk-1', secret: secrets['kiosk-1'] });
      const button = new CounterTerminalSim({ url, hallId: HALL, deviceId: 'ctr-c01', secret: secrets['ctr-c01'] });
      devices.push(kiosk, button);
      await kiosk.connect();
      await button.connect();

      // A customer waits; no counter is open.
      await kiosk.requestTicket({ serviceId: 'billing' });
      const to = (addr: string, what: string) =>
        mail.messages.filter((m) => m.to.includes(addr) && m.subject.includes(what));
      await mail.waitFor('the raise', () => to('wang@hall.example.cn', '告警').length > 0, 30_000);
      const [alarm] = await sql<Array<{ alarm_id: string; raised_at: Date }>>`
      SELECT alarm_id, raised_at FROM alarms WHERE hall_id = ${HALL} AND rule = 'long-wait'`;
      const raise = to('wang@hall.example.cn', '告警')[0];
      expect(raise?.subject).toMatch(/^\[警告\] 福田营业厅 · 等候过长 · 告警$/);
      expect(raise?.text).toContain('话费业务：最长等候');
      expect((raise?.receivedAt ?? Infinity) - (alarm?.raised_at.getTime() ?? 0)).toBeLessThan(10_000);

      // Critical after 9 s: an update; unacknowledged 12 s after the raise: the region manager.
      await mail.waitFor('the severity change', () => to('wang@hall.example.cn', '级别变化').length > 0, 30_000);
      expect(to('wang@hall.example.cn', '级别变化')[0]?.subject).toMatch(/^\[严重\]/);
      await mail.waitFor('the escalation', () => to('li@region.example.cn', '升级').length > 0, 30_000);

      // Served: the wait ends, the alarm clears, both hear it is resolved.
      await button.open('E1001');
      await button.callNext();
      await mail.waitFor(
        'resolved to both',
        () => to('wang@hall.example.cn', '已恢复').length > 0 && to('li@region.example.cn', '已恢复').length > 0,
        30_000,
      );
      // Once each: one raise, one update, one escalation, one resolve.
      await new Promise((r) => setTimeout(r, 2_000));
      expect(to('wang@hall.example.cn', '告警')).toHaveLength(1);
      expect(to('wang@hall.example.cn', '级别变化')).toHaveLength(1);
      expect(to('li@region.example.cn', '升级')).toHaveLength(1);
      expect(mail.messages.filter((m) => m.subject.includes('已恢复'))).toHaveLength(2);

      // SMTP down for 60 s while the next customer waits: nothing is lost.
      await button.finish({ txCount: 1 });
      await mail.stop();
      const before = mail.messages.length;
      await kiosk.requestTicket({ serviceId: 'billing' });
      await new Promise((r) => setTimeout(r, 60_000));
      const [row] = await sql<Array<{ status: string; last_error_code: string | null }>>`
      SELECT status, last_error_code FROM notification_outbox
      WHERE recipient = 'wang@hall.example.cn' AND event = 'raised' ORDER BY id DESC LIMIT 1`;
      expect(row).toEqual({ status: 'pending', last_error_code: 'connection-refused' });
      await mail.start();
      await mail.waitFor(
        'the raise after the outage',
        () =>
          mail.messages.slice(before).some((m) => m.to.includes('wang@hall.example.cn') && m.subject.includes('告警')),
        90_000,
      );
      await sql.end();
    },
  );
});
