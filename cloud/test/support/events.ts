/** Hub events for cloud tests, in the shape a hub pushes them (`ingest.push` rows). */
import type { PushedRow } from '../../src/modules/ingest/ingest.service.ts';

/** An event as tests write it: its type, time and the other fields of the contract. */
export interface TestEvent {
  type: string;
  at: number;
  body: Record<string, unknown>;
}

/** What a call records about its choice (the contract requires it; its content does not matter here). */
export const WHY = { rule: 'longest-wait', class: 'regular', score: 1, passedOver: [] } as const;

/** Rows numbered from `first`, as the hub's outbox sends them. */
export const toRows = (events: readonly TestEvent[], first = 1, historical = false): PushedRow[] =>
  events.map((e, i) => ({ seq: first + i, type: e.type, body: { ...e.body, at: e.at }, historical }));
