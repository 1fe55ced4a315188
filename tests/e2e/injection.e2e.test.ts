/**
 * Hostile input in Chromium, through the real screens: script tags, event handlers,
 * javascript: links, SVG and mutation-XSS shapes typed into the supervisee's name, a free-text
 * step, a case's label and stages and an action, then shown on every screen that outputs them
 * (the session, the signed record, the child-record summaries, home and history). Nothing runs:
 * no dialog, no window.__xss, no element made from the input, no CSP violation.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DERBY_HEADINGS } from '../fixtures/policy-headings.ts';
import { newPage, openApp, useBrowser } from './browser.ts';
import { answerStage, conversation, finishAndSign, next, startDerbySession, stepHeading } from './steps.ts';

const { browser, baseUrl } = useBrowser();

const PAYLOAD =
  '<img src=x onerror=window.__xss=1><script>window.__xss=1</script><svg onload=window.__xss=1></svg>' +
  '<a href="javascript:window.__xss=1">x</a><noscript><p title="</noscript><img src=x onerror=window.__xss=1>">';

async function expectNothingRan(page: Page, where: string): Promise<void> {
  const found = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: number }).__xss ?? null,
    elements: document.querySelectorAll('main img[src="x"], main svg[onload], main script, main a[href^="javascript:"], main noscript').length,
    handlers: [...document.querySelectorAll('main *')].filter((el) => el.getAttributeNames().some((name) => name.startsWith('on'))).length,
  }));
  expect(found, where).toEqual({ xss: null, elements: 0, handlers: 0 });
}

describe('hostile input in the browser', () => {
  it('is shown as text on every screen and never runs', async () => {
    const { page, consoleErrors, close } = await newPage(browser());
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await openApp(page);
    const name = `Val ${PAYLOAD}`.slice(0, 200);
    await page.getByRole('button', { name: 'Start a supervision session' }).click();
    await page.getByLabel('Full name', { exact: true }).fill(name);
    await page.getByRole('button', { name: 'Add supervisee' }).click();
    await page.getByRole('radio', { name }).waitFor();
    await startDerbySession(page, baseUrl, name, '2026-11-20');
    await next(page);
    await stepHeading(page, DERBY_HEADINGS[1]);
    await page.getByLabel(`Record under “${DERBY_HEADINGS[1]}”`).fill(`Because ${PAYLOAD}`);
    await next(page);
    await stepHeading(page, DERBY_HEADINGS[2]);
    await next(page);
    await stepHeading(page, DERBY_HEADINGS[3]);
    await page.getByLabel('Child or family').fill(`Baby ${PAYLOAD}`.slice(0, 200));
    await page.getByRole('button', { name: 'Discuss a case' }).last().click();
    await answerStage(page, 'Experience', 'What happened?', `Seen because ${PAYLOAD}`);
    await answerStage(page, 'Reflection', 'What was it like?', `Felt ${PAYLOAD}`);
    await answerStage(page, 'Analysis', 'What does this mean?', `Risk is high because ${PAYLOAD}`);
    await conversation(page).getByRole('heading', { name: 'Action planning — What next?' }).waitFor();
    await page.getByLabel('Action planning: What next?').fill(`Refer because ${PAYLOAD}`);
    await page.getByRole('button', { name: 'Add an action' }).click();
    const action = page.locator('fieldset.app-action').last();
    await action.getByLabel('What is to be done').fill(`Refer ${PAYLOAD}`);
    await action.getByLabel('Supervisee', { exact: true }).check();
    await action.getByLabel('By when').fill('2026-12-01');
    await expectNothingRan(page, 'the session');
    await page.getByRole('button', { name: 'Finish this case' }).click();
    await conversation(page).getByRole('heading', { name: 'Cases discussed' }).waitFor();
    await next(page);
    await finishAndSign(page, `Checked ${PAYLOAD}`);
    await page.getByRole('button', { name: 'View the signed record and child-record summaries' }).click();
    await page.getByRole('heading', { name: 'Child-record summaries' }).first().waitFor();
    expect(await page.locator('main').textContent()).toContain('<script>window.__xss=1</script>');
    await expectNothingRan(page, 'the signed record and summaries');
    await page.goto(`${baseUrl}/#/`);
    await page.getByRole('heading', { level: 1, name: 'Safeguarding supervision' }).waitFor();
    await expectNothingRan(page, 'home');
    await page.getByRole('link', { name: /History/ }).first().click();
    await page.getByRole('heading', { level: 1, name: /^History/ }).waitFor();
    await expectNothingRan(page, 'history');
    expect(dialogs).toEqual([]);
    expect(consoleErrors().filter((e) => /Content Security Policy|Refused to/.test(e))).toEqual([]);
    await close();
  });
});
