// Groups through the real app: listing them, creating one (people added on the way), the group's page.
import { cleanup, screen, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { defaultGroundRules, defaultThemeVocabulary } from '../../../machines/model/group.ts';
import { FACILITATOR, GROUP_NAME, MEMBERS, createGroupOfFive, createGroupSession, renderApp, useHarness } from './harness.tsx';

const harness = useHarness('groups');

async function addPerson(user: UserEvent, region: 'Facilitator' | 'Members', person: { name: string; role: string }) {
  const prefix = region === 'Facilitator' ? 'group-facilitator' : 'group-members';
  const name = document.getElementById(`${prefix}-add-name`) as HTMLInputElement;
  const role = document.getElementById(`${prefix}-add-role`) as HTMLInputElement;
  const details = name.closest('details');
  if (details && !details.open) await user.click(within(details).getByText('Add a person'));
  await user.type(name, person.name);
  await user.type(role, person.role);
  await user.click(within(details as HTMLElement).getByRole('button', { name: 'Add this person' }));
  await within(details as HTMLElement).findByText(`${person.name} was added.`);
}

describe('Creating a group', () => {
  it('is reached from the home page', async () => {
    renderApp(harness());
    const link = await screen.findByRole('button', { name: 'Group supervision' });
    expect(link).toHaveAttribute('href', '#/groups');
  });

  it('refuses an empty form with an error summary, and saves nothing', async () => {
    const user = userEvent.setup();
    renderApp(harness(), '#/groups');
    await screen.findByRole('heading', { level: 2, name: 'Create a group' });
    expect(await screen.findByText('No groups yet.')).toBeInTheDocument();
    // The ground rules and the vocabulary start from the defaults.
    expect(screen.getByRole('textbox', { name: 'Confidentiality boundaries and ground rules' })).toHaveValue(defaultGroundRules);
    const tags = within(screen.getByRole('list', { name: 'Theme tags' })).getAllByRole('listitem');
    expect(tags).toHaveLength(defaultThemeVocabulary.length);

    await user.clear(screen.getByRole('textbox', { name: 'Confidentiality boundaries and ground rules' }));
    await user.click(screen.getByRole('button', { name: 'Create the group' }));

    const summary = await screen.findByRole('alert');
    expect(summary).toHaveFocus();
    expect(within(summary).getByRole('link', { name: 'Enter the group’s name' })).toBeInTheDocument();
    expect(within(summary).getByRole('link', { name: 'Choose the facilitator' })).toBeInTheDocument();
    expect(within(summary).getByRole('link', { name: 'Select at least one member' })).toBeInTheDocument();
    expect(within(summary).getByRole('link', { name: 'Write the group’s confidentiality boundaries and ground rules' })).toBeInTheDocument();
    expect(await harness().repositories.groups.list()).toEqual([]);
  });

  it('creates a group of five, adding each person on the way, with an edited vocabulary', async () => {
    const user = userEvent.setup();
    renderApp(harness(), '#/groups');
    await screen.findByRole('heading', { level: 2, name: 'Create a group' });

    await user.type(screen.getByRole('textbox', { name: 'Name of the group' }), GROUP_NAME);
    await addPerson(user, 'Facilitator', FACILITATOR);
    expect(await screen.findByRole('radio', { name: FACILITATOR.name })).toBeChecked();
    for (const member of MEMBERS) {
      await addPerson(user, 'Members', member);
      expect(await within(screen.getByRole('group', { name: 'Members' })).findByRole('checkbox', { name: member.name })).toBeChecked();
    }
    // The facilitator is not offered as a member too.
    expect(within(screen.getByRole('group', { name: 'Members' })).queryByRole('checkbox', { name: FACILITATOR.name })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Remove workload' }));
    await user.type(screen.getByRole('textbox', { name: 'New tag' }), 'parental mental health');
    await user.click(screen.getByRole('button', { name: 'Add a tag' }));
    await user.type(screen.getByRole('textbox', { name: 'New tag' }), 'Neglect');
    await user.click(screen.getByRole('button', { name: 'Add a tag' }));
    expect(screen.getByRole('textbox', { name: 'New tag' })).toHaveAccessibleDescription(expect.stringContaining('“Neglect” is already a tag'));

    await user.click(screen.getByRole('button', { name: 'Create the group' }));

    expect(await screen.findByRole('heading', { level: 1, name: GROUP_NAME })).toBeInTheDocument();
    const [group] = await harness().repositories.groups.list();
    expect(group?.memberIds).toHaveLength(4);
    expect(group?.vocabulary).toContain('parental mental health');
    expect(group?.vocabulary).not.toContain('workload');
    expect(window.location.hash).toBe(`#/group/${group?.id}`);
    const members = within(screen.getByRole('region', { name: 'Members' })).getAllByRole('listitem').map((li) => li.textContent);
    expect(members).toEqual([`${FACILITATOR.name}, ${FACILITATOR.role} (facilitator)`, ...MEMBERS.map((m) => `${m.name}, ${m.role}`)]);
  });
});

describe('The list and a group’s page', () => {
  it('lists each group with its facilitator, member count and sessions held, and opens it', async () => {
    const { groupId } = await createGroupOfFive(harness());
    await createGroupSession(harness(), groupId);
    renderApp(harness(), '#/groups');
    const table = await screen.findByRole('table', { name: 'Groups on this device' });
    const row = within(table).getAllByRole('row')[1] as HTMLElement;
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual([GROUP_NAME, FACILITATOR.name, '5', '0', `Open the group ${GROUP_NAME}`]);
    expect(within(row).getByRole('link', { name: `Open the group ${GROUP_NAME}` })).toHaveAttribute('href', `#/group/${groupId}`);
  });

  it('starts a session on the date given, lists it to resume, and saves a changed vocabulary', async () => {
    const user = userEvent.setup();
    const { groupId } = await createGroupOfFive(harness());
    renderApp(harness(), `#/group/${groupId}`);
    await screen.findByRole('heading', { level: 1, name: GROUP_NAME });
    expect(screen.getByText('No sessions yet.')).toBeInTheDocument();

    await user.type(screen.getByRole('textbox', { name: 'New tag' }), 'housing');
    await user.click(screen.getByRole('button', { name: 'Add a tag' }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Changes saved.')).toBeInTheDocument();
    expect((await harness().repositories.groups.get(groupId))?.vocabulary).toContain('housing');

    const date = screen.getByLabelText('Date of the session');
    await user.clear(date);
    await user.type(date, '2026-12-01');
    await user.click(screen.getByRole('button', { name: 'Start the session' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Attendance register' })).toBeInTheDocument();
    const [session] = await harness().repositories.groupSessions.listFor(groupId);
    expect(session?.content.date).toBe('2026-12-01');
    // The session takes the group's vocabulary as it was when it started.
    expect(session?.content.vocabulary).toContain('housing');

    cleanup();
    renderApp(harness(), `#/group/${groupId}`);
    const table = await screen.findByRole('table', { name: 'Sessions of this group, oldest first' });
    expect(within(table).getByRole('link', { name: 'Resume of 1 December 2026' })).toHaveAttribute('href', `#/group-session/${session?.row.id}`);
  });
});
