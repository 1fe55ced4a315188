// The assistant's follow-up turn in a case stage, through the real app (issue 21): asked at a pause
// in typing, one at a time; "Not relevant, because…" needs a reason; an answer half-typed survives
// closing and reopening the session; "Not now" puts it aside; moving on is never blocked; and the
// case's record keeps each follow-up with what became of it.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createSession } from '../../../client/live/create.ts';
import { whenAllSaved } from '../../../client/live/saver.ts';
import { continueToCaseDiscussion, openSession, renderApp, savedRecordWhen, startCase, useDerbySession } from './harness.tsx';

const { harness, sessionId } = useDerbySession('noticings');
const EXPERIENCE = 'Experience: What happened?';
const ASKS = 'The assistant asks';
// Each addition draws the next noticing (see tests/noticings: the corpus's account t01).
const FIRST = 'Visited Pip at home. Nothing much has changed. The flat was cold and the fridge had only milk in it. Mum says she is coping.';
const SECOND = " Mum's new partner, Dale, was not there.";
const THIRD = ' Mum says she is coping.';

/** The open follow-up's card, once the assistant has asked. */
async function openTurn(): Promise<HTMLElement> {
  const label = await screen.findByText(ASKS, { selector: 'strong' }, { timeout: 8000 });
  const card = label.closest('.app-follow-up__open');
  if (!(card instanceof HTMLElement)) throw new Error('No open follow-up');
  return card;
}

async function atExperience(): Promise<UserEvent> {
  const user = userEvent.setup();
  await openSession(harness(), sessionId());
  await continueToCaseDiscussion(user);
  await startCase(user, 'Pip');
  return user;
}

describe('the assistant’s follow-up turn', () => {
  it('asks at a pause with why it matters; dismissing needs a reason; a half-typed answer survives a reload; not now puts it aside; the case keeps them all', async () => {
    const user = await atExperience();
    await user.type(screen.getByRole('textbox', { name: EXPERIENCE }), FIRST);
    let turn = await openTurn();
    expect(within(turn).getByText(/Why this matters:/)).toBeInTheDocument();
    expect(within(turn).getByText(/^Source: /)).toBeInTheDocument();
    const firstQuestion = turn.querySelector('.nhsuk-body-l')?.textContent ?? '';
    expect(firstQuestion).toMatch(/Pip/);

    // "Not relevant, because…" with no reason is refused with a message; with one it is recorded.
    await user.click(within(turn).getByRole('button', { name: 'Not relevant, because…' }));
    await user.click(within(turn).getByRole('button', { name: 'Record the reason' }));
    expect(within(turn).getByText('Write why this is not relevant here')).toBeInTheDocument();
    await user.type(within(turn).getByRole('textbox', { name: 'Why it is not relevant here' }), 'Pip is six months old');
    await user.click(within(turn).getByRole('button', { name: 'Record the reason' }));
    expect(await screen.findByText(/Pip is six months old/)).toBeInTheDocument();
    expect(screen.queryByText(ASKS, { selector: 'strong' })).not.toBeInTheDocument();

    // The next, after more typing: an answer begun, then the session closed and reopened.
    await user.type(screen.getByRole('textbox', { name: EXPERIENCE }), SECOND);
    turn = await openTurn();
    const secondQuestion = turn.querySelector('.nhsuk-body-l')?.textContent ?? '';
    expect(secondQuestion).not.toBe(firstQuestion);
    await user.click(within(turn).getByRole('button', { name: 'Answer' }));
    // Focus follows the choice into the answer's box.
    await waitFor(() => expect(within(turn).getByRole('textbox', { name: `Your answer: ${secondQuestion}` })).toHaveFocus());
    await user.type(within(turn).getByRole('textbox', { name: `Your answer: ${secondQuestion}` }), 'Seen alone in her room');
    await whenAllSaved();
    cleanup();
    renderApp(harness(), `#/session/${sessionId()}`);
    await screen.findByRole('heading', { level: 3, name: 'Experience — What happened?' });
    turn = await openTurn();
    const resumed = within(turn).getByRole('textbox', { name: `Your answer: ${secondQuestion}` });
    expect(resumed).toHaveValue('Seen alone in her room');
    await user.type(resumed, ', smiling.');
    await user.click(within(turn).getByRole('button', { name: 'Save answer' }));
    expect(await screen.findByText(/Seen alone in her room, smiling\./)).toBeInTheDocument();

    // A third, put aside.
    await user.type(screen.getByRole('textbox', { name: EXPERIENCE }), THIRD);
    turn = await openTurn();
    const thirdQuestion = turn.querySelector('.nhsuk-body-l')?.textContent ?? '';
    await user.click(within(turn).getByRole('button', { name: 'Not now' }));
    expect(screen.queryByText(ASKS, { selector: 'strong' })).not.toBeInTheDocument();
    // Focus goes to the turn's heading, not lost to the page.
    await waitFor(() => expect(document.activeElement?.id).toBe('stage-experience-follow-up-heading'));

    // Never blocking: the case moves on and is set aside; the record keeps each follow-up.
    await user.click(screen.getByRole('button', { name: 'Continue to the next stage' }));
    await screen.findByRole('heading', { level: 3, name: 'Reflection — What was it like?' });
    await user.click(screen.getByRole('button', { name: /Set this case aside/ }));
    const record = await savedRecordWhen(harness(), sessionId(), (r) => expect(r.cases[0]?.followUps?.['experience']).toHaveLength(3));
    expect(record.cases[0]?.followUps?.['experience']?.map((f) => [f.question, f.outcome, f.answer ?? f.reason ?? null])).toEqual([
      [firstQuestion, 'dismissed', 'Pip is six months old'],
      [secondQuestion, 'answered', 'Seen alone in her room, smiling.'],
      [thirdQuestion, 'notNow', null],
    ]);
    expect(record.noticings?.on).toBe(true);
  });

  it('asks nothing when the supervisor has turned the noticings off', async () => {
    const saved = await harness().repositories.noticingSettings.save({ schema: 'noticing-choice/v1', on: false });
    expect(saved.ok).toBe(true);
    // A new session takes the choice in force when it begins.
    const created = await createSession(harness().repositories, {
      template: (await import('../../machines/fixtures.ts')).derby(),
      sessionType: 'safeguarding-supervision',
      date: '2026-11-23',
      personId: (await harness().repositories.people.list())[0]?.id ?? '',
      supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' },
    });
    if (!created.ok) throw new Error(created.message);
    const user = userEvent.setup();
    await openSession(harness(), created.value);
    await continueToCaseDiscussion(user);
    await startCase(user, 'Pip');
    await user.type(screen.getByRole('textbox', { name: EXPERIENCE }), FIRST);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(screen.queryByText(ASKS, { selector: 'strong' })).not.toBeInTheDocument();
    const record = await savedRecordWhen(harness(), created.value, (r) => expect(r.noticings).toBeDefined());
    expect(record.noticings).toEqual({ on: false, rules: [], by: 'supervisor' });
  });
});
