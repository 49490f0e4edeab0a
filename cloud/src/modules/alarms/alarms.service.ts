/**
 * Alarms in the console: what the hubs raised, and acknowledgement from the console. The hub owns its
 * alarms, so an ack made here is a request: the hub takes it at its next poll (every few seconds),
 * acknowledges locally and reports `alarm.acked`, which sets `ackedAt` here. Until then the console shows
 * it as acknowledged and waiting for the hall. Alarms the cloud raises itself (about a hub, e.g. one that
 * restarted on an empty data folder) are acknowledged here at once.
 */
import { CLOUD_ALARM_RULES } from '@hall/devices/alarm-text';
import type { Db } from '../../db/client.ts';
import type { HubOutboxReport } from '../halls/halls.table.ts';
import { AppError } from '../../errors.ts';
import { accessRepository } from '../access/access.repository.ts';
import { audit, unitsAllowed, type SessionUser } from '../access/access.service.ts';
import { pendingReleases } from '../counters/counters.service.ts';
import { hallsRepository } from '../halls/halls.repository.ts';
import { alarmsRepository as repo } from './alarms.repository.ts';

export async function listAlarms(
  db: Db,
  user: SessionUser,
  q: { hallId?: string; clearedWithinHours: number; limit: number },
  now = new Date(),
) {
  const units = await accessRepository.units(db);
  const allowed = unitsAllowed(user, units, 'alerts', 'view');
  const halls = units.filter((u) => u.hallId && allowed.has(u.id) && (!q.hallId || u.hallId === q.hallId));
  const names = new Map(halls.map((u) => [u.hallId as string, u.name]));
  const rows = await repo.list(
    db,
    [...names.keys()],
    new Date(now.getTime() - q.clearedWithinHours * 3_600_000),
    q.limit,
  );
  const zones = new Map<string, string>();
  for (const hallId of new Set(rows.map((a) => a.hallId)))
    zones.set(hallId, (await hallsRepository.hall(db, hallId))?.timeZone ?? 'Asia/Shanghai');
  const acks = rows.map((a) => ({
    acked: ackerOf(a.ackedBy),
    // Requested here, in the console, by the signed-in user.
    requested: a.ackRequestedBy ? { username: a.ackRequestedBy, via: 'console' as const } : null,
  }));
  const people = await accessRepository.namesOf(db, [
    ...new Set(acks.flatMap((x) => [x.acked?.username, x.requested?.username]).filter((u): u is string => !!u)),
  ]);
  const named = (who: Acker | null) => (who ? { name: people.get(who.username) ?? who.username, via: who.via } : null);
  return rows.map((a, i) => ({
    hallId: a.hallId,
    hallName: names.get(a.hallId) ?? a.hallId,
    alarmId: a.alarmId,
    rule: a.rule,
    subject: a.subject,
    severity: a.severity,
    message: a.message,
    params: a.params ?? null,
    value: a.value,
    raisedAt: a.raisedAt.getTime(),
    clearedAt: a.clearedAt?.getTime() ?? null,
    ackedAt: a.ackedAt?.getTime() ?? null,
    ackedBy: a.ackedBy,
    ackRequestedAt: a.ackRequestedAt?.getTime() ?? null,
    ackRequestedBy: a.ackRequestedBy,
    /** Who acknowledged, by display name, and where (the console, or in the hall): for people to read. */
    ackedByPerson: named(acks[i]?.acked ?? null),
    ackRequestedByPerson: named(acks[i]?.requested ?? null),
    /** The hall's time zone: its times are shown in hall time. */
    timeZone: zones.get(a.hallId) ?? 'Asia/Shanghai',
  }));
}

interface Acker {
  username: string;
  via: 'console' | 'hall';
}

/** The hub records an acknowledgement from the console as "<username> (console)" (edge/src/hub.ts). */
function ackerOf(by: string | null): Acker | null {
  if (!by) return null;
  const m = /^(.*) \(console\)$/.exec(by);
  return m ? { username: m[1] as string, via: 'console' } : { username: by, via: 'hall' };
}

export async function ackAlarm(db: Db, user: SessionUser, hallId: string, alarmId: string, now = new Date()) {
  const alarm = await repo.get(db, hallId, alarmId);
  if (!alarm) throw new AppError('NOT_FOUND', `no alarm ${alarmId} in hall ${hallId}`);
  if (alarm.clearedAt)
    throw new AppError('CONFLICT', `alarm ${alarmId} has cleared`, { detail: { code: 'alarm-cleared' } });
  if (alarm.ackedAt || alarm.ackRequestedAt) return { alreadyAcked: true as const };
  if ((CLOUD_ALARM_RULES as readonly string[]).includes(alarm.rule))
    await repo.ackCloudAlarm(db, hallId, alarmId, user.username, now);
  else await repo.requestAck(db, hallId, alarmId, user.username, now);
  await audit(db, {
    userId: user.id,
    action: 'alarm.acked',
    entity: 'alarm',
    entityId: alarmId,
    orgUnitId: (await accessRepository.unitOfHall(db, hallId))?.id ?? null,
    after: { hallId, rule: alarm.rule, subject: alarm.subject },
  });
  return { alreadyAcked: false as const };
}

/**
 * For a hub's poll: acknowledgements and counter releases to apply; the poll also tells the cloud the
 * hub is alive, and how its outbox is.
 */
export async function hubPoll(
  db: Db,
  hub: { id: string; hallId: string },
  outbox: HubOutboxReport | null = null,
  now = new Date(),
) {
  await repo.touchHub(db, hub.id, now, outbox);
  return { acks: await repo.pendingAcks(db, hub.hallId), releases: await pendingReleases(db, hub.hallId, now) };
}
