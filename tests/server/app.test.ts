import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HTTPException } from 'hono/http-exception';
import { afterAll, describe, expect, it, vi } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { createApp } from '../../server/app.ts';

const staticRoot = mkdtempSync(join(tmpdir(), 'supervision-static-'));
writeFileSync(join(staticRoot, 'index.html'), '<!doctype html><title>Test shell</title>');
writeFileSync(join(staticRoot, 'sw.js'), 'self.addEventListener("fetch", () => {});');
mkdirSync(join(staticRoot, 'assets'));
writeFileSync(join(staticRoot, 'assets', 'index-abc123.js'), 'console.log(1);');
afterAll(() => rmSync(staticRoot, { recursive: true, force: true }));

const app = createApp({ staticRoot });
const asNavigation = { headers: { Accept: 'text/html,application/xhtml+xml' } };

describe('GET /api/health', () => {
  it('reports the service and its version', async () => {
    const res = await app.request('/api/health');

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      service: 'safeguarding-supervision',
      version: packageJson.version,
    });
  });

  it('is never cached', async () => {
    const res = await app.request('/api/health');

    expect(res.headers.get('Cache-Control')).toBe('no-store');
  });
});

describe('unknown API routes', () => {
  it.each(['/api/x', '/api/cases/1', '/api'])('answers %s with JSON, never the app shell', async (path) => {
    const res = await app.request(path, asNavigation);

    expect(res.status).toBe(404);
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(await res.json()).toEqual({ error: 'Not found' });
  });
});

describe('security headers', () => {
  const paths = ['/api/health', '/api/x', '/', '/some/route', '/missing.js'];

  it.each(paths)('are set on %s', async (path) => {
    const res = await app.request(path, asNavigation);
    const csp = res.headers.get('Content-Security-Policy') ?? '';

    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('Strict-Transport-Security')).toBe(
      'max-age=31536000; includeSubDomains',
    );
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(res.headers.get('Permissions-Policy')).toBe(
      'camera=(), geolocation=(), microphone=(self)',
    );
  });
});

describe('static client', () => {
  it('serves index.html at / without caching it', async () => {
    const res = await app.request('/');

    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(res.headers.get('Cache-Control')).toBe('no-cache');
    expect(await res.text()).toContain('Test shell');
  });

  it('makes the service worker revalidate', async () => {
    const res = await app.request('/sw.js');

    expect(res.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('Cache-Control')).toBe('no-cache');
  });

  it('caches hashed assets for a year', async () => {
    const res = await app.request('/assets/index-abc123.js');

    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
  });

  it('falls back to index.html for a client-side route', async () => {
    const res = await app.request('/some/route', asNavigation);

    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('Test shell');
  });

  it('does not answer a missing script with the app shell', async () => {
    const res = await app.request('/assets/gone-123.js', asNavigation);

    expect(res.status).toBe(404);
  });

  it('does not serve files outside the static root', async () => {
    const res = await app.request('/..%2f..%2fetc/passwd');

    expect(res.status).toBe(404);
  });
});

describe('errors', () => {
  it('answers with JSON that does not echo the request', async () => {
    const failing = createApp({ staticRoot });
    failing.get('/api/boom/:secret', (c) => {
      throw new Error(`could not handle ${c.req.param('secret')}`);
    });
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);

    const res = await failing.request('/api/boom/child-name');
    const body = await res.text();

    expect(res.status).toBe(500);
    expect(JSON.parse(body)).toEqual({ error: 'Internal server error' });
    expect(body).not.toContain('child-name');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('Content-Security-Policy')).toContain("object-src 'none'");
    // The log names the kind of error and the route, never its message or the path's values.
    expect(log.mock.calls.flat().join(' ')).not.toContain('child-name');
    expect(log.mock.calls.flat().join(' ')).toContain('/api/boom/:secret');
    log.mockRestore();
  });

  it('keeps the status of a client error', async () => {
    const failing = createApp({ staticRoot });
    failing.post('/api/echo', () => {
      throw new HTTPException(400, { message: 'bad field: child-name' });
    });

    const res = await failing.request('/api/echo', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
    const body = await res.text();

    expect(res.status).toBe(400);
    expect(body).not.toContain('child-name');
  });
});

describe('API limits', () => {
  it('refuses a body that is not JSON with 415, before anything reads it', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', '']) {
      const res = await app.request('/api/health', { method: 'POST', body: 'a=1', headers: type ? { 'Content-Type': type } : {} });
      expect(res.status, type).toBe(415);
      expect(await res.json()).toEqual({ error: 'Send JSON (Content-Type: application/json)' });
    }
  });

  it('refuses a body over 2 MB with 413', async () => {
    const res = await app.request('/api/health', {
      method: 'POST',
      body: JSON.stringify({ padding: 'x'.repeat(2 * 1024 * 1024) }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'The request is too large' });
  });

  it('refuses a body declared over 2 MB with 413 before reading it, and takes one declared within it', async () => {
    const big = JSON.stringify({ padding: 'x'.repeat(2 * 1024 * 1024) });
    const refused = await app.request('/api/health', { method: 'POST', body: big, headers: { 'Content-Type': 'application/json', 'Content-Length': String(big.length) } });
    expect(refused.status).toBe(413);
    expect(await refused.json()).toEqual({ error: 'The request is too large' });
    const small = JSON.stringify({ ok: true });
    const taken = await app.request('/api/health', { method: 'POST', body: small, headers: { 'Content-Type': 'application/json', 'Content-Length': String(small.length) } });
    expect(taken.status).not.toBe(413);
  });

  it('limits the rate per client with 429 and Retry-After, and starts again in the next window', async () => {
    let clock = 1_000_000;
    const limited = createApp({ staticRoot, rateLimitPerMinute: 3, now: () => clock });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await limited.request('/api/health')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await limited.request('/api/health');
    expect(refused.headers.get('Retry-After')).toBe('60');
    expect(refused.headers.get('RateLimit-Remaining')).toBe('0');
    clock += 60_000;
    expect((await limited.request('/api/health')).status).toBe(200);
    // The app's own pages are not limited.
    for (let i = 0; i < 5; i++) expect((await limited.request('/', asNavigation)).status).toBe(200);
  });
});
