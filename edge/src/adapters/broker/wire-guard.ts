/**
 * Limits on the MQTT connections' raw bytes, enforced before aedes buffers anything (issue #14, defect 2).
 *
 * aedes hands every byte it reads to mqtt-packet, which keeps a packet's bytes in a list until the whole
 * packet has arrived; neither has a maximum packet size. So a client that announces a 200 MB PUBLISH
 * (before CONNECT, even) is buffered whole. MQTT's fixed header carries the packet's remaining length in
 * its first 2–5 bytes, so the guard follows the framing of the byte stream (without keeping any of it)
 * and closes the connection as soon as a header announces too much:
 *   - every packet at most `maxPacketBytes`;
 *   - the first packet must be CONNECT [MQTT-3.1.0-1];
 *   - before the connection is authenticated it may send at most `preAuthBytes`, and all unauthenticated
 *     connections together at most `preAuthTotalBytes` (a CONNECT is a few hundred bytes);
 *   - at most `maxConnections` connections at once.
 * It listens to the stream's 'data' events: with aedes' 'readable' listener attached, Node emits 'data'
 * from inside `read()`, before aedes parses the chunk, and never switches the stream to flowing mode.
 */
import type { Duplex } from 'node:stream';

export interface WireLimits {
  maxPacketBytes: number;
  preAuthBytes: number;
  preAuthTotalBytes: number;
  maxConnections: number;
}

export type WireViolation =
  | 'packet_too_large'
  | 'not_connect_first'
  | 'malformed_length'
  | 'pre_auth_budget'
  | 'pre_auth_total'
  | 'too_many_connections';

const CONNECT = 1;

/** Follows MQTT framing (fixed header, remaining length, body) over chunks, keeping no bytes. */
export class FrameReader {
  readonly #maxPacketBytes: number;
  #state: 'header' | 'length' | 'body' = 'header';
  #cmd = 0;
  #length = 0;
  #multiplier = 1;
  #left = 0;
  #packets = 0;

  constructor(maxPacketBytes: number) {
    this.#maxPacketBytes = maxPacketBytes;
  }

  /** Reads a chunk; returns the first rule it breaks, or null. */
  feed(chunk: Uint8Array): WireViolation | null {
    let i = 0;
    while (i < chunk.length) {
      if (this.#state === 'header') {
        this.#cmd = (chunk[i] as number) >> 4;
        if (this.#packets === 0 && this.#cmd !== CONNECT) return 'not_connect_first';
        this.#state = 'length';
        this.#length = 0;
        this.#multiplier = 1;
        i += 1;
      } else if (this.#state === 'length') {
        const byte = chunk[i] as number;
        this.#length += (byte & 0x7f) * this.#multiplier;
        i += 1;
        if (byte & 0x80) {
          this.#multiplier *= 128;
          // At most four length bytes [MQTT-2.2.3].
          if (this.#multiplier > 128 ** 3) return 'malformed_length';
          continue;
        }
        // The fixed header (1 byte + the length's bytes) counts toward the packet's size.
        if (this.#length + 5 > this.#maxPacketBytes) return 'packet_too_large';
        this.#packets += 1;
        this.#left = this.#length;
        this.#state = this.#left > 0 ? 'body' : 'header';
      } else {
        const take = Math.min(this.#left, chunk.length - i);
        this.#left -= take;
        i += take;
        if (this.#left === 0) this.#state = 'header';
      }
    }
    return null;
  }
}

interface Connection {
  reader: FrameReader;
  preAuth: number;
  authenticated: boolean;
}

/** Admits connections and watches their bytes; one per broker (the totals are shared). */
export class WireGuard {
  readonly #limits: WireLimits;
  readonly #connections = new Map<Duplex, Connection>();
  readonly #onViolation: (violation: WireViolation, source: string) => void;
  #preAuthTotal = 0;
  /** Connections closed by reason. */
  readonly closed: Record<WireViolation, number> = {
    packet_too_large: 0,
    not_connect_first: 0,
    malformed_length: 0,
    pre_auth_budget: 0,
    pre_auth_total: 0,
    too_many_connections: 0,
  };

  constructor(limits: WireLimits, onViolation: (violation: WireViolation, source: string) => void = () => {}) {
    this.#limits = limits;
    this.#onViolation = onViolation;
  }

  get open() {
    return this.#connections.size;
  }

  /** Bytes received so far from connections not yet authenticated. */
  get preAuthBytes() {
    return this.#preAuthTotal;
  }

  /**
   * Whether a new connection may be handed to the broker; when it may not, it is already destroyed.
   * Call `watch` right after the broker took it.
   */
  admit(conn: Duplex, source: string): boolean {
    if (this.#connections.size >= this.#limits.maxConnections) {
      this.#refuse(conn, 'too_many_connections', source);
      return false;
    }
    const c: Connection = { reader: new FrameReader(this.#limits.maxPacketBytes), preAuth: 0, authenticated: false };
    this.#connections.set(conn, c);
    conn.once('close', () => {
      if (!c.authenticated) this.#preAuthTotal -= c.preAuth;
      this.#connections.delete(conn);
    });
    return true;
  }

  /** Starts following the connection's bytes (after the broker attached its 'readable' listener). */
  watch(conn: Duplex, source: string) {
    const c = this.#connections.get(conn);
    if (!c) return;
    const onData = (chunk: Buffer) => {
      let violation = c.reader.feed(chunk);
      if (!c.authenticated) {
        c.preAuth += chunk.length;
        this.#preAuthTotal += chunk.length;
        if (!violation && c.preAuth > this.#limits.preAuthBytes) violation = 'pre_auth_budget';
        if (!violation && this.#preAuthTotal > this.#limits.preAuthTotalBytes) violation = 'pre_auth_total';
      }
      if (violation) {
        conn.off('data', onData);
        this.#refuse(conn, violation, source);
      }
    };
    conn.on('data', onData);
  }

  /** The connection proved who it is: its bytes no longer count against the pre-auth budgets. */
  authenticated(conn: Duplex) {
    const c = this.#connections.get(conn);
    if (!c || c.authenticated) return;
    c.authenticated = true;
    this.#preAuthTotal -= c.preAuth;
  }

  #refuse(conn: Duplex, violation: WireViolation, source: string) {
    this.closed[violation] += 1;
    this.#onViolation(violation, source);
    conn.destroy();
  }
}
