/**
 * Reflective models in real Chromium (issue 19): in a Derby session (the 4x4x4 cycle by default)
 * the supervisor discusses a case with Gibbs' reflective cycle instead; the case runs Gibbs' six
 * stages, the session is signed, and the signed record shows the case under Gibbs' stage headings
 * and names the model. axe runs at the choice and at a Gibbs stage.
 */
import { describe, expect, it } from 'vitest';
import { DERBY_HEADINGS } from '../fixtures/policy-headings.ts';
import { expectNoSeriousAxeViolations, newPage, openApp, useBrowser } from './browser.ts';
import { discussGibbsCase, finishAndSign, GIBBS, GIBBS_HEADINGS, next, startSessionWithNewSupervisee, stepHeading } from './steps.ts';

const { browser } = useBrowser();


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
    await discussGibbsCase(page, async (name) => {
      if (name === 'Feelings') await expectNoSeriousAxeViolations(page, 'a Gibbs stage');
    });
    await next(page);

    await finishAndSign(page, 'Checked together: accurate as written');
    await page.getByRole('button', { name: 'View the signed record and child-record summaries' }).click();
    await page.getByRole('heading', { name: 'Signed record', level: 1 }).waitFor();
    const record = page.locator('article.app-record');
    const headings = await record.locator('.app-record__stage h5').allTextContents();
    expect(headings.map((h) => h.trim())).toEqual(GIBBS_HEADINGS);
    await record.getByText(`${GIBBS} (version 1.0.0)`).waitFor();
    await expectNoSeriousAxeViolations(page, 'signed record with a Gibbs case');
    await close();
  });
});
