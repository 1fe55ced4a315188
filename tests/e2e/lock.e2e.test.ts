/**
 * The app lock and encryption at rest in Chromium, against the built app and the real server:
 * a passphrase is set on first use; what is typed is saved sealed; "Lock now" empties the screen
 * and reloads to the lock; then no plaintext is left in IndexedDB, Cache Storage, localStorage,
 * sessionStorage or the page. A wrong passphrase opens nothing; the right one resumes where the
 * user was. The passphrase can be changed (the old one then fails). After 10 minutes without
 * activity the app locks itself (the page's clock is driven by Playwright).
 */
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DERBY_HEADINGS } from '../fixtures/policy-headings.ts';
import { TEST_PASSPHRASE, expectNoSeriousAxeViolations, newPage, openApp, unlock, useBrowser } from './browser.ts';
import { next, signDerbyWithoutCase, startDerbySession, startSessionWithNewSupervisee, stepHeading } from './steps.ts';

const { browser, baseUrl } = useBrowser();
const MARKER = 'QX-SECRET-4417';

/** How many rows some of the device's stores hold (read as stored, through IndexedDB itself). */
function storedCounts(page: Page): Promise<Record<string, number>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const opening = indexedDB.open('safeguarding-supervision');
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const db = opening.result;
          const names = ['sessions', 'cases', 'actions', 'signatures', 'derivedPending'];
          const transaction = db.transaction(names);
          const out: Record<string, number> = {};
          for (const name of names) {
            const count = transaction.objectStore(name).count();
            count.onsuccess = () => (out[name] = count.result);
          }
          transaction.oncomplete = () => (db.close(), resolve(out));
          transaction.onerror = () => reject(transaction.error);
        };
      }),
  );
}

/** Everything the browser keeps for this origin, as text (bytes read as Latin-1, so ciphertext cannot hide a match). */
async function everythingStored(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const text = (value: unknown): string =>
      JSON.stringify(value, (_key, v: unknown) => (ArrayBuffer.isView(v) ? new TextDecoder('latin1').decode(v as Uint8Array) : v));
    const parts: string[] = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name!);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        parts.push(`${store}:${text(rows)}`);
      }
      db.close();
    }
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) parts.push(await (await cache.match(request))!.text());
    }
    parts.push(JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage }));
    return parts.join('\n');
  });
}

describe('the app lock', () => {
  it('locks at once, leaves no plaintext anywhere, opens only with the passphrase, and resumes where it was', async () => {
    const { page, close } = await newPage(browser());
    await page.goto(`${baseUrl}/#/`);
    await page.getByRole('heading', { level: 1, name: 'Protect the records on this device' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'set a passphrase');
    // Bad input: too short, then not the same twice. Nothing is set.
    await page.getByLabel('Passphrase', { exact: true }).fill('short');
    await page.getByLabel('Type the passphrase again').fill('short');
    await page.getByRole('button', { name: 'Set the passphrase' }).click();
    await page.getByRole('link', { name: 'Use a passphrase of at least 10 characters.' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(TEST_PASSPHRASE);
    await page.getByLabel('Type the passphrase again').fill(`${TEST_PASSPHRASE}!`);
    await page.getByRole('button', { name: 'Set the passphrase' }).click();
    await page.getByRole('link', { name: 'The two passphrases are not the same.' }).waitFor();
    await page.getByLabel('Type the passphrase again').fill(TEST_PASSPHRASE);
    await page.getByRole('button', { name: 'Set the passphrase' }).click();
    await page.getByRole('heading', { level: 1, name: 'Safeguarding supervision' }).waitFor();

    // Write something secret into a live session.
    await startSessionWithNewSupervisee(page, `Val ${MARKER}`);
    await page.getByLabel(`Record under “${DERBY_HEADINGS[1]}”`).fill(`Worried about the baby ${MARKER}`);
    await page.getByText(/Saved on this device at/).waitFor();
    const where = page.url();
    expect(await everythingStored(page)).not.toContain(MARKER);

    // Quick hide: the records leave the screen and the page reloads to the lock.
    await page.getByRole('button', { name: 'Lock now (hides everything at once)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Unlock' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'unlock');
    expect(await page.content()).not.toContain(MARKER);
    const stored = await everythingStored(page);
    // The reader does reach IndexedDB (the vault's format) and Cache Storage (the app shell)...
    expect(stored).toContain('safeguarding-supervision/vault');
    expect(stored).toContain('<div id="root">');
    // ...and finds no plaintext in either, nor in localStorage or sessionStorage.
    expect(stored).not.toContain(MARKER);
    expect(stored).not.toContain('Worried about the baby');

    // A wrong passphrase opens nothing.
    await page.getByLabel('Passphrase', { exact: true }).fill('not the passphrase at all');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('link', { name: 'That passphrase is not right. Try again.' }).waitFor();
    expect(await page.content()).not.toContain(MARKER);

    // The right one resumes exactly where it was, with the text.
    await unlock(page);
    await stepHeading(page, DERBY_HEADINGS[1]);
    expect(page.url()).toBe(where);
    await expect(page.getByLabel(`Record under “${DERBY_HEADINGS[1]}”`).inputValue()).resolves.toBe(`Worried about the baby ${MARKER}`);

    // Changing the passphrase: the old one no longer opens the app; the new one does.
    await page.goto(`${baseUrl}/#/security`);
    await page.getByRole('heading', { level: 1, name: 'Security' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'security');
    await page.getByLabel('Current passphrase').fill('wrong passphrase here');
    await page.getByLabel('New passphrase').fill('a brand new passphrase');
    await page.getByLabel('Type the passphrase again').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Change the passphrase' }).click();
    await page.getByRole('link', { name: 'That passphrase is not right. Try again.' }).waitFor();
    await page.getByLabel('Current passphrase').fill(TEST_PASSPHRASE);
    await page.getByRole('button', { name: 'Change the passphrase' }).click();
    await page.getByText('The passphrase has been changed. Use the new one from now on.').waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Unlock' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(TEST_PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('link', { name: 'That passphrase is not right. Try again.' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { level: 1, name: 'Security' }).waitFor();
    await close();
  });

  it('locks itself after 10 minutes without activity, not before', async () => {
    const { page, close } = await newPage(browser());
    await page.clock.install();
    await openApp(page);
    await page.clock.fastForward('09:00');
    // Activity restarts the idle clock.
    await page.getByRole('button', { name: 'Start a supervision session' }).click();
    await page.getByRole('heading', { level: 1, name: 'Start a supervision session' }).waitFor();
    await page.clock.fastForward('09:30');
    expect(await page.getByRole('heading', { level: 1, name: 'Start a supervision session' }).isVisible()).toBe(true);
    await page.clock.fastForward('01:00');
    await page.getByRole('heading', { level: 1, name: 'Unlock' }).waitFor();
    await close();
  });

  it('an encrypted backup restores on a new device at first use (a signed record’s derived rows rebuilt there); restoring again adds nothing; a wrong passphrase changes nothing', async () => {
    const first = await newPage(browser());
    await openApp(first.page);
    await first.page.getByRole('button', { name: 'Start a supervision session' }).click();
    await first.page.getByLabel('Full name', { exact: true }).fill(`Bea ${MARKER}`);
    await first.page.getByRole('button', { name: 'Add supervisee' }).click();
    await first.page.getByRole('radio', { name: `Bea ${MARKER}` }).waitFor();
    await startDerbySession(first.page, baseUrl, `Bea ${MARKER}`, '2026-11-02');
    await signDerbyWithoutCase(first.page);
    const signedThere = await storedCounts(first.page);
    expect(signedThere['signatures']).toBe(2);
    await first.page.goto(`${baseUrl}/#/security`);
    await first.page.getByRole('heading', { level: 2, name: 'Backup and restore' }).waitFor();
    await first.page.getByLabel('Passphrase for the backup').fill('backup passphrase one');
    await first.page.getByLabel('Type the backup’s passphrase again').fill('backup passphrase one');
    const [download] = await Promise.all([first.page.waitForEvent('download'), first.page.getByRole('button', { name: 'Download an encrypted backup' }).click()]);
    // Kept outside the browser's own download folder, which goes with its context.
    const path = join(mkdtempSync(join(tmpdir(), 'backup-e2e-')), download.suggestedFilename());
    await download.saveAs(path);
    const text = await readFile(path, 'utf8');
    expect(download.suggestedFilename()).toMatch(/^supervision-backup-\d{4}-\d{2}-\d{2}\.ssbk$/);
    expect(text).toContain('safeguarding-supervision/backup');
    expect(text).not.toContain(MARKER);
    await first.close();

    // A new device: restore at first use.
    const second = await newPage(browser());
    const { page } = second;
    await page.goto(`${baseUrl}/#/`);
    await page.getByRole('heading', { level: 1, name: 'Protect the records on this device' }).waitFor();
    await page.getByText('Restore records from an encrypted backup').click();
    await page.getByLabel('Backup file').setInputFiles(path);
    await page.getByLabel('The backup’s passphrase', { exact: true }).fill('not the right one');
    await page.getByLabel('Passphrase', { exact: true }).fill(TEST_PASSPHRASE);
    await page.getByLabel('Type the passphrase again').fill(TEST_PASSPHRASE);
    await page.getByRole('button', { name: 'Set the passphrase' }).click();
    await page.getByRole('link', { name: /^The passphrase is wrong, or the backup has been changed/ }).waitFor();
    await page.getByLabel('The backup’s passphrase', { exact: true }).fill('backup passphrase one');
    await page.getByRole('button', { name: 'Set the passphrase' }).click();
    await page.getByRole('heading', { level: 1, name: 'Safeguarding supervision' }).waitFor();
    await page.getByText(`Bea ${MARKER}`).first().waitFor();
    // The backup carried the records only: the signed record's derived rows are rebuilt here.
    await expect.poll(() => storedCounts(page), { timeout: 30_000 }).toMatchObject({ sessions: signedThere['sessions'], signatures: 2, actions: signedThere['actions'], cases: signedThere['cases'], derivedPending: 0 });

    // Restoring the same backup again adds nothing.
    await page.goto(`${baseUrl}/#/security`);
    await page.getByLabel('Backup file').setInputFiles(path);
    await page.getByLabel('The backup’s passphrase', { exact: true }).fill('backup passphrase one');
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    await page.getByText('The backup has been restored.').waitFor();
    await page.getByText('0 added (not on this device before)').waitFor();
    await page.getByText('0 kept as a copy', { exact: false }).waitFor();
    await expectNoSeriousAxeViolations(page, 'security with backup');
    await second.close();
  });
});
