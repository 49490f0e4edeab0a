/**
 * Staff PINs at the counter pages (a clerk) and the on-site scoring page (a lead or manager). A PIN is
 * short, so guessing is what to stop:
 * - every check goes through `SecretGate` (@hall/devices/secrets): wrong attempts are limited with
 *   exponential backoff per staff id (identity `staff:<id>`, shared by both pages), per counter (source
 *   `counter:<id>`; the on-site page has no counter) and per address the request came from, before any
 *   hash is computed; hashes run off the event loop, a bounded number at once;
 * - one check at a time per staff id and per counter: a burst of parallel guesses (or a batch of them in
 *   one request) is refused, not raced past the limit while the first hashes are still running;
 * - an unknown staff id, or one without a PIN, is checked against a dummy hash: the same answer at the
 *   same cost, so ids cannot be told apart.
 */
import type { GateAnswer, SecretGate } from '@hall/devices/secrets';

const PINS = (staff: ReadonlyArray<{ id: string; pinHash?: string | undefined }>) =>
  new Map(staff.flatMap((s) => (s.pinHash ? [[s.id, s.pinHash] as const] : [])));

export type PinAnswer = GateAnswer | { result: 'in-progress' };

export class StaffPins {
  readonly #gate: SecretGate;
  #pinHashes: Map<string, string>;
  readonly #inFlight = new Set<string>();

  /** `gate`: the hub's one gate (one CPU budget for every secret it checks). */
  constructor(opts: { staff: ReadonlyArray<{ id: string; pinHash?: string | undefined }>; gate: SecretGate }) {
    this.#gate = opts.gate;
    this.#pinHashes = PINS(opts.staff);
  }

  /**
   * The staff of a new hall config, in force for the next sign-in: a new clerk can sign in, a removed
   * one (or one whose PIN hash was removed) cannot, a changed PIN hash is the one checked. A check
   * already running finishes against the hash it started with. Clerks signed in stay signed in: their
   * sessions are the counter's, not the PIN's (hub.ts, applyConfig).
   */
  update(staff: ReadonlyArray<{ id: string; pinHash?: string | undefined }>) {
    this.#pinHashes = PINS(staff);
  }

  /** Is this staff id on the hall's staff list with a PIN (may sign in)? */
  has(staffId: string): boolean {
    return this.#pinHashes.has(staffId);
  }

  get stats() {
    return this.#gate.stats;
  }

  /** `counterId` null: the on-site scoring page (limited per staff id and address only). */
  async check(c: {
    counterId: string | null;
    staffId: string;
    pin: string;
    source?: string | null;
  }): Promise<PinAnswer> {
    const place = c.counterId === null ? [] : [`counter:${c.counterId}`];
    const keys = [`staff:${c.staffId}`, ...place];
    if (keys.some((k) => this.#inFlight.has(k))) return { result: 'in-progress' };
    for (const k of keys) this.#inFlight.add(k);
    try {
      const sources = [...place, ...(c.source ? [`address:${c.source}`] : [])];
      return await this.#gate.check({
        identity: `staff:${c.staffId}`,
        source: sources,
        secret: c.pin,
        stored: this.#pinHashes.get(c.staffId) ?? null,
      });
    } finally {
      for (const k of keys) this.#inFlight.delete(k);
    }
  }
}
