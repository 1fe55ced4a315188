// The assistant's follow-up turn in a supervisee's preparation (issue 21, point 5): asked as a
// prepared case's stage is written, answered there, kept with the preparation, and brought into the
// session with the case.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createSession } from '../../../client/live/create.ts';
import { derby } from '../../machines/fixtures.ts';
import { addSupervisee, renderApp, SESSION_DATE, SUPERVISOR, useHarness } from '../session/harness.tsx';

const harness = useHarness('preparation-noticings');
const FIRST = 'Visited Pip at home. Nothing much has changed. The flat was cold and the fridge had only milk in it. Mum says she is coping.';

describe('follow-ups in a preparation', () => {
  it('asks as a stage is drafted; the answer is kept with the preparation and comes into the session with the case', async () => {
    const user = userEvent.setup();
    const personId = await addSupervisee(harness());
    renderApp(harness(), '#/prepare');
    await screen.findByRole('heading', { level: 1, name: 'Prepare for a session' });
    await user.click(await screen.findByRole('button', { name: 'Start a new preparation' }));
    await screen.findByRole('heading', { level: 1, name: /^Preparation/ });
    const id = /^#\/preparation\/(.+)$/.exec(window.location.hash)?.[1] ?? '';
    await user.click(screen.getByRole('button', { name: 'Add a case' }));
    await user.keyboard('Pip');
    const card = screen.getByRole('region', { name: 'Case 1: Pip' });
    await user.type(within(card).getByRole('textbox', { name: 'Experience: your notes' }), FIRST);
    const asks = await within(card).findByText('The assistant asks', { selector: 'strong' }, { timeout: 8000 });
    const turn = asks.closest('.app-follow-up__open') as HTMLElement;
    const question = turn.querySelector('.nhsuk-body-l')?.textContent ?? '';
    await user.click(within(turn).getByRole('button', { name: 'Answer' }));
    await user.click(within(turn).getByRole('button', { name: 'Save answer' }));
    expect(within(turn).getByText('Write your answer, or choose “Not now”')).toBeInTheDocument();
    await user.type(within(turn).getByRole('textbox', { name: `Your answer: ${question}` }), 'She babbles and reaches for her brother');
    await user.click(within(turn).getByRole('button', { name: 'Save answer' }));
    expect(await within(card).findByText(/She babbles and reaches for her brother/)).toBeInTheDocument();
    await user.click(within(card).getByRole('checkbox', { name: 'Bring to the session: case 1' }));
    await waitFor(async () => {
      const row = await harness().db.preparations.get(id);
      expect(row?.content.cases[0]?.bring).toBe(true);
      expect(row?.content.cases[0]?.followUps?.['experience']).toEqual([{ ruleId: expect.any(String), questionIndex: expect.any(Number), question, outcome: 'answered', answer: 'She babbles and reaches for her brother' }]);
    });

    const session = await createSession(harness().repositories, { template: derby(), sessionType: 'safeguarding-supervision', date: SESSION_DATE, personId, supervisor: { ...SUPERVISOR }, preparationId: id });
    if (!session.ok) throw new Error(session.message);
    const row = await harness().db.sessions.get(session.value);
    expect(row?.content.record.brought?.cases[0]?.followUps?.['experience']?.[0]).toMatchObject({ question, outcome: 'answered', answer: 'She babbles and reaches for her brother' });
  });
});
