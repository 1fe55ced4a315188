/** Moving through a live session in the browser, as a user does: shared by the end-to-end tests. */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoSeriousAxeViolations } from './browser.ts';
import { DERBY_HEADINGS } from '../fixtures/policy-headings.ts';

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

/** At a case's action planning: writes the plan, adds one action for the supervisee by `due` (YYYY-MM-DD) and finishes the case. */
export async function planAndFinishCase(page: Page, plan: string, what: string, due: string) {
  await page.getByLabel('Action planning: What next?').fill(plan);
  await page.getByRole('button', { name: 'Add an action' }).click();
  const action = page.locator('fieldset.app-action').last();
  await action.getByLabel('What is to be done').fill(what);
  await action.getByLabel('Supervisee', { exact: true }).check();
  await action.getByLabel('By when').fill(due);
  await page.getByRole('button', { name: 'Finish this case' }).click();
  await conversation(page).getByRole('heading', { name: 'Cases discussed' }).waitFor();
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

/** Starts a Derby Appendix 3 session for someone already on the device, at a chosen date. */
export async function startDerbySession(page: Page, baseUrl: string, name: string, date: string) {
  await page.goto(`${baseUrl}/#/start`);
  await page.getByRole('heading', { name: 'Start a supervision session', level: 1 }).waitFor();
  await page.getByRole('radio', { name, exact: true }).check();
  await page.getByLabel('Supervisor’s full name').fill('Sam Supervisor');
  await page.getByLabel('Supervisor’s role').fill('Named Nurse');
  await page.getByRole('radio', { name: /Derby and Derbyshire ICB/ }).check();
  await page.getByRole('radio', { name: 'Safeguarding Supervision', exact: true }).check();
  await page.getByLabel('Date of the supervision').fill(date);
  await page.getByRole('button', { name: 'Begin the session' }).click();
  await stepHeading(page, DERBY_HEADINGS[0]);
}

/** Adds a supervisee on the start page (behind "Add a supervisee" once someone is on the device); waits until they can be chosen. */
export async function addSupervisee(page: Page, baseUrl: string, name: string, role: string) {
  await page.goto(`${baseUrl}/#/start`);
  await page.getByRole('heading', { name: 'Start a supervision session', level: 1 }).waitFor();
  const field = page.getByLabel('Full name', { exact: true });
  // Once someone is on the device, adding another is behind "Add a supervisee".
  if (!(await field.isVisible())) await page.getByText('Add a supervisee', { exact: true }).click();
  await field.fill(name);
  await page.getByLabel('Role', { exact: true }).fill(role);
  await page.getByRole('button', { name: 'Add supervisee' }).click();
  await page.getByRole('radio', { name }).waitFor();
}

/** From the first step of a Derby session past its cases step, recording that no case was discussed. */
export async function passDerbyWithoutCase(page: Page) {
  await next(page);
  for (const heading of DERBY_HEADINGS.slice(1, 3)) {
    await stepHeading(page, heading);
    await next(page);
  }
  await stepHeading(page, DERBY_HEADINGS[3]);
  await page.locator('summary', { hasText: 'If no case is discussed, record why' }).click();
  await page.getByLabel('If no case is discussed, record why').fill('Actions and development reviewed only.');
  await page.getByRole('button', { name: 'Record that no case was discussed' }).click();
  await next(page);
}

/** From the first step of a Derby session to sealed, with no case discussed and no next meeting. */
export async function signDerbyWithoutCase(page: Page) {
  await passDerbyWithoutCase(page);
  await finishAndSign(page, 'Checked together: accurate as written');
}

/** From the step after the cases to the signatures: the later steps passed, the record read through, quality flags dismissed with `reason`. */
export async function readThroughToSignatures(page: Page, reason: string) {
  for (const heading of DERBY_HEADINGS.slice(4, 8)) {
    await stepHeading(page, heading);
    await next(page);
  }
  await stepHeading(page, 'Signatures');
  await page.getByRole('button', { name: 'We have read the record through' }).click();
  await dismissQualityFlags(page, reason);
}

/** From the step after the cases to sealed: as readThroughToSignatures, then both sign. */
export async function finishAndSign(page: Page, reason: string) {
  await readThroughToSignatures(page, reason);
  await signBoth(page);
}

/** From the home page: starts a Derby session for a new supervisee (the first on the device) and moves to its second step. */
export async function startSessionWithNewSupervisee(page: Page, name: string) {
  await page.getByRole('button', { name: 'Start a supervision session' }).click();
  await page.getByLabel('Full name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Add supervisee' }).click();
  await page.getByLabel('Supervisor’s full name').fill('Sam Supervisor');
  await page.getByRole('radio', { name: /Derby and Derbyshire ICB/ }).check();
  await page.getByRole('radio', { name: 'Safeguarding Supervision', exact: true }).check();
  await page.getByRole('button', { name: 'Begin the session' }).click();
  await stepHeading(page, DERBY_HEADINGS[0]);
  await next(page);
  await stepHeading(page, DERBY_HEADINGS[1]);
}

/**
 * On a device just unlocked for the first time: the first supervisee added, a Derby session with
 * them at `date` signed by both (no case), and its signed record opened.
 */
export async function firstSignedDerbyRecord(page: Page, baseUrl: string, name: string, date: string) {
  await page.getByRole('button', { name: 'Start a supervision session' }).click();
  await page.getByLabel('Full name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Add supervisee' }).click();
  await page.getByRole('radio', { name }).waitFor();
  await startDerbySession(page, baseUrl, name, date);
  await signDerbyWithoutCase(page);
  await page.getByRole('button', { name: 'View the signed record and child-record summaries' }).click();
  await page.getByRole('heading', { level: 1, name: 'Signed record' }).waitFor();
}

/** Makes and signs (typed names) a Checklist for SUPERVISION AGREEMENT with `who` (as the list names them: "Val Visitor, Health Visitor"). */
export async function makeAgreement(page: Page, baseUrl: string, who: string) {
  await page.goto(`${baseUrl}/#/agreements`);
  await page.getByRole('combobox', { name: 'Whose agreement?' }).selectOption({ label: who });
  await page.getByText('No agreement yet.').waitFor();
  await page.getByRole('radio', { name: 'Checklist for SUPERVISION AGREEMENT' }).check();
  await page.getByLabel('Supervisor’s full name').fill('Sam Supervisor');
  await page.getByLabel('Supervisor’s role').fill('Named Nurse');
  await page.getByRole('button', { name: 'Start the agreement' }).click();
  await page.getByRole('heading', { level: 1, name: 'Checklist for SUPERVISION AGREEMENT' }).waitFor();
  for (const box of await page.getByRole('checkbox').all()) await box.check();
  await page.getByLabel('Frequency:').fill('Every three months');
  await page.getByLabel('Duration:').fill('One hour');
  await page.getByLabel('Venue').fill('Health centre');
  await page.getByLabel('Type').fill('One to one');
  await expectNoSeriousAxeViolations(page, 'agreement checklist');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { level: 1, name: 'Signatures' }).waitFor();
  await page.getByRole('button', { name: 'We have read the agreement through' }).click();
  for (const title of ['Supervisor', 'Supervisee'] as const) {
    const pad = page.getByRole('group', { name: `Signature (${title})` });
    await pad.getByRole('button', { name: 'Use my typed name as my signature' }).click();
    await page.getByRole('button', { name: `Sign as ${title}` }).click();
  }
  await page.getByText('Agreed and sealed').waitFor();
  await expectNoSeriousAxeViolations(page, 'agreement sealed');
}

/** Gibbs' reflective cycle as a case runs it: each stage's name, question and what is typed, then the plan. */
export const GIBBS = "Gibbs' reflective cycle";
export const GIBBS_STAGES: readonly [string, string, string][] = [
  ['Description', 'What happened?', 'Home visit: Baby Tilly unwashed; a bruise on the upper arm, explained as a fall.'],
  ['Feelings', 'What were you thinking and feeling?', 'Uneasy at how quickly the explanation came.'],
  ['Evaluation', 'What was good and bad about the experience?', 'Seen the same day; the GP was not asked for the history.'],
  ['Analysis', 'What sense can you make of the situation?', 'A bruise on a non-mobile baby is a concern because it is unexplained; the risk is high.'],
  ['Conclusion', 'What else could you have done?', 'Asked for a strategy discussion sooner.'],
];
export const GIBBS_PLAN: readonly [string, string] = ['Action plan', 'If it arose again, what would you do?'];
/** The stage headings a signed record shows for that case, in order. */
export const GIBBS_HEADINGS = [...GIBBS_STAGES.map(([name, question]) => `${name} — ${question}`), `${GIBBS_PLAN[0]} — ${GIBBS_PLAN[1]}`];

/**
 * On the cases step with Gibbs chosen for the case: "Baby Tilly" taken through every Gibbs stage
 * (there is no skip at the plan), one action, the case finished. `atStage` runs at each stage's
 * heading (an axe check, say).
 */
export async function discussGibbsCase(page: Page, atStage: (name: string) => Promise<void> = async () => undefined) {
  await page.getByLabel('Child or family').fill('Baby Tilly');
  await page.getByRole('button', { name: 'Discuss a case' }).last().click();
  for (const [name, question, text] of GIBBS_STAGES) {
    await conversation(page).getByRole('heading', { name: `${name} — ${question}` }).waitFor();
    await atStage(name);
    await page.getByLabel(`${name}: ${question}`).fill(text);
    await page.getByRole('button', { name: 'Continue to the next stage' }).click();
  }
  await conversation(page).getByRole('heading', { name: `${GIBBS_PLAN[0]} — ${GIBBS_PLAN[1]}` }).waitFor();
  expect(await page.getByRole('button', { name: 'Skip this stage' }).count()).toBe(0);
  await page.getByLabel(`${GIBBS_PLAN[0]}: ${GIBBS_PLAN[1]}`).fill('Refer Tilly to children’s social care today.');
  await page.getByRole('button', { name: 'Add an action' }).click();
  const action = page.locator('fieldset.app-action').last();
  await action.getByLabel('What is to be done').fill('Refer Tilly to MASH');
  await action.getByLabel('Supervisee', { exact: true }).check();
  await action.getByLabel('By when').fill('2031-01-10');
  await page.getByRole('button', { name: 'Finish this case' }).click();
  await conversation(page).getByRole('heading', { name: 'Cases discussed' }).waitFor();
}
