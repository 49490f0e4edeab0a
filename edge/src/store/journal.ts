/**
 * Group commit: entries recorded during one turn of the event loop are written in one transaction, so
 * throughput does not pay one fsync per message. `record()` resolves once the entry is durable; only then
 * does the hub answer the device and tell the other features (`hub.committed`).
 */
import type { Logger } from 'pino';
import type { EventBus } from '../bus/event-bus.ts';
import type { HubStore, JournalEntry } from './hub.store.ts';

export class Journal {
  readonly #store: HubStore;
  readonly #bus: EventBus;
  readonly #log: Logger;
  readonly #clock: () => number;
  #staged: Array<{ entry: JournalEntry; done: () => void; fail: (err: Error) => void }> = [];
  #scheduled = false;
  #nextSeq: number;
  /** eids staged but not yet committed: a duplicate arriving in the same batch must not apply twice. */
  readonly #pending = new Map<string, { entry: JournalEntry; durable: Promise<void> }>();
  readonly stats = { commits: 0, entries: 0, events: 0, maxBatch: 0 };

  constructor(opts: { store: HubStore; bus: EventBus; log: Logger; clock: () => number }) {
    this.#store = opts.store;
    this.#bus = opts.bus;
    this.#log = opts.log;
    this.#clock = opts.clock;
    this.#nextSeq = opts.store.lastSeq() + 1;
  }

  /**
   * What a device event was answered with, if it was seen before (committed, or staged in the batch
   * now being written), and when that answer is durable.
   */
  seen(eid: string): { replies: JournalEntry['replies']; durable: Promise<void> } | null {
    const pending = this.#pending.get(eid);
    if (pending) return { replies: pending.entry.replies, durable: pending.durable };
    const replies = this.#store.processed(eid);
    return replies ? { replies, durable: Promise.resolve() } : null;
  }

  /** Resolves when nothing staged is waiting for the disk (what is in memory is then all durable). */
  settled(): Promise<void> {
    const last = this.#staged.at(-1);
    if (!last) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = last.entry;
      const pending = entry.eid ? this.#pending.get(entry.eid) : undefined;
      if (pending) void pending.durable.then(resolve, resolve);
      else setImmediate(() => void this.settled().then(resolve));
    });
  }

  record(entry: JournalEntry): Promise<void> {
    const durable = new Promise<void>((done, fail) => {
      this.#staged.push({ entry, done, fail });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
    if (entry.eid) this.#pending.set(entry.eid, { entry, durable });
    return durable;
  }

  #flush() {
    this.#scheduled = false;
    const batch = this.#staged;
    this.#staged = [];
    if (batch.length === 0) return;
    let committed;
    try {
      committed = this.#store.commit(
        batch.map((b) => b.entry),
        this.#nextSeq,
        this.#clock(),
      );
    } catch (err) {
      // The in-memory state is ahead of the disk now; the only safe way on is a restart from the store.
      this.#log.fatal({ err }, 'journal commit failed; the hub must restart from its store');
      for (const b of batch) b.fail(err as Error);
      throw err;
    }
    this.#nextSeq += committed.length;
    for (const b of batch) if (b.entry.eid) this.#pending.delete(b.entry.eid);
    this.stats.commits += 1;
    this.stats.entries += batch.length;
    this.stats.events += committed.length;
    this.stats.maxBatch = Math.max(this.stats.maxBatch, batch.length);
    for (const b of batch) b.done();
    if (committed.length) this.#bus.emit('hub.committed', { events: committed });
  }
}
