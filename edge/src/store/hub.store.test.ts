import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubEvent } from '../bus/hub-events.ts';
import { HubStore } from './hub.store.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function store() {
  const dir = mkdtempSync(join(tmpdir(), 'hub-store-'));
  dirs.push(dir);
  return new HubStore(dir);
}

const T = Date.UTC(2026, 10, 25, 2, 0, 0);
const people = (i: number): HubEvent => ({
  type: 'occupancy.counted',
  at: T + i,
  deviceId: 'door',
  in: 1,
  out: 0,
  totalIn: i,
  totalOut: 0,
  reset: false,
});
const issued = (i: number): HubEvent => ({
  type: 'ticket.issued',
  at: T + i,
  ticketNo: `A${String(i).padStart(3, '0')}`,
  serviceId: 'billing',
  priority: null,
  channel: 'kiosk',
  deviceId: 'k',
  waitingAhead: 0,
  eta: { p50Minutes: 1, p90Minutes: 2 },
});

describe('outbox disk budget', () => {
  it('drops the oldest telemetry first, never queue events, and keeps every sequence number', () => {
    const s = store();
    const events: HubEvent[] = [];
    for (let i = 1; i <= 200; i++) events.push(i % 4 === 0 ? issued(i) : people(i));
    s.commit([{ events, replies: [] }], 1, T);
    const before = s.outboxAfter(0, 1_000);
    const total = before.reduce((a, r) => a + r.body.length, 0);
    const dropped = s.enforceOutboxBudget(Math.floor(total * 0.6), T + 1_000);
    expect(dropped).toBeGreaterThan(0);
    const after = s.outboxAfter(0, 1_000);
    expect(after.map((r) => r.seq)).toEqual(before.map((r) => r.seq));
    expect(after.filter((r) => r.kind === 'ticket.issued')).toHaveLength(50);
    const droppedRows = after.filter((r) => r.kind === 'telemetry.dropped');
    expect(droppedRows).toHaveLength(dropped);
    // The oldest telemetry went first.
    expect(Math.max(...droppedRows.map((r) => r.seq))).toBeLessThan(
      Math.min(...after.filter((r) => r.kind === 'occupancy.counted').map((r) => r.seq)),
    );
    expect(after.reduce((a, r) => a + r.body.length, 0)).toBeLessThanOrEqual(Math.floor(total * 0.6));
    s.close();
  });

  it('moves a refused row to the dead-letter table and leaves a tombstone in its place', () => {
    const s = store();
    s.commit([{ events: [issued(1), issued(2)], replies: [] }], 1, T);
    s.deadLetter(2, 'BAD_REQUEST: at', T + 5);
    expect(s.deadLetters()).toBe(1);
    const rows = s.outboxAfter(0, 10);
    expect(rows.map((r) => [r.seq, r.kind])).toEqual([
      [1, 'ticket.issued'],
      [2, 'hub.dead-letter'],
    ]);
    expect(JSON.parse(rows[1]?.body ?? '{}')).toMatchObject({ originalKind: 'ticket.issued', at: T + 5 });
    s.close();
  });
});
