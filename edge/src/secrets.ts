/**
 * Device secrets and staff PINs are stored only as scrypt hashes (node:crypto, no native addon).
 * Verifying costs a few ms on purpose; a device that reconnects is checked against an in-memory HMAC
 * of the secret it last proved, so a reconnect storm after a network blip does not pin the CPU.
 */
import { createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const N = 2 ** 14;
const R = 8;
const P = 1;
const KEYLEN = 32;

export function hashSecret(secret: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(secret, salt, KEYLEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export function verifySecret(secret: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = scryptSync(secret, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Remembers secrets that passed, keyed by id, as an HMAC under a per-process key. */
export class VerifiedSecrets {
  readonly #key = randomBytes(32);
  readonly #known = new Map<string, Buffer>();

  #mac(secret: string) {
    return createHmac('sha256', this.#key).update(secret).digest();
  }

  verify(id: string, secret: string, stored: string): boolean {
    const known = this.#known.get(id);
    const mac = this.#mac(secret);
    if (known && timingSafeEqual(known, mac)) return true;
    if (!verifySecret(secret, stored)) return false;
    this.#known.set(id, mac);
    return true;
  }

  forget(id: string) {
    this.#known.delete(id);
  }
}
