/**
 * The practice debrief lists the gaps a supervisor would notice in the scenario (issue 21, point 5):
 * those the trainee explored and those left unexplored, by the same rules as a live session.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../../machines/practice/scenarios/index.ts';
import { practiceGaps } from '../../../machines/noticings/practice.ts';
import { noticingRules } from '../../../machines/noticings/index.ts';
import { compromiseLanguage } from '../../../machines/noticings/language.ts';
import { beginPracticeAtCase, renderApp, useHarness } from '../session/harness.tsx';

const harness = useHarness('practice-gaps');

describe('the practice debrief’s gaps', () => {
  it('names the gaps left unexplored and those explored, as the noticings’ rules find them', async () => {
    const user = userEvent.setup();
    renderApp(harness(), '#/practice');
    await screen.findByRole('heading', { level: 1, name: /Practise supervision/ });
    await user.click(screen.getByRole('radio', { name: 'Long-term neglect with drift' }));
    await user.type(screen.getByLabelText('Your name'), 'Tara Trainee');
    await user.click(screen.getByRole('button', { name: 'Start practice' }));
    await beginPracticeAtCase(user, 'Pip Kettering');
    const panel = screen.getByRole('complementary', { name: /^Simulated supervisee/ });
    await user.click(within(panel).getByRole('radio', { name: 'Catalytic' }));
    await user.type(within(panel).getByLabelText('What you would say'), 'Walk me through a day for Pip?');
    await user.click(within(panel).getByRole('button', { name: 'Say this' }));
    await within(panel).findByText(/I haven't actually seen Pip awake/);
    await waitFor(async () => expect((await harness().repositories.practice.list())[0]?.content.practice.context.turns).toHaveLength(1));
    const turns = (await harness().repositories.practice.list())[0]?.content.practice.context.turns ?? [];

    await user.click(screen.getByRole('button', { name: 'Finish and see the debrief' }));
    const gaps = await screen.findByRole('region', { name: 'Gaps a supervisor would notice' }, { timeout: 8000 });
    const scenario = findScenario('neglect-with-drift');
    if (!scenario) throw new Error('No scenario');
    const expected = practiceGaps(scenario, turns, noticingRules.rules.map((r) => r.id), noticingRules, compromiseLanguage);
    expect(expected.unexplored.length).toBeGreaterThan(0);
    const lists = within(gaps).getAllByRole('list');
    const [unexploredList, exploredList] = [lists[0], lists[1]];
    if (!unexploredList) throw new Error('No list of unexplored gaps');
    expect(within(unexploredList).getAllByRole('listitem').map((li) => li.querySelector('strong')?.textContent)).toEqual(expected.unexplored.map((g) => g.rule.name));
    if (expected.explored.length > 0) {
      if (!exploredList) throw new Error('No list of explored gaps');
      expect(within(exploredList).getAllByRole('listitem').map((li) => li.querySelector('strong')?.textContent)).toEqual(expected.explored.map((g) => g.rule.name));
    }
  });
});
