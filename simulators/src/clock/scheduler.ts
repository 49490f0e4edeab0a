/**
 * Simulated time. A simulation schedules what happens at which simulated moment; the scheduler decides
 * how that maps onto the wall clock:
 *
 * - `RealtimeScheduler` runs simulated time at `speed` × the wall clock (1 = real time);
 * - `VirtualScheduler` jumps from one event to the next as soon as everything started at the current
 *   moment has finished or gone to sleep: a day in seconds, deterministic for a seed.
 *
 * Tasks sleep with `sleep(ms, signal?)` in simulated time. In virtual time the clock only moves when no
 * task is running, so a task awaiting a network round trip (a device waiting for the hub's answer) holds
 * the clock still until the answer comes.
 */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface Scheduler extends Clock {
  /** Runs `task` at simulated time `at` (or now, if `at` has passed). */
  at(at: number, task: () => unknown): void;
  /** Starts `task` now, as a task of this scheduler. */
  spawn(task: () => unknown): void;
  /** Resolves after `ms` of simulated time; rejects with an AbortError when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Runs until simulated time `until`, or until `stop()`. */
  run(until: number): Promise<void>;
  stop(): void;
  /** Called with every error a task throws; tasks never take the scheduler down. */
  onError: (err: unknown) => void;
}

interface Timer {
  at: number;
  order: number;
  fire: () => void;
  cancelled: boolean;
}

/** A binary min-heap of timers by (time, insertion order): equal times keep their scheduling order. */
class TimerQueue {
  #heap: Timer[] = [];
  get size() {
    return this.#heap.length;
  }
  peek(): Timer | undefined {
    return this.#heap[0];
  }
  push(t: Timer) {
    const h = this.#heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(h[i] as Timer, h[p] as Timer)) break;
      [h[i], h[p]] = [h[p] as Timer, h[i] as Timer];
      i = p;
    }
  }
  pop(): Timer | undefined {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l] as Timer, h[m] as Timer)) m = l;
        if (r < h.length && less(h[r] as Timer, h[m] as Timer)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as Timer, h[i] as Timer];
        i = m;
      }
    }
    return top;
  }
}
const less = (a: Timer, b: Timer) => a.at < b.at || (a.at === b.at && a.order < b.order);

const abortError = () => Object.assign(new Error('aborted'), { name: 'AbortError' });

/** Jumps from event to event; see the file header. */
export class VirtualScheduler implements Scheduler {
  #now: number;
  #queue = new TimerQueue();
  #order = 0;
  #active = 0;
  #idle: (() => void) | null = null;
  #stopped = false;
  readonly #ioRounds: number;
  onError: (err: unknown) => void = () => {};

  /**
   * `ioRounds`: after the tasks of a moment have settled, let the event loop poll I/O this many times
   * before the clock moves, so that messages the moment caused (a hub's push to another device, a few
   * loopback hops away) are handled at that moment too. 0 for simulations without a network.
   */
  constructor(start: number, opts: { ioRounds?: number } = {}) {
    this.#now = start;
    this.#ioRounds = opts.ioRounds ?? 0;
  }

  now(): number {
    return this.#now;
  }

  #enter() {
    this.#active += 1;
  }
  #leave() {
    this.#active -= 1;
    if (this.#active === 0 && this.#idle) {
      const idle = this.#idle;
      this.#idle = null;
      idle();
    }
  }

  #runTask(task: () => unknown) {
    this.#enter();
    let result: unknown;
    try {
      result = task();
    } catch (err) {
      this.onError(err);
      this.#leave();
      return;
    }
    Promise.resolve(result)
      .catch((err: unknown) => this.onError(err))
      .finally(() => this.#leave());
  }

  at(at: number, task: () => unknown): void {
    this.#queue.push({
      at: Math.max(at, this.#now),
      order: this.#order++,
      fire: () => this.#runTask(task),
      cancelled: false,
    });
  }

  spawn(task: () => unknown): void {
    this.#runTask(task);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError());
    if (this.#active === 0)
      return Promise.reject(new Error('sleep() must be called from a task started with at() or spawn()'));
    return new Promise((resolve, reject) => {
      // The sleeping task stops counting as running until it wakes.
      this.#leave();
      const timer: Timer = {
        at: this.#now + Math.max(0, ms),
        order: this.#order++,
        cancelled: false,
        fire: () => {
          signal?.removeEventListener('abort', onAbort);
          // Counted as running again until it ends or sleeps: the clock waits for it.
          this.#enter();
          resolve();
        },
      };
      const onAbort = () => {
        if (timer.cancelled) return;
        timer.cancelled = true;
        this.#enter();
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(timer);
    });
  }

  /** Resolves when no task is running (all done or asleep). */
  #idleNow(): Promise<void> {
    if (this.#active === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#idle = resolve;
    });
  }

  /** Idle, and still idle after `ioRounds` turns of the event loop. */
  async #settled(): Promise<void> {
    await this.#idleNow();
    for (let round = 0; round < this.#ioRounds; round++) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.#active > 0) {
        await this.#idleNow();
        round = -1;
      }
    }
  }

  async run(until: number): Promise<void> {
    this.#stopped = false;
    await this.#settled();
    while (!this.#stopped) {
      const next = this.#queue.peek();
      if (!next || next.at > until) break;
      this.#queue.pop();
      if (next.cancelled) continue;
      this.#now = next.at;
      next.fire();
      await this.#settled();
    }
    if (!this.#stopped) this.#now = Math.max(this.#now, until);
  }

  stop(): void {
    this.#stopped = true;
  }
}

/** Simulated time at `speed` × the wall clock. */
export class RealtimeScheduler implements Scheduler {
  readonly #simStart: number;
  readonly #wallStart: number;
  readonly #speed: number;
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #stop: (() => void) | null = null;
  onError: (err: unknown) => void = () => {};

  constructor(opts: { speed?: number; start?: number; wall?: Clock } = {}) {
    const wall = opts.wall ?? systemClock;
    this.#speed = opts.speed ?? 1;
    if (!(this.#speed > 0)) throw new RangeError('speed must be positive');
    this.#wallStart = wall.now();
    this.#simStart = opts.start ?? this.#wallStart;
  }

  now(): number {
    return this.#simStart + (Date.now() - this.#wallStart) * this.#speed;
  }

  #delay(at: number) {
    return Math.max(0, (at - this.now()) / this.#speed);
  }

  #runTask(task: () => unknown) {
    try {
      Promise.resolve(task()).catch((err: unknown) => this.onError(err));
    } catch (err) {
      this.onError(err);
    }
  }

  at(at: number, task: () => unknown): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      this.#runTask(task);
    }, this.#delay(at));
    this.#timers.add(t);
  }

  spawn(task: () => unknown): void {
    this.#runTask(task);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise((resolve, reject) => {
      const t = setTimeout(
        () => {
          this.#timers.delete(t);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms) / this.#speed,
      );
      const onAbort = () => {
        clearTimeout(t);
        this.#timers.delete(t);
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#timers.add(t);
    });
  }

  run(until: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => this.stop(), this.#delay(until));
      this.#stop = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  stop(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.#stop?.();
    this.#stop = null;
  }
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}
