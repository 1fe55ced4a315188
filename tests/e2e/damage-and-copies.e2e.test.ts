/**
 * Damage stays local and restore keeps both (issue 17, points 1 and 2), in Chromium against the
 * built app and the real server. One person's sealed row is damaged in the browser's own
 * IndexedDB (a byte of its ciphertext flipped, through IndexedDB itself): the supervisees list
 * still shows everyone else, with one notice naming what could not be opened (accessible, fitting
 * a phone's width); a backup is still made and says what it could not include. A backup made
 * while a session was in progress, restored after it was signed here, keeps the backup's version
 * as a copy beside the signed record: the summary gives the four counts and the copy is in the
 * supervisee's history with its label.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectFits, expectNoSeriousAxeViolations, newPage, openApp, unlock, useBrowser } from './browser.ts';
import { addSupervisee, signDerbyWithoutCase, startDerbySession } from './steps.ts';

const { browser, baseUrl } = useBrowser();
const NOTICE = 'Some items on this device could not be opened';

/** Makes a backup on the Security screen; gives the saved file's path. */
async function makeBackup(page: Page): Promise<string> {
  await page.goto(`${baseUrl}/#/security`);
  await page.getByRole('heading', { level: 2, name: 'Backup and restore' }).waitFor();
  await page.getByLabel('Passphrase for the backup').fill('backup passphrase one');
  await page.getByLabel('Type the backup’s passphrase again').fill('backup passphrase one');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download an encrypted backup' }).click()]);
  const path = join(mkdtempSync(join(tmpdir(), 'damage-e2e-')), download.suggestedFilename());
  await download.saveAs(path);
  return path;
}

/**
 * Flips one byte of the sealed row of the person who has no session (read and written as stored,
 * through IndexedDB itself, as damage at rest would leave it). Gives that row's id.
 */
function damageThePersonWithoutSessions(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const opening = indexedDB.open('safeguarding-supervision');
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const db = opening.result;
          const transaction = db.transaction(['people', 'sessions'], 'readwrite');
          transaction.onerror = () => reject(transaction.error);
          let damaged = '';
          // Whose sessions there are: the personId index's keys (opaque ids, in the clear).
          const busy = new Set<string>();
          const keys = transaction.objectStore('sessions').index('personId').openKeyCursor();
          keys.onsuccess = () => {
            const cursor = keys.result;
            if (cursor) {
              busy.add(String(cursor.key));
              return cursor.continue();
            }
            const people = transaction.objectStore('people').getAll();
            people.onsuccess = () => {
              const row = (people.result as { id: string; sealed: { ct: Uint8Array } }[]).find((person) => !busy.has(person.id));
              if (!row) return reject(new Error('No person without sessions'));
              row.sealed.ct[3] = (row.sealed.ct[3] ?? 0) ^ 0x01;
              transaction.objectStore('people').put(row);
              damaged = row.id;
            };
          };
          transaction.oncomplete = () => (db.close(), resolve(damaged));
        };
      }),
  );
}

describe('a damaged row and a differing record in the browser', () => {
  it('lists the rest with one notice, backs up the rest, and restores a differing record as a copy beside this one', { timeout: 240_000 }, async () => {
    const { page, close } = await newPage(browser());
    await openApp(page);
    await addSupervisee(page, baseUrl, 'Val Visitor', 'Health Visitor');
    await addSupervisee(page, baseUrl, 'Ash Able', 'School Nurse');
    await startDerbySession(page, baseUrl, 'Val Visitor', '2026-11-14');
    const session = page.url();
    // A backup while the session is in progress; then it is signed here.
    const inProgress = await makeBackup(page);
    await page.goto(session);
    await signDerbyWithoutCase(page);

    await damageThePersonWithoutSessions(page);
    await page.goto(`${baseUrl}/#/`);
    await page.reload();
    await unlock(page);
    const notice = page.getByRole('region', { name: NOTICE });
    await notice.getByText('One person’s details could not be opened.').waitFor();
    await page.getByText('Val Visitor').first().waitFor();
    expect(await page.getByRole('region', { name: NOTICE }).count()).toBe(1);
    await expectNoSeriousAxeViolations(page, 'home with the damaged-row notice');
    await expectFits(page, 'home with the damaged-row notice');

    // The backup is still made, and says what it could not include.
    await makeBackup(page);
    await page.getByText('1 item could not be included: One person’s details.', { exact: false }).waitFor();

    // The backup from before signing holds this record as it was then: it is kept as a copy.
    await page.getByLabel('Backup file').setInputFiles(inProgress);
    await page.getByLabel('The backup’s passphrase', { exact: true }).fill('backup passphrase one');
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    await page.getByText('The backup has been restored.').waitFor();
    const counts = await page.locator('.app-restore-counts li').allTextContents();
    expect(counts.map((line) => line.split(' (')[0])).toEqual(['0 added', `${counts[1]?.split(' ')[0]} identical`, '1 kept as a copy', '1 refused']);
    await expectNoSeriousAxeViolations(page, 'security with the restore summary');
    await expectFits(page, 'security with the restore summary');

    await page.goto(`${baseUrl}/#/`);
    // Only Val is listed (Ash's row does not open): the one link to a history is theirs.
    await page.locator('a[href^="#/history/"]').first().click();
    await page.getByRole('heading', { level: 1, name: 'History: Val Visitor' }).waitFor();
    const copyLabel = page.getByText(/^Copy from a backup of \d{1,2} \w+ \d{4} — differs from the record on this device$/);
    await copyLabel.waitFor();
    await page.getByRole('link', { name: 'Open copy of 14 November 2026' }).click();
    await page.getByRole('heading', { level: 1, name: 'Copy restored from a backup' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'a copy restored from a backup');
    await expectFits(page, 'a copy restored from a backup');
    await page.getByRole('link', { name: 'Open the record on this device' }).click();
    await page.getByRole('heading', { level: 1, name: 'Signed record' }).waitFor();
    await close();
  });
});
