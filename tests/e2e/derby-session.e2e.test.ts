/**
 * A new user runs a full Derby Appendix 3 session with two cases in real Chromium against
 * the built app and the real server: reloads mid-case, finishes, is refused signing while
 * an action lacks a date, both sign, and the record and both child-record summaries are
 * checked (the reflection only in the entry it was chosen for, and still chosen after a reload).
 * axe runs on every step.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DERBY_HEADINGS } from '../fixtures/policy-headings.ts';
import { expectNoSeriousAxeViolations, newPage, openApp, unlock, useBrowser } from './browser.ts';
import { conversation, dismissQualityFlags, gotoStep, next, signBoth, stepHeading, writeStep } from './steps.ts';

const { browser, baseUrl } = useBrowser();

async function runCase(page: Page, label: string, answers: { experience: string; reflection: string; analysis: string; plan: string }, action: { what: string; owner: 'Supervisee' | 'Another named person'; ownerName?: string; due: string }, checks: { reloadAt?: 'reflection' }) {
  await page.getByLabel('Child or family').fill(label);
  await page.getByRole('button', { name: 'Discuss a case' }).last().click();
  await conversation(page).getByRole('heading', { name: 'Experience — What happened?' }).waitFor();
  await expectNoSeriousAxeViolations(page, `${label}: experience`);
  await page.getByLabel('Experience: What happened?').fill(answers.experience);
  await page.getByRole('button', { name: 'Continue to the next stage' }).click();
  await conversation(page).getByRole('heading', { name: 'Reflection — What was it like?' }).waitFor();
  await page.getByLabel('Reflection: What was it like?').fill(answers.reflection);
  if (checks.reloadAt === 'reflection') {
    // Wait for the save indicator, then reload: the session must resume at the same stage with the text.
    await page.getByText(/Saved on this device at/).waitFor();
    await page.reload();
    await unlock(page);
    await conversation(page).getByRole('heading', { name: 'Reflection — What was it like?' }).waitFor();
    expect(await page.getByLabel('Reflection: What was it like?').inputValue()).toBe(answers.reflection);
    expect(await page.getByLabel('Child or family').inputValue()).toBe(label);
  }
  await expectNoSeriousAxeViolations(page, `${label}: reflection`);
  await page.getByRole('button', { name: 'Continue to the next stage' }).click();
  await conversation(page).getByRole('heading', { name: 'Analysis — What does this mean?' }).waitFor();
  await page.getByLabel('Analysis: What does this mean?').fill(answers.analysis);
  await expectNoSeriousAxeViolations(page, `${label}: analysis`);
  await page.getByRole('button', { name: 'Continue to the next stage' }).click();
  await conversation(page).getByRole('heading', { name: 'Action planning — What next?' }).waitFor();
  await page.getByLabel('Action planning: What next?').fill(answers.plan);
  await page.getByRole('button', { name: 'Add an action' }).click();
  const card = page.locator('fieldset.app-action').last();
  await card.getByLabel('What is to be done').fill(action.what);
  await card.getByLabel(action.owner, { exact: true }).check();
  if (action.ownerName) await card.getByLabel('Name and role of the person responsible').fill(action.ownerName);
  await card.getByLabel('By when').fill(action.due);
  await expectNoSeriousAxeViolations(page, `${label}: action planning`);
  await page.getByRole('button', { name: 'Finish this case' }).click();
  await conversation(page).getByRole('heading', { name: 'Cases discussed' }).waitFor();
}

describe('a full Derby session', () => {
  it('runs from a new user to a signed record with two child-record summaries', async () => {
    const { page, close } = await newPage(browser());
    await openApp(page);
    await expectNoSeriousAxeViolations(page, 'home');
    await page.getByRole('button', { name: 'Start a supervision session' }).click();
    await page.getByRole('heading', { name: 'Start a supervision session', level: 1 }).waitFor();

    // Bad input gets a clear message and changes nothing.
    await page.getByRole('button', { name: 'Begin the session' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'start with errors');

    await page.getByLabel('Full name', { exact: true }).fill('Val Visitor');
    await page.getByLabel('Role', { exact: true }).fill('Health Visitor');
    await page.getByRole('button', { name: 'Add supervisee' }).click();
    await page.getByRole('radio', { name: 'Val Visitor' }).waitFor();
    expect(await page.getByRole('radio', { name: 'Val Visitor' }).isChecked()).toBe(true);
    await page.getByLabel('Supervisor’s full name').fill('Sam Supervisor');
    await page.getByLabel('Supervisor’s role').fill('Named Nurse');
    await page.getByRole('radio', { name: /Derby and Derbyshire ICB/ }).check();
    await page.getByRole('radio', { name: 'Safeguarding Supervision', exact: true }).check();
    await page.getByLabel('Date of the supervision').fill('2026-11-20');
    await expectNoSeriousAxeViolations(page, 'start filled');
    await page.getByRole('button', { name: 'Begin the session' }).click();

    await stepHeading(page, DERBY_HEADINGS[0]);
    await expect(page.getByText('There are no open actions from earlier sessions.').isVisible()).resolves.toBe(true);
    await expectNoSeriousAxeViolations(page, 'review of previous supervision');
    await next(page);

    await writeStep(page, DERBY_HEADINGS[1], 'Val raised caseload pressure after two new CP plans.', 'issues');
    // The form's escalation heading lists the concerns escalated so far (none yet) beside the way to escalate.
    await stepHeading(page, DERBY_HEADINGS[2]);
    const atStep = conversation(page).getByRole('region', { name: 'Concerns escalated during this session' });
    await atStep.getByText('No concern has been escalated during this session yet.').waitFor();
    await atStep.getByRole('button', { name: 'Escalate a concern now' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'professional challenges');
    await writeStep(page, DERBY_HEADINGS[2], 'Disagreement with children’s social care about threshold.');

    await stepHeading(page, DERBY_HEADINGS[3]);
    // The escalation route is reachable here and returns to the same place with nothing lost.
    await page.getByRole('button', { name: 'Escalate an immediate concern' }).click();
    await page.getByRole('heading', { name: 'Escalate an immediate concern' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'escalation dialog');
    await page.getByLabel('What is the concern?').fill('Bruising seen on sibling at visit today.');
    await page.getByRole('button', { name: 'Record the concern and return' }).click();
    await stepHeading(page, DERBY_HEADINGS[3]);
    await expectNoSeriousAxeViolations(page, 'case discussion');

    await runCase(
      page,
      'Baby Tilly',
      { experience: 'Home visit: Tilly unwashed, parents argued.', reflection: 'Felt anxious and unwelcome.', analysis: 'Neglect indicators; father minimises.', plan: 'Refer to children’s social care today.' },
      { what: 'Refer Tilly to MASH', owner: 'Supervisee', due: '2026-11-21' },
      { reloadAt: 'reflection' },
    );
    await runCase(
      page,
      'Jay Smith',
      { experience: 'Jay, 14, missing from school twice; friends with Baby Tilly’s older cousin.', reflection: 'Worried I am missing signs.', analysis: 'Possible exploitation; evidence thin.', plan: 'Share information with school DSL.' },
      { what: 'Speak to school DSL about Jay', owner: 'Another named person', ownerName: 'Pat Jones, school nurse', due: '2026-11-27' },
      {},
    );
    await next(page);

    await writeStep(page, DERBY_HEADINGS[4], 'Book exploitation training.');
    await stepHeading(page, DERBY_HEADINGS[5]);
    // A general action without a due date: signing must be refused, naming the gap.
    await page.getByRole('button', { name: 'Add an action' }).click();
    const general = page.locator('fieldset.app-action').last();
    await general.getByLabel('What is to be done').fill('Review caseload weighting');
    await general.getByLabel('Supervisor', { exact: true }).check();
    await expectNoSeriousAxeViolations(page, 'plan and actions');
    await next(page);
    await stepHeading(page, DERBY_HEADINGS[6]);
    await next(page);
    await stepHeading(page, DERBY_HEADINGS[7]);
    await page.getByLabel('Date', { exact: true }).fill('2027-02-20');
    await page.getByLabel('Time', { exact: true }).fill('10:00');
    await page.getByLabel('Venue or how you will meet').fill('Video call');
    await expectNoSeriousAxeViolations(page, 'next meeting');
    await next(page);

    await stepHeading(page, 'Signatures');
    await page.getByRole('button', { name: 'We have read the record through' }).click();
    await page.getByRole('button', { name: 'Use my typed name as my signature' }).first().click();
    await page.getByRole('button', { name: 'Sign as Supervisor' }).click();
    await page.getByText('“Review caseload weighting” has no due date').first().waitFor();
    await expectNoSeriousAxeViolations(page, 'signing refused');

    // Go back through the agenda to the plan, give the date, and return to sign.
    await gotoStep(page, DERBY_HEADINGS[5]);
    await page.locator('fieldset.app-action').last().getByLabel('By when').fill('2026-12-15');
    await gotoStep(page, 'Signatures');
    await page.getByRole('button', { name: 'We have read the record through' }).click();
    await dismissQualityFlags(page, 'Agreed in supervision that this entry is accurate as written');
    await signBoth(page);
    await expectNoSeriousAxeViolations(page, 'sealed');
    await page.getByRole('button', { name: 'View the signed record and child-record summaries' }).click();

    await page.getByRole('heading', { name: 'Signed record', level: 1 }).waitFor();
    const record = page.locator('article.app-record');
    await record.getByRole('heading', { name: DERBY_HEADINGS[0], exact: true }).waitFor();
    const headings = (await record.locator('h3').allTextContents()).map((h) => h.trim());
    // Every section up to the signatures is in the record, in the agenda's order.
    const order = DERBY_HEADINGS.slice(0, -1).map((h) => headings.indexOf(h));
    expect(order.every((i) => i >= 0), `headings found: ${headings.join(' | ')}`).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    await expect(record.getByText('Signature and date of supervisor').isVisible()).resolves.toBe(true);
    await expect(record.getByText('Signature and date of supervisee').isVisible()).resolves.toBe(true);
    const recordText = (await record.textContent()) ?? '';
    expect(recordText).toMatch(/[0-9a-f]{64}/);
    expect(recordText).toContain('Bruising seen on sibling at visit today.');
    // The concern is in the form's own "Professional challenges / escalation/ risk", as well as in the log.
    const challenges = record.getByRole('region', { name: DERBY_HEADINGS[2] });
    const challengesText = (await challenges.textContent()) ?? '';
    expect(challengesText).toContain('Disagreement with children’s social care about threshold.');
    expect(challengesText).toContain('Bruising seen on sibling at visit today.');
    await record.getByRole('region', { name: 'Immediate concerns escalated during the session' }).getByText('Bruising seen on sibling at visit today.').waitFor();
    await expectNoSeriousAxeViolations(page, 'signed record');

    const summaries = page.locator('.app-child-summary');
    expect(await summaries.count()).toBe(2);
    const entryText = (index: number) => summaries.nth(index).locator('textarea').inputValue();
    const tilly = await entryText(0);
    const jay = await entryText(1);
    expect(tilly).toContain('Tilly');
    expect(tilly).toContain('20 November 2026');
    expect(tilly).toContain('Refer Tilly to MASH');
    expect(tilly).not.toMatch(/Jay|Smith/);
    expect(jay).toContain('Jay Smith');
    expect(jay).toContain('Pat Jones, school nurse');
    expect(jay).not.toContain('Tilly');
    expect(jay).not.toContain('Refer Tilly to MASH');
    // By default an entry carries the analysis and the plan, not what it was like for the supervisee.
    expect(tilly).toContain('Analysis: Neglect indicators; father minimises.');
    expect(tilly).toContain('Action planning: Refer to children’s social care today.');
    expect(tilly).toContain('1. Refer Tilly to MASH — Supervisee; by 21 November 2026.');
    expect(tilly).not.toContain('anxious');
    expect(tilly).not.toContain('Home visit');
    expect(jay).not.toContain('Worried I am missing signs');

    // Chosen for Tilly, the reflection comes in with the disclosure warning, and stays chosen.
    const warning = page.getByRole('heading', { name: /The child’s record can be disclosed to the family/ });
    expect(await warning.count()).toBe(0);
    await summaries.nth(0).getByRole('checkbox', { name: 'Include the discussion of what it was like (reflection)' }).check();
    await warning.waitFor();
    await expect.poll(() => entryText(0)).toContain('Reflection: Felt anxious and unwelcome.');
    await expectNoSeriousAxeViolations(page, 'child-record entry with the reflection chosen');
    await page.reload();
    await unlock(page);
    await page.getByRole('heading', { name: 'Signed record', level: 1 }).waitFor();
    await expect.poll(() => summaries.nth(0).locator('textarea').inputValue()).toContain('Felt anxious and unwelcome');
    expect(await summaries.nth(0).getByRole('checkbox', { name: 'Include the discussion of what it was like (reflection)' }).isChecked()).toBe(true);
    expect(await entryText(1)).not.toContain('Worried I am missing signs');
    await close();
  });
});
