/**
 * Behind a reverse proxy: the rate limit reads the client from X-Forwarded-For only when the
 * socket's peer is a proxy the operator trusts (TRUSTED_PROXIES), walking the header from the
 * right; otherwise the header is ignored, so a spoofed one cannot escape the limit. The server's
 * share settings are read from its environment and refused when wrong.
 */
import { tmpdir } from 'node:os';
import type { Context } from 'hono';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { clientAddressOf, parseAddress, trustedProxies } from '../../server/middleware/clientAddress.ts';
import { shareSettingsFrom } from '../../server/settings.ts';

describe('the client address', () => {
  const trusted = trustedProxies(['127.0.0.1', '::1', '10.0.0.0/8']);

  it.each([
    ['no setting: the socket, whatever the header says', '127.0.0.1', '203.0.113.5', null, '127.0.0.1'],
    ['a peer that is not trusted: the socket', '198.51.100.7', '203.0.113.5', trusted, '198.51.100.7'],
    ['a trusted peer: the entry it appended', '127.0.0.1', '203.0.113.5', trusted, '203.0.113.5'],
    ['a trusted peer as IPv4-mapped IPv6', '::ffff:127.0.0.1', '203.0.113.5', trusted, '203.0.113.5'],
    ['a trusted IPv6 peer', '::1', '2001:DB8:0::1', trusted, '2001:db8::1'],
    ['trusted hops skipped from the right', '127.0.0.1', '203.0.113.5, 10.1.2.3, 10.9.9.9', trusted, '203.0.113.5'],
    ['what the client wrote left of its address is ignored', '127.0.0.1', '192.0.2.99, 203.0.113.5', trusted, '203.0.113.5'],
    ['garbage left of the client address is ignored', '127.0.0.1', 'not-an-address, 203.0.113.5', trusted, '203.0.113.5'],
    ['every hop trusted: the leftmost', '127.0.0.1', '10.0.0.1, 10.0.0.2', trusted, '10.0.0.1'],
    ['a malformed entry met on the way: the socket', '127.0.0.1', '203.0.113.5, 10.0.0.1:8080', trusted, '127.0.0.1'],
    ['an empty entry: the socket', '127.0.0.1', '203.0.113.5, ', trusted, '127.0.0.1'],
    ['no header: the socket', '127.0.0.1', undefined, trusted, '127.0.0.1'],
    ['an IPv4-mapped client: as IPv4', '127.0.0.1', '::ffff:203.0.113.5', trusted, '203.0.113.5'],
  ] as const)('%s', (_what, socket, header, list, expected) => {
    expect(clientAddressOf(socket, header, list)).toBe(expected);
  });

  it('reads addresses and blocks, and refuses anything else, naming it', () => {
    expect(parseAddress('::FFFF:127.0.0.1')).toEqual({ address: '127.0.0.1', family: 'ipv4' });
    expect(parseAddress('[::1]')).toBeNull();
    const list = trustedProxies(['::ffff:192.0.2.1', 'fd00::/8']);
    expect(list.has('192.0.2.1')).toBe(true);
    expect(list.has('fd12::3')).toBe(true);
    expect(list.has('192.0.2.2')).toBe(false);
    for (const wrong of ['localhost', '10.0.0.0/33', '10.0.0.1/8/1', '1.2.3', 'fd00::/129', '']) {
      expect(() => trustedProxies([wrong]), wrong).toThrow(`Not an IP address or CIDR block in the trusted proxies: ${wrong}`);
    }
  });
});

describe('the rate limit behind a proxy', () => {
  const requestFrom = (app: ReturnType<typeof createApp>, forwardedFor?: string) =>
    app.request('/api/health', forwardedFor === undefined ? {} : { headers: { 'X-Forwarded-For': forwardedFor } });
  const statuses = async (app: ReturnType<typeof createApp>, forwardedFor: (i: number) => string | undefined, count: number) => {
    const seen: number[] = [];
    for (let i = 0; i < count; i++) seen.push((await requestFrom(app, forwardedFor(i))).status);
    return seen;
  };
  // Every request arrives from the proxy on 127.0.0.1, as behind nginx on the same machine.
  const fromProxy = (_c: Context) => '127.0.0.1';

  it('setting on: two clients behind the proxy get separate allowances', async () => {
    const app = createApp({ staticRoot: tmpdir(), rateLimitPerMinute: 2, now: () => 0, trustedProxies: ['127.0.0.1'], socketAddress: fromProxy });
    expect(await statuses(app, () => '203.0.113.1', 3)).toEqual([200, 200, 429]);
    expect(await statuses(app, () => '203.0.113.2', 2)).toEqual([200, 200]);
    // A client cannot name itself someone else: what it writes is left of the proxy's entry.
    expect(await statuses(app, (i) => `192.0.2.${i}, 203.0.113.1`, 2)).toEqual([429, 429]);
  });

  it('setting off: X-Forwarded-For is ignored, so a spoofed header does not escape the limit', async () => {
    const app = createApp({ staticRoot: tmpdir(), rateLimitPerMinute: 2, now: () => 0, socketAddress: fromProxy });
    expect(await statuses(app, (i) => `203.0.113.${i}`, 3)).toEqual([200, 200, 429]);
  });

  it('setting on, but the peer is not the proxy: the header is ignored', async () => {
    const app = createApp({ staticRoot: tmpdir(), rateLimitPerMinute: 2, now: () => 0, trustedProxies: ['127.0.0.1'], socketAddress: () => '198.51.100.7' });
    expect(await statuses(app, (i) => `203.0.113.${i}`, 3)).toEqual([200, 200, 429]);
  });

  it('a wrong setting stops the app from being made', () => {
    expect(() => createApp({ staticRoot: tmpdir(), trustedProxies: ['proxy.internal'] })).toThrow('Not an IP address or CIDR block in the trusted proxies: proxy.internal');
  });
});

describe('the server settings from its environment', () => {
  it('are absent by default', () => {
    expect(shareSettingsFrom({})).toEqual({ trustedProxies: [] });
  });

  it('read SHARE_MAX_BYTES, SHARES_QUOTA_BYTES and TRUSTED_PROXIES', () => {
    expect(shareSettingsFrom({ SHARE_MAX_BYTES: '2000000', SHARES_QUOTA_BYTES: '1073741824', TRUSTED_PROXIES: ' 127.0.0.1, ::1 ,10.0.0.0/8,' })).toEqual({
      shareMaxBytes: 2_000_000,
      sharesQuotaBytes: 1_073_741_824,
      trustedProxies: ['127.0.0.1', '::1', '10.0.0.0/8'],
    });
  });

  it.each([
    [{ SHARE_MAX_BYTES: '1.5MB' }, 'SHARE_MAX_BYTES must be a whole number of bytes, at least 1'],
    [{ SHARE_MAX_BYTES: '0' }, 'SHARE_MAX_BYTES must be a whole number of bytes, at least 1'],
    [{ SHARES_QUOTA_BYTES: '-1' }, 'SHARES_QUOTA_BYTES must be a whole number of bytes, at least 1'],
    [{ TRUSTED_PROXIES: '127.0.0.1, nginx' }, 'Not an IP address or CIDR block in the trusted proxies: nginx'],
  ])('refuse %o', (env, message) => {
    expect(() => shareSettingsFrom(env)).toThrow(message);
  });
});
