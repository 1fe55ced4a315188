/**
 * A group supervision session: the register, the group's agreement, a consultation for each
 * presenter (the consultation machine, invoked), themes captured throughout, then closing.
 * Driven headless on a SimulatedClock (the consultation's time boxes run on the system's
 * clock; the times recorded come from the events' `at`); the agenda walked with xstate/graph;
 * escalation from every reachable state; and saving and restoring at every step.
 */
import { createActor, SimulatedClock, type Actor, type ActorRefFrom, type SnapshotFrom } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  agreementGaps,
  groupSessionMachine,
  registerGaps,
  type GroupSessionEvent,
  type GroupSessionInput,
} from '../../machines/group/groupSession.machine.ts';
import { consultationMachine, currentPhase, type ConsultationEvent } from '../../machines/group/consultation.machine.ts';
import {
  groupEnvelopeOf,
  groupInputOf,
  groupSessionMachineVersion,
  restoreGroupSession,
  type RestoredGroupSession,
} from '../../client/live/groupSession.ts';
import { themesRecordProblems } from '../../machines/group/outputs.ts';
import {
  $ConsultationV1,
  $GroupSessionContentV1,
  consultationPhases,
  defaultGroundRules,
  defaultThemeVocabulary,
  type ConsultationPhase,
  type ConsultationV1,
  type GroupSessionContentV1,
  type ThemesRecordPartV1,
  type ThemeV1,
} from '../../machines/model/group.ts';
import { completeAction, derby, escalation, startSession, traversable } from './fixtures.ts';
import { minute, timingTable } from './group-fixtures.ts';

type GroupActor = Actor<typeof groupSessionMachine>;
type GroupSnapshot = SnapshotFrom<typeof groupSessionMachine>;
type ConsultationRef = ActorRefFrom<typeof consultationMachine>;
type StartedEvent = Extract<GroupSessionEvent, { type: 'consultation.started' }>;

/** When the session's clock reads 0: 18 November 2026, 10:00 UTC. */
const T0 = Date.UTC(2026, 10, 18, 10, 0, 0);
const savedAt = '2026-11-18T10:45:00.000Z';
const agreedAt = '2026-11-18T10:03:00.000Z';

const ruth = { personId: 'person-ruth', name: 'Ruth Okafor', role: 'Named Nurse for Safeguarding' };
const priya = { personId: 'person-priya', name: 'Priya Shah', role: 'Health Visitor' };
/** New to the group: has not agreed the ground rules at an earlier session. */
const tom = { personId: 'person-tom', name: 'Tom Reed', role: 'School Nurse' };

function groupInput(overrides: Partial<GroupSessionInput> = {}): GroupSessionInput {
  return {
    sessionId: 'group-session-0001',
    groupId: 'group-0001',
    groupName: 'Health visiting north',
    date: '2026-11-18',
    facilitator: ruth,
    // The repository lists the facilitator among the members, as here.
    members: [ruth, priya, tom],
    previouslyAgreed: [ruth.personId, priya.personId],
    groundRules: defaultGroundRules,
    vocabulary: [...defaultThemeVocabulary],
    ...overrides,
  };
}

const mark = (personId: string, mark: 'present' | 'apologies' | 'absent'): GroupSessionEvent => ({ type: 'attendance.marked', personId, mark });
const next: GroupSessionEvent = { type: 'step.next' };
const back: GroupSessionEvent = { type: 'step.back' };
const agreed: GroupSessionEvent = { type: 'agreement.agreed', at: agreedAt };

function started(overrides: Partial<StartedEvent> = {}): StartedEvent {
  return {
    type: 'consultation.started',
    id: 'consult-0001',
    presenterId: priya.personId,
    caseLabel: 'Baby Tilly',
    question: 'Is this neglect, or am I losing objectivity?',
    scribeId: tom.personId,
    at: T0,
    ...overrides,
  };
}

function theme(n: number, consultationId: string | null = null): ThemeV1 {
  return { id: `theme-000${n}`, text: `Theme ${n}: thresholds for neglect`, tags: ['neglect'], capturedAt: `2026-11-18T10:1${n}:00.000Z`, consultationId };
}

const agendaOf = (snapshot: { value: unknown }): unknown => (snapshot.value as { agenda: unknown }).agenda;
const escalationOf = (snapshot: { value: unknown }): unknown => (snapshot.value as { escalation: unknown }).escalation;

// ---------------------------------------------------------------------------------------
// A session on a simulated clock, and its consultation driven through its phases

type Running = { actor: GroupActor; clock: SimulatedClock; at: () => number };

function startGroup(input: GroupSessionInput = groupInput()): Running {
  const clock = new SimulatedClock();
  const actor = createActor(groupSessionMachine, { input, clock }).start();
  return { actor, clock, at: () => T0 + clock.now() };
}

function send(run: Running, events: readonly GroupSessionEvent[]): void {
  for (const event of events) run.actor.send(event);
}

function consultationOf(actor: GroupActor): ConsultationRef | undefined {
  return (actor.getSnapshot().children as { consultation?: ConsultationRef }).consultation;
}

function requireConsultation(actor: GroupActor): ConsultationRef {
  const child = consultationOf(actor);
  if (!child) throw new Error(`No consultation is running (agenda ${JSON.stringify(agendaOf(actor.getSnapshot()))})`);
  return child;
}

/** How long each phase takes when a consultation is run through. */
const phaseMinutes: Record<ConsultationPhase, number> = { presenting: 4, clarifying: 9, reflecting: 15, responding: 5, actions: 5 };
const reflection = 'Hypothesis: the weekend arrangements are stretching the family';
const noActions = 'No actions: the presenter hands the case over this week';

/**
 * Runs the consultation from wherever it is to done: the reflections and the reason for no
 * actions written, each phase taking its minutes on the clock and in `at` (measured from the
 * phase's own start, so the output does not depend on when the consultation began).
 */
function finishConsultation(run: Running): void {
  const child = requireConsultation(run.actor);
  child.send({ type: 'notes.changed', phase: 'reflecting', text: reflection });
  child.send({ type: 'notes.changed', phase: 'actions', text: noActions });
  for (let moves = 0; moves < consultationPhases.length; moves++) {
    const phase = currentPhase(child.getSnapshot().value);
    if (phase === 'done') return;
    run.clock.increment(phaseMinutes[phase] * minute);
    child.send({ type: 'phase.next', at: child.getSnapshot().context.phaseStartedAt + phaseMinutes[phase] * minute });
  }
  if (currentPhase(child.getSnapshot().value) !== 'done') throw new Error('The consultation did not finish');
}

/** What a consultation started with `start` outputs when finishConsultation runs it through. */
function finishedOutput(start: StartedEvent): ConsultationV1 {
  return {
    id: start.id,
    presenterId: start.presenterId,
    caseLabel: start.caseLabel.trim(),
    question: start.question,
    roles: { facilitatorId: ruth.personId, presenterId: start.presenterId, scribeId: start.scribeId },
    notes: { presenting: '', clarifying: '', reflecting: reflection, responding: '', actions: noActions },
    actions: [],
    timing: timingTable({ presenting: [5, 240], clarifying: [10, 540], reflecting: [15, 900], responding: [5, 300], actions: [5, 300] }),
    complete: true,
  };
}

const everyonePresent: GroupSessionEvent[] = [mark(ruth.personId, 'present'), mark(priya.personId, 'present'), mark(tom.personId, 'present')];
const toAgreement: GroupSessionEvent[] = [...everyonePresent, next];
const toChoosing: GroupSessionEvent[] = [...toAgreement, agreed, next];

// ---------------------------------------------------------------------------------------

describe('the register', () => {
  it('refuses to move on while anyone is unmarked or the facilitator is not present, naming each', () => {
    // Arrange
    const run = startGroup();
    // Act
    run.actor.send(next);
    // Assert
    expect(agendaOf(run.actor.getSnapshot())).toBe('register');
    expect(run.actor.getSnapshot().context.refusal).toEqual([
      'Mark Ruth Okafor as present, sending apologies, or absent',
      'Mark Priya Shah as present, sending apologies, or absent',
      'Mark Tom Reed as present, sending apologies, or absent',
      'The facilitator, Ruth Okafor, must be present',
    ]);
  });

  it('names only the member still unmarked', () => {
    const run = startGroup();
    send(run, [mark(ruth.personId, 'present'), mark(tom.personId, 'absent')]);

    run.actor.send(next);

    expect(agendaOf(run.actor.getSnapshot())).toBe('register');
    expect(run.actor.getSnapshot().context.refusal).toEqual(['Mark Priya Shah as present, sending apologies, or absent']);
  });

  it.each(['apologies', 'absent'] as const)('refuses while the facilitator is marked %s, everyone else marked', (facilitatorMark) => {
    const run = startGroup();
    send(run, [mark(ruth.personId, facilitatorMark), mark(priya.personId, 'present'), mark(tom.personId, 'present')]);

    run.actor.send(next);

    expect(agendaOf(run.actor.getSnapshot())).toBe('register');
    expect(run.actor.getSnapshot().context.refusal).toEqual(['The facilitator, Ruth Okafor, must be present']);
  });

  it('keeps apologies and absent marks, and moves on once everyone is marked and the facilitator is present', () => {
    const run = startGroup();
    run.actor.send(next);
    const refused = run.actor.getSnapshot().context.refusal.length;
    send(run, [mark(ruth.personId, 'present'), mark(priya.personId, 'apologies'), mark(tom.personId, 'absent')]);

    run.actor.send(next);

    expect(refused).toBe(4);
    expect(agendaOf(run.actor.getSnapshot())).toBe('agreement');
    expect(run.actor.getSnapshot().context.attendance).toEqual({ [ruth.personId]: 'present', [priya.personId]: 'apologies', [tom.personId]: 'absent' });
    expect(run.actor.getSnapshot().context.refusal).toEqual([]);
  });

  it('a later mark replaces an earlier one', () => {
    const run = startGroup();

    send(run, [mark(priya.personId, 'absent'), mark(priya.personId, 'present')]);

    expect(run.actor.getSnapshot().context.attendance).toEqual({ [priya.personId]: 'present' });
  });
});

describe('the agreement', () => {
  it('must be recorded before the consultations', () => {
    const run = startGroup();
    send(run, toAgreement);

    run.actor.send(next);

    expect(agendaOf(run.actor.getSnapshot())).toBe('agreement');
    expect(run.actor.getSnapshot().context.refusal).toEqual(['Agree the group’s confidentiality boundaries and ground rules, and record it']);
  });

  it('records who agreed, and a present member who had not agreed before as new', () => {
    const run = startGroup();
    send(run, toAgreement);

    run.actor.send(agreed);
    run.actor.send(next);

    expect(run.actor.getSnapshot().context.agreement).toEqual({
      groundRules: defaultGroundRules,
      agreedAt,
      agreedBy: [ruth.personId, priya.personId, tom.personId],
      newMembers: [tom.personId],
    });
    expect(agendaOf(run.actor.getSnapshot())).toEqual({ consultations: 'choosing' });
  });

  it('records no new members when only those who agreed before are present', () => {
    const run = startGroup();
    send(run, [mark(ruth.personId, 'present'), mark(priya.personId, 'present'), mark(tom.personId, 'apologies'), next]);

    run.actor.send(agreed);

    expect(run.actor.getSnapshot().context.agreement).toEqual({ groundRules: defaultGroundRules, agreedAt, agreedBy: [ruth.personId, priya.personId], newMembers: [] });
  });

  it('records the ground rules as changed before agreeing', () => {
    const run = startGroup();
    send(run, toAgreement);

    run.actor.send({ type: 'groundRules.changed', text: 'Our own boundaries' });
    run.actor.send(agreed);

    expect(run.actor.getSnapshot().context.agreement?.groundRules).toBe('Our own boundaries');
    expect(run.actor.getSnapshot().context.groundRules).toBe('Our own boundaries');
  });

  it('changing the ground rules after agreeing clears the agreement until it is agreed again', () => {
    // Arrange
    const run = startGroup();
    send(run, [...toAgreement, agreed]);
    const before = run.actor.getSnapshot().context.agreement;
    // Act
    run.actor.send({ type: 'groundRules.changed', text: 'Revised boundaries' });
    const cleared = run.actor.getSnapshot().context.agreement;
    run.actor.send(next);
    const refused = { agenda: agendaOf(run.actor.getSnapshot()), refusal: run.actor.getSnapshot().context.refusal };
    run.actor.send(agreed);
    run.actor.send(next);
    // Assert
    expect(before).not.toBeNull();
    expect(cleared).toBeNull();
    expect(refused).toEqual({ agenda: 'agreement', refusal: ['Agree the group’s confidentiality boundaries and ground rules, and record it'] });
    expect(run.actor.getSnapshot().context.agreement?.groundRules).toBe('Revised boundaries');
    expect(agendaOf(run.actor.getSnapshot())).toEqual({ consultations: 'choosing' });
  });

  it('changing attendance after agreeing clears the agreement, and the re-agreement records those now present', () => {
    // Arrange: agreed with Tom (new) present, then back to the register from the consultations.
    const run = startGroup();
    send(run, [...toChoosing, back, back]);
    const before = run.actor.getSnapshot().context.agreement;
    // Act
    run.actor.send(mark(tom.personId, 'apologies'));
    const cleared = run.actor.getSnapshot().context.agreement;
    send(run, [next, next]);
    const refusedAt = agendaOf(run.actor.getSnapshot());
    send(run, [agreed, next]);
    // Assert
    expect(before?.newMembers).toEqual([tom.personId]);
    expect(cleared).toBeNull();
    expect(refusedAt).toBe('agreement');
    expect(run.actor.getSnapshot().context.agreement).toEqual({ groundRules: defaultGroundRules, agreedAt, agreedBy: [ruth.personId, priya.personId], newMembers: [] });
    expect(agendaOf(run.actor.getSnapshot())).toEqual({ consultations: 'choosing' });
  });

  it('going back to the register without changing anything keeps the agreement', () => {
    const run = startGroup();
    send(run, [...toAgreement, agreed, back]);

    run.actor.send(next);
    run.actor.send(next);

    expect(run.actor.getSnapshot().context.agreement).not.toBeNull();
    expect(agendaOf(run.actor.getSnapshot())).toEqual({ consultations: 'choosing' });
  });
});

describe('consultations', () => {
  it.each([
    { name: 'a presenter who sent apologies', attendance: 'apologies' as const, start: started(), refusal: 'The presenter must be present' },
    { name: 'a presenter marked absent', attendance: 'absent' as const, start: started(), refusal: 'The presenter must be present' },
    { name: 'someone not in the group', attendance: 'present' as const, start: started({ presenterId: 'person-nobody' }), refusal: 'The presenter must be present' },
    { name: 'a blank case label', attendance: 'present' as const, start: started({ caseLabel: '   ' }), refusal: 'Name the child or family the presenter is bringing' },
  ])('refuses to start for $name, naming why', ({ attendance, start, refusal }) => {
    // Arrange
    const run = startGroup();
    send(run, [mark(ruth.personId, 'present'), mark(priya.personId, attendance), mark(tom.personId, 'present'), next, agreed, next]);
    // Act
    run.actor.send(start);
    // Assert
    expect(agendaOf(run.actor.getSnapshot())).toEqual({ consultations: 'choosing' });
    expect(run.actor.getSnapshot().context.refusal).toEqual([refusal]);
    expect(consultationOf(run.actor)).toBeUndefined();
  });

  it('starts for a present presenter with a case label, passing the roles and the trimmed label to the consultation', () => {
    const run = startGroup();
    send(run, toChoosing);
    run.actor.send(started({ caseLabel: '' }));
    const refused = run.actor.getSnapshot().context.refusal;

    run.actor.send(started({ caseLabel: '  Baby Tilly  ' }));

    expect(refused).toHaveLength(1);
    expect(agendaOf(run.actor.getSnapshot())).toEqual({ consultations: 'consulting' });
    expect(run.actor.getSnapshot().context.refusal).toEqual([]);
    const child = requireConsultation(run.actor).getSnapshot();
    expect(child.value).toBe('presenting');
    expect(child.context).toMatchObject({
      id: 'consult-0001',
      presenterId: priya.personId,
      caseLabel: 'Baby Tilly',
      roles: { facilitatorId: ruth.personId, presenterId: priya.personId, scribeId: tom.personId },
      phaseStartedAt: T0,
    });
  });

  it.each([next, back])('refuses $type while a consultation runs, leaving it running', (event) => {
    const run = startGroup();
    send(run, [...toChoosing, started()]);
    const child = requireConsultation(run.actor);

    run.actor.send(event);

    expect(agendaOf(run.actor.getSnapshot())).toEqual({ consultations: 'consulting' });
    expect(run.actor.getSnapshot().context.refusal).toEqual(['Finish this consultation before moving on']);
    expect(consultationOf(run.actor)).toBe(child);
    expect(child.getSnapshot().status).toBe('active');
  });

  it('the consultation’s time boxes run on the session’s clock', () => {
    const run = startGroup();
    send(run, [...toChoosing, started()]);
    const child = requireConsultation(run.actor);

    run.clock.increment(5 * minute - 1);
    const justBefore = child.getSnapshot().context.overtime;
    run.clock.increment(1);

    expect(justBefore).toBe(false);
    expect(child.getSnapshot().context.overtime).toBe(true);
  });

  it('stores the consultation’s output when it is done, and returns to choosing', () => {
    // Arrange
    const run = startGroup();
    send(run, [...toChoosing, started()]);
    // Act
    finishConsultation(run);
    // Assert
    const { context } = run.actor.getSnapshot();
    expect(agendaOf(run.actor.getSnapshot())).toEqual({ consultations: 'choosing' });
    expect(consultationOf(run.actor)).toBeUndefined();
    expect(context.consultations).toEqual([finishedOutput(started())]);
    expect($ConsultationV1.parse(context.consultations[0])).toEqual(finishedOutput(started()));
  });

  it('stores what was written in each phase, with the times from the events', () => {
    const run = startGroup();
    send(run, [...toChoosing, started({ at: run.at() })]);
    const child = requireConsultation(run.actor);
    const notes: Partial<Record<ConsultationPhase, string>> = {};
    for (const phase of consultationPhases) {
      notes[phase] = `${phase}: written during the ${phase} phase`;
      child.send({ type: 'notes.changed', phase, text: notes[phase] });
      if (phase === 'actions') child.send({ type: 'action.added', action: completeAction('action-0001', 'consult-0001') });
      run.clock.increment(phaseMinutes[phase] * minute);
      child.send({ type: 'phase.next', at: run.at() });
    }

    const [stored] = run.actor.getSnapshot().context.consultations;
    expect(stored?.notes).toEqual(notes);
    expect(stored?.actions).toEqual([completeAction('action-0001', 'consult-0001')]);
    expect(stored?.timing.reflecting).toEqual({ allowedMinutes: 15, usedSeconds: 900 });
    expect(stored?.complete).toBe(true);
  });

  it('runs several consultations, each stored in turn', () => {
    const run = startGroup();
    send(run, [...toChoosing, started()]);
    finishConsultation(run);
    const second = started({ id: 'consult-0002', presenterId: tom.personId, caseLabel: 'Jay Smith', question: 'How do I escalate?', scribeId: null, at: run.at() });

    run.actor.send(second);
    const runningSecond = requireConsultation(run.actor).getSnapshot().context.id;
    finishConsultation(run);

    expect(runningSecond).toBe('consult-0002');
    expect(run.actor.getSnapshot().context.consultations).toEqual([finishedOutput(started()), finishedOutput(second)]);
  });
});

// ---------------------------------------------------------------------------------------

/** Every open step, reached one event at a time (the consultation left running in "consulting"). */
const openSteps = [
  { step: 'register', events: [] as GroupSessionEvent[], agenda: 'register' as unknown, consultationId: null as string | null },
  { step: 'agreement', events: toAgreement, agenda: 'agreement', consultationId: null },
  { step: 'choosing', events: toChoosing, agenda: { consultations: 'choosing' }, consultationId: null },
  { step: 'consulting', events: [...toChoosing, started()], agenda: { consultations: 'consulting' }, consultationId: 'consult-0001' },
  { step: 'closing', events: [...toChoosing, next], agenda: 'closing', consultationId: null },
];
const closedEvents: GroupSessionEvent[] = [...toChoosing, next, { type: 'session.closed' }];

describe('themes, vocabulary, learning and closing', () => {
  it.each(openSteps)('captures and removes a theme at $step', ({ events, agenda, consultationId }) => {
    // Arrange
    const run = startGroup();
    send(run, events);
    run.actor.send({ type: 'theme.captured', theme: theme(1) });
    const child = consultationOf(run.actor)?.getSnapshot();
    // Act
    run.actor.send({ type: 'theme.captured', theme: theme(2, consultationId) });
    const captured = run.actor.getSnapshot().context.themes;
    run.actor.send({ type: 'theme.removed', id: 'theme-0001' });
    // Assert
    expect(agendaOf(run.actor.getSnapshot())).toEqual(agenda);
    expect(captured).toEqual([theme(1), theme(2, consultationId)]);
    expect(run.actor.getSnapshot().context.themes).toEqual([theme(2, consultationId)]);
    expect(consultationOf(run.actor)?.getSnapshot().value).toEqual(child?.value);
  });

  it('keeps the consultation a theme arose in', () => {
    const run = startGroup();
    send(run, [...toChoosing, started()]);

    run.actor.send({ type: 'theme.captured', theme: theme(1, requireConsultation(run.actor).getSnapshot().context.id) });
    finishConsultation(run);

    expect(run.actor.getSnapshot().context.themes.map((t) => t.consultationId)).toEqual(['consult-0001']);
  });

  it('refuses to capture or remove a theme once closed', () => {
    const run = startGroup();
    send(run, [...toChoosing, { type: 'theme.captured', theme: theme(1) }, next, { type: 'session.closed' }]);
    const before = run.actor.getSnapshot().context;

    run.actor.send({ type: 'theme.captured', theme: theme(2) });
    run.actor.send({ type: 'theme.removed', id: 'theme-0001' });

    expect(agendaOf(run.actor.getSnapshot())).toBe('closed');
    expect(run.actor.getSnapshot().context.themes).toEqual([theme(1)]);
    expect(run.actor.getSnapshot().context).toEqual(before);
  });

  it.each(openSteps)('adds a new tag to the vocabulary once, at $step', ({ events }) => {
    const run = startGroup();
    send(run, events);

    run.actor.send({ type: 'vocabulary.added', tag: '  fabricated illness ' });
    run.actor.send({ type: 'vocabulary.added', tag: 'fabricated illness' });
    run.actor.send({ type: 'vocabulary.added', tag: 'neglect' });
    run.actor.send({ type: 'vocabulary.added', tag: '   ' });

    expect(run.actor.getSnapshot().context.vocabulary).toEqual([...defaultThemeVocabulary, 'fabricated illness']);
  });

  it('refuses a new tag once closed', () => {
    const run = startGroup();
    send(run, closedEvents);

    run.actor.send({ type: 'vocabulary.added', tag: 'fabricated illness' });

    expect(run.actor.getSnapshot().context.vocabulary).toEqual([...defaultThemeVocabulary]);
  });

  it('will not close while the learning, issues or a theme could identify a child discussed, and says where', () => {
    const run = startGroup();
    send(run, [...toChoosing, started()]);
    finishConsultation(run);
    send(run, [next, { type: 'learning.changed', text: 'Tilly needs a neglect tool' }, { type: 'session.closed' }]);
    expect(agendaOf(run.actor.getSnapshot())).toBe('closing');
    expect(run.actor.getSnapshot().context.refusal).toEqual(['Learning: “Tilly” could identify a child discussed in this session. Reword it before the themes record is circulated.']);
    send(run, [{ type: 'learning.changed', text: 'A neglect tool would help us all' }, { type: 'session.closed' }]);
    expect(agendaOf(run.actor.getSnapshot())).toBe('closed');
  });

  it('records the learning and the organisational issues at closing, and closes', () => {
    // Arrange
    const run = startGroup();
    send(run, [...toChoosing, next]);
    // Act
    run.actor.send({ type: 'learning.changed', text: 'Weight charts tell the story before any single incident' });
    run.actor.send({ type: 'organisationalIssues.changed', text: 'School nurse capacity in the north locality' });
    run.actor.send({ type: 'session.closed' });
    // Assert
    const { context } = run.actor.getSnapshot();
    expect(agendaOf(run.actor.getSnapshot())).toBe('closed');
    expect(context.learning).toBe('Weight charts tell the story before any single incident');
    expect(context.organisationalIssues).toBe('School nurse capacity in the north locality');
    expect($GroupSessionContentV1.parse(context)).toEqual(context);
  });

  it('ignores learning and organisational issues outside closing, and session.closed before it', () => {
    const run = startGroup();
    send(run, toChoosing);

    run.actor.send({ type: 'learning.changed', text: 'Too early' });
    run.actor.send({ type: 'organisationalIssues.changed', text: 'Too early' });
    run.actor.send({ type: 'session.closed' });

    expect(agendaOf(run.actor.getSnapshot())).toEqual({ consultations: 'choosing' });
    expect(run.actor.getSnapshot().context.learning).toBe('');
    expect(run.actor.getSnapshot().context.organisationalIssues).toBe('');
  });

  it('closing can go back to the consultations', () => {
    const run = startGroup();
    send(run, [...toChoosing, next]);

    run.actor.send(back);

    expect(agendaOf(run.actor.getSnapshot())).toEqual({ consultations: 'choosing' });
  });
});

// ---------------------------------------------------------------------------------------
// The agenda as a graph

/**
 * The event the session receives when its consultation finishes. Graph traversal does not run
 * invoked children, so paths through a consultation send this in the child's place.
 * GroupSessionEvent lists only the events callers send, hence the cast.
 */
function consultationFinished(output: ConsultationV1): GroupSessionEvent {
  return { type: 'xstate.done.actor.consultation', output } as unknown as GroupSessionEvent;
}
const isConsultationFinished = (event: GroupSessionEvent): boolean => (event.type as string) === 'xstate.done.actor.consultation';

/**
 * The events a traversal sends: enough marks to satisfy the register or not, to bring a new
 * member in or leave them out, to change the rules, to agree, to start a consultation (or be
 * refused) and to finish it, and to close. Themes and escalation never change the agenda.
 */
const graphEvents: GroupSessionEvent[] = [
  next,
  back,
  mark(ruth.personId, 'present'),
  mark(ruth.personId, 'apologies'),
  mark(priya.personId, 'present'),
  mark(priya.personId, 'absent'),
  mark(tom.personId, 'present'),
  mark(tom.personId, 'apologies'),
  { type: 'groundRules.changed', text: 'Revised boundaries' },
  agreed,
  started(),
  started({ caseLabel: ' ' }),
  consultationFinished(finishedOutput(started())),
  { type: 'session.closed' },
];

/** A state is its value and context without `refusal` (the last refusal changes nothing that can happen next). */
function groupPaths(machine: typeof groupSessionMachine = groupSessionMachine) {
  return getShortestPaths(traversable(machine), {
    input: groupInput(),
    events: graphEvents,
    serializeState: (snapshot) => JSON.stringify({ value: snapshot.value, context: { ...snapshot.context, refusal: [] } }),
  });
}

function eventsOf(path: { steps: readonly { event: GroupSessionEvent }[] }): GroupSessionEvent[] {
  return path.steps.map((s) => s.event).filter((e) => e.type !== ('xstate.init' as string));
}

/** Replays a path on a real running session, running the real consultation where the path finishes one. */
function replay(events: readonly GroupSessionEvent[]): Running {
  const run = startGroup();
  for (const event of events) {
    if (isConsultationFinished(event)) finishConsultation(run);
    else run.actor.send(event);
  }
  return run;
}

const paths = groupPaths();
const stepOf = (snapshot: { value: unknown }): string => {
  const agenda = agendaOf(snapshot);
  return typeof agenda === 'string' ? agenda : Object.keys(agenda as Record<string, string>)[0] ?? '';
};

describe('every path through the agenda (xstate/graph)', () => {
  it('reaches every step, including mid-consultation and closed', () => {
    const reached = new Set(paths.map((p) => JSON.stringify(agendaOf(p.state))));

    expect(reached).toEqual(new Set(['"register"', '"agreement"', '{"consultations":"choosing"}', '{"consultations":"consulting"}', '"closing"', '"closed"']));
    expect(paths.some((p) => agendaOf(p.state) === 'closed' && p.state.context.consultations.length === 1)).toBe(true);
  });

  it('no path reaches closed without passing the register and the agreement', () => {
    const closed = paths.filter((p) => agendaOf(p.state) === 'closed');

    expect(closed.length).toBeGreaterThan(0);
    for (const path of closed) {
      const steps = path.steps.map((s) => stepOf(s.state));
      expect(steps).toContain('register');
      expect(steps.indexOf('agreement')).toBeGreaterThan(steps.indexOf('register'));
      expect(steps.indexOf('consultations')).toBeGreaterThan(steps.indexOf('agreement'));
    }
  });

  it('past the agreement, every state has a full register and an agreement by everyone present', () => {
    const past = paths.filter((p) => !['register', 'agreement'].includes(stepOf(p.state)));

    expect(past.length).toBeGreaterThan(10);
    for (const { state } of past) {
      expect(registerGaps(state.context)).toEqual([]);
      expect(agreementGaps(state.context)).toEqual([]);
      expect(state.context.agreement?.agreedBy).toEqual(Object.keys(state.context.attendance).filter((id) => state.context.attendance[id] === 'present'));
    }
  });

  it('the graph checks can fail: with the agreement rule switched off, a path closes unagreed', () => {
    const broken = groupPaths(groupSessionMachine.provide({ guards: { hasNoAgreementGaps: () => true } }));

    expect(broken.some((p) => agendaOf(p.state) === 'closed' && p.state.context.agreement === null)).toBe(true);
  });

  it('the graph checks can fail: with the register rule switched off, a path closes with the facilitator away', () => {
    const broken = groupPaths(groupSessionMachine.provide({ guards: { hasNoRegisterGaps: () => true } }));

    expect(broken.some((p) => agendaOf(p.state) === 'closed' && registerGaps(p.state.context).length > 0)).toBe(true);
  });
});

describe('escalation from every reachable state', () => {
  it('has states to test, mid-consultation and closed among them', () => {
    expect(paths.length).toBeGreaterThan(100);
    expect(paths.some((p) => stepOf(p.state) === 'consultations' && JSON.stringify(agendaOf(p.state)).includes('consulting'))).toBe(true);
    expect(paths.some((p) => agendaOf(p.state) === 'closed')).toBe(true);
  });

  it('replaying a path on a running session reaches the path’s state', () => {
    for (const path of paths) {
      const run = replay(eventsOf(path));
      expect(run.actor.getSnapshot().value).toEqual(path.state.value);
      expect(run.actor.getSnapshot().context).toEqual(path.state.context);
      run.actor.stop();
    }
  });

  it('concern.escalate opens the region and changes neither the agenda nor the context', () => {
    for (const path of paths) {
      // Arrange
      const run = replay(eventsOf(path));
      const before = run.actor.getSnapshot();
      const child = consultationOf(run.actor);
      // Act
      run.actor.send({ type: 'concern.escalate' });
      // Assert
      const after = run.actor.getSnapshot();
      expect(escalationOf(after)).toBe('open');
      expect(agendaOf(after)).toEqual(agendaOf(before));
      expect(after.context).toEqual(before.context);
      expect(consultationOf(run.actor)).toBe(child);
      run.actor.stop();
    }
  });

  it('once closed, the record is kept as it was closed: a concern is not added to it (the route is shown alone)', () => {
    const closedPath = paths.find((path) => (replay(eventsOf(path)).actor.getSnapshot().value as { agenda: unknown }).agenda === 'closed');
    expect(closedPath).toBeDefined();
    const run = replay(eventsOf(closedPath!));
    const before = run.actor.getSnapshot();
    run.actor.send({ type: 'concern.escalate' });
    run.actor.send({ type: 'concern.recorded', escalation: escalation() });
    expect(run.actor.getSnapshot().context.escalations).toEqual(before.context.escalations);
    run.actor.send({ type: 'concern.cancelled' });
    expect(run.actor.getSnapshot().value).toEqual(before.value);
    run.actor.stop();
  });

  it('concern.recorded with a concern appends it and returns to the same place, the consultation untouched', () => {
    for (const path of paths) {
      // Arrange
      const run = replay(eventsOf(path));
      if ((run.actor.getSnapshot().value as { agenda: unknown }).agenda === 'closed') {
        run.actor.stop();
        continue;
      }
      const before = run.actor.getSnapshot();
      const child = consultationOf(run.actor);
      const childBefore = child?.getSnapshot();
      // Act
      run.actor.send({ type: 'concern.escalate' });
      run.actor.send({ type: 'concern.recorded', escalation: escalation() });
      // Assert
      const after = run.actor.getSnapshot();
      expect(after.value).toEqual(before.value);
      expect(after.context.escalations).toEqual([...before.context.escalations, escalation()]);
      expect({ ...after.context, escalations: before.context.escalations }).toEqual(before.context);
      expect(consultationOf(run.actor)).toBe(child);
      expect(child?.getSnapshot().value).toEqual(childBefore?.value);
      expect(child?.getSnapshot().context).toEqual(childBefore?.context);
      run.actor.stop();
    }
  });

  it('concern.cancelled, or a blank concern then cancelled, records nothing and returns to the same place', () => {
    for (const path of paths) {
      const run = replay(eventsOf(path));
      const before = run.actor.getSnapshot();

      run.actor.send({ type: 'concern.escalate' });
      run.actor.send({ type: 'concern.recorded', escalation: escalation('   ') });
      const blankRefused = escalationOf(run.actor.getSnapshot());
      run.actor.send({ type: 'concern.cancelled' });

      expect(blankRefused).toBe('open');
      expect(run.actor.getSnapshot().value).toEqual(before.value);
      expect(run.actor.getSnapshot().context).toEqual(before.context);
      run.actor.stop();
    }
  });

  it('mid-consultation, a concern leaves the consultation’s phase and notes as they were, and it finishes with them', () => {
    // Arrange: the consultation in reflecting, with notes in the phases so far.
    const run = startGroup();
    send(run, [...toChoosing, started()]);
    const child = requireConsultation(run.actor);
    child.send({ type: 'notes.changed', phase: 'presenting', text: 'Weight has dropped across two centiles' });
    child.send({ type: 'phase.next', at: T0 + 4 * minute });
    child.send({ type: 'notes.changed', phase: 'clarifying', text: 'Who else visits at weekends?' });
    child.send({ type: 'phase.next', at: T0 + 13 * minute });
    const childBefore = child.getSnapshot();
    // Act
    run.actor.send({ type: 'concern.escalate' });
    run.actor.send({ type: 'concern.recorded', escalation: { ...escalation(), caseId: 'consult-0001', raisedDuring: 'Consultation — Reflecting' } });
    // Assert
    expect(consultationOf(run.actor)).toBe(child);
    expect(child.getSnapshot().value).toBe('reflecting');
    expect(child.getSnapshot().context).toEqual(childBefore.context);
    expect(agendaOf(run.actor.getSnapshot())).toEqual({ consultations: 'consulting' });
    expect(run.actor.getSnapshot().context.escalations.map((e) => e.caseId)).toEqual(['consult-0001']);
    finishConsultation(run);
    expect(run.actor.getSnapshot().context.consultations[0]?.notes).toMatchObject({
      presenting: 'Weight has dropped across two centiles',
      clarifying: 'Who else visits at weekends?',
    });
  });
});

// ---------------------------------------------------------------------------------------
// Saving and restoring

/** A step of a session: what someone does, to the session, to the consultation running, or the clock moving on. */
type Move = { does: string; to: (run: Running) => void };
const session = (event: GroupSessionEvent): Move => ({ does: event.type, to: (run) => run.actor.send(event) });
const sessionAt = (does: string, make: (at: number) => GroupSessionEvent): Move => ({ does, to: (run) => run.actor.send(make(run.at())) });
const inConsultation = (event: ConsultationEvent): Move => ({ does: `consultation: ${event.type}`, to: (run) => requireConsultation(run.actor).send(event) });
const phaseNext: Move = { does: 'consultation: phase.next', to: (run) => requireConsultation(run.actor).send({ type: 'phase.next', at: run.at() }) };
const wait = (minutes: number): Move => ({ does: `${minutes} minutes pass`, to: (run) => run.clock.increment(minutes * minute) });

const jay = started({ id: 'consult-0002', presenterId: tom.personId, caseLabel: 'Jay Smith', question: 'How do I escalate when the school closes its plan?', scribeId: priya.personId });

/** A whole group session, one person's action at a time, from the register to closed. */
const fullGroupSession: Move[] = [
  session(mark(ruth.personId, 'present')),
  session(mark(priya.personId, 'present')),
  session(mark(tom.personId, 'present')),
  session(next),
  session({ type: 'groundRules.changed', text: `${defaultGroundRules}\nPhones away.` }),
  session(agreed),
  session(next),
  session({ type: 'theme.captured', theme: theme(1) }),
  sessionAt('consultation.started', (at) => started({ at })),
  inConsultation({ type: 'notes.changed', phase: 'presenting', text: 'Weight has dropped across two centiles' }),
  wait(4),
  phaseNext,
  session({ type: 'concern.escalate' }),
  inConsultation({ type: 'notes.changed', phase: 'clarifying', text: 'Who else visits at weekends?' }),
  session({ type: 'concern.recorded', escalation: { ...escalation(), caseId: 'consult-0001' } }),
  session({ type: 'theme.captured', theme: theme(2, 'consult-0001') }),
  wait(11),
  phaseNext,
  inConsultation({ type: 'notes.changed', phase: 'reflecting', text: reflection }),
  session({ type: 'vocabulary.added', tag: 'fabricated illness' }),
  wait(15),
  phaseNext,
  phaseNext,
  inConsultation({ type: 'action.added', action: completeAction('action-0001', 'consult-0001') }),
  phaseNext,
  sessionAt('consultation.started', (at) => ({ ...jay, at })),
  inConsultation({ type: 'notes.changed', phase: 'presenting', text: 'Attendance down to 70%' }),
  { does: 'consultation: phase.extended', to: (run) => requireConsultation(run.actor).send({ type: 'phase.extended', minutes: 5, at: run.at() }) },
  session({ type: 'theme.removed', id: 'theme-0001' }),
  wait(8),
  phaseNext,
  phaseNext,
  phaseNext,
  phaseNext,
  inConsultation({ type: 'notes.changed', phase: 'actions', text: noActions }),
  phaseNext,
  session(next),
  session({ type: 'learning.changed', text: 'Weight charts tell the story before any single incident' }),
  session({ type: 'organisationalIssues.changed', text: 'School nurse capacity in the north locality' }),
  session({ type: 'session.closed' }),
];

type Saved = {
  step: number;
  after: string;
  envelope: unknown;
  content: GroupSessionContentV1;
  value: unknown;
  consultation: { value: unknown; context: Record<string, unknown> } | null;
};

const throughStorage = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function save(run: Running, step: number, after: string): Saved {
  const snapshot = run.actor.getSnapshot();
  const child = consultationOf(run.actor)?.getSnapshot();
  return {
    step,
    after,
    envelope: throughStorage(groupEnvelopeOf(run.actor.getPersistedSnapshot(), savedAt)),
    content: throughStorage(snapshot.context),
    value: snapshot.value,
    consultation: child ? throughStorage({ value: child.value, context: child.context }) : null,
  };
}

function saveEveryStep(moves: readonly Move[]): Saved[] {
  const run = startGroup();
  const saves = [save(run, 0, 'opening')];
  moves.forEach((move, index) => {
    move.to(run);
    saves.push(save(run, index + 1, move.does));
  });
  run.actor.stop();
  return saves;
}

function resume(restored: RestoredGroupSession, content: GroupSessionContentV1): Running {
  const clock = new SimulatedClock();
  const actor = createActor(groupSessionMachine, { snapshot: restored.snapshot, input: groupInputOf(content), clock }).start();
  return { actor, clock, at: () => T0 + clock.now() };
}

const saves = saveEveryStep(fullGroupSession);
/** Saved in the first consultation's clarifying phase, its notes written, a concern being raised. */
const midConsultation = saves.find((s) => s.consultation?.value === 'clarifying' && s.after === 'consultation: notes.changed');
if (!midConsultation) throw new Error('The session never paused mid-consultation');
const lastSave = saves.at(-1);
if (!lastSave) throw new Error('Nothing was saved');

/** The consultation the save was running, as the record keeps it when it cannot be resumed. */
function incomplete(saved: Saved): ConsultationV1 {
  if (!saved.consultation) throw new Error(`Step ${saved.step} has no consultation running`);
  const { phaseStartedAt: _s, timerMs: _t, overtime: _o, refusal: _r, ...consultation } = saved.consultation.context;
  return $ConsultationV1.parse({ ...consultation, complete: false });
}

describe('a full group session saved at every step', () => {
  it('covers the whole session: the register, mid-consultation with a concern open, two consultations and closed', () => {
    expect(saves.some((s) => agendaOf(s) === 'register' && Object.keys(s.content.attendance).length === 1)).toBe(true);
    expect(saves.some((s) => s.consultation !== null && escalationOf(s) === 'open')).toBe(true);
    expect(lastSave.value).toEqual({ agenda: 'closed', escalation: 'closed' });
    expect(lastSave.content.consultations.map((c) => [c.id, c.complete])).toEqual([
      ['consult-0001', true],
      ['consult-0002', true],
    ]);
    expect(lastSave.content.consultations[1]?.timing.presenting).toEqual({ allowedMinutes: 10, usedSeconds: 480 });
    expect(lastSave.content.themes).toEqual([theme(2, 'consult-0001')]);
    expect(lastSave.content.escalations).toHaveLength(1);
  });

  it.each(saves.map((s) => [s.step, s.after, s] as const))('step %i (after %s) restores exactly', (_step, _after, saved) => {
    // Arrange
    const { content, envelope } = saved;
    // Act
    const restored = restoreGroupSession(content, envelope);
    const run = resume(restored, content);
    // Assert
    expect(restored.kind).toBe('restored');
    expect(run.actor.getSnapshot().value).toEqual(saved.value);
    expect(run.actor.getSnapshot().context).toEqual(content);
    const child = consultationOf(run.actor)?.getSnapshot();
    expect(child ? { value: child.value, context: child.context } : null).toEqual(saved.consultation);
    run.actor.stop();
  });

  it('a restored mid-consultation session finishes the consultation with what was written before the save', () => {
    // Arrange
    const run = resume(restoreGroupSession(midConsultation.content, midConsultation.envelope), midConsultation.content);
    // Act
    run.actor.send({ type: 'concern.cancelled' });
    finishConsultation(run);
    // Assert
    const [stored] = run.actor.getSnapshot().context.consultations;
    expect(agendaOf(run.actor.getSnapshot())).toEqual({ consultations: 'choosing' });
    expect(stored?.notes).toEqual({
      presenting: 'Weight has dropped across two centiles',
      clarifying: 'Who else visits at weekends?',
      reflecting: reflection,
      responding: '',
      actions: noActions,
    });
    expect(stored?.timing.presenting).toEqual({ allowedMinutes: 5, usedSeconds: 240 });
    expect(stored?.complete).toBe(true);
  });
});

describe('rebuilding when a save cannot be restored', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const withEnvelope = (saved: Saved, change: (envelope: Record<string, unknown> & { snapshot: Record<string, unknown> }) => void): unknown => {
    const envelope = throughStorage(saved.envelope) as Record<string, unknown> & { snapshot: Record<string, unknown> };
    change(envelope);
    return envelope;
  };

  const choosing = { agenda: { consultations: 'choosing' }, escalation: 'closed' };

  it('from another machine version: at the consultations, the consultation in progress kept as incomplete', () => {
    // Arrange
    const envelope = withEnvelope(midConsultation, (e) => {
      e.machineVersion = groupSessionMachineVersion + 1;
    });
    // Act
    const restored = restoreGroupSession(midConsultation.content, envelope);
    const run = resume(restored, midConsultation.content);
    // Assert
    expect(restored).toMatchObject({ kind: 'rebuilt', why: 'the app has been updated since this session was saved' });
    expect(run.actor.getSnapshot().value).toEqual(choosing);
    expect(run.actor.getSnapshot().context).toEqual({ ...midConsultation.content, consultations: [incomplete(midConsultation)], refusal: [] });
    expect(run.actor.getSnapshot().context.consultations[0]?.notes.clarifying).toBe('Who else visits at weekends?');
    expect(consultationOf(run.actor)).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ['nothing saved', undefined],
    ['null', null],
    ['a string', 'not an envelope'],
    ['an empty object', {}],
    ['no timestamp', { machineId: 'groupSession', machineVersion: 1, snapshot: {} }],
    ['a version of zero', { machineId: 'groupSession', machineVersion: 0, savedAt, snapshot: {} }],
    ['another machine’s envelope', { machineId: 'session', machineVersion: 1, savedAt, snapshot: {} }],
  ])('from a garbage envelope (%s): at the furthest step with the content intact', (_name, envelope) => {
    const restored = restoreGroupSession(midConsultation.content, envelope);
    const run = resume(restored, midConsultation.content);

    expect(restored).toMatchObject({ kind: 'rebuilt', why: 'the saved position could not be read' });
    expect(run.actor.getSnapshot().value).toEqual(choosing);
    // No snapshot to salvage a consultation from: the record is exactly as saved.
    expect(run.actor.getSnapshot().context).toEqual({ ...midConsultation.content, refusal: [] });
  });

  it('from a one-to-one session’s snapshot in a group envelope: content intact', () => {
    const oneToOne = startSession(derby(), 'safeguarding-supervision');
    const envelope = throughStorage(groupEnvelopeOf(oneToOne.getPersistedSnapshot(), savedAt));
    oneToOne.stop();

    const restored = restoreGroupSession(midConsultation.content, envelope);
    const run = resume(restored, midConsultation.content);

    expect(restored).toMatchObject({ kind: 'rebuilt', why: 'the saved position did not match this version of the app' });
    expect(run.actor.getSnapshot().value).toEqual(choosing);
    expect(run.actor.getSnapshot().context).toEqual({ ...midConsultation.content, refusal: [] });
  });

  it('from the consultation machine’s own snapshot in a group envelope: content intact', () => {
    const consultation = createActor(consultationMachine, {
      input: { id: 'consult-0009', presenterId: priya.personId, caseLabel: 'Baby Tilly', question: 'q', roles: { facilitatorId: ruth.personId, presenterId: priya.personId, scribeId: null }, startedAt: T0 },
      clock: new SimulatedClock(),
    }).start();
    const envelope = throughStorage(groupEnvelopeOf(consultation.getPersistedSnapshot(), savedAt));
    consultation.stop();

    const restored = restoreGroupSession(midConsultation.content, envelope);

    expect(restored).toMatchObject({ kind: 'rebuilt', why: 'the saved position did not match this version of the app' });
    expect((restored.snapshot as GroupSnapshot).context).toEqual({ ...midConsultation.content, refusal: [] });
  });

  it.each<[string, (e: Record<string, unknown> & { snapshot: Record<string, unknown> }) => void]>([
    ['no context', (e) => delete e.snapshot['context']],
    ['a context that is not a group session', (e) => void (e.snapshot['context'] = { sessionId: 'x' })],
    ['no agenda', (e) => void (e.snapshot['value'] = { escalation: 'closed' })],
  ])('from a snapshot that no longer fits (%s): the consultation in progress kept as incomplete', (_name, change) => {
    const restored = restoreGroupSession(midConsultation.content, withEnvelope(midConsultation, change));
    const run = resume(restored, midConsultation.content);

    expect(restored).toMatchObject({ kind: 'rebuilt', why: 'the saved position did not match this version of the app' });
    expect(run.actor.getSnapshot().value).toEqual(choosing);
    expect(run.actor.getSnapshot().context).toEqual({ ...midConsultation.content, consultations: [incomplete(midConsultation)], refusal: [] });
  });

  it('from an unknown agenda step: rebuilt, the consultation kept as incomplete', () => {
    // Fake timers keep the probe's late error report (see persistence.test.ts) out of other tests.
    vi.useFakeTimers();
    const envelope = withEnvelope(midConsultation, (e) => {
      e.snapshot['value'] = { agenda: 'contracting', escalation: 'closed' };
    });

    const restored = restoreGroupSession(midConsultation.content, envelope);
    vi.clearAllTimers();

    expect(restored.kind).toBe('rebuilt');
    expect((restored.snapshot as GroupSnapshot).context.consultations).toEqual([incomplete(midConsultation)]);
  });

  it('the salvaged consultation is kept beside those finished later', () => {
    const envelope = withEnvelope(midConsultation, (e) => {
      e.machineVersion = groupSessionMachineVersion + 1;
    });
    const run = resume(restoreGroupSession(midConsultation.content, envelope), midConsultation.content);
    const second = started({ id: 'consult-0002', presenterId: tom.personId, caseLabel: 'Jay Smith', at: run.at() });

    run.actor.send(second);
    finishConsultation(run);

    expect(run.actor.getSnapshot().context.consultations).toEqual([incomplete(midConsultation), finishedOutput(second)]);
  });

  /**
   * The step a save is rebuilt at: the furthest its content shows it reached. The content does
   * not record reaching closing or closed (the learning may be left blank), so those are
   * rebuilt at the consultations; the register counts as passed only when it has no gaps.
   * Fails today for the part-marked register saves (steps 1 and 2): see the BUG below.
   */
  function furthestStep(saved: Saved): unknown {
    const { content } = saved;
    if (content.agreement) return { consultations: 'choosing' };
    return registerGaps(content).length === 0 ? 'agreement' : 'register';
  }

  it.each(saves.map((s) => [s.step, s.after, s] as const))(
    'a garbage envelope for step %i (after %s) rebuilds at the furthest step the content shows, content intact',
    (_step, _after, saved) => {
      const restored = restoreGroupSession(saved.content, 'garbage');

      expect(restored.kind).toBe('rebuilt');
      expect(agendaOf(restored.snapshot as GroupSnapshot)).toEqual(furthestStep(saved));
      expect((restored.snapshot as GroupSnapshot).context).toEqual({ ...saved.content, refusal: [] });
    },
  );

  it('a register saved part-marked is not rebuilt past the register’s rule', () => {
    // BUG: stepFor() in client/live/groupSession.ts resumes at 'agreement' as soon as anyone is
    // marked, so a rebuilt session skips the register's check: here the facilitator is the only
    // one marked, yet agreeing and moving on reaches the consultations with two members unmarked.
    // Arrange
    const partMarked = saves.find((s) => agendaOf(s) === 'register' && Object.keys(s.content.attendance).length === 1);
    if (!partMarked) throw new Error('No part-marked register was saved');
    const run = resume(restoreGroupSession(partMarked.content, 'garbage'), partMarked.content);
    // Act
    send(run, [next, agreed, next]);
    // Assert
    const snapshot = run.actor.getSnapshot();
    expect(registerGaps(partMarked.content)).toHaveLength(2);
    expect({ step: stepOf(snapshot), registerGaps: registerGaps(snapshot.context) }).toEqual({ step: 'register', registerGaps: registerGaps(partMarked.content) });
  });

  it('a mid-consultation save whose consultation machine is missing is not restored stuck', () => {
    // BUG: $Persisted takes `children` as any object, so a "consulting" snapshot without its
    // child restores with nothing to finish, and step.next/back are refused there ("Finish
    // this consultation…"): there is no way on.
    const envelope = withEnvelope(midConsultation, (e) => {
      e.snapshot['children'] = {};
    });

    const restored = restoreGroupSession(midConsultation.content, envelope);
    const run = resume(restored, midConsultation.content);
    run.actor.send({ type: 'concern.cancelled' });
    run.actor.send(next);

    expect(restored.kind).toBe('rebuilt');
    expect(agendaOf(run.actor.getSnapshot())).not.toEqual({ consultations: 'consulting' });
  });
});

// ---------------------------------------------------------------------------------------
// Names in what leaves the group (issue 16)

const confirmedAt = '2026-11-18T11:30:00.000Z';
const firstTheme: ThemesRecordPartV1 = { kind: 'theme', themeId: 'theme-0001' };
const secondTheme: ThemesRecordPartV1 = { kind: 'theme', themeId: 'theme-0002' };
const learningPart: ThemesRecordPartV1 = { kind: 'learning' };
const namedTheme = (n: number, text: string): ThemeV1 => ({ ...theme(n), text, tags: [] });
const kacperTheme = namedTheme(1, 'Kacper keeps arriving at school hungry');
const ellieMayTheme = namedTheme(2, 'Worried about how Ellie-May copes at home');
const confirm = (part: ThemesRecordPartV1, name: string): GroupSessionEvent => ({ type: 'name.confirmed', part, name, at: confirmedAt });

/** At closing, after Baby Tilly's consultation, whose presenter named her brother Kacper in the notes only. */
function atClosingWithKacperInTheNotes(): Running {
  const run = startGroup();
  send(run, [...toChoosing, started()]);
  requireConsultation(run.actor).send({ type: 'notes.changed', phase: 'presenting', text: 'Weight has dropped. Her brother Kacper keeps arriving at school hungry.' });
  finishConsultation(run);
  send(run, [next]);
  return run;
}

describe('names in what leaves the group: the session cannot close while a flagged text is neither reworded nor confirmed', () => {
  it('refuses to close while a theme names a child known only from the presenter’s notes, and closes once it is reworded', () => {
    const run = atClosingWithKacperInTheNotes();
    send(run, [{ type: 'theme.captured', theme: kacperTheme }, { type: 'session.closed' }]);

    expect(agendaOf(run.actor.getSnapshot())).toBe('closing');
    expect(run.actor.getSnapshot().context.refusal).toEqual([
      'Theme 1: “Kacper” is a name in this session’s notes. Reword it, or confirm it is not a child or family member, before the themes record is circulated.',
    ]);

    send(run, [{ type: 'theme.reworded', id: 'theme-0001', text: '  A sibling keeps arriving at school hungry ' }, { type: 'session.closed' }]);
    expect(run.actor.getSnapshot().context.themes).toEqual([{ ...kacperTheme, text: 'A sibling keeps arriving at school hungry' }]);
    expect(agendaOf(run.actor.getSnapshot())).toBe('closed');
  });

  it('closes once the facilitator confirms a flagged name is not a child or family member, recorded as theirs; unticking undoes it', () => {
    const run = atClosingWithKacperInTheNotes();
    send(run, [{ type: 'theme.captured', theme: ellieMayTheme }, confirm(secondTheme, 'ellie-may')]);
    expect(run.actor.getSnapshot().context.nameConfirmations).toEqual([{ part: secondTheme, name: 'Ellie-May', confirmedBy: ruth.personId, confirmedAt }]);

    send(run, [{ type: 'name.unconfirmed', part: secondTheme, name: 'Ellie-May' }, { type: 'session.closed' }]);
    expect(agendaOf(run.actor.getSnapshot())).toBe('closing');

    send(run, [confirm(secondTheme, 'Ellie-May'), { type: 'session.closed' }]);
    expect(agendaOf(run.actor.getSnapshot())).toBe('closed');
    expect($GroupSessionContentV1.parse(run.actor.getSnapshot().context)).toEqual(run.actor.getSnapshot().context);
  });

  it('rewording a text clears its confirmations, and only its own', () => {
    const run = atClosingWithKacperInTheNotes();
    send(run, [
      { type: 'theme.captured', theme: kacperTheme },
      { type: 'theme.captured', theme: ellieMayTheme },
      { type: 'learning.changed', text: 'Oliwia’s mother was never offered an interpreter' },
      confirm(firstTheme, 'Kacper'),
      confirm(secondTheme, 'Ellie-May'),
      confirm(learningPart, 'Oliwia'),
    ]);
    expect(run.actor.getSnapshot().context.nameConfirmations?.map((c) => c.name)).toEqual(['Kacper', 'Ellie-May', 'Oliwia']);

    send(run, [{ type: 'learning.changed', text: 'Oliwia’s mother was never offered an interpreter.' }, { type: 'theme.reworded', id: 'theme-0002', text: 'Worried about how Ellie-May copes at home and at school' }]);
    expect(run.actor.getSnapshot().context.nameConfirmations?.map((c) => c.name)).toEqual(['Kacper']);
    send(run, [{ type: 'session.closed' }]);
    expect(run.actor.getSnapshot().context.refusal).toHaveLength(2);

    send(run, [{ type: 'theme.removed', id: 'theme-0001' }]);
    expect(run.actor.getSnapshot().context.nameConfirmations).toEqual([]);
  });

  it('takes no confirmation of a word that is not flagged, of a case label, or once closed; no rewording of an unknown theme, to nothing, or once closed', () => {
    const run = atClosingWithKacperInTheNotes();
    send(run, [
      { type: 'theme.captured', theme: namedTheme(1, 'Tilly’s weight and the weekend visits') },
      confirm(firstTheme, 'Tilly'),
      confirm(firstTheme, 'weekend'),
      confirm(secondTheme, 'Kacper'),
      { type: 'theme.reworded', id: 'theme-0009', text: 'Weekend visits' },
      { type: 'theme.reworded', id: 'theme-0001', text: '   ' },
      { type: 'theme.reworded', id: 'theme-0001', text: 'x'.repeat(501) },
    ]);
    expect(run.actor.getSnapshot().context.nameConfirmations).toBeUndefined();
    expect(run.actor.getSnapshot().context.themes.map((t) => t.text)).toEqual(['Tilly’s weight and the weekend visits']);

    send(run, [{ type: 'theme.reworded', id: 'theme-0001', text: 'Weight and the weekend visits' }, { type: 'theme.captured', theme: ellieMayTheme }, confirm(secondTheme, 'Ellie-May'), { type: 'session.closed' }]);
    expect(agendaOf(run.actor.getSnapshot())).toBe('closed');
    const closed = run.actor.getSnapshot().context;
    send(run, [{ type: 'name.unconfirmed', part: secondTheme, name: 'Ellie-May' }, { type: 'theme.reworded', id: 'theme-0002', text: 'Something else' }]);
    expect(run.actor.getSnapshot().context).toEqual(closed);
  });

  it('a session saved before the names check, with no confirmations, restores exactly; one with confirmations does too', () => {
    expect('nameConfirmations' in lastSave.content).toBe(false);
    expect(restoreGroupSession(lastSave.content, lastSave.envelope).kind).toBe('restored');

    const run = atClosingWithKacperInTheNotes();
    send(run, [{ type: 'theme.captured', theme: kacperTheme }, confirm(firstTheme, 'Kacper')]);
    const saved = save(run, 1, 'name.confirmed');
    const restored = restoreGroupSession(saved.content, saved.envelope);
    const resumed = resume(restored, saved.content);
    expect(restored.kind).toBe('restored');
    expect(resumed.actor.getSnapshot().context).toEqual(saved.content);
    resumed.actor.send({ type: 'session.closed' });
    expect(agendaOf(resumed.actor.getSnapshot())).toBe('closed');
  });
});

describe('names in what leaves the group, every path from closing (xstate/graph)', () => {
  const closing = (() => {
    const run = atClosingWithKacperInTheNotes();
    const snapshot = run.actor.getSnapshot();
    run.actor.stop();
    return { value: snapshot.value, context: snapshot.context };
  })();

  /** Each theme captured once; names confirmed, unconfirmed and reworded; the learning naming someone and then not. */
  const namesEvents = (state: GroupSnapshot): GroupSessionEvent[] => [
    ...(state.context.themes.some((t) => t.id === 'theme-0001') ? [] : [{ type: 'theme.captured', theme: kacperTheme } as const]),
    ...(state.context.themes.some((t) => t.id === 'theme-0002') ? [] : [{ type: 'theme.captured', theme: ellieMayTheme } as const]),
    { type: 'theme.reworded', id: 'theme-0001', text: 'A sibling keeps arriving at school hungry' },
    confirm(firstTheme, 'Kacper'),
    confirm(secondTheme, 'Ellie-May'),
    { type: 'name.unconfirmed', part: secondTheme, name: 'Ellie-May' },
    { type: 'learning.changed', text: 'Oliwia’s mother was never offered an interpreter' },
    { type: 'learning.changed', text: 'Mothers are not always offered an interpreter' },
    confirm(learningPart, 'Oliwia'),
    { type: 'session.closed' },
  ];

  function namesPaths(machine: typeof groupSessionMachine = groupSessionMachine) {
    return getShortestPaths(traversable(machine), {
      // Resolved by the machine traversed: a snapshot carries its own machine's guards.
      fromState: machine.resolveState(closing),
      events: namesEvents,
      serializeState: (snapshot) => JSON.stringify({ value: snapshot.value, context: { ...snapshot.context, refusal: [] } }),
    });
  }

  const paths = namesPaths();
  const closedPaths = paths.filter((p) => agendaOf(p.state) === 'closed');

  it('reaches closed by rewording and by confirming', () => {
    expect(paths.length).toBeGreaterThan(50);
    expect(closedPaths.some((p) => p.state.context.themes.some((t) => t.text.startsWith('A sibling')))).toBe(true);
    expect(closedPaths.some((p) => p.state.context.nameConfirmations?.some((c) => c.name === 'Kacper'))).toBe(true);
    expect(closedPaths.some((p) => p.state.context.nameConfirmations?.some((c) => c.name === 'Oliwia'))).toBe(true);
  });

  it('no path closes with a flagged name neither reworded nor confirmed', () => {
    expect(closedPaths.length).toBeGreaterThan(0);
    for (const { state } of closedPaths) expect(themesRecordProblems(state.context)).toEqual([]);
  });

  it('the graph check can fail: with the guard switched off, a path closes with an unconfirmed name', () => {
    const broken = namesPaths(groupSessionMachine.provide({ guards: { hasNothingIdentifying: () => true } }));
    expect(broken.some((p) => agendaOf(p.state) === 'closed' && themesRecordProblems(p.state.context).length > 0)).toBe(true);
  });
});
