// Preparation mode through the real app: choosing whose, starting one, writing issues and
// cases (saved as typed, kept after a reload), marking what to bring, and deleting.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { PreparationV1 } from '../../../machines/model/preparation.ts';
import { derby } from '../../machines/fixtures.ts';
import { addSupervisee, renderApp, SESSION_DATE, SUPERVISEE, SUPERVISOR, useHarness, type Harness, expectFocused } from '../session/harness.tsx';
import { createSession } from '../../../client/live/create.ts';

const harness = useHarness('preparation');

/** The stored preparation, once `check` holds for it. */
async function storedWhen(h: Harness, id: string, check: (content: PreparationV1) => void): Promise<PreparationV1> {
  let found: PreparationV1 | undefined;
  await waitFor(async () => {
    const row = await h.db.preparations.get(id);
    if (!row) throw new Error('No preparation row');
    check(row.content);
    found = row.content;
  });
  if (!found) throw new Error('unreachable');
  return found;
}

function preparationIdFromHash(): string {
  const match = /^#\/preparation\/(.+)$/.exec(window.location.hash);
  if (!match?.[1]) throw new Error(`Not on a preparation: ${window.location.hash}`);
  return match[1];
}

/** From #/prepare with one supervisee on the device: starts a preparation and waits for its editor. */
async function startPreparation(user: UserEvent, forDate = '') {
  const view = renderApp(harness(), '#/prepare');
  // Focus moves to the heading in an effect after it renders: wait for it, not just the heading.
  const home = await screen.findByRole('heading', { level: 1, name: 'Prepare for a session' });
  await waitFor(() => expect(home).toHaveFocus());
  // The only person on the device is chosen already.
  expect(await screen.findByRole('radio', { name: SUPERVISEE.name })).toBeChecked();
  expect(await within(screen.getByRole('region', { name: 'Preparations' })).findByText('No preparations yet.')).toBeInTheDocument();
  if (forDate) await user.type(screen.getByLabelText('Date of the session it is for (optional)'), forDate);
  await user.click(screen.getByRole('button', { name: 'Start a new preparation' }));
  const heading = await screen.findByRole('heading', { level: 1, name: /^Preparation/ });
  await waitFor(() => expect(heading).toHaveFocus());
  return { id: preparationIdFromHash(), view };
}

describe('Preparation mode', () => {
  it('the home page offers to prepare, beside starting a session', async () => {
    renderApp(harness(), '#/');
    expect(await screen.findByRole('button', { name: 'Prepare for a session' })).toHaveAttribute('href', '#/prepare');
    expect(screen.getByRole('button', { name: 'Start a supervision session' })).toHaveAttribute('href', '#/start');
  });

  it('with nobody on the device, asks to add the supervisee first, then lists their (empty) preparations', async () => {
    const user = userEvent.setup();
    renderApp(harness(), '#/prepare');
    await screen.findByRole('heading', { level: 1, name: 'Prepare for a session' });
    expect(await screen.findByText(/Choose whose preparation it is to see their preparations/)).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Preparations' })).not.toBeInTheDocument();

    await user.type(screen.getByRole('textbox', { name: 'Full name' }), 'Priya Shah');
    await user.click(screen.getByRole('button', { name: 'Add supervisee' }));

    expect(await screen.findByRole('radio', { name: 'Priya Shah' })).toBeChecked();
    expect(await within(screen.getByRole('region', { name: 'Preparations' })).findByText('No preparations yet.')).toBeInTheDocument();
    expect(await harness().db.people.count()).toBe(1);
  });

  it('writes two cases and an issue, marks one case and the issue to bring, and finds it all after a reload', async () => {
    const user = userEvent.setup();
    await addSupervisee(harness());
    const { id, view } = await startPreparation(user, SESSION_DATE);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Preparation for the session of 22 November 2026');
    expect(screen.getByText('This is private to you. Nothing here reaches a session unless you tick ‘Bring to the session’.')).toBeInTheDocument();

    // An issue: the new field takes focus.
    await user.click(screen.getByRole('button', { name: 'Add an issue' }));
    const issue = screen.getByRole('textbox', { name: 'Issue 1' });
    expect(issue).toHaveFocus();
    await user.keyboard('My caseload has grown');
    await user.click(screen.getByRole('checkbox', { name: 'Bring to the session: issue 1' }));

    // Two cases, each a card with the three stages and their prompts.
    await user.click(screen.getByRole('button', { name: 'Add a case' }));
    expect(screen.getByRole('textbox', { name: 'Child or family' })).toHaveFocus();
    await user.keyboard('Baby M');
    const first = screen.getByRole('region', { name: 'Case 1: Baby M' });
    expect(within(first).getByRole('heading', { level: 4, name: 'Experience — What happened?' })).toBeInTheDocument();
    expect(within(first).getByRole('heading', { level: 4, name: 'Reflection — What was it like?' })).toBeInTheDocument();
    expect(within(first).getByRole('heading', { level: 4, name: 'Analysis — What does this mean? (optional)' })).toBeInTheDocument();
    expect(within(first).getAllByText('Questions to explore')).toHaveLength(3);
    await user.type(within(first).getByRole('textbox', { name: 'Experience: your notes' }), 'Home visit, house cold');
    await user.type(within(first).getByRole('textbox', { name: 'Reflection: your notes' }), 'Uneasy');
    await user.click(within(first).getByRole('checkbox', { name: 'Bring to the session: case 1' }));

    await user.click(screen.getByRole('button', { name: 'Add a case' }));
    await user.keyboard('Family K');
    const second = screen.getByRole('region', { name: 'Case 2: Family K' });
    await user.type(within(second).getByRole('textbox', { name: 'Analysis: your notes (optional)' }), 'Drift?');

    const saved = await storedWhen(harness(), id, (content) => {
      expect(content.cases[1]?.stages.analysis?.notes).toBe('Drift?');
    });
    expect(saved.forDate).toBe(SESSION_DATE);
    expect(saved.supervisee).toEqual({ name: SUPERVISEE.name, role: SUPERVISEE.role });
    expect(saved.issues).toEqual([{ id: expect.any(String), text: 'My caseload has grown', bring: true }]);
    expect(saved.cases.map((c) => [c.label, c.bring, c.stages])).toEqual([
      ['Baby M', true, { experience: { notes: 'Home visit, house cold' }, reflection: { notes: 'Uneasy' }, analysis: {} }],
      ['Family K', false, { experience: {}, reflection: {}, analysis: { notes: 'Drift?' } }],
    ]);
    expect(await screen.findByText(/^Saved on this device at \d\d:\d\d$/)).toBeInTheDocument();

    // Reload: unmount everything and open the same preparation again.
    harness().setClock(`${SESSION_DATE}T11:00:00Z`);
    view.unmount();
    renderApp(harness(), `#/preparation/${id}`);
    await expectFocused(screen.findByRole('heading', { level: 1, name: 'Preparation for the session of 22 November 2026' }));
    expect(screen.getByRole('textbox', { name: 'Issue 1' })).toHaveValue('My caseload has grown');
    expect(screen.getByRole('checkbox', { name: 'Bring to the session: issue 1' })).toBeChecked();
    const firstAgain = screen.getByRole('region', { name: 'Case 1: Baby M' });
    expect(within(firstAgain).getByRole('textbox', { name: 'Child or family' })).toHaveValue('Baby M');
    expect(within(firstAgain).getByRole('textbox', { name: 'Experience: your notes' })).toHaveValue('Home visit, house cold');
    expect(within(firstAgain).getByRole('textbox', { name: 'Reflection: your notes' })).toHaveValue('Uneasy');
    expect(within(firstAgain).getByRole('checkbox', { name: 'Bring to the session: case 1' })).toBeChecked();
    const secondAgain = screen.getByRole('region', { name: 'Case 2: Family K' });
    expect(within(secondAgain).getByRole('textbox', { name: 'Analysis: your notes (optional)' })).toHaveValue('Drift?');
    expect(within(secondAgain).getByRole('checkbox', { name: 'Bring to the session: case 2' })).not.toBeChecked();

    // Back on the list: counts, what is marked to bring, and its status.
    await user.click(screen.getByRole('link', { name: 'Back to preparations' }));
    const list = await screen.findByRole('region', { name: 'Preparations' });
    const item = await within(list).findByRole('heading', { level: 3, name: 'Preparation for the session of 22 November 2026' });
    const entry = item.closest('li');
    if (!entry) throw new Error('No list item');
    expect(entry).toHaveTextContent('1 issue and 2 cases; 2 marked to bring');
    expect(entry).toHaveTextContent(/Updated 22 November 2026 at \d\d:\d\d/);
    expect(within(entry).getByText('Draft')).toBeInTheDocument();
    expect(within(entry).getByRole('button', { name: 'Open Preparation for the session of 22 November 2026' })).toHaveAttribute('href', `#/preparation/${id}`);
  });

  it('a preparation brought into a session says which session, there and on opening it', async () => {
    const personId = await addSupervisee(harness());
    const created = await harness().repositories.preparations.create(personId, SESSION_DATE);
    if (!created.ok) throw new Error(created.message);
    const withIssue = { ...created.value, issues: [{ id: 'issue-to-bring-1', text: 'Caseload', bring: true }] };
    expect((await harness().repositories.preparations.save(personId, withIssue)).ok).toBe(true);
    const session = await createSession(harness().repositories, {
      template: derby(),
      sessionType: 'safeguarding-supervision',
      date: SESSION_DATE,
      personId,
      supervisor: { ...SUPERVISOR },
      preparationId: created.value.id,
    });
    if (!session.ok) throw new Error(session.message);

    renderApp(harness(), '#/prepare');
    const list = await screen.findByRole('region', { name: 'Preparations' });
    expect(await within(list).findByText('Brought to the session of 22 November 2026')).toBeInTheDocument();
    expect(within(list).getByText('1 issue and 0 cases; 1 marked to bring', { exact: false })).toBeInTheDocument();

    await userEvent.setup().click(within(list).getByRole('button', { name: /^Open / }));
    expect(
      await screen.findByText('Brought to the session of 22 November 2026. Changes made here now do not change that session’s record.'),
    ).toBeInTheDocument();
  });

  it('a preparation whose session is no longer on the device still says it was brought', async () => {
    const personId = await addSupervisee(harness());
    const created = await harness().repositories.preparations.create(personId, SESSION_DATE);
    if (!created.ok) throw new Error(created.message);
    await harness().db.preparations.update(created.value.id, { status: 'brought', broughtInto: 'session-that-is-gone' });

    renderApp(harness(), '#/prepare');
    const list = await screen.findByRole('region', { name: 'Preparations' });
    expect(await within(list).findByText('Brought to a session')).toBeInTheDocument();
  });

  it('removing an issue needs no confirmation; removing a case asks first, and "No" keeps it', async () => {
    const user = userEvent.setup();
    await addSupervisee(harness());
    const { id } = await startPreparation(user);
    await user.click(screen.getByRole('button', { name: 'Add an issue' }));
    await user.keyboard('Short-lived');
    await user.click(screen.getByRole('button', { name: 'Add a case' }));
    await user.keyboard('Baby M');
    await storedWhen(harness(), id, (c) => expect(c.cases[0]?.label).toBe('Baby M'));

    await user.click(screen.getByRole('button', { name: 'Remove issue 1' }));
    expect(screen.queryByRole('textbox', { name: 'Issue 1' })).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Issues' })).toHaveFocus();

    await user.click(screen.getByRole('button', { name: 'Remove case 1' }));
    const question = screen.getByText('Remove Case 1: Baby M and everything written for it? This cannot be undone.');
    expect(question).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'No, keep it' }));
    expect(screen.getByRole('region', { name: 'Case 1: Baby M' })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Remove case 1' })).toHaveFocus());

    await user.click(screen.getByRole('button', { name: 'Remove case 1' }));
    await user.click(screen.getByRole('button', { name: 'Yes, remove it' }));
    expect(screen.queryByRole('region', { name: /^Case 1/ })).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Cases' })).toHaveFocus();
    await storedWhen(harness(), id, (c) => {
      expect(c.cases).toEqual([]);
      expect(c.issues).toEqual([]);
    });
  });

  it('text over the limit is shown on its field, not saved, and what was saved before is unchanged', async () => {
    const user = userEvent.setup();
    await addSupervisee(harness());
    const { id } = await startPreparation(user);
    await user.click(screen.getByRole('button', { name: 'Add an issue' }));
    await user.keyboard('Fine so far');
    await storedWhen(harness(), id, (c) => expect(c.issues[0]?.text).toBe('Fine so far'));

    await user.paste('x'.repeat(2000));
    const issue = screen.getByRole('textbox', { name: 'Issue 1' });
    expect(issue).toHaveAccessibleDescription('Error: Issue 1 must be 2,000 characters or fewer');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Not saved');
    expect(alert).toHaveTextContent('Fix the problem shown on the page. Nothing saved earlier has changed.');
    expect(within(alert).queryByRole('button', { name: 'Try saving again' })).not.toBeInTheDocument();
    expect((await harness().db.preparations.get(id))?.content.issues[0]?.text).toBe('Fine so far');

    // Cutting it back saves again.
    await user.clear(issue);
    await user.type(issue, 'Shorter');
    await storedWhen(harness(), id, (c) => expect(c.issues[0]?.text).toBe('Shorter'));
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
  });

  it('a failed save is an alert with a retry, and the retry saves the last change', async () => {
    const user = userEvent.setup();
    await addSupervisee(harness());
    const { id } = await startPreparation(user);
    await user.click(screen.getByRole('button', { name: 'Add an issue' }));
    await user.keyboard('Kept');
    await storedWhen(harness(), id, (c) => expect(c.issues[0]?.text).toBe('Kept'));

    harness().db.close({ disableAutoOpen: true });
    await user.type(screen.getByRole('textbox', { name: 'Issue 1' }), ' on screen');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Not saved. Your last change is still on screen; try again.');

    await harness().db.open();
    await user.click(within(alert).getByRole('button', { name: 'Try saving again' }));
    await storedWhen(harness(), id, (c) => expect(c.issues[0]?.text).toBe('Kept on screen'));
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
    expect(screen.getByText(/^Saved on this device at /)).toBeInTheDocument();
  });

  it('deletes a preparation only after confirming, from the list', async () => {
    const user = userEvent.setup();
    const personId = await addSupervisee(harness());
    const kept = await harness().repositories.preparations.create(personId, '2026-12-01');
    const gone = await harness().repositories.preparations.create(personId, SESSION_DATE);
    if (!kept.ok || !gone.ok) throw new Error('not created');

    renderApp(harness(), '#/prepare');
    const list = await screen.findByRole('region', { name: 'Preparations' });
    await within(list).findByRole('heading', { level: 3, name: 'Preparation for the session of 22 November 2026' });
    await user.click(within(list).getByRole('button', { name: 'Delete Preparation for the session of 22 November 2026' }));
    const question = within(list).getByText(/^Delete “Preparation for the session of 22 November 2026”\?/);
    expect(question).toHaveFocus();
    await user.click(within(list).getByRole('button', { name: 'No, keep it' }));
    expect(await harness().db.preparations.count()).toBe(2);

    await user.click(within(list).getByRole('button', { name: 'Delete Preparation for the session of 22 November 2026' }));
    await user.click(within(list).getByRole('button', { name: 'Yes, delete it' }));
    await waitFor(async () => expect(await harness().db.preparations.count()).toBe(1));
    expect(await harness().db.preparations.get(kept.value.id)).toBeDefined();
    await waitFor(() => expect(within(list).queryByRole('heading', { name: 'Preparation for the session of 22 November 2026' })).not.toBeInTheDocument());
    expect(within(list).getByRole('heading', { level: 3, name: 'Preparation for the session of 1 December 2026' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Preparations' })).toHaveFocus();
  });

  it('shows only the chosen supervisee’s preparations', async () => {
    const user = userEvent.setup();
    const valId = await addSupervisee(harness());
    const other = await harness().repositories.people.add({ name: 'Ola Other', role: 'School Nurse' });
    if (!other.ok) throw new Error(other.message);
    await harness().repositories.preparations.create(valId, SESSION_DATE);

    renderApp(harness(), '#/prepare');
    await screen.findByRole('radio', { name: 'Ola Other' });
    // Two people: nobody is chosen for the user.
    expect(screen.queryByRole('region', { name: 'Preparations' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'Ola Other' }));
    expect(await within(screen.getByRole('region', { name: 'Preparations' })).findByText('No preparations yet.')).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: SUPERVISEE.name }));
    expect(
      await within(screen.getByRole('region', { name: 'Preparations' })).findByRole('heading', { name: 'Preparation for the session of 22 November 2026' }),
    ).toBeInTheDocument();
  });

  it('an unknown preparation says so and links back', async () => {
    renderApp(harness(), '#/preparation/nothing-here-0001');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('That preparation could not be found on this device.');
    expect(within(alert).getByRole('link', { name: 'Back to preparations' })).toHaveAttribute('href', '#/prepare');
  });
});

describe('Preparation mode, keyboard only and accessible', () => {
  /** Presses Tab until `target` has focus; fails if it is not in the tab order. */
  async function tabTo(user: UserEvent, target: HTMLElement, limit = 120): Promise<void> {
    for (let presses = 0; presses < limit; presses += 1) {
      if (document.activeElement === target) return;
      await user.tab();
    }
    expect(target).toHaveFocus();
  }

  it('starts a preparation, writes an issue and a case and marks them to bring without a pointer', async () => {
    const user = userEvent.setup();
    await addSupervisee(harness());
    renderApp(harness(), '#/prepare');
    // Focus moves to the heading in an effect after it renders: wait for it, not just the heading.
  const home = await screen.findByRole('heading', { level: 1, name: 'Prepare for a session' });
  await waitFor(() => expect(home).toHaveFocus());
    await screen.findByRole('region', { name: 'Preparations' });
    await tabTo(user, screen.getByRole('button', { name: 'Start a new preparation' }));
    await user.keyboard('{Enter}');
    await expectFocused(screen.findByRole('heading', { level: 1, name: 'Preparation (session date not set)' }));
    const id = preparationIdFromHash();

    await tabTo(user, screen.getByRole('button', { name: 'Add an issue' }));
    await user.keyboard('{Enter}');
    expect(screen.getByRole('textbox', { name: 'Issue 1' })).toHaveFocus();
    await user.keyboard('Supervision keeps being moved');
    await user.tab();
    expect(screen.getByRole('checkbox', { name: 'Bring to the session: issue 1' })).toHaveFocus();
    await user.keyboard(' ');

    await tabTo(user, screen.getByRole('button', { name: 'Add a case' }));
    await user.keyboard(' ');
    expect(screen.getByRole('textbox', { name: 'Child or family' })).toHaveFocus();
    await user.keyboard('Baby T');
    await user.tab();
    expect(screen.getByRole('checkbox', { name: 'Bring to the session: case 1' })).toHaveFocus();
    await user.keyboard(' ');
    await tabTo(user, screen.getByRole('textbox', { name: 'Experience: your notes' }));
    await user.keyboard('Seen at clinic');

    const saved = await storedWhen(harness(), id, (c) => expect(c.cases[0]?.stages.experience?.notes).toBe('Seen at clinic'));
    expect(saved.issues.map((i) => [i.text, i.bring])).toEqual([['Supervision keeps being moved', true]]);
    expect(saved.cases.map((c) => [c.label, c.bring])).toEqual([['Baby T', true]]);
  });

  it('has no axe violations on either screen, and its headings go in order', async () => {
    const user = userEvent.setup();
    await addSupervisee(harness());
    const { id } = await startPreparation(user);
    await user.click(screen.getByRole('button', { name: 'Add an issue' }));
    await user.click(screen.getByRole('button', { name: 'Add a case' }));
    await storedWhen(harness(), id, (c) => expect(c.cases).toHaveLength(1));

    const levels = screen.getAllByRole('heading').map((h) => Number(h.tagName.slice(1)));
    levels.forEach((level, index) => {
      if (index > 0) expect(level - (levels[index - 1] ?? 0)).toBeLessThanOrEqual(1);
    });
    const axe = (await import('axe-core')).default;
    // Colour contrast needs layout, which jsdom does not do; the e2e run covers it.
    const options = { rules: { 'color-contrast': { enabled: false } } };
    expect((await axe.run(document.body, options)).violations).toEqual([]);

    await user.click(screen.getByRole('link', { name: 'Back to preparations' }));
    await screen.findByRole('heading', { level: 1, name: 'Prepare for a session' });
    await screen.findByRole('button', { name: /^Open / });
    expect((await axe.run(document.body, options)).violations).toEqual([]);
  });
});
