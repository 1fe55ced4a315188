/**
 * Retention and backup reminders end to end in Chromium, against the built app and the real
 * server. A record is signed (dated ten days ago); the start page reminds to make a backup until
 * one is made, then says when it was. The supervisee is marked as having left seven years ago,
 * so the record is past its six-year period (no clock is moved: the leaving date is the seed);
 * the dashboard flags it, the review screen downloads a copy and destroys it after confirmation;
 * the destruction log on the Security page counts it without a word of it. Each screen is
 * checked by axe and fits at 390 and 1280 px.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../../machines/compliance/dates.ts';
import { expectFits, expectNoSeriousAxeViolations, newPage, openApp, useBrowser } from './browser.ts';
import { addSupervisee, signDerbyWithoutCase, startDerbySession } from './steps.ts';

const { browser, baseUrl } = useBrowser();
const VAL = 'Val Visitor';

const now = new Date();
const today = new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
const longDate = (iso: string) => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

describe('retention and backup reminders', () => {
  it('reminds to back up until a backup is made, then reviews, exports and destroys a record past its period, and logs it', async () => {
    const { page, consoleErrors, close } = await newPage(browser());
    await openApp(page);
    await addSupervisee(page, baseUrl, VAL, 'Health Visitor');
    const sessionDate = addDays(today, -10);
    await startDerbySession(page, baseUrl, VAL, sessionDate);
    await signDerbyWithoutCase(page);

    // The start page: no backup yet, and a reminder with the way to make one.
    await page.goto(`${baseUrl}/#/`);
    await page.getByText('No backup made on this device yet').waitFor();
    await page.getByRole('heading', { name: /Time to make a backup/ }).waitFor();
    await expectNoSeriousAxeViolations(page, 'start page with the backup reminder');
    await expectFits(page, 'start page with the backup reminder');
    await page.getByRole('link', { name: 'Make a backup now' }).click();
    await page.getByRole('heading', { level: 1, name: 'Security' }).waitFor();
    await page.getByLabel('Passphrase for the backup').fill('a backup passphrase here');
    await page.getByLabel('Type the backup’s passphrase again').fill('a backup passphrase here');
    const [backupFile] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download an encrypted backup' }).click()]);
    expect(backupFile.suggestedFilename()).toMatch(/\.ssbk$/);
    await page.getByText(`Last backup: ${longDate(today)}`).first().waitFor();
    await page.goto(`${baseUrl}/#/`);
    await page.getByText(`Last backup: ${longDate(today)}`).waitFor();
    expect(await page.getByRole('heading', { name: /Time to make a backup/ }).count()).toBe(0);

    // Val left seven years ago: the record's six-year period has passed.
    await page.getByRole('link', { name: `History for ${VAL}` }).click();
    const leftOn = addMonths(today, -84);
    await page.getByLabel('Date they left').fill(leftOn);
    await page.getByRole('button', { name: 'Mark as left' }).click();
    await page.getByText(`Left on ${longDate(leftOn)}.`, { exact: false }).waitFor();
    await expectNoSeriousAxeViolations(page, 'history of someone who has left');

    await page.goto(`${baseUrl}/#/dashboard`);
    await page.getByRole('heading', { level: 1, name: 'Supervision dashboard' }).waitFor();
    expect(await page.getByRole('link', { name: new RegExp(`schedule for ${VAL}$`) }).count()).toBe(0);
    await page.getByRole('link', { name: '1 record is past its retention period — review' }).click();
    await page.getByRole('heading', { level: 1, name: 'Records past their retention period' }).waitFor();
    await page.getByText(/None of the five supervision policies this product follows/).waitFor();
    await expectNoSeriousAxeViolations(page, 'retention review');
    await expectFits(page, 'retention review');

    await page.getByRole('checkbox', { name: `Supervision record of ${longDate(sessionDate)}, ${VAL}` }).check();
    await page.getByRole('button', { name: 'Destroy the chosen records' }).click();
    await page.getByRole('link', { name: 'Download a copy of the chosen records first' }).waitFor();
    const [copyFile] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download a copy of the chosen records' }).click()]);
    const copyText = await readFile((await copyFile.path())!, 'utf8');
    expect(copyText).toContain(VAL);
    expect(copyText).toContain('Review and redact this document before you disclose it');
    await page.getByRole('checkbox', { name: /I have downloaded and checked the copy/ }).check();
    await page.getByRole('button', { name: 'Destroy the chosen records' }).click();
    await page.getByText('1 record destroyed from this device.').waitFor();
    await page.getByText('No record on this device is past its retention period.').waitFor();
    await expectNoSeriousAxeViolations(page, 'retention review after destruction');

    await page.goto(`${baseUrl}/#/security`);
    const log = page.getByRole('region', { name: 'Destruction log' });
    await log.getByText(/1 × supervision record/).waitFor();
    const logText = await log.innerText();
    expect(logText).toContain(`Records dated ${longDate(sessionDate)}.`);
    expect(logText).not.toContain(VAL);
    await expectNoSeriousAxeViolations(page, 'security with the destruction log');
    await expectFits(page, 'security with the destruction log');

    // The record is gone from the start page; Val is listed as having left.
    await page.goto(`${baseUrl}/#/`);
    await page.getByRole('heading', { name: 'Supervisees who have left' }).waitFor();
    expect(await page.getByRole('link', { name: new RegExp(`^Open record: ${VAL}`) }).count()).toBe(0);
    expect(consoleErrors()).toEqual([]);
    await close();
  });
});
