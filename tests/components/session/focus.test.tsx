// Bringing the supervisee's preparation: offered on the start screen, agreed as the session's focus, and opened at the case step.
import { screen, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { PreparationV1 } from '../../../machines/model/preparation.ts';
import type { RecordTemplateV1 } from '../../../machines/model/template.ts';
import { derby, savedTemplate } from '../../machines/fixtures.ts';
import { TEMPLE_HEADINGS } from '../../fixtures/policy-headings.ts';
import {
  addSupervisee,
  continueToCaseDiscussion,
  DERBY_HEADINGS,
  type Harness,
  pressContinue,
  renderApp,
  savedRecordWhen,
  SESSION_DATE,
  stepHeading,
  SUPERVISEE,
  SUPERVISOR,
  useHarness,
} from './harness.tsx';
import { createSession } from '../../../client/live/create.ts';

const FOCUS = 'Issues and cases brought to supervision';
const PREPARED_TAG = 'Prepared by the supervisee';
const SUPERVISOR_TAG = 'Added by the supervisor';
const AGREE = 'The supervisor and supervisee agree this order of priority';
const NOT_AGREED = 'Agree the order of priority for the issues brought (or agree there are none)';

/** What the supervisee wrote: one issue and one case marked to bring, one case kept back. */
const ISSUE = 'Caseload has grown since the team lost a health visitor';
const BROUGHT = {
  id: 'prepared-case-brought',
  label: 'Baby T',
  experience: 'Home visit on Monday: baby underweight, mother tearful.',
  reflection: 'I felt out of my depth with the mother’s low mood.',
};
const KEPT_BACK = { id: 'prepared-case-kept', label: 'Child K', experience: 'School reported missed meals.' };
const SUPERVISORS_CASE = 'Family R';

const harness = useHarness('focus');

/** The supervisee's preparation, saved through the repositories as the preparation screens save it. */
async function prepare(h: Harness, personId: string, forDate = SESSION_DATE): Promise<string> {
  const created = await h.repositories.preparations.create(personId, forDate);
  if (!created.ok) throw new Error(created.message);
  const content: PreparationV1 = {
    ...created.value,
    issues: [{ id: 'prepared-issue-1', text: ISSUE, bring: true }],
    cases: [
      {
        id: BROUGHT.id,
        label: BROUGHT.label,
        stages: { experience: { notes: BROUGHT.experience }, reflection: { notes: BROUGHT.reflection }, analysis: {} },
        bring: true,
      },
      { id: KEPT_BACK.id, label: KEPT_BACK.label, stages: { experience: { notes: KEPT_BACK.experience }, reflection: {}, analysis: {} }, bring: false },
    ],
  };
  const saved = await h.repositories.preparations.save(personId, content);
  if (!saved.ok) throw new Error(saved.message);
  return saved.value.id;
}

/** A supervisee with their preparation, and a session of `template` created bringing it. */
async function createFocusSession(template: RecordTemplateV1 = derby(), sessionType = 'safeguarding-supervision'): Promise<string> {
  const personId = await addSupervisee(harness());
  const preparationId = await prepare(harness(), personId);
  const created = await createSession(harness().repositories, {
    template,
    sessionType,
    date: SESSION_DATE,
    personId,
    supervisor: { ...SUPERVISOR },
    preparationId,
  });
  if (!created.ok) throw new Error(created.message);
  return created.value;
}

/** Opens a session that brought a preparation, at its first step. */
async function openFocusSession(sessionId: string): Promise<void> {
  renderApp(harness(), `#/session/${sessionId}`);
  await screen.findByRole('heading', { level: 2, name: FOCUS });
  await screen.findByText(/^Saved on this device at /);
}

/** A Derby session that brought the preparation, open at its focus step; returns its id. */
async function openDerbyFocusSession(): Promise<string> {
  const sessionId = await createFocusSession();
  await openFocusSession(sessionId);
  return sessionId;
}

function plannedCases(): HTMLElement {
  return screen.getByRole('region', { name: 'Cases to discuss, in the agreed order' });
}

/** The planned cases as listed: the take checkbox's label, whether it is ticked, and the tag. */
function plannedOrder(): [string, boolean, string][] {
  return within(plannedCases())
    .getAllByRole('listitem')
    .map((item) => {
      const take = within(item).getByRole('checkbox') as HTMLInputElement;
      return [take.labels?.[0]?.textContent ?? '', take.checked, item.querySelector('.nhsuk-tag')?.textContent ?? ''];
    });
}

async function addSupervisorsCase(user: UserEvent, label: string): Promise<void> {
  await user.type(screen.getByRole('textbox', { name: 'Child or family the supervisor wants to discuss' }), label);
  await user.click(screen.getByRole('button', { name: 'Add a case of the supervisor’s' }));
}

/** Agrees the order, then continues from the focus step to the case step of a Derby session. */
async function agreeAndContinueToCases(user: UserEvent): Promise<void> {
  await user.click(screen.getByRole('checkbox', { name: AGREE }));
  await pressContinue(user);
  await screen.findByRole('heading', { level: 2, name: DERBY_HEADINGS[0] });
  await continueToCaseDiscussion(user);
}

function agreedToDiscuss(): HTMLElement {
  return screen.getByRole('region', { name: 'Agreed to discuss' });
}

describe('Bringing a preparation from the start screen', () => {
  async function startScreenWithPreparation(user: UserEvent): Promise<string> {
    const personId = await addSupervisee(harness());
    const preparationId = await prepare(harness(), personId);
    renderApp(harness(), '#/start');
    await screen.findByRole('heading', { level: 1, name: 'Start a supervision session' });
    const supervisee = await screen.findByRole('radio', { name: SUPERVISEE.name });
    // Nothing is offered until the supervisee is chosen.
    expect(screen.queryByRole('group', { name: 'Bring a preparation' })).toBeNull();
    await user.click(supervisee);
    await screen.findByRole('group', { name: 'Bring a preparation' });
    return preparationId;
  }

  async function fillAndBegin(user: UserEvent): Promise<void> {
    await user.type(screen.getByRole('textbox', { name: 'Supervisor’s full name' }), SUPERVISOR.name);
    await user.click(screen.getByRole('radio', { name: 'Derby and Derbyshire ICB — Supervision Documentation' }));
    await user.click(screen.getByRole('radio', { name: 'Safeguarding Supervision' }));
    await user.click(screen.getByRole('button', { name: 'Begin the session' }));
  }

  it('offers the preparation with what is marked to bring, chosen already; the session opens on the brought issue and case only', async () => {
    const user = userEvent.setup();
    const preparationId = await startScreenWithPreparation(user);

    const bring = screen.getByRole('group', { name: 'Bring a preparation' });
    const offered = within(bring).getByRole('radio', { name: 'For 22 November 2026' });
    expect(offered).toBeChecked();
    expect(offered).toHaveAccessibleDescription('1 issue and 1 case marked to bring');
    expect(within(bring).getByRole('radio', { name: 'Do not bring a preparation' })).not.toBeChecked();

    await fillAndBegin(user);

    expect(await screen.findByRole('heading', { level: 2, name: FOCUS })).toBeInTheDocument();
    expect(screen.getByText('Step 1 of 10')).toBeInTheDocument();
    const issue = screen.getByRole('textbox', { name: 'Issue 1' });
    expect(issue).toHaveValue(ISSUE);
    expect(within(issue.closest('li') as HTMLElement).getByText(PREPARED_TAG)).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Issue 2' })).toBeNull();
    expect(plannedOrder()).toEqual([[`Take ${BROUGHT.label}`, true, PREPARED_TAG]]);
    // The case the supervisee kept back is nowhere: not on screen, not in the record.
    expect(document.body).not.toHaveTextContent(KEPT_BACK.label);
    expect(document.body).not.toHaveTextContent(KEPT_BACK.experience);
    const [row] = await harness().db.sessions.toArray();
    expect(row?.content.record.brought?.cases.map((c) => c.label)).toEqual([BROUGHT.label]);
    expect(JSON.stringify(row?.content)).not.toContain(KEPT_BACK.label);
    expect((await harness().db.preparations.get(preparationId))?.status).toBe('brought');
  });

  it('"Do not bring a preparation" starts at the template’s own first step, and the preparation stays a draft', async () => {
    const user = userEvent.setup();
    const preparationId = await startScreenWithPreparation(user);

    await user.click(screen.getByRole('radio', { name: 'Do not bring a preparation' }));
    expect(screen.getByRole('radio', { name: 'For 22 November 2026' })).not.toBeChecked();
    await fillAndBegin(user);

    expect(await screen.findByRole('heading', { level: 2, name: DERBY_HEADINGS[0] })).toBeInTheDocument();
    expect(screen.getByText('Step 1 of 9')).toBeInTheDocument();
    expect(within(screen.getByRole('navigation', { name: 'Agenda' })).queryByText(FOCUS)).toBeNull();
    expect(document.body).not.toHaveTextContent(BROUGHT.label);
    const [row] = await harness().db.sessions.toArray();
    expect(row?.content.record.brought ?? null).toBeNull();
    expect(row?.content.record.keyIssues).toEqual([]);
    expect((await harness().db.preparations.get(preparationId))?.status).toBe('draft');
  });
});

describe('Bringing a preparation when the supervisee is changed', () => {
  /**
   * Bug (client/features/start/StartSession.tsx, the supervisee Radios' onChange, which is
   * `setPersonId` alone): the preparation chosen explicitly for one supervisee
   * (`preparationChoice`) is kept when another supervisee is chosen. The new supervisee's
   * list then has nothing ticked, and "Begin the session" sends the first supervisee's
   * preparation and is refused with "That preparation is not this supervisee’s". Fix: reset
   * the choice with the supervisee, e.g. `onChange={(id) => { setPersonId(id); setPreparationChoice(null); }}`.
   */
  it('offers the newly chosen supervisee’s own preparation, chosen already, and brings it', async () => {
    const user = userEvent.setup();
    const valId = await addSupervisee(harness());
    await prepare(harness(), valId);
    const other = await harness().repositories.people.add({ name: 'Pat Other', role: 'School Nurse' });
    if (!other.ok) throw new Error(other.message);
    const patPreparation = await prepare(harness(), other.value.id, '2026-11-29');
    renderApp(harness(), '#/start');
    await user.click(await screen.findByRole('radio', { name: SUPERVISEE.name }));
    const bring = await screen.findByRole('group', { name: 'Bring a preparation' });
    // Val's preparation, chosen by hand after choosing not to bring it.
    await user.click(within(bring).getByRole('radio', { name: 'Do not bring a preparation' }));
    await user.click(within(bring).getByRole('radio', { name: 'For 22 November 2026' }));

    await user.click(screen.getByRole('radio', { name: 'Pat Other' }));

    const pats = await screen.findByRole('radio', { name: 'For 29 November 2026' });
    expect(screen.queryByRole('radio', { name: 'For 22 November 2026' })).toBeNull();
    expect(pats).toBeChecked();
    await user.type(screen.getByRole('textbox', { name: 'Supervisor’s full name' }), SUPERVISOR.name);
    await user.click(screen.getByRole('radio', { name: 'Derby and Derbyshire ICB — Supervision Documentation' }));
    await user.click(screen.getByRole('radio', { name: 'Safeguarding Supervision' }));
    await user.click(screen.getByRole('button', { name: 'Begin the session' }));
    expect(await screen.findByRole('heading', { level: 2, name: FOCUS })).toBeInTheDocument();
    expect((await harness().db.preparations.get(patPreparation))?.status).toBe('brought');
  });
});

describe('Agreeing the focus', () => {
  it('Continue is refused until the order of priority is agreed', async () => {
    const user = userEvent.setup();
    await openFocusSession(await createFocusSession());

    await pressContinue(user);

    expect(await screen.findByRole('alert')).toHaveTextContent(NOT_AGREED);
    expect(stepHeading()).toHaveTextContent(FOCUS);

    await user.click(screen.getByRole('checkbox', { name: AGREE }));
    await pressContinue(user);

    expect(await screen.findByRole('heading', { level: 2, name: DERBY_HEADINGS[0] })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('leaving a brought case and adding one of the supervisor’s shows in the order, undoes the agreement, and only the taken case is offered', async () => {
    const user = userEvent.setup();
    const sessionId = await openDerbyFocusSession();
    await user.click(screen.getByRole('checkbox', { name: AGREE }));

    await user.click(screen.getByRole('checkbox', { name: `Take ${BROUGHT.label}` }));
    await addSupervisorsCase(user, SUPERVISORS_CASE);

    expect(plannedOrder()).toEqual([
      [`Take ${BROUGHT.label}`, false, PREPARED_TAG],
      [`Take ${SUPERVISORS_CASE}`, true, SUPERVISOR_TAG],
    ]);
    expect(screen.getByRole('textbox', { name: 'Child or family the supervisor wants to discuss' })).toHaveValue('');
    // A brought case is left, never removed; the supervisor's own can be removed.
    expect(screen.queryByRole('button', { name: `Remove ${BROUGHT.label}` })).toBeNull();
    expect(screen.getByRole('button', { name: `Remove ${SUPERVISORS_CASE}` })).toBeInTheDocument();
    // Changing the cases changes what was agreed: it must be agreed again.
    expect(screen.getByRole('checkbox', { name: AGREE })).not.toBeChecked();
    const saved = await savedRecordWhen(harness(), sessionId, (record) => expect(record.plannedCases).toHaveLength(2));
    expect(saved.plannedCases?.map((p) => [p.label, p.source, p.take])).toEqual([
      [BROUGHT.label, 'prepared', false],
      [SUPERVISORS_CASE, 'supervisor', true],
    ]);
    expect(saved.priorityAgreed).toBe(false);

    await agreeAndContinueToCases(user);

    expect(within(agreedToDiscuss()).getAllByRole('button').map((b) => b.textContent)).toEqual([`Discuss ${SUPERVISORS_CASE}`]);
  });

  it('adding a supervisor’s case with no label is refused and adds nothing', async () => {
    const user = userEvent.setup();
    await openDerbyFocusSession();

    await user.click(screen.getByRole('button', { name: 'Add a case of the supervisor’s' }));

    expect(screen.getByRole('textbox', { name: 'Child or family the supervisor wants to discuss' })).toHaveAccessibleDescription(
      expect.stringContaining('Error: Enter a label for the child or family'),
    );
    expect(plannedOrder()).toEqual([[`Take ${BROUGHT.label}`, true, PREPARED_TAG]]);
  });

  it('moving a case changes the order, and the case step offers the cases in that order', async () => {
    const user = userEvent.setup();
    const sessionId = await openDerbyFocusSession();
    await addSupervisorsCase(user, SUPERVISORS_CASE);
    expect(plannedOrder().map(([label]) => label)).toEqual([`Take ${BROUGHT.label}`, `Take ${SUPERVISORS_CASE}`]);
    expect(screen.getByRole('button', { name: `Move ${BROUGHT.label} up` })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: `Move ${SUPERVISORS_CASE} up` }));

    expect(plannedOrder()).toEqual([
      [`Take ${SUPERVISORS_CASE}`, true, SUPERVISOR_TAG],
      [`Take ${BROUGHT.label}`, true, PREPARED_TAG],
    ]);
    expect(screen.getByRole('button', { name: `Move ${SUPERVISORS_CASE} up` })).toBeDisabled();
    expect(screen.getByRole('button', { name: `Move ${BROUGHT.label} down` })).toBeDisabled();
    await savedRecordWhen(harness(), sessionId, (record) =>
      expect(record.plannedCases?.map((p) => p.label)).toEqual([SUPERVISORS_CASE, BROUGHT.label]),
    );

    await agreeAndContinueToCases(user);

    const items = within(agreedToDiscuss()).getAllByRole('listitem');
    expect(items.map((item) => within(item).getByRole('button').textContent)).toEqual([`Discuss ${SUPERVISORS_CASE}`, `Discuss ${BROUGHT.label}`]);
    expect(within(items[0] as HTMLElement).getByText(SUPERVISOR_TAG)).toBeInTheDocument();
    expect(within(items[1] as HTMLElement).getByText(PREPARED_TAG)).toBeInTheDocument();
  });

  /**
   * Bug (client/features/session/steps/KeyIssuesStep.tsx, the issue TextArea's onChange):
   * it sends `keyIssue.changed` with `issue: { id: issue.id, text }`, and the machine replaces
   * the issue with it, so `prepared: true` is lost at the first keystroke and the tag vanishes
   * (a brought case keeps `prepared` however much it is edited). Fix: send
   * `issue: { ...issue, text }`.
   */
  it('editing a brought issue keeps it tagged "Prepared by the supervisee"', async () => {
    const user = userEvent.setup();
    const sessionId = await openDerbyFocusSession();
    const issue = screen.getByRole('textbox', { name: 'Issue 1' });

    await user.type(issue, ', so two caseloads are shared');

    expect(issue).toHaveValue(`${ISSUE}, so two caseloads are shared`);
    expect(within(issue.closest('li') as HTMLElement).getByText(PREPARED_TAG)).toBeInTheDocument();
    const saved = await savedRecordWhen(harness(), sessionId, (record) => expect(record.keyIssues[0]?.text).toMatch(/shared$/));
    expect(saved.keyIssues[0]?.prepared).toBe(true);
  });
});

describe('Discussing a brought case', () => {
  it('"Discuss Baby T" opens the cycle with the prepared Experience and Reflection in the fields, tagged as prepared', async () => {
    const user = userEvent.setup();
    const sessionId = await openDerbyFocusSession();
    await agreeAndContinueToCases(user);
    expect(within(agreedToDiscuss()).getByText(PREPARED_TAG)).toBeInTheDocument();

    await user.click(within(agreedToDiscuss()).getByRole('button', { name: `Discuss ${BROUGHT.label}` }));

    expect(await screen.findByRole('heading', { level: 3, name: 'Experience — What happened?' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Child or family' })).toHaveValue(BROUGHT.label);
    expect(screen.getByText(PREPARED_TAG)).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Experience: What happened?' })).toHaveValue(BROUGHT.experience);

    await user.click(screen.getByRole('button', { name: 'Continue to the next stage' }));

    expect(await screen.findByRole('heading', { level: 3, name: 'Reflection — What was it like?' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Reflection: What was it like?' })).toHaveValue(BROUGHT.reflection);
    await user.click(screen.getByRole('button', { name: 'Continue to the next stage' }));
    // Analysis was not prepared: it is the session's to write.
    expect(await screen.findByRole('heading', { level: 3, name: 'Analysis — What does this mean?' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Analysis: What does this mean?' })).toHaveValue('');

    await user.click(screen.getByRole('button', { name: 'Set this case aside' }));

    const discussed = await screen.findByRole('region', { name: 'Cases discussed' });
    expect(within(discussed).getByRole('listitem')).toHaveTextContent(BROUGHT.label);
    expect(within(within(discussed).getByRole('listitem')).getByText(PREPARED_TAG)).toBeInTheDocument();
    // Once discussed, it is no longer waiting in "Agreed to discuss".
    expect(screen.queryByRole('region', { name: 'Agreed to discuss' })).toBeNull();
    const saved = await savedRecordWhen(harness(), sessionId, (record) => expect(record.cases).toHaveLength(1));
    expect(saved.cases[0]).toMatchObject({
      id: BROUGHT.id,
      label: BROUGHT.label,
      prepared: true,
      complete: false,
      stages: { experience: { notes: BROUGHT.experience }, reflection: { notes: BROUGHT.reflection } },
    });
  });
});

describe('Temple: a brought case beside Appendix 3', () => {
  it('opens with "Prepared by the supervisee: What happened?" holding the prepared notes, before Appendix 3’s own fields', async () => {
    const user = userEvent.setup();
    // Temple 1.0.0 placed Appendix 3's fields in the 4x4x4 stages; sessions begun with it keep it.
    await openFocusSession(await createFocusSession(savedTemplate('temple-learning-academy-appendix-2', '1.0.0'), 'supervision'));
    await user.click(screen.getByRole('checkbox', { name: AGREE }));
    for (const heading of TEMPLE_HEADINGS.slice(0, 3)) {
      await pressContinue(user);
      await screen.findByRole('heading', { level: 2, name: heading });
    }

    await user.click(within(agreedToDiscuss()).getByRole('button', { name: `Discuss ${BROUGHT.label}` }));

    expect(await screen.findByRole('heading', { level: 3, name: 'Experience — What happened?' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Name of Student:' })).toHaveValue(BROUGHT.label);
    const cycle = screen.getByRole('region', { name: 'Experience — What happened?' });
    const fields = within(cycle)
      .getAllByRole('textbox')
      .filter((box) => box.tagName === 'TEXTAREA');
    expect(fields.map((box) => (box as HTMLTextAreaElement).labels?.[0]?.textContent)).toEqual([
      `${PREPARED_TAG}: What happened?`,
      'Summary of events since the last supervision',
      'Actions taken?',
    ]);
    expect(screen.getByRole('textbox', { name: `${PREPARED_TAG}: What happened?` })).toHaveValue(BROUGHT.experience);
    expect(screen.getByRole('textbox', { name: 'Summary of events since the last supervision' })).toHaveValue('');
    expect(screen.queryByRole('textbox', { name: 'Experience: What happened?' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Continue to the next stage' }));

    expect(await screen.findByRole('heading', { level: 3, name: 'Reflection — What was it like?' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: `${PREPARED_TAG}: What was it like?` })).toHaveValue(BROUGHT.reflection);
    expect(screen.getByRole('textbox', { name: 'What is the CP designate’s role/relationship with the family?' })).toHaveValue('');
    await user.click(screen.getByRole('button', { name: 'Continue to the next stage' }));
    // Nothing was prepared for Analysis: only Appendix 3's fields.
    expect(await screen.findByRole('heading', { level: 3, name: 'Analysis — What does this mean?' })).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: `${PREPARED_TAG}: What does this mean?` })).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Identified Risks/Issues?' })).toHaveValue('');
  });
});
