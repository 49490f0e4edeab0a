/**
 * The hall's history in InfluxDB: a point for every committed event, and gauges of the live hall every
 * `gaugeMs`. Points are buffered and flushed every `flushMs` (1–5 s); the queue never waits for InfluxDB.
 * When a write fails the lines go to a SQLite spool, written out oldest first once InfluxDB answers
 * again. The writer is injected (adapters/influx): the feature never touches the client library.
 */
import type { Logger } from 'pino';
import type { EventBus } from '../../bus/event-bus.ts';
import type { HubStore } from '../../store/hub.store.ts';
import type { HallView, QueueView } from '../../read-models.ts';
import { eventPoints, gaugePoints, type PointData } from './history.points.ts';

export interface HistoryWriter {
  write(lines: string[]): Promise<void>;
  close(): Promise<void>;
}

export interface HistorianOptions {
  hallId: string;
  bus: EventBus;
  store: HubStore;
  state: Pick<HallView, 'snapshot'>;
  engine: Pick<QueueView, 'ticket'>;
  writer: HistoryWriter;
  /** A write error that retrying cannot fix (InfluxDB refused the points themselves). */
  isPermanent: (err: unknown) => boolean;
  toLine: (p: PointData) => string;
  clock: () => number;
  log: Logger;
  flushMs?: number;
  gaugeMs?: number;
}

const SPOOL_CHUNK = 5_000;

export class Historian {
  readonly #o: HistorianOptions;
  #buffer: string[] = [];
  #flushTimer: ReturnType<typeof setInterval> | null = null;
  #lastGauge = 0;
  #flushing: Promise<void> | null = null;
  readonly stats = { points: 0, written: 0, writeErrors: 0, spooled: 0, unspooled: 0, refused: 0 };

  constructor(opts: HistorianOptions) {
    this.#o = opts;
  }

  start() {
    const { bus, engine, hallId } = this.#o;
    bus.on('hub.committed', ({ events }) => {
      for (const e of events) {
        const points = eventPoints(
          e,
          hallId,
          (no) => engine.ticket(no)?.serviceId,
          (no) => engine.ticket(no)?.arrivalAt,
        );
        for (const p of points) this.#push(p);
      }
    });
    this.#flushTimer = setInterval(() => void this.flush(), this.#o.flushMs ?? 2_000);
    this.#flushTimer.unref();
  }

  #push(p: PointData) {
    this.#buffer.push(this.#o.toLine(p));
    this.stats.points += 1;
  }

  /** Samples the gauges if their interval has passed on the hub's clock. */
  sample(force = false) {
    const now = this.#o.clock();
    const every = this.#o.gaugeMs ?? 10_000;
    if (!force && now - this.#lastGauge < every) return;
    this.#lastGauge = now;
    for (const p of gaugePoints(this.#o.state.snapshot(), now)) this.#push(p);
  }

  /** Writes the buffer, then what was spooled; failures go to (or stay in) the spool. */
  flush(): Promise<void> {
    this.#flushing ??= this.#flush().finally(() => (this.#flushing = null));
    return this.#flushing;
  }

  async #flush() {
    this.sample();
    const { store, writer, log } = this.#o;
    const batch = this.#buffer;
    this.#buffer = [];
    if (batch.length) {
      try {
        await writer.write(batch);
        this.stats.written += batch.length;
      } catch (err) {
        this.stats.writeErrors += 1;
        if (this.#o.isPermanent(err)) {
          // InfluxDB wrote what it could and refused the rest: sending them again would not help.
          this.stats.refused += batch.length;
          log.error({ err: (err as Error).message }, 'InfluxDB refused points');
          return;
        }
        store.spool(batch);
        this.stats.spooled += batch.length;
        if (this.stats.writeErrors === 1 || this.stats.writeErrors % 30 === 0)
          log.warn(
            { err: (err as Error).message, spooled: store.spoolSize() },
            'InfluxDB write failed; points kept in the spool',
          );
        return;
      }
    }
    // InfluxDB answers: write out the spool, oldest first, in chunks.
    for (;;) {
      const rows = store.spooled(SPOOL_CHUNK);
      if (rows.length === 0) return;
      try {
        await writer.write(rows.map((r) => r.line));
      } catch (err) {
        this.stats.writeErrors += 1;
        if (!this.#o.isPermanent(err)) {
          log.warn({ err: (err as Error).message }, 'InfluxDB is still not taking the spool; trying again later');
          return;
        }
        this.stats.refused += rows.length;
        log.error({ err: (err as Error).message }, 'InfluxDB refused spooled points');
      }
      store.unspool((rows.at(-1) as { id: number }).id);
      this.stats.unspooled += rows.length;
    }
  }

  async stop() {
    if (this.#flushTimer) clearInterval(this.#flushTimer);
    await this.flush();
    await this.#o.writer.close();
  }
}
