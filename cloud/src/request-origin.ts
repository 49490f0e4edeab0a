/**
 * Where a request comes from (the address the rate limits key on) and whether it came over HTTPS (for
 * Secure cookies). The socket's peer is the client unless it is a trusted proxy: then X-Forwarded-For is
 * walked from the right, past trusted proxies, to the first address that is not one, and
 * X-Forwarded-Proto is believed. A client can put anything in these headers, so they count only when the
 * peer that sent them is trusted (CLOUD_TRUSTED_PROXIES).
 */
import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/** `10.0.0.1`, `::1`, `10.0.0.0/8`, `fd00::/8`. */
export function isAddressOrBlock(s: string): boolean {
  const [address, bits, extra] = s.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n >= 0 && n <= (family === 4 ? 32 : 128);
}

/** An IPv4 address seen through a dual-stack socket (`::ffff:10.0.0.1`) as the IPv4 address it is. */
const plain = (address: string) =>
  address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;

export class TrustedProxies {
  readonly #list = new BlockList();
  readonly #any: boolean;

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [address, bits] = entry.split('/') as [string, string | undefined];
      const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.#list.addAddress(address, type);
      else this.#list.addSubnet(address, Number(bits), type);
    }
    this.#any = entries.length > 0;
  }

  has(address: string): boolean {
    if (!this.#any) return false;
    const a = plain(address);
    const family = isIP(a);
    return family !== 0 && this.#list.check(a, family === 6 ? 'ipv6' : 'ipv4');
  }
}

export interface RequestOrigin {
  /** The client's address as far as we can trust it. */
  source: string;
  /** The client reached us over HTTPS (a TLS socket, or a trusted proxy says so). */
  https: boolean;
}

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : (v ?? '');
};

export function originOf(req: IncomingMessage, proxies: TrustedProxies): RequestOrigin {
  const peer = plain(req.socket.remoteAddress ?? 'unknown');
  const tls = 'encrypted' in req.socket && Boolean((req.socket as { encrypted?: boolean }).encrypted);
  if (!proxies.has(peer)) return { source: peer, https: tls };
  const hops = header(req, 'x-forwarded-for')
    .split(',')
    .map((h) => plain(h.trim()))
    .filter((h) => isIP(h) !== 0);
  let source = peer;
  // From the nearest hop outwards: each trusted proxy vouches for the address before it.
  while (hops.length > 0 && proxies.has(source)) source = hops.pop() as string;
  // The proxy the client connected to (the first one) wrote the protocol first.
  const proto = header(req, 'x-forwarded-proto').split(',')[0]?.trim().toLowerCase();
  return { source, https: tls || proto === 'https' };
}
