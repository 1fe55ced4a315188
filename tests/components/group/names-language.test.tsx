// The names check's language analysis (compromise) is loaded by the screens that run the check,
// not with their code (machines/review/namesLanguage.ts, issue 20). Through the real app, in a
// tab where nothing has loaded it: the group session's screen loads it with the session and
// flags a child's name in a theme. A screen that forgot would throw here, not pass the name.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { namesLanguage } from '../../../machines/review/namesLanguage.ts';
import { createGroupOfFive, openGroupSession, runSessionByMachine, useHarness } from './harness.tsx';

const harness = useHarness('group-names-language');

describe('the names check’s language, loaded by the screen', () => {
  it('is not loaded until the group session opens; then the theme naming a child is flagged', async () => {
    const group = await createGroupOfFive(harness());
    const sessionId = await runSessionByMachine(harness(), group.groupId, {
      date: '2026-12-05',
      consultations: [{ presenterId: group.ids['Priya Shah'] as string, caseLabel: 'Baby Tilly', presenting: 'Her brother Kacper keeps arriving at school hungry.' }],
      themes: [{ text: 'Kacper keeps arriving at school hungry', tags: [] }],
      close: false,
    });
    expect(() => namesLanguage()).toThrow(/before its language analysis was loaded/);

    await openGroupSession(harness(), sessionId, 'Learning and organisational issues');
    const panel = screen.getByRole('complementary', { name: 'Themes' });
    expect(within(panel).getByRole('group', { name: 'Theme 1 may name someone: “Kacper”' })).toBeInTheDocument();
    expect(namesLanguage()).toBeTypeOf('function');
  });
});
