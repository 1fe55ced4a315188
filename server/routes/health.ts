import { Hono } from 'hono';
import packageJson from '../../package.json' with { type: 'json' };

/** Liveness probe: the app is up and which build it is. */
export const healthRoute = new Hono().get('/', (c) =>
  c.json({
    status: 'ok' as const,
    service: 'safeguarding-supervision' as const,
    version: packageJson.version,
  }),
);
