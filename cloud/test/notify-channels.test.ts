/**
 * The SMS and robot channels against local servers that answer as the providers do (support/
 * fake-providers.ts), through the real dispatcher and outbox on PostgreSQL: Tencent sends one request for
 * three numbers and handles the refused one alone; a send whose answer never came (a timeout after the
 * provider took it) is looked up before anything is sent again — Aliyun by QuerySendDetails, Tencent by
 * its receipts — so the phone gets one SMS; receipts mark messages delivered; DingTalk's signature,
 * WeCom's key and the webhook's signature are what the receivers check; a webhook answering 500 is
 * tried again and a refused number is not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { createUser, ensureRootUnit, type SessionUser } from '../src/modules/access/access.service.ts';
import { createDispatcher } from '../src/modules/notifications/dispatcher.ts';
import { notificationsRepository } from '../src/modules/notifications/notifications.repository.ts';
import { saveChannel } from '../src/modules/notifications/notifications.service.ts';
import type { ChannelKind } from '../src/modules/notifications/notifications.table.ts';
import { testDatabase } from './support/db.ts';
import { SECRETS, startFakeProvider, type FakeProvider } from './support/fake-providers.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
let admin: SessionUser;
const providers: FakeProvider[] = [];
let now = Date.UTC(2026, 10, 25, 2, 0, 0);
const clock = () => new Date(now);
const log = pino({ level: 'silent' });
let n = 0;

beforeAll(async () => {
  db = await testDatabase();
  const root = await ensureRootUnit(db.db);
  const id = await createUser(db.db, { username: 'admin', name: '管理员', orgUnitId: root });
  await accessRepository.grant(db.db, { userId: id, role: 'administrator', orgUnitId: root });
  admin = {
    id,
    username: 'admin',
    name: '管理员',
    orgUnitId: root,
    staffId: null,
    grants: [{ role: 'administrator', orgUnitId: root }],
    csrfToken: '',
  };
});
afterAll(async () => {
  await Promise.allSettled(providers.map((p) => p.close()));
  await db?.drop();
});

async function provider(kind: Parameters<typeof startFakeProvider>[0]) {
  const p = await startFakeProvider(kind);
  providers.push(p);
  return p;
}

/** Messages through a channel, as routing would enqueue them. */
async function enqueue(channelId: string, kind: ChannelKind, recipients: string[], event = 'raised' as const) {
  await notificationsRepository.enqueue(
    db.db,
    recipients.map((recipient) => ({
      dedupeKey: `t|${++n}`,
      channelId,
      channelKind: kind,
      recipient,
      language: 'zh-CN' as const,
      subject: '[严重] 福田营业厅 · 等候过长 · 告警',
      body: '话费缴费：最长等候 31 分钟\n',
      templateParams: {
        hall: '福田营业厅',
        alarm: '等候过长',
        severity: '严重',
        event: '告警',
        time: '11/25 10:00',
        detail: '最长等候 31 分钟',
      },
      event,
      eventAt: clock(),
      nextAttemptAt: clock(),
    })),
  );
}

const statusOf = async (channelId: string) =>
  (await notificationsRepository.log(db.db, { hallIds: null, channelId, limit: 50 })).map((m) => ({
    to: m.recipient,
    status: m.status,
    error: m.lastErrorCode,
  }));

describe('SMS channels', () => {
  it('Tencent: one request for three numbers, the refused one handled alone, receipts mark delivery', async () => {
    const p = await provider('tencent');
    p.refuse.add('+8613900000002');
    await saveChannel(db.db, admin, {
      id: 'tc',
      kind: 'tencent-sms',
      name: '腾讯云短信',
      settings: {
        endpoint: p.url,
        secretId: SECRETS.tencentId,
        smsSdkAppId: '1400000000',
        signName: '营业厅',
        templates: { raised: '1001' },
      },
      secrets: { secretKey: SECRETS.tencentKey },
      enabled: true,
    });
    await enqueue('tc', 'tencent-sms', ['13900000001', '13900000002', '+8613900000003']);
    const d = createDispatcher({ db: db.db, log, clock, receiptEveryMs: 0 });
    await d.tick();
    const sends = p.requests.filter((r) => r.action === 'SendSms');
    expect(sends).toHaveLength(1);
    expect(JSON.parse(sends[0]?.body ?? '{}')).toMatchObject({
      PhoneNumberSet: ['+8613900000001', '+8613900000002', '+8613900000003'],
      TemplateId: '1001',
      TemplateParamSet: ['福田营业厅', '等候过长', '严重', '11/25 10:00'],
    });
    expect((await statusOf('tc')).sort((a, b) => a.to.localeCompare(b.to))).toEqual([
      { to: '+8613900000003', status: 'sent', error: null },
      { to: '13900000001', status: 'sent', error: null },
      { to: '13900000002', status: 'failed', error: 'recipient-refused' },
    ]);
    // Receipts, asked for a while later.
    now += 60_000;
    await d.tick();
    expect((await statusOf('tc')).filter((m) => m.status === 'delivered')).toHaveLength(2);
    // The refused number is not tried again.
    now += 3_600_000;
    await d.tick();
    expect(p.requests.filter((r) => r.action === 'SendSms')).toHaveLength(1);
    await d.stop();
  });

  it('Aliyun and Tencent: a timeout after the provider took the request is looked up, never sent twice', async () => {
    const ali = await provider('aliyun');
    const tc = await provider('tencent');
    await saveChannel(db.db, admin, {
      id: 'ali',
      kind: 'aliyun-sms',
      name: '阿里云短信',
      settings: {
        endpoint: ali.url,
        accessKeyId: SECRETS.aliyunKeyId,
        signName: '营业厅',
        templates: { raised: 'SMS_1' },
        timeoutMs: 500,
      },
      secrets: { accessKeySecret: SECRETS.aliyunSecret },
      enabled: true,
    });
    await saveChannel(db.db, admin, {
      id: 'tc2',
      kind: 'tencent-sms',
      name: '腾讯云短信 2',
      settings: {
        endpoint: tc.url,
        secretId: SECRETS.tencentId,
        smsSdkAppId: '1400000000',
        signName: '营业厅',
        templates: { raised: '1001' },
        timeoutMs: 500,
      },
      secrets: { secretKey: SECRETS.tencentKey },
      enabled: true,
    });
    ali.hangMs = 1_500;
    tc.hangMs = 1_500;
    await enqueue('ali', 'aliyun-sms', ['13800000001']);
    await enqueue('tc2', 'tencent-sms', ['13800000002']);
    const d = createDispatcher({ db: db.db, log, clock, receiptEveryMs: 3_600_000 });
    await d.tick();
    expect(await statusOf('ali')).toEqual([{ to: '13800000001', status: 'unconfirmed', error: 'timeout' }]);
    expect(await statusOf('tc2')).toEqual([{ to: '13800000002', status: 'unconfirmed', error: 'timeout' }]);
    // The providers answer again; the next attempt asks before it sends.
    ali.hangMs = 0;
    tc.hangMs = 0;
    now += 120_000;
    await d.tick();
    expect(await statusOf('ali')).toEqual([{ to: '13800000001', status: 'delivered', error: null }]);
    expect(await statusOf('tc2')).toEqual([{ to: '13800000002', status: 'delivered', error: null }]);
    expect(ali.requests.map((r) => r.action)).toEqual(['SendSms', 'QuerySendDetails']);
    expect(tc.requests.map((r) => r.action)).toEqual(['SendSms', 'PullSmsSendStatusByPhoneNumber']);
    await d.stop();
  });

  it('Aliyun: a refused number fails alone, not retried', async () => {
    const ali = await provider('aliyun');
    ali.refuse.add('13700000002');
    await saveChannel(db.db, admin, {
      id: 'ali2',
      kind: 'aliyun-sms',
      name: '阿里云短信 2',
      settings: {
        endpoint: ali.url,
        accessKeyId: SECRETS.aliyunKeyId,
        signName: '营业厅',
        templates: { raised: 'SMS_1' },
      },
      secrets: { accessKeySecret: SECRETS.aliyunSecret },
      enabled: true,
    });
    await enqueue('ali2', 'aliyun-sms', ['13700000001', '13700000002']);
    const d = createDispatcher({ db: db.db, log, clock, receiptEveryMs: 86_400_000 });
    await d.tick();
    now += 3_600_000;
    await d.tick();
    expect((await statusOf('ali2')).sort((a, b) => a.to.localeCompare(b.to))).toEqual([
      { to: '13700000001', status: 'sent', error: null },
      { to: '13700000002', status: 'failed', error: 'recipient-refused' },
    ]);
    expect(ali.requests.filter((r) => r.action === 'SendSms')).toHaveLength(2);
    await d.stop();
  });
});

describe('group robots and the webhook', () => {
  it('DingTalk signs, WeCom keys, the webhook signs and is retried after a 500', async () => {
    const ding = await provider('dingtalk');
    const wecom = await provider('wecom');
    const hook = await provider('webhook');
    hook.statuses.push(500);
    await saveChannel(db.db, admin, {
      id: 'ding',
      kind: 'dingtalk',
      name: '钉钉群',
      settings: { baseUrl: ding.url },
      secrets: { accessToken: SECRETS.dingToken, secret: SECRETS.dingSecret },
      enabled: true,
    });
    await saveChannel(db.db, admin, {
      id: 'wx',
      kind: 'wecom',
      name: '企业微信群',
      settings: { baseUrl: wecom.url },
      secrets: { key: SECRETS.wecomKey },
      enabled: true,
    });
    await saveChannel(db.db, admin, {
      id: 'hook',
      kind: 'webhook',
      name: 'Webhook',
      settings: { url: `${hook.url}/alarms` },
      secrets: { secret: SECRETS.webhookSecret },
      enabled: true,
    });
    await enqueue('ding', 'dingtalk', ['ding']);
    await enqueue('wx', 'wecom', ['wx']);
    await enqueue('hook', 'webhook', ['hook']);
    const d = createDispatcher({ db: db.db, log, clock });
    await d.tick();
    expect(await statusOf('ding')).toEqual([{ to: 'ding', status: 'sent', error: null }]);
    expect(await statusOf('wx')).toEqual([{ to: 'wx', status: 'sent', error: null }]);
    expect(JSON.parse(ding.requests[0]?.body ?? '{}')).toMatchObject({
      msgtype: 'text',
      text: { content: expect.stringContaining('福田营业厅') },
    });
    expect(await statusOf('hook')).toEqual([{ to: 'hook', status: 'pending', error: 'provider-error' }]);
    now += 60_000;
    await d.tick();
    expect(await statusOf('hook')).toEqual([{ to: 'hook', status: 'sent', error: null }]);
    // Both posts carried the same delivery id: the receiver can drop a repeat.
    expect(new Set(hook.requests.map((r) => r.headers['x-hall-delivery'])).size).toBe(1);
    // A wrong key is a refusal: not retried.
    await saveChannel(db.db, admin, {
      id: 'wx',
      kind: 'wecom',
      name: '企业微信群',
      settings: { baseUrl: wecom.url },
      secrets: { key: 'wrong' },
      enabled: true,
    });
    await enqueue('wx', 'wecom', ['wx']);
    await d.tick();
    expect((await statusOf('wx'))[0]).toEqual({ to: 'wx', status: 'failed', error: 'rejected' });
    await d.stop();
  });
});
