/**
 * The session machine built from each shipped template: the agenda in the template's order,
 * each section's rule before "next", case discussions run by the case machine, and a record
 * that is signed by both people and then sealed.
 */
import { modelOfCase } from '../../machines/models/index.ts';
import { describe, expect, it } from 'vitest';
import { getShortestPaths } from 'xstate/graph';
import { sectionsFor, type RecordTemplateV1 } from '../../machines/model/template.ts';
import type { ActionV1, ReviewOutcome, SessionContentV1 } from '../../machines/model/record.ts';
import { contentHashOf, signedContentOf } from '../../machines/model/seal.ts';
import { signingGaps, stepGaps } from '../../machines/session/gaps.ts';
import { createSessionMachine, type SessionEvent } from '../../machines/session/session.machine.ts';
import {
  agendaOf,
  completeAction,
  cycleOf,
  derby,
  DERBY,
  derbySections,
  derbySignedWithSkippedReflection,
  discussCase,
  driveToSignatures,
  everySessionType,
  previousAction,
  requireCycle,
  satisfy,
  driveTo,
  sectionOf,
  sessionInput,
  sessionPaths,
  signature,
  signBoth,
  somerset,
  startSession,
  temple,
  traversable,
  type SessionActor,
  type SessionSnapshot,
} from './fixtures.ts';

const unreviewed = `Previous action “${previousAction.what}” is not yet marked done, not done or carried forward`;
const finishCaseFirst = ['Finish this case, or set it aside, before moving on'];

function signaturesSectionOf(t: RecordTemplateV1): string {
  const section = t.sections.find((s) => s.collects.kind === 'signatures');
  if (!section) throw new Error(`${t.id} has no signatures section`);
  return section.id;
}

/** A Derby session at its signatures section, read through, ready to sign. */
function derbyReadyToSign(): SessionActor {
  const actor = startSession(derby(), DERBY);
  driveToSignatures(actor, derby(), DERBY);
  actor.send({ type: 'record.readThrough' });
  return actor;
}

function derbySealed(): SessionActor {
  const actor = startSession(derby(), DERBY);
  driveToSignatures(actor, derby(), DERBY);
  signBoth(actor);
  return actor;
}

const sealIsValid = (context: SessionContentV1) => context.contentHash === contentHashOf(signedContentOf(context));

describe.each(everySessionType)('agenda order: $name', ({ template: t, sessionType }) => {
  const order = sectionsFor(t, sessionType).map((s) => s.id);

  it('starts at the first section', () => {
    const actor = startSession(t, sessionType);
    expect(sectionOf(actor.getSnapshot())).toBe(order[0]);
  });

  it('visits every section in the template’s order, arriving at signatures ready to read through', () => {
    // Arrange
    const actor = startSession(t, sessionType);
    // Act
    const visited = driveToSignatures(actor, t, sessionType);
    // Assert
    expect(visited).toEqual(order);
    expect(agendaOf(actor.getSnapshot())).toEqual({ [signaturesSectionOf(t)]: 'reading' });
    expect(actor.getSnapshot().context.furthestSection).toBe(order.length - 1);
  });

  it('is sealed by the second signature, with a hash of exactly what was signed', () => {
    const actor = startSession(t, sessionType);
    driveToSignatures(actor, t, sessionType);
    signBoth(actor);
    const { context } = actor.getSnapshot();
    expect(sectionOf(actor.getSnapshot())).toBe('signed');
    expect(context.signatures).toEqual({ supervisor: signature('supervisor'), supervisee: signature('supervisee') });
    expect(context.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(sealIsValid(context)).toBe(true);
  });
});

describe('a Derby session event by event', () => {
  it('is sealed with a case whose Reflection was skipped with a reason, the case complete', () => {
    const { value, context } = derbySignedWithSkippedReflection().getSnapshot();
    expect(context.cases[0]?.complete).toBe(true);
    expect(value).toEqual({ agenda: 'signed', escalation: 'closed' });
    expect(context.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('step.next is refused, naming each gap', () => {
  it('while a previous action is not reviewed', () => {
    // Arrange
    const actor = startSession(derby(), DERBY);
    // Act
    actor.send({ type: 'step.next' });
    // Assert
    expect(sectionOf(actor.getSnapshot())).toBe('review-of-previous-supervision');
    expect(actor.getSnapshot().context.refusal).toEqual([unreviewed]);
  });

  it('while a previous action is marked not done without a reason, and not once the reason is given', () => {
    const actor = startSession(derby(), DERBY);
    actor.send({ type: 'review.changed', actionId: previousAction.id, review: { outcome: 'notDone', reason: '  ', newDueDate: '' } });
    actor.send({ type: 'step.next' });
    expect(sectionOf(actor.getSnapshot())).toBe('review-of-previous-supervision');
    expect(actor.getSnapshot().context.refusal).toEqual([`Previous action “${previousAction.what}” is marked not done without a reason`]);

    actor.send({ type: 'review.changed', actionId: previousAction.id, review: { outcome: 'notDone', reason: 'School nurse on leave', newDueDate: '' } });
    expect(actor.getSnapshot().context.refusal).toEqual([]);
    actor.send({ type: 'step.next' });
    expect(sectionOf(actor.getSnapshot())).toBe('issues-or-concerns');
  });

  it('while a previous action is carried forward without a reason, and not once the reason is given', () => {
    // Arrange
    const actor = startSession(derby(), DERBY);
    const carried = (reason: string) => ({ outcome: 'carriedForward' as const, reason, newDueDate: '2026-12-20' });
    actor.send({ type: 'review.changed', actionId: previousAction.id, review: carried(' ') });
    // Act
    actor.send({ type: 'step.next' });
    // Assert
    expect(sectionOf(actor.getSnapshot())).toBe('review-of-previous-supervision');
    expect(actor.getSnapshot().context.refusal).toEqual([`Previous action “${previousAction.what}” is carried forward without a reason`]);

    actor.send({ type: 'review.changed', actionId: previousAction.id, review: carried('Awaiting school records') });
    expect(actor.getSnapshot().context.refusal).toEqual([]);
    actor.send({ type: 'step.next' });
    expect(sectionOf(actor.getSnapshot())).toBe('issues-or-concerns');
    expect(actor.getSnapshot().context.reviews[previousAction.id]).toEqual(carried('Awaiting school records'));
  });

  it('for each previous action not reviewed, one gap each', () => {
    const second = { ...previousAction, id: 'prev-action-0002', what: 'Attend core group' };
    const actor = startSession(derby(), DERBY, { previousActions: [previousAction, second] });
    actor.send({ type: 'review.changed', actionId: previousAction.id, review: { outcome: 'done', reason: '', newDueDate: '' } });
    actor.send({ type: 'step.next' });
    expect(actor.getSnapshot().context.refusal).toEqual(['Previous action “Attend core group” is not yet marked done, not done or carried forward']);
  });

  it('while the priority of key issues is not agreed (Somerset), and again after the issues change', () => {
    const actor = startSession(somerset(), 'individual');
    actor.send({ type: 'step.next' });
    expect(sectionOf(actor.getSnapshot())).toBe('key-issues');
    expect(actor.getSnapshot().context.refusal).toEqual(['Agree the order of priority for the issues brought (or agree there are none)']);

    actor.send({ type: 'keyIssue.added', issue: { id: 'issue-0001', text: 'Caseload' } });
    actor.send({ type: 'keyIssue.added', issue: { id: 'issue-0002', text: 'Neglect case drift' } });
    actor.send({ type: 'keyIssues.priorityAgreed', agreed: true });
    actor.send({ type: 'keyIssue.moved', id: 'issue-0002', direction: 'up' });
    expect(actor.getSnapshot().context.keyIssues.map((i) => i.id)).toEqual(['issue-0002', 'issue-0001']);
    expect(actor.getSnapshot().context.priorityAgreed).toBe(false);
    actor.send({ type: 'step.next' });
    expect(sectionOf(actor.getSnapshot())).toBe('key-issues');

    actor.send({ type: 'keyIssues.priorityAgreed', agreed: true });
    actor.send({ type: 'step.next' });
    expect(sectionOf(actor.getSnapshot())).toBe('actions-from-previous-session');
  });

  it('while no case has been discussed', () => {
    const actor = startSession(derby(), DERBY);
    driveTo(actor, derby(), DERBY, 'case-discussion');
    actor.send({ type: 'step.next' });
    expect(agendaOf(actor.getSnapshot())).toEqual({ 'case-discussion': 'choosing' });
    expect(actor.getSnapshot().context.refusal).toEqual(['No case has been discussed: discuss one, or record why none was discussed']);
  });

  it('while a case was set aside before action planning, naming it', () => {
    const actor = startSession(derby(), DERBY);
    driveTo(actor, derby(), DERBY, 'case-discussion');
    actor.send({ type: 'case.started', caseId: 'case-0001', label: 'Baby T', chosenBy: null });
    requireCycle(actor).send({ type: 'case.setAside' });
    actor.send({ type: 'step.next' });
    expect(actor.getSnapshot().context.refusal).toEqual([
      'The discussion of “Baby T” was set aside before action planning',
      'No case has been discussed: discuss one, or record why none was discussed',
    ]);
  });

  it('at Temple while no case has been discussed: two expected, one chosen by each', () => {
    const actor = startSession(temple(), 'supervision');
    driveTo(actor, temple(), 'supervision', 'review-of-current-cases');
    actor.send({ type: 'step.next' });
    expect(actor.getSnapshot().context.refusal).toEqual([
      '2 cases are expected and 0 have been discussed: discuss more, or record why not',
      'No case chosen by the supervisor has been discussed',
      'No case chosen by the supervisee has been discussed',
    ]);
  });

  it('at Temple while both cases were chosen by the supervisor', () => {
    const actor = startSession(temple(), 'supervision');
    driveTo(actor, temple(), 'supervision', 'review-of-current-cases');
    discussCase(actor, { caseId: 'case-0001', label: 'Student A', chosenBy: 'supervisor' });
    discussCase(actor, { caseId: 'case-0002', label: 'Student B', chosenBy: 'supervisor' });
    actor.send({ type: 'step.next' });
    expect(sectionOf(actor.getSnapshot())).toBe('review-of-current-cases');
    expect(actor.getSnapshot().context.refusal).toEqual(['No case chosen by the supervisee has been discussed']);
  });

  it('not at Temple once one case is chosen by each (the chooser can be set during the discussion)', () => {
    const actor = startSession(temple(), 'supervision');
    driveTo(actor, temple(), 'supervision', 'review-of-current-cases');
    discussCase(actor, { caseId: 'case-0001', label: 'Student A', chosenBy: 'supervisor' });
    actor.send({ type: 'case.started', caseId: 'case-0002', label: 'Student B', chosenBy: null });
    const cycle = requireCycle(actor);
    cycle.send({ type: 'case.chosenBy', chosenBy: 'supervisee' });
    // The stages of the case's model (Temple's Appendix 3 since template 1.1.0).
    for (const stage of modelOfCase(cycle.getSnapshot().context).stages.map((s) => s.id)) {
      cycle.send({ type: 'stage.answered', stage, field: 'notes', text: 'Noted' });
      cycle.send({ type: 'stage.completed' });
    }
    actor.send({ type: 'step.next' });
    expect(sectionOf(actor.getSnapshot())).toBe('quality-assurance');
  });
});

describe('recording that no case was discussed', () => {
  it.each([
    ['Derby', derby(), DERBY, 'case-discussion'],
    ['Temple', temple(), 'supervision', 'review-of-current-cases'],
  ] as const)('satisfies the case rule at %s', (_name, t, sessionType, casesId) => {
    const actor = startSession(t, sessionType);
    driveTo(actor, t, sessionType, casesId);
    actor.send({ type: 'cases.noneDiscussed', reason: '  Whole session spent on an urgent strategy meeting  ' });
    expect(actor.getSnapshot().context.noCasesReason).toBe('Whole session spent on an urgent strategy meeting');
    actor.send({ type: 'step.next' });
    const order = sectionsFor(t, sessionType).map((s) => s.id);
    expect(sectionOf(actor.getSnapshot())).toBe(order[order.indexOf(casesId) + 1]);
  });

  it('is ignored with a blank reason', () => {
    const actor = startSession(derby(), DERBY);
    driveTo(actor, derby(), DERBY, 'case-discussion');
    actor.send({ type: 'cases.noneDiscussed', reason: '   ' });
    actor.send({ type: 'step.next' });
    expect(actor.getSnapshot().context.noCasesReason).toBe('');
    expect(sectionOf(actor.getSnapshot())).toBe('case-discussion');
  });

  it('is withdrawn when a case is then discussed to the end', () => {
    const actor = startSession(derby(), DERBY);
    driveTo(actor, derby(), DERBY, 'case-discussion');
    actor.send({ type: 'cases.noneDiscussed', reason: 'No time' });
    discussCase(actor, { caseId: 'case-0001', label: 'Baby T', chosenBy: null });
    expect(actor.getSnapshot().context.noCasesReason).toBe('');
    expect(actor.getSnapshot().context.cases.map((c) => [c.id, c.complete])).toEqual([['case-0001', true]]);
  });
});

describe('moving around the agenda', () => {
  it('step.back goes to the previous section and clears the refusal', () => {
    const actor = startSession(derby(), DERBY);
    driveTo(actor, derby(), DERBY, 'professional-challenges');
    actor.send({ type: 'step.back' });
    expect(sectionOf(actor.getSnapshot())).toBe('issues-or-concerns');
    expect(actor.getSnapshot().context.furthestSection).toBe(2);
  });

  it('step.back from the first section goes nowhere', () => {
    const actor = startSession(derby(), DERBY);
    const before = actor.getSnapshot();
    actor.send({ type: 'step.back' });
    expect(actor.getSnapshot().value).toEqual(before.value);
  });

  it('step.goto reaches any section already visited, backwards or forwards', () => {
    const actor = startSession(derby(), DERBY);
    driveTo(actor, derby(), DERBY, 'development-training');
    actor.send({ type: 'step.goto', sectionId: 'review-of-previous-supervision' });
    expect(sectionOf(actor.getSnapshot())).toBe('review-of-previous-supervision');
    actor.send({ type: 'step.goto', sectionId: 'development-training' });
    expect(sectionOf(actor.getSnapshot())).toBe('development-training');
    actor.send({ type: 'step.goto', sectionId: 'case-discussion' });
    expect(agendaOf(actor.getSnapshot())).toEqual({ 'case-discussion': 'choosing' });
  });

  it.each(['plan-and-actions', 'signatures', 'no-such-section'])('step.goto to %s, not yet visited, goes nowhere', (sectionId) => {
    const actor = startSession(derby(), DERBY);
    driveTo(actor, derby(), DERBY, 'development-training');
    actor.send({ type: 'step.goto', sectionId });
    expect(sectionOf(actor.getSnapshot())).toBe('development-training');
  });

  it.each<[string, SessionEvent]>([
    ['step.next', { type: 'step.next' }],
    ['step.back', { type: 'step.back' }],
    ['step.goto', { type: 'step.goto', sectionId: 'review-of-previous-supervision' }],
  ])('leaving a case mid-discussion by %s is refused, and the discussion is untouched', (_name, leave) => {
    // Arrange
    const actor = startSession(derby(), DERBY);
    driveTo(actor, derby(), DERBY, 'case-discussion');
    actor.send({ type: 'case.started', caseId: 'case-0001', label: 'Baby T', chosenBy: null });
    const cycle = requireCycle(actor);
    cycle.send({ type: 'stage.answered', stage: 'experience', field: 'notes', text: 'Home visit' });
    cycle.send({ type: 'stage.completed' });
    const caseBefore = cycle.getSnapshot();
    // Act
    actor.send(leave);
    // Assert
    expect(agendaOf(actor.getSnapshot())).toEqual({ 'case-discussion': 'discussing' });
    expect(actor.getSnapshot().context.refusal).toEqual(finishCaseFirst);
    expect(cycleOf(actor)).toBe(cycle);
    expect(cycle.getSnapshot().value).toBe('reflection');
    expect(cycle.getSnapshot().context).toEqual(caseBefore.context);
  });

  it('a case set aside can be reopened with what was written, and finished', () => {
    const actor = startSession(derby(), DERBY);
    driveTo(actor, derby(), DERBY, 'case-discussion');
    actor.send({ type: 'case.started', caseId: 'case-0001', label: 'Baby T', chosenBy: null });
    requireCycle(actor).send({ type: 'stage.answered', stage: 'experience', field: 'notes', text: 'Home visit' });
    requireCycle(actor).send({ type: 'case.setAside' });
    expect(actor.getSnapshot().context.cases[0]).toMatchObject({ id: 'case-0001', complete: false, stages: { experience: { notes: 'Home visit' } } });

    actor.send({ type: 'case.reopened', caseId: 'case-0001' });
    const cycle = requireCycle(actor);
    expect(cycle.getSnapshot().context.stages.experience).toEqual({ notes: 'Home visit' });
    cycle.send({ type: 'stage.completed' });
    for (const stage of ['reflection', 'analysis', 'actionPlanning'] as const) {
      cycle.send({ type: 'stage.answered', stage, field: 'notes', text: 'Noted' });
      cycle.send({ type: 'stage.completed' });
    }
    expect(actor.getSnapshot().context.cases).toHaveLength(1);
    expect(actor.getSnapshot().context.cases[0]?.complete).toBe(true);
    actor.send({ type: 'step.next' });
    expect(sectionOf(actor.getSnapshot())).toBe('development-training');
  });

  it('removing a case removes the actions agreed for it', () => {
    const actor = startSession(derby(), DERBY);
    driveTo(actor, derby(), DERBY, 'case-discussion');
    discussCase(actor, { caseId: 'case-0001', label: 'Baby T', chosenBy: null });
    actor.send({ type: 'action.added', action: completeAction('action-0001', 'case-0001') });
    actor.send({ type: 'action.added', action: completeAction('action-0002', null) });
    actor.send({ type: 'case.removed', caseId: 'case-0001' });
    expect(actor.getSnapshot().context.cases).toEqual([]);
    expect(actor.getSnapshot().context.actions.map((a) => a.id)).toEqual(['action-0002']);
  });
});

describe('signing', () => {
  const ownerless: ActionV1 = { ...completeAction(), owner: { kind: null, name: '' }, dueDate: '' };

  it('is not possible before the record is read through', () => {
    const actor = startSession(derby(), DERBY);
    driveToSignatures(actor, derby(), DERBY);
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    expect(agendaOf(actor.getSnapshot())).toEqual({ signatures: 'reading' });
    expect(actor.getSnapshot().context.signatures.supervisor).toBeNull();
  });

  it('is refused while an action has no owner or no due date, naming each gap', () => {
    // Arrange
    const actor = derbyReadyToSign();
    actor.send({ type: 'action.changed', action: ownerless });
    // Act
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    // Assert
    const { context } = actor.getSnapshot();
    expect(context.signatures.supervisor).toBeNull();
    expect(context.refusal).toEqual(['“Refer to MASH” has no owner', '“Refer to MASH” has no due date']);
    expect(agendaOf(actor.getSnapshot())).toEqual({ signatures: 'signing' });
  });

  it('names an unnamed other owner and an action that says nothing', () => {
    const actor = derbyReadyToSign();
    actor.send({ type: 'action.added', action: { ...completeAction('action-0002'), what: '', owner: { kind: 'other', name: ' ' } } });
    actor.send({ type: 'signature.added', signature: signature('supervisee') });
    expect(actor.getSnapshot().context.refusal).toEqual(['Action 2 does not say what is to be done', 'Action 2 is owned by another person who is not named']);
  });

  it('is refused while a previous action is carried forward without a reason (changed at the signatures), naming it', () => {
    // Arrange
    const actor = derbyReadyToSign();
    actor.send({ type: 'review.changed', actionId: previousAction.id, review: { outcome: 'carriedForward', reason: '', newDueDate: '' } });
    // Act
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    // Assert
    expect(actor.getSnapshot().context.signatures.supervisor).toBeNull();
    expect(actor.getSnapshot().context.refusal).toEqual([`Previous action “${previousAction.what}” is carried forward without a reason`]);
  });

  it('re-checks every section: a review undone at the signatures is named', () => {
    const actor = derbyReadyToSign();
    actor.send({ type: 'review.changed', actionId: previousAction.id, review: { outcome: null, reason: '', newDueDate: '' } });
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    expect(actor.getSnapshot().context.refusal).toEqual([unreviewed]);
    expect(actor.getSnapshot().context.refusal).toEqual(signingGaps(sectionsFor(derby(), DERBY), actor.getSnapshot().context));
  });

  it('the first signature is recorded without sealing', () => {
    const actor = derbyReadyToSign();
    actor.send({ type: 'signature.added', signature: signature('supervisee') });
    const { context } = actor.getSnapshot();
    expect(context.signatures).toEqual({ supervisor: null, supervisee: signature('supervisee') });
    expect(context.contentHash).toBeNull();
    expect(agendaOf(actor.getSnapshot())).toEqual({ signatures: 'signing' });
  });

  it('the same person signing twice does not seal', () => {
    const actor = derbyReadyToSign();
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    expect(actor.getSnapshot().context.contentHash).toBeNull();
  });

  it('the second signature seals: a 64-hex SHA-256 of the signed content', () => {
    // Arrange
    const actor = derbyReadyToSign();
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    // Act
    actor.send({ type: 'signature.added', signature: signature('supervisee') });
    // Assert
    const { context } = actor.getSnapshot();
    expect(agendaOf(actor.getSnapshot())).toBe('signed');
    expect(context.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(context.contentHash).toBe(contentHashOf(signedContentOf(context)));
    // The hash covers what was written: a different record would not match it.
    expect(contentHashOf(signedContentOf({ ...context, answers: { 'any-other-business': 'x' } }))).not.toBe(context.contentHash);
  });

  it('a signature taken back can be given again', () => {
    const actor = derbyReadyToSign();
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    actor.send({ type: 'signature.removed', role: 'supervisor' });
    expect(actor.getSnapshot().context.signatures.supervisor).toBeNull();
    actor.send({ type: 'signature.added', signature: signature('supervisee') });
    expect(actor.getSnapshot().context.contentHash).toBeNull();
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    expect(agendaOf(actor.getSnapshot())).toBe('signed');
  });

  const edits: [string, SessionEvent][] = [
    ['answer.changed', { type: 'answer.changed', sectionId: 'any-other-business', text: 'Parking at the clinic' }],
    ['field.changed', { type: 'field.changed', sectionId: 'any-other-business', fieldId: 'note', text: 'x' }],
    ['keyIssue.added', { type: 'keyIssue.added', issue: { id: 'issue-0001', text: 'Caseload' } }],
    ['keyIssues.priorityAgreed', { type: 'keyIssues.priorityAgreed', agreed: true }],
    ['review.changed', { type: 'review.changed', actionId: previousAction.id, review: { outcome: 'carriedForward', reason: '', newDueDate: '' } }],
    ['action.added', { type: 'action.added', action: completeAction('action-0002') }],
    ['action.changed', { type: 'action.changed', action: { ...completeAction(), what: 'Refer to MASH today' } }],
    ['action.removed', { type: 'action.removed', id: 'action-0001' }],
    ['nextMeeting.changed', { type: 'nextMeeting.changed', nextMeeting: { date: '2027-01-10', time: '10:00', venue: 'Clinic' } }],
  ];

  it.each(edits)('an edit (%s) after the first signature clears the signatures', (_name, edit) => {
    // Arrange
    const actor = derbyReadyToSign();
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    // Act
    actor.send(edit);
    // Assert
    expect(actor.getSnapshot().context.signatures).toEqual({ supervisor: null, supervisee: null });
  });

  it('going back from the signatures clears the signatures', () => {
    const actor = derbyReadyToSign();
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    actor.send({ type: 'step.back' });
    expect(sectionOf(actor.getSnapshot())).toBe('next-meeting');
    expect(actor.getSnapshot().context.signatures).toEqual({ supervisor: null, supervisee: null });
  });

  it('a look back by step.goto never leaves a signature over words that changed', () => {
    // Unlike step.back, step.goto keeps a signature; that is safe only because every edit made
    // while away clears it. Either way, what is sealed must be what both people saw.
    const looked = derbyReadyToSign();
    looked.send({ type: 'signature.added', signature: signature('supervisor') });
    looked.send({ type: 'step.goto', sectionId: 'plan-and-actions' });
    looked.send({ type: 'step.goto', sectionId: 'signatures' });
    expect(agendaOf(looked.getSnapshot())).toEqual({ signatures: 'reading' });
    signBoth(looked);
    expect(sectionOf(looked.getSnapshot())).toBe('signed');
    expect(sealIsValid(looked.getSnapshot().context)).toBe(true);

    const edited = derbyReadyToSign();
    edited.send({ type: 'signature.added', signature: signature('supervisor') });
    edited.send({ type: 'step.goto', sectionId: 'plan-and-actions' });
    edited.send({ type: 'action.changed', action: { ...completeAction(), dueDate: '2026-12-01' } });
    expect(edited.getSnapshot().context.signatures).toEqual({ supervisor: null, supervisee: null });
  });

  it.each<[string, SessionEvent]>([
    ...edits,
    ['signature.removed', { type: 'signature.removed', role: 'supervisor' }],
    ['signature.added', { type: 'signature.added', signature: { ...signature('supervisor'), fullName: 'Someone Else' } }],
    ['step.back', { type: 'step.back' }],
    ['step.goto', { type: 'step.goto', sectionId: 'plan-and-actions' }],
    ['step.next', { type: 'step.next' }],
    ['case.removed', { type: 'case.removed', caseId: 'case-0001' }],
    ['cases.noneDiscussed', { type: 'cases.noneDiscussed', reason: 'None' }],
    ['record.readThrough', { type: 'record.readThrough' }],
  ])('nothing changes after sealing: %s', (_name, event) => {
    // Arrange
    const actor = derbySealed();
    const before = actor.getSnapshot();
    // Act
    actor.send(event);
    // Assert
    expect(actor.getSnapshot().value).toEqual(before.value);
    expect(actor.getSnapshot().context).toEqual(before.context);
    expect(sealIsValid(actor.getSnapshot().context)).toBe(true);
  });
});

describe('the session as a graph (xstate/graph)', () => {
  describe.each(everySessionType)('$name', ({ template: t, sessionType }) => {
    const sections = sectionsFor(t, sessionType);
    const order = sections.map((s) => s.id);
    const actionsId = sections.find((s) => s.collects.kind === 'actions')?.id ?? '';
    const paths = sessionPaths(t, sessionType);
    const states = paths.map((p) => p.state);
    const indexOf = (snapshot: SessionSnapshot) => order.indexOf(sectionOf(snapshot));

    it('reaches every section, and a sealed record', () => {
      const reached = new Set(states.map(sectionOf));
      for (const id of order) expect(reached, id).toContain(id);
      expect(states.some((s) => sectionOf(s) === 'signed' && s.context.contentHash !== null)).toBe(true);
    });

    it('no path reaches "signed" without passing the actions section', () => {
      // Stop the traversal at the actions section: then nothing after it is reachable at all.
      const withoutActions = sessionPaths(t, sessionType, { stopWhen: (s) => sectionOf(s) === actionsId }).map((p) => p.state);
      expect(withoutActions.some((s) => sectionOf(s) === actionsId)).toBe(true);
      expect(withoutActions.filter((s) => sectionOf(s) === 'signed')).toEqual([]);
      expect(Math.max(...withoutActions.map(indexOf))).toBe(order.indexOf(actionsId));
    });

    it('every state is reached in template order: no section is entered before all earlier ones', () => {
      for (const path of paths) {
        const firstVisits = [...new Set(path.steps.map((s) => sectionOf(s.state)))];
        expect(firstVisits).toEqual(order.slice(0, firstVisits.length).concat(firstVisits.length > order.length ? ['signed'] : []));
      }
    });

    it('the current section is never beyond the furthest section reached', () => {
      for (const state of states.filter((s) => sectionOf(s) !== 'signed')) {
        expect(indexOf(state)).toBeGreaterThanOrEqual(0);
        expect(indexOf(state)).toBeLessThanOrEqual(state.context.furthestSection);
      }
    });

    it('every signed state carries a valid seal over a record with no gaps and both signatures', () => {
      const signed = states.filter((s) => sectionOf(s) === 'signed');
      expect(signed.length).toBeGreaterThan(0);
      for (const state of signed) {
        expect(state.context.contentHash).toMatch(/^[0-9a-f]{64}$/);
        expect(sealIsValid(state.context)).toBe(true);
        expect(state.context.signatures.supervisor).not.toBeNull();
        expect(state.context.signatures.supervisee).not.toBeNull();
        expect(signingGaps(sections, state.context)).toEqual([]);
      }
    });
  });
});

describe('the review of previous actions as a graph (xstate/graph)', () => {
  /** An earlier action carried forward once before and overdue: carrying it forward again raises both drift flags. */
  const driftingAction = { ...previousAction, timesCarriedForward: 1, dueDate: '2026-11-01' };
  const reviewed = (outcome: ReviewOutcome, reason: string): SessionEvent => ({
    type: 'review.changed',
    actionId: previousAction.id,
    review: { outcome, reason, newDueDate: '' },
  });
  const events: SessionEvent[] = [
    reviewed('done', ''),
    reviewed('notDone', ''),
    reviewed('notDone', 'The school nurse was on leave'),
    reviewed('carriedForward', ''),
    reviewed('carriedForward', ' '),
    reviewed('carriedForward', 'Awaiting school records'),
    ...(['carriedForward', 'overdue'] as const).map(
      (kind): SessionEvent => ({ type: 'drift.responded', flagId: `${kind}:${previousAction.id}`, response: { response: 'revise', reason: '' } }),
    ),
    { type: 'step.next' },
    { type: 'step.back' },
  ];
  const left = (s: SessionSnapshot) => sectionOf(s) !== 'review-of-previous-supervision';
  const pathsOver = (machine = createSessionMachine(derby(), DERBY)) =>
    getShortestPaths(traversable(machine), {
      input: sessionInput({ previousActions: [driftingAction] }),
      events,
      serializeState: (snapshot) => JSON.stringify({ value: snapshot.value, context: { ...snapshot.context, refusal: [] } }),
      // Once the review is left, what matters is how it was left.
      stopWhen: left,
    }).map((path) => path.state);

  it('no path leaves the review with an action carried forward without a reason, or a drift flag unanswered', () => {
    // Arrange and act
    const states = pathsOver();
    // Assert
    const leaving = states.filter(left);
    expect(leaving.length).toBeGreaterThan(0);
    for (const state of leaving) {
      const review = state.context.reviews[previousAction.id];
      expect(review?.outcome).not.toBeNull();
      if (review?.outcome !== 'done') expect(review?.reason.trim()).not.toBe('');
      expect(stepGaps(derbySections[0]!, state.context)).toEqual([]);
    }
    // Carrying forward with a reason (and both flags answered) is one way out.
    expect(leaving.some((state) => state.context.reviews[previousAction.id]?.outcome === 'carriedForward')).toBe(true);
  });

  it('while in the review, carrying forward without a reason is a gap, worded as the others', () => {
    const states = pathsOver().filter((s) => !left(s));
    const blank = states.filter((s) => s.context.reviews[previousAction.id]?.outcome === 'carriedForward' && !s.context.reviews[previousAction.id]?.reason.trim());
    expect(blank.length).toBeGreaterThan(0);
    for (const state of blank) {
      expect(stepGaps(derbySections[0]!, state.context)).toContain(`Previous action “${previousAction.what}” is carried forward without a reason`);
    }
  });

  it('the check can fail: with the step’s guard broken, a path leaves with no reason given', () => {
    const broken = createSessionMachine(derby(), DERBY).provide({ guards: { hasNoStepGaps: () => true } });
    const leaving = pathsOver(broken).filter(left);
    expect(leaving.some((s) => s.context.reviews[previousAction.id]?.outcome === 'carriedForward' && s.context.reviews[previousAction.id]?.reason === '')).toBe(true);
  });
});

describe('the graph checks can fail', () => {
  it('the template-order check finds a path that jumps ahead, if step.goto ignored where the session has been', () => {
    // Arrange: the same machine with its "visited" guard broken.
    const t = derby();
    const order = sectionsFor(t, DERBY).map((s) => s.id);
    const broken = createSessionMachine(t, DERBY).provide({ guards: { hasBeenVisited: () => true } });
    // Act
    const paths = sessionPaths(t, DERBY, { machine: broken });
    // Assert
    const outOfOrder = paths.filter((path) => {
      const firstVisits = [...new Set(path.steps.map((s) => sectionOf(s.state)))];
      return firstVisits.some((id, i) => id !== order[i]);
    });
    expect(outOfOrder.length).toBeGreaterThan(0);
  });

  it('the actions check finds "signed" reachable, if the agenda could skip past the actions', () => {
    const t = derby();
    const broken = createSessionMachine(t, DERBY).provide({ guards: { hasBeenVisited: () => true } });
    const signedWithoutActions = sessionPaths(t, DERBY, { machine: broken, stopWhen: (s) => sectionOf(s) === 'plan-and-actions' })
      .map((p) => p.state)
      .filter((s) => sectionOf(s) === 'signed');
    expect(signedWithoutActions.length).toBeGreaterThan(0);
  });
});
