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
