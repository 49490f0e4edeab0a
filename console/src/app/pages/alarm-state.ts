/** Where an alarm stands, as the console shows it. */
export interface AlarmLike {
  clearedAt: number | null;
  ackedAt: number | null;
  ackRequestedAt: number | null;
}

export type AlarmState = 'cleared' | 'acked' | 'ack-pending' | 'open';

/** Cleared beats acknowledged; an ack made here is "pending" until the hall's hub reports it. */
export function alarmState(a: AlarmLike): AlarmState {
  if (a.clearedAt !== null) return 'cleared';
  if (a.ackedAt !== null) return 'acked';
  if (a.ackRequestedAt !== null) return 'ack-pending';
  return 'open';
}

export const RULES = ['long-wait', 'queue-per-counter', 'occupancy', 'arrival-surge', 'counters-below-schedule', 'low-rating-streak', 'idle-counter', 'device-offline', 'outbox-backlog', 'sync-dead-letter'] as const;
export type Rule = (typeof RULES)[number];
export const isRule = (r: string): r is Rule => (RULES as readonly string[]).includes(r);
