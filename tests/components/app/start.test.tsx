// The start screen through the real app: validation, adding a supervisee, and starting a session.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp, SESSION_DATE, SUPERVISEE, useHarness } from '../session/harness.tsx';

const harness = useHarness('start');

async function openStart() {
  renderApp(harness(), '#/start');
  return screen.findByRole('heading', { level: 1, name: 'Start a supervision session' });
}

describe('Start a supervision session', () => {
  it('submitting empty lists every error in the summary, links each to its field, and creates nothing', async () => {
    const user = userEvent.setup();
    await openStart();

    await user.click(screen.getByRole('button', { name: 'Begin the session' }));

    const summary = await screen.findByRole('alert');
    expect(within(summary).getByRole('heading', { name: 'There is a problem' })).toBeInTheDocument();
    const links = within(summary).getAllByRole('link');
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      // With nobody added yet, the link goes to the name field of "Add a supervisee".
      ['Choose the supervisee', '#new-person-name'],
      ['Enter the supervisor’s full name', '#supervisor-name'],
      ['Choose the record template', '#template'],
    ]);
    // The summary takes focus so the problem is announced and reached first.
    expect(summary).toHaveFocus();
    // Each field with a problem says so beside it.
    expect(screen.getByRole('textbox', { name: 'Supervisor’s full name' })).toHaveAccessibleDescription(
      'Error: Enter the supervisor’s full name',
    );
    expect(screen.getByRole('group', { name: 'Record template' })).toHaveAccessibleDescription(
      expect.stringContaining('Error: Choose the record template'),
    );

    expect(await harness().db.people.count()).toBe(0);
    expect(await harness().db.sessions.count()).toBe(0);
    expect(await harness().db.snapshots.count()).toBe(0);
    expect(window.location.hash).toBe('#/start');
  });

  it('asks for the session type once a template with several types is chosen', async () => {
    const user = userEvent.setup();
    await openStart();
    await user.click(screen.getByRole('radio', { name: 'Derby and Derbyshire ICB — Supervision Documentation' }));
    await user.click(screen.getByRole('button', { name: 'Begin the session' }));

    const summary = await screen.findByRole('alert');
    const messages = within(summary).getAllByRole('link').map((link) => link.textContent);
    expect(messages).toContain('Choose the session type');
    expect(messages).not.toContain('Choose the record template');
    expect(await harness().db.sessions.count()).toBe(0);
  });

  it('adding a supervisee with no name shows "Enter a name" and adds nobody', async () => {
    const user = userEvent.setup();
    await openStart();

    await user.click(screen.getByRole('button', { name: 'Add supervisee' }));

    const name = screen.getByRole('textbox', { name: 'Full name' });
    await waitFor(() => expect(name).toHaveAccessibleDescription('Error: Enter a name'));
    expect(await harness().db.people.count()).toBe(0);
  });

  it('adding a supervisee stores them and selects them', async () => {
    const user = userEvent.setup();
    await openStart();

    await user.type(screen.getByRole('textbox', { name: 'Full name' }), SUPERVISEE.name);
    await user.type(screen.getByRole('textbox', { name: /^Role/ }), SUPERVISEE.role);
    await user.click(screen.getByRole('button', { name: 'Add supervisee' }));

    const chosen = await screen.findByRole('radio', { name: SUPERVISEE.name });
    expect(chosen).toBeChecked();
    const people = await harness().db.people.toArray();
    expect(people.map((p) => p.content)).toEqual([{ name: SUPERVISEE.name, role: SUPERVISEE.role }]);
  });

  it('a valid start creates the session row and opens #/session/<id> at its first step', async () => {
    const user = userEvent.setup();
    await openStart();

    await user.type(screen.getByRole('textbox', { name: 'Full name' }), SUPERVISEE.name);
    await user.click(screen.getByRole('button', { name: 'Add supervisee' }));
    await screen.findByRole('radio', { name: SUPERVISEE.name });
    await user.type(screen.getByRole('textbox', { name: 'Supervisor’s full name' }), '  Sam Supervisor ');
    await user.type(screen.getByRole('textbox', { name: 'Supervisor’s role' }), 'Named Nurse');
    await user.click(screen.getByRole('radio', { name: 'Derby and Derbyshire ICB — Supervision Documentation' }));
    await user.click(screen.getByRole('radio', { name: 'Children in Care Supervision' }));
    // The date defaults to today on the injected clock.
    expect(screen.getByLabelText('Date of the supervision', { exact: false })).toHaveValue(SESSION_DATE);

    await user.click(screen.getByRole('button', { name: 'Begin the session' }));

    await screen.findByRole('heading', { level: 2, name: 'Review of previous supervision / 1:1 session' });
    const rows = await harness().db.sessions.toArray();
    expect(rows).toHaveLength(1);
    const [row] = rows;
    if (!row) throw new Error('no row');
    expect(window.location.hash).toBe(`#/session/${row.id}`);
    expect(row.status).toBe('inProgress');
    expect(row.date).toBe(SESSION_DATE);
    expect(row.content.template.id).toBe('derby-derbyshire-appendix-3');
    expect(row.content.record.sessionType).toBe('children-in-care-supervision');
    expect(row.content.record.parties).toEqual({
      supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' },
      supervisee: { personId: row.personId, name: SUPERVISEE.name, role: '' },
    });
    expect(await harness().db.snapshots.get(row.id)).toBeDefined();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
