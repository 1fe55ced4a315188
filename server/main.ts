import { serve } from '@hono/node-server';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { openShareStore } from './storage/shares.ts';
import { shareSettingsFrom, type ShareSettings } from './settings.ts';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 4173);
// SHARE_MAX_BYTES (one share's ciphertext), SHARES_QUOTA_BYTES (all shares together) and
// TRUSTED_PROXIES (reverse proxies whose X-Forwarded-For names the client): checked first.
let settings: ShareSettings;
try {
  settings = shareSettingsFrom(process.env);
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
// One setting chooses the share storage: DATABASE_URL=postgres://… for PostgreSQL; otherwise an
// SQLite file (SHARES_FILE, default .data/shares.sqlite), which needs no setup.
const shares = await openShareStore({
  databaseUrl: process.env.DATABASE_URL,
  sqliteFile: process.env.SHARES_FILE ?? fileURLToPath(new URL('../.data/shares.sqlite', import.meta.url)),
});

const server = serve({ fetch: createApp({ shares, ...settings }).fetch, hostname: host, port }, (info) => {
  console.log(`Safeguarding supervision is running at http://${host}:${info.port} (shares: ${shares.kind})`);
  if (settings.trustedProxies.length > 0) console.log(`Client addresses are read from X-Forwarded-For behind ${settings.trustedProxies.join(', ')}`);
});

function shutdown(signal: NodeJS.Signals): void {
  console.log(`${signal} received, stopping`);
  server.close(() => void shares.close().finally(() => process.exit(0)));
  // Keep-alive connections can hold close() open; do not hang the terminal on them.
  setTimeout(() => process.exit(0), 3000).unref();
}

process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
