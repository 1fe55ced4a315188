/**
 * Issue 3 end to end in Chromium: a supervisee prepares two cases and an issue; the live
 * session brings in one case and the issue; it is signed with an action. At the next
 * session that action is carried forward again, past its due date, with the reason why: the
 * drift flag appears and is answered, and the signed record shows the reason, the flag and the
 * response. The history shows both sessions. axe runs at each new screen.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DERBY_HEADINGS } from '../fixtures/policy-headings.ts';
import { expectNoSeriousAxeViolations, newPage, openApp, useBrowser } from './browser.ts';
import { answerStage, conversation, dismissQualityFlags, next, signBoth, stepHeading, writeStep, planAndFinishCase } from './steps.ts';

const { browser, baseUrl } = useBrowser();
const SUPERVISEE = 'Val Visitor';

async function prepare(page: Page) {
  await openApp(page);
  await page.getByRole('button', { name: 'Prepare for a session' }).click();
  await page.getByRole('heading', { level: 1, name: 'Prepare for a session' }).waitFor();
  await page.getByLabel('Full name', { exact: true }).fill(SUPERVISEE);
  await page.getByLabel('Role', { exact: true }).fill('Health Visitor');
  await page.getByRole('button', { name: 'Add supervisee' }).click();
  await page.getByRole('radio', { name: SUPERVISEE }).check();
  await page.getByRole('button', { name: 'Start a new preparation' }).click();
  await page.getByRole('heading', { level: 1, name: /^Preparation/ }).waitFor();
  await expectNoSeriousAxeViolations(page, 'preparation editor');

  await page.getByRole('button', { name: 'Add an issue' }).click();
  await page.getByRole('textbox', { name: 'Issue 1' }).fill('My caseload has grown by six families since September.');
  await page.getByRole('checkbox', { name: 'Bring to the session: issue 1' }).check();

  for (const [n, label, experience, reflection] of [
    [1, 'Baby Tilly', 'Home visit on 12 November: Tilly unwashed and hungry; parents argued in front of me.', 'I felt anxious and unwelcome, and left sooner than I meant to.'],
    [2, 'Jay Smith', 'Jay has been missing from school twice this month.', 'Worried I am missing signs of exploitation.'],
  ] as const) {
    await page.getByRole('button', { name: 'Add a case' }).click();
    const card = page.getByRole('region', { name: `Case ${n}` });
    await card.getByRole('textbox', { name: 'Child or family' }).fill(label);
    const named = page.getByRole('region', { name: `Case ${n}: ${label}` });
    await named.getByRole('textbox', { name: 'Experience: your notes' }).fill(experience);
    await named.getByRole('textbox', { name: 'Reflection: your notes' }).fill(reflection);
  }
  // Bring Baby Tilly; keep Jay Smith back.
  await page.getByRole('region', { name: 'Case 1: Baby Tilly' }).getByRole('checkbox', { name: 'Bring to the session: case 1' }).check();
  await page.getByText(/^Saved on this device at/).waitFor();
  await expectNoSeriousAxeViolations(page, 'preparation written');
}

async function startSession(page: Page, date: string) {
  await page.goto(`${baseUrl}/#/start`);
  await page.getByRole('heading', { name: 'Start a supervision session', level: 1 }).waitFor();
  await page.getByRole('radio', { name: SUPERVISEE }).check();
  await page.getByLabel('Supervisor’s full name').fill('Sam Supervisor');
  await page.getByLabel('Supervisor’s role').fill('Named Nurse');
  await page.getByRole('radio', { name: /Derby and Derbyshire ICB/ }).check();
  await page.getByRole('radio', { name: 'Safeguarding Supervision', exact: true }).check();
  await page.getByLabel('Date of the supervision').fill(date);
  await expectNoSeriousAxeViolations(page, `start ${date}`);
  await page.getByRole('button', { name: 'Begin the session' }).click();
}

async function readAndSign(page: Page) {
  await stepHeading(page, 'Signatures');
  await page.getByRole('button', { name: 'We have read the record through' }).click();
  await dismissQualityFlags(page, 'Checked together: accurate as written');
  await expectNoSeriousAxeViolations(page, 'signing');
  await signBoth(page);
}

describe('preparation, carry forward and drift', () => {
  it('brings a prepared case and issue in, carries an action forward, answers the drift flag, and shows both sessions in the history', async () => {
    const { page, close } = await newPage(browser());
    await prepare(page);

    // Session 1: the preparation comes in. Only what was marked to bring appears.
    await startSession(page, '2026-11-02');
    await stepHeading(page, 'Issues and cases brought to supervision');
    const focus = conversation(page);
    await expect(focus.getByRole('textbox', { name: 'Issue 1' }).inputValue()).resolves.toBe('My caseload has grown by six families since September.');
    await expect(focus.getByRole('checkbox', { name: 'Take Baby Tilly' }).isChecked()).resolves.toBe(true);
    expect(await focus.getByText('Jay Smith').count()).toBe(0);
    await expectNoSeriousAxeViolations(page, 'focus');
    await page.getByLabel('The supervisor and supervisee agree this order of priority').check();
    await next(page);

    await stepHeading(page, DERBY_HEADINGS[0]);
    await next(page);
    await writeStep(page, DERBY_HEADINGS[1], 'Caseload pressure: six new families since September; agreed to raise weighting with the team leader because two are on CP plans.');
    await writeStep(page, DERBY_HEADINGS[2], 'No professional disagreement this month; escalation not needed because the plans are being followed.');

    await stepHeading(page, DERBY_HEADINGS[3]);
    await page.getByRole('button', { name: 'Discuss Baby Tilly' }).click();
    await conversation(page).getByRole('heading', { name: 'Experience — What happened?' }).waitFor();
    await conversation(page).getByText('Prepared by the supervisee').first().waitFor();
    // The drafted stages are filled in, and editable.
    await expect(page.getByLabel('Experience: What happened?').inputValue()).resolves.toContain('Tilly unwashed and hungry');
    await expectNoSeriousAxeViolations(page, 'prepared case');
    await answerStage(page, 'Experience', 'What happened?', null);
    await expect(page.getByLabel('Reflection: What was it like?').inputValue()).resolves.toContain('anxious and unwelcome');
    await answerStage(page, 'Reflection', 'What was it like?', null);
    await answerStage(page, 'Analysis', 'What does this mean?', 'Neglect is likely because the pattern has lasted three months; referral to children’s social care agreed.');
    await conversation(page).getByRole('heading', { name: 'Action planning — What next?' }).waitFor();
    await planAndFinishCase(page, 'Refer to children’s social care today; request a chronology from the GP by 20 November.', 'Request a chronology from the GP', '2026-11-20');
    await next(page);
    await writeStep(page, DERBY_HEADINGS[4], 'Book the exploitation training offered in January because of Jay-type cases on the caseload.');
    await stepHeading(page, DERBY_HEADINGS[5]);
    await next(page);
    await writeStep(page, DERBY_HEADINGS[6], 'Leave in December: cover arranged with a named colleague.');
    await stepHeading(page, DERBY_HEADINGS[7]);
    await page.getByLabel('Date', { exact: true }).fill('2026-12-07');
    await next(page);
    await readAndSign(page);

    // Session 2: the action is past its due date and carried forward again; the drift flag asks for a response.
    await startSession(page, '2026-12-07');
    await stepHeading(page, DERBY_HEADINGS[0]);
    await conversation(page).getByText('Request a chronology from the GP').first().waitFor();
    await conversation(page).getByRole('radio', { name: 'Carried forward' }).check();
    const drift = conversation(page).locator('.app-drift__flag');
    await drift.getByText('“Request a chronology from the GP” was due on 20 November 2026 and is not done.', { exact: true }).waitFor();
    await drift.getByRole('heading', { name: 'Drift: overdue' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'drift flag');
    // Unanswered, and carried forward without a reason, it stops the session moving on, and says so.
    await next(page);
    await conversation(page).getByText(/Drift: .*Record a response/).first().waitFor();
    await conversation(page).getByText('Previous action “Request a chronology from the GP” is carried forward without a reason').waitFor();
    await conversation(page).getByLabel('Why is it carried forward?').fill('Awaiting the GP practice’s records.');
    await drift.getByRole('radio', { name: 'Continue unchanged' }).check();
    await drift.getByLabel('Why does it continue unchanged?').fill('The GP practice has promised it by 14 December; chased by phone.');
    await next(page);
    await stepHeading(page, DERBY_HEADINGS[1]);
    await next(page);
    await stepHeading(page, DERBY_HEADINGS[2]);
    await next(page);
    await stepHeading(page, DERBY_HEADINGS[3]);
    await page.locator('summary', { hasText: 'If no case is discussed, record why' }).click();
    await page.getByLabel('If no case is discussed, record why').fill('Catch-up on actions only: Baby Tilly’s case conference is next week.');
    await page.getByRole('button', { name: 'Record that no case was discussed' }).click();
    await next(page);
    for (const heading of DERBY_HEADINGS.slice(4, 8)) {
      await stepHeading(page, heading);
      await next(page);
    }
    await readAndSign(page);

    // The signed record carries the reason, the drift flag and the response, under the review of previous actions.
    await page.getByRole('button', { name: 'View the signed record and child-record summaries' }).click();
    await page.getByRole('heading', { name: 'Signed record', level: 1 }).waitFor();
    const review = page.locator('article.app-record').getByRole('region', { name: DERBY_HEADINGS[0] });
    const reviewText = (await review.textContent()) ?? '';
    expect(reviewText).toContain('Carried forward — Awaiting the GP practice’s records.');
    expect(reviewText).toContain('Drift flagged (overdue)“Request a chronology from the GP” was due on 20 November 2026 and is not done.');
    expect(reviewText).toContain('Supervisor’s responseContinue unchanged — The GP practice has promised it by 14 December; chased by phone.');
    await expectNoSeriousAxeViolations(page, 'signed record with drift');

    // The history shows both sessions, the action's trail and the drift response.
    await page.goto(`${baseUrl}/#/`);
    await page.getByRole('link', { name: new RegExp(`History.*${SUPERVISEE}|${SUPERVISEE}.*History`) }).first().click();
    await page.getByRole('heading', { level: 1, name: `History: ${SUPERVISEE}` }).waitFor();
    const sessions = page.getByRole('table', { name: /Sessions/ });
    await expect(sessions.getByRole('row').count()).resolves.toBe(3); // header + two sessions
    await page.getByRole('region', { name: 'Cases' }).waitFor(); // the actions, cases and drift follow the sessions
    const historyText = (await page.locator('main').textContent()) ?? '';
    expect(historyText).toContain('7 December 2026');
    expect(historyText).toContain('2 November 2026');
    expect(historyText).toContain('Carried forward on 7 December 2026 (reason: Awaiting the GP practice’s records.)');
    expect(historyText).toContain('The GP practice has promised it by 14 December; chased by phone.');
    await expectNoSeriousAxeViolations(page, 'history');

    // Find a case, by keyboard: the search field, Enter to the result's summary, then its record.
    await page.goto(`${baseUrl}/#/search`);
    await page.getByRole('heading', { level: 1, name: 'Find a case' }).waitFor();
    await page.getByLabel('Child or family').focus();
    await page.keyboard.type('tilly');
    await page.getByText('1 discussion of a case matching “tilly”.').waitFor();
    const results = page.getByRole('table', { name: 'Signed records discussing a matching case, newest first' });
    await expect(results.getByRole('row').count()).resolves.toBe(2); // header + the first session (the second discussed no case)
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-summary');
    await expectNoSeriousAxeViolations(page, 'find a case');
    await results.getByRole('link', { name: 'Open the record about Baby Tilly on 2 November 2026' }).click();
    await page.waitForURL(/#\/record\//);
    await close();
  });
});
