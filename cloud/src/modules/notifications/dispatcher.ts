/**
 * The notification dispatcher: a loop in every cloud process that turns alarm triggers into messages,
 * scans unacknowledged alarms for escalation, sends due messages through their channels and asks SMS
 * providers for receipts. Everything it shares with other processes is in the database: messages are
 * claimed with `FOR UPDATE SKIP LOCKED` and leased (`sending` until `claimed_until`), so each is sent by
 * one dispatcher; one that dies mid-send leaves its lease to lapse, and the message is then treated as
 * one that may have gone through (the provider is asked first where it can be). Failures are retried per
 * channel with exponential backoff; nothing is dropped while a server is down.
 */
import type { Logger } from 'pino';
import type { Db } from '../../db/client.ts';
import { adapterFor } from './channels/index.ts';
import type { ChannelAdapter, OutgoingMessage, SendOutcome } from './channels/channel.ts';
import { notificationsRepository as repo, type ChannelRow, type OutboxRow } from './notifications.repository.ts';
import type { ChannelKind } from './notifications.table.ts';
import { backoffMs } from './routing.ts';
import { expandTriggers, scanEscalations } from './routing.service.ts';

export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

/** E-mail retries for a day (an SMTP server down overnight); SMS and robots give up sooner. */
export const DEFAULT_RETRY: Record<ChannelKind, RetryPolicy> = {
  smtp: { baseMs: 5_000, maxMs: 600_000, maxAttempts: 160 },
  'aliyun-sms': { baseMs: 10_000, maxMs: 600_000, maxAttempts: 30 },
  'tencent-sms': { baseMs: 10_000, maxMs: 600_000, maxAttempts: 30 },
  wecom: { baseMs: 5_000, maxMs: 300_000, maxAttempts: 30 },
  dingtalk: { baseMs: 5_000, maxMs: 300_000, maxAttempts: 30 },
  webhook: { baseMs: 5_000, maxMs: 600_000, maxAttempts: 60 },
};

export interface DispatcherOptions {
  db: Db;
  log: Logger;
  /** The clock escalation delays and backoff are measured on (tests pass their own). */
  clock?: () => Date;
  /** How often to look for work when idle (default 250 ms). */
  pollMs?: number;
  /** Messages claimed per round (default 100). */
  batch?: number;
  /** How long a claimed message is this dispatcher's (default 60 s; adapters time out well before). */
  leaseMs?: number;
  /** Sends in flight at once per channel (default 16). */
  concurrency?: number;
  retry?: Partial<Record<ChannelKind, Partial<RetryPolicy>>>;
  /** Routing transactions run at once (default 2; PGlite, one connection, takes them in turn). */
  routers?: number;
  /** How often sent SMS are asked for receipts (default 30 s). */
  receiptEveryMs?: number;
  /** Days the delivery log keeps finished messages (default 180). */
  retentionDays?: number;
  /** The bytes of an attachment by its reference (the daily report's PDF); none by default. */
  attachments?: (ref: string) => Promise<Buffer>;
  /** Channel adapters by row (tests and the demo may wrap them). */
  adapters?: (row: ChannelRow) => ChannelAdapter;
}

export interface NotificationDispatcher {
  /** Look for work now (after an ingest wrote triggers, or a message was resent). */
  wake(): void;
  /** One full round: triggers, escalations, due messages, receipts. */
  tick(): Promise<{ triggers: number; messages: number; sent: number; escalated: number }>;
  stop(): Promise<void>;
}

async function pool<T>(items: T[], n: number, fn: (x: T) => Promise<void>) {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (i < items.length) await fn(items[i++] as T);
    }),
  );
}

export function startNotificationDispatcher(opts: DispatcherOptions): NotificationDispatcher {
  const d = createDispatcher(opts);
  d.start();
  return d;
}

export function createDispatcher(opts: DispatcherOptions): NotificationDispatcher & { start(): void } {
  const clock = opts.clock ?? (() => new Date());
  const pollMs = opts.pollMs ?? 250;
  const batch = opts.batch ?? 100;
  const leaseMs = opts.leaseMs ?? 60_000;
  const concurrency = opts.concurrency ?? 16;
  const receiptEveryMs = opts.receiptEveryMs ?? 30_000;
  const routers = opts.routers ?? 2;
  const retentionMs = (opts.retentionDays ?? 180) * 86_400_000;
  let lastPurge = 0;
  const policy = (kind: ChannelKind): RetryPolicy => ({ ...DEFAULT_RETRY[kind], ...opts.retry?.[kind] });
  const build = opts.adapters ?? adapterFor;
  const log = opts.log.child({ module: 'notifications' });
  let lastReceipts = 0;
  let stopped = false;

  async function outgoing(row: OutboxRow): Promise<OutgoingMessage> {
    const attachments = [];
    for (const a of row.attachments) {
      if (!opts.attachments) throw Object.assign(new Error('no attachment source'), { code: 'bad-config' });
      attachments.push({ filename: a.filename, contentType: a.contentType, content: await opts.attachments(a.ref) });
    }
    return {
      id: row.id,
      recipient: row.recipient,
      subject: row.subject,
      body: row.body,
      language: row.language,
      templateParams: row.templateParams ?? null,
      event: row.event,
      dedupeKey: row.dedupeKey,
      attachments,
      providerMessageId: row.providerMessageId,
      attemptedAt: row.sentAt ?? row.createdAt,
    };
  }

  /** Writes an attempt's outcome. */
  async function record(row: OutboxRow, lease: Date, outcome: SendOutcome, adapter: ChannelAdapter | null) {
    const now = clock();
    const attempts = row.attempts + 1;
    const p = policy(row.channelKind);
    if (outcome.status === 'sent')
      return repo.record(opts.db, row.id, lease, {
        status: outcome.delivered ? 'delivered' : 'sent',
        sentAt: now,
        ...(outcome.delivered ? { deliveredAt: now } : {}),
        providerMessageId: outcome.providerMessageId ?? null,
        lastErrorCode: null,
        lastErrorDetail: null,
      });
    if (outcome.status === 'unconfirmed' && adapter?.check)
      return repo.record(opts.db, row.id, lease, {
        status: 'unconfirmed',
        sentAt: now,
        nextAttemptAt: new Date(now.getTime() + backoffMs(attempts, p)),
        providerMessageId: outcome.providerMessageId ?? row.providerMessageId,
        lastErrorCode: outcome.code,
        lastErrorDetail: outcome.detail ?? null,
      });
    const retry = outcome.status === 'unconfirmed' || outcome.retry;
    const giveUp = !retry || attempts >= p.maxAttempts;
    if (!giveUp) log.debug({ id: row.id, code: outcome.code, attempts }, 'send failed, will retry');
    else log.warn({ id: row.id, channel: row.channelId, code: outcome.code, attempts }, 'message not sent');
    return repo.record(opts.db, row.id, lease, {
      status: giveUp ? 'failed' : 'pending',
      nextAttemptAt: new Date(now.getTime() + backoffMs(attempts, p)),
      lastErrorCode: outcome.code,
      lastErrorDetail: outcome.detail ?? null,
    });
  }

  async function sendChannel(channelId: string, rows: OutboxRow[], lease: Date, channel: ChannelRow | null) {
    if (!channel || !channel.enabled) {
      for (const r of rows)
        await record(
          r,
          lease,
          { status: 'failed', code: channel ? 'channel-disabled' : 'channel-missing', retry: false },
          null,
        );
      return;
    }
    let adapter: ChannelAdapter;
    try {
      adapter = build(channel);
    } catch {
      for (const r of rows) await record(r, lease, { status: 'failed', code: 'bad-config', retry: false }, null);
      return;
    }
    // A message that may have gone through is looked up first where the provider can say.
    const toSend: Array<{ row: OutboxRow; msg: OutgoingMessage }> = [];
    for (const row of rows) {
      let msg: OutgoingMessage;
      try {
        msg = await outgoing(row);
      } catch (err) {
        log.warn({ err, id: row.id }, 'attachment unavailable');
        await record(row, lease, { status: 'failed', code: 'bad-config', retry: true }, adapter);
        continue;
      }
      const uncertain = row.status === 'unconfirmed' || row.status === 'sending';
      if (uncertain && adapter.check) {
        try {
          const c = await adapter.check(msg);
          if (c.status === 'delivered' || c.status === 'sent') {
            await record(
              row,
              lease,
              {
                status: 'sent',
                delivered: c.status === 'delivered',
                ...(c.providerMessageId ? { providerMessageId: c.providerMessageId } : {}),
              },
              adapter,
            );
            continue;
          }
          if (c.status === 'failed') {
            await record(
              row,
              lease,
              { status: 'failed', code: c.code, ...(c.detail ? { detail: c.detail } : {}), retry: false },
              adapter,
            );
            continue;
          }
          if (c.status === 'pending') {
            await record(row, lease, { status: 'unconfirmed', code: row.lastErrorCode ?? 'timeout' }, adapter);
            continue;
          }
        } catch (err) {
          log.debug({ err: (err as Error).message, id: row.id }, 'status query failed');
          await record(row, lease, { status: 'unconfirmed', code: 'timeout' }, adapter);
          continue;
        }
      }
      toSend.push({ row, msg });
    }
    const sent: Array<{ id: number; providerMessageId: string | null }> = [];
    const chunks: Array<typeof toSend> = [];
    for (let i = 0; i < toSend.length; i += adapter.maxBatch) chunks.push(toSend.slice(i, i + adapter.maxBatch));
    await pool(chunks, concurrency, async (chunk) => {
      let outcomes: SendOutcome[];
      try {
        outcomes = await adapter.send(chunk.map((c) => c.msg));
      } catch (err) {
        log.warn({ err: (err as Error).message, channel: channelId }, 'adapter failed');
        outcomes = chunk.map(() => ({ status: 'failed', code: 'provider-error', retry: true }));
      }
      // Sends that went through are written together after the batch; the rest one by one now.
      await Promise.all(
        chunk.map((c, i) => {
          const o = outcomes[i] as SendOutcome;
          if (o.status === 'sent' && !o.delivered) {
            sent.push({ id: c.row.id, providerMessageId: o.providerMessageId ?? null });
            return undefined;
          }
          return record(c.row, lease, o, adapter);
        }),
      );
    });
    await repo.recordSent(opts.db, lease, clock(), sent);
  }

  async function dispatchDue(): Promise<number> {
    const now = clock();
    const lease = new Date(now.getTime() + leaseMs);
    const rows = await repo.claimDue(opts.db, now, lease, batch);
    if (rows.length === 0) return 0;
    const channels = new Map((await repo.channels(opts.db)).map((c) => [c.id, c]));
    const byChannel = new Map<string, OutboxRow[]>();
    for (const r of rows) byChannel.set(r.channelId, [...(byChannel.get(r.channelId) ?? []), r]);
    await Promise.all([...byChannel].map(([id, list]) => sendChannel(id, list, lease, channels.get(id) ?? null)));
    return rows.length;
  }

  /** Receipts of sent SMS: delivered, or failed at the handset's network. */
  async function pollReceipts() {
    const now = clock();
    if (now.getTime() - lastReceipts < receiptEveryMs) return;
    lastReceipts = now.getTime();
    const channels = new Map((await repo.channels(opts.db)).map((c) => [c.id, c]));
    const rows = await repo.awaitingReceipt(
      opts.db,
      ['aliyun-sms', 'tencent-sms'],
      new Date(now.getTime() - 10_000),
      // Receipts come within minutes; after a day a message without one stays `sent`.
      new Date(now.getTime() - 86_400_000),
      50,
    );
    for (const row of rows) {
      const channel = channels.get(row.channelId);
      if (!channel) continue;
      try {
        const adapter = build(channel);
        if (!adapter.check) continue;
        const c = await adapter.check(await outgoing(row));
        if (c.status === 'delivered') await repo.markDelivered(opts.db, row.id, now);
        else if (c.status === 'failed') await repo.markUndelivered(opts.db, row.id, c.code, c.detail ?? null);
      } catch (err) {
        log.debug({ err: (err as Error).message, id: row.id }, 'receipt query failed');
      }
    }
  }

  /** Alarm events into messages, and escalations: the routing half. */
  async function route() {
    let triggers = 0;
    let messages = 0;
    // Two transactions at once where the database has connections to spare (SKIP LOCKED keeps them apart).
    const size = Math.max(1, Math.floor(batch / routers));
    for (;;) {
      const rs = await Promise.all(Array.from({ length: routers }, () => expandTriggers(opts.db, clock(), size)));
      for (const r of rs) {
        triggers += r.triggers;
        messages += r.messages;
      }
      if (rs.every((r) => r.triggers < size) || stopped) break;
    }
    const esc = await scanEscalations(opts.db, clock());
    return { triggers, messages: messages + esc.messages, escalated: esc.messages };
  }

  /** Due messages out through their channels: the sending half. */
  async function send() {
    let sent = 0;
    for (;;) {
      const n = await dispatchDue();
      sent += n;
      if (n < batch || stopped) break;
    }
    await pollReceipts();
    await purge();
    return sent;
  }

  /** Once an hour: finished messages past the retention period leave the log. */
  async function purge() {
    const now = clock().getTime();
    if (now - lastPurge < 3_600_000) return;
    lastPurge = now;
    const n = await repo.purge(opts.db, new Date(now - retentionMs));
    if (n) log.info({ messages: n }, 'old messages removed from the delivery log');
  }

  async function tick() {
    const r = await route();
    const sent = await send();
    return { ...r, sent };
  }

  /**
   * Two loops, so that a burst of alarm events being routed never holds back messages already due (and
   * the other way round); each runs again at once while it finds work, else after `pollMs`.
   */
  function loopOf(work: () => Promise<number>) {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let running: Promise<unknown> = Promise.resolve();
    let again = false;
    const schedule = (ms: number) => {
      if (stopped) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(run, ms);
      timer.unref?.();
    };
    const run = () => {
      timer = null;
      running = work().then(
        (n) => {
          const busy = n > 0 || again;
          again = false;
          schedule(busy ? 0 : pollMs);
        },
        (err: unknown) => {
          log.error({ err }, 'notification round failed');
          schedule(Math.max(pollMs, 1_000));
        },
      );
    };
    return {
      start: () => schedule(0),
      wake: () => {
        again = true;
        if (timer) schedule(0);
      },
      stop: async () => {
        if (timer) clearTimeout(timer);
        await running.catch(() => undefined);
      },
    };
  }
  const routing = loopOf(async () => {
    const r = await route();
    if (r.messages > 0) sending.wake();
    return r.triggers;
  });
  const sending = loopOf(send);

  return {
    start: () => {
      routing.start();
      sending.start();
    },
    wake: () => {
      routing.wake();
      sending.wake();
    },
    tick,
    async stop() {
      stopped = true;
      await Promise.all([routing.stop(), sending.stop()]);
    },
  };
}
