/**
 * Reflective models in real Chromium (issue 19): in a Derby session (the 4x4x4 cycle by default)
 * the supervisor discusses a case with Gibbs' reflective cycle instead; the case runs Gibbs' six
 * stages, the session is signed, and the signed record shows the case under Gibbs' stage headings
 * and names the model. axe runs at the choice and at a Gibbs stage.
 */
import { describe, expect, it } from 'vitest';
import { DERBY_HEADINGS } from '../fixtures/policy-headings.ts';
import { expectNoSeriousAxeViolations, newPage, openApp, useBrowser } from './browser.ts';
import { conversation, finishAndSign, next, startSessionWithNewSupervisee, stepHeading } from './steps.ts';

const { browser } = useBrowser();

const GIBBS = "Gibbs' reflective cycle";
const STAGES: [string, string, string][] = [
  ['Description', 'What happened?', 'Home visit: Baby Tilly unwashed; a bruise on the upper arm, explained as a fall.'],
  ['Feelings', 'What were you thinking and feeling?', 'Uneasy at how quickly the explanation came.'],
  ['Evaluation', 'What was good and bad about the experience?', 'Seen the same day; the GP was not asked for the history.'],
  ['Analysis', 'What sense can you make of the situation?', 'A bruise on a non-mobile baby is a concern because it is unexplained; the risk is high.'],
  ['Conclusion', 'What else could you have done?', 'Asked for a strategy discussion sooner.'],
];
const PLAN: [string, string] = ['Action plan', 'If it arose again, what would you do?'];

describe('a case discussed with another reflective model', () => {
  it('runs Gibbs’ stages in a Derby session and the signed record shows them', async () => {
    const { page, close } = await newPage(browser());
    await openApp(page);
    await startSessionWithNewSupervisee(page, 'Val Visitor');
    await next(page);
    await stepHeading(page, DERBY_HEADINGS[2]);
    await next(page);
    await stepHeading(page, DERBY_HEADINGS[3]);

    const choice = page.getByRole('group', { name: 'Reflective model for this case' });
    expect(await choice.getByRole('radio', { name: 'The 4x4x4 cycle (the template’s default)' }).isChecked()).toBe(true);
    await choice.getByRole('radio', { name: GIBBS }).check();
    await expectNoSeriousAxeViolations(page, 'model choice');
    await page.getByLabel('Child or family').fill('Baby Tilly');
    await page.getByRole('button', { name: 'Discuss a case' }).last().click();

    for (const [name, question, text] of STAGES) {
      await conversation(page).getByRole('heading', { name: `${name} — ${question}` }).waitFor();
      if (name === 'Feelings') await expectNoSeriousAxeViolations(page, 'a Gibbs stage');
      await page.getByLabel(`${name}: ${question}`).fill(text);
      await page.getByRole('button', { name: 'Continue to the next stage' }).click();
    }
    await conversation(page).getByRole('heading', { name: `${PLAN[0]} — ${PLAN[1]}` }).waitFor();
    expect(await page.getByRole('button', { name: 'Skip this stage' }).count()).toBe(0);
    await page.getByLabel(`${PLAN[0]}: ${PLAN[1]}`).fill('Refer Tilly to children’s social care today.');
    await page.getByRole('button', { name: 'Add an action' }).click();
    const action = page.locator('fieldset.app-action').last();
    await action.getByLabel('What is to be done').fill('Refer Tilly to MASH');
    await action.getByLabel('Supervisee', { exact: true }).check();
    await action.getByLabel('By when').fill('2031-01-10');
    await page.getByRole('button', { name: 'Finish this case' }).click();
    await conversation(page).getByRole('heading', { name: 'Cases discussed' }).waitFor();
    await next(page);

    await finishAndSign(page, 'Checked together: accurate as written');
    await page.getByRole('button', { name: 'View the signed record and child-record summaries' }).click();
    await page.getByRole('heading', { name: 'Signed record', level: 1 }).waitFor();
    const record = page.locator('article.app-record');
    const headings = await record.locator('.app-record__stage h5').allTextContents();
    expect(headings.map((h) => h.trim())).toEqual([...STAGES.map(([name, question]) => `${name} — ${question}`), `${PLAN[0]} — ${PLAN[1]}`]);
    await record.getByText(`${GIBBS} (version 1.0.0)`).waitFor();
    await expectNoSeriousAxeViolations(page, 'signed record with a Gibbs case');
    await close();
  });
});
