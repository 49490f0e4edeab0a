/**
 * Notifications as the console and ingest see them: the intake of live alarm events (in ingest's
 * transaction), channel accounts (secrets write-only: answered as set / not set), routing rules,
 * people's contact details and subscriptions, the delivery log and resending. Every change is audited.
 */
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { accessRepository } from '../access/access.repository.ts';
import { audit, subtree, unitsAllowed, type SessionUser } from '../access/access.service.ts';
import { roleAllows, type Module, type Role } from '../access/permissions.ts';
import { CHANNEL_SCHEMAS, SMS_KINDS } from './channels/index.ts';
import { SEND_ERRORS } from './channels/channel.ts';
import { chainOf } from './routing.ts';
import {
  notificationsRepository as repo,
  type ChannelRow,
  type OutboxRow,
  type RuleRow,
  type Tx,
} from './notifications.repository.ts';
import type {
  ChannelKind,
  EscalationStep,
  MessageStatus,
  QuietHours,
  RuleRecipient,
  Severity,
  Subscription,
} from './notifications.table.ts';

/** An alarm event as far as notifications care (hub events of the contract, and the cloud's own alarms). */
export interface AlarmEventLike {
  type: string;
  alarmId?: string;
  severity?: string;
}

/** Live alarm events of a projected run, as triggers (called by ingest inside its transaction). */
export async function recordAlarmEvents(
  tx: Tx,
  hallId: string,
  events: ReadonlyArray<{ seq: number; at: Date; event: AlarmEventLike }>,
) {
  const kinds = { 'alarm.raised': 'raised', 'alarm.updated': 'updated', 'alarm.cleared': 'cleared' } as const;
  const rows = [];
  for (const { seq, at, event: e } of events) {
    const kind = kinds[e.type as keyof typeof kinds];
    if (!kind || !e.alarmId) continue;
    rows.push({
      hallId,
      alarmId: e.alarmId,
      kind,
      severity: kind === 'cleared' ? null : (e.severity ?? null),
      seq,
      at,
    });
  }
  await repo.insertTriggers(tx, rows);
}

/**
 * Messages to people that are not about an alarm (the daily hall report): one per user and personal
 * channel, rendered in each one's language, attachments by reference (the dispatcher's `attachments`
 * resolves them). `dedupeKey` names the occasion (`report|H1|2026-11-25`): calling again for the same
 * occasion sends nothing new. Users without an address are logged as such. Answers messages queued.
 */
export async function enqueueForUsers(
  db: Db,
  o: {
    dedupeKey: string;
    userIds: string[];
    /** `email`, `sms`, or both; each through the first enabled channel of its kind. */
    via: Array<'email' | 'sms'>;
    render: (lang: 'zh-CN' | 'en') => { subject: string; body: string; templateParams?: Record<string, string> };
    hallId?: string | null;
    attachments?: Array<{ filename: string; contentType: string; ref: string }>;
    now?: Date;
  },
): Promise<number> {
  const now = o.now ?? new Date();
  const channels = (await repo.channels(db)).filter((c) => c.enabled);
  const profiles = new Map((await repo.profilesOf(db, o.userIds)).map((p) => [p.userId, p]));
  const rows = [];
  for (const userId of o.userIds.slice(0, 10_000)) {
    const p = profiles.get(userId);
    const lang = p?.language ?? 'zh-CN';
    const r = o.render(lang);
    for (const via of o.via) {
      const channel = channels.find((c) => (via === 'email' ? c.kind === 'smtp' : SMS_KINDS.includes(c.kind)));
      if (!channel) continue;
      const address = via === 'email' ? p?.email : p?.mobile;
      rows.push({
        dedupeKey: `${o.dedupeKey}|u:${userId}|${channel.id}`,
        channelId: channel.id,
        channelKind: channel.kind,
        recipient: address ?? '-',
        userId,
        language: lang,
        subject: r.subject,
        body: r.body,
        templateParams: r.templateParams ?? null,
        attachments: via === 'email' ? (o.attachments ?? []) : [],
        hallId: o.hallId ?? null,
        event: 'report' as const,
        eventAt: now,
        nextAttemptAt: now,
        ...(address ? {} : { status: 'failed' as const, lastErrorCode: 'no-address' }),
      });
    }
  }
  return repo.enqueue(db, rows);
}

// Channels.

/** A channel as the console sees it: its settings, and which secrets are set (never their values). */
function publicChannel(c: ChannelRow) {
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    settings: c.settings,
    secretsSet: Object.keys(c.secrets).filter((k) => Boolean(c.secrets[k])),
    enabled: c.enabled,
    updatedAt: c.updatedAt.getTime(),
  };
}

export async function listChannels(db: Db) {
  return (await repo.channels(db)).map(publicChannel);
}

const rootUnitOf = async (db: Db) => (await accessRepository.units(db)).find((u) => u.parentId === null)?.id ?? null;

/**
 * Saves a channel. Secrets left out keep their stored values (the console never has them); a secret
 * given as an empty string is removed.
 */
export async function saveChannel(
  db: Db,
  user: SessionUser,
  input: {
    id: string;
    kind: ChannelKind;
    name: string;
    settings: Record<string, unknown>;
    secrets: Record<string, string>;
    enabled: boolean;
  },
  now = new Date(),
) {
  const before = await repo.channel(db, input.id);
  if (before && before.kind !== input.kind)
    throw new AppError('CONFLICT', `channel ${input.id} is a ${before.kind} channel`, {
      reason: 'conflict',
      fields: ['kind'],
    });
  const schemas = CHANNEL_SCHEMAS[input.kind];
  const settings = schemas.settings.safeParse(input.settings);
  if (!settings.success)
    throw new AppError(
      'BAD_REQUEST',
      `settings: ${settings.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      {
        reason: 'invalid-input',
        fields: settings.error.issues.map((i) => ['settings', ...i.path].join('.')),
        detail: { code: 'channel-settings-invalid', params: { field: settings.error.issues[0]?.path.join('.') ?? '' } },
      },
    );
  const merged: Record<string, string> = { ...(before?.secrets ?? {}) };
  for (const [k, v] of Object.entries(input.secrets)) {
    if (v === '') delete merged[k];
    else merged[k] = v;
  }
  const secrets = schemas.secrets.safeParse(merged);
  if (!secrets.success)
    throw new AppError(
      'BAD_REQUEST',
      `secrets: ${secrets.error.issues.map((i) => i.path.join('.')).join(', ')} missing or invalid`,
      {
        reason: 'invalid-input',
        fields: secrets.error.issues.map((i) => ['secrets', ...i.path].join('.')),
        detail: { code: 'channel-secret-missing', params: { field: secrets.error.issues[0]?.path.join('.') ?? '' } },
      },
    );
  await repo.upsertChannel(db, {
    id: input.id,
    kind: input.kind,
    name: input.name,
    settings: settings.data as Record<string, unknown>,
    secrets: merged,
    enabled: input.enabled,
    updatedAt: now,
  });
  // The audit names which secrets changed, never their values.
  await audit(db, {
    userId: user.id,
    action: before ? 'notify.channel.updated' : 'notify.channel.created',
    entity: 'notification_channel',
    entityId: input.id,
    orgUnitId: await rootUnitOf(db),
    before: before ? { ...publicChannel(before), updatedAt: undefined } : null,
    after: {
      kind: input.kind,
      name: input.name,
      settings: settings.data,
      enabled: input.enabled,
      secretsChanged: Object.keys(input.secrets),
    },
  });
  return publicChannel((await repo.channel(db, input.id)) as ChannelRow);
}

export async function deleteChannel(db: Db, user: SessionUser, id: string) {
  const before = await repo.channel(db, id);
  if (!before) throw new AppError('NOT_FOUND', `no channel ${id}`, { reason: 'not-found' });
  await repo.deleteChannel(db, id);
  await audit(db, {
    userId: user.id,
    action: 'notify.channel.deleted',
    entity: 'notification_channel',
    entityId: id,
    orgUnitId: await rootUnitOf(db),
    before: { ...publicChannel(before), updatedAt: undefined },
  });
  return { deleted: true as const };
}

/** A test message through a channel to an address (or the group), through the outbox like any other. */
export async function sendTestMessage(
  db: Db,
  user: SessionUser,
  input: { channelId: string; to?: string | undefined },
  now = new Date(),
) {
  const channel = await repo.channel(db, input.channelId);
  if (!channel) throw new AppError('NOT_FOUND', `no channel ${input.channelId}`, { reason: 'not-found' });
  const personal = ['smtp', 'aliyun-sms', 'tencent-sms'].includes(channel.kind);
  if (personal && !input.to)
    throw new AppError('BAD_REQUEST', 'to: an address is needed for this channel', {
      reason: 'invalid-input',
      fields: ['to'],
    });
  const profile = await repo.profile(db, user.id);
  const lang = profile?.language ?? 'zh-CN';
  const subject = lang === 'zh-CN' ? '营业厅运营平台：测试消息' : 'Hall operations: test message';
  const body =
    lang === 'zh-CN'
      ? `这是 ${user.name} 从控制台发送的测试消息，通道「${channel.name}」工作正常。\n`
      : `A test message sent by ${user.name} from the console: channel "${channel.name}" works.\n`;
  const to = personal ? (input.to as string) : channel.id;
  await repo.enqueue(db, [
    {
      dedupeKey: `test|${channel.id}|${to}|${now.getTime()}`,
      channelId: channel.id,
      channelKind: channel.kind,
      recipient: to,
      userId: user.id,
      language: lang,
      subject,
      body,
      templateParams: { hall: '-', alarm: subject.slice(0, 20), severity: '-', event: '-', time: '-', detail: '-' },
      event: 'test',
      eventAt: now,
      nextAttemptAt: now,
    },
  ]);
  await audit(db, {
    userId: user.id,
    action: 'notify.channel.tested',
    entity: 'notification_channel',
    entityId: channel.id,
    orgUnitId: await rootUnitOf(db),
    after: { to },
  });
  return { queued: true as const };
}

// Rules.

export interface RuleInput {
  orgUnitId: string;
  alarmRule: string | null;
  minSeverity: Severity;
  recipients: RuleRecipient[];
  channels: string[];
  quietHours: QuietHours | null;
  repeatSeconds: number | null;
  escalation: EscalationStep[];
  enabled: boolean;
}

const publicRule = (r: RuleRow) => ({ ...r, updatedAt: r.updatedAt.getTime() });

/** Rules at the units the caller may see alerts of (and the rules above them, which apply there too). */
export async function listRules(db: Db, user: SessionUser) {
  const units = await accessRepository.units(db);
  const allowed = unitsAllowed(user, units, 'alerts', 'view');
  const rules = (await repo.rules(db)).filter((r) => allowed.has(r.orgUnitId));
  // Named recipients by their names (the console shows no user ids).
  const ids = [...new Set(rules.flatMap((r) => r.recipients.filter((x) => x.kind === 'user').map((x) => x.id)))];
  const names = new Map((await repo.usersByIds(db, ids)).map((u) => [u.id, u.name]));
  return rules.map((r) => ({
    ...publicRule(r),
    recipients: r.recipients.map((x) => (x.kind === 'user' ? { ...x, name: names.get(x.id) ?? null } : x)),
  }));
}

async function checkRule(db: Db, input: RuleInput) {
  const channels = new Set((await repo.channels(db)).map((c) => c.id));
  const missing = input.channels.find((c) => !channels.has(c));
  if (missing)
    throw new AppError('BAD_REQUEST', `channels: no channel ${missing}`, {
      reason: 'invalid-input',
      fields: ['channels'],
      detail: { code: 'channel-not-found', params: { channel: missing } },
    });
  const userIds = input.recipients.filter((r) => r.kind === 'user').map((r) => r.id);
  const found = new Set((await repo.usersByIds(db, userIds)).map((u) => u.id));
  const unknown = userIds.find((u) => !found.has(u));
  if (unknown)
    throw new AppError('BAD_REQUEST', `recipients: no user ${unknown}`, {
      reason: 'invalid-input',
      fields: ['recipients'],
      detail: { code: 'user-not-found', params: { user: unknown } },
    });
}

export async function createRule(db: Db, user: SessionUser, input: RuleInput, now = new Date()) {
  await checkRule(db, input);
  const id = await repo.insertRule(db, { ...input, updatedAt: now });
  await audit(db, {
    userId: user.id,
    action: 'notify.rule.created',
    entity: 'notification_rule',
    entityId: String(id),
    orgUnitId: input.orgUnitId,
    after: input,
  });
  return publicRule((await repo.rule(db, id)) as RuleRow);
}

export async function updateRule(db: Db, user: SessionUser, id: number, input: RuleInput, now = new Date()) {
  const before = await repo.rule(db, id);
  if (!before) throw new AppError('NOT_FOUND', `no rule ${id}`, { reason: 'not-found' });
  // Moving a rule needs edit rights where it was too.
  if (before.orgUnitId !== input.orgUnitId) {
    const units = await accessRepository.units(db);
    if (!unitsAllowed(user, units, 'alerts', 'edit').has(before.orgUnitId))
      throw new AppError('FORBIDDEN', `rule ${id} belongs to a unit you may not edit`, { reason: 'forbidden' });
  }
  await checkRule(db, input);
  await repo.updateRule(db, id, { ...input, updatedAt: now });
  await audit(db, {
    userId: user.id,
    action: 'notify.rule.updated',
    entity: 'notification_rule',
    entityId: String(id),
    orgUnitId: input.orgUnitId,
    before: publicRule(before),
    after: input,
  });
  return publicRule((await repo.rule(db, id)) as RuleRow);
}

export async function deleteRule(db: Db, user: SessionUser, id: number, orgUnitId: string) {
  const before = await repo.rule(db, id);
  if (!before || before.orgUnitId !== orgUnitId)
    throw new AppError('NOT_FOUND', `no rule ${id}`, { reason: 'not-found' });
  await repo.deleteRule(db, id);
  await audit(db, {
    userId: user.id,
    action: 'notify.rule.deleted',
    entity: 'notification_rule',
    entityId: String(id),
    orgUnitId,
    before: publicRule(before),
  });
  return { deleted: true as const };
}

// Profiles.

export async function getProfile(db: Db, userId: string) {
  const user = await accessRepository.user(db, userId);
  if (!user) throw new AppError('NOT_FOUND', `no user ${userId}`, { reason: 'not-found' });
  const p = await repo.profile(db, userId);
  return {
    userId,
    username: user.username,
    name: user.name,
    email: p?.email ?? null,
    mobile: p?.mobile ?? null,
    language: p?.language ?? 'zh-CN',
    subscriptions: p?.subscriptions ?? [],
  };
}

export async function saveProfile(
  db: Db,
  actor: SessionUser,
  input: {
    userId: string;
    email: string | null;
    mobile: string | null;
    language: 'zh-CN' | 'en';
    subscriptions: Subscription[];
  },
  now = new Date(),
) {
  const target = await accessRepository.user(db, input.userId);
  if (!target) throw new AppError('NOT_FOUND', `no user ${input.userId}`, { reason: 'not-found' });
  // A subscription reaches only halls whose alarms the person may see.
  const units = await accessRepository.units(db);
  const grants = await accessRepository.grants(db, input.userId);
  const sees = new Set<string>();
  for (const g of grants)
    if (roleAllows(g.role as Role, 'alerts', 'view')) for (const id of subtree(units, g.orgUnitId)) sees.add(id);
  for (const [i, s] of input.subscriptions.entries()) {
    if (!units.some((u) => u.id === s.orgUnitId))
      throw new AppError('BAD_REQUEST', `subscriptions.${i}.orgUnitId: no such unit`, {
        reason: 'invalid-input',
        fields: [`subscriptions.${i}.orgUnitId`],
      });
    if (!sees.has(s.orgUnitId))
      throw new AppError('FORBIDDEN', `subscriptions.${i}.orgUnitId: alarms of this unit are not visible to the user`, {
        reason: 'forbidden',
        fields: [`subscriptions.${i}.orgUnitId`],
        detail: { code: 'subscription-not-visible', params: { unit: s.orgUnitId } },
      });
  }
  const before = await repo.profile(db, input.userId);
  await repo.upsertProfile(db, { ...input, updatedAt: now });
  await audit(db, {
    userId: actor.id,
    action: 'notify.profile.updated',
    entity: 'user',
    entityId: input.userId,
    orgUnitId: target.orgUnitId,
    before: before ? { ...before, updatedAt: undefined } : null,
    after: input,
  });
  return getProfile(db, input.userId);
}

export async function subscribableUnits(db: Db, user: SessionUser) {
  const units = await accessRepository.units(db);
  const allowed = unitsAllowed(user, units, 'alerts', 'view');
  return units
    .filter((u) => allowed.has(u.id))
    .map((u) => ({ id: u.id, parentId: u.parentId, kind: u.kind, name: u.name, hallId: u.hallId }));
}

/** Profiles of the users the caller may administer (administrators see and edit everyone's). */
export async function listProfiles(db: Db, user: SessionUser) {
  const units = await accessRepository.units(db);
  const allowed = unitsAllowed(user, units, 'users', 'edit');
  const people = await accessRepository.usersIn(db, [...allowed]);
  const profiles = new Map(
    (
      await repo.profilesOf(
        db,
        people.map((p) => p.id),
      )
    ).map((p) => [p.userId, p]),
  );
  return people.map((u) => {
    const p = profiles.get(u.id);
    return {
      userId: u.id,
      username: u.username,
      name: u.name,
      email: p?.email ?? null,
      mobile: p?.mobile ?? null,
      language: p?.language ?? 'zh-CN',
      subscriptions: p?.subscriptions ?? [],
    };
  });
}

// The delivery log.

const publicMessage = (m: OutboxRow, hallNames: Map<string, string>, channelNames: Map<string, string>) => ({
  id: m.id,
  channelId: m.channelId,
  channelName: channelNames.get(m.channelId) ?? m.channelId,
  channelKind: m.channelKind,
  recipient: m.recipient,
  userId: m.userId,
  language: m.language,
  subject: m.subject,
  body: m.body,
  hallId: m.hallId,
  hallName: m.hallId ? (hallNames.get(m.hallId) ?? m.hallId) : null,
  alarmId: m.alarmId,
  event: m.event,
  severity: m.severity,
  status: m.status,
  attempts: m.attempts,
  nextAttemptAt: m.nextAttemptAt.getTime(),
  lastErrorCode: (SEND_ERRORS as readonly string[]).includes(m.lastErrorCode ?? '')
    ? m.lastErrorCode
    : m.lastErrorCode
      ? 'provider-error'
      : null,
  lastErrorDetail: m.lastErrorDetail,
  createdAt: m.createdAt.getTime(),
  eventAt: m.eventAt.getTime(),
  sentAt: m.sentAt?.getTime() ?? null,
  deliveredAt: m.deliveredAt?.getTime() ?? null,
});

export async function deliveryLog(
  db: Db,
  user: SessionUser,
  f: {
    status?: MessageStatus;
    channelId?: string;
    alarmId?: string;
    hallId?: string;
    mine?: boolean;
    beforeId?: number;
    limit: number;
  },
) {
  const units = await accessRepository.units(db);
  // Administrators (system) see every message; others the messages of halls whose alarms they see, and their own.
  const system = unitsAllowed(user, units, 'system', 'view');
  const root = units.find((u) => u.parentId === null);
  const everything = root ? system.has(root.id) : false;
  let hallIds: string[] | null = null;
  if (!everything || f.hallId) {
    const allowed = unitsAllowed(user, units, 'alerts', 'view');
    hallIds = units
      .filter((u) => u.hallId && (everything || allowed.has(u.id)) && (!f.hallId || u.hallId === f.hallId))
      .map((u) => u.hallId as string);
  }
  const rows = await repo.log(db, {
    hallIds: f.mine ? null : hallIds,
    ...(f.mine ? { userId: user.id } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.channelId ? { channelId: f.channelId } : {}),
    ...(f.alarmId ? { alarmId: f.alarmId } : {}),
    ...(f.beforeId ? { beforeId: f.beforeId } : {}),
    limit: f.limit,
  });
  const names = new Map(units.filter((u) => u.hallId).map((u) => [u.hallId as string, u.name]));
  const channels = new Map((await repo.channels(db)).map((c) => [c.id, c.name]));
  return rows.map((m) => publicMessage(m, names, channels));
}

export async function resendMessage(db: Db, user: SessionUser, id: number, now = new Date()) {
  const m = await repo.message(db, id);
  if (!m) throw new AppError('NOT_FOUND', `no message ${id}`, { reason: 'not-found' });
  if (m.status !== 'failed')
    throw new AppError('CONFLICT', `message ${id} is ${m.status}, not failed`, {
      reason: 'conflict',
      detail: { code: 'message-not-failed', params: { status: m.status } },
    });
  if (m.recipient === '-')
    throw new AppError('CONFLICT', `message ${id} has no address`, {
      reason: 'conflict',
      detail: { code: 'message-no-address' },
    });
  await repo.resend(db, id, now);
  await audit(db, {
    userId: user.id,
    action: 'notify.message.resent',
    entity: 'notification_message',
    entityId: String(id),
    orgUnitId: m.hallId ? ((await accessRepository.unitOfHall(db, m.hallId))?.id ?? null) : await rootUnitOf(db),
    before: { status: m.status, lastErrorCode: m.lastErrorCode },
  });
  return { queued: true as const };
}

export async function outboxSummary(db: Db) {
  return Object.fromEntries((await repo.counts(db)).map((r) => [r.status, r.n])) as Partial<
    Record<MessageStatus, number>
  >;
}

/**
 * Who receives a hall's daily report by e-mail: people whose subscriptions ask for the daily report of
 * a unit at or above the hall and who may see its analytics (a grant there or above), with their
 * languages. Disabled users are left out.
 */
export async function reportSubscribers(
  db: Db,
  hallId: string,
): Promise<Array<{ userId: string; language: 'zh-CN' | 'en' }>> {
  const chain = chainOf(await repo.units(db), hallId);
  return subscribersOf(db, new Set(chain.map((u) => u.id)), { flag: 'dailyReport', module: 'analytics' });
}

/**
 * Who receives the daily KPI report of a hall or the roll-up of a unit (`unitId`: the hall's unit or the
 * region): people subscribed to the KPI report at that unit or above who may see performance there.
 */
export async function kpiReportSubscribers(
  db: Db,
  unitId: string,
): Promise<Array<{ userId: string; language: 'zh-CN' | 'en' }>> {
  const units = await repo.units(db);
  const byId = new Map(units.map((u) => [u.id, u]));
  const chainIds = new Set<string>();
  for (let u = byId.get(unitId); u && chainIds.size < 32; u = u.parentId ? byId.get(u.parentId) : undefined)
    chainIds.add(u.id);
  return subscribersOf(db, chainIds, { flag: 'kpiReport', module: 'performance' });
}

/** Subscribers with `flag` at a unit of `chainIds` holding a grant in the chain that allows `module` view. */
async function subscribersOf(
  db: Db,
  chainIds: Set<string>,
  o: { flag: 'dailyReport' | 'kpiReport'; module: Module },
): Promise<Array<{ userId: string; language: 'zh-CN' | 'en' }>> {
  const subscribers = (await repo.subscribersOf(db, [...chainIds])).filter((s) =>
    s.subscriptions.some((sub) => sub[o.flag] && chainIds.has(sub.orgUnitId)),
  );
  const grants = await repo.grantsOf(
    db,
    subscribers.map((s) => s.userId),
  );
  const enabled = new Set(
    (
      await repo.usersByIds(
        db,
        subscribers.map((s) => s.userId),
      )
    )
      .filter((u) => !u.disabled)
      .map((u) => u.id),
  );
  return subscribers
    .filter(
      (s) =>
        enabled.has(s.userId) &&
        grants.some(
          (g) => g.userId === s.userId && chainIds.has(g.orgUnitId) && roleAllows(g.role as Role, o.module, 'view'),
        ),
    )
    .map((s) => ({ userId: s.userId, language: s.language }));
}
