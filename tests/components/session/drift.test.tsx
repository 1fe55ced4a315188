// Drift flags through the real app: an overdue action at the review step, a case whose analysis was skipped, and the supervisor's recorded response.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import {
  addSupervisee,
  continueToCaseDiscussion,
  createDerbySession,
  DERBY_HEADINGS,
  EARLIER_ACTION,
  openSession,
  pressContinue,
  savedRecordWhen,
  signEarlierSession,
  startCase,
  startSavedSession,
  stepHeading,
  useHarness,
} from './harness.tsx';
import { completeAction, derby, driveDerbyWithoutCases, signature, signBoth } from '../../machines/fixtures.ts';

const harness = useHarness('drift');

/** Before SESSION_DATE (2026-11-22): the earlier action is overdue at the new session. */
const OVERDUE_ON = '2026-11-15';
const OVERDUE = `“${EARLIER_ACTION}” was due on 15 November 2026 and is not done.`;
const ACTION_ID = 'earlier-action-1';
const RESPOND = 'Record a response (revise, escalate, close, or continue with a reason).';

const CASE = 'Baby T';
const SKIPPED = `The discussion of ${CASE} skipped analysis (reason given: Short of time).`;

/** A new session for a supervisee with a signed earlier session, opened at its review step. */
async function openWithEarlierAction(options: { dueDate?: string } = {}): Promise<string> {
  const personId = await addSupervisee(harness());
  await signEarlierSession(harness(), personId, options);
  const sessionId = await createDerbySession(harness(), personId);
  await openSession(harness(), sessionId);
  return sessionId;
}

function outcomeOf(): HTMLElement {
  return screen.getByRole('group', { name: `Outcome: ${EARLIER_ACTION}` });
}

/** The card of the action under review. */
function actionCard(): HTMLElement {
  const card = screen.getByRole('heading', { level: 3, name: `1. ${EARLIER_ACTION}` }).closest('.nhsuk-card');
  if (!(card instanceof HTMLElement)) throw new Error('No card for the action');
  return card;
}

/** Each drift callout on screen, by its message. */
function driftMessages(container: HTMLElement = document.body): string[] {
  return within(container)
    .queryAllByRole('group', { name: /^Response: / })
    .map((group) => (group.querySelector('legend')?.textContent ?? '').replace(/^Response: /, ''));
}

describe('An action past its due date, at the review step', () => {
  it('"Carried forward" shows the drift warning under the action, with the four responses', async () => {
    const user = userEvent.setup();
    await openWithEarlierAction({ dueDate: OVERDUE_ON });

    await user.click(within(outcomeOf()).getByRole('radio', { name: 'Carried forward' }));

    const card = actionCard();
    expect(within(card).getByText(OVERDUE)).toBeInTheDocument();
    // Named by its kind, so it never reads like a flag for an action carried forward again.
    expect(within(card).getByText('Drift: overdue')).toBeInTheDocument();
    expect(driftMessages(card)).toEqual([OVERDUE]);
    const response = within(card).getByRole('group', { name: `Response: ${OVERDUE}` });
    expect(within(response).getAllByRole('radio').map((radio) => (radio as HTMLInputElement).labels?.[0]?.textContent)).toEqual([
      'Revise the plan',
      'Escalate',
      'Close it',
      'Continue unchanged',
    ]);
    expect(within(response).getAllByRole('radio').filter((radio) => (radio as HTMLInputElement).checked)).toEqual([]);
  });

  it('"Done" takes the warning away', async () => {
    const user = userEvent.setup();
    await openWithEarlierAction({ dueDate: OVERDUE_ON });
    await user.click(within(outcomeOf()).getByRole('radio', { name: 'Carried forward' }));
    expect(driftMessages()).toEqual([OVERDUE]);

    await user.click(within(outcomeOf()).getByRole('radio', { name: 'Done' }));

    expect(driftMessages()).toEqual([]);
    // The record beside the conversation, which shows the flag too, follows once the page is idle.
    await waitFor(() => expect(screen.queryByText(OVERDUE)).toBeNull());
  });

  it('an action not yet due raises no drift when carried forward', async () => {
    const user = userEvent.setup();
    await openWithEarlierAction();

    await user.click(within(outcomeOf()).getByRole('radio', { name: 'Carried forward' }));
    await user.type(screen.getByRole('textbox', { name: 'Why is it carried forward?' }), 'Awaiting school records');

    expect(driftMessages()).toEqual([]);
    await pressContinue(user);
    expect(await screen.findByRole('heading', { level: 2, name: DERBY_HEADINGS[1] })).toBeInTheDocument();
  });

  it('Continue is refused with the "Drift: …" gap; "Continue unchanged" needs a reason; with one it moves on and the response is saved', async () => {
    const user = userEvent.setup();
    const sessionId = await openWithEarlierAction({ dueDate: OVERDUE_ON });
    await user.click(within(outcomeOf()).getByRole('radio', { name: 'Carried forward' }));
    await user.type(screen.getByRole('textbox', { name: 'Why is it carried forward?' }), 'Awaiting school records');

    await pressContinue(user);

    const refusal = await screen.findByRole('alert');
    expect(within(refusal).getAllByRole('listitem').map((item) => item.textContent)).toEqual([`Drift: ${OVERDUE} ${RESPOND}`]);
    expect(stepHeading()).toHaveTextContent(DERBY_HEADINGS[0]);

    await user.click(screen.getByRole('radio', { name: 'Continue unchanged' }));
    const reason = screen.getByRole('textbox', { name: 'Why does it continue unchanged?' });
    expect(reason).toHaveValue('');
    // Responding clears the refusal; asking again without a reason refuses again.
    expect(screen.queryByRole('alert')).toBeNull();
    await pressContinue(user);

    expect(await screen.findByRole('alert')).toHaveTextContent(`Drift: ${OVERDUE}`);
    expect(stepHeading()).toHaveTextContent(DERBY_HEADINGS[0]);

    await user.type(reason, 'School nurse back from leave next week');
    await pressContinue(user);

    expect(await screen.findByRole('heading', { level: 2, name: DERBY_HEADINGS[1] })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
    const saved = await savedRecordWhen(harness(), sessionId, (record) => expect(record.furthestSection).toBe(1));
    expect(saved.driftResponses).toEqual({
      [`overdue:${ACTION_ID}`]: { response: 'continue', reason: 'School nurse back from leave next week' },
    });
    expect(saved.reviews[ACTION_ID]).toMatchObject({ outcome: 'carriedForward', reason: 'Awaiting school records' });
  });
});

describe('An action carried forward before and now overdue, carried forward again', () => {
  it('raises two flags, each titled by its kind so they do not read alike', async () => {
    // Arrange: signed on 1 November with the action due 15 November, then carried forward on 15 November with no new date.
    const user = userEvent.setup();
    const personId = await addSupervisee(harness());
    await signEarlierSession(harness(), personId, { dueDate: OVERDUE_ON });
    const carriedOnce = await createDerbySession(harness(), personId, OVERDUE_ON);
    const actor = await startSavedSession(harness(), derby(), carriedOnce);
    const [earlier] = actor.getSnapshot().context.previousActions;
    if (!earlier) throw new Error('No earlier action');
    actor.send({ type: 'review.changed', actionId: earlier.id, review: { outcome: 'carriedForward', reason: 'School nurse on leave', newDueDate: '' } });
    driveDerbyWithoutCases(actor, completeAction('action-later-1'));
    signBoth(actor, [signature('supervisor', `${OVERDUE_ON}T11:00:00.000Z`), signature('supervisee', `${OVERDUE_ON}T11:01:00.000Z`)]);
    await harness().repositories.sessions.save(derby(), actor.getSnapshot().context, actor.getPersistedSnapshot());
    actor.stop();
    await openSession(harness(), await createDerbySession(harness(), personId));

    // Act
    await user.click(within(outcomeOf()).getByRole('radio', { name: 'Carried forward' }));

    // Assert
    const card = actionCard();
    const callouts = [...card.querySelectorAll('.app-drift__flag')].map((callout) => [
      callout.querySelector('h3')?.textContent?.replace(/^Important: /, ''),
      callout.querySelector('p')?.textContent,
    ]);
    expect(callouts).toEqual([
      ['Drift: carried forward 2 times', `“${EARLIER_ACTION}” has been carried forward 2 times.`],
      ['Drift: overdue', OVERDUE],
    ]);
    expect(within(card).getByText('Carried forward 1 time already')).toBeInTheDocument();
  });
});

describe('A case whose analysis was skipped', () => {
  async function answer(user: UserEvent, field: string, text: string, button: string) {
    await user.type(screen.getByRole('textbox', { name: field }), text);
    await user.click(screen.getByRole('button', { name: button }));
  }

  /** At the case step of a fresh session, Baby T discussed to the end, Analysis skipped or answered. */
  async function discussBabyT(user: UserEvent, analysis: 'skip' | 'answer'): Promise<string> {
    const personId = await addSupervisee(harness());
    const sessionId = await createDerbySession(harness(), personId);
    await openSession(harness(), sessionId);
    await continueToCaseDiscussion(user);
    await startCase(user, CASE);
    await answer(user, 'Experience: What happened?', 'Home visit: baby underweight.', 'Continue to the next stage');
    await screen.findByRole('heading', { level: 3, name: 'Reflection — What was it like?' });
    await answer(user, 'Reflection: What was it like?', 'Worrying.', 'Continue to the next stage');
    await screen.findByRole('heading', { level: 3, name: 'Analysis — What does this mean?' });
    if (analysis === 'skip') {
      await user.click(screen.getByRole('button', { name: 'Skip this stage' }));
      await answer(user, 'Why is this stage being skipped?', 'Short of time', 'Skip with this reason');
    } else {
      await answer(user, 'Analysis: What does this mean?', 'Weight loss because feeds are missed.', 'Continue to the next stage');
    }
    await screen.findByRole('heading', { level: 3, name: 'Action planning — What next?' });
    await answer(user, 'Action planning: What next?', 'Weigh weekly.', 'Finish this case');
    await screen.findByRole('region', { name: 'Cases discussed' });
    return sessionId;
  }

  function discussedItem(): HTMLElement {
    return within(screen.getByRole('region', { name: 'Cases discussed' })).getByRole('listitem');
  }

  it('shows a drift flag under the case; the step cannot be left until it is answered, and "Revise the plan" needs no reason', async () => {
    const user = userEvent.setup();
    const sessionId = await discussBabyT(user, 'skip');

    expect(discussedItem()).toHaveTextContent(CASE);
    expect(driftMessages(discussedItem())).toEqual([SKIPPED]);
    expect(within(discussedItem()).getByText(SKIPPED)).toBeInTheDocument();

    await pressContinue(user);

    const refusal = await screen.findByRole('alert');
    expect(within(refusal).getAllByRole('listitem').map((item) => item.textContent)).toEqual([`Drift: ${SKIPPED} ${RESPOND}`]);
    expect(stepHeading()).toHaveTextContent('Case discussion and reflections');

    await user.click(within(discussedItem()).getByRole('radio', { name: 'Revise the plan' }));
    // Any response but "continue unchanged" stands without a reason: the note is optional.
    expect(within(discussedItem()).getByRole('textbox', { name: 'Note (optional)' })).toHaveValue('');
    await pressContinue(user);

    expect(await screen.findByRole('heading', { level: 2, name: DERBY_HEADINGS[4] })).toBeInTheDocument();
    const saved = await savedRecordWhen(harness(), sessionId, (record) => expect(record.furthestSection).toBe(4));
    const caseId = saved.cases[0]?.id;
    expect(saved.cases[0]).toMatchObject({ label: CASE, complete: true, skipped: { analysis: 'Short of time' } });
    expect(saved.driftResponses).toEqual({ [`skippedAnalysis:${caseId}`]: { response: 'revise', reason: '' } });
  });

  it('a case whose analysis was answered raises no drift, and the step is left at once', async () => {
    const user = userEvent.setup();
    await discussBabyT(user, 'answer');

    expect(within(discussedItem()).getByText('Cycle complete')).toBeInTheDocument();
    expect(driftMessages()).toEqual([]);
    await pressContinue(user);

    expect(await screen.findByRole('heading', { level: 2, name: DERBY_HEADINGS[4] })).toBeInTheDocument();
  });
});
