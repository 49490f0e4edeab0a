/**
 * Sessions of the in-hall pages: a clerk signed in at one counter, a rating-pad page paired with one
 * counter, a manager scoring on-site (onsite page). Opaque random tokens, kept in memory (a hub restart signs everyone out — the counter itself
 * stays open in its clerk's name, and the clerk resumes it by signing in again), expiring after a shift's
 * length. A clerk's session that something else ended (the clerk signed in at another counter, another
 * clerk took the counter over, a manager released it, the call button closed it) leaves a notice, so
 * the page can say why it was signed out instead of just showing the sign-in form again.
 */
import { randomBytes } from 'node:crypto';
import type { CounterCloseReason, QueueEvent } from '../features/queue/queue.types.ts';

export type Session =
  | { kind: 'counter'; counterId: string; staffId: string; expires: number }
  | { kind: 'pad'; counterId: string; deviceId: string; expires: number }
  /**
   * A lead or manager scoring on-site on the hub's phone page, signed in with their own staff number and
   * PIN; `scorer` (`staff:<id>`) is what every form they submit carries as `scoredBy`.
   */
  | { kind: 'onsite'; staffId: string; scorer: `staff:${string}`; expires: number };

export type NewSession =
  | { kind: 'counter'; counterId: string; staffId: string }
  | { kind: 'pad'; counterId: string; deviceId: string }
  | { kind: 'onsite'; staffId: string; scorer: `staff:${string}` };

/** Why a clerk's page was signed out; `by` is the other counter, the other clerk or the manager. */
export interface SignedOut {
  counterId: string;
  reason: CounterCloseReason | 'closed';
  by: string | null;
  at: number;
}

const SHIFT_MS = 12 * 3_600_000;
/**
 * Sessions kept at most: every sign-in is behind a checked secret (a PIN or a pairing secret), but a
 * page signing in again and again must not grow the map for the 12 hours a session lives.
 */
export const MAX_SESSIONS = 2_000;
/** Notices kept at most (the oldest go first); a page asks within seconds. */
const MAX_NOTICES = 1_000;

export class Sessions {
  readonly #sessions = new Map<string, Session>();
  readonly #notices = new Map<string, SignedOut & { expires: number }>();

  open(session: NewSession): string {
    const token = randomBytes(24).toString('base64url');
    if (this.#sessions.size >= MAX_SESSIONS) {
      const now = Date.now();
      for (const [t, x] of this.#sessions) if (x.expires < now) this.#sessions.delete(t);
      // Still full (sign-ins faster than a shift ends them): the oldest session goes.
      if (this.#sessions.size >= MAX_SESSIONS) this.#sessions.delete(this.#sessions.keys().next().value as string);
    }
    this.#sessions.set(token, { ...session, expires: Date.now() + SHIFT_MS });
    return token;
  }

  get(token: string | null): Session | null {
    if (!token) return null;
    const s = this.#sessions.get(token);
    if (!s) return null;
    if (s.expires < Date.now()) {
      this.#sessions.delete(token);
      return null;
    }
    return s;
  }

  close(token: string) {
    this.#sessions.delete(token);
  }

  /** Why this token's session was ended by someone else, if it was. */
  signedOut(token: string | null): SignedOut | null {
    const n = token ? this.#notices.get(token) : undefined;
    if (!n || n.expires < Date.now()) return null;
    const { expires: _expires, ...notice } = n;
    return notice;
  }

  /** Committed queue events: a counter that closed signs out the clerk sessions at it, with the reason. */
  follow(events: ReadonlyArray<{ type: string }>) {
    for (const e of events as QueueEvent[]) {
      if (e.type !== 'counter.closed') continue;
      for (const [token, s] of this.#sessions) {
        if (s.kind !== 'counter' || s.counterId !== e.counterId) continue;
        this.#sessions.delete(token);
        this.#notices.set(token, {
          counterId: e.counterId,
          reason: e.reason ?? 'closed',
          by: e.by ?? null,
          at: e.at,
          expires: s.expires,
        });
        if (this.#notices.size > MAX_NOTICES) this.#notices.delete(this.#notices.keys().next().value as string);
      }
    }
  }
}
