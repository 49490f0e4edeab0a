/**
 * The one secret format of the platform (device secrets, hub tokens, display/manager tokens, staff PINs)
 * and the gate every check of such a secret goes through, on the hub and in the cloud.
 *
 * Format: `scrypt$N$r$p$salt$hash` (base64url). Hashing and verifying run on libuv's thread pool
 * (`crypto.scrypt`), never on the event loop. `SecretGate` puts, before any hash is computed:
 *   - a per-identity and a per-source limit with exponential backoff (a guesser is refused for nothing);
 *   - a global budget of verifications per second and a bounded number in flight (a flood from many
 *     sources is refused cheaply instead of queueing behind the thread pool);
 * and makes an unknown identity cost the same as a known one (it is checked against a dummy hash), so
 * that timing does not tell which ids exist. A secret that passed once is remembered as an HMAC under a
 * per-process key, so a device that reconnects every few seconds does not pay scrypt each time; the
 * identity's limit still applies before that cheap check, so it cannot be used to guess fast.
 */
import { createHmac, randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

const N = 2 ** 14;
const R = 8;
const P = 1;
const KEYLEN = 32;
const MAXMEM = 64 * 1024 * 1024;

const format = (salt: Buffer, hash: Buffer) =>
  `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${hash.toString('base64url')}`;

/** Hashes a secret off the event loop. */
export function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, KEYLEN, { N, r: R, p: P, maxmem: MAXMEM }, (err, hash) =>
      err ? reject(err) : resolve(format(salt, hash)),
    ),
  );
}

/** The same, blocking: for command-line tools only (`npm run edge -- hash-secret`). */
export function hashSecretSync(secret: string): string {
  const salt = randomBytes(16);
  return format(salt, scryptSync(secret, salt, KEYLEN, { N, r: R, p: P, maxmem: MAXMEM }));
}

interface Parsed {
  n: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function parse(stored: string): Parsed | null {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return null;
  const parsed = {
    n: Number(n),
    r: Number(r),
    p: Number(p),
    salt: Buffer.from(salt, 'base64url'),
    hash: Buffer.from(hash, 'base64url'),
  };
  // Only the costs this platform writes: a stored hash with other costs is refused, not computed
  // (a tampered file must not make each check take seconds or gigabytes).
  if (parsed.n !== N || parsed.r !== R || parsed.p !== P || parsed.hash.length !== KEYLEN || parsed.salt.length < 8)
    return null;
  return parsed;
}

/** Stands in for the stored hash of an identity that does not exist, so that it costs the same. */
const DUMMY = parse(hashSecretSync(randomBytes(16).toString('base64url'))) as Parsed;

/** Verifies a secret off the event loop; a malformed stored hash verifies nothing (at full cost). */
export function verifySecret(secret: string, stored: string | null): Promise<boolean> {
  const parsed = (stored && parse(stored)) || null;
  const target = parsed ?? DUMMY;
  return new Promise((resolve) =>
    scrypt(secret, target.salt, KEYLEN, { N, r: R, p: P, maxmem: MAXMEM }, (err, actual) =>
      resolve(!err && parsed !== null && timingSafeEqual(actual, target.hash)),
    ),
  );
}

/** Whether a string looks like a hash this module wrote (config validation). */
export const isSecretHash = (stored: string) => parse(stored) !== null;

export interface GateLimits {
  /** Wrong attempts allowed per identity before backoff starts. */
  identityFree: number;
  /** Wrong attempts allowed per source (address) before backoff starts. */
  sourceFree: number;
  /** First backoff; doubles with every further failure. */
  backoffMs: number;
  /** Longest backoff. */
  maxBackoffMs: number;
  /** Verifications started per second, all sources together (beyond it: `busy`). */
  perSecond: number;
  /** Verifications in flight at once (beyond it: wait in the queue, or `busy`). */
  maxPending: number;
  /**
   * Checks that may wait for a free slot or the next second instead of being refused as `busy` (FIFO),
   * so that a burst of legitimate logins (every device reconnecting after a restart) gets through in
   * turn. 0: no waiting.
   */
  maxQueued: number;
  /** Tracked identities and sources each (oldest forgotten first). */
  maxTracked: number;
}

export const DEFAULT_GATE_LIMITS: GateLimits = {
  identityFree: 5,
  sourceFree: 10,
  backoffMs: 1_000,
  maxBackoffMs: 15 * 60_000,
  perSecond: 50,
  maxPending: 16,
  maxQueued: 0,
  maxTracked: 10_000,
};

/**
 * How long to hold a refused caller's answer (a connection stays open, a timer runs: nothing else). A
 * guesser that retries as soon as it is answered then makes one attempt a second, not hundreds.
 */
export function refusalDelayMs(answer: GateAnswer): number {
  // A quarter of the wait: the answer still arrives inside the backoff, so an immediate retry meets it.
  if (answer.result === 'limited') return Math.min(answer.retryAfterMs / 4, 2_000);
  if (answer.result === 'busy') return 1_000;
  return 0;
}

/**
 * - `ok`: the secret is right.
 * - `wrong`: it is not (or the identity does not exist: the same answer, at the same cost).
 * - `limited`: too many wrong attempts from this source or for this identity; retry after `retryAfterMs`.
 * - `busy`: too many checks at once everywhere; nothing was computed.
 */
export type GateAnswer =
  { result: 'ok' } | { result: 'wrong' } | { result: 'limited'; retryAfterMs: number } | { result: 'busy' };

interface Failures {
  count: number;
  until: number;
}

class Backoff {
  readonly #entries = new Map<string, Failures>();
  readonly #free: number;
  readonly #limits: GateLimits;
  constructor(free: number, limits: GateLimits) {
    this.#free = free;
    this.#limits = limits;
  }
  /** Milliseconds until the key may try again (0: now). */
  wait(key: string, now: number): number {
    const f = this.#entries.get(key);
    return f ? Math.max(0, f.until - now) : 0;
  }
  fail(key: string, now: number) {
    const f = this.#entries.get(key) ?? { count: 0, until: 0 };
    this.#entries.delete(key);
    f.count += 1;
    const over = f.count - this.#free;
    f.until =
      over > 0 ? now + Math.min(this.#limits.maxBackoffMs, this.#limits.backoffMs * 2 ** Math.min(over - 1, 30)) : 0;
    this.#entries.set(key, f);
    if (this.#entries.size > this.#limits.maxTracked) this.#entries.delete(this.#entries.keys().next().value as string);
  }
  clear(key: string) {
    this.#entries.delete(key);
  }
  failures(key: string) {
    return this.#entries.get(key)?.count ?? 0;
  }
}

export interface GateCheck {
  /** What is being signed in to: `device:t1`, `hub:h1`, `staff:s07`, `display`. */
  identity: string;
  /**
   * Where the attempt comes from (the peer's address), or several places each limited on its own (an
   * address and the counter a PIN is typed at); null for in-process callers.
   */
  source: string | readonly string[] | null;
  secret: string;
  /** The identity's stored hash; null when the identity does not exist. */
  stored: string | null;
  /**
   * A generated secret (a device secret, a token: far too many bits to guess): no per-identity limit,
   * which would protect nothing and only let anyone on the network lock the device or the wall screen
   * out with a few wrong attempts. The per-source limit and the global budget still apply. Leave it
   * unset for what people choose (PINs, passwords).
   */
  generated?: boolean;
}

const sourcesOf = (c: Pick<GateCheck, 'source'>): readonly string[] =>
  c.source === null ? [] : typeof c.source === 'string' ? [c.source] : c.source;

/** Rate-limited, bounded, off-the-event-loop secret checks (see the file's header). */
export class SecretGate {
  readonly #limits: GateLimits;
  readonly #now: () => number;
  readonly #budgetNow: () => number;
  readonly #key = randomBytes(32);
  readonly #known = new Map<string, Buffer>();
  readonly #identities: Backoff;
  readonly #sources: Backoff;
  #pending = 0;
  #second = 0;
  #startedThisSecond = 0;
  /** Waiting checks; each is woken with a slot already taken for it. */
  readonly #queue: Array<() => void> = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  readonly stats = { ok: 0, wrong: 0, limited: 0, busy: 0, hashed: 0 };

  /**
   * `now`: the clock of backoffs (a hub's own clock, which a replay or a test may drive). `budgetNow`:
   * the clock of the per-second budget, which is about CPU, so real time (default: `now`). A hub on a
   * virtual clock that stands still while its devices connect would otherwise never refill its budget.
   */
  constructor(opts: { limits?: Partial<GateLimits>; now?: () => number; budgetNow?: () => number } = {}) {
    this.#limits = { ...DEFAULT_GATE_LIMITS, ...opts.limits };
    this.#now = opts.now ?? Date.now;
    this.#budgetNow = opts.budgetNow ?? this.#now;
    this.#identities = new Backoff(this.#limits.identityFree, this.#limits);
    this.#sources = new Backoff(this.#limits.sourceFree, this.#limits);
  }

  #mac(identity: string, secret: string, stored: string) {
    return createHmac('sha256', this.#key).update(`${identity}\u0000${stored}\u0000${secret}`).digest();
  }

  /**
   * Whether `c` would be refused for its identity's or source's past failures, without computing or
   * counting anything: a caller can ask before it spends anything else on the attempt (a database
   * lookup of the identity's hash).
   */
  limited(c: Pick<GateCheck, 'identity' | 'source' | 'generated'>): GateAnswer | null {
    return this.#limited(c);
  }

  #limited(c: Pick<GateCheck, 'identity' | 'source' | 'generated'>): GateAnswer | null {
    const now = this.#now();
    const wait = Math.max(
      c.generated ? 0 : this.#identities.wait(c.identity, now),
      ...sourcesOf(c).map((s) => this.#sources.wait(s, now)),
    );
    if (wait <= 0) return null;
    this.stats.limited += 1;
    return { result: 'limited', retryAfterMs: wait };
  }

  /** Takes a slot (in flight and in this second's budget) if there is one. */
  #tryStart(): boolean {
    const second = Math.floor(this.#budgetNow() / 1_000);
    if (second !== this.#second) {
      this.#second = second;
      this.#startedThisSecond = 0;
    }
    if (this.#pending >= this.#limits.maxPending || this.#startedThisSecond >= this.#limits.perSecond) return false;
    this.#pending += 1;
    this.#startedThisSecond += 1;
    return true;
  }

  #release() {
    this.#pending -= 1;
    this.#pump();
  }

  /** Hands free slots to waiting checks; if the second's budget is what stops them, tries again at the next second. */
  #pump() {
    while (this.#queue.length > 0 && this.#tryStart()) (this.#queue.shift() as () => void)();
    if (this.#queue.length > 0 && this.#timer === null && this.#pending < this.#limits.maxPending) {
      this.#timer = setTimeout(
        () => {
          this.#timer = null;
          this.#pump();
        },
        1_000 - (this.#budgetNow() % 1_000),
      );
      this.#timer.unref?.();
    }
  }

  async check(c: GateCheck): Promise<GateAnswer> {
    const limited = this.#limited(c);
    if (limited) return limited;
    if (c.stored !== null) {
      const known = this.#known.get(c.identity);
      if (known && timingSafeEqual(known, this.#mac(c.identity, c.secret, c.stored))) return this.#passed(c);
    }
    if (!this.#tryStart()) {
      if (this.#queue.length >= this.#limits.maxQueued) {
        this.stats.busy += 1;
        return { result: 'busy' };
      }
      await new Promise<void>((resolve) => {
        this.#queue.push(resolve);
        this.#pump();
      });
      // While it waited, its source or identity may have run out of attempts.
      const now = this.#limited(c);
      if (now) {
        this.#release();
        return now;
      }
    }
    this.stats.hashed += 1;
    let ok: boolean;
    try {
      ok = await verifySecret(c.secret, c.stored);
    } finally {
      this.#release();
    }
    if (ok && c.stored !== null) {
      this.#known.set(c.identity, this.#mac(c.identity, c.secret, c.stored));
      return this.#passed(c);
    }
    const at = this.#now();
    if (!c.generated) this.#identities.fail(c.identity, at);
    for (const s of sourcesOf(c)) this.#sources.fail(s, at);
    this.stats.wrong += 1;
    return { result: 'wrong' };
  }

  #passed(c: GateCheck): GateAnswer {
    this.#identities.clear(c.identity);
    this.stats.ok += 1;
    return { result: 'ok' };
  }

  /** The identity's secret changed or it was removed: forget what passed before. */
  forget(identity: string) {
    this.#known.delete(identity);
  }

  /** Wrong attempts counted against an identity (for the journal and tests). */
  failures(identity: string) {
    return this.#identities.failures(identity);
  }
}
