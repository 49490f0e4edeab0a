/**
 * The in-process half of sign-in protection (the other half, shared by every replica, is the
 * `login_throttle` table: see access.service.ts `checkPassword`):
 *   - a per-source backoff over all accounts (one address spraying many usernames is slowed down);
 *   - a budget of argon2 verifications per second and a bound on those in flight (argon2 runs on
 *     libuv's threads, which hub-token scrypt and file I/O share: a flood is refused, not queued);
 *   - the dummy hash an unknown user's password is verified against, so that it costs what a known
 *     user's does and timing does not tell which usernames exist.
 */
import { randomBytes } from 'node:crypto';
import { hash as argonHash } from '@node-rs/argon2';

export interface LoginLimits {
  /** Wrong passwords per (account, source) before that source is locked out of that account. */
  attempts: number;
  /** How long such a lock lasts, and the window failures are counted in. */
  lockMinutes: number;
  /** Wrong passwords per account from all sources before the account-wide slow-down starts. */
  accountFree: number;
  /** The slow-down: first gap between attempts from unfamiliar sources, doubling per failure, capped. */
  slowdownMs: number;
  maxSlowdownMs: number;
  /** A source that signed in to the account within this many days is familiar: the slow-down spares it. */
  familiarDays: number;
  /** Wrong passwords per source (all accounts) before it backs off; first backoff, doubling, capped. */
  sourceFree: number;
  sourceBackoffMs: number;
  sourceMaxBackoffMs: number;
  /** argon2 verifications started per second, and in flight at once (beyond: `busy`). */
  perSecond: number;
  maxPending: number;
  /** Sources tracked in memory (oldest forgotten first). */
  maxTracked: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  attempts: 5,
  lockMinutes: 15,
  accountFree: 20,
  slowdownMs: 1_000,
  maxSlowdownMs: 60_000,
  familiarDays: 90,
  sourceFree: 20,
  sourceBackoffMs: 1_000,
  sourceMaxBackoffMs: 15 * 60_000,
  perSecond: 10,
  maxPending: 4,
  maxTracked: 10_000,
};

interface SourceFailures {
  count: number;
  until: number;
}

export class LoginGuard {
  readonly limits: LoginLimits;
  readonly #now: () => number;
  readonly #sources = new Map<string, SourceFailures>();
  #dummy: Promise<string> | null = null;
  #pending = 0;
  #second = 0;
  #startedThisSecond = 0;
  readonly stats = { verified: 0, refused: 0 };

  constructor(opts: { limits?: Partial<LoginLimits>; now?: () => number } = {}) {
    this.limits = { ...DEFAULT_LOGIN_LIMITS, ...opts.limits };
    this.#now = opts.now ?? Date.now;
  }

  /** Milliseconds the source must wait (0: it may try). */
  sourceWait(source: string): number {
    const f = this.#sources.get(source);
    return f ? Math.max(0, f.until - this.#now()) : 0;
  }

  sourceFailed(source: string) {
    const f = this.#sources.get(source) ?? { count: 0, until: 0 };
    this.#sources.delete(source);
    f.count += 1;
    const over = f.count - this.limits.sourceFree;
    f.until =
      over > 0
        ? this.#now() +
          Math.min(this.limits.sourceMaxBackoffMs, this.limits.sourceBackoffMs * 2 ** Math.min(over - 1, 30))
        : 0;
    this.#sources.set(source, f);
    if (this.#sources.size > this.limits.maxTracked) this.#sources.delete(this.#sources.keys().next().value as string);
  }

  /** A slot for one argon2 verification, or null when too many run or started this second. */
  begin(): (() => void) | null {
    const second = Math.floor(this.#now() / 1_000);
    if (second !== this.#second) {
      this.#second = second;
      this.#startedThisSecond = 0;
    }
    if (this.#pending >= this.limits.maxPending || this.#startedThisSecond >= this.limits.perSecond) {
      this.stats.refused += 1;
      return null;
    }
    this.#pending += 1;
    this.#startedThisSecond += 1;
    this.stats.verified += 1;
    let ended = false;
    return () => {
      if (!ended) this.#pending -= 1;
      ended = true;
    };
  }

  /** The hash an unknown user's password is checked against (made once, with the real parameters). */
  dummyHash(): Promise<string> {
    this.#dummy ??= argonHash(randomBytes(16).toString('base64url'), { algorithm: 2 });
    return this.#dummy;
  }
}
