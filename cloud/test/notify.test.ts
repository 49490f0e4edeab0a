/**
 * Notifications against a real PostgreSQL and a real SMTP server, on a clock the test moves: an alarm a
 * hub pushes reaches the hall's manager once, in Chinese, with the hall's name and the alarm's figures;
 * a replayed (historical) alarm says nothing; left unacknowledged past the rule's delay it escalates to
 * the region's manager, once; its clear brings a "resolved" message to both; an acknowledged alarm does
 * not escalate; two dispatchers on one database send each message once; an SMTP server that is down
 * loses nothing; a message with no address is in the log as such and the channel's secret is never
 * returned.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { startSmtpCatcher, type SmtpCatcher } from '@hall/scripts/harness/smtp';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { createUser, ensureHallUnit, ensureRootUnit, type SessionUser } from '../src/modules/access/access.service.ts';
import { ackAlarm } from '../src/modules/alarms/alarms.service.ts';
import { registerHall, registerHub } from '../src/modules/halls/halls.service.ts';
import { push } from '../src/modules/ingest/ingest.service.ts';
import { createDispatcher } from '../src/modules/notifications/dispatcher.ts';
import { notificationsRepository } from '../src/modules/notifications/notifications.repository.ts';
import { expandTriggers } from '../src/modules/notifications/routing.service.ts';
import {
  createRule,
  deliveryLog,
  enqueueForUsers,
  listChannels,
  saveChannel,
  saveProfile,
} from '../src/modules/notifications/notifications.service.ts';
import type { Db } from '../src/db/client.ts';
import { openDatabase } from '../src/db/client.ts';
import { testDatabase } from './support/db.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
let smtp: SmtpCatcher;
let admin: SessionUser;
let seq = 0;
let now = Date.UTC(2026, 10, 25, 2, 0, 0);
const clock = () => new Date(now);
const log = pino({ level: 'silent' });

beforeAll(async () => {
  db = await testDatabase();
  smtp = await startSmtpCatcher();
  admin = await organise(db.db);
});

/** HQ → 华南区 → 福田营业厅 with a hub, an administrator, two hall managers (one without e-mail) and a region
 * manager, an SMTP channel and a rule: hall managers by e-mail, escalation to region managers after 10 min. */
async function organise(on: Db): Promise<SessionUser> {
  const root = await ensureRootUnit(on);
  await accessRepository.insertUnit(on, {
    id: 'south',
    parentId: root,
    kind: 'region',
    name: '华南区',
    hallId: null,
  });
  await registerHall(on, { id: 'H1', name: '福田营业厅', timeZone: 'Asia/Shanghai' });
  await ensureHallUnit(on, { hallId: 'H1', name: '福田营业厅', parentId: 'south' });
  await registerHub(on, { id: 'hub-1', hallId: 'H1' });
  const adminId = await createUser(on, { username: 'admin', name: '管理员', orgUnitId: root });
  await accessRepository.grant(on, { userId: adminId, role: 'administrator', orgUnitId: root });
  const admin: SessionUser = {
    id: adminId,
    username: 'admin',
    name: '管理员',
    orgUnitId: root,
    staffId: null,
    grants: [{ role: 'administrator', orgUnitId: root }],
    csrfToken: '',
  };
  const people = [
    { username: 'hall-mgr', name: '王经理', role: 'hall_manager', unit: 'hall-H1', email: 'wang@example.cn' },
    { username: 'region-mgr', name: '李总', role: 'region_manager', unit: 'south', email: 'li@example.cn' },
    { username: 'no-mail', name: '赵经理', role: 'hall_manager', unit: 'hall-H1', email: null },
  ];
  for (const p of people) {
    const id = await createUser(on, { username: p.username, name: p.name, orgUnitId: p.unit });
    await accessRepository.grant(on, { userId: id, role: p.role, orgUnitId: p.unit });
    await saveProfile(on, admin, { userId: id, email: p.email, mobile: null, language: 'zh-CN', subscriptions: [] });
  }
  await saveChannel(on, admin, {
    id: 'mail',
    kind: 'smtp',
    name: '邮件',
    settings: { host: '127.0.0.1', port: smtp.port, from: 'alarms@hall.example.cn', username: 'robot' },
    secrets: { password: 's3cret-password' },
    enabled: true,
  });
  await createRule(on, admin, {
    orgUnitId: 'south',
    alarmRule: null,
    minSeverity: 'warning',
    recipients: [{ kind: 'role', id: 'hall_manager' }],
    channels: ['mail'],
    quietHours: null,
    repeatSeconds: null,
    escalation: [{ afterSeconds: 600, to: 'region-managers' }],
    enabled: true,
  });
  return admin;
}

afterAll(async () => {
  await smtp?.stop();
  await db?.drop();
});

function alarmEvent(alarmId: string, severity = 'critical') {
  return {
    type: 'alarm.raised',
    body: {
      alarmId,
      rule: 'long-wait',
      subject: 'billing',
      severity,
      value: 31,
      params: { service: '话费缴费', minutes: 31, warning: 15, critical: 25 },
      message: 'long wait',
      at: now,
    },
  };
}

async function hubSends(events: Array<{ type: string; body: Record<string, unknown> }>, historical = false) {
  await push(
    db.db,
    'hub-1',
    { batch: events.map((e) => ({ seq: ++seq, type: e.type, body: e.body, historical })) },
    clock(),
  );
}

const to = (addr: string) => smtp.messages.filter((m) => m.to.includes(addr));

describe('alarm notifications', () => {
  it('raise → one e-mail; escalation after the delay, once; resolved to both', async () => {
    const d = createDispatcher({ db: db.db, log, clock });
    await hubSends([alarmEvent('a-1')]);
    await d.tick();
    await smtp.waitFor('the raise', () => to('wang@example.cn').length === 1);
    const mail = to('wang@example.cn')[0];
    expect(mail?.subject).toBe('[严重] 福田营业厅 · 等候过长 · 告警');
    expect(mail?.text).toContain('话费缴费：最长等候 31 分钟');
    // Nobody else: the region manager hears only when it escalates.
    expect(to('li@example.cn')).toHaveLength(0);

    // Nine minutes later nothing more; past ten, the region manager, once.
    now += 9 * 60_000;
    await d.tick();
    expect(to('li@example.cn')).toHaveLength(0);
    now += 61_000;
    await d.tick();
    await d.tick();
    await smtp.waitFor('the escalation', () => to('li@example.cn').length === 1);
    expect(to('li@example.cn')[0]?.subject).toContain('升级：未确认');
    expect(to('li@example.cn')[0]?.text).toContain('已 10 分钟 未确认');
    expect(to('wang@example.cn')).toHaveLength(1);

    await hubSends([{ type: 'alarm.cleared', body: { alarmId: 'a-1', value: 3, at: now } }]);
    await d.tick();
    await smtp.waitFor(
      'resolved to both',
      () => to('wang@example.cn').length === 2 && to('li@example.cn').length === 2,
    );
    expect(to('wang@example.cn')[1]?.subject).toContain('已恢复');
    expect(to('wang@example.cn')[1]?.text).toMatch(/持续 10 分钟/);

    // The manager without an address is in the log as such.
    const sentLog = await deliveryLog(db.db, admin, { alarmId: 'a-1', limit: 50 });
    expect(sentLog.filter((m) => m.lastErrorCode === 'no-address' && m.status === 'failed')).toHaveLength(1);
    await d.stop();
  });

  it('an acknowledged alarm does not escalate; a replayed one says nothing', async () => {
    const d = createDispatcher({ db: db.db, log, clock });
    const before = smtp.messages.length;
    await hubSends([alarmEvent('a-hist')], true);
    await d.tick();
    await hubSends([alarmEvent('a-2', 'major')]);
    await d.tick();
    await smtp.waitFor('the raise', () => smtp.messages.length === before + 1);
    await ackAlarm(db.db, admin, 'H1', 'a-2', clock());
    now += 11 * 60_000;
    await d.tick();
    await d.tick();
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages.length).toBe(before + 1);
    expect(smtp.messages.some((m) => m.text.includes('a-hist'))).toBe(false);
    await d.stop();
  });

  it('two dispatchers on one database send each message once', async () => {
    const a = createDispatcher({ db: db.db, log, clock, batch: 5 });
    const b = createDispatcher({ db: db.db, log, clock, batch: 5 });
    const before = smtp.messages.length;
    await hubSends(Array.from({ length: 30 }, (_, i) => alarmEvent(`a-pair-${i}`)));
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    await Promise.all([a.tick(), b.tick()]);
    await smtp.waitFor('30 raises', () => smtp.messages.length >= before + 30);
    await new Promise((r) => setTimeout(r, 300));
    const ids = smtp.messages.slice(before).map((m) => m.messageId);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('an SMTP server that is down loses nothing: sent when it is back', async () => {
    const d = createDispatcher({ db: db.db, log, clock });
    await smtp.stop();
    const before = smtp.messages.length;
    await hubSends([alarmEvent('a-outage')]);
    await d.tick();
    const [pending] = await deliveryLog(db.db, admin, { alarmId: 'a-outage', limit: 5 }).then((r) =>
      r.filter((m) => m.recipient === 'wang@example.cn'),
    );
    expect(pending?.status).toBe('pending');
    expect(pending?.lastErrorCode).toBe('connection-refused');
    // A minute of failures…
    for (let i = 0; i < 6; i++) {
      now += 10_000;
      await d.tick();
    }
    await smtp.start();
    now += 120_000;
    await d.tick();
    await smtp.waitFor('the raise after the outage', () => smtp.messages.length === before + 1);
    expect(smtp.messages.at(-1)?.to).toEqual(['wang@example.cn']);
    await d.stop();
  });

  it('a dispatcher that dies mid-send: its lease lapses and another sends the message, once', async () => {
    const before = smtp.messages.length;
    await hubSends([alarmEvent('a-crash')]);
    const routerOnly = createDispatcher({ db: db.db, log, clock });
    await expandTriggers(db.db, clock());
    // A dispatcher claims the message and is killed before it sends (nothing recorded).
    const claimed = await notificationsRepository.claimDue(db.db, clock(), new Date(now + 60_000), 100);
    expect(claimed.filter((m) => m.alarmId === 'a-crash' && m.recipient === 'wang@example.cn')).toHaveLength(1);
    await routerOnly.tick();
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.messages.length).toBe(before);
    // After the lease, another one takes it.
    now += 61_000;
    const d = createDispatcher({ db: db.db, log, clock });
    await d.tick();
    await d.tick();
    await smtp.waitFor('the message', () => smtp.messages.length === before + 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.messages.length).toBe(before + 1);
    await Promise.all([d.stop(), routerOnly.stop()]);
  });

  it("a report e-mail to people carries its attachment, in each one's language, once per occasion", async () => {
    const pdf = Buffer.from('%PDF-1.4 日报 test');
    const d = createDispatcher({
      db: db.db,
      log,
      clock,
      attachments: async (ref) => {
        if (ref !== 'report:H1:2026-11-25') throw new Error('unknown attachment');
        return pdf;
      },
    });
    const wang = (await accessRepository.userByName(db.db, 'hall-mgr'))?.id as string;
    const opts = {
      dedupeKey: 'report|H1|2026-11-25',
      now: clock(),
      userIds: [wang],
      via: ['email' as const],
      hallId: 'H1',
      render: (lang: 'zh-CN' | 'en') =>
        lang === 'zh-CN'
          ? { subject: '福田营业厅 11月25日 日报', body: '见附件。\n' }
          : { subject: 'Daily report', body: 'Attached.\n' },
      attachments: [
        { filename: '福田营业厅-2026-11-25.pdf', contentType: 'application/pdf', ref: 'report:H1:2026-11-25' },
      ],
    };
    expect(await enqueueForUsers(db.db, opts)).toBe(1);
    expect(await enqueueForUsers(db.db, opts)).toBe(0);
    await d.tick();
    await smtp.waitFor('the report', (m) => m.some((x) => x.subject === '福田营业厅 11月25日 日报'));
    const mail = smtp.messages.find((x) => x.subject === '福田营业厅 11月25日 日报');
    expect(mail?.to).toEqual(['wang@example.cn']);
    expect(mail?.attachments.map((a) => [a.filename, a.contentType, a.content.equals(pdf)])).toEqual([
      ['福田营业厅-2026-11-25.pdf', 'application/pdf', true],
    ]);
    await d.stop();
  });

  it('never answers a channel secret', async () => {
    const [mail] = await listChannels(db.db);
    expect(mail?.secretsSet).toEqual(['password']);
    expect(JSON.stringify(mail)).not.toContain('s3cret-password');
  });
});

describe('on PGlite, the embedded database', () => {
  it('the same path works: raise → one e-mail, two dispatchers claim apart, resolved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hall-notify-pglite-'));
    const lite = await openDatabase({ dataDir: dir });
    try {
      await organise(lite.db);
      const a = createDispatcher({ db: lite.db, log, clock });
      const b = createDispatcher({ db: lite.db, log, clock });
      const before = smtp.messages.length;
      await push(lite.db, 'hub-1', { batch: [{ seq: 1, historical: false, ...alarmEvent('lite-1') }] }, clock());
      await Promise.all([a.tick(), b.tick()]);
      await smtp.waitFor('the raise', () => smtp.messages.length === before + 1);
      await push(
        lite.db,
        'hub-1',
        {
          batch: [{ seq: 2, historical: false, type: 'alarm.cleared', body: { alarmId: 'lite-1', value: 1, at: now } }],
        },
        clock(),
      );
      await Promise.all([a.tick(), b.tick()]);
      await smtp.waitFor('resolved', () => smtp.messages.length === before + 2);
      expect(smtp.messages.at(-1)?.subject).toContain('已恢复');
      await Promise.all([a.stop(), b.stop()]);
    } finally {
      await lite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
