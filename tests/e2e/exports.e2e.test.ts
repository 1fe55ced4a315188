/**
 * Issue 18's exports in Chromium, against the built app: a Derby record is signed, then its Word
 * file is downloaded and read back (headings in the form's order, "Private and Confidential" in
 * the header, the seal in the footer), and its signed JSON is downloaded and verified outside the
 * app with the pure verifier and Node's own WebCrypto.
 */
import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { verifySignedRecordExport } from '../../machines/record/export.ts';
import { verifyText } from '../../client/trust/signing.ts';
import { DERBY_HEADINGS } from '../fixtures/policy-headings.ts';
import { newPage, openApp, useBrowser } from './browser.ts';
import { firstSignedDerbyRecord } from './steps.ts';

const { browser, baseUrl } = useBrowser();

describe('exports of a signed record', () => {
  it('downloads the record as Word, read back with its headings, marking and seal; and as signed JSON that verifies', async () => {
    const { page } = await newPage(browser());
    await openApp(page);
    await firstSignedDerbyRecord(page, baseUrl, 'Zoë Ångström', '2026-12-04');

    const [word] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download as Word (.docx)' }).click()]);
    expect(word.suggestedFilename()).toBe('supervision-record-2026-12-04.docx');
    const buffer = await readFile((await word.path())!);
    const { value: html } = await mammoth.convertToHtml({ buffer });
    const h2 = [...html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));
    expect(h2.slice(0, DERBY_HEADINGS.length)).toEqual([...DERBY_HEADINGS]);
    expect(html).toContain('Zoë Ångström');
    expect(html).toContain('4 December 2026');
    const zip = await JSZip.loadAsync(buffer);
    const part = async (pattern: RegExp) =>
      (await Promise.all(Object.keys(zip.files).filter((n) => pattern.test(n)).map((n) => zip.file(n)!.async('string')))).join('');
    expect(await part(/^word\/header\d*\.xml$/)).toContain('Private and Confidential');
    const footer = await part(/^word\/footer\d*\.xml$/);
    expect(footer).toMatch(/Signed and sealed · Sealed · content hash \(SHA-256\) [0-9a-f]{64}/);

    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the signed record (JSON)' }).click()]);
    expect(json.suggestedFilename()).toBe('supervision-record-2026-12-04.signed.json');
    const text = await readFile((await json.path())!, 'utf8');
    const verified = await verifySignedRecordExport(text, verifyText);
    expect(verified).toMatchObject({ ok: true, parties: { supervisor: null, supervisee: null } });
    // The footer's hash is the seal the JSON verifies.
    if (verified.ok) expect(footer).toContain(verified.contentHash);
    const changed = text.replace('Actions and development reviewed only.', 'Actions and development reviewed only!');
    expect(changed).not.toBe(text);
    expect(await verifySignedRecordExport(changed, verifyText)).toMatchObject({ ok: false, problem: 'contentChanged' });
  }, 180_000);
});
