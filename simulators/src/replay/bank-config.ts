/**
 * The hall a bank replay plays in, as the hub's hall config document: the bank's services, one counter
 * per agent (and per overlap lane), the voice unit as a ticket terminal and a call button per counter,
 * each device with its own secret. The secrets come from one replay key (`HALL_SIM_REPLAY_KEY`), so the
 * replay and the hub's config agree without a variable per device.
 */
import { createHmac } from 'node:crypto';
import { hashSecretSync } from '@hall/devices/secrets';
import { BANK_SERVICES, type ReplayPlan } from './bank-data.ts';

/** A device's (or the display token's) secret derived from the replay key. */
export function replaySecret(key: string, id: string): string {
  return createHmac('sha256', key).update(`hall-replay:${id}`).digest('base64url').slice(0, 32);
}

export const KIOSK_ID = 'kiosk-vru';
export const counterDeviceId = (counter: string) => `ctr-${counter.toLowerCase()}`;

/**
 * When the hall's day starts: the first minute after the last step that runs past midnight (the log's
 * day ends a few minutes into the next one), so the whole day is one day at the hub.
 */
export function replayDayStart(plan: ReplayPlan): string {
  const first = Math.min(...plan.steps.map((s) => s.at));
  const pastMidnight = plan.steps.map((s) => s.at - 86_400).filter((at) => at >= 0);
  if (pastMidnight.length === 0) return '00:00';
  const minute = Math.floor(Math.max(...pastMidnight) / 60) + 1;
  if (minute * 60 > first || minute >= 24 * 60)
    throw new Error('this day of the log has no quiet minute to start the hall day at');
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

export function bankHallConfig(opts: {
  plan: ReplayPlan;
  hallId: string;
  timeZone: string;
  key: string;
}): Record<string, unknown> {
  const { plan, key } = opts;
  const services = Object.values(BANK_SERVICES);
  const counters = [...plan.counters.keys()];
  const hash = (id: string) => hashSecretSync(replaySecret(key, id));
  return {
    hall: { id: opts.hallId, name: 'Anonymous Bank (replay)', timeZone: opts.timeZone, capacity: 500 },
    services: services.map((s) => ({ id: s.id, name: s.name, prefix: s.prefix })),
    counters: counters.map((c) => ({ id: c, name: c, services: Object.fromEntries(services.map((s) => [s.id, 1])) })),
    queue: { dayStartsAt: replayDayStart(plan) },
    api: { displayTokenHash: hash('display') },
    staff: [...new Set(plan.counters.values())].map((id) => ({ id, name: id })),
    devices: [
      { id: KIOSK_ID, kind: 'ticket-terminal', transport: 'mqtt', secretHash: hash(KIOSK_ID) },
      ...counters.map((c) => ({
        id: counterDeviceId(c),
        kind: 'counter-terminal',
        transport: 'mqtt',
        secretHash: hash(counterDeviceId(c)),
        counterId: c,
      })),
    ],
  };
}
