// Names in what leaves the group (issue 16), through the real app: a theme or the learning
// that may name someone shows the words, how to reword them and a confirmation for each; the
// problems lead to them from the error summary; rewording clears a confirmation; and the
// themes record says what was checked.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { expectFocused } from '../session/harness.tsx';
import { createGroupOfFive, openGroupSession, runSessionByMachine, savedContentWhen, useHarness, type Harness } from './harness.tsx';

const harness = useHarness('group-names');

const KACPER_THEME = 'Kacper keeps arriving at school hungry';
const ELLIE_MAY_THEME = 'Worried about how Ellie-May copes at home';

/** At closing, after a consultation of Baby Tilly whose presenter named her brother Kacper in the notes only. */
async function atClosing(h: Harness, themes: string[]): Promise<string> {
  const group = await createGroupOfFive(h);
  const sessionId = await runSessionByMachine(h, group.groupId, {
    date: '2026-12-04',
    consultations: [{ presenterId: group.ids['Priya Shah'] as string, caseLabel: 'Baby Tilly', presenting: 'Weight down two centiles. Her brother Kacper keeps arriving at school hungry.' }],
    themes: themes.map((text) => ({ text, tags: [] })),
    close: false,
  });
  await openGroupSession(h, sessionId, 'Learning and organisational issues');
  return sessionId;
}

const panel = () => screen.getByRole('complementary', { name: 'Themes' });

describe('Names in the themes record', () => {
  it('a theme naming a child from the presenter’s notes shows the word, its confirmation and guidance; the summary leads there; rewording it in place lets the session close', async () => {
    const user = userEvent.setup();
    const sessionId = await atClosing(harness(), [KACPER_THEME]);

    const flags = within(panel()).getByRole('group', { name: 'Theme 1 may name someone: “Kacper”' });
    expect(flags).toHaveAccessibleDescription(expect.stringContaining('Reword it so that it names nobody'));
    const confirm = within(flags).getByRole('checkbox', { name: '“Kacper”: this is not a child or family member' });
    expect(confirm).toHaveAccessibleDescription('This name is in the session’s notes.');
    expect(confirm).not.toBeChecked();

    await user.click(screen.getByRole('button', { name: 'Close the session' }));
    const blocked = await screen.findByRole('alert');
    expect(blocked).toHaveFocus();
    await user.click(
      within(blocked).getByRole('link', {
        name: 'Theme 1: “Kacper” is a name in this session’s notes. Reword it, or confirm it is not a child or family member, before the themes record is circulated.',
      }),
    );
    expect(confirm).toHaveFocus();

    await user.click(within(panel()).getByRole('button', { name: 'Reword theme 1' }));
    const reworded = await expectFocused(within(panel()).findByRole('textbox', { name: 'Theme 1, reworded' }));
    expect(reworded).toHaveValue(KACPER_THEME);
    await user.clear(reworded);
    await user.type(reworded, 'A sibling keeps arriving at school hungry');
    await user.click(within(panel()).getByRole('button', { name: 'Save the reworded theme' }));

    await expectFocused(Promise.resolve(within(panel()).getByRole('textbox', { name: 'Theme' })));
    expect(within(panel()).getByRole('status')).toHaveTextContent('Theme 1 reworded.');
    expect(within(panel()).queryByRole('group', { name: /may name someone/ })).toBeNull();
    expect(within(panel()).getByText('A sibling keeps arriving at school hungry')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());

    await user.click(screen.getByRole('button', { name: 'Close the session' }));
    await expectFocused(screen.findByRole('heading', { level: 2, name: 'The session is closed' }));
    const saved = await savedContentWhen(harness(), sessionId, (_content, status) => expect(status).toBe('closed'));
    expect(saved.themes.map((t) => t.text)).toEqual(['A sibling keeps arriving at school hungry']);
    expect(saved.nameConfirmations).toBeUndefined();
  });

  it('each flagged name is confirmed from the keyboard (Tab, Enter, Space) as not a child or family member; rewording the learning clears its confirmation; the record says what was checked and by whom', async () => {
    const user = userEvent.setup();
    const sessionId = await atClosing(harness(), [ELLIE_MAY_THEME]);

    const learning = screen.getByRole('textbox', { name: 'Learning' });
    await user.click(learning);
    await user.keyboard('Oliwia’s mother was never offered an interpreter');
    const learningFlags = await screen.findByRole('group', { name: 'Learning may name someone: “Oliwia”' });
    const oliwia = within(learningFlags).getByRole('checkbox', { name: '“Oliwia”: this is not a child or family member' });

    await user.tab();
    expect(oliwia).toHaveFocus();
    await user.keyboard(' ');
    await waitFor(() => expect(oliwia).toBeChecked());

    // Rewording the learning clears its confirmation: the words confirmed are no longer on screen.
    await user.click(learning);
    await user.keyboard('.');
    await waitFor(() => expect(within(screen.getByRole('group', { name: 'Learning may name someone: “Oliwia”' })).getByRole('checkbox')).not.toBeChecked());

    await user.click(screen.getByRole('button', { name: 'Close the session' }));
    const blocked = await screen.findByRole('alert');
    const links = within(blocked).getAllByRole('link').map((link) => link.textContent);
    expect(links).toEqual([
      'Theme 1: “Ellie-May” looks like a person’s name. Reword it, or confirm it is not a child or family member, before the themes record is circulated.',
      'Learning: “Oliwia” looks like a person’s name. Reword it, or confirm it is not a child or family member, before the themes record is circulated.',
    ]);
    await user.keyboard('{Tab}{Enter}');
    const ellieMay = within(panel()).getByRole('checkbox', { name: '“Ellie-May”: this is not a child or family member' });
    expect(ellieMay).toHaveFocus();
    await user.keyboard(' ');
    await user.click(within(blocked).getByRole('link', { name: /^Learning: “Oliwia”/ }));
    const again = within(screen.getByRole('group', { name: 'Learning may name someone: “Oliwia”' })).getByRole('checkbox');
    expect(again).toHaveFocus();
    await user.keyboard(' ');
    await waitFor(() => expect(screen.queryByText('The themes record would identify a child')).toBeNull());

    await user.click(screen.getByRole('button', { name: 'Close the session' }));
    await expectFocused(screen.findByRole('heading', { level: 2, name: 'The session is closed' }));
    const saved = await savedContentWhen(harness(), sessionId, (_content, status) => expect(status).toBe('closed'));
    expect(saved.nameConfirmations?.map((c) => [c.part.kind, c.name, c.confirmedBy === saved.facilitator.personId])).toEqual([
      ['theme', 'Ellie-May', true],
      ['learning', 'Oliwia', true],
    ]);

    await user.click(await screen.findByRole('button', { name: 'Open the record' }));
    const record = await screen.findByRole('article', { name: 'Group safeguarding supervision — themes record' });
    expect(record).toHaveTextContent(
      'Checked for names of people: the session’s case labels and presenter notes (2 names) and names found by language analysis; 2 texts confirmed as not naming a child or family member by Ruth Okafor.',
    );
  });

  it('a rewording left empty is refused on its field; cancelling keeps the theme and returns to its button', async () => {
    const user = userEvent.setup();
    await atClosing(harness(), [ELLIE_MAY_THEME]);

    await user.click(within(panel()).getByRole('button', { name: 'Reword theme 1' }));
    const reworded = await expectFocused(within(panel()).findByRole('textbox', { name: 'Theme 1, reworded' }));
    await user.clear(reworded);
    await user.click(within(panel()).getByRole('button', { name: 'Save the reworded theme' }));
    expect(within(panel()).getByRole('textbox', { name: 'Theme 1, reworded' })).toHaveAccessibleDescription(expect.stringContaining('Describe the theme'));

    await user.click(within(panel()).getByRole('button', { name: 'Cancel' }));
    await expectFocused(Promise.resolve(within(panel()).getByRole('button', { name: 'Reword theme 1' })));
    expect(within(panel()).getByText(ELLIE_MAY_THEME)).toBeInTheDocument();
  });
});
