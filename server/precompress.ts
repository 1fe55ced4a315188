/**
 * Build-time compression of the client: beside every text asset worth compressing, a Brotli
 * (`.br`, quality 11) and a gzip (`.gz`, level 9) copy. The server sends the copy the browser
 * asks for (`serveStatic({ precompressed: true })`), so nothing is compressed per request.
 * Run by the Vite plugin in vite.config.ts after the service worker is written.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Text formats the app ships; images (PNG) are compressed already. */
export const compressibleExtensions = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.webmanifest', '.txt', '.map']);
/** Below this a response fits in one packet anyway, and the copies would only add files. */
export const minimumBytes = 1024;

export type PrecompressReport = { files: number; rawBytes: number; brotliBytes: number; gzipBytes: number };

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

export async function precompressFiles(dir: string): Promise<PrecompressReport> {
  const report: PrecompressReport = { files: 0, rawBytes: 0, brotliBytes: 0, gzipBytes: 0 };
  for (const file of await filesUnder(dir)) {
    if (!compressibleExtensions.has(extname(file))) continue;
    const raw = await readFile(file);
    if (raw.byteLength < minimumBytes) continue;
    const [br, gz] = await Promise.all([
      brotli(raw, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: raw.byteLength,
        },
      }),
      gzipped(raw, { level: 9 }),
    ]);
    // A copy no smaller than the file is not worth a Content-Encoding.
    if (br.byteLength < raw.byteLength) await writeFile(`${file}.br`, br);
    if (gz.byteLength < raw.byteLength) await writeFile(`${file}.gz`, gz);
    report.files += 1;
    report.rawBytes += raw.byteLength;
    report.brotliBytes += Math.min(br.byteLength, raw.byteLength);
    report.gzipBytes += Math.min(gz.byteLength, raw.byteLength);
  }
  return report;
}
