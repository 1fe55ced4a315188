import { describe, expect, it } from 'vitest';
import { minimumBytes } from '../../server/precompress.ts';
import { expectNoSeriousAxeViolations, newPage, useBrowser } from './browser.ts';

const { browser, baseUrl } = useBrowser();

describe('the built app served by the real server', () => {
  it('opens offline-clean and accessible', async () => {
    const { page, thirdPartyRequests, consoleErrors, close } = await newPage(browser());

    const response = await page.goto(baseUrl);
    const heading = page.getByRole('heading', { level: 1 });
    await heading.waitFor({ state: 'visible' });

    expect(response?.status()).toBe(200);
    expect((await heading.textContent())?.trim()).not.toBe('');
    await expectNoSeriousAxeViolations(page, 'home page');
    expect(thirdPartyRequests()).toEqual([]);
    expect(consoleErrors().filter((e) => e.includes('Content Security Policy'))).toEqual([]);
    await close();
  });

  it('sends every script and stylesheet of the first screen over 1 KB compressed with Brotli', async () => {
    const { page, close } = await newPage(browser());
    const assets: { url: string; encoding: string | undefined; vary: string | undefined; length: number }[] = [];
    page.on('response', (res) => {
      if (/\.(js|css)$/.test(new URL(res.url()).pathname)) assets.push({ url: res.url(), encoding: res.headers()['content-encoding'], vary: res.headers()['vary'], length: Number(res.headers()['content-length']) });
    });
    await page.goto(baseUrl);
    await page.getByRole('heading', { level: 1 }).waitFor({ state: 'visible' });
    await page.waitForLoadState('networkidle');

    expect(assets.length).toBeGreaterThan(1);
    for (const asset of assets) {
      // A file under the threshold fits in a packet as it is, and has no compressed copy.
      if (asset.encoding === undefined) expect(asset.length, asset.url).toBeLessThan(minimumBytes);
      else expect(asset.encoding, asset.url).toBe('br');
      expect(asset.vary, asset.url).toContain('Accept-Encoding');
    }
    await close();
  });

  it('answers /api/health with the security headers', async () => {
    const res = await fetch(`${baseUrl}/api/health`);
    const csp = res.headers.get('content-security-policy') ?? '';

    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', service: 'safeguarding-supervision' });
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('strict-transport-security')).toBe(
      'max-age=31536000; includeSubDomains',
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves the web app manifest and service worker', async () => {
    const manifest = await fetch(`${baseUrl}/manifest.webmanifest`);
    const worker = await fetch(`${baseUrl}/sw.js`);

    expect(await manifest.json()).toMatchObject({
      name: 'Safeguarding supervision',
      start_url: '/',
    });
    expect(worker.status).toBe(200);
    expect(worker.headers.get('cache-control')).toBe('no-cache');
  });
});
