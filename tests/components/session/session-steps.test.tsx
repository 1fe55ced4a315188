// A Derby session through the real app: reviewing earlier actions, saving as you type, the agenda order, the record preview.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { inputOf, restoreSession } from '../../../client/live/session.ts';
import {
  addSupervisee,
  createDerbySession,
  DERBY_HEADINGS,
  EARLIER_ACTION,
  openSession,
  pressContinue,
  previewSection,
  recordNoCaseDiscussed,
  recordPreview,
  savedRecordWhen,
  signEarlierSession,
  stepHeading,
  useHarness,
} from './harness.tsx';

const harness = useHarness('session-steps');

/** A new session for a supervisee with a signed earlier session, opened at its review of the open action. */
async function openWithEarlierAction() {
  const personId = await addSupervisee(harness());
  await signEarlierSession(harness(), personId);
  const sessionId = await createDerbySession(harness(), personId);
  await openSession(harness(), sessionId);
  return sessionId;
}

describe('Reviewing the previous session’s actions', () => {
  it('starts at "Review of previous supervision / 1:1 session", step 1 of 9, listing the open action', async () => {
    await openWithEarlierAction();
    expect(stepHeading()).toHaveTextContent(DERBY_HEADINGS[0]);
    expect(screen.getByText('Step 1 of 9')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 3, name: `1. ${EARLIER_ACTION}` })).toBeInTheDocument();
    expect(screen.getByRole('group', { name: `Outcome: ${EARLIER_ACTION}` })).toBeInTheDocument();
    // The first step has nowhere to go back to.
    expect(screen.queryByRole('button', { name: 'Back' })).toBeNull();
  });

  it('refuses to continue until the action has an outcome, naming the action', async () => {
    const user = userEvent.setup();
    await openWithEarlierAction();

    await pressContinue(user);

    const refusal = await screen.findByRole('alert');
    expect(refusal).toHaveTextContent(
      `Previous action “${EARLIER_ACTION}” is not yet marked done, not done or carried forward`,
    );
    expect(stepHeading()).toHaveTextContent(DERBY_HEADINGS[0]);
  });

  it('refuses "Not done" without a reason, and moves on once a reason is given', async () => {
    const user = userEvent.setup();
    const sessionId = await openWithEarlierAction();
    const outcome = screen.getByRole('group', { name: `Outcome: ${EARLIER_ACTION}` });

    await user.click(within(outcome).getByRole('radio', { name: 'Not done' }));
    await pressContinue(user);

    const refusal = await screen.findByRole('alert');
    expect(refusal).toHaveTextContent(`Previous action “${EARLIER_ACTION}” is marked not done without a reason`);
    expect(stepHeading()).toHaveTextContent(DERBY_HEADINGS[0]);

    await user.type(screen.getByRole('textbox', { name: 'Why was it not done?' }), 'The school nurse left post');
    // Changing the review clears the refusal.
    expect(screen.queryByRole('alert')).toBeNull();
    await pressContinue(user);

    expect(await screen.findByRole('heading', { level: 2, name: DERBY_HEADINGS[1] })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
    const saved = await savedRecordWhen(harness(), sessionId, (record) => expect(record.furthestSection).toBe(1));
    expect(saved.reviews['earlier-action-1']).toEqual({ outcome: 'notDone', reason: 'The school nurse left post', newDueDate: '' });
  });
});

describe('Carrying an earlier action forward', () => {
  it('asks why; continuing without a reason is refused, naming the action; with one it moves on and the reason is saved', async () => {
    // Arrange
    const user = userEvent.setup();
    const sessionId = await openWithEarlierAction();
    const outcome = screen.getByRole('group', { name: `Outcome: ${EARLIER_ACTION}` });
    expect(screen.queryByRole('textbox', { name: 'Why is it carried forward?' })).toBeNull();

    // Act
    await user.click(within(outcome).getByRole('radio', { name: 'Carried forward' }));
    const reason = screen.getByRole('textbox', { name: 'Why is it carried forward?' });
    await pressContinue(user);

    // Assert
    const refusal = await screen.findByRole('alert');
    expect(within(refusal).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      `Previous action “${EARLIER_ACTION}” is carried forward without a reason`,
    ]);
    expect(stepHeading()).toHaveTextContent(DERBY_HEADINGS[0]);
    expect(reason).toHaveValue('');

    await user.type(reason, 'Awaiting school records');
    await user.type(screen.getByLabelText('New due date (optional)'), '2026-12-20');
    expect(screen.queryByRole('alert')).toBeNull();
    await pressContinue(user);

    expect(await screen.findByRole('heading', { level: 2, name: DERBY_HEADINGS[1] })).toBeInTheDocument();
    const saved = await savedRecordWhen(harness(), sessionId, (record) => expect(record.furthestSection).toBe(1));
    expect(saved.reviews['earlier-action-1']).toEqual({ outcome: 'carriedForward', reason: 'Awaiting school records', newDueDate: '2026-12-20' });
  });

  it('keeps a reason written for "Not done" when the action is carried forward instead, under the carry-forward question', async () => {
    const user = userEvent.setup();
    await openWithEarlierAction();
    const outcome = screen.getByRole('group', { name: `Outcome: ${EARLIER_ACTION}` });
    await user.click(within(outcome).getByRole('radio', { name: 'Not done' }));
    await user.type(screen.getByRole('textbox', { name: 'Why was it not done?' }), 'Awaiting school records');

    await user.click(within(outcome).getByRole('radio', { name: 'Carried forward' }));

    expect(screen.queryByRole('textbox', { name: 'Why was it not done?' })).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Why is it carried forward?' })).toHaveValue('Awaiting school records');
    await user.click(within(outcome).getByRole('radio', { name: 'Done' }));
    expect(screen.queryByRole('textbox', { name: /^Why / })).toBeNull();
  });
});

describe('A session with nothing to review', () => {
  async function openFresh() {
    const personId = await addSupervisee(harness());
    const sessionId = await createDerbySession(harness(), personId);
    await openSession(harness(), sessionId);
    return sessionId;
  }

  it('says there is nothing to review', async () => {
    await openFresh();
    expect(screen.getByText('There are no open actions from earlier sessions.')).toBeInTheDocument();
  });

  it('saves what is typed in a free-text step to the session row', async () => {
    const user = userEvent.setup();
    const sessionId = await openFresh();
    await pressContinue(user);
    await screen.findByRole('heading', { level: 2, name: DERBY_HEADINGS[1] });

    // A later time, so this save's status cannot be mistaken for the first one's.
    harness().setClock('2026-11-22T10:07:00Z');
    await user.type(
      screen.getByRole('textbox', { name: `Record under “${DERBY_HEADINGS[1]}”` }),
      'Worried about drift in the plan for Baby T.',
    );

    // The save status is shown, not announced on every keystroke (it is not a live region).
    expect(await screen.findByText('Saved on this device at 10:07')).not.toHaveAttribute('aria-live');
    // Saved means on the device: the snapshot holds the record with the answer at once.
    const stored = await harness().repositories.sessions.get(sessionId);
    if (!stored) throw new Error('No session');
    const restored = restoreSession(stored.template, stored.record, await harness().repositories.sessions.snapshot(sessionId));
    const saved = createActor(restored.machine, { snapshot: restored.snapshot, input: inputOf(stored.record) }).getSnapshot().context;
    expect(saved.answers).toEqual({ 'issues-or-concerns': 'Worried about drift in the plan for Baby T.' });
    // The session row, which other screens read, follows once the typing pauses.
    await savedRecordWhen(harness(), sessionId, (record) => expect(record.answers).toEqual({ 'issues-or-concerns': 'Worried about drift in the plan for Baby T.' }));
    expect((await harness().db.sessions.get(sessionId))?.status).toBe('inProgress');
  });

  it('shows the typed answer under its heading in "The record so far"', async () => {
    const user = userEvent.setup();
    await openFresh();
    await pressContinue(user);
    await screen.findByRole('heading', { level: 2, name: DERBY_HEADINGS[1] });
    const section = previewSection(DERBY_HEADINGS[1]);
    expect(within(section).queryByText('Concerns about drift.')).toBeNull();

    await user.type(screen.getByRole('textbox', { name: `Record under “${DERBY_HEADINGS[1]}”` }), 'Concerns about drift.');

    // The preview follows once the answer is saved, when the page is idle.
    expect(await within(previewSection(DERBY_HEADINGS[1])).findByText('Concerns about drift.')).toBeInTheDocument();
    // Only under its own heading.
    expect(within(previewSection(DERBY_HEADINGS[2])).queryByText('Concerns about drift.')).toBeNull();
  });

  it('the preview follows the template’s headings, in order', async () => {
    await openFresh();
    const headings = within(recordPreview())
      .getAllByRole('heading', { level: 3 })
      .map((h) => h.textContent);
    expect(headings.slice(0, DERBY_HEADINGS.length)).toEqual([...DERBY_HEADINGS]);
  });

  it('Continue takes the steps in the template’s order, and Back returns', async () => {
    const user = userEvent.setup();
    await openFresh();
    const seen: (string | null)[] = [stepHeading().textContent];

    for (let index = 1; index < DERBY_HEADINGS.length; index += 1) {
      if (DERBY_HEADINGS[index - 1] === 'Case discussion and reflections') await recordNoCaseDiscussed(user);
      await pressContinue(user);
      await screen.findByRole('heading', { level: 2, name: DERBY_HEADINGS[index] });
      expect(screen.getByText(`Step ${index + 1} of 9`)).toBeInTheDocument();
      seen.push(stepHeading().textContent);
    }

    expect(seen).toEqual([...DERBY_HEADINGS]);
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Date and time of next meeting' })).toBeInTheDocument();
  });

  it('will not leave the case step until a case is discussed or a reason recorded', async () => {
    const user = userEvent.setup();
    await openFresh();
    for (const heading of DERBY_HEADINGS.slice(1, 4)) {
      await pressContinue(user);
      await screen.findByRole('heading', { level: 2, name: heading });
    }

    await pressContinue(user);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'No case has been discussed: discuss one, or record why none was discussed',
    );
    expect(stepHeading()).toHaveTextContent('Case discussion and reflections');
  });
});
