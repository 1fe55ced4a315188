/**
 * The assistant's noticings in real Chromium (issue 21): in a Derby session's case the assistant
 * asks three follow-ups, one at a time, as the Experience is written; one is dismissed with a
 * reason, one answered, one left. The record, once signed, shows exactly that: the answered one as
 * "Follow-up: question — answer", the dismissed one with its reason, the left one nowhere in it but
 * listed once at the read-through; no question reaches a child-record entry. axe on each screen;
 * 390 px and 1280 px without sideways scrolling.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DERBY_HEADINGS } from '../fixtures/policy-headings.ts';
import { expectFits, expectNoSeriousAxeViolations, newPage, openApp, useBrowser } from './browser.ts';
import { printPdf, squeezed } from './print.ts';
import { addSupervisee, answerStage, conversation, dismissQualityFlags, next, planAndFinishCase, signBoth, startDerbySession, stepHeading } from './steps.ts';

const { browser, baseUrl } = useBrowser();

// Each addition draws the next noticing (the corpus's account t01, tests/noticings).
const FIRST = 'Visited Pip at home. Nothing much has changed. The flat was cold and the fridge had only milk in it. Mum says she is coping.';
const SECOND = `${FIRST} Mum's new partner, Dale, was not there.`;
const THIRD = `${SECOND} Mum says she is coping.`;
const REASON = 'Pip is six months old and cannot yet talk';
const ANSWER = 'Seen alone in her cot, settled and smiling';

/** The assistant's open follow-up, once asked: its card and its question. */
async function asked(page: Page): Promise<{ card: Locator; question: string }> {
  const card = page.locator('.app-follow-up__open');
  await card.waitFor({ timeout: 15_000 });
  const question = ((await card.locator('.nhsuk-body-l').textContent()) ?? '').trim();
  expect(question.length).toBeGreaterThan(10);
  return { card, question };
}

describe('the assistant’s noticings', () => {
  it('three follow-ups asked: one dismissed with a reason, one answered, one left; the signed record shows exactly that', async () => {
    const { page, close } = await newPage(browser());
    await openApp(page);
    await addSupervisee(page, baseUrl, 'Val Visitor', 'Health Visitor');
    await startDerbySession(page, baseUrl, 'Val Visitor', '2026-12-04');
    await next(page);
    for (const heading of DERBY_HEADINGS.slice(1, 3)) {
      await stepHeading(page, heading);
      await next(page);
    }
    await stepHeading(page, DERBY_HEADINGS[3]);
    await page.getByLabel('Child or family').fill('Pip');
    await page.getByRole('button', { name: 'Discuss a case' }).last().click();
    await conversation(page).getByRole('heading', { name: 'Experience — What happened?' }).waitFor();
    const experience = page.getByLabel('Experience: What happened?');

    // The first: not relevant, because… — the reason is required.
    await experience.fill(FIRST);
    const first = await asked(page);
    await expect(first.card.getByText('Why this matters:').isVisible()).resolves.toBe(true);
    await expectNoSeriousAxeViolations(page, 'a follow-up asked');
    await expectFits(page, 'a follow-up asked');
    await first.card.getByRole('button', { name: 'Not relevant, because…' }).click();
    await first.card.getByRole('button', { name: 'Record the reason' }).click();
    await first.card.getByText('Write why this is not relevant here').waitFor();
    await expectNoSeriousAxeViolations(page, 'a reason refused');
    await first.card.getByLabel('Why it is not relevant here').fill(REASON);
    await first.card.getByRole('button', { name: 'Record the reason' }).click();
    await page.locator('.app-follow-up__settled', { hasText: REASON }).waitFor();

    // The second: answered.
    await experience.fill(SECOND);
    const second = await asked(page);
    expect(second.question).not.toBe(first.question);
    await second.card.getByRole('button', { name: 'Answer', exact: true }).click();
    await second.card.getByLabel(`Your answer: ${second.question}`).fill(ANSWER);
    await expectNoSeriousAxeViolations(page, 'answering a follow-up');
    await second.card.getByRole('button', { name: 'Save answer' }).click();
    await page.locator('.app-follow-up__settled', { hasText: ANSWER }).waitFor();

    // The third: left as it is; moving on is never blocked.
    await experience.fill(THIRD);
    const third = await asked(page);
    expect([first.question, second.question]).not.toContain(third.question);
    await page.getByRole('button', { name: 'Continue to the next stage' }).click();
    await answerStage(page, 'Reflection', 'What was it like?', 'Worried that nothing changes between visits.');
    await answerStage(page, 'Analysis', 'What does this mean?', 'Neglect is likely; the plan has drifted over three visits.');
    await conversation(page).getByRole('heading', { name: 'Action planning — What next?' }).waitFor();
    await planAndFinishCase(page, 'Refer Pip to children’s social care today.', 'Refer Pip to children’s social care', '2026-12-05');
    await next(page);

    for (const heading of DERBY_HEADINGS.slice(4, 8)) {
      await stepHeading(page, heading);
      await next(page);
    }
    await stepHeading(page, 'Signatures');
    // The read-through lists the one left, once, and signing goes on.
    const left = page.getByRole('region', { name: 'Questions the assistant asked that were left' });
    await left.waitFor();
    const leftText = (await left.textContent()) ?? '';
    expect(leftText).toContain(third.question);
    expect(leftText).not.toContain(first.question);
    expect(leftText).not.toContain(second.question);
    await expectNoSeriousAxeViolations(page, 'read-through with a follow-up left');
    await expectFits(page, 'read-through with a follow-up left');
    await page.getByRole('button', { name: 'We have read the record through' }).click();
    await dismissQualityFlags(page, 'Checked together: accurate as written');
    await signBoth(page);
    await page.getByRole('button', { name: 'View the signed record and child-record summaries' }).click();
    await page.getByRole('heading', { name: 'Signed record', level: 1 }).waitFor();

    const record = page.locator('article.app-record');
    const recordText = (await record.textContent()) ?? '';
    expect(recordText).toContain(`Follow-up: ${second.question} — ${ANSWER}`);
    expect(recordText).toContain(`Follow-up not relevant: ${first.question} — ${REASON}`);
    expect(recordText).not.toContain(third.question);
    expect(await record.locator('.app-record__follow-up').count()).toBe(2);
    expect(recordText).toMatch(/Noticings on: the child's voice and daily life; /);
    await expectNoSeriousAxeViolations(page, 'signed record with follow-ups');
    await expectFits(page, 'signed record with follow-ups');
    // Printed (Chromium's PDF on A4), the record carries the same two lines and none of the third.
    const printedPages = await printPdf(page, 'signed record with follow-ups');
    const printed = squeezed(printedPages.map((each) => each.text).join(' '));
    expect(printed).toContain(squeezed(`Follow-up: ${second.question} — ${ANSWER}`));
    expect(printed).toContain(squeezed(`Follow-up not relevant: ${first.question} — ${REASON}`));
    expect(printed).not.toContain(squeezed(third.question));
    for (const [index, each] of printedPages.entries()) {
      expect(each.header).toContain('Private and Confidential');
      expect(each.footer).toContain(`Page ${index + 1} of ${printedPages.length}`);
    }

    // Nothing of the assistant's questions in the child-record entry.
    const entry = await page.locator('.app-child-summary').first().locator('textarea').inputValue();
    expect(entry).toContain('Pip');
    for (const question of [first.question, second.question, third.question]) expect(entry).not.toContain(question);
    expect(entry).not.toContain(REASON);
    expect(entry).not.toContain('Follow-up');
    await close();
  });
});
