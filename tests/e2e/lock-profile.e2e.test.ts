/**
 * Issue 16, point 4: nothing typed is left on disk after locking. Chromium keeps a tab's form
 * fields for session restore (the profile's `Sessions` files, written while the page is open): a
 * marker typed into a session step was found there after locking. Here a device with its profile
 * on disk sets a passphrase, names a supervisee, writes a preparation, a session step and an
 * escalation, locks ("Lock now"), and the browser is closed as a person closes it, or killed;
 * then no file of the profile (sessions, history, caches, IndexedDB's LevelDB, autofill and login
 * databases) holds any of it, as UTF-8 or UTF-16 (Chromium's strings). Files are read as they are
 * stored: text inside a compressed file (a LevelDB table once compacted) would not be seen.
 *
 * The check can fail: on every screen a control field (a textarea added outside the app, without
 * the app's `autocomplete="off"`) is given text, and the test waits until the browser has written
 * it into the profile. Then what the app's fields held would be on disk too if it were kept, and
 * at that moment none of it may be. Without autocomplete="off" on the app's fields, the
 * preparation, the step and the escalation were all found in `Default/Sessions/Session_*` on
 * every run, and stayed there after locking, closing and killing.
 */
import { randomUUID } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { DERBY_HEADINGS } from '../fixtures/policy-headings.ts';
import { useProfiles } from './browser.ts';
import { next, startDerbySession, stepHeading } from './steps.ts';

const baseUrl = inject('baseUrl');
const { profileDir, launch, kill } = useProfiles();

/** Every regular file under `dir` (the profile's lock and socket are links; files may go while the browser runs). */
function* filesUnder(dir: string): Generator<string> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      continue;
    }
    if (stat.isDirectory()) yield* filesUnder(path);
    else if (stat.isFile()) yield path;
  }
}

/** Which of `texts` the profile holds, in which files (read as bytes, matched as UTF-8 and as UTF-16LE). */
function foundInProfile(dir: string, texts: readonly string[]): Record<string, string[]> {
  const patterns = texts.map((text) => ({ text, forms: [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')] }));
  const found: Record<string, string[]> = {};
  for (const file of filesUnder(dir)) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      continue;
    }
    for (const { text, forms } of patterns) {
      if (forms.some((form) => bytes.includes(form))) (found[text] ??= []).push(relative(dir, file));
    }
  }
  return found;
}

describe('nothing typed is left on disk after locking', () => {
  it.each(['closed', 'killed'] as const)('a session step, a preparation, an escalation, a name and the passphrase are in no file of the profile once locked and the browser %s', async (ending) => {
    const run = randomUUID().slice(0, 8);
    const typed = {
      passphrase: `QX${run}PASS words`,
      name: `QX${run}NAME`,
      preparation: `QX${run}PREP`,
      step: `QX${run}STEP`,
      escalation: `QX${run}ESCALATE`,
    };
    const markers = Object.values(typed).map((text) => text.split(' ')[0]!);
    const dir = profileDir(`lock-${ending}`);
    const { page, offMachine } = await launch(dir);
    let controls = 0;

    /**
     * Fills a control field (one the browser does keep) and waits until the profile holds it:
     * by then the screen's form state has been written, and none of the app's text may be there.
     */
    async function expectNothingKept(where: string) {
      const control = `QX${run}CONTROL${++controls}`;
      // Given its text by script: a modal dialog open over the app leaves it out of reach of a click.
      await page.evaluate((text) => {
        const field = document.createElement('textarea');
        field.id = text;
        field.setAttribute('aria-label', 'Control');
        document.body.append(field);
        field.value = text;
      }, control);
      await expect.poll(() => foundInProfile(dir, [control])[control] ?? [], { timeout: 30_000, interval: 250, message: `the control filled ${where} reached the profile` }).not.toEqual([]);
      expect.soft(foundInProfile(dir, markers), `kept in the profile ${where}`).toEqual({});
      await page.evaluate((id) => document.getElementById(id)?.remove(), control);
    }

    // The passphrase, typed twice.
    await page.goto(`${baseUrl}/#/`);
    await page.getByRole('heading', { level: 1, name: 'Protect the records on this device' }).waitFor();
    await typeInto(page, '#lock-passphrase', typed.passphrase);
    await typeInto(page, '#lock-confirmation', typed.passphrase);
    await expectNothingKept('with the passphrase typed');
    await page.getByRole('button', { name: 'Set the passphrase' }).click();
    await page.getByRole('heading', { level: 1, name: 'Safeguarding supervision' }).waitFor();

    // A supervisee's name and a preparation.
    await page.goto(`${baseUrl}/#/prepare`);
    await page.getByRole('heading', { level: 1, name: 'Prepare for a session' }).waitFor();
    await typeInto(page, page.getByLabel('Full name', { exact: true }), typed.name);
    await page.getByLabel('Role', { exact: true }).fill('Health Visitor');
    await page.getByRole('button', { name: 'Add supervisee' }).click();
    await page.getByRole('radio', { name: typed.name }).check();
    await page.getByRole('button', { name: 'Start a new preparation' }).click();
    await page.getByRole('heading', { level: 1, name: /^Preparation/ }).waitFor();
    await page.getByRole('button', { name: 'Add an issue' }).click();
    await typeInto(page, page.getByRole('textbox', { name: 'Issue 1' }), `Caseload ${typed.preparation}`);
    await page.getByText(/^Saved on this device at/).waitFor();
    await expectNothingKept('on the preparation');

    // A live session: a step's record, and an escalation left unrecorded (its draft stays on screen).
    await startDerbySession(page, baseUrl, typed.name, '2026-11-02');
    await next(page);
    await stepHeading(page, DERBY_HEADINGS[1]);
    await typeInto(page, page.getByLabel(`Record under “${DERBY_HEADINGS[1]}”`), `Worried about the baby ${typed.step}`);
    await page.getByText(/Saved on this device at/).waitFor();
    await page.getByRole('button', { name: 'Escalate an immediate concern' }).click();
    await typeInto(page, page.getByLabel('What is the concern?'), `Bruising ${typed.escalation}`);
    await expectNothingKept('in the session, with the escalation open');
    await page.getByRole('button', { name: 'Return without recording' }).click();

    // Lock now: the page reloads to the lock.
    await page.getByRole('button', { name: 'Lock now (hides everything at once)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Unlock' }).waitFor();
    expect.soft(await page.content()).not.toMatch(new RegExp(markers.join('|')));
    await expectNothingKept('once locked');

    // Closed as a person closes the browser (it writes its session for restore), or killed (nothing flushed).
    if (ending === 'closed') await page.context().close();
    else kill(dir);
    expect.soft(foundInProfile(dir, markers), `kept in the profile after the browser was ${ending}`).toEqual({});
    // The reader does reach what the browser kept: the controls in its session files, the vault's row in IndexedDB.
    const reached = foundInProfile(dir, [`QX${run}CONTROL`, 'safeguarding-supervision/vault']);
    expect((reached[`QX${run}CONTROL`] ?? []).filter((file) => file.startsWith(join('Default', 'Sessions')))).not.toEqual([]);
    expect((reached['safeguarding-supervision/vault'] ?? []).filter((file) => file.startsWith(join('Default', 'IndexedDB')))).not.toEqual([]);
    expect(offMachine).toEqual([]);
  });
});

/** Types text key by key, as a person does (each key an input event the app saves). */
async function typeInto(page: Page, field: string | Locator, text: string) {
  const locator = typeof field === 'string' ? page.locator(field) : field;
  await locator.click();
  await locator.pressSequentially(text);
}
