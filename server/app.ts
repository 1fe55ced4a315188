import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { noStore, securityHeaders } from './middleware/security.ts';
import { healthRoute } from './routes/health.ts';

export interface AppOptions {
  /** Folder holding the built client; defaults to `dist/` at the repository root. */
  staticRoot?: string;
}

const defaultStaticRoot = fileURLToPath(new URL('../dist/', import.meta.url));

const isApiPath = (path: string): boolean => path === '/api' || path.startsWith('/api/');
const isHashedAsset = (path: string): boolean => path.startsWith('/assets/');
const longCache = 'public, max-age=31536000, immutable';

/** A browser loading a page (not a script, image or fetch) at a client-side route. */
function isNavigation(c: Context): boolean {
  if (isApiPath(c.req.path) || extname(c.req.path) !== '') return false;
  const accept = c.req.header('Accept') ?? '';
  return c.req.header('Sec-Fetch-Mode') === 'navigate' || accept.includes('text/html');
}

export function createApp(options: AppOptions = {}) {
  const staticRoot = resolve(options.staticRoot ?? defaultStaticRoot);
  const serveFiles = serveStatic({ root: staticRoot });
  const serveIndex = serveStatic({ path: join(staticRoot, 'index.html') });

  // index.html, sw.js and the manifest must be revalidated so a new release is noticed;
  // files under /assets/ carry a content hash in their names and never change.
  const withCaching =
    (serve: MiddlewareHandler, isImmutable: (path: string) => boolean): MiddlewareHandler =>
    async (c, next) => {
      const res = await serve(c, next);
      if (res instanceof Response && res.ok) {
        res.headers.set('Cache-Control', isImmutable(c.req.path) ? longCache : 'no-cache');
      }
      return res;
    };
  const clientFiles: MiddlewareHandler = (c, next) =>
    isApiPath(c.req.path) ? next() : serveFiles(c, next);
  const appShell: MiddlewareHandler = (c, next) =>
    isNavigation(c) ? serveIndex(c, next) : next();

  const app = new Hono()
    .use(securityHeaders())
    .use('/api/*', noStore)
    .route('/api/health', healthRoute)
    .use('*', withCaching(clientFiles, isHashedAsset))
    .get('*', withCaching(appShell, () => false));

  // Unknown API paths get JSON; they never fall through to the app shell.
  app.notFound((c) =>
    isApiPath(c.req.path) ? c.json({ error: 'Not found' }, 404) : c.text('Not found', 404),
  );

  // Messages are fixed strings: an error raised while handling a request may quote it.
  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status < 500) {
      return c.json({ error: 'Request could not be processed' }, err.status);
    }
    console.error(err);
    return c.json({ error: 'Internal server error' }, 500);
  });

  return app;
}

export type AppType = ReturnType<typeof createApp>;
