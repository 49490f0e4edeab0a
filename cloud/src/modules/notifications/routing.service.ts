/**
 * From alarm events to messages in the outbox. Ingest records each live alarm event as a trigger in the
 * transaction that projects it; here a dispatcher claims triggers (`FOR UPDATE SKIP LOCKED`, the first
 * open one per alarm), works out who hears of it through which channel, renders each message in its
 * reader's language and inserts it under a dedupe key — one per (alarm event, recipient, channel) — then
 * deletes the trigger, all in one transaction. The escalation scan does the same for watched alarms that
 * stay unacknowledged. Any number of cloud processes can run this at once: a message that another
 * process already inserted is not inserted again.
 */
import type { Db } from '../../db/client.ts';
import { roleAllows, type Role } from '../access/permissions.ts';
import { PERSONAL_KINDS, SMS_KINDS } from './channels/index.ts';
import {
  notificationsRepository as repo,
  type ChannelRow,
  type NewMessage,
  type RuleRow,
  type TriggerRow,
  type Tx,
} from './notifications.repository.ts';
import type { EscalationStep, MessageEvent, QuietHours } from './notifications.table.ts';
import { renderAlarm, type AlarmFacts, type Lang } from './render.ts';
import { atLeast, chainOf, matchingRules, nextCheck, quietUntil, type Unit } from './routing.ts';

interface Context {
  units: Unit[];
  rules: RuleRow[];
  channels: Map<string, ChannelRow>;
  halls: Map<string, { name: string; timeZone: string }>;
}

async function contextOf(tx: Tx | Db): Promise<Context> {
  const [units, rules, channels, halls] = await Promise.all([
    repo.units(tx),
    repo.rules(tx),
    repo.channels(tx),
    repo.halls(tx),
  ]);
  return {
    units,
    rules,
    channels: new Map(channels.map((c) => [c.id, c])),
    halls: new Map(halls.map((h) => [h.id, h])),
  };
}

/** One person or group, through one channel. */
interface Target {
  key: string;
  userId: string | null;
  channel: ChannelRow;
  address: string | null;
  language: Lang;
  quiet: QuietHours | null;
}

/** The first enabled channel of these kinds: where a personal subscription's e-mail or SMS goes. */
function defaultChannel(ctx: Context, kinds: readonly string[]): ChannelRow | undefined {
  return [...ctx.channels.values()].find((c) => c.enabled && kinds.includes(c.kind));
}

const E164ISH = /^\+?[0-9]{6,16}$/;
const EMAILISH = /^[^\s@]+@[^\s@]+$/;

/** People × personal channels, with their addresses and languages from their profiles. */
async function personalTargets(
  tx: Tx,
  people: Array<{ userId: string; channel: ChannelRow; quiet: QuietHours | null }>,
): Promise<Target[]> {
  const profiles = new Map(
    (await repo.profilesOf(tx, [...new Set(people.map((p) => p.userId))])).map((p) => [p.userId, p]),
  );
  return people.map((p) => {
    const profile = profiles.get(p.userId);
    const raw = SMS_KINDS.includes(p.channel.kind) ? profile?.mobile : profile?.email;
    const valid = raw && (SMS_KINDS.includes(p.channel.kind) ? E164ISH.test(raw) : EMAILISH.test(raw));
    return {
      key: `u:${p.userId}`,
      userId: p.userId,
      channel: p.channel,
      address: valid ? (raw as string) : null,
      language: profile?.language ?? 'zh-CN',
      quiet: p.quiet,
    };
  });
}

/** Who hears of an alarm at `severity` by the routing rules and people's own subscriptions. */
async function targetsFor(
  tx: Tx,
  ctx: Context,
  hallId: string,
  alarm: { rule: string; severity: string },
  only?: (r: RuleRow) => boolean,
): Promise<Target[]> {
  const chain = chainOf(ctx.units, hallId);
  const hallUnit = chain[0];
  if (!hallUnit) return [];
  const rules = matchingRules(ctx.rules, chain, alarm).filter((r) => !only || only(r));
  const people: Array<{ userId: string; channel: ChannelRow; quiet: QuietHours | null }> = [];
  const groups: Target[] = [];
  for (const r of rules) {
    const userIds = new Set(r.recipients.filter((x) => x.kind === 'user').map((x) => x.id));
    const roles = r.recipients.filter((x) => x.kind === 'role').map((x) => x.id);
    // Whoever holds the role over the hall (granted at it or above); enabled ones only.
    const named = userIds.size
      ? new Set((await repo.usersByIds(tx, [...userIds])).filter((u) => !u.disabled).map((u) => u.id))
      : new Set<string>();
    const enabled = new Set([
      ...named,
      ...(
        await repo.usersWithRoleAt(
          tx,
          roles,
          chain.map((u) => u.id),
        )
      ).map((u) => u.id),
    ]);
    for (const channelId of r.channels) {
      const channel = ctx.channels.get(channelId);
      if (!channel?.enabled) continue;
      if (PERSONAL_KINDS.includes(channel.kind))
        for (const userId of enabled) people.push({ userId, channel, quiet: r.quietHours ?? null });
      else
        groups.push({
          key: `g:${channel.id}`,
          userId: null,
          channel,
          address: channel.id,
          language: (channel.settings.language as Lang | undefined) ?? 'zh-CN',
          quiet: r.quietHours ?? null,
        });
    }
  }
  if (!only) {
    // People's own subscriptions, if they may see the hall's alarms.
    const chainIds = new Set(chain.map((u) => u.id));
    const subscribers = await repo.subscribersOf(tx, [...chainIds]);
    const grants = await repo.grantsOf(
      tx,
      subscribers.map((s) => s.userId),
    );
    for (const s of subscribers) {
      const allowed = grants.some(
        (g) => g.userId === s.userId && chainIds.has(g.orgUnitId) && roleAllows(g.role as Role, 'alerts', 'view'),
      );
      if (!allowed) continue;
      for (const sub of s.subscriptions) {
        if (!chainIds.has(sub.orgUnitId) || !atLeast(alarm.severity, sub.minSeverity)) continue;
        for (const c of sub.channels) {
          const channel = defaultChannel(ctx, c === 'email' ? ['smtp'] : SMS_KINDS);
          if (channel) people.push({ userId: s.userId, channel, quiet: null });
        }
      }
    }
  }
  const all = [...(await personalTargets(tx, people)), ...groups];
  // One per (person or group, channel): a rule with quiet hours does not hold back one without.
  const out = new Map<string, Target>();
  for (const t of all) {
    const k = `${t.key}|${t.channel.id}`;
    const seen = out.get(k);
    if (!seen) out.set(k, t);
    else if (seen.quiet && !t.quiet) out.set(k, { ...seen, quiet: null });
  }
  return [...out.values()];
}

async function escalationTargets(
  tx: Tx,
  ctx: Context,
  hallId: string,
  step: EscalationStep,
  rule: RuleRow,
): Promise<Target[]> {
  const chain = chainOf(ctx.units, hallId);
  const root = chain.at(-1);
  const units =
    step.to === 'region-managers' ? chain.filter((u) => u.kind === 'region').map((u) => u.id) : root ? [root.id] : [];
  const roles = step.to === 'region-managers' ? ['region_manager'] : ['region_manager', 'administrator'];
  const users = await repo.usersWithRoleAt(tx, roles, units);
  const channels = rule.channels
    .map((id) => ctx.channels.get(id))
    .filter((c): c is ChannelRow => Boolean(c?.enabled && PERSONAL_KINDS.includes(c.kind)));
  // A rule that names only group channels escalates by e-mail.
  const use = channels.length ? channels : [defaultChannel(ctx, ['smtp'])].filter((c): c is ChannelRow => !!c);
  return personalTargets(
    tx,
    users.flatMap((u) => use.map((channel) => ({ userId: u.id, channel, quiet: null }))),
  );
}

function messagesFor(
  targets: Target[],
  o: {
    facts: AlarmFacts;
    hallId: string;
    alarmId: string;
    event: MessageEvent;
    keyPrefix: string;
    now: Date;
    eventAt: Date;
    extra?: Parameters<typeof renderAlarm>[3];
  },
): NewMessage[] {
  return targets.map((t) => {
    const r = renderAlarm(o.facts, o.event, t.language, o.extra);
    const held =
      o.facts.severity !== 'critical' && o.event !== 'resolved' ? quietUntil(o.now, t.quiet, o.facts.timeZone) : null;
    return {
      dedupeKey: `${o.keyPrefix}|${o.hallId}|${o.alarmId}|${t.key}|${t.channel.id}`,
      channelId: t.channel.id,
      channelKind: t.channel.kind,
      recipient: t.address ?? '-',
      userId: t.userId,
      language: t.language,
      subject: r.subject,
      body: r.body,
      templateParams: r.templateParams,
      hallId: o.hallId,
      alarmId: o.alarmId,
      event: o.event,
      severity: o.facts.severity,
      eventAt: o.eventAt,
      nextAttemptAt: held ?? o.now,
      ...(t.address ? {} : { status: 'failed' as const, lastErrorCode: 'no-address' }),
    };
  });
}

async function factsOf(tx: Tx, ctx: Context, hallId: string, alarmId: string) {
  const alarm = await repo.alarm(tx, hallId, alarmId);
  if (!alarm) return null;
  const hall = ctx.halls.get(hallId);
  const facts: AlarmFacts = {
    hallName: hall?.name ?? hallId,
    timeZone: hall?.timeZone ?? 'Asia/Shanghai',
    rule: alarm.rule,
    severity: alarm.severity,
    params: alarm.params ?? null,
    message: alarm.message,
    raisedAt: alarm.raisedAt,
    clearedAt: alarm.clearedAt,
  };
  return { alarm, facts };
}

async function handleTrigger(tx: Tx, ctx: Context, t: TriggerRow, now: Date): Promise<number> {
  const found = await factsOf(tx, ctx, t.hallId, t.alarmId);
  if (!found) return 0;
  const { alarm, facts } = found;
  const base = { hallId: t.hallId, alarmId: t.alarmId, now, eventAt: t.at };
  const watched = await repo.watched(tx, t.hallId, t.alarmId);
  if (t.kind === 'raised') {
    if (watched) return 0;
    const severity = t.severity ?? alarm.severity;
    const f = { ...facts, severity };
    const targets = await targetsFor(tx, ctx, t.hallId, { rule: alarm.rule, severity });
    const n = await repo.enqueue(tx, messagesFor(targets, { ...base, facts: f, event: 'raised', keyPrefix: 'raised' }));
    const rules = matchingRules(ctx.rules, chainOf(ctx.units, t.hallId), { rule: alarm.rule, severity });
    await repo.watch(tx, {
      hallId: t.hallId,
      alarmId: t.alarmId,
      raisedAt: alarm.raisedAt,
      severity,
      nextCheckAt: nextCheck(rules, alarm.raisedAt, now),
    });
    return n;
  }
  if (t.kind === 'updated') {
    const severity = t.severity ?? alarm.severity;
    if (!watched || watched.severity === severity) return 0;
    const f = { ...facts, severity };
    // Everyone the raise reached hears of the change; rules that match only now (a critical-only
    // rule) reach their people with a first message.
    const reached = await repo.raiseRecipients(tx, t.hallId, t.alarmId);
    const seen = new Map<string, Target>();
    for (const m of reached) {
      const channel = ctx.channels.get(m.channelId);
      if (!channel || m.recipient === '-') continue;
      seen.set(`${m.userId ? `u:${m.userId}` : `g:${m.channelId}`}|${m.channelId}`, {
        key: m.userId ? `u:${m.userId}` : `g:${m.channelId}`,
        userId: m.userId,
        channel,
        address: m.recipient,
        language: m.language,
        quiet: null,
      });
    }
    let n = await repo.enqueue(
      tx,
      messagesFor([...seen.values()], {
        ...base,
        facts: f,
        event: 'updated',
        keyPrefix: `updated#${t.seq}`,
        extra: { previousSeverity: watched.severity },
      }),
    );
    const now_targets = await targetsFor(tx, ctx, t.hallId, { rule: alarm.rule, severity });
    n += await repo.enqueue(
      tx,
      messagesFor(
        now_targets.filter((x) => !seen.has(`${x.key}|${x.channel.id}`)),
        { ...base, facts: f, event: 'raised', keyPrefix: 'raised' },
      ),
    );
    const rules = matchingRules(ctx.rules, chainOf(ctx.units, t.hallId), { rule: alarm.rule, severity });
    await repo.watch(tx, { ...watched, severity, nextCheckAt: nextCheck(rules, alarm.raisedAt, now) });
    return n;
  }
  // Cleared: everyone who heard of the raise or an escalation hears it is resolved.
  if (!watched && !(await repo.raiseNotified(tx, t.hallId, t.alarmId))) return 0;
  const reached = await repo.raiseRecipients(tx, t.hallId, t.alarmId);
  const targets = new Map<string, Target>();
  for (const m of reached) {
    const channel = ctx.channels.get(m.channelId);
    if (!channel || m.recipient === '-') continue;
    const key = m.userId ? `u:${m.userId}` : `g:${m.channelId}`;
    targets.set(`${key}|${m.channelId}`, {
      key,
      userId: m.userId,
      channel,
      address: m.recipient,
      language: m.language,
      quiet: null,
    });
  }
  const f = { ...facts, severity: watched?.severity ?? alarm.severity, clearedAt: alarm.clearedAt ?? t.at };
  const n = await repo.enqueue(
    tx,
    messagesFor([...targets.values()], { ...base, facts: f, event: 'resolved', keyPrefix: 'resolved' }),
  );
  await repo.unwatch(tx, t.hallId, t.alarmId);
  return n;
}

/** Turns waiting triggers into messages; answers how many triggers it handled and messages it made. */
export async function expandTriggers(db: Db, now: Date, limit = 100): Promise<{ triggers: number; messages: number }> {
  return db.transaction(async (tx) => {
    const triggers = await repo.claimTriggers(tx, limit);
    if (triggers.length === 0) return { triggers: 0, messages: 0 };
    const ctx = await contextOf(tx);
    let messages = 0;
    for (const t of triggers) messages += await handleTrigger(tx, ctx, t, now);
    await repo.deleteTriggers(
      tx,
      triggers.map((t) => t.id),
    );
    return { triggers: triggers.length, messages };
  });
}

/**
 * Escalation and repeats: watched alarms whose next check is due. An acknowledged alarm is done; an
 * unacknowledged one escalates by each step whose delay has passed (region managers, then HQ) and is
 * repeated to its recipients every `repeatSeconds`. Dedupe keys make a second scanner harmless.
 */
export async function scanEscalations(db: Db, now: Date, limit = 50): Promise<{ alarms: number; messages: number }> {
  return db.transaction(async (tx) => {
    const due = await repo.claimDueAlarms(tx, now, limit);
    if (due.length === 0) return { alarms: 0, messages: 0 };
    const ctx = await contextOf(tx);
    let messages = 0;
    for (const w of due) {
      const found = await factsOf(tx, ctx, w.hallId, w.alarmId);
      if (!found || found.alarm.clearedAt) {
        await repo.setNextCheck(tx, w.hallId, w.alarmId, null);
        continue;
      }
      const { alarm, facts } = found;
      if (alarm.ackedAt || alarm.ackRequestedAt) {
        await repo.setNextCheck(tx, w.hallId, w.alarmId, null);
        continue;
      }
      const f = { ...facts, severity: w.severity };
      const elapsed = (now.getTime() - w.raisedAt.getTime()) / 1_000;
      const base = { hallId: w.hallId, alarmId: w.alarmId, now, eventAt: now, extra: { unackedMinutes: elapsed / 60 } };
      const rules = matchingRules(ctx.rules, chainOf(ctx.units, w.hallId), { rule: alarm.rule, severity: w.severity });
      for (const r of rules) {
        for (const step of r.escalation) {
          if (step.afterSeconds > elapsed) continue;
          const targets = await escalationTargets(tx, ctx, w.hallId, step, r);
          messages += await repo.enqueue(
            tx,
            messagesFor(targets, { ...base, facts: f, event: 'escalated', keyPrefix: `escalated:${step.to}` }),
          );
        }
        if (r.repeatSeconds && elapsed >= r.repeatSeconds) {
          const n = Math.floor(elapsed / r.repeatSeconds);
          const targets = await targetsFor(
            tx,
            ctx,
            w.hallId,
            { rule: alarm.rule, severity: w.severity },
            (x) => x.id === r.id,
          );
          messages += await repo.enqueue(
            tx,
            messagesFor(targets, { ...base, facts: f, event: 'repeated', keyPrefix: `repeated#${n}` }),
          );
        }
      }
      await repo.setNextCheck(tx, w.hallId, w.alarmId, nextCheck(rules, w.raisedAt, now));
    }
    return { alarms: due.length, messages };
  });
}
