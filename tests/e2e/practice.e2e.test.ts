/**
 * Issue 6 end to end in Chromium, against the built app and the real server: a trainee runs
 * the "Long-term neglect with drift" scenario as the supervisor through the real session and
 * case machines, draws out one cue with a second clarifying question, reloads mid-case and
 * resumes with the draft kept, skips reflection deliberately, and the debrief names the skip
 * and the missed cues. Practice stays training: no supervision record, nothing on the dashboard.
 */
import { describe, expect, it } from 'vitest';
import { DERBY_HEADINGS } from '../fixtures/policy-headings.ts';
import { expectNoSeriousAxeViolations, newPage, openApp, unlock, useBrowser } from './browser.ts';
import { conversation, next, stepHeading, planAndFinishCase } from './steps.ts';

const { browser, baseUrl } = useBrowser();

describe('practice mode', () => {
  it('runs a scenario with reflection skipped; the debrief names the skip and the missed cue', async () => {
    const { page, close } = await newPage(browser());
    await openApp(page);
    await page.getByRole('button', { name: 'Practise supervision (training)' }).click();
    await page.getByRole('heading', { level: 1, name: /Practise supervision/ }).waitFor();
    await expectNoSeriousAxeViolations(page, 'practice home');
    // Bad input: nothing chosen.
    await page.getByRole('button', { name: 'Start practice' }).click();
    await page.getByRole('link', { name: 'Choose a scenario' }).waitFor();
    await page.getByRole('radio', { name: 'Long-term neglect with drift' }).check();
    await page.getByLabel('Your name').fill('Tara Trainee');
    await page.getByRole('button', { name: 'Start practice' }).click();

    await page.getByRole('heading', { level: 1, name: 'Long-term neglect with drift' }).waitFor();
    await page.getByText(/Training — a practice session, not a supervision record/).waitFor();
    await expectNoSeriousAxeViolations(page, 'practice brief');
    await page.getByRole('button', { name: 'Begin the practice session' }).click();

    for (const heading of DERBY_HEADINGS.slice(0, 3)) {
      await stepHeading(page, heading);
      await next(page);
    }
    await stepHeading(page, DERBY_HEADINGS[3]);
    const panel = page.getByRole('complementary', { name: /^Simulated supervisee: Robin Ashby/ });
    await panel.getByText(/Start the case/).waitFor();
    await page.getByLabel('Child or family').fill('Pip Kettering');
    await page.getByRole('button', { name: 'Discuss a case' }).last().click();
    await conversation(page).getByRole('heading', { name: 'Experience — What happened?' }).waitFor();

    // Saying nothing is refused, with the reason.
    await panel.getByRole('button', { name: 'Say this' }).click();
    await panel.getByText('Choose an intervention').first().waitFor();
    await panel.getByRole('radio', { name: 'Listening: clarification' }).check();
    await panel.getByLabel('What you would say').fill('What did you see and hear at your last visit?');
    await panel.getByRole('button', { name: 'Say this' }).click();
    await panel.getByText(/Pip was in the same nappy from the morning/).waitFor();
    await expectNoSeriousAxeViolations(page, 'practice turn');

    // A draft is kept through a reload; the turn so far is still there.
    await panel.getByRole('radio', { name: 'Listening: clarification' }).check();
    await panel.getByLabel('What you would say').fill('How often has she missed a planned visit?');
    await page.getByText(/Saved on this device at/).waitFor();
    await page.waitForTimeout(300);
    await page.reload();
    await unlock(page);
    await conversation(page).getByRole('heading', { name: 'Experience — What happened?' }).waitFor();
    await expect(panel.getByLabel('What you would say').inputValue()).resolves.toBe('How often has she missed a planned visit?');
    await panel.getByText(/Pip was in the same nappy from the morning/).waitFor();
    await panel.getByRole('button', { name: 'Say this' }).click();
    // The second clarifying question draws out what Robin had not said.
    await panel.getByText(/cancelled the last two by text/).waitFor();

    await page.getByLabel('Experience: What happened?').fill('Third missed visit; Pip in the same nappy; no food but milk.');
    await page.getByRole('button', { name: 'Continue to the next stage' }).click();
    await conversation(page).getByRole('heading', { name: 'Reflection — What was it like?' }).waitFor();
    await page.getByRole('button', { name: 'Skip this stage' }).click();
    await page.getByLabel('Why is this stage being skipped?').fill('Running out of time');
    await page.getByRole('button', { name: 'Skip with this reason' }).click();
    await conversation(page).getByRole('heading', { name: 'Analysis — What does this mean?' }).waitFor();
    await panel.getByRole('radio', { name: 'Challenge' }).check();
    await panel.getByLabel('What you would say').fill('You have called this low-level for months. What would tell you it is more?');
    await panel.getByRole('button', { name: 'Say this' }).click();
    await panel.getByText(/dropped two centiles/).waitFor();
    await page.getByLabel('Analysis: What does this mean?').fill('Chronic neglect is likely because of the weight loss and missed visits.');
    await page.getByRole('button', { name: 'Continue to the next stage' }).click();
    await conversation(page).getByRole('heading', { name: 'Action planning — What next?' }).waitFor();
    // Planning with reflection never talked through gets the thin answer.
    await panel.getByRole('radio', { name: 'Catalytic' }).check();
    await panel.getByLabel('What you would say').fill('What needs to happen now?');
    await panel.getByRole('button', { name: 'Say this' }).click();
    await panel.getByText('Carry on visiting monthly, I suppose. Same as before.').waitFor();
    await planAndFinishCase(page, 'Graded Care Profile at the next visit.', 'Complete the Graded Care Profile', '2026-12-15');
    await page.getByRole('button', { name: 'Finish and see the debrief' }).click();

    const debrief = page.getByRole('region', { name: 'Debrief' });
    await debrief.waitFor();
    await debrief.getByText('Reflection was skipped: “Running out of time”').waitFor();
    await debrief.getByText(/^Missed at Experience: Pip's lived experience/).waitFor();
    await debrief.getByText(/^Missed at Reflection: Robin has become used to the conditions/).waitFor();
    await debrief.getByText(/^Picked up at Experience: Mum has forgotten three planned visits/).waitFor();
    await debrief.getByText(/^Picked up at Analysis: Pip's weight has dropped/).waitFor();
    await debrief.getByText('Complete the Graded Care Profile — Supervisee (Robin Ashby), by 15 December 2026', { exact: true }).waitFor();
    await debrief.getByText(/Action planning began before reflection and analysis/).first().waitFor();
    const text = (await debrief.textContent()) ?? '';
    expect(text).toContain('4 open questions, 0 closed questions');
    expect(text).toContain('Facilitator interventions: “Can read verbal and non-verbal signals”');
    await expectNoSeriousAxeViolations(page, 'debrief');

    // Training stays apart: no supervision record, no child summary, nobody on the dashboard.
    const practiceId = page.url().split('#/practice/')[1] ?? '';
    await page.goto(`${baseUrl}/#/record/${practiceId}`);
    await page.getByText(/could not be found|no session|not found/i).first().waitFor();
    await page.goto(`${baseUrl}/#/dashboard`);
    await page.getByRole('heading', { level: 1, name: 'Supervision dashboard' }).waitFor();
    expect(await page.getByText('Robin Ashby').count()).toBe(0);
    await page.goto(`${baseUrl}/#/practice`);
    await page.getByRole('link', { name: 'Long-term neglect with drift — Tara Trainee' }).waitFor();
    await close();
  });
});
