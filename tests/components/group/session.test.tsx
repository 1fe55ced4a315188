// A group session through the real app: register, agreement, a consultation through all five
// phases, a theme captured mid-consultation, the themes-record guard at closing, and the record.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { expectFocused } from '../session/harness.tsx';
import {
  FACILITATOR,
  GROUP_NAME,
  MEMBERS,
  continueTo,
  mark,
  nextPhase,
  openNewGroupSession,
  phaseHeading,
  registerWithOneApology,
  renderApp,
  savedContentWhen,
  startConsultation,
  stepHeading,
  throughToConsultations,
  useHarness,
} from './harness.tsx';

const harness = useHarness('group-session');

const CASE = 'Baby Tilly';
const QUESTION = 'Am I losing objectivity about the home conditions?';
const THEME = 'Waiting for one clear incident instead of seeing the pattern';

function themesPanel(): HTMLElement {
  return screen.getByRole('complementary', { name: 'Themes' });
}

async function captureTheme(user: UserEvent, text: string, tags: string[]) {
  const panel = themesPanel();
  await user.type(within(panel).getByRole('textbox', { name: 'Theme' }), text);
  for (const tag of tags) await user.click(within(panel).getByRole('checkbox', { name: tag }));
  await user.click(within(panel).getByRole('button', { name: 'Capture theme' }));
  await within(panel).findByText(text);
}

/** Through a whole consultation of Baby Tilly, a theme captured during clarifying questions. */
async function consultTilly(user: UserEvent) {
  await startConsultation(user, 'Priya Shah', CASE, QUESTION, 'Lee Grant');
  await user.type(screen.getByRole('textbox', { name: 'Notes — Presenting the case' }), 'Weight down two centiles.');
  await nextPhase(user, 'Phase 2 of 5: Clarifying questions — questions only, no advice yet');
  await captureTheme(user, THEME, ['neglect']);
  await nextPhase(user, 'Phase 3 of 5: Reflection and hypotheses');
  await user.type(screen.getByRole('textbox', { name: 'Notes — Reflection and hypotheses' }), 'What is a day like for her?');
  await nextPhase(user, 'Phase 4 of 5: The presenter responds');
  await user.type(screen.getByRole('textbox', { name: 'Notes — The presenter responds' }), 'The pattern is the evidence.');
  await nextPhase(user, 'Phase 5 of 5: Agreeing the presenter’s actions');

  // Finishing with no actions is refused with the consultation's own words.
  await user.click(screen.getByRole('button', { name: 'Finish the consultation' }));
  const refusal = await screen.findByRole('alert');
  expect(refusal).toHaveTextContent('Agree the presenter’s actions, or record why none are needed');
  expect(refusal).toHaveFocus();

  await user.click(screen.getByRole('button', { name: 'Add an action' }));
  await user.type(screen.getByRole('textbox', { name: 'What is to be done' }), 'Complete a neglect screening tool at the next visit');
  expect(within(screen.getByRole('group', { name: 'Who will do it' })).getByRole('radio', { name: 'The presenter (Priya Shah)' })).toBeChecked();
  await user.type(screen.getByLabelText('By when'), '2026-11-29');
  await user.click(screen.getByRole('button', { name: 'Finish the consultation' }));
  await expectFocused(screen.findByRole('heading', { level: 2, name: 'Case consultations' }));
}

describe('Running a group session', () => {
  it('the register refuses to move on until everyone is marked', async () => {
    const user = userEvent.setup();
    await openNewGroupSession(harness());
    await mark(user, `${FACILITATOR.name}, ${FACILITATOR.role} (facilitator)`, 'Present');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveFocus();
    expect(within(alert).getByRole('link', { name: 'Mark Priya Shah as present, sending apologies, or absent' })).toHaveAttribute('href', expect.stringContaining('#attendance-'));
    expect(stepHeading()).toHaveTextContent('Attendance register');
  });

  it('runs a session through to close, and the record circulates no case label', async () => {
    const user = userEvent.setup();
    const { sessionId } = await openNewGroupSession(harness());

    await registerWithOneApology(user);
    await continueTo(user, 'Confidentiality boundaries and ground rules');
    expect(screen.getByText(/first time this group records its agreement/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'We agree these boundaries' }));
    expect(await screen.findByText('Agreed at 10:00 by Ruth Okafor, Priya Shah, Tom Reed, Lee Grant.')).toBeInTheDocument();
    await continueTo(user, 'Case consultations');

    await consultTilly(user);
    const done = screen.getByRole('list', { name: 'Consultations so far' });
    expect(within(done).getByRole('listitem')).toHaveTextContent(`Priya Shah — case discussed: ${CASE}`);
    const saved = await savedContentWhen(harness(), sessionId, (content) => expect(content.consultations).toHaveLength(1));
    const [consultation] = saved.consultations;
    expect(consultation?.complete).toBe(true);
    expect(consultation?.roles.scribeId).toBeTruthy();
    expect(consultation?.actions).toEqual([
      expect.objectContaining({ what: 'Complete a neglect screening tool at the next visit', owner: { kind: 'supervisee', name: '' }, dueDate: '2026-11-29' }),
    ]);
    // The theme captured mid-consultation is linked to it.
    expect(saved.themes).toEqual([expect.objectContaining({ text: THEME, tags: ['neglect'], consultationId: consultation?.id })]);
    expect(saved.attendance[Object.keys(saved.attendance).find((id) => saved.members.find((m) => m.personId === id)?.name === 'Dee Clark') ?? '']).toBe('apologies');

    await continueTo(user, 'Learning and organisational issues', 'Continue to learning and organisational issues');
    await user.type(screen.getByRole('textbox', { name: 'Learning' }), 'Tilly showed how waiting for an incident hides neglect.');
    // The guard runs as the text is written.
    expect(screen.getByText('The themes record would identify a child')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Close the session' }));
    const blocked = await screen.findByRole('alert');
    expect(blocked).toHaveFocus();
    expect(within(blocked).getByRole('heading', { name: 'The session cannot be closed yet' })).toBeInTheDocument();
    const problem = within(blocked).getByRole('link', { name: /^Learning: “Tilly” could identify a child/ });
    await user.click(problem);
    expect(screen.getByRole('textbox', { name: 'Learning' })).toHaveFocus();
    expect(stepHeading()).toHaveTextContent('Learning and organisational issues');

    await user.clear(screen.getByRole('textbox', { name: 'Learning' }));
    await user.type(screen.getByRole('textbox', { name: 'Learning' }), 'Waiting for an incident hides neglect: look at the pattern.');
    await user.type(screen.getByRole('textbox', { name: 'Organisational issues to raise' }), 'No neglect screening tool in the health visiting pathway.');
    expect(screen.queryByRole('alert')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Close the session' }));
    await expectFocused(screen.findByRole('heading', { level: 2, name: 'The session is closed' }));
    await savedContentWhen(harness(), sessionId, (_content, status) => expect(status).toBe('closed'));

    await user.click(await screen.findByRole('button', { name: 'Open the record' }));
    const record = await screen.findByRole('article', { name: 'Group safeguarding supervision — themes record' });
    expect(record).toHaveTextContent(GROUP_NAME);
    expect(record).toHaveTextContent('22 November 2026');
    expect(record).toHaveTextContent(`${FACILITATOR.name} (${FACILITATOR.role})`);
    expect(record).toHaveTextContent('Apologies: Dee Clark (Family Nurse)');
    expect(record).toHaveTextContent(THEME);
    expect(record).toHaveTextContent('neglect: 1 theme');
    expect(record).toHaveTextContent('Waiting for an incident hides neglect: look at the pattern.');
    expect(record).toHaveTextContent('No neglect screening tool in the health visiting pathway.');
    expect(record.textContent).not.toMatch(/Tilly/);
    expect(record.textContent).not.toContain(QUESTION);
    const themesSection = screen.getByRole('region', { name: 'Themes record' });
    expect(within(themesSection).getByRole('button', { name: 'Print' })).toBeInTheDocument();
    expect(within(themesSection).getByRole('button', { name: 'Download as text' })).toBeInTheDocument();

    const summaries = screen.getByRole('region', { name: 'Presenter summaries' });
    const entry = within(summaries).getByRole('textbox', { name: 'Entry to copy into the child’s own record' });
    expect((entry as HTMLTextAreaElement).value).toContain(`This child or family (${CASE}) was discussed in group supervision (${GROUP_NAME}).`);
    expect((entry as HTMLTextAreaElement).value).toContain('Complete a neglect screening tool at the next visit');

    const attendance = screen.getByRole('region', { name: 'Attendance records' });
    for (const person of [FACILITATOR, ...MEMBERS]) {
      const card = within(attendance).getByRole('region', { name: `Attendance record: ${person.name}` });
      expect(within(card).getByRole('button', { name: `Download the attendance record of ${person.name}` })).toBeInTheDocument();
    }
    expect(within(attendance).getByRole('region', { name: 'Attendance record: Dee Clark' })).toHaveTextContent('Attendance: Apologies');
    expect(within(attendance).getByRole('region', { name: 'Attendance record: Priya Shah' })).toHaveTextContent('You presented a case for consultation.');
  });

  it('a reload mid-consultation resumes the same phase with its notes, timer and theme panel', async () => {
    const user = userEvent.setup();
    const { sessionId } = await openNewGroupSession(harness());
    await throughToConsultations(user);
    await startConsultation(user, 'Tom Reed', 'Jay Smith', 'How do I escalate?', null);
    await nextPhase(user, 'Phase 2 of 5: Clarifying questions — questions only, no advice yet');
    await nextPhase(user, 'Phase 3 of 5: Reflection and hypotheses');
    await user.type(screen.getByRole('textbox', { name: 'Notes — Reflection and hypotheses' }), 'Closure may reflect workload, not lower risk.');
    await savedContentWhen(harness(), sessionId, () => undefined);
    await waitFor(async () => {
      const envelope = await harness().repositories.groupSessions.snapshot(sessionId);
      expect(JSON.stringify(envelope)).toContain('Closure may reflect workload, not lower risk.');
    });

    cleanup();
    renderApp(harness(), `#/group-session/${sessionId}`);
    await waitFor(() => expect(phaseHeading()).toHaveTextContent('Phase 3 of 5: Reflection and hypotheses'));
    expect(screen.getByRole('textbox', { name: 'Notes — Reflection and hypotheses' })).toHaveValue('Closure may reflect workload, not lower risk.');
    expect(screen.getByText('Case: Jay Smith')).toBeInTheDocument();
    expect(screen.getByRole('timer')).toHaveTextContent('15:00 left');
    expect(screen.queryByText(/Resumed from the saved record/)).toBeNull();
    await nextPhase(user, 'Phase 4 of 5: The presenter responds');
  });
});

describe('The phase timer', () => {
  it('counts down on the app clock, says when the time box runs out, and the facilitator can add 5 minutes', async () => {
    const user = userEvent.setup();
    await openNewGroupSession(harness());
    await throughToConsultations(user);
    await startConsultation(user, 'Priya Shah', CASE, QUESTION, null);
    expect(screen.getByRole('timer')).toHaveTextContent('05:00 left');
    // The roles for this case: the facilitator, the presenter, no scribe, and the others present.
    expect(screen.getByText('Others present').nextElementSibling).toHaveTextContent('Tom Reed, Lee Grant');

    harness().setClock('2026-11-22T10:06:30Z');
    await waitFor(() => expect(screen.getByRole('timer')).toHaveTextContent('2 min over time'), { timeout: 3000 });
    expect(screen.getByText('The time box for this phase has run out. Move on, or add 5 minutes.')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Add 5 minutes' }));
    await waitFor(() => expect(screen.getByRole('timer')).toHaveTextContent('03:30 left'));
  });
});

describe('Refusals', () => {
  it('an action without a due date is refused at the last phase, and the problem leads to its date', async () => {
    const user = userEvent.setup();
    await openNewGroupSession(harness());
    await throughToConsultations(user);
    await startConsultation(user, 'Priya Shah', CASE, '', null);
    // The question must be set out before the case moves on.
    await user.click(screen.getByRole('button', { name: 'Next phase' }));
    const missingQuestion = await screen.findByRole('alert');
    await user.click(within(missingQuestion).getByRole('link', { name: 'Record the question the presenter wants help with' }));
    expect(screen.getByRole('textbox', { name: 'The question they want help with' })).toHaveFocus();
    await user.type(screen.getByRole('textbox', { name: 'The question they want help with' }), QUESTION);
    await nextPhase(user, 'Phase 2 of 5: Clarifying questions — questions only, no advice yet');
    await nextPhase(user, 'Phase 3 of 5: Reflection and hypotheses');
    await nextPhase(user, 'Phase 4 of 5: The presenter responds');
    await nextPhase(user, 'Phase 5 of 5: Agreeing the presenter’s actions');
    await user.click(screen.getByRole('button', { name: 'Add an action' }));
    expect(screen.getByRole('textbox', { name: 'What is to be done' })).toHaveFocus();
    await user.keyboard('Share the weight chart with the GP');
    await user.click(screen.getByRole('button', { name: 'Finish the consultation' }));
    const alert = await screen.findByRole('alert');
    await user.click(within(alert).getByRole('link', { name: '“Share the weight chart with the GP” has no due date' }));
    expect(screen.getByLabelText('By when')).toHaveFocus();
  });

  it('a theme needs its text; an empty one is not captured', async () => {
    const user = userEvent.setup();
    await openNewGroupSession(harness());
    const panel = themesPanel();
    await user.click(within(panel).getByRole('button', { name: 'Capture theme' }));
    expect(within(panel).getByRole('textbox', { name: 'Theme' })).toHaveAccessibleDescription(expect.stringContaining('Describe the theme'));
    expect(within(panel).getByText('No themes captured yet.')).toBeInTheDocument();
  });
});
