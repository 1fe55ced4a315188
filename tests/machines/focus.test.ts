/**
 * A session the supervisee prepared for: what they chose to bring opens the session as the
 * focus to agree (which issues and cases, in what order), and each case they drafted opens
 * with their draft. A template with its own key-issues section (Somerset) agrees it there.
 */
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { envelopeOf, inputOf, restoreSession, type RestoredSession } from '../../client/live/session.ts';
import { sessionMachineVersion } from '../../machines/model/envelope.ts';
import type { BroughtV1, CaseDiscussionV1, PlannedCaseV1, SessionContentV1 } from '../../machines/model/record.ts';
import { contentHashOf, signedContentOf } from '../../machines/model/seal.ts';
import {
  $RecordTemplateV1,
  focusSection,
  reservedSectionIds,
  sectionsFor,
  sessionSections,
  type RecordTemplateV1,
} from '../../machines/model/template.ts';
import { broughtAnything, sectionsOfSession } from '../../machines/session/sections.ts';
import { createSessionMachine } from '../../machines/session/session.machine.ts';
import {
  agendaOf,
  broughtPreparation,
  cycleOf,
  derby,
  DERBY,
  discussCase,
  driveSectionsToSignatures,
  focusSessionPaths,
  requireCycle,
  sectionOf,
  signature,
  signBoth,
  somerset,
  specificAnswer,
  startFocusSession,
  startSession,
  stepNext,
  type SessionActor,
  type SessionSnapshot,
} from './fixtures.ts';

const SOMERSET = 'individual';
const savedAt = '2026-11-22T10:15:00.000Z';
const agreeFirst = 'Agree the order of priority for the issues brought (or agree there are none)';

const brought = broughtPreparation();
const focusSections = sessionSections(derby(), DERBY, { focus: true });
const focusOrder = focusSections.map((s) => s.id);

const babyT: PlannedCaseV1 = { id: 'prep-case-0001', label: 'Baby T', source: 'prepared', take: true };
const childM: PlannedCaseV1 = { id: 'prep-case-0002', label: 'Child M', source: 'prepared', take: true };
const childQ: PlannedCaseV1 = { id: 'planned-0003', label: 'Child Q', source: 'supervisor', take: true };

const broughtIssues = [
  { id: 'prep-issue-0001', text: 'My caseload has risen to 42 families since a colleague left in October.', prepared: true },
  { id: 'prep-issue-0002', text: 'I want to practise the questions I ask fathers at new birth visits.', prepared: true },
];

const throughStorage = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** A Derby focus session, the focus agreed and the earlier action reviewed, at its case discussion. */
function focusAtCases(): SessionActor {
  const actor = startFocusSession(derby(), DERBY);
  actor.send({ type: 'keyIssues.priorityAgreed', agreed: true });
  actor.send({ type: 'step.next' });
  actor.send({ type: 'review.changed', actionId: 'prev-action-0001', review: { outcome: 'done', reason: '', newDueDate: '' } });
  stepNext(actor, 3);
  expect(agendaOf(actor.getSnapshot())).toEqual({ 'case-discussion': 'choosing' });
  return actor;
}

function startPlanned(actor: SessionActor, planned: PlannedCaseV1): void {
  actor.send({ type: 'case.started', caseId: planned.id, label: planned.label, chosenBy: null, plannedCaseId: planned.id });
}

/** focusAtCases, then `planned` started from the plan: the session and the case's cycle. */
function focusWithPlannedCase(planned: PlannedCaseV1): { actor: SessionActor; cycle: ReturnType<typeof requireCycle> } {
  const actor = focusAtCases();
  startPlanned(actor, planned);
  return { actor, cycle: requireCycle(actor) };
}

/** What the supervisor and supervisee rewrite Baby T's drafted reflection to. */
const rewrittenReflection = 'Baby T: I felt more worried once we talked it through.';

/**
 * Baby T as the session stores it when started from the plan with its reflection rewritten
 * (rewrittenReflection): experience and analysis as drafted, action planning as given.
 */
function babyTRewritten(actionPlanning: CaseDiscussionV1['stages']['actionPlanning'], complete: boolean): CaseDiscussionV1 {
  return {
    id: babyT.id,
    label: 'Baby T',
    chosenBy: null,
    stages: {
      experience: { notes: specificAnswer('Baby T', 'experience') },
      reflection: { notes: rewrittenReflection },
      analysis: { notes: specificAnswer('Baby T', 'analysis') },
      actionPlanning,
    },
    skipped: {},
    complete,
    prepared: true,
  };
}

/** Finish a case from experience, keeping each drafted stage and writing the ones left empty. */
function finishFromDraft(actor: SessionActor, label: string): void {
  const cycle = requireCycle(actor);
  for (const stage of ['experience', 'reflection', 'analysis', 'actionPlanning'] as const) {
    const written = Object.values(cycle.getSnapshot().context.stages[stage] ?? {}).some((text) => text.trim() !== '');
    if (!written) cycle.send({ type: 'stage.answered', stage, field: 'notes', text: specificAnswer(label, stage) });
    cycle.send({ type: 'stage.completed' });
  }
}

describe('a Derby session with a preparation brought', () => {
  it('runs a focus section first, then the template’s sections in order', () => {
    expect(focusSections[0]).toBe(focusSection);
    expect(focusSections[0]?.heading).toBe('Issues and cases brought to supervision');
    expect(focusOrder).toEqual(['focus', ...sectionsFor(derby(), DERBY).map((s) => s.id)]);
  });

  it('opens on the focus section', () => {
    const actor = startFocusSession(derby(), DERBY);
    expect(actor.getSnapshot().value).toEqual({ agenda: 'focus', escalation: 'closed' });
    expect(actor.getSnapshot().context.furthestSection).toBe(0);
  });

  it('starts with the issues brought as key issues, marked prepared, and the preparation kept', () => {
    const { context } = startFocusSession(derby(), DERBY).getSnapshot();
    expect(context.keyIssues).toEqual(broughtIssues);
    expect(context.brought).toEqual(brought);
  });

  it('starts with the cases brought planned, prepared and taken, in the order brought', () => {
    expect(startFocusSession(derby(), DERBY).getSnapshot().context.plannedCases).toEqual([babyT, childM]);
  });

  it('without a preparation, a session has no key issues or planned cases', () => {
    const { context } = startSession(derby(), DERBY).getSnapshot();
    expect(context.keyIssues).toEqual([]);
    expect(context.plannedCases).toEqual([]);
    expect(context.brought).toBeNull();
  });

  it('cannot move on until the priority is agreed', () => {
    // Arrange
    const actor = startFocusSession(derby(), DERBY);
    // Act
    actor.send({ type: 'step.next' });
    // Assert
    expect(sectionOf(actor.getSnapshot())).toBe('focus');
    expect(actor.getSnapshot().context.refusal).toEqual([agreeFirst]);

    actor.send({ type: 'keyIssues.priorityAgreed', agreed: true });
    actor.send({ type: 'step.next' });
    expect(sectionOf(actor.getSnapshot())).toBe('review-of-previous-supervision');
    expect(actor.getSnapshot().context.furthestSection).toBe(1);
  });

  it('step.back from the review returns to the focus, and step.goto reaches it', () => {
    const actor = startFocusSession(derby(), DERBY);
    actor.send({ type: 'keyIssues.priorityAgreed', agreed: true });
    actor.send({ type: 'step.next' });
    actor.send({ type: 'step.back' });
    expect(sectionOf(actor.getSnapshot())).toBe('focus');
    actor.send({ type: 'step.goto', sectionId: 'review-of-previous-supervision' });
    actor.send({ type: 'step.goto', sectionId: 'focus' });
    expect(sectionOf(actor.getSnapshot())).toBe('focus');
  });

  it('runs to a sealed record with the preparation in what was signed', () => {
    // Arrange
    const actor = startFocusSession(derby(), DERBY);
    // Act
    const visited = driveSectionsToSignatures(actor, focusSections);
    signBoth(actor);
    // Assert
    const { context } = actor.getSnapshot();
    expect(visited).toEqual(focusOrder);
    expect(sectionOf(actor.getSnapshot())).toBe('signed');
    expect(context.contentHash).toBe(contentHashOf(signedContentOf(context)));
    expect(signedContentOf(context)).toMatchObject({ brought, plannedCases: [babyT, childM], keyIssues: broughtIssues });
  });
});

describe('agreeing the planned cases', () => {
  /** A focus session with its priority already agreed, so each change can be seen to undo it. */
  function agreed(): SessionActor {
    const actor = startFocusSession(derby(), DERBY);
    actor.send({ type: 'keyIssues.priorityAgreed', agreed: true });
    return actor;
  }

  it('plannedCase.added adds the supervisor’s case last', () => {
    const actor = agreed();
    actor.send({ type: 'plannedCase.added', plannedCase: childQ });
    expect(actor.getSnapshot().context.plannedCases).toEqual([babyT, childM, childQ]);
    expect(actor.getSnapshot().context.priorityAgreed).toBe(false);
  });

  it('plannedCase.taken leaves a case, and takes it again', () => {
    const actor = agreed();
    actor.send({ type: 'plannedCase.taken', id: babyT.id, take: false });
    expect(actor.getSnapshot().context.plannedCases).toEqual([{ ...babyT, take: false }, childM]);
    expect(actor.getSnapshot().context.priorityAgreed).toBe(false);
    actor.send({ type: 'plannedCase.taken', id: babyT.id, take: true });
    expect(actor.getSnapshot().context.plannedCases).toEqual([babyT, childM]);
  });

  it('plannedCase.moved changes the order, and not past either end', () => {
    const actor = agreed();
    actor.send({ type: 'plannedCase.moved', id: childM.id, direction: 'up' });
    expect(actor.getSnapshot().context.plannedCases).toEqual([childM, babyT]);
    expect(actor.getSnapshot().context.priorityAgreed).toBe(false);
    actor.send({ type: 'plannedCase.moved', id: childM.id, direction: 'up' });
    actor.send({ type: 'plannedCase.moved', id: babyT.id, direction: 'down' });
    expect(actor.getSnapshot().context.plannedCases).toEqual([childM, babyT]);
    actor.send({ type: 'plannedCase.moved', id: childM.id, direction: 'down' });
    expect(actor.getSnapshot().context.plannedCases).toEqual([babyT, childM]);
  });

  it('plannedCase.removed removes a case the supervisor added', () => {
    const actor = agreed();
    actor.send({ type: 'plannedCase.added', plannedCase: childQ });
    actor.send({ type: 'plannedCase.removed', id: childQ.id });
    expect(actor.getSnapshot().context.plannedCases).toEqual([babyT, childM]);
  });

  it('a case the supervisee brought cannot be removed, only left', () => {
    const actor = agreed();
    actor.send({ type: 'plannedCase.removed', id: babyT.id });
    expect(actor.getSnapshot().context.plannedCases).toEqual([babyT, childM]);
    actor.send({ type: 'plannedCase.taken', id: babyT.id, take: false });
    expect(actor.getSnapshot().context.plannedCases).toEqual([{ ...babyT, take: false }, childM]);
  });

  it('a change after the first signature clears it, and the focus must be agreed again to sign', () => {
    // Arrange
    const actor = startFocusSession(derby(), DERBY);
    driveSectionsToSignatures(actor, focusSections);
    actor.send({ type: 'record.readThrough' });
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    expect(actor.getSnapshot().context.signatures.supervisor).not.toBeNull();
    // Act
    actor.send({ type: 'plannedCase.taken', id: childM.id, take: false });
    actor.send({ type: 'signature.added', signature: signature('supervisee') });
    // Assert
    expect(actor.getSnapshot().context.signatures).toEqual({ supervisor: null, supervisee: null });
    expect(actor.getSnapshot().context.refusal).toEqual([agreeFirst]);
  });
});

describe('a case the supervisee prepared', () => {
  it('opens with the drafted experience, reflection and analysis, at experience, marked prepared', () => {
    // Arrange
    const actor = focusAtCases();
    // Act
    startPlanned(actor, babyT);
    // Assert
    const cycle = requireCycle(actor).getSnapshot();
    expect(cycle.value).toBe('experience');
    expect(cycle.context).toMatchObject({
      id: babyT.id,
      label: 'Baby T',
      stages: { ...brought.cases[0]?.stages, actionPlanning: {} },
      skipped: {},
      complete: false,
      prepared: true,
    });
  });

  it('can be edited, and is stored marked prepared when finished', () => {
    // Arrange
    const { actor, cycle } = focusWithPlannedCase(babyT);
    // Act
    cycle.send({ type: 'stage.answered', stage: 'reflection', field: 'notes', text: rewrittenReflection });
    finishFromDraft(actor, 'Baby T');
    // Assert
    expect(actor.getSnapshot().context.cases).toEqual([babyTRewritten({ notes: specificAnswer('Baby T', 'actionPlanning') }, true)]);
  });

  it('drafted only through experience, the later stages still need writing', () => {
    const { cycle } = focusWithPlannedCase(childM);
    expect(cycle.getSnapshot().context.stages).toEqual({ experience: { notes: specificAnswer('Child M', 'experience') }, reflection: {}, analysis: {}, actionPlanning: {} });
    cycle.send({ type: 'stage.completed' });
    cycle.send({ type: 'stage.completed' });
    expect(cycle.getSnapshot().value).toBe('reflection');
    expect(cycle.getSnapshot().context.completeRefusal).toBe('Record an answer, or skip this stage with a reason.');
  });

  it('set aside and reopened, is still marked prepared', () => {
    const { actor, cycle } = focusWithPlannedCase(babyT);
    cycle.send({ type: 'case.setAside' });
    expect(actor.getSnapshot().context.cases[0]).toMatchObject({ id: babyT.id, complete: false, prepared: true });
    actor.send({ type: 'case.reopened', caseId: babyT.id });
    expect(requireCycle(actor).getSnapshot().context.prepared).toBe(true);
    finishFromDraft(actor, 'Baby T');
    expect(actor.getSnapshot().context.cases[0]).toMatchObject({ complete: true, prepared: true });
  });

  it('a case the supervisor planned opens empty and is not marked prepared', () => {
    // Arrange
    const actor = startFocusSession(derby(), DERBY);
    actor.send({ type: 'plannedCase.added', plannedCase: childQ });
    actor.send({ type: 'keyIssues.priorityAgreed', agreed: true });
    actor.send({ type: 'step.next' });
    actor.send({ type: 'review.changed', actionId: 'prev-action-0001', review: { outcome: 'done', reason: '', newDueDate: '' } });
    stepNext(actor, 3);
    // Act
    startPlanned(actor, childQ);
    // Assert
    const { context } = requireCycle(actor).getSnapshot();
    expect(context.stages).toEqual({ experience: {}, reflection: {}, analysis: {}, actionPlanning: {} });
    expect(context.prepared).toBeUndefined();
    finishFromDraft(actor, 'Child Q');
    expect(actor.getSnapshot().context.cases[0]).not.toHaveProperty('prepared');
  });

  it('a new case with the same label but not started from the plan is not the draft', () => {
    const actor = focusAtCases();
    discussCase(actor, { caseId: 'case-0001', label: 'Baby T', chosenBy: null });
    expect(actor.getSnapshot().context.cases[0]).not.toHaveProperty('prepared');
    expect(actor.getSnapshot().context.cases[0]?.stages.reflection).toEqual({ notes: specificAnswer('Baby T', 'reflection') });
  });
});

describe('Somerset, which has its own key-issues section', () => {
  it('gets no focus section', () => {
    expect(sessionSections(somerset(), SOMERSET, { focus: true })).toEqual(sectionsFor(somerset(), SOMERSET));
    const machine = createSessionMachine(somerset(), SOMERSET, { focus: true });
    expect(Object.keys(machine.root.states['agenda']?.states ?? {})).not.toContain('focus');
  });

  it('opens on its key issues, starting with the issues and cases brought', () => {
    // Arrange and act
    const actor = startFocusSession(somerset(), SOMERSET);
    // Assert
    const { context } = actor.getSnapshot();
    expect(sectionOf(actor.getSnapshot())).toBe('key-issues');
    expect(context.keyIssues).toEqual(broughtIssues);
    expect(context.plannedCases).toEqual([babyT, childM]);
    actor.send({ type: 'step.goto', sectionId: 'focus' });
    expect(sectionOf(actor.getSnapshot())).toBe('key-issues');
  });
});

describe('without anything brought', () => {
  const nothing: BroughtV1 = { preparationId: 'preparation-0001', issues: [], cases: [] };

  it('a session has no focus section', () => {
    expect(sessionSections(derby(), DERBY, { focus: false })).toEqual(sectionsFor(derby(), DERBY));
  });

  it.each<[string, boolean, BroughtV1 | null | undefined]>([
    ['no preparation (null)', false, null],
    ['no preparation (an older record)', false, undefined],
    ['a preparation with nothing marked to bring', false, nothing],
    ['one issue', true, { ...nothing, issues: [{ id: 'prep-issue-0001', text: 'Caseload' }] }],
    ['one case', true, { ...nothing, cases: brought.cases.slice(0, 1) }],
  ])('sectionsOfSession with %s: focus %s', (_name, focus, given) => {
    expect(broughtAnything(given)).toBe(focus);
    const ids = sectionsOfSession(derby(), { sessionType: DERBY, brought: given }).map((s) => s.id);
    expect(ids).toEqual(focus ? focusOrder : sectionsFor(derby(), DERBY).map((s) => s.id));
  });
});

describe('saving and restoring a focus session', () => {
  type Saved = { envelope: unknown; content: SessionContentV1; value: unknown; cycle: { value: unknown; context: unknown } | null };

  function save(actor: SessionActor): Saved {
    const snapshot = actor.getSnapshot();
    const cycle = cycleOf(actor)?.getSnapshot();
    return {
      envelope: throughStorage(envelopeOf(actor.getPersistedSnapshot(), savedAt)),
      content: throughStorage(snapshot.context),
      value: snapshot.value,
      cycle: cycle ? { value: cycle.value, context: cycle.context } : null,
    };
  }

  function resume(restored: RestoredSession, content: SessionContentV1): SessionActor {
    return createActor(restored.machine, { snapshot: restored.snapshot, input: inputOf(content) }).start();
  }

  function midFocus(): Saved {
    const actor = startFocusSession(derby(), DERBY);
    actor.send({ type: 'plannedCase.added', plannedCase: childQ });
    actor.send({ type: 'keyIssue.moved', id: 'prep-issue-0002', direction: 'up' });
    return save(actor);
  }

  function midPreparedCase(): Saved {
    const { actor, cycle } = focusWithPlannedCase(babyT);
    cycle.send({ type: 'stage.completed' });
    cycle.send({ type: 'stage.answered', stage: 'reflection', field: 'notes', text: rewrittenReflection });
    return save(actor);
  }

  it('mid-focus, restores exactly and carries on', () => {
    // Arrange
    const saved = midFocus();
    // Act
    const restored = restoreSession(derby(), saved.content, saved.envelope);
    const actor = resume(restored, saved.content);
    // Assert
    expect(restored.kind).toBe('restored');
    expect(actor.getSnapshot().value).toEqual({ agenda: 'focus', escalation: 'closed' });
    expect(actor.getSnapshot().context).toEqual(saved.content);
    expect(actor.getSnapshot().context.plannedCases).toEqual([babyT, childM, childQ]);
    actor.send({ type: 'keyIssues.priorityAgreed', agreed: true });
    actor.send({ type: 'step.next' });
    expect(sectionOf(actor.getSnapshot())).toBe('review-of-previous-supervision');
  });

  it('mid prepared case, restores exactly, the case still marked prepared when finished', () => {
    // Arrange
    const saved = midPreparedCase();
    // Act
    const restored = restoreSession(derby(), saved.content, saved.envelope);
    const actor = resume(restored, saved.content);
    // Assert
    expect(restored.kind).toBe('restored');
    expect(actor.getSnapshot().value).toEqual(saved.value);
    expect(actor.getSnapshot().context).toEqual(saved.content);
    const cycle = requireCycle(actor).getSnapshot();
    expect({ value: cycle.value, context: cycle.context }).toEqual(saved.cycle);
    expect(cycle.value).toBe('reflection');
    expect(cycle.context.prepared).toBe(true);
    finishFromDraft(actor, 'Baby T');
    expect(actor.getSnapshot().context.cases[0]).toMatchObject({ id: babyT.id, complete: true, prepared: true });
  });

  it('rebuilt from an unreadable save, keeps the focus section and opens on it', () => {
    const saved = midFocus();
    const restored = restoreSession(derby(), saved.content, 'garbage');
    const actor = resume(restored, saved.content);
    expect(restored.kind).toBe('rebuilt');
    expect(actor.getSnapshot().value).toEqual({ agenda: 'focus', escalation: 'closed' });
    expect(actor.getSnapshot().context).toEqual({ ...saved.content, refusal: [] });
  });

  it('rebuilt at the furthest section counted with the focus first', () => {
    // Arrange: saved at the case discussion, the fifth section of this session.
    const saved = save(focusAtCases());
    expect(saved.content.furthestSection).toBe(focusOrder.indexOf('case-discussion'));
    expect(sectionsOfSession(derby(), saved.content)[0]?.id).toBe('focus');
    // Act
    const restored = restoreSession(derby(), saved.content, null);
    const actor = resume(restored, saved.content);
    // Assert
    expect(restored.kind).toBe('rebuilt');
    expect(actor.getSnapshot().value).toEqual({ agenda: { 'case-discussion': 'choosing' }, escalation: 'closed' });
    actor.send({ type: 'step.goto', sectionId: 'focus' });
    expect(sectionOf(actor.getSnapshot())).toBe('focus');
  });

  it('rebuilt mid prepared case (after an update), the draft is kept as set aside and still prepared', () => {
    const saved = midPreparedCase();
    const envelope = { ...(saved.envelope as Record<string, unknown>), machineVersion: sessionMachineVersion + 1 };
    const restored = restoreSession(derby(), saved.content, envelope);
    expect(restored).toMatchObject({ kind: 'rebuilt', why: 'the app has been updated since this session was saved' });
    const { context } = restored.snapshot as SessionSnapshot;
    expect(context.cases).toEqual([babyTRewritten({}, false)]);
  });

  it('a save at the focus whose record says nothing was brought is rebuilt', () => {
    const saved = midFocus();
    const content = { ...saved.content, brought: null };
    const restored = restoreSession(derby(), content, saved.envelope);
    expect(restored).toMatchObject({ kind: 'rebuilt', why: 'the template no longer has that step' });
    expect((restored.snapshot as SessionSnapshot).value).toEqual({ agenda: 'review-of-previous-supervision', escalation: 'closed' });
  });
});

describe('reserved section ids', () => {
  it('are the session’s own states: "signed" and "focus"', () => {
    expect(reservedSectionIds).toEqual(['signed', 'focus']);
  });

  it.each(reservedSectionIds)('a template with a section "%s" is refused', (id) => {
    // Arrange
    const t = derby();
    const clash: RecordTemplateV1 = { ...t, sections: t.sections.map((s, index) => (index === 1 ? { ...s, id } : s)) };
    // Act
    const parsed = $RecordTemplateV1.safeParse(clash);
    // Assert
    expect($RecordTemplateV1.safeParse(t).success).toBe(true);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([
      { code: 'custom', path: ['sections', 1, 'id'], message: `"${id}" is reserved for the session's own states; choose another section id` },
    ]);
  });
});

describe('the focus session as a graph (xstate/graph)', () => {
  const paths = focusSessionPaths(derby(), DERBY, brought);
  const states = paths.map((p) => p.state);
  const firstVisitsOf = (path: (typeof paths)[number]) => [...new Set(path.steps.map((s) => sectionOf(s.state)))];

  it('reaches every section, the focus first, and a sealed record', () => {
    expect(paths.every((path) => firstVisitsOf(path)[0] === 'focus')).toBe(true);
    const reached = new Set(states.map(sectionOf));
    for (const id of focusOrder) expect(reached, id).toContain(id);
    expect(states.some((s) => sectionOf(s) === 'signed' && s.context.contentHash !== null)).toBe(true);
  });

  it('every state is reached in the session’s order, the focus first: no section is entered before all earlier ones', () => {
    for (const path of paths) {
      const firstVisits = firstVisitsOf(path);
      expect(firstVisits).toEqual(focusOrder.slice(0, firstVisits.length).concat(firstVisits.length > focusOrder.length ? ['signed'] : []));
    }
  });

  /** The states each path was in just before it first left the focus. */
  const beforeLeavingFocus = (from: typeof paths) =>
    from.flatMap((path) =>
      path.steps.flatMap((step, index) => {
        const before = path.steps[index - 1]?.state;
        return before && before.context.furthestSection === 0 && sectionOf(step.state) !== 'focus' ? [before] : [];
      }),
    );

  it('no path leaves the focus for the first time without the priority agreed', () => {
    const leaving = beforeLeavingFocus(paths);
    expect(leaving.length).toBeGreaterThan(0);
    for (const before of leaving) {
      expect(sectionOf(before)).toBe('focus');
      expect(before.context.priorityAgreed).toBe(true);
    }
  });

  it('every sealed state keeps the preparation brought and the planned cases', () => {
    const sealed = states.filter((s) => sectionOf(s) === 'signed');
    expect(sealed.length).toBeGreaterThan(0);
    for (const state of sealed) {
      expect(state.context.brought).toEqual(brought);
      expect(state.context.plannedCases?.map((p) => p.id)).toEqual([babyT.id, childM.id]);
      expect(state.context.priorityAgreed).toBe(true);
    }
  });

  it('the order check can fail: with step.goto ignoring where the session has been, a path jumps ahead', () => {
    const broken = createSessionMachine(derby(), DERBY, { focus: true }).provide({ guards: { hasBeenVisited: () => true } });
    // Stopping at the first step out of the focus is enough to see a jump.
    const outOfOrder = focusSessionPaths(derby(), DERBY, brought, { machine: broken, stopWhen: (s) => sectionOf(s) !== 'focus' }).filter((path) =>
      firstVisitsOf(path).some((id, i) => id !== focusOrder[i]),
    );
    expect(outOfOrder.length).toBeGreaterThan(0);
  });

  it('the priority check can fail: with the step rule ignored, a path leaves the focus unagreed', () => {
    const broken = createSessionMachine(derby(), DERBY, { focus: true }).provide({ guards: { hasNoStepGaps: () => true } });
    const leaving = beforeLeavingFocus(focusSessionPaths(derby(), DERBY, brought, { machine: broken, stopWhen: (s) => sectionOf(s) !== 'focus' }));
    expect(leaving.some((before) => !before.context.priorityAgreed)).toBe(true);
  });
});
