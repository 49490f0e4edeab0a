/** A fixed-window rate per key, in memory: the blob endpoint's and the costly reads' budgets. */
/**
 * Requests per key in the current minute: a fixed window, per process (several cloud processes each
 * allow as much; the bound is about one process's CPU and memory, not a global quota). Bounded: the
 * map is cleared when the minute turns, and never holds more than `maxKeys` keys.
 */
export class RateWindow {
  #minute = 0;
  readonly #counts = new Map<string, number>();
  readonly #perMinute: number;
  readonly #maxKeys: number;
  constructor(perMinute: number, maxKeys = 10_000) {
    this.#perMinute = perMinute;
    this.#maxKeys = maxKeys;
  }
  /** Counts one request; the seconds to wait when it is over the rate, else 0. */
  take(key: string, now = Date.now()): number {
    const minute = Math.floor(now / 60_000);
    if (minute !== this.#minute) {
      this.#minute = minute;
      this.#counts.clear();
    }
    // Beyond `maxKeys` keys this minute (many addresses at once), new keys share one bucket: they are
    // limited together instead of refused outright, and the map stays bounded.
    const k = this.#counts.has(key) || this.#counts.size < this.#maxKeys ? key : '\u0000overflow';
    const n = (this.#counts.get(k) ?? 0) + 1;
    if (n > this.#perMinute) return Math.max(1, Math.ceil(((minute + 1) * 60_000 - now) / 1_000));
    this.#counts.set(k, n);
    return 0;
  }
}
