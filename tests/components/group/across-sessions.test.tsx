// Group supervision across sessions and at the edges: re-agreeing with a new member, themes
// compared, the themes-record guard on themes, a blocked record, escalation, a closed session.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import {
  continueTo,
  createGroupOfFive,
  createGroupSession,
  openGroupSession,
  openNewGroupSession,
  registerWithOneApology,
  renderApp,
  runSessionByMachine,
  savedContentWhen,
  startConsultation,
  throughToConsultations,
  useHarness,
  mark,
  FACILITATOR,
  MEMBERS,
} from './harness.tsx';

const harness = useHarness('group-across');

describe('The boundaries', () => {
  it('are agreed again when a member who has not agreed them before is present', async () => {
    const user = userEvent.setup();
    const { groupId, ids } = await createGroupOfFive(harness());
    await runSessionByMachine(harness(), groupId, { date: '2026-11-01', apologies: [ids['Dee Clark'] as string] });
    const sessionId = await createGroupSession(harness(), groupId);
    await openGroupSession(harness(), sessionId);

    await mark(user, `${FACILITATOR.name}, ${FACILITATOR.role} (facilitator)`, 'Present');
    for (const member of MEMBERS) await mark(user, `${member.name}, ${member.role}`, 'Present');
    await continueTo(user, 'Confidentiality boundaries and ground rules');
    expect(screen.getByText('Agree the boundaries again: Dee Clark joined since the last session.')).toBeInTheDocument();
    expect(screen.queryByText(/first time this group records its agreement/)).toBeNull();

    // Continuing unagreed is refused.
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Agree the group’s confidentiality boundaries and ground rules, and record it');

    await user.click(screen.getByRole('button', { name: 'We agree these boundaries' }));
    const saved = await savedContentWhen(harness(), sessionId, (content) => expect(content.agreement).not.toBeNull());
    expect(saved.agreement?.newMembers).toEqual([ids['Dee Clark']]);
  });

  it('changed after agreeing must be agreed again', async () => {
    const user = userEvent.setup();
    const { sessionId } = await openNewGroupSession(harness());
    await registerWithOneApology(user);
    await continueTo(user, 'Confidentiality boundaries and ground rules');
    await user.click(screen.getByRole('button', { name: 'We agree these boundaries' }));
    await user.click(await screen.findByRole('button', { name: 'Change the boundaries' }));
    const rules = screen.getByRole('textbox', { name: 'Confidentiality boundaries and ground rules' });
    await waitFor(() => expect(rules).toHaveFocus());
    await user.type(rules, '\nPhones away.');
    await savedContentWhen(harness(), sessionId, (content) => {
      expect(content.groundRules).toMatch(/Phones away\.$/);
      expect(content.agreement).toBeNull();
    });
    await user.click(screen.getByRole('button', { name: 'We agree these boundaries' }));
    await savedContentWhen(harness(), sessionId, (content) => expect(content.agreement?.groundRules).toMatch(/Phones away\.$/));
  });
});

describe('Themes', () => {
  it('are counted and compared across the group’s closed sessions', async () => {
    const { groupId } = await createGroupOfFive(harness());
    await runSessionByMachine(harness(), groupId, {
      date: '2026-10-01',
      themes: [
        { text: 'Thresholds unclear', tags: ['neglect', 'escalation'] },
        { text: 'Caseloads', tags: ['workload'] },
      ],
    });
    await runSessionByMachine(harness(), groupId, { date: '2026-11-01', themes: [{ text: 'Chronic neglect drift', tags: ['neglect'] }, { text: 'Untagged thought', tags: [] }] });
    await runSessionByMachine(harness(), groupId, { date: '2026-11-15', themes: [{ text: 'Open session theme', tags: ['neglect'] }], close: false });

    renderApp(harness(), `#/group/${groupId}`);
    const table = await screen.findByRole('table', { name: 'Themes by tag and session' });
    const rows = within(table)
      .getAllByRole('row')
      .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Tag', '1 October 2026', '1 November 2026', 'Total'],
      ['neglect', '1', '1', '2'],
      ['escalation', '1', '0', '1'],
      ['workload', '1', '0', '1'],
      ['Without a tag', '0', '1', '1'],
    ]);
    const sessions = screen.getByRole('table', { name: 'Sessions of this group, oldest first' });
    expect(within(sessions).getAllByRole('link', { name: /^Open the record of / })).toHaveLength(2);
    expect(within(sessions).getByRole('link', { name: 'Resume of 15 November 2026' })).toBeInTheDocument();
  });

  it('a theme naming a child blocks closing; its problem leads to Remove, and a reworded theme closes', async () => {
    const user = userEvent.setup();
    const { sessionId } = await openNewGroupSession(harness());
    await throughToConsultations(user);
    await startConsultation(user, 'Tom Reed', 'Jay Smith', 'How do I escalate?', null);
    const panel = screen.getByRole('complementary', { name: 'Themes' });
    await user.type(within(panel).getByRole('textbox', { name: 'Theme' }), 'Smith family known to early help');
    await user.type(within(panel).getByRole('textbox', { name: 'New tag' }), 'early help');
    await user.click(within(panel).getByRole('button', { name: 'Add a tag' }));
    expect(within(panel).getByRole('checkbox', { name: 'early help' })).toBeChecked();
    await user.click(within(panel).getByRole('button', { name: 'Capture theme' }));
    await within(panel).findByText('Smith family known to early help');
    expect(within(panel).getByText('Tags: early help')).toBeInTheDocument();

    for (let n = 0; n < 4; n += 1) await user.click(screen.getByRole('button', { name: 'Next phase' }));
    await user.type(screen.getByRole('textbox', { name: 'Notes — Agreeing the presenter’s actions' }), 'None needed: the plan stands.');
    await user.click(screen.getByRole('button', { name: 'Finish the consultation' }));
    await continueTo(user, 'Learning and organisational issues', 'Continue to learning and organisational issues');

    await user.click(screen.getByRole('button', { name: 'Close the session' }));
    const blocked = await screen.findByRole('alert');
    const link = within(blocked).getByRole('link', { name: /^Theme 1: “Smith” could identify a child/ });
    await user.click(link);
    const remove = within(panel).getByRole('button', { name: 'Remove theme 1' });
    expect(remove).toHaveFocus();
    await user.click(remove);
    expect(within(panel).getByRole('textbox', { name: 'Theme' })).toHaveFocus();
    await user.type(within(panel).getByRole('textbox', { name: 'Theme' }), 'Early help plans closed without a review');
    await user.click(within(panel).getByRole('checkbox', { name: 'escalation' }));
    await user.click(within(panel).getByRole('button', { name: 'Capture theme' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());

    await user.click(screen.getByRole('button', { name: 'Close the session' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'The session is closed' })).toBeInTheDocument();
    const saved = await savedContentWhen(harness(), sessionId, (_content, status) => expect(status).toBe('closed'));
    expect(saved.themes.map((t) => t.text)).toEqual(['Early help plans closed without a review']);
    // A theme captured between consultations belongs to none.
    expect(saved.themes[0]?.consultationId).toBeNull();
    expect(saved.vocabulary).toContain('early help');
  });
});

describe('The record of a closed session', () => {
  it('is blocked, with its problems, when a closed session holds a child’s name (the machine refuses to close so; a record from before that guard is still blocked)', async () => {
    const { groupId, ids } = await createGroupOfFive(harness());
    const sessionId = await runSessionByMachine(harness(), groupId, {
      date: '2026-11-01',
      consultations: [{ presenterId: ids['Priya Shah'] as string, caseLabel: 'Baby Tilly' }],
    });
    // Written straight into the stored record, as a session closed before the guard could be.
    const row = await harness().db.groupSessions.get(sessionId);
    if (!row) throw new Error('no session');
    await harness().db.groupSessions.put({ ...row, content: { ...row.content, learning: 'Tilly needs a neglect tool.' } });
    renderApp(harness(), `#/group-record/${sessionId}`);
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'The themes record cannot be circulated yet' })).toBeInTheDocument();
    expect(alert).toHaveTextContent('Learning: “Tilly” could identify a child discussed in this session.');
    expect(screen.queryByRole('article')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Print' })).toBeNull();
    // The presenter's own summary and the attendance records are still made.
    expect(screen.getByRole('heading', { level: 3, name: 'Entry for Baby Tilly' })).toBeInTheDocument();
    expect(screen.getAllByRole('region', { name: /^Attendance record: / })).toHaveLength(5);
  });

  it('is not made while the session is open', async () => {
    const { groupId } = await createGroupOfFive(harness());
    const sessionId = await createGroupSession(harness(), groupId);
    renderApp(harness(), `#/group-record/${sessionId}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'This session is not closed yet' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Resume' })).toHaveAttribute('href', `#/group-session/${sessionId}`);
  });

  it('reopened, the session shows it is closed, and escalation offers the route only', async () => {
    const user = userEvent.setup();
    const { groupId } = await createGroupOfFive(harness());
    const sessionId = await runSessionByMachine(harness(), groupId, { date: '2026-11-01' });
    renderApp(harness(), `#/group-session/${sessionId}`);
    expect(await screen.findByRole('heading', { level: 2, name: 'The session is closed' })).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: 'Open the record' })).toHaveAttribute('href', `#/group-record/${sessionId}`);
    expect(screen.queryByRole('complementary', { name: 'Themes' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Escalate an immediate concern' }));
    const dialog = await screen.findByRole('dialog', { name: 'Escalate an immediate concern' });
    expect(within(dialog).queryByRole('button', { name: 'Record the concern and return' })).toBeNull();
  });
});

describe('Escalation during a group session', () => {
  it('records the concern in the session, against the consultation running', async () => {
    const user = userEvent.setup();
    const { sessionId } = await openNewGroupSession(harness());
    await throughToConsultations(user);
    await startConsultation(user, 'Priya Shah', 'Baby Tilly', 'Is this neglect?', null);

    await user.click(screen.getByRole('button', { name: 'Escalate an immediate concern' }));
    const dialog = await screen.findByRole('dialog', { name: 'Escalate an immediate concern' });
    expect(dialog).toHaveTextContent('Raised during: Case consultations — Presenting the case (Baby Tilly)');
    await user.type(within(dialog).getByRole('textbox', { name: 'What is the concern?' }), 'Bruise seen on last visit, unexplained.');
    await user.type(within(dialog).getByRole('textbox', { name: 'What has been done, or will be done now?' }), 'Priya calls the MASH now.');
    await user.click(within(dialog).getByRole('button', { name: 'Record the concern and return' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    const saved = await savedContentWhen(harness(), sessionId, (content) => expect(content.escalations).toHaveLength(1));
    const snapshot = await harness().repositories.groupSessions.snapshot(sessionId);
    const consultationId = (snapshot?.snapshot as { children: { consultation: { snapshot: { context: { id: string } } } } }).children.consultation.snapshot.context.id;
    expect(saved.escalations[0]).toMatchObject({
      concern: 'Bruise seen on last visit, unexplained.',
      actionTaken: 'Priya calls the MASH now.',
      raisedDuring: 'Case consultations — Presenting the case',
      caseId: consultationId,
    });
    // The consultation carries on where it was.
    expect(screen.getByRole('heading', { level: 3, name: 'Phase 1 of 5: Presenting the case' })).toBeInTheDocument();
  });
});
