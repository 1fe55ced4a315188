// Escalating an immediate concern from the header during a live session, mid-case.
import { screen, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import {
  continueToCaseDiscussion,
  DERBY_HEADINGS,
  openSession,
  recordPreview,
  savedRecordWhen,
  startCase,
  useDerbySession,
} from './harness.tsx';

const ESCALATE = 'Escalate an immediate concern';
const ANALYSIS = 'Analysis — What does this mean?';
const ANALYSIS_TEXT = 'The pattern of missed appointments suggests neglect.';

const { harness, sessionId } = useDerbySession('escalation');

/** A case open at Analysis, with some of the analysis typed but not yet finished. */
async function midCase(user: UserEvent) {
  await openSession(harness(), sessionId());
  await continueToCaseDiscussion(user);
  await startCase(user, 'Baby T');
  await user.type(screen.getByRole('textbox', { name: 'Experience: What happened?' }), 'Home visit.');
  await user.click(screen.getByRole('button', { name: 'Continue to the next stage' }));
  await user.type(await screen.findByRole('textbox', { name: 'Reflection: What was it like?' }), 'Unsettling.');
  await user.click(screen.getByRole('button', { name: 'Continue to the next stage' }));
  await user.type(await screen.findByRole('textbox', { name: 'Analysis: What does this mean?' }), ANALYSIS_TEXT);
}

/** Mid-case, the header's escalation button pressed: the user and the dialog it opened. */
async function escalateMidCase() {
  const user = userEvent.setup();
  await midCase(user);
  await user.click(screen.getByRole('button', { name: ESCALATE }));
  const dialog = await screen.findByRole('dialog', { name: ESCALATE });
  return { user, dialog };
}

describe('Escalating mid-case', () => {
  it('the header button opens the recordable dialog, saying where it was raised', async () => {
    const { dialog } = await escalateMidCase();

    expect(dialog).toHaveTextContent('Raised during: Case discussion and reflections — Analysis (Baby T)');
    expect(within(dialog).getByRole('textbox', { name: 'What is the concern?' })).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Record the concern and return' })).toBeInTheDocument();
    expect(within(dialog).queryByRole('button', { name: 'Close' })).toBeNull();
  });

  it('recording the concern returns to the same stage with the typed text intact, and the record shows it', async () => {
    const { user, dialog } = await escalateMidCase();

    await user.type(within(dialog).getByRole('textbox', { name: 'What is the concern?' }), 'Sibling disclosed being hit.');
    await user.type(within(dialog).getByRole('textbox', { name: 'What has been done, or will be done now?' }), 'Called MASH at 10:15.');
    await user.click(within(dialog).getByRole('button', { name: 'Record the concern and return' }));

    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('heading', { level: 3, name: ANALYSIS })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Analysis: What does this mean?' })).toHaveValue(ANALYSIS_TEXT);

    // The preview follows once the concern is saved, when the page is idle.
    const concerns = await within(recordPreview()).findByRole('region', { name: 'Immediate concerns escalated during the session' });
    expect(await within(concerns).findByText('Sibling disclosed being hit.')).toBeInTheDocument();
    expect(within(concerns).getByText('Called MASH at 10:15.')).toBeInTheDocument();
    expect(within(concerns).getByText('Case discussion and reflections — Analysis')).toBeInTheDocument();
    // The case still being discussed is named beside the concern.
    expect(within(concerns).getByText('Baby T')).toBeInTheDocument();

    const saved = await savedRecordWhen(harness(), sessionId(), (record) => expect(record.escalations).toHaveLength(1));
    expect(saved.escalations[0]).toMatchObject({
      concern: 'Sibling disclosed being hit.',
      actionTaken: 'Called MASH at 10:15.',
      raisedDuring: 'Case discussion and reflections — Analysis',
      raisedAt: '2026-11-22T10:00:00.000Z',
    });
    // Ids are counted: the supervisee, the session, then the case being discussed.
    expect(saved.escalations[0]?.caseId).toBe('id-000003');
  });

  it('returning without recording leaves the stage and the record as they were', async () => {
    const { user, dialog } = await escalateMidCase();

    await user.type(within(dialog).getByRole('textbox', { name: 'What is the concern?' }), 'Draft');
    await user.click(within(dialog).getByRole('button', { name: 'Return without recording' }));

    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Analysis: What does this mean?' })).toHaveValue(ANALYSIS_TEXT);
    const concerns = within(recordPreview()).getByRole('region', { name: 'Immediate concerns escalated during the session' });
    expect(within(concerns).queryByText('Draft')).toBeNull();
    expect(within(concerns).getByText('No immediate concern was escalated during this session.')).toBeInTheDocument();
  });
});

describe('At “Professional challenges / escalation/ risk”, the form’s escalation heading', () => {
  const CHALLENGES = 'Professional challenges / escalation/ risk';

  /** The step of the form's escalation heading, reached from the first step. */
  async function atChallenges(user: UserEvent) {
    await openSession(harness(), sessionId());
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await user.click(await screen.findByRole('button', { name: 'Continue' }));
    expect(await screen.findByRole('heading', { level: 2, name: CHALLENGES })).toBeInTheDocument();
  }

  function concernsAtStep(): HTMLElement {
    return within(screen.getByRole('region', { name: 'Conversation' })).getByRole('region', { name: 'Concerns escalated during this session' });
  }

  it('shows the concerns escalated so far, read-only, and none at the other steps', async () => {
    const user = userEvent.setup();
    await openSession(harness(), sessionId());
    // Raised at the first step, from the header.
    await user.click(screen.getByRole('button', { name: ESCALATE }));
    const dialog = await screen.findByRole('dialog', { name: ESCALATE });
    await user.type(within(dialog).getByRole('textbox', { name: 'What is the concern?' }), 'Sibling disclosed being hit.');
    await user.click(within(dialog).getByRole('button', { name: 'Record the concern and return' }));
    expect(within(screen.getByRole('region', { name: 'Conversation' })).queryByRole('region', { name: 'Concerns escalated during this session' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByRole('heading', { level: 2, name: DERBY_HEADINGS[1] });
    expect(within(screen.getByRole('region', { name: 'Conversation' })).queryByRole('region', { name: 'Concerns escalated during this session' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByRole('heading', { level: 2, name: CHALLENGES });

    const concerns = concernsAtStep();
    expect(within(concerns).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'Sibling disclosed being hit.Raised at 10:00, during “Review of previous supervision / 1:1 session”. Action taken: none recorded',
    ]);
    // Read-only: nothing there can be typed into.
    expect(within(concerns).queryByRole('textbox')).toBeNull();
    // The route to escalate stays in the header, as at every step.
    expect(screen.getByRole('button', { name: ESCALATE })).toBeInTheDocument();
  });

  it('says none has been escalated yet; "Escalate a concern now" opens the route, and the concern recorded is listed there and in the record', async () => {
    // Arrange
    const user = userEvent.setup();
    await atChallenges(user);
    expect(concernsAtStep()).toHaveTextContent('No concern has been escalated during this session yet.');
    await user.type(screen.getByRole('textbox', { name: `Record under “${CHALLENGES}”` }), 'Disagreement with social care about the threshold.');
    const escalateHere = within(concernsAtStep()).getByRole('button', { name: 'Escalate a concern now' });

    // Act
    await user.click(escalateHere);
    const dialog = await screen.findByRole('dialog', { name: ESCALATE });
    expect(dialog).toHaveTextContent(`Raised during: ${CHALLENGES}`);
    await user.type(within(dialog).getByRole('textbox', { name: 'What is the concern?' }), 'Social care declined the referral for Baby T.');
    await user.type(within(dialog).getByRole('textbox', { name: 'What has been done, or will be done now?' }), 'Escalated to the team manager.');
    await user.click(within(dialog).getByRole('button', { name: 'Record the concern and return' }));

    // Assert: back where it was, with what was typed, and the concern listed at the step.
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(within(concernsAtStep()).getByRole('button', { name: 'Escalate a concern now' })).toHaveFocus();
    expect(screen.getByRole('textbox', { name: `Record under “${CHALLENGES}”` })).toHaveValue('Disagreement with social care about the threshold.');
    expect(within(concernsAtStep()).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      `Social care declined the referral for Baby T.Raised at 10:00, during “${CHALLENGES}”. Action taken: Escalated to the team manager.`,
    ]);
    // The record beside it shows the concern under the heading, and in the log.
    const section = within(recordPreview()).getByRole('region', { name: CHALLENGES });
    const underHeading = within(section).getByRole('region', { name: 'Concerns escalated during this session' });
    expect(await within(underHeading).findByText('Social care declined the referral for Baby T.')).toBeInTheDocument();
    const log = within(recordPreview()).getByRole('region', { name: 'Immediate concerns escalated during the session' });
    expect(within(log).getByText('Social care declined the referral for Baby T.')).toBeInTheDocument();
    const saved = await savedRecordWhen(harness(), sessionId(), (record) => expect(record.escalations).toHaveLength(1));
    expect(saved.escalations[0]).toMatchObject({ raisedDuring: CHALLENGES, concern: 'Social care declined the referral for Baby T.', caseId: null });
  });
});
