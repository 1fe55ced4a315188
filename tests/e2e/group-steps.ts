/** Running a group supervision session in the browser, as a facilitator does: shared by the end-to-end tests. */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectNoSeriousAxeViolations } from './browser.ts';


export type Person = { name: string; role: string };

export const GROUP = 'South locality health visiting';
export const DATE = '2026-11-22';
export const DATE_TEXT = '22 November 2026';
export const FACILITATOR: Person = { name: 'Ruth Okafor', role: 'Named Nurse' };
export const MEMBERS: readonly Person[] = [
  { name: 'Priya Shah', role: 'Health Visitor' },
  { name: 'Tom Reed', role: 'School Nurse' },
  { name: 'Lee Grant', role: 'Health Visitor' },
  { name: 'Dee Clark', role: 'Family Nurse' },
];
export const APOLOGISING = 'Dee Clark';

export const PHASES = [
  'Presenting the case',
  'Clarifying questions — questions only, no advice yet',
  'Reflection and hypotheses',
  'The presenter responds',
  'Agreeing the presenter’s actions',
] as const;
export type PhaseTitle = (typeof PHASES)[number];

export type Theme = { text: string; tags: string[] };
export const THEMES = {
  pattern: { text: 'Waiting for one clear incident instead of seeing the pattern', tags: ['neglect'] },
  thresholds: { text: 'Thresholds for escalating to children’s social care feel unclear', tags: ['neglect', 'escalation'] },
  schoolAbsence: { text: 'School absence not shared with health until late', tags: ['information sharing', 'exploitation'] },
  carryingWorry: { text: 'Carrying worry home after heavy visits', tags: ['emotional impact', 'workload'] },
} satisfies Record<string, Theme>;

export type Consultation = {
  presenter: string;
  caseLabel: string;
  question: string;
  scribe: string;
  notes: Record<PhaseTitle, string>;
  action: { what: string; owner: string; due: string };
  /** Captured while the consultation runs, at the phase given; first written as `firstWritten` when given (flagged, then reworded). */
  theme: { at: PhaseTitle; theme: Theme; firstWritten?: { text: string; name: string } };
};

export const TILLY: Consultation = {
  presenter: 'Priya Shah',
  caseLabel: 'Baby Tilly',
  question: 'Am I losing objectivity about the home conditions?',
  scribe: 'Lee Grant',
  notes: {
    'Presenting the case': 'Tilly’s weight is down two centiles; the home is cold and cluttered. Her brother Kacper keeps arriving at school hungry.',
    'Clarifying questions — questions only, no advice yet': 'Who else sees Tilly? The GP, at immunisations only.',
    'Reflection and hypotheses': 'What is a day like for Tilly? Hunger may be routine.',
    'The presenter responds': 'The pattern is the evidence; I was waiting for one incident.',
    'Agreeing the presenter’s actions': 'Neglect screening, then a strategy discussion if it scores high.',
  },
  action: { what: 'Complete a neglect screening tool at the next visit', owner: 'The presenter (Priya Shah)', due: '2026-11-29' },
  theme: { at: 'Clarifying questions — questions only, no advice yet', theme: THEMES.pattern },
};

export const JAY: Consultation = {
  presenter: 'Tom Reed',
  caseLabel: 'Jay Smith',
  question: 'How do I escalate when school and social care disagree?',
  scribe: 'Priya Shah',
  notes: {
    'Presenting the case': 'Jay Smith has missed school twice this month and was seen with older youths.',
    'Clarifying questions — questions only, no advice yet': 'Has Jay said where he goes? No.',
    // A mention of the other case: withheld from Jay's summary.
    'Reflection and hypotheses': 'Closure may reflect workload, not lower risk; unlike Tilly, the risk is outside the home.',
    'The presenter responds': 'I will use the escalation policy rather than wait.',
    'Agreeing the presenter’s actions': 'Escalate under the professional disagreement policy.',
  },
  action: { what: 'Raise a professional disagreement with the team manager', owner: 'The facilitator (Ruth Okafor)', due: '2026-11-25' },
  // Kacper is named only in Tilly's presenter's notes: the theme naming him is flagged, then reworded.
  theme: { at: 'Reflection and hypotheses', theme: THEMES.schoolAbsence, firstWritten: { text: 'Kacper’s school absence not shared with health until late', name: 'Kacper' } },
};

export const LEARNING = 'Waiting for an incident hides neglect: look at the pattern over time.';
export const ISSUES = 'No neglect screening tool in the health visiting pathway; school absence data is not shared with health.';

// ---------------------------------------------------------------------------------------
// Helpers

export const agenda = (page: Page) => page.getByRole('region', { name: 'Agenda' });
export const themesPanel = (page: Page) => page.getByRole('complementary', { name: 'Themes' });

export async function stepHeading(page: Page, heading: string) {
  await agenda(page).getByRole('heading', { level: 2, name: heading, exact: true }).waitFor();
}

export async function phaseHeading(page: Page, n: number) {
  const title = PHASES[n - 1] ?? '';
  await agenda(page).getByRole('heading', { level: 3, name: `Phase ${n} of 5: ${title}`, exact: true }).waitFor();
}

/** "Add a person" beneath the facilitator or the members: opened if folded, filled and added. */
export async function addPerson(page: Page, under: 'group-facilitator' | 'group-members', person: Person) {
  const adder = page.locator('details', { has: page.locator(`#${under}-add-name`) });
  if (!(await adder.evaluate((el) => (el as HTMLDetailsElement).open))) await adder.locator('summary', { hasText: 'Add a person' }).click();
  await adder.getByLabel('Full name', { exact: true }).fill(person.name);
  await adder.getByLabel('Role', { exact: true }).fill(person.role);
  await adder.getByRole('button', { name: 'Add this person' }).click();
}

export async function expectChecked(choice: Locator) {
  await choice.waitFor();
  // The new person is chosen as the screen takes them in: asked until it is (a busy machine is slower).
  await expect.poll(() => choice.isChecked()).toBe(true);
}

/** From the home page, with no group yet on the device: creates the group of five. */
export async function createGroup(page: Page) {
  await page.getByRole('button', { name: 'Group supervision' }).click();
  await page.getByRole('heading', { level: 1, name: 'Group supervision' }).waitFor();
  await page.getByText('No groups yet.').waitFor();
  await expectNoSeriousAxeViolations(page, 'groups, none yet');

  await page.getByRole('textbox', { name: 'Name of the group' }).fill(GROUP);
  await addPerson(page, 'group-facilitator', FACILITATOR);
  await expectChecked(page.getByRole('group', { name: 'Facilitator' }).getByRole('radio', { name: FACILITATOR.name }));
  for (const member of MEMBERS) {
    await addPerson(page, 'group-members', member);
    await expectChecked(page.getByRole('group', { name: 'Members', exact: true }).getByRole('checkbox', { name: member.name }));
  }
  // The defaults, left as they are.
  await expect(page.getByRole('textbox', { name: 'Confidentiality boundaries and ground rules' }).inputValue()).resolves.toContain('stays in the group');
  await expect(page.getByRole('list', { name: 'Theme tags' }).getByRole('listitem').count()).resolves.toBe(8);
  await expectNoSeriousAxeViolations(page, 'create a group, filled');
  await page.getByRole('button', { name: 'Create the group' }).click();

  await page.getByRole('heading', { level: 1, name: GROUP }).waitFor();
  const members = page.getByRole('region', { name: 'Members' }).getByRole('listitem');
  await expect(members.allTextContents()).resolves.toEqual([
    `${FACILITATOR.name}, ${FACILITATOR.role} (facilitator)`,
    ...MEMBERS.map((m) => `${m.name}, ${m.role}`),
  ]);
  await expectNoSeriousAxeViolations(page, 'the group’s page');
}

export async function startSession(page: Page) {
  await page.getByLabel('Date of the session').fill(DATE);
  await page.getByRole('button', { name: 'Start the session' }).click();
  await page.getByRole('heading', { level: 1, name: `Group supervision: ${GROUP}` }).waitFor();
  await stepHeading(page, 'Attendance register');
}

export async function mark(page: Page, legend: string, choice: 'Present' | 'Apologies') {
  await agenda(page).getByRole('group', { name: legend, exact: true }).getByRole('radio', { name: choice }).check();
}

export async function registerAndAgree(page: Page) {
  await mark(page, `${FACILITATOR.name}, ${FACILITATOR.role} (facilitator)`, 'Present');
  for (const m of MEMBERS) await mark(page, `${m.name}, ${m.role}`, m.name === APOLOGISING ? 'Apologies' : 'Present');
  await expectNoSeriousAxeViolations(page, 'attendance register');
  await agenda(page).getByRole('button', { name: 'Continue', exact: true }).click();

  await stepHeading(page, 'Confidentiality boundaries and ground rules');
  await agenda(page).getByRole('button', { name: 'We agree these boundaries' }).click();
  await agenda(page).getByText(/^Agreed at \d\d:\d\d by Ruth Okafor, Priya Shah, Tom Reed, Lee Grant\.$/).waitFor();
  await expectNoSeriousAxeViolations(page, 'boundaries agreed');
  await agenda(page).getByRole('button', { name: 'Continue', exact: true }).click();
  await stepHeading(page, 'Case consultations');
}

export async function captureTheme(page: Page, theme: Theme, number: number) {
  const panel = themesPanel(page);
  await panel.getByRole('textbox', { name: 'Theme', exact: true }).fill(theme.text);
  for (const tag of theme.tags) await panel.getByRole('group', { name: 'Tags' }).getByRole('checkbox', { name: tag, exact: true }).check();
  await panel.getByRole('button', { name: 'Capture theme' }).click();
  await panel.getByText(`Theme ${number} captured.`).waitFor();
  await panel.getByRole('list', { name: 'Captured themes' }).getByText(theme.text).waitFor();
}

/**
 * A theme first written naming a child from a presenter's notes: the panel shows the word,
 * the guidance and the confirmation; it is reworded in place, and the flag goes.
 */
export async function captureNamedThemeAndReword(page: Page, firstWritten: { text: string; name: string }, theme: Theme, number: number) {
  await captureTheme(page, { ...theme, text: firstWritten.text }, number);
  const panel = themesPanel(page);
  const flags = panel.getByRole('group', { name: `Theme ${number} may name someone: “${firstWritten.name}”`, exact: true });
  await flags.waitFor();
  await flags.getByRole('checkbox', { name: `“${firstWritten.name}”: this is not a child or family member`, exact: true }).waitFor();
  await flags.getByText('This name is in the session’s notes.').waitFor();
  await expectNoSeriousAxeViolations(page, 'a theme flagged as naming someone');

  await panel.getByRole('button', { name: `Reword theme ${number}` }).click();
  const reworded = panel.getByRole('textbox', { name: `Theme ${number}, reworded`, exact: true });
  await expect(reworded.inputValue()).resolves.toBe(firstWritten.text);
  await reworded.fill(theme.text);
  await panel.getByRole('button', { name: 'Save the reworded theme' }).click();
  await panel.getByText(`Theme ${number} reworded.`).waitFor();
  await flags.waitFor({ state: 'detached' });
  await panel.getByRole('list', { name: 'Captured themes' }).getByText(theme.text).waitFor();
  await expect(panel.getByText(firstWritten.text).count()).resolves.toBe(0);
}

/** The timer shows the phase's time box; "Add 5 minutes" makes 5 minutes into 10. */
export async function extendTheTimeBox(page: Page) {
  const timer = agenda(page).getByRole('timer');
  await timer.filter({ hasText: /^0[45]:\d\d left$/ }).waitFor();
  await agenda(page).getByRole('button', { name: 'Add 5 minutes' }).click();
  await timer.filter({ hasText: /^(10:00|09:\d\d) left$/ }).waitFor();
}

export async function consult(page: Page, c: Consultation, themeNumber: number) {
  const start = agenda(page).getByRole('region', { name: 'Start a consultation' });
  await start.getByRole('group', { name: 'Presenter' }).getByRole('radio', { name: c.presenter }).check();
  await start.getByRole('textbox', { name: 'Child or family' }).fill(c.caseLabel);
  await start.getByRole('textbox', { name: 'The question they want help with' }).fill(c.question);
  await start.getByRole('combobox', { name: 'Scribe' }).selectOption({ label: c.scribe });
  await start.getByRole('button', { name: 'Start the consultation' }).click();

  for (const [index, phase] of PHASES.entries()) {
    await phaseHeading(page, index + 1);
    await agenda(page).getByRole('timer').waitFor();
    if (index === 0) {
      await agenda(page).getByText(`Case: ${c.caseLabel}`, { exact: true }).waitFor();
      await extendTheTimeBox(page);
      await expectNoSeriousAxeViolations(page, `${c.caseLabel}: presenting, time box extended`);
    }
    await agenda(page).getByRole('textbox', { name: `Notes — ${phase}`, exact: true }).fill(c.notes[phase]);
    if (c.theme.at === phase) {
      if (c.theme.firstWritten) await captureNamedThemeAndReword(page, c.theme.firstWritten, c.theme.theme, themeNumber);
      else await captureTheme(page, c.theme.theme, themeNumber);
    }
    if (index < PHASES.length - 1) await agenda(page).getByRole('button', { name: 'Next phase' }).click();
  }

  await agreeAction(page, c);
  await expectNoSeriousAxeViolations(page, `${c.caseLabel}: actions`);
  await agenda(page).getByRole('button', { name: 'Finish the consultation' }).click();
  await stepHeading(page, 'Case consultations');
  await agenda(page)
    .getByRole('list', { name: 'Consultations so far' })
    .getByText(`${c.presenter} — case discussed: ${c.caseLabel}`)
    .waitFor();
}

export async function agreeAction(page: Page, c: Consultation) {
  await agenda(page).getByRole('button', { name: 'Add an action' }).click();
  const action = agenda(page).locator('fieldset.app-action').last();
  await action.getByRole('textbox', { name: 'What is to be done' }).fill(c.action.what);
  await action.getByRole('radio', { name: c.action.owner }).check();
  await action.getByLabel('By when').fill(c.action.due);
  // Owner and date given: nothing is still needed for it.
  await action.locator('.app-action-gaps').waitFor({ state: 'detached' });
}

/** From the consultations to the closed session's record; `themeNumber`: the number the last theme, captured here, takes. */
export async function closeSession(page: Page, themeNumber = 4) {
  await agenda(page).getByRole('button', { name: 'Continue to learning and organisational issues' }).click();
  await stepHeading(page, 'Learning and organisational issues');
  await captureTheme(page, THEMES.carryingWorry, themeNumber);
  await agenda(page).getByRole('textbox', { name: 'Learning', exact: true }).fill(LEARNING);
  await agenda(page).getByRole('textbox', { name: 'Organisational issues to raise' }).fill(ISSUES);
  await expectNoSeriousAxeViolations(page, 'learning and organisational issues');
  await agenda(page).getByRole('button', { name: 'Close the session' }).click();
  await stepHeading(page, 'The session is closed');
  await page.getByRole('button', { name: 'Open the record' }).click();
  await page.getByRole('heading', { level: 1, name: 'Group session record' }).waitFor();
}

