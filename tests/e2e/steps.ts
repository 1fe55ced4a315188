/** Moving through a live session in the browser, as a user does: shared by the end-to-end tests. */
import type { Page } from 'playwright-core';
import { expectNoSeriousAxeViolations } from './browser.ts';

/** The conversation column: the record preview beside it repeats the same headings. */
export const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation' });

export async function stepHeading(page: Page, text: string) {
  await conversation(page).getByRole('heading', { level: 2, name: text, exact: true }).waitFor();
}

/** Opens the agenda list (if closed) and goes to a step already reached. */
export async function gotoStep(page: Page, heading: string) {
  const details = page.locator('nav.app-step-list details');
  if (!(await details.evaluate((el) => (el as HTMLDetailsElement).open))) await details.locator('summary').click();
  await details.getByRole('button', { name: heading, exact: true }).click();
  await stepHeading(page, heading);
}

export async function next(page: Page) {
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
}

/** At a free-text step: waits for its heading, writes under it (checked by axe, given a label) and continues. */
export async function writeStep(page: Page, heading: string, text: string, axeLabel?: string) {
  await stepHeading(page, heading);
  await page.getByLabel(`Record under “${heading}”`).fill(text);
  if (axeLabel) await expectNoSeriousAxeViolations(page, axeLabel);
  await next(page);
}

/** Moves through a stage of the case being discussed. */
export async function answerStage(page: Page, stage: 'Experience' | 'Reflection' | 'Analysis', question: string, text: string | null) {
  await conversation(page).getByRole('heading', { name: `${stage} — ${question}` }).waitFor();
  if (text !== null) await page.getByLabel(`${stage}: ${question}`).fill(text);
  await page.getByRole('button', { name: 'Continue to the next stage' }).click();
}

/** Dismisses, with a reason, every record quality flag still open (the users may sign with them so answered). */
export async function dismissQualityFlags(page: Page, reason: string) {
  const region = page.locator('section.app-quality');
  for (let open = await region.getByRole('button', { name: 'Dismiss with a reason' }).count(); open > 0; open -= 1) {
    await region.getByRole('button', { name: 'Dismiss with a reason' }).first().click();
    await region.getByLabel('Why is this entry acceptable as it is?').fill(reason);
    await region.getByRole('button', { name: 'Dismiss this flag' }).click();
  }
}

/** Both sign with their typed names as signatures, once the record has been read through. */
export async function signBoth(page: Page) {
  for (const role of ['Supervisor', 'Supervisee'] as const) {
    const form = page.locator('section.nhsuk-card', { has: page.getByRole('button', { name: `Sign as ${role}` }) });
    await form.getByRole('button', { name: 'Use my typed name as my signature' }).click();
    await form.getByRole('button', { name: `Sign as ${role}` }).click();
  }
  await page.getByRole('heading', { name: 'Both have signed. The record is sealed.' }).waitFor();
  // Offered only once the sealed record is written to the device.
  await page.getByRole('button', { name: 'View the signed record and child-record summaries' }).waitFor();
}
