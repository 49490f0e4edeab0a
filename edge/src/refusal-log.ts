/**
 * Refusals from unauthenticated peers (wrong logins, connections closed by the wire guard) as one log line
 * per interval with counts by reason and by source, instead of a line each: a flood of guesses must not
 * become a flood of log lines (issue #14, defect 11). The first refusal after a quiet interval is logged
 * at once, so an operator trying a wrong secret sees it without waiting.
 */
import type { Logger } from 'pino';

const TOP_SOURCES = 10;

export class RefusalLog {
  readonly #log: Logger;
  readonly #message: string;
  readonly #everyMs: number;
  readonly #now: () => number;
  #reasons = new Map<string, number>();
  #sources = new Map<string, number>();
  #lastFlush = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(opts: { log: Logger; message: string; everyMs?: number; now?: () => number }) {
    this.#log = opts.log;
    this.#message = opts.message;
    this.#everyMs = opts.everyMs ?? 60_000;
    this.#now = opts.now ?? Date.now;
  }

  note(reason: string, source: string | null) {
    this.#reasons.set(reason, (this.#reasons.get(reason) ?? 0) + 1);
    const key = source ?? 'local';
    // Bounded: past a few thousand distinct sources in one interval, the rest are only counted.
    if (this.#sources.has(key) || this.#sources.size < 4_096) this.#sources.set(key, (this.#sources.get(key) ?? 0) + 1);
    const wait = this.#lastFlush + this.#everyMs - this.#now();
    if (wait <= 0) this.flush();
    else if (!this.#timer) {
      this.#timer = setTimeout(() => this.flush(), wait);
      this.#timer.unref();
    }
  }

  flush() {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#reasons.size === 0) return;
    this.#lastFlush = this.#now();
    const sources = [...this.#sources].sort((a, b) => b[1] - a[1]);
    const total = [...this.#reasons.values()].reduce((a, b) => a + b, 0);
    this.#log.warn(
      {
        total,
        reasons: Object.fromEntries(this.#reasons),
        sources: Object.fromEntries(sources.slice(0, TOP_SOURCES)),
        otherSources: Math.max(0, sources.length - TOP_SOURCES),
      },
      this.#message,
    );
    this.#reasons = new Map();
    this.#sources = new Map();
  }

  stop() {
    this.flush();
  }
}
