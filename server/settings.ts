/**
 * The server's settings from its environment, checked before it starts: a wrong value stops it
 * with a message naming the setting, rather than running with a limit nobody chose.
 */
import { trustedProxies } from './middleware/clientAddress.ts';

export type ShareSettings = {
  shareMaxBytes?: number;
  sharesQuotaBytes?: number;
  trustedProxies: string[];
};

function wholeBytes(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (!/^\d{1,15}$/.test(text) || Number(text) < 1) throw new Error(`${name} must be a whole number of bytes, at least 1`);
  return Number(text);
}

/** SHARE_MAX_BYTES, SHARES_QUOTA_BYTES and TRUSTED_PROXIES (comma-separated addresses or CIDR blocks). */
export function shareSettingsFrom(env: Record<string, string | undefined>): ShareSettings {
  const shareMaxBytes = wholeBytes('SHARE_MAX_BYTES', env.SHARE_MAX_BYTES);
  const sharesQuotaBytes = wholeBytes('SHARES_QUOTA_BYTES', env.SHARES_QUOTA_BYTES);
  const proxies = (env.TRUSTED_PROXIES ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  // Checked now: throws naming an entry that is not an address.
  trustedProxies(proxies);
  return {
    ...(shareMaxBytes !== undefined ? { shareMaxBytes } : {}),
    ...(sharesQuotaBytes !== undefined ? { sharesQuotaBytes } : {}),
    trustedProxies: proxies,
  };
}
