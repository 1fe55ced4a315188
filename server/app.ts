import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { noStore, securityHeaders } from './middleware/security.ts';
import { MAX_BODY_BYTES, apiBodyLimitOf, jsonOnly, rateLimit } from './middleware/limits.ts';
import { clientAddressOf, trustedProxies } from './middleware/clientAddress.ts';
import { getConnInfo } from '@hono/node-server/conninfo';
import { healthRoute } from './routes/health.ts';
import { DEFAULT_SHARE_MAX_BYTES, sharesRoute } from './routes/shares.ts';
import type { ShareStore } from './storage/shares.ts';

export interface AppOptions {
  /** Folder holding the built client; defaults to `dist/` at the repository root. */
  staticRoot?: string;
  /** API requests per client per minute (default 120). */
  rateLimitPerMinute?: number;
  now?: () => number;
  /** Where shares are kept; without one, /api/shares answers 503. */
  shares?: ShareStore;
  /** Largest ciphertext of one share or reply, in characters (default 1,500,000; SHARE_MAX_BYTES). */
  shareMaxBytes?: number;
  /** Most ciphertext all shares may hold together (default 512 MiB; SHARES_QUOTA_BYTES). */
  sharesQuotaBytes?: number;
  /**
   * Reverse proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES): IP addresses or CIDR
   * blocks. Without any, the rate limit counts per socket address and the header is ignored.
   */
  trustedProxies?: readonly string[];
  /** The socket peer's address; by default from the Node server (tests name one). */
  socketAddress?: (c: Context) => string;
}

/** Worked out only when no root is given: under a browser-like test environment import.meta.url is not a file URL. */
const defaultStaticRoot = () => fileURLToPath(new URL('../dist/', import.meta.url));

const isApiPath = (path: string): boolean => path === '/api' || path.startsWith('/api/');
const isHashedAsset = (path: string): boolean => path.startsWith('/assets/');
const longCache = 'public, max-age=31536000, immutable';

/** The peer's address as the socket gives it ('unknown' under a test's app.request). */
function socketAddressOf(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** A browser loading a page (not a script, image or fetch) at a client-side route. */
function isNavigation(c: Context): boolean {
  if (isApiPath(c.req.path) || extname(c.req.path) !== '') return false;
  const accept = c.req.header('Accept') ?? '';
  return c.req.header('Sec-Fetch-Mode') === 'navigate' || accept.includes('text/html');
}

export function createApp(options: AppOptions = {}) {
  const staticRoot = resolve(options.staticRoot ?? defaultStaticRoot());
  // The build writes Brotli and gzip copies beside each text asset (server/precompress.ts).
  const serveFiles = serveStatic({ root: staticRoot, precompressed: true });
  const serveIndex = serveStatic({ path: join(staticRoot, 'index.html'), precompressed: true });

  // index.html, sw.js and the manifest must be revalidated so a new release is noticed;
  // files under /assets/ carry a content hash in their names and never change.
  const withCaching =
    (serve: MiddlewareHandler, isImmutable: (path: string) => boolean): MiddlewareHandler =>
    async (c, next) => {
      const res = await serve(c, next);
      if (res instanceof Response && res.ok) {
        res.headers.set('Cache-Control', isImmutable(c.req.path) ? longCache : 'no-cache');
        // The same URL has a compressed and a plain body: a cache must key on what was asked,
        // for the plain answer too (the static middleware marks only the compressed one).
        if (!res.headers.get('Vary')?.includes('Accept-Encoding')) res.headers.append('Vary', 'Accept-Encoding');
      }
      return res;
    };
  const clientFiles: MiddlewareHandler = (c, next) =>
    isApiPath(c.req.path) ? next() : serveFiles(c, next);
  const appShell: MiddlewareHandler = (c, next) =>
    isNavigation(c) ? serveIndex(c, next) : next();

  // Behind a trusted reverse proxy every request comes from the proxy's address: the client is
  // read from X-Forwarded-For, so that each user has their own allowance. Never otherwise.
  const proxies = options.trustedProxies?.length ? trustedProxies(options.trustedProxies) : null;
  const socketAddress = options.socketAddress ?? socketAddressOf;
  const clientAddress = (c: Context): string => clientAddressOf(socketAddress(c), c.req.header('X-Forwarded-For'), proxies);
  // Room in a body for the largest share the server takes, and its JSON around it.
  const bodyLimit = apiBodyLimitOf(Math.max(MAX_BODY_BYTES, (options.shareMaxBytes ?? DEFAULT_SHARE_MAX_BYTES) + 4096));
  const sharesOptions = {
    ...(options.shareMaxBytes !== undefined ? { maxBytes: options.shareMaxBytes } : {}),
    ...(options.sharesQuotaBytes !== undefined ? { quotaBytes: options.sharesQuotaBytes } : {}),
  };

  const app = new Hono()
    .use(securityHeaders())
    .use('/api/*', noStore)
    .use('/api/*', rateLimit({ limit: options.rateLimitPerMinute ?? 120, windowMs: 60_000, clientOf: clientAddress, ...(options.now ? { now: options.now } : {}) }))
    .use('/api/*', jsonOnly)
    .use('/api/*', bodyLimit)
    .route('/api/health', healthRoute)
    .route('/api/shares', options.shares ? sharesRoute(options.shares, options.now ?? (() => Date.now()), sharesOptions) : new Hono().all('*', (c) => c.json({ error: 'Sharing is not available on this server' }, 503)))
    .use('*', withCaching(clientFiles, isHashedAsset))
    .get('*', withCaching(appShell, () => false));

  // Unknown API paths get JSON; they never fall through to the app shell.
  app.notFound((c) =>
    isApiPath(c.req.path) ? c.json({ error: 'Not found' }, 404) : c.text('Not found', 404),
  );

  // Messages are fixed strings: an error raised while handling a request may quote it. The log
  // says only what kind of error on which route: never a message, body or query, which could
  // hold content.
  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status < 500) {
      return c.json({ error: 'Request could not be processed' }, err.status);
    }
    console.error(`Internal error (${err.name}) on ${c.req.method} ${c.req.routePath}`);
    return c.json({ error: 'Internal server error' }, 500);
  });

  return app;
}

export type AppType = ReturnType<typeof createApp>;
