/**
 * Who the client is, for the rate limit. The socket's peer address, unless that peer is a
 * reverse proxy the operator named as trusted (TRUSTED_PROXIES): then X-Forwarded-For, read
 * from the right. Each trusted proxy appends the address it received from, so the entries to
 * the right of the first untrusted one were written by trusted proxies and everything left of
 * it was written by the client, who may write anything. Without the setting the header is
 * ignored: a client cannot name itself someone else to escape its limit.
 */
import { BlockList, isIP } from 'node:net';

/** A list of trusted proxies: exact IPv4 or IPv6 addresses, or CIDR blocks (10.0.0.0/8, fd00::/8). */
export type TrustedProxies = { readonly has: (address: string) => boolean };

type Parsed = { address: string; family: 'ipv4' | 'ipv6' };

/** 2001:DB8:0::1 as 2001:db8::1, so that one address is one client; as it is if the URL parser refuses it (a zone). */
function canonicalIpv6(address: string): string {
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address.toLowerCase();
  }
}

/** An address in one canonical text form; an IPv4-mapped IPv6 address (::ffff:127.0.0.1) as its IPv4 address. */
export function parseAddress(text: string): Parsed | null {
  const trimmed = text.trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed)?.[1];
  const address = mapped ?? trimmed;
  const version = isIP(address);
  if (version === 4) return { address, family: 'ipv4' };
  if (version === 6) return { address: canonicalIpv6(address), family: 'ipv6' };
  return null;
}

/** Reads the setting's entries; throws, naming the entry, on one that is not an address or block. */
export function trustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const entry of entries) {
    const [base = '', prefix, extra] = entry.trim().split('/');
    const parsed = parseAddress(base);
    const bits = parsed?.family === 'ipv4' ? 32 : 128;
    if (!parsed || extra !== undefined || (prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits))) {
      throw new Error(`Not an IP address or CIDR block in the trusted proxies: ${entry}`);
    }
    if (prefix === undefined) list.addAddress(parsed.address, parsed.family);
    else list.addSubnet(parsed.address, Number(prefix), parsed.family);
  }
  return {
    has: (address) => {
      const parsed = parseAddress(address);
      return parsed !== null && list.check(parsed.address, parsed.family);
    },
  };
}

/**
 * The client's address: the socket's, unless the socket's peer is trusted; then the rightmost
 * X-Forwarded-For entry that is not a trusted proxy (the leftmost if all are). A malformed
 * entry met on the way (or a missing header) means the socket's address.
 */
export function clientAddressOf(socket: string, forwardedFor: string | undefined, trusted: TrustedProxies | null): string {
  const peer = parseAddress(socket)?.address ?? socket;
  if (!trusted || forwardedFor === undefined || !trusted.has(peer)) return peer;
  const hops = forwardedFor.split(',');
  let leftmost: string | null = null;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = parseAddress(hops[i] ?? '');
    if (!hop) return peer;
    if (!trusted.has(hop.address)) return hop.address;
    leftmost = hop.address;
  }
  return leftmost ?? peer;
}
