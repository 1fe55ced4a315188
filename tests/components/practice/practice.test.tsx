/**
 * Practice screens under jsdom with the real app, repositories (fake-indexeddb) and machines:
 * starting (bad input refused), importing a scenario (a bad file refused with its reason),
 * a turn answered by the simulated supervisee, the scripted supervisor's prompts for a trainee
 * playing the supervisee, and the debrief; a prompt's text and a reply are shown as text only.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../../machines/practice/scenarios/index.ts';
import { DERBY_HEADINGS, pressContinue, renderApp, startCase, useHarness } from '../session/harness.tsx';

const harness = useHarness('practice');

async function startPractice(user: UserEvent, role: 'supervisor' | 'supervisee'): Promise<void> {
  renderApp(harness(), '#/practice');
  await screen.findByRole('heading', { level: 1, name: /Practise supervision/ });
  await user.click(screen.getByRole('radio', { name: 'Long-term neglect with drift' }));
  if (role === 'supervisee') await user.click(screen.getByRole('radio', { name: /^The supervisee/ }));
  await user.type(screen.getByLabelText('Your name'), 'Tara Trainee');
  await user.click(screen.getByRole('button', { name: 'Start practice' }));
  await user.click(await screen.findByRole('button', { name: 'Begin the practice session' }));
  expect(await screen.findByRole('heading', { level: 2, name: DERBY_HEADINGS[0] })).toBeInTheDocument();
  for (const heading of DERBY_HEADINGS.slice(1, 4)) {
    await pressContinue(user);
    expect(await screen.findByRole('heading', { level: 2, name: heading })).toBeInTheDocument();
  }
}

describe('practice', () => {
  it('refuses to start without a scenario or a name, and stores nothing', async () => {
    const user = userEvent.setup();
    renderApp(harness(), '#/practice');
    await screen.findByRole('heading', { level: 1, name: /Practise supervision/ });
    expect(screen.getAllByText('Training').length).toBeGreaterThan(0);
    await user.click(screen.getByRole('button', { name: 'Start practice' }));
    expect(await screen.findByRole('link', { name: 'Choose a scenario' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Enter your name' })).toBeInTheDocument();
    expect(await harness().db.practiceSessions.count()).toBe(0);
  });

  it('imports a trainer’s scenario, refusing a bad file with its reason', async () => {
    const user = userEvent.setup();
    renderApp(harness(), '#/practice');
    await screen.findByRole('heading', { level: 1, name: /Practise supervision/ });
    const input = screen.getByLabelText('Choose a scenario file');
    await user.upload(input, new File(['{"not": "a scenario"'], 'broken.json', { type: 'application/json' }));
    await user.click(screen.getByRole('button', { name: 'Import scenario' }));
    expect(await screen.findByRole('link', { name: 'The file is not a scenario: it is not JSON' })).toBeInTheDocument();
    const own = { ...findScenario('neglect-with-drift')!, id: 'trainer-own', title: 'A trainer’s own scenario' };
    await user.upload(input, new File([JSON.stringify(own)], 'own.json', { type: 'application/json' }));
    await user.click(screen.getByRole('button', { name: 'Import scenario' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Imported “A trainer’s own scenario”');
    expect(await screen.findByRole('radio', { name: 'A trainer’s own scenario' })).toBeInTheDocument();
  });

  it('the simulated supervisee answers a turn; refusals are shown; finishing shows the debrief', async () => {
    const user = userEvent.setup();
    await startPractice(user, 'supervisor');
    const panel = screen.getByRole('complementary', { name: /^Simulated supervisee/ });
    expect(within(panel).getByText(/Start the case/)).toBeInTheDocument();
    await startCase(user, 'Pip Kettering');
    expect(within(panel).getByText(/Robin Ashby: It's Pip Kettering again/)).toBeInTheDocument();
    await user.click(within(panel).getByRole('button', { name: 'Say this' }));
    expect(await within(panel).findByText('Choose an intervention', { selector: '.nhsuk-error-message *, .nhsuk-error-message' })).toBeInTheDocument();
    await user.click(within(panel).getByRole('radio', { name: 'Catalytic' }));
    await user.type(within(panel).getByLabelText('What you would say'), '<img src=x onerror=alert(1)> Walk me through a day for Pip?');
    await user.click(within(panel).getByRole('button', { name: 'Say this' }));
    expect(await within(panel).findByText(/I haven't actually seen Pip awake/)).toBeInTheDocument();
    // What the trainee wrote is text, never markup.
    expect(panel.querySelector('img')).toBeNull();
    expect(within(panel).getByText(/<img src=x onerror=alert\(1\)>/)).toBeInTheDocument();
    await waitFor(async () => {
      const rows = await harness().repositories.practice.list();
      expect(rows[0]?.content.practice.context.turns).toHaveLength(1);
    });

    await user.click(screen.getByRole('button', { name: 'Finish and see the debrief' }));
    const debrief = await screen.findByRole('region', { name: 'Debrief' });
    expect(within(debrief).getByText(/^Picked up at Experience: Pip's lived experience/)).toBeInTheDocument();
    expect(within(debrief).getByText(/^Missed at Analysis: Pip's weight/)).toBeInTheDocument();
    expect(within(debrief).getAllByText('No action was agreed.')).toHaveLength(2); // the list, and the competency to work on
    expect(within(debrief).getByRole('button', { name: 'Print or save as PDF' })).toBeInTheDocument();
    expect(await harness().db.sessions.count()).toBe(0);
  });

  it('a trainee playing the supervisee sees the scripted supervisor’s prompts for the stage', async () => {
    const user = userEvent.setup();
    await startPractice(user, 'supervisee');
    await startCase(user, 'Pip Kettering');
    const panel = screen.getByRole('complementary', { name: /^Simulated supervisee/ });
    expect(within(panel).getByRole('heading', { name: 'The supervisor asks' })).toBeInTheDocument();
    expect(within(panel).getByText(/Tell me what you saw and heard at your last visit to Pip/)).toBeInTheDocument();
    expect(within(panel).queryByRole('button', { name: 'Say this' })).toBeNull();
    await user.type(screen.getByLabelText('Experience: What happened?'), 'Pip was in the same nappy from the morning.');
    await user.click(screen.getByRole('button', { name: 'Finish and see the debrief' }));
    const debrief = await screen.findByRole('region', { name: 'Debrief' });
    expect(within(debrief).getByRole('heading', { name: 'Against the responsibilities of the supervisee' })).toBeInTheDocument();
    expect(within(debrief).getByText('Experience: 9 words recorded.')).toBeInTheDocument();
    expect(within(debrief).getAllByText(/^Check your answers for: /)).toHaveLength(4);
    // A trainee playing the supervisee took no supervisor turns: no interventions table.
    expect(within(debrief).queryByRole('heading', { name: 'Interventions used' })).toBeNull();
  });
});
