/**
 * `npm run bench:notify`: 1,000 alarms raised across 200 halls within 10 s, each pushed by its hall's hub
 * through ingest (the same transaction that writes the notification trigger), turned into e-mail to the
 * hall's manager by the cloud's dispatcher and delivered to a real SMTP server (smtp-server) over TCP.
 * Raise → delivered is the alarm event's time to the moment the SMTP server has the whole message.
 * PostgreSQL is a private cluster (the test harness's); `--pglite` runs on the embedded database instead.
 * The last line is one JSON object: `{"alarms", "delivered", "p50Ms", "p99Ms", "maxMs", "database"}`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '@hall/scripts/harness';
import { startSmtpCatcher } from '@hall/scripts/harness/smtp';
import { pino } from 'pino';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.ts';
import { rowsOf } from '../src/db/rows.ts';
import { accessRepository } from '../src/modules/access/access.repository.ts';
import { createUser, ensureHallUnit, ensureRootUnit } from '../src/modules/access/access.service.ts';
import { registerHall, registerHub } from '../src/modules/halls/halls.service.ts';
import { push } from '../src/modules/ingest/ingest.service.ts';
import { messageIdOf } from '../src/modules/notifications/channels/email.adapter.ts';
import { startNotificationDispatcher } from '../src/modules/notifications/dispatcher.ts';
import { createRule, saveChannel, saveProfile } from '../src/modules/notifications/notifications.service.ts';

const HALLS = 200;
const ALARMS = 1_000;
const SECONDS = 10;
const pglite = process.argv.includes('--pglite');

const dir = mkdtempSync(join(tmpdir(), 'hall-bench-notify-'));
const pg = pglite ? null : await startPostgres(dir);
const database = await openDatabase(pg ? { url: pg.url, dataDir: '' } : { dataDir: join(dir, 'pglite') });
const db = database.db;
const smtp = await startSmtpCatcher();
const log = pino({ level: 'warn' });
try {
  const root = await ensureRootUnit(db);
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
  const managers: string[] = [];
  for (let h = 0; h < HALLS; h++) {
    const hallId = `H${String(h).padStart(3, '0')}`;
    await registerHall(db, { id: hallId, name: `营业厅${h}`, timeZone: 'Asia/Shanghai' });
    const unit = await ensureHallUnit(db, { hallId, name: `营业厅${h}` });
    await registerHub(db, { id: `hub-${hallId}`, hallId });
    const userId = await createUser(db, { username: `mgr-${h}`, name: `经理${h}`, orgUnitId: unit });
    await accessRepository.grant(db, { userId, role: 'hall_manager', orgUnitId: unit });
    await saveProfile(db, admin, {
      userId,
      email: `mgr-${h}@hall.example.cn`,
      mobile: null,
      language: 'zh-CN',
      subscriptions: [],
    });
    managers.push(userId);
  }
  await saveChannel(db, admin, {
    id: 'mail',
    kind: 'smtp',
    name: 'mail',
    settings: { host: '127.0.0.1', port: smtp.port, from: 'alarms@hall.example.cn' },
    secrets: {},
    enabled: true,
  });
  await createRule(db, admin, {
    orgUnitId: root,
    alarmRule: null,
    minSeverity: 'warning',
    recipients: [{ kind: 'role', id: 'hall_manager' }],
    channels: ['mail'],
    quietHours: null,
    repeatSeconds: null,
    escalation: [],
    enabled: true,
  });
  const dispatcher = startNotificationDispatcher({ db, log });

  // 1,000 raises spread evenly over 10 s, round-robin over the halls; each hub pushes its own.
  const raisedAt = new Map<string, number>();
  const seqs = new Map<string, number>();
  const start = Date.now();
  const pushes: Array<Promise<unknown>> = [];
  for (let i = 0; i < ALARMS; i++) {
    const due = start + (i * SECONDS * 1_000) / ALARMS;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const h = i % HALLS;
    const hallId = `H${String(h).padStart(3, '0')}`;
    const alarmId = `bench-${i}`;
    const at = Date.now();
    const seq = (seqs.get(hallId) ?? 0) + 1;
    seqs.set(hallId, seq);
    raisedAt.set(messageIdOf(`raised|${hallId}|${alarmId}|u:${managers[h] as string}|mail`), at);
    pushes.push(
      push(db, `hub-${hallId}`, {
        batch: [
          {
            seq,
            type: 'alarm.raised',
            historical: false,
            body: {
              alarmId,
              rule: 'long-wait',
              subject: 'billing',
              severity: 'major',
              value: 21,
              params: { service: '话费缴费', minutes: 21, warning: 15, critical: 25 },
              message: 'long wait',
              at,
            },
          },
        ],
      }).then(() => dispatcher.wake()),
    );
  }
  await Promise.all(pushes);
  await smtp.waitFor('every message', (m) => m.length >= ALARMS, 120_000).catch(() => undefined);
  await dispatcher.stop();
  const latencies = smtp.messages
    .map((m) => (m.messageId ? m.receivedAt - (raisedAt.get(m.messageId) ?? NaN) : NaN))
    .filter((x) => Number.isFinite(x))
    .sort((a, b) => a - b);
  const q = (p: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)] ?? NaN);
  const distinct = new Set(smtp.messages.map((m) => m.messageId)).size;
  // Where the time went: raise → in the outbox (ingest + routing), outbox → sent (the SMTP conversation).
  const stages = await rowsOf<{ routed: number; sending: number }>(
    db,
    sql`SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM created_at - event_at))::float8 * 1000 AS routed,
               percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - created_at))::float8 * 1000 AS sending
        FROM notification_outbox`,
  );
  console.log(
    JSON.stringify({
      alarms: ALARMS,
      halls: HALLS,
      delivered: smtp.messages.length,
      distinct,
      p50Ms: q(0.5),
      p99Ms: q(0.99),
      maxMs: Math.round(latencies.at(-1) ?? NaN),
      p99RoutedMs: Math.round(stages[0]?.routed ?? NaN),
      p99SendingMs: Math.round(stages[0]?.sending ?? NaN),
      database: database.kind,
    }),
  );
} finally {
  await smtp.stop();
  await database.close();
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
}
