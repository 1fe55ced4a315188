import { serve } from '@hono/node-server';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { openShareStore } from './storage/shares.ts';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 4173);
// One setting chooses the share storage: DATABASE_URL=postgres://… for PostgreSQL; otherwise an
// SQLite file (SHARES_FILE, default .data/shares.sqlite), which needs no setup.
const shares = await openShareStore({
  databaseUrl: process.env.DATABASE_URL,
  sqliteFile: process.env.SHARES_FILE ?? fileURLToPath(new URL('../.data/shares.sqlite', import.meta.url)),
});

const server = serve({ fetch: createApp({ shares }).fetch, hostname: host, port }, (info) => {
  console.log(`Safeguarding supervision is running at http://${host}:${info.port} (shares: ${shares.kind})`);
});

function shutdown(signal: NodeJS.Signals): void {
  console.log(`${signal} received, stopping`);
  server.close(() => void shares.close().finally(() => process.exit(0)));
  // Keep-alive connections can hold close() open; do not hang the terminal on them.
  setTimeout(() => process.exit(0), 3000).unref();
}

process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
