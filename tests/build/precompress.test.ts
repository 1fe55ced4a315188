// Assets are compressed at build time and sent compressed when the browser asks (issue 17,
// point 9): the real precompress step over a folder, then the real Hono app serving it.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { precompressFiles } from '../../server/precompress.ts';

const staticRoot = mkdtempSync(join(tmpdir(), 'supervision-precompress-'));
const script = `export const words = ${JSON.stringify('Private and confidential. '.repeat(400))};\n`;
const shell = `<!doctype html><html lang="en-GB"><title>Supervision</title>${'<!-- shell -->'.repeat(100)}</html>`;
afterAll(() => rmSync(staticRoot, { recursive: true, force: true }));

let report: Awaited<ReturnType<typeof precompressFiles>>;
beforeAll(async () => {
  writeFileSync(join(staticRoot, 'index.html'), shell);
  mkdirSync(join(staticRoot, 'assets'));
  writeFileSync(join(staticRoot, 'assets', 'index-abc123.js'), script);
  writeFileSync(join(staticRoot, 'assets', 'tiny-abc123.js'), 'console.log(1);');
  writeFileSync(join(staticRoot, 'icon-192.png'), Buffer.alloc(4096, 7));
  report = await precompressFiles(staticRoot);
});

const app = createApp({ staticRoot });

describe('precompressFiles', () => {
  it('writes Brotli and gzip copies of text assets that decompress to the same bytes', () => {
    const file = join(staticRoot, 'assets', 'index-abc123.js');
    expect(brotliDecompressSync(readFileSync(`${file}.br`)).toString()).toBe(script);
    expect(gunzipSync(readFileSync(`${file}.gz`)).toString()).toBe(script);
    expect(report.files).toBe(2);
    expect(report.brotliBytes).toBeLessThan(report.rawBytes / 10);
  });

  it('leaves images and files under 1 KB alone', () => {
    expect(existsSync(join(staticRoot, 'icon-192.png.br'))).toBe(false);
    expect(existsSync(join(staticRoot, 'assets', 'tiny-abc123.js.br'))).toBe(false);
  });
});

describe('serving precompressed assets', () => {
  it('sends Brotli when the browser accepts it, with Vary: Accept-Encoding and the long cache kept', async () => {
    const res = await app.request('/assets/index-abc123.js', { headers: { 'Accept-Encoding': 'gzip, deflate, br, zstd' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Encoding')).toBe('br');
    expect(res.headers.get('Vary')).toContain('Accept-Encoding');
    expect(res.headers.get('Content-Type')).toMatch(/javascript/);
    expect(res.headers.get('Cache-Control')).toContain('immutable');
    expect(brotliDecompressSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(script);
  });

  it('sends gzip to a browser that accepts only gzip', async () => {
    const res = await app.request('/assets/index-abc123.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.headers.get('Content-Encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(script);
  });

  it('sends the plain file, still marked Vary: Accept-Encoding, to a client that asks for no encoding', async () => {
    const res = await app.request('/assets/index-abc123.js');
    expect(res.headers.get('Content-Encoding')).toBeNull();
    expect(res.headers.get('Vary')).toContain('Accept-Encoding');
    expect(await res.text()).toBe(script);
  });

  it('compresses the app shell served at a client-side route', async () => {
    const res = await app.request('/history/abc', { headers: { Accept: 'text/html', 'Accept-Encoding': 'br' } });
    expect(res.headers.get('Content-Encoding')).toBe('br');
    expect(res.headers.get('Content-Type')).toMatch(/text\/html/);
    expect(brotliDecompressSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(shell);
  });
});
