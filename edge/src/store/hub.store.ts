/**
 * The hub's durable store: SQLite through better-sqlite3 in WAL mode with synchronous=FULL, so a
 * committed transaction survives power loss. Every state change is an event row and an outbox row
 * written in one transaction; `processed` remembers each device event (eid) and the answer it got, so a
 * duplicate delivery is answered the same way and applied once.
 *
 * Plain prepared statements rather than an ORM: this is the hot path of every device message.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { toSafeText } from '@hall/devices';
import type { DeviceCommand, HubEvent } from '../bus/hub-events.ts';

const MIGRATIONS = [
  `CREATE TABLE events (
     seq INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     type TEXT NOT NULL,
     body TEXT NOT NULL,
     eid TEXT
   );
   CREATE TABLE outbox (
     seq INTEGER PRIMARY KEY,
     kind TEXT NOT NULL,
     body TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE processed (
     eid TEXT PRIMARY KEY,
     device_id TEXT NOT NULL,
     replies TEXT NOT NULL,
     at INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
   CREATE INDEX events_day ON events(type) WHERE type = 'day.started';`,
  `CREATE TABLE alarm_timers (key TEXT PRIMARY KEY, phase TEXT NOT NULL, since INTEGER NOT NULL) WITHOUT ROWID;`,
  `CREATE TABLE historian_spool (id INTEGER PRIMARY KEY, line TEXT NOT NULL);`,
  `CREATE TABLE dead_letter (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, body TEXT NOT NULL, error TEXT NOT NULL, at INTEGER NOT NULL);`,
  `CREATE INDEX events_alarm ON events(seq) WHERE ${alarmTypes()};`,
];

/** The alarm events, as an SQL condition on `type` (the partial index and its queries share it). */
function alarmTypes() {
  return "type IN ('alarm.raised', 'alarm.updated', 'alarm.acked', 'alarm.cleared')";
}
const ALARM_TYPES = alarmTypes();

export interface JournalEntry {
  events: HubEvent[];
  /** The device event this entry answers (dedup), with the device that sent it. */
  eid?: string;
  deviceId?: string;
  replies: DeviceCommand[];
}

export class HubStore {
  readonly db: Database.Database;
  readonly #insertEvent: Database.Statement;
  readonly #insertOutbox: Database.Statement;
  readonly #insertProcessed: Database.Statement;
  readonly #findProcessed: Database.Statement;
  readonly #lastSeq: Database.Statement;

  /**
   * `durable: false` (NORMAL) skips the fsync at each commit: a power cut may lose the last commits, never
   * corrupt the file. Only for runs that are redone from the start when interrupted (the demo's history).
   */
  constructor(dataDir: string, opts: { durable?: boolean } = {}) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // Created 0600 before SQLite opens it: SQLite gives the -wal and -shm files the database's mode.
    closeSync(openSync(join(dataDir, 'hub.db'), 'a', 0o600));
    this.db = new Database(join(dataDir, 'hub.db'));
    this.db.pragma('journal_mode = WAL');
    // FULL: the WAL is fsynced at every commit; a device is answered only after that.
    this.db.pragma(`synchronous = ${opts.durable === false ? 'NORMAL' : 'FULL'}`);
    this.db.pragma('foreign_keys = ON');
    this.#migrate();
    // The journal's instance id, made with the journal (a data folder lost and begun again is a new epoch).
    if (this.getMeta('journal.epoch') === null) this.setMeta('journal.epoch', randomUUID());
    this.#insertEvent = this.db.prepare('INSERT INTO events (seq, at, type, body, eid) VALUES (?, ?, ?, ?, ?)');
    this.#insertOutbox = this.db.prepare('INSERT INTO outbox (seq, kind, body, created_at) VALUES (?, ?, ?, ?)');
    this.#insertProcessed = this.db.prepare(
      'INSERT OR IGNORE INTO processed (eid, device_id, replies, at) VALUES (?, ?, ?, ?)',
    );
    this.#findProcessed = this.db.prepare('SELECT replies FROM processed WHERE eid = ?');
    this.#lastSeq = this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events');
  }

  #migrate() {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v] as string);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  /** This journal's instance id: the cloud tells a hub restarted on an empty folder by it. */
  get epoch(): string {
    return this.getMeta('journal.epoch') as string;
  }

  lastSeq(): number {
    return (this.#lastSeq.get() as { seq: number }).seq;
  }

  /** The answers a device event got, if it was processed before. */
  processed(eid: string): DeviceCommand[] | null {
    const row = this.#findProcessed.get(eid) as { replies: string } | undefined;
    return row ? (JSON.parse(row.replies) as DeviceCommand[]) : null;
  }

  /**
   * Writes a group of entries in one transaction (one fsync). Returns the events with their sequence
   * numbers, in order.
   */
  commit(entries: readonly JournalEntry[], firstSeq: number, now: number): Array<HubEvent & { seq: number }> {
    const out: Array<HubEvent & { seq: number }> = [];
    let seq = firstSeq;
    this.db.transaction(() => {
      for (const entry of entries) {
        for (const event of entry.events) {
          const body = JSON.stringify(event);
          this.#insertEvent.run(seq, event.at, event.type, body, entry.eid ?? null);
          this.#insertOutbox.run(seq, event.type, body, now);
          out.push({ ...event, seq });
          seq += 1;
        }
        if (entry.eid) this.#insertProcessed.run(entry.eid, entry.deviceId ?? '', JSON.stringify(entry.replies), now);
      }
    })();
    return out;
  }

  /** The events of the current day (from the last `day.started`), to rebuild state after a restart. */
  *currentDay(): Generator<HubEvent & { seq: number }> {
    const start = this.db.prepare("SELECT MAX(seq) AS seq FROM events WHERE type = 'day.started'").get() as {
      seq: number | null;
    };
    const rows = this.db
      .prepare('SELECT seq, body FROM events WHERE seq >= ? ORDER BY seq')
      .iterate(start.seq ?? 0) as Iterable<{ seq: number; body: string }>;
    for (const row of rows) yield { ...(JSON.parse(row.body) as HubEvent), seq: row.seq };
  }

  /** The alarm events before the current day, in order: what rebuilds alarms still open from earlier days. */
  *alarmsBeforeToday(): Generator<HubEvent & { seq: number }> {
    const start = this.db.prepare("SELECT MAX(seq) AS seq FROM events WHERE type = 'day.started'").get() as {
      seq: number | null;
    };
    const rows = this.db
      .prepare(`SELECT seq, body FROM events WHERE ${ALARM_TYPES} AND seq < ? ORDER BY seq`)
      .iterate(start.seq ?? 0) as Iterable<{ seq: number; body: string }>;
    for (const row of rows) yield { ...(JSON.parse(row.body) as HubEvent), seq: row.seq };
  }

  /** Every event, in order (tests and the crash check compare state against the whole log). */
  *allEvents(): Generator<HubEvent & { seq: number }> {
    for (const row of this.db.prepare('SELECT seq, body FROM events ORDER BY seq').iterate() as Iterable<{
      seq: number;
      body: string;
    }>) {
      yield { ...(JSON.parse(row.body) as HubEvent), seq: row.seq };
    }
  }

  /** The newest journaled event of a type about a ticket number (explaining a call). */
  latestTicketEvent(type: string, ticketNo: string): HubEvent | undefined {
    const row = this.db
      .prepare(
        "SELECT body FROM events WHERE type = ? AND json_extract(body, '$.ticketNo') = ? ORDER BY seq DESC LIMIT 1",
      )
      .get(type, ticketNo) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as HubEvent) : undefined;
  }

  /** The alarm engine's running raise/clear timers, so a restart does not reset them. */
  loadAlarmTimers(): Array<{ key: string; phase: 'raising' | 'clearing'; since: number }> {
    return this.db.prepare('SELECT key, phase, since FROM alarm_timers').all() as Array<{
      key: string;
      phase: 'raising' | 'clearing';
      since: number;
    }>;
  }

  saveAlarmTimers(timers: Iterable<[string, { phase: 'raising' | 'clearing'; since: number }]>) {
    const insert = this.db.prepare('INSERT INTO alarm_timers (key, phase, since) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM alarm_timers').run();
      for (const [key, t] of timers) insert.run(key, t.phase, t.since);
    })();
  }

  /** The bodies of the outbox rows of one kind still waiting for the cloud (on-site forms: their photos). */
  outboxBodiesOfKind(kind: string): string[] {
    return (
      this.db.prepare('SELECT body FROM outbox WHERE kind = ? ORDER BY seq').all(kind) as Array<{ body: string }>
    ).map((r) => r.body);
  }

  /** Outbox rows after `seq`, in order: what the sync sends next. */
  outboxAfter(seq: number, limit: number): Array<{ seq: number; kind: string; body: string; createdAt: number }> {
    return this.db
      .prepare('SELECT seq, kind, body, created_at AS createdAt FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(seq, limit) as Array<{ seq: number; kind: string; body: string; createdAt: number }>;
  }

  /** The cloud holds everything through `seq`: those rows leave the outbox. */
  dropOutboxThrough(seq: number) {
    this.db.prepare('DELETE FROM outbox WHERE seq <= ?').run(seq);
  }

  /**
   * A row the cloud refuses moves to the dead-letter table; in the outbox a small tombstone keeps its
   * sequence number, so the cloud's acknowledgement can pass it. Nothing is discarded silently.
   */
  deadLetter(seq: number, reason: string, at: number) {
    // The reason goes back to the cloud in the tombstone: free text without control characters.
    const error = toSafeText(reason);
    this.db.transaction(() => {
      const row = this.db.prepare('SELECT kind, body FROM outbox WHERE seq = ?').get(seq) as
        { kind: string; body: string } | undefined;
      if (!row) return;
      this.db
        .prepare('INSERT OR REPLACE INTO dead_letter (seq, kind, body, error, at) VALUES (?, ?, ?, ?, ?)')
        .run(seq, row.kind, row.body, error.slice(0, 1_000), at);
      this.db
        .prepare('UPDATE outbox SET kind = ?, body = ? WHERE seq = ?')
        .run('hub.dead-letter', JSON.stringify({ at, originalKind: row.kind, error: error.slice(0, 200) }), seq);
    })();
  }

  deadLetters(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM dead_letter').get() as { n: number }).n;
  }

  /**
   * Keeps the outbox within `budgetBytes`: the oldest telemetry (people counts, device availability) is
   * replaced by small tombstones first; queue, rating and alarm events are never dropped. Returns how
   * many rows were dropped.
   */
  enforceOutboxBudget(budgetBytes: number, now: number): number {
    const size = (this.db.prepare('SELECT COALESCE(SUM(length(body)), 0) AS b FROM outbox').get() as { b: number }).b;
    if (size <= budgetBytes) return 0;
    let excess = size - budgetBytes;
    let dropped = 0;
    const rows = this.db
      .prepare(
        "SELECT seq, length(body) AS len FROM outbox WHERE kind IN ('occupancy.counted', 'device.availability') ORDER BY seq",
      )
      .iterate() as Iterable<{ seq: number; len: number }>;
    const drop = this.db.prepare('UPDATE outbox SET kind = ?, body = ? WHERE seq = ?');
    // As small as a row can be: the kind says what happened, the time keeps the row valid for the cloud.
    const tombstone = JSON.stringify({ at: now });
    const victims: number[] = [];
    for (const r of rows) {
      if (excess <= 0) break;
      victims.push(r.seq);
      excess -= r.len - tombstone.length;
    }
    this.db.transaction(() => {
      for (const seq of victims) drop.run('telemetry.dropped', tombstone, seq);
    })();
    dropped = victims.length;
    return dropped;
  }

  /** Outbox depth and the creation time of its oldest row (rows are contiguous until the sync removes them). */
  outboxStats(): { rows: number; oldestCreatedAt: number | null } {
    const r = this.db.prepare('SELECT MIN(seq) AS lo, MAX(seq) AS hi FROM outbox').get() as {
      lo: number | null;
      hi: number | null;
    };
    if (r.lo === null || r.hi === null) return { rows: 0, oldestCreatedAt: null };
    const oldest = this.db.prepare('SELECT created_at FROM outbox WHERE seq = ?').get(r.lo) as { created_at: number };
    return { rows: r.hi - r.lo + 1, oldestCreatedAt: oldest.created_at };
  }

  /** History lines InfluxDB did not take yet (it was down), oldest first. */
  spool(lines: readonly string[]) {
    const insert = this.db.prepare('INSERT INTO historian_spool (line) VALUES (?)');
    this.db.transaction(() => {
      for (const line of lines) insert.run(line);
    })();
  }

  spooled(limit: number): Array<{ id: number; line: string }> {
    return this.db.prepare('SELECT id, line FROM historian_spool ORDER BY id LIMIT ?').all(limit) as Array<{
      id: number;
      line: string;
    }>;
  }

  unspool(upToId: number) {
    this.db.prepare('DELETE FROM historian_spool WHERE id <= ?').run(upToId);
  }

  spoolSize(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM historian_spool').get() as { n: number }).n;
  }

  getMeta(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setMeta(key: string, value: string) {
    this.db
      .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }

  close() {
    this.db.close();
  }
}
