/**
 * Secrets the cloud keeps (hub tokens) are stored as scrypt hashes; a token that passed once is
 * remembered as an HMAC so a hub pushing every second does not pay scrypt every time.
 */
import { createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

export function hashSecret(secret: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(secret, salt, 32, { N: 2 ** 14, r: 8, p: 1 });
  return `scrypt$16384$8$1$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export function verifySecret(secret: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = scryptSync(secret, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 });
  return timingSafeEqual(actual, expected);
}

export class VerifiedSecrets {
  readonly #key = randomBytes(32);
  readonly #known = new Map<string, Buffer>();

  verify(id: string, secret: string, stored: string): boolean {
    const mac = createHmac('sha256', this.#key).update(`${stored}\u0000${secret}`).digest();
    const known = this.#known.get(id);
    if (known && timingSafeEqual(known, mac)) return true;
    if (!verifySecret(secret, stored)) return false;
    this.#known.set(id, mac);
    return true;
  }
}

export const newToken = () => randomBytes(24).toString('base64url');
