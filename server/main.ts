import { serve } from '@hono/node-server';
import { createApp } from './app.ts';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 4173);

const server = serve({ fetch: createApp().fetch, hostname: host, port }, (info) => {
  console.log(`Safeguarding supervision is running at http://${host}:${info.port}`);
});

function shutdown(signal: NodeJS.Signals): void {
  console.log(`${signal} received, stopping`);
  server.close(() => process.exit(0));
  // Keep-alive connections can hold close() open; do not hang the terminal on them.
  setTimeout(() => process.exit(0), 3000).unref();
}

process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
