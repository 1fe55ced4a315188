// Builds the client and starts the real server once for all browser tests.
import { serve } from '@hono/node-server';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { createApp } from '../../server/app.ts';
import { openShareStore } from '../../server/storage/shares.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the running server, e.g. `http://127.0.0.1:41234` (no trailing slash). */
    baseUrl: string;
  }
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const distDir = join(repoRoot, 'dist');

/**
 * Builds into a private folder, so a concurrent `npm run build` or test run cannot swap the
 * files (and the service worker's precache list) under a running test.
 * `E2E_SKIP_BUILD=1` serves an existing `dist/` instead.
 */
async function buildClient(): Promise<{ staticRoot: string; cleanUp: () => void }> {
  if (process.env.E2E_SKIP_BUILD === '1' && existsSync(join(distDir, 'index.html'))) {
    return { staticRoot: distDir, cleanUp: () => undefined };
  }
  const outDir = mkdtempSync(join(tmpdir(), 'supervision-e2e-'));
  // Vitest sets NODE_ENV=test, which would give React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(repoRoot, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return { staticRoot: outDir, cleanUp: () => rmSync(outDir, { recursive: true, force: true }) };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { staticRoot, cleanUp } = await buildClient();

  // The real share store, embedded (SQLite in memory); the rate limit is raised so the browser
  // tests, all from one address, measure the app rather than the limit.
  const shares = await openShareStore({ sqliteFile: ':memory:' });
  const app = createApp({ staticRoot, shares, rateLimitPerMinute: 100_000 });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  project.provide('baseUrl', `http://127.0.0.1:${port}`);

  return async () => {
    if ('closeAllConnections' in server) server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await shares.close();
    cleanUp();
  };
}
