/**
 * Two devices, two Chromium profiles, one real server (issue 15): the supervisor's device makes an
 * agreement and connects with the supervisee's device (both compare the same safety number and
 * confirm); a session on the supervisor's device is sent for signature; the supervisor's browser is
 * killed while it waits and comes back still waiting; the supervisee's device opens the record,
 * records a disagreement and signs; its browser is killed while it waits for the sealed record and
 * comes back to it; the supervisor signs and seals; both devices show the same sealed record as
 * valid, naming both people. Nothing leaves the machine; every screen passes axe.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { expectFits, expectNoSeriousAxeViolations, TEST_PASSPHRASE, unlock, useProfiles } from './browser.ts';
import { addSupervisee, passDerbyWithoutCase, readThroughToSignatures, startDerbySession } from './steps.ts';

const baseUrl = inject('baseUrl');
const { profileDir, launch, kill } = useProfiles();

async function firstUse(page: Page): Promise<void> {
  await page.goto(`${baseUrl}/#/`);
  await page.getByRole('heading', { level: 1, name: 'Protect the records on this device' }).waitFor();
  await page.getByLabel('Passphrase', { exact: true }).fill(TEST_PASSPHRASE);
  await page.getByLabel('Type the passphrase again').fill(TEST_PASSPHRASE);
  await page.getByRole('button', { name: 'Set the passphrase' }).click();
  await page.getByRole('heading', { level: 1, name: 'Safeguarding supervision' }).waitFor();
}

async function yourDetails(page: Page, name: string, jobRole: string): Promise<void> {
  await page.goto(`${baseUrl}/#/you`);
  await page.getByRole('heading', { level: 1, name: 'Your details and keys' }).waitFor();
  await page.getByLabel('Your full name').fill(name);
  await page.getByLabel('Your job role').fill(jobRole);
  await page.getByRole('button', { name: 'Save your details' }).click();
  await page.getByText('Saved', { exact: true }).first().waitFor();
}

/** The safety number as the page spells it for a screen reader (the same on both devices or not at all). */
async function safetyNumber(page: Page): Promise<string> {
  const number = page.getByRole('img', { name: /^Safety number, six groups of five digits/ });
  await number.waitFor();
  return (await number.getAttribute('aria-label')) ?? '';
}

/** The sealed record's signature check on a device: valid, `pinned`'s key pinned on this device, `own` signing with this device's key. */
async function expectValidCheck(page: Page, own: string, pinned: string): Promise<void> {
  const check = page.getByRole('region', { name: /^Signature check Valid/ });
  await check.waitFor();
  await check.getByText(new RegExp(`^Signed on their own device: ${pinned}’s key, pinned on this device`)).waitFor();
  await check.getByText(new RegExp(`^Signed on their own device: this device’s own key, ${own}`)).waitFor();
}

describe('signed by people, on their own devices', () => {
  it('connects at the agreement, sends a session to the supervisee’s device, survives a killed browser on each side, and both hold the same valid sealed record', async () => {
    const sarahDir = profileDir('sarah');
    const tomDir = profileDir('tom');
    let sarah = await launch(sarahDir);
    let tom = await launch(tomDir);

    // Each person on their own device.
    await firstUse(sarah.page);
    await yourDetails(sarah.page, 'Sarah Jones', 'Named Nurse');
    await expectNoSeriousAxeViolations(sarah.page, 'your details and keys');
    await firstUse(tom.page);
    await yourDetails(tom.page, 'Tom Smith', 'Health Visitor');

    // Sarah makes the agreement with Tom (South Gloucestershire's checklist) and, at its signatures, connects their devices.
    await addSupervisee(sarah.page, baseUrl, 'Tom Smith', 'Health Visitor');
    await sarah.page.goto(`${baseUrl}/#/agreements`);
    await sarah.page.getByRole('combobox', { name: 'Whose agreement?' }).selectOption({ label: 'Tom Smith, Health Visitor' });
    await sarah.page.getByRole('radio', { name: 'Checklist for SUPERVISION AGREEMENT' }).check();
    await sarah.page.getByLabel('Supervisor’s full name').fill('Sarah Jones');
    await sarah.page.getByLabel('Supervisor’s role').fill('Named Nurse');
    await sarah.page.getByRole('button', { name: 'Start the agreement' }).click();
    await sarah.page.getByRole('heading', { level: 1, name: 'Checklist for SUPERVISION AGREEMENT' }).waitFor();
    for (const box of await sarah.page.getByRole('checkbox').all()) await box.check();
    await sarah.page.getByLabel('Frequency:').fill('Every three months');
    await sarah.page.getByLabel('Duration:').fill('One hour');
    await sarah.page.getByLabel('Venue').fill('Video call');
    await sarah.page.getByLabel('Type').fill('One to one');
    await sarah.page.getByRole('button', { name: 'Continue' }).click();
    await sarah.page.getByRole('heading', { level: 1, name: 'Signatures' }).waitFor();
    await sarah.page.getByRole('button', { name: 'We have read the agreement through' }).click();
    await sarah.page.getByRole('heading', { level: 2, name: 'Connect your devices' }).waitFor();
    await sarah.page.getByRole('button', { name: 'Make a link for Tom Smith’s device' }).click();
    const connectLink = await sarah.page.getByLabel('Link for their device').inputValue();
    expect(connectLink).toMatch(new RegExp(`^${baseUrl}/#/connect/[A-Za-z0-9_-]{22}/[A-Za-z0-9_-]{43}$`));
    await expectNoSeriousAxeViolations(sarah.page, 'agreement: connect your devices');

    // Tom opens the link on his device and sends its keys.
    await tom.page.goto(connectLink);
    await tom.page.getByRole('heading', { level: 1, name: 'Connect your devices' }).waitFor();
    await tom.page.getByText(/^Sarah Jones \(Named Nurse\), as your supervisor, asks to connect/).waitFor();
    await tom.page.getByRole('button', { name: 'Send this device’s keys' }).click();
    const onTom = await safetyNumber(tom.page);
    await expectNoSeriousAxeViolations(tom.page, 'connect: compare the safety number');
    await expectFits(tom.page, 'connect: compare the safety number');
    // Sarah's device picks up the answer and shows the same number.
    await sarah.page.getByRole('button', { name: 'Check now' }).click().catch(() => undefined);
    const onSarah = await safetyNumber(sarah.page);
    expect(onSarah).toBe(onTom);
    // Each confirms on their own device.
    await tom.page.getByRole('button', { name: 'The numbers match: pin Sarah Jones’s key' }).click();
    await tom.page.getByRole('heading', { name: 'Key pinned' }).waitFor();
    await sarah.page.getByRole('button', { name: 'The numbers match: pin Tom Smith’s key' }).click();
    await sarah.page.getByRole('heading', { name: 'Key pinned' }).waitFor();

    // They sign the agreement side by side, as before.
    for (const title of ['Supervisor', 'Supervisee'] as const) {
      const pad = sarah.page.getByRole('group', { name: `Signature (${title})` });
      await pad.getByRole('button', { name: 'Use my typed name as my signature' }).click();
      await sarah.page.getByRole('button', { name: `Sign as ${title}` }).click();
    }
    await sarah.page.getByText('Agreed and sealed').waitFor();

    // A session on Sarah's device, held by video call: at the signatures, it goes to Tom's device.
    await startDerbySession(sarah.page, baseUrl, 'Tom Smith', '2026-12-04');
    await passDerbyWithoutCase(sarah.page);
    await readThroughToSignatures(sarah.page, 'Checked together on the call: accurate as written');
    await sarah.page.getByRole('button', { name: 'Send to Tom Smith’s device to sign' }).click();
    await sarah.page.getByRole('heading', { name: 'Waiting for Tom Smith to sign on their device' }).waitFor();
    const signLink = await sarah.page.getByLabel('Link to the record').inputValue();
    expect(signLink).toMatch(new RegExp(`^${baseUrl}/#/sign/[A-Za-z0-9_-]{22}$`));
    const sessionUrl = sarah.page.url();
    await expectNoSeriousAxeViolations(sarah.page, 'session: waiting for the other device');
    await expectFits(sarah.page, 'session: waiting for the other device');

    // Sarah's browser is killed while it waits; it comes back still waiting.
    kill(sarahDir);
    sarah = await launch(sarahDir);
    await sarah.page.goto(sessionUrl);
    await unlock(sarah.page);
    await sarah.page.getByRole('heading', { name: 'Waiting for Tom Smith to sign on their device' }).waitFor();

    // Tom reads it on his device, records a disagreement, and signs.
    await tom.page.goto(signLink);
    await tom.page.getByRole('heading', { level: 1, name: 'Sign a supervision record' }).waitFor();
    await tom.page.getByText('Actions and development reviewed only.').first().waitFor();
    await expectNoSeriousAxeViolations(tom.page, 'signer: the record to sign');
    await expectFits(tom.page, 'signer: the record to sign');
    await tom.page.getByRole('radio', { name: 'I disagree with part of it' }).check();
    await tom.page.getByLabel('What you disagree with, and why').fill('The chronology is due from the school nurse, not from me.');
    const pad = tom.page.getByRole('group', { name: /^Signature/ });
    await pad.getByRole('button', { name: 'Use my typed name as my signature' }).click();
    await tom.page.getByRole('button', { name: 'Sign and send back' }).click();
    await tom.page.getByText('Sent to Sarah Jones. Waiting for the sealed record…').waitFor();

    // Tom's browser is killed while he waits for the sealed record.
    kill(tomDir);
    tom = await launch(tomDir);

    // Sarah's device takes his signature (checked against his pinned key); Sarah signs here; it seals.
    await sarah.page.getByRole('button', { name: 'Check now' }).click().catch(() => undefined);
    const supervisorForm = sarah.page.locator('section.nhsuk-card', { has: sarah.page.getByRole('button', { name: 'Sign as Supervisor' }) });
    await supervisorForm.getByRole('button', { name: 'Use my typed name as my signature' }).click();
    await supervisorForm.getByRole('button', { name: 'Sign as Supervisor' }).click();
    await sarah.page.getByRole('heading', { name: 'Both have signed. The record is sealed.' }).waitFor();
    await sarah.page.getByText('Sent to Tom Smith’s device').waitFor();
    await sarah.page.getByRole('button', { name: 'View the signed record and child-record summaries' }).click();
    await expectValidCheck(sarah.page, 'Sarah Jones', 'Tom Smith');
    await sarah.page.getByText('The chronology is due from the school nurse, not from me.').first().waitFor();
    await expectNoSeriousAxeViolations(sarah.page, 'sealed record on the supervisor’s device');
    await expectFits(sarah.page, 'sealed record on the supervisor’s device');
    // Printed (Chromium's PDF): the disagreement is in the printed record, on A4 pages.
    await sarah.page.emulateMedia({ media: 'print' });
    expect(await sarah.page.getByText('The chronology is due from the school nurse, not from me.').first().isVisible()).toBe(true);
    const pdf = (await sarah.page.pdf({ format: 'A4' })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0).toBeGreaterThan(0);
    await sarah.page.emulateMedia({ media: 'screen' });

    // Tom's device, back after the kill: the sealed record arrives and shows as valid with both names.
    await tom.page.goto(signLink);
    await unlock(tom.page);
    await tom.page.getByText('Sealed. You both hold the same record.').waitFor();
    await tom.page.getByRole('button', { name: 'Open the signed record' }).click();
    await expectValidCheck(tom.page, 'Tom Smith', 'Sarah Jones');
    await expectNoSeriousAxeViolations(tom.page, 'sealed record on the supervisee’s device');

    expect(sarah.offMachine).toEqual([]);
    expect(tom.offMachine).toEqual([]);
  });
});
