/**
 * Store and forward (DESIGN.md §4): the outbox goes to the cloud in sequence order, in batches; the hub
 * drops rows only once the cloud acknowledges them (`ackedThrough`), so a crash at any moment loses
 * nothing and resends at most a batch (the cloud stores each (hub, seq) once). Failures back off
 * exponentially with jitter; rows older than a minute when sent are flagged `historical` (catch-up after
 * an outage) so the cloud raises no live notifications for them. A poll every few seconds tells
 * whether the link is up, tells the cloud the hub is alive and how its outbox is (the console shows a
 * stuck upload), and brings alarm acknowledgements and counter releases made in the console, which the
 * hub applies as its own (`onAck`, `onRelease`).
 *
 * A row the cloud can never take is refused as that row (`refused`, naming the field) while the rest of
 * the batch lands: it moves to the dead-letter table (the `sync-dead-letter` alarm says so) and a
 * tombstone keeps its place. A whole batch refused (an older cloud, or a value its database refuses) is
 * sent again one row at a time to find the row at fault. Every push names the journal's epoch, so a hub
 * restarted on an empty data folder is not mistaken for one whose events were already delivered.
 */
import { toSafeText } from '@hall/devices';
import type { Logger } from 'pino';
import type { CloudLink } from '../../adapters/cloud-link/cloud-link.adapter.ts';
import type { HubStore } from '../../store/hub.store.ts';

export interface SyncOptions {
  store: HubStore;
  link: CloudLink;
  clock: () => number;
  log: Logger;
  batchSize?: number;
  /**
   * After a batch that was not full, wait this long before the next one even when new rows come: fewer,
   * fuller batches for a hub that produces events faster than live (the demo's history on a virtual
   * clock). 0 (live): every commit is sent at once.
   */
  lingerMs?: number;
  healthEveryMs?: number;
  /** Rows older than this when sent are historical. */
  historicalAfterMs?: number;
  /** The outbox's disk budget; telemetry beyond it is dropped (events never). */
  budgetBytes?: number;
  /** An alarm acknowledged in the console: apply it (unknown or cleared alarms are ignored). */
  onAck?: (alarmId: string, by: string) => Promise<unknown>;
  /** A counter a manager released in the console: release it (a closed counter has nothing to release). */
  onRelease?: (counterId: string, by: string) => Promise<unknown>;
  /** Tells whether an error means the cloud refused the content (not just that it is unreachable). */
  isRefusal: (err: unknown) => boolean;
  /**
   * Before a batch goes out: what its rows need in the cloud first (the photos of on-site forms). A
   * throw fails the push like an unreachable cloud (backoff, then again, this step first).
   */
  beforePush?: (rows: ReadonlyArray<{ seq: number; kind: string; body: string }>) => Promise<void>;
  /** Rows the cloud acknowledged, before they leave the outbox. */
  afterAck?: (rows: ReadonlyArray<{ seq: number; kind: string; body: string }>) => Promise<void>;
}

export class SyncFeature {
  readonly #o: SyncOptions;
  #stopped = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #health: ReturnType<typeof setInterval> | null = null;
  #backoffMs = 0;
  readonly #acking = new Set<string>();
  readonly #releasing = new Set<string>();
  #wake: (() => void) | null = null;
  #cancel: (() => void) | null = null;
  /** Rows left to send one by one while looking for a row the cloud refuses. */
  #isolating = 0;
  linkUp = false;
  readonly stats = {
    batches: 0,
    sent: 0,
    failures: 0,
    lastError: null as string | null,
    ackedThrough: 0,
    deadLettered: 0,
    telemetryDropped: 0,
  };

  constructor(opts: SyncOptions) {
    this.#o = opts;
    this.stats.ackedThrough = Number(opts.store.getMeta('cloud.ackedThrough') ?? 0);
  }

  start() {
    this.#stopped = false;
    this.#health = setInterval(() => void this.#checkHealth(), this.#o.healthEveryMs ?? 3_000);
    this.#health.unref();
    void this.#checkHealth();
    void this.#loop();
  }

  /** New rows were committed: send them now instead of at the next poll. */
  nudge() {
    this.#wake?.();
  }

  async #checkHealth() {
    const { store } = this.#o;
    const o = store.outboxStats();
    const answer = await this.#o.link.poll({
      rows: o.rows,
      oldestAt: o.oldestCreatedAt,
      deadLetters: store.deadLetters(),
      lastError: this.stats.lastError === null ? null : toSafeText(this.stats.lastError.slice(0, 200)),
    });
    const up = answer !== null;
    for (const ack of answer?.acks ?? []) {
      if (this.#acking.has(ack.alarmId)) continue;
      this.#acking.add(ack.alarmId);
      // The cloud asks again until it hears `alarm.acked`; one attempt at a time per alarm.
      void this.#o.onAck?.(ack.alarmId, ack.by ?? 'console').finally(() => this.#acking.delete(ack.alarmId));
    }
    for (const r of answer?.releases ?? []) {
      if (this.#releasing.has(r.counterId)) continue;
      this.#releasing.add(r.counterId);
      // Asked again until the cloud hears `counter.closed`; one attempt at a time per counter.
      void this.#o.onRelease?.(r.counterId, r.by ?? 'console').finally(() => this.#releasing.delete(r.counterId));
    }
    if (up !== this.linkUp) this.#o.log.info({ up }, up ? 'cloud link up' : 'cloud link down');
    this.linkUp = up;
    if (up) this.nudge();
  }

  async #loop() {
    while (!this.#stopped) {
      const sent = await this.#once();
      if (this.#stopped) return;
      if (sent === 'full' || (sent === 'some' && !this.#o.lingerMs)) continue;
      // After a batch that was not full, a linger that commits do not cut short; idle, a commit wakes us.
      if (sent === 'some') await this.#pause(this.#o.lingerMs ?? 0, false);
      else await this.#pause(this.#backoffMs || 1_000, true);
    }
  }

  /** Waits `ms`; stop() always ends the wait, a commit's nudge only when `nudgeable`. */
  async #pause(ms: number, nudgeable: boolean) {
    await new Promise<void>((resolve) => {
      this.#cancel = resolve;
      if (nudgeable) this.#wake = resolve;
      this.#timer = setTimeout(resolve, ms);
    });
    this.#cancel = null;
    this.#wake = null;
    if (this.#timer) clearTimeout(this.#timer);
  }

  /** Sends one batch: whether something was acknowledged, and whether the batch was full. */
  async #once(): Promise<'none' | 'some' | 'full'> {
    const { store, link, clock, log } = this.#o;
    if (this.#o.budgetBytes) this.stats.telemetryDropped += store.enforceOutboxBudget(this.#o.budgetBytes, clock());
    const limit = this.#isolating ? 1 : (this.#o.batchSize ?? 500);
    const rows = store.outboxAfter(this.stats.ackedThrough, limit);
    if (rows.length === 0) return 'none';
    const now = clock();
    const historicalAfter = this.#o.historicalAfterMs ?? 60_000;
    try {
      await this.#o.beforePush?.(rows);
      const { ackedThrough, refused } = await link.push(
        store.epoch,
        rows.map((r) => {
          const body = JSON.parse(r.body) as Record<string, unknown> & { at: number };
          return { seq: r.seq, type: r.kind, at: body.at, body, historical: now - r.createdAt > historicalAfter };
        }),
      );
      if (this.#isolating > 0) this.#isolating -= 1;
      this.#backoffMs = 0;
      this.linkUp = true;
      this.stats.batches += 1;
      this.stats.lastError = null;
      // (`?? []`: a cloud of an older release answers without the list.)
      for (const r of refused ?? []) this.#deadLetter(r.seq, `${r.code}: ${r.message}`);
      // The tombstones go out at once: they fill the gaps the cloud's acknowledgement waits at.
      if ((refused ?? []).length > 0 && ackedThrough <= this.stats.ackedThrough) return 'full';
      if (ackedThrough > this.stats.ackedThrough) {
        this.stats.sent += ackedThrough - this.stats.ackedThrough;
        this.stats.ackedThrough = ackedThrough;
        await this.#o.afterAck?.(rows.filter((r) => r.seq <= ackedThrough));
        store.dropOutboxThrough(ackedThrough);
        store.setMeta('cloud.ackedThrough', String(ackedThrough));
        return rows.length === limit ? 'full' : 'some';
      }
      // The cloud holds less than we sent (a gap on its side): send again from its acknowledgement.
      return 'none';
    } catch (err) {
      if (this.#o.isRefusal(err)) {
        // The cloud refused the content. Send the rows one at a time to find the one it refuses; that row
        // goes to the dead-letter table (an alarm says so) and a tombstone keeps its place.
        if (rows.length > 1) {
          this.#isolating = rows.length;
          return 'full';
        }
        this.#deadLetter((rows[0] as { seq: number }).seq, (err as Error).message);
        return 'full';
      }
      this.stats.failures += 1;
      this.stats.lastError = (err as Error).message;
      // 1 s, 2 s, 4 s … 60 s, with ±25% jitter so a hall's hubs do not retry in step.
      this.#backoffMs = Math.min(60_000, Math.max(1_000, this.#backoffMs * 2)) * (0.75 + Math.random() * 0.5);
      if (this.stats.failures === 1 || this.stats.failures % 20 === 0)
        log.warn({ err: (err as Error).message, backoffMs: Math.round(this.#backoffMs) }, 'sync to the cloud failed');
      return 'none';
    }
  }

  #deadLetter(seq: number, error: string) {
    this.#o.store.deadLetter(seq, error, this.#o.clock());
    this.stats.deadLettered += 1;
    this.#o.log.error({ seq, err: error }, 'the cloud refused an outbox row; it is kept in the dead-letter table');
  }

  stop() {
    this.#stopped = true;
    this.#cancel?.();
    if (this.#health) clearInterval(this.#health);
  }
}
