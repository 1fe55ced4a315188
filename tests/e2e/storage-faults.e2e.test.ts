/**
 * Storage faults and upgrades in Chromium (issue 17, points 5 and 6), against the built app:
 * - quota: IndexedDB's put refuses with the browser's QuotaExceededError (the DevTools protocol's
 *   quota override does not reach a Playwright context's in-memory storage): the screen says storage is full, keeps what was
 *   typed, offers a backup; with room again the next change is saved;
 * - two tabs: a second tab of the same browser opens the database at a higher version; the first
 *   saves what it had, lets go, and asks to reload;
 * - a database newer than the app: "Please update the app", nothing changed;
 * - a failed upgrade (the browser refuses to create the new store): "The update could not be
 *   applied", the database left at its version.
 * Each new message passes axe and fits 390 px.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DERBY_HEADINGS } from '../fixtures/policy-headings.ts';
import { expectNoSeriousAxeViolations, newPage, openApp, useBrowser } from './browser.ts';
import { startSessionWithNewSupervisee } from './steps.ts';

const { browser, baseUrl } = useBrowser();
const NAME = 'safeguarding-supervision';

async function fits(page: Page, label: string): Promise<void> {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${label} at ${width} px`).toBeLessThanOrEqual(0);
  }
}

/** Opens a new Derby session and writes under its first free-text step. */
async function typingInASession(page: Page, text: string): Promise<ReturnType<Page['getByLabel']>> {
  await startSessionWithNewSupervisee(page, 'Val Visitor');
  const field = page.getByLabel(`Record under “${DERBY_HEADINGS[1]}”`);
  await field.fill(text);
  await page.getByText(/Saved on this device at/).waitFor();
  return field;
}

function installedVersion(page: Page): Promise<number | undefined> {
  return page.evaluate(async (name) => (await indexedDB.databases()).find((d) => d.name === name)?.version, NAME);
}

describe('storage faults in the browser', () => {
  it('a write refused for quota says storage is full, keeps the text, offers a backup, and saves with the next change once there is room', async () => {
    const { page, context, close } = await newPage(browser());
    // The DevTools protocol's Storage.overrideQuotaForOrigin does not make IndexedDB refuse writes in
    // a Playwright context (its storage is in memory, outside quota): IndexedDB's put is made to
    // refuse as a full disk makes it, with the browser's own QuotaExceededError, while the flag is set.
    await context.addInitScript(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if ((window as unknown as { storageFull?: boolean }).storageFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return put.apply(this, args);
      };
    });
    await openApp(page);
    const field = await typingInASession(page, 'Caseload pressures');
    await page.evaluate(() => ((window as unknown as { storageFull?: boolean }).storageFull = true));
    await field.fill('Caseload pressures after two new child protection plans '.repeat(200));
    const alert = page.getByRole('alert').filter({ hasText: 'Storage on this device is full' });
    await alert.waitFor({ timeout: 15_000 });
    await expect(field.inputValue()).resolves.toContain('after two new child protection plans');
    await expect(alert.getByRole('link', { name: 'Make a backup on the Security page' }).getAttribute('href')).resolves.toBe('#/security');
    await expectNoSeriousAxeViolations(page, 'storage full');
    await fits(page, 'storage full');

    // Room again (the override lifted): the next change is saved, everything typed with it.
    await page.evaluate(() => ((window as unknown as { storageFull?: boolean }).storageFull = false));
    await field.press('End');
    await field.pressSequentially('.');
    await page.getByText(/Saved on this device at/).waitFor({ timeout: 15_000 });
    await expect(alert.count()).resolves.toBe(0);
    await close();
  });
});

describe('upgrades in the browser', () => {
  it('a tab on older code, when another tab upgrades the database, saves what it has and asks to reload', async () => {
    const { page, context, close } = await newPage(browser());
    await openApp(page);
    await typingInASession(page, 'Typed in the older tab');
    const other = await context.newPage();
    await other.goto(`${baseUrl}/robots.txt`).catch(() => other.goto(`${baseUrl}/`));
    const version = await installedVersion(page);
    expect(version).toBeGreaterThan(0);
    // The other tab upgrades (raw IndexedDB, one version up): it waits until this tab lets go.
    const upgraded = await other.evaluate(
      ({ name, version }) =>
        new Promise<number>((resolve, reject) => {
          const request = indexedDB.open(name, version + 10);
          request.onupgradeneeded = () => request.result.createObjectStore('laterTable');
          request.onsuccess = () => {
            const v = request.result.version;
            request.result.close();
            resolve(v);
          };
          request.onerror = () => reject(request.error);
        }),
      { name: NAME, version: version! },
    );
    expect(upgraded).toBe(version! + 10);
    const alert = page.getByRole('alert').filter({ hasText: 'This app was updated in another tab — reload to continue' });
    await alert.waitFor();
    await expect(alert.getByText('What you had typed here was saved first.').count()).resolves.toBe(1);
    await alert.getByRole('button', { name: 'Reload' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'updated in another tab');
    await fits(page, 'updated in another tab');
    await close();
  });

  it('code opening a newer database says "Please update the app" and changes nothing', async () => {
    const { page, close } = await newPage(browser());
    await openApp(page);
    const version = (await installedVersion(page))!;
    // A newer version of the app has since upgraded this device's database.
    await page.evaluate(
      ({ name, version }) =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open(name, version + 10);
          request.onupgradeneeded = () => request.result.createObjectStore('laterTable');
          request.onsuccess = () => (request.result.close(), resolve());
          request.onerror = () => reject(request.error);
        }),
      { name: NAME, version },
    );
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Please update the app' }).waitFor();
    await page.getByText(/this device’s records were saved by a newer version/).waitFor();
    expect(await installedVersion(page)).toBe(version + 10);
    await expectNoSeriousAxeViolations(page, 'newer database');
    await fits(page, 'newer database');
    await close();
  });

  it('a failed upgrade says "The update could not be applied", leaves the database at its version, and offers a backup', async () => {
    const { page, context, close } = await newPage(browser());
    // A device of version 1 (Dexie's native version 10), with one supervisee stored as that version did (before the lock).
    await page.goto(`${baseUrl}/robots.txt`).catch(() => undefined);
    await page.evaluate(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open(name, 10);
          request.onupgradeneeded = () => {
            const db = request.result;
            db.createObjectStore('people', { keyPath: 'id' }).createIndex('updatedAt', 'updatedAt');
            db.createObjectStore('sessions', { keyPath: 'id' });
          };
          request.onsuccess = () => {
            const db = request.result;
            const put = db.transaction('people', 'readwrite');
            put.objectStore('people').put({ id: 'person-1', updatedAt: '2026-01-01T00:00:00.000Z', content: { name: 'Val Visitor', role: 'Health Visitor' } });
            put.oncomplete = () => (db.close(), resolve());
          };
          request.onerror = () => reject(request.error);
        }),
      NAME,
    );
    // The browser refuses the upgrade's new stores (as when the disk is full mid-upgrade).
    await context.addInitScript(() => {
      const create = IDBDatabase.prototype.createObjectStore;
      IDBDatabase.prototype.createObjectStore = function (this: IDBDatabase, name: string, options?: IDBObjectStoreParameters) {
        if (name === 'preparations') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return create.call(this, name, options);
      };
    });
    await page.goto(`${baseUrl}/#/`);
    await page.getByRole('heading', { level: 1, name: 'The update could not be applied' }).waitFor();
    expect(await installedVersion(page)).toBe(10);
    await page.getByRole('heading', { name: 'Make a backup of your records' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'update failed');
    await fits(page, 'update failed');
    // The backup is made from the rows as they are (this version had no lock: no app passphrase opens them).
    await page.getByLabel('A passphrase for the backup').fill('a backup passphrase');
    await page.getByLabel('The backup passphrase again').fill('a backup passphrase');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Make a backup' }).click();
    expect((await download).suggestedFilename()).toMatch(/^supervision-backup-.*\.ssbk$/);
    expect(await installedVersion(page)).toBe(10);
    await close();
  });
});
