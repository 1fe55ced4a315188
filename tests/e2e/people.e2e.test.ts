/**
 * Issue 18, point 7 end to end in Chromium: "Your details" set once on #/you (axe and fit at 390
 * and 1280 px) pre-fill the supervisor on the start screen and choose the record template; a group
 * made on the group screens with a member of its own leaves that member off the compliance
 * dashboard (one-to-one supervisees only) until "Show group members too" is ticked, while the
 * one-to-one supervisee stays on it. Controls for H38.
 */
import { describe, expect, it } from 'vitest';
import { expectFits, expectNoSeriousAxeViolations, newPage, openApp, useBrowser } from './browser.ts';
import { addSupervisee } from './steps.ts';
import { addPerson } from './group-steps.ts';

const { browser, baseUrl } = useBrowser();

const SAM = { name: 'Sam Supervisor', role: 'Named Nurse' };
const VAL = 'Val Visitor';
const GAIL = { name: 'Gail Group', role: 'School Nurse' };
const FAY = { name: 'Fay Facilitator', role: 'Designated Nurse' };

describe('you and the people you supervise', () => {
  it('your details pre-fill the start screen; a group member is not on the dashboard unless asked for', async () => {
    const { page, close } = await newPage(browser());
    try {
      await openApp(page);
      await page.goto(`${baseUrl}/#/you`);
      await page.getByRole('heading', { level: 1, name: 'Your details and keys' }).waitFor();
      await page.getByLabel('Your full name').fill(SAM.name);
      await page.getByLabel('Your job role').fill(SAM.role);
      await page.getByLabel('Your organisation (optional)').fill('Derby and Derbyshire ICB');
      await page.getByLabel('Record template chosen first (optional)').selectOption({ label: 'Derby and Derbyshire ICB — Supervision Documentation' });
      await page.getByRole('button', { name: 'Save your details' }).click();
      await page.getByText('Saved', { exact: true }).waitFor();
      await expectNoSeriousAxeViolations(page, 'your details, filled');
      await expectFits(page, 'your details');

      // The start screen: the supervisor and the template come from your details, still editable.
      await addSupervisee(page, baseUrl, VAL, 'Health Visitor');
      const name = page.getByLabel('Supervisor’s full name');
      await expect.poll(() => name.inputValue()).toBe(SAM.name);
      await expect(page.getByLabel('Supervisor’s role').inputValue()).resolves.toBe(SAM.role);
      await expect(page.getByRole('radio', { name: /Derby and Derbyshire ICB/ }).isChecked()).resolves.toBe(true);
      await name.fill('Sally Stand-in');
      await expect(name.inputValue()).resolves.toBe('Sally Stand-in');

      // A group with a facilitator and a member of its own, and Val in it too.
      await page.goto(`${baseUrl}/#/groups`);
      await page.getByRole('heading', { level: 1, name: 'Group supervision' }).waitFor();
      await page.getByRole('textbox', { name: 'Name of the group' }).fill('Tuesday group');
      await addPerson(page, 'group-facilitator', FAY);
      await addPerson(page, 'group-members', GAIL);
      await page.getByRole('group', { name: 'Members', exact: true }).getByRole('checkbox', { name: GAIL.name }).waitFor();
      await page.getByRole('group', { name: 'Members', exact: true }).getByRole('checkbox', { name: VAL }).check();
      await page.getByRole('button', { name: 'Create the group' }).click();
      await page.getByRole('heading', { level: 1, name: 'Tuesday group' }).waitFor();

      await page.goto(`${baseUrl}/#/dashboard`);
      await page.getByRole('heading', { level: 1, name: 'Supervision dashboard' }).waitFor();
      const table = page.getByRole('table', { name: 'Supervisees' });
      await table.getByRole('cell', { name: `${VAL} Health Visitor`, exact: true }).waitFor();
      await expect(table.getByText(GAIL.name).count()).resolves.toBe(0);
      await expect(table.getByText(FAY.name).count()).resolves.toBe(0);
      await page.getByRole('checkbox', { name: 'Show group members too' }).check();
      await table.getByText(GAIL.name).waitFor();
      await table.getByText(FAY.name).waitFor();
      await expectNoSeriousAxeViolations(page, 'dashboard, everyone');
    } finally {
      await close();
    }
  });
});
