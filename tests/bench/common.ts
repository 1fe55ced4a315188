/** Helpers shared by the bench's measurements (tests/bench/bench.ts and the files it calls). */
import { serve } from '@hono/node-server';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { BrowserContext } from 'playwright-core';
import { createApp } from '../../server/app.ts';

/**
 * tsx (esbuild keepNames) wraps named functions in __name(...); functions serialised into the
 * page by Playwright need that helper there. Add it as the first init script of each context.
 */
export const nameShim = 'globalThis.__name = globalThis.__name || ((fn) => fn);';

export interface Summary {
  median: number;
  p95: number;
  min: number;
  max: number;
  n: number;
}

/** Median, and p95 by nearest rank. */
export function summarise(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) throw new Error('No samples');
  const mid = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, p95: sorted[Math.ceil(0.95 * n) - 1]!, min: sorted[0]!, max: sorted[n - 1]!, n };
}

export interface Served {
  baseUrl: string;
  close: () => Promise<void>;
}

/** Serves a built folder with the real server (its security headers and caching) on 127.0.0.1. */
export async function serveDir(staticRoot: string, listenOn = 0): Promise<Served> {
  const server = serve({ fetch: createApp({ staticRoot }).fetch, hostname: '127.0.0.1', port: listenOn });
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Requests any bench context made to a host off this machine (reported by the bench). */
export const offMachine: string[] = [];

/**
 * Records, without routing, requests off this machine: interception would add latency to every
 * request being timed.
 */
export function recordOffMachine(context: BrowserContext): void {
  context.on('request', (request) => {
    const { protocol, hostname } = new URL(request.url());
    if ((protocol === 'http:' || protocol === 'https:') && hostname !== '127.0.0.1') offMachine.push(request.url());
  });
}
