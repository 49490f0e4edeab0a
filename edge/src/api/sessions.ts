/**
 * Sessions of the in-hall pages: a clerk signed in at one counter, a rating-pad page paired with one
 * counter. Opaque random tokens, kept in memory (a hub restart signs everyone out), expiring after a
 * shift's length.
 */
import { randomBytes } from 'node:crypto';

export type Session = { kind: 'counter'; counterId: string; staffId: string; expires: number } | { kind: 'pad'; counterId: string; deviceId: string; expires: number };

export type NewSession = { kind: 'counter'; counterId: string; staffId: string } | { kind: 'pad'; counterId: string; deviceId: string };

const SHIFT_MS = 12 * 3_600_000;

export class Sessions {
  readonly #sessions = new Map<string, Session>();

  open(session: NewSession): string {
    const token = randomBytes(24).toString('base64url');
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

  /** Signs out every other clerk session at a counter (one clerk per counter). */
  closeCounter(counterId: string, except?: string) {
    for (const [token, s] of this.#sessions) if (s.kind === 'counter' && s.counterId === counterId && token !== except) this.#sessions.delete(token);
  }
}
