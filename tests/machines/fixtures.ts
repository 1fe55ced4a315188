/** Shared builders for machine tests: real templates, plausible content, fixed clock values. */
import { createActor, transition, type Actor, type ActorRefFrom, type AnyStateMachine, type SnapshotFrom } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { findTemplate, templates } from '../../machines/templates/index.ts';
import { $RecordTemplateV1, cycleStages, sectionsFor, sessionSections, type CycleStage, type RecordTemplateV1, type SectionV1 } from '../../machines/model/template.ts';
import type { PreparationV1 } from '../../machines/model/preparation.ts';
import type {
  ActionV1,
  BroughtV1,
  CaseChooser,
  CaseDiscussionV1,
  EscalationV1,
  PreviousActionV1,
  SessionContentV1,
  SignatureV1,
} from '../../machines/model/record.ts';
import {
  createSessionMachine,
  type SessionEvent,
  type SessionInput,
  type SessionMachine,
} from '../../machines/session/session.machine.ts';
import type { caseCycleMachine } from '../../machines/cycle/cycle.machine.ts';
import { createAgreementMachine, type AgreementInput, type AgreementMachine } from '../../machines/agreements/agreement.machine.ts';
import type { AgreementTemplateV1 } from '../../machines/model/agreement.ts';
import { stepGaps } from '../../machines/session/gaps.ts';
import type { StageRole } from '../../machines/model/reflectiveModel.ts';
import { modelOfCase } from '../../machines/models/index.ts';

export function template(id: string): RecordTemplateV1 {
  const found = findTemplate(id);
  if (!found) throw new Error(`No template ${id}`);
  return found;
}

/**
 * Templates as sessions saved them (a session row keeps a copy of the template it ran with):
 * the shipped one when the version matches, else a copy of an earlier version kept in
 * tests/fixtures/templates, as a session begun before the template changed still holds it.
 */
const earlierTemplates = Object.values(import.meta.glob('../fixtures/templates/*.json', { eager: true, import: 'default' }));
export function savedTemplate(id: string, version: string): RecordTemplateV1 {
  const shipped = findTemplate(id, version);
  if (shipped) return shipped;
  const earlier = earlierTemplates.map((data) => $RecordTemplateV1.parse(data)).find((t) => t.id === id && t.version === version);
  if (!earlier) throw new Error(`No template ${id} ${version}, shipped or kept in tests/fixtures/templates`);
  return earlier;
}

export const derby = () => template('derby-derbyshire-appendix-3');
export const temple = () => template('temple-learning-academy-appendix-2');
export const southGlos = () => template('south-gloucestershire-appendix-2');
export const somerset = () => template('somerset-icb-appendix-1');

/** Derby's session type for one-to-one supervision, and the sections of its record. */
export const DERBY = 'safeguarding-supervision';
export const derbySections = sectionsFor(derby(), DERBY);

export const previousAction: PreviousActionV1 = {
  id: 'prev-action-0001',
  what: 'Request chronology from school nurse',
  ownerLabel: 'Supervisee',
  // Not yet due on the session date: drift tests make it overdue themselves.
  dueDate: '2026-12-01',
  raisedOn: '2026-08-20',
  caseLabel: 'Baby T',
  timesCarriedForward: 0,
};

export function sessionInput(overrides: Partial<SessionInput> = {}): SessionInput {
  return {
    sessionId: 'session-0001',
    sessionType: DERBY,
    date: '2026-11-22',
    parties: {
      supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' },
      supervisee: { personId: 'person-0001', name: 'Val Visitor', role: 'Health Visitor' },
    },
    previousActions: [previousAction],
    ...overrides,
  };
}

export function completeAction(id = 'action-0001', caseId: string | null = null): ActionV1 {
  return { id, what: 'Refer to MASH', owner: { kind: 'supervisee', name: '' }, dueDate: '2026-11-29', caseId };
}

const pixel = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
export function signature(role: 'supervisor' | 'supervisee', signedAt = '2026-11-22T11:00:00.000Z'): SignatureV1 {
  return { role, fullName: role === 'supervisor' ? 'Sam Supervisor' : 'Val Visitor', drawing: pixel, signedAt };
}

// ---------------------------------------------------------------------------------------
// Sessions driven headless

/** Every (template, session type) pair shipped, for it.each tables. */
export const everySessionType = templates.flatMap((t) =>
  t.sessionTypes.map((type) => ({ name: `${t.id} / ${type.id}`, template: t, sessionType: type.id })),
);

export type SessionActor = Actor<SessionMachine>;
export type SessionSnapshot = SnapshotFrom<SessionMachine>;
export type CycleActorRef = ActorRefFrom<typeof caseCycleMachine>;

export function startSession(t: RecordTemplateV1, sessionType: string, overrides: Partial<SessionInput> = {}): SessionActor {
  return createActor(createSessionMachine(t, sessionType), { input: sessionInput({ sessionType, ...overrides }) }).start();
}

/** The agenda region's value, e.g. "plan-and-actions" or { "case-discussion": "choosing" }. */
export function agendaOf(snapshot: SessionSnapshot): unknown {
  return (snapshot.value as { agenda: unknown }).agenda;
}

/** The section the agenda is in ("signed" once sealed). */
export function sectionOf(snapshot: SessionSnapshot): string {
  const agenda = agendaOf(snapshot);
  if (typeof agenda === 'string') return agenda;
  const [key] = Object.keys(agenda as Record<string, unknown>);
  if (!key) throw new Error('The agenda has no active section');
  return key;
}

/** The case machine invoked while a case is being discussed. */
export function cycleOf(actor: SessionActor): CycleActorRef | undefined {
  return actor.getSnapshot().children['cycle'] as CycleActorRef | undefined;
}

export function requireCycle(actor: SessionActor): CycleActorRef {
  const cycle = cycleOf(actor);
  if (!cycle) throw new Error(`No case is being discussed (agenda ${JSON.stringify(agendaOf(actor.getSnapshot()))})`);
  return cycle;
}

export type CaseStart = { caseId: string; label: string; chosenBy: CaseChooser | null };

/**
 * What a careful practitioner writes at each stage: specific enough that the record quality
 * check raises nothing, so tests of other rules are not blocked by it.
 */
export function specificAnswer(label: string, stage: CycleStage): string {
  switch (stage) {
    case 'experience':
      return `${label}: home visit on 3 November; the child was clean, fed and talked about school.`;
    case 'reflection':
      return `${label}: I felt reassured by the visit but uneasy that the father was absent again.`;
    case 'analysis':
      return `${label}: protective factors outweigh the concerns, because attendance and health checks are up to date.`;
    case 'actionPlanning':
      return `${label}: share the visit summary with the school nurse by Friday so she can follow up.`;
  }
}

/** Run one case through all four stages, answering each, so it is stored complete. */
export function discussCase(actor: SessionActor, start: CaseStart): void {
  actor.send({ type: 'case.started', ...start });
  const cycle = requireCycle(actor);
  // Each stage of the case's own model (the template's default: Temple's Appendix 3 since 1.1.0),
  // answered in the words of the 4x4x4 stage with the same role.
  const model = modelOfCase(cycle.getSnapshot().context);
  for (const stage of model.stages) {
    cycle.send({ type: 'stage.answered', stage: stage.id, field: 'notes', text: specificAnswer(start.label, stageForRole[stage.role]) });
    cycle.send({ type: 'stage.completed' });
  }
}

/** The 4x4x4 stage each role stands for, for answers written in its words. */
const stageForRole: Record<StageRole, CycleStage> = { account: 'experience', reflection: 'reflection', analysis: 'analysis', plan: 'actionPlanning' };

/** The cases a section needs at minimum: enough for its minimum, one chosen by each where asked. */
export function casesFor(section: SectionV1): CaseStart[] {
  if (section.collects.kind !== 'cases') return [];
  const { minimum, oneChosenByEach } = section.collects;
  const count = Math.max(minimum, oneChosenByEach ? 2 : 0);
  return Array.from({ length: count }, (_, index) => ({
    caseId: `case-000${index + 1}`,
    label: `Child ${String.fromCharCode(65 + index)}`,
    chosenBy: oneChosenByEach ? (index % 2 === 0 ? 'supervisor' : 'supervisee') : null,
  }));
}

/** Do the least each section needs before "next" is allowed. */
export function satisfy(actor: SessionActor, section: SectionV1): void {
  switch (section.collects.kind) {
    case 'previousActions':
      for (const action of actor.getSnapshot().context.previousActions) {
        actor.send({ type: 'review.changed', actionId: action.id, review: { outcome: 'done', reason: '', newDueDate: '' } });
      }
      return;
    case 'keyIssues':
      actor.send({ type: 'keyIssues.priorityAgreed', agreed: true });
      return;
    case 'cases':
      for (const start of casesFor(section)) discussCase(actor, start);
      return;
    case 'actions':
      actor.send({ type: 'action.added', action: completeAction() });
      return;
    default:
      return;
  }
}

/**
 * Walk the agenda with step.next from wherever it is up to the signatures section, doing the
 * least each section needs on the way (an action is always agreed), returning the sections visited.
 */
export function driveToSignatures(actor: SessionActor, t: RecordTemplateV1, sessionType: string): string[] {
  return driveSectionsToSignatures(actor, sectionsFor(t, sessionType));
}

/** driveToSignatures over the sections a session actually runs (e.g. with the focus section first). */
export function driveSectionsToSignatures(actor: SessionActor, sections: readonly SectionV1[]): string[] {
  const visited = [sectionOf(actor.getSnapshot())];
  for (let moves = 0; moves < sections.length; moves++) {
    const { context } = actor.getSnapshot();
    const section = sections.find((s) => s.id === sectionOf(actor.getSnapshot()));
    if (!section || section.collects.kind === 'signatures') break;
    const needsWork = section.collects.kind === 'actions' ? context.actions.length === 0 : stepGaps(section, context).length > 0;
    if (needsWork) satisfy(actor, section);
    actor.send({ type: 'step.next' });
    visited.push(sectionOf(actor.getSnapshot()));
  }
  return visited;
}

/** Both people sign, in the order given, after reading the record through. */
export function signBoth(actor: SessionActor, signatures: readonly SignatureV1[] = [signature('supervisor'), signature('supervisee')]): void {
  actor.send({ type: 'record.readThrough' });
  for (const given of signatures) actor.send({ type: 'signature.added', signature: given });
}

/** Sends step.next `times` times. */
export function stepNext(actor: SessionActor, times: number): void {
  for (let step = 0; step < times; step++) actor.send({ type: 'step.next' });
}

/**
 * A Derby session from its first step, earlier actions already reviewed, on to its signatures:
 * no case discussed ("Catch-up only"), `action` agreed, nothing else written.
 */
export function driveDerbyWithoutCases(actor: SessionActor, action: ActionV1): void {
  stepNext(actor, 3);
  actor.send({ type: 'cases.noneDiscussed', reason: 'Catch-up only' });
  stepNext(actor, 2);
  actor.send({ type: 'action.added', action });
  stepNext(actor, 3);
}

/**
 * A Derby session run to signed, one event at a time: the previous action done, one case
 * ("Baby T") discussed with Reflection skipped for lack of time, `action` agreed, both signing.
 */
export function derbySignedWithSkippedReflection(action: ActionV1 = completeAction()): SessionActor {
  const actor = startSession(derby(), DERBY);
  actor.send({ type: 'review.changed', actionId: previousAction.id, review: { outcome: 'done', reason: '', newDueDate: '' } });
  stepNext(actor, 3);
  actor.send({ type: 'case.started', caseId: 'case-0001', label: 'Baby T', chosenBy: null });
  const cycle = requireCycle(actor);
  cycle.send({ type: 'stage.answered', stage: 'experience', field: 'notes', text: specificAnswer('Baby T', 'experience') });
  cycle.send({ type: 'stage.completed' });
  cycle.send({ type: 'stage.skipped', reason: 'Time' });
  cycle.send({ type: 'stage.answered', stage: 'analysis', field: 'notes', text: specificAnswer('Baby T', 'analysis') });
  cycle.send({ type: 'stage.completed' });
  cycle.send({ type: 'stage.answered', stage: 'actionPlanning', field: 'notes', text: specificAnswer('Baby T', 'actionPlanning') });
  cycle.send({ type: 'stage.completed' });
  stepNext(actor, 2);
  actor.send({ type: 'action.added', action });
  stepNext(actor, 3);
  signBoth(actor);
  return actor;
}

export function escalation(concern = 'Bruising seen on a non-mobile baby', id = 'escalation-0001'): EscalationV1 {
  return {
    id,
    raisedAt: '2026-11-22T10:30:00.000Z',
    raisedDuring: 'Case discussion and reflections',
    caseId: null,
    concern,
    actionTaken: 'Referral made to children’s social care',
  };
}

/** A case as the case machine outputs it when the discussion is finished. */
export function discussedCase(overrides: Partial<CaseDiscussionV1> = {}): CaseDiscussionV1 {
  return {
    id: 'case-0001',
    label: 'Baby T',
    chosenBy: null,
    stages: {
      experience: { notes: 'Home visit: an unexplained bruise on the upper arm, seen by me and the GP.' },
      reflection: { notes: 'Worried that I accepted the mother’s explanation too readily at first.' },
      analysis: { notes: 'The bruise is not explained and the baby is not mobile, so the risk is high.' },
      actionPlanning: { notes: 'Strategy discussion with children’s social care requested today.' },
    },
    skipped: {},
    complete: true,
    ...overrides,
  };
}

/**
 * The event the session receives when its case machine finishes. Graph traversal does not
 * run invoked children, so paths through a case send this event in the child's place.
 * SessionEvent lists only the events callers send, hence the cast.
 */
export function caseFinished(output: CaseDiscussionV1): SessionEvent {
  return { type: 'xstate.done.actor.cycle', output } as unknown as SessionEvent;
}

/**
 * The same machine, with each graph step taken through `transition()` so every step gets a
 * fresh inert actor system. xstate/graph reuses one mock system for the whole traversal, and
 * the case machine's `systemId: 'cycle'` would otherwise be registered twice and throw.
 */
export function traversable<M extends AnyStateMachine>(machine: M): M {
  const step = (snapshot: SnapshotFrom<M>, event: Parameters<M['transition']>[1]) => transition(machine, snapshot, event)[0];
  return Object.create(machine, { transition: { value: step } }) as M;
}

// ---------------------------------------------------------------------------------------
// The session machine as a graph

/** The events a traversal may send in a session: enough to satisfy every section's rule. */
export function sessionGraphEvents(t: RecordTemplateV1, sessionType: string): SessionEvent[] {
  const sections = sectionsFor(t, sessionType);
  const caseSection = sections.find((s) => s.collects.kind === 'cases');
  const finished = (caseSection ? casesFor(caseSection) : []).map((start) =>
    caseFinished(discussedCase({ id: start.caseId, label: start.label, chosenBy: start.chosenBy })),
  );
  return [
    { type: 'step.next' },
    { type: 'step.back' },
    ...sections.map((s): SessionEvent => ({ type: 'step.goto', sectionId: s.id })),
    { type: 'review.changed', actionId: previousAction.id, review: { outcome: 'done', reason: '', newDueDate: '' } },
    { type: 'keyIssues.priorityAgreed', agreed: true },
    { type: 'case.started', caseId: 'case-0001', label: 'Child A', chosenBy: null },
    ...finished,
    { type: 'action.added', action: completeAction() },
    { type: 'record.readThrough' },
    { type: 'signature.added', signature: signature('supervisor') },
    { type: 'signature.added', signature: signature('supervisee') },
  ];
}

/**
 * Shortest paths to every state of one session, the case machine's part played by
 * `xstate.done.actor.cycle` events. A state is keyed by its value and context without
 * `refusal`: the last refusal message multiplies states without changing what can happen next.
 */
export function sessionPaths(
  t: RecordTemplateV1,
  sessionType: string,
  { machine = createSessionMachine(t, sessionType), ...options }: { machine?: SessionMachine; stopWhen?: (s: SessionSnapshot) => boolean } = {},
) {
  const events = sessionGraphEvents(t, sessionType);
  return getShortestPaths(traversable(machine), {
    input: sessionInput({ sessionType }),
    // One action is enough to satisfy the rules; adding more would never end.
    events: (snapshot) => events.filter((e) => e.type !== 'action.added' || snapshot.context.actions.length === 0),
    serializeState: (snapshot) => JSON.stringify({ value: snapshot.value, context: { ...snapshot.context, refusal: [] } }),
    ...options,
  });
}

/** Replay a path's events on a real, running session actor. */
export function replay(t: RecordTemplateV1, sessionType: string, events: readonly SessionEvent[]): SessionActor {
  const actor = startSession(t, sessionType);
  for (const event of events) actor.send(event);
  return actor;
}

/** The events of a graph path, without the synthetic xstate.init it starts with. */
export function eventsOf(path: { steps: readonly { event: SessionEvent }[] }): SessionEvent[] {
  return path.steps.map((s) => s.event).filter((e) => e.type !== ('xstate.init' as string));
}

// ---------------------------------------------------------------------------------------
// Sessions the supervisee prepared for, and content for drift and history checks

/**
 * What a supervisee brings from their preparation: two issues and two drafted cases. Baby T
 * is drafted through analysis, Child M only through experience. Written specifically, so the
 * record quality check raises nothing about them.
 */
export function broughtPreparation(overrides: Partial<BroughtV1> = {}): BroughtV1 {
  return {
    preparationId: 'preparation-0001',
    issues: [
      { id: 'prep-issue-0001', text: 'My caseload has risen to 42 families since a colleague left in October.' },
      { id: 'prep-issue-0002', text: 'I want to practise the questions I ask fathers at new birth visits.' },
    ],
    cases: [
      {
        id: 'prep-case-0001',
        label: 'Baby T',
        stages: {
          experience: { notes: specificAnswer('Baby T', 'experience') },
          reflection: { notes: specificAnswer('Baby T', 'reflection') },
          analysis: { notes: specificAnswer('Baby T', 'analysis') },
        },
      },
      {
        id: 'prep-case-0002',
        label: 'Child M',
        stages: { experience: { notes: specificAnswer('Child M', 'experience') }, reflection: {}, analysis: {} },
      },
    ],
    ...overrides,
  };
}

/** A supervisee's preparation as it is sent to another device: one issue to bring, no cases. */
export function preparationToSend(overrides: Partial<PreparationV1> = {}): PreparationV1 {
  return {
    schema: 'preparation/v1',
    id: 'prep-00000001',
    supervisee: { name: 'Val Visitor', role: 'Health Visitor' },
    forDate: '2026-12-01',
    createdAt: '2026-11-22T10:00:00.000Z',
    updatedAt: '2026-11-22T10:00:00.000Z',
    issues: [{ id: 'issue-000001', text: 'Bring this', bring: true }],
    cases: [],
    ...overrides,
  };
}

/** A session built with the focus section where something was brought (as the app builds it). */
export function startFocusSession(
  t: RecordTemplateV1,
  sessionType: string,
  brought: BroughtV1 = broughtPreparation(),
  overrides: Partial<SessionInput> = {},
): SessionActor {
  return createActor(createSessionMachine(t, sessionType, { focus: true }), {
    input: sessionInput({ sessionType, brought, ...overrides }),
  }).start();
}

/** A Derby session's record as it opens (from the real machine), with some of it replaced. */
export function sessionContent(overrides: Partial<SessionContentV1> = {}, input: Partial<SessionInput> = {}): SessionContentV1 {
  const actor = startSession(derby(), DERBY, input);
  const { context } = actor.getSnapshot();
  actor.stop();
  return { ...context, ...overrides };
}

/**
 * Shortest paths through a session that opens on the focus section, as sessionPaths does for
 * one without: the events add going back to the focus and leaving a brought case.
 */
export function focusSessionPaths(
  t: RecordTemplateV1,
  sessionType: string,
  brought: BroughtV1 = broughtPreparation(),
  {
    machine = createSessionMachine(t, sessionType, { focus: true }),
    ...options
  }: { machine?: SessionMachine; stopWhen?: (s: SessionSnapshot) => boolean } = {},
) {
  const leftCase = brought.cases[0];
  const templateIds = new Set(sectionsFor(t, sessionType).map((s) => s.id));
  const events: SessionEvent[] = [
    ...sessionGraphEvents(t, sessionType),
    ...sessionSections(t, sessionType, { focus: true })
      .filter((s) => !templateIds.has(s.id))
      .map((s): SessionEvent => ({ type: 'step.goto', sectionId: s.id })),
    ...(leftCase ? [{ type: 'plannedCase.taken', id: leftCase.id, take: false } satisfies SessionEvent] : []),
  ];
  return getShortestPaths(traversable(machine), {
    input: sessionInput({ sessionType, brought }),
    events: (snapshot) => events.filter((e) => e.type !== 'action.added' || snapshot.context.actions.length === 0),
    serializeState: (snapshot) => JSON.stringify({ value: snapshot.value, context: { ...snapshot.context, refusal: [] } }),
    ...options,
  });
}

// ---------------------------------------------------------------------------------------
// Agreements

/**
 * An agreement's machine, started for `agreement` on a template that opens with its checklist, and
 * driven to its signatures: every item ticked, every field answered (with `answer` of the field's
 * id), the agreement read through. Not yet signed.
 */
export function agreementAtSignatures(
  t: AgreementTemplateV1,
  agreement: { id: string; parties: AgreementInput['parties'] },
  answer: (fieldId: string) => string = (fieldId) => `Answer for ${fieldId}`,
): Actor<AgreementMachine> {
  const actor = createActor(createAgreementMachine(t), { input: { agreementId: agreement.id, parties: agreement.parties } }).start();
  const checklist = t.sections[0]!;
  if (checklist.kind !== 'checklist') throw new Error('Expected the checklist first');
  for (const item of checklist.items) {
    actor.send({ type: 'checklistItem.ticked', sectionId: checklist.id, itemId: item.id, ticked: true });
    for (const field of item.fields) actor.send({ type: 'field.changed', sectionId: checklist.id, fieldId: field.id, text: answer(field.id) });
  }
  actor.send({ type: 'step.next' });
  actor.send({ type: 'agreement.readThrough' });
  return actor;
}

/** Walk forward with step.next, satisfying each section, until the agenda is at `sectionId`. */
export function driveTo(actor: SessionActor, t: RecordTemplateV1, sessionType: string, sectionId: string): void {
  for (const section of sectionsFor(t, sessionType)) {
    if (sectionOf(actor.getSnapshot()) === sectionId) return;
    satisfy(actor, section);
    actor.send({ type: 'step.next' });
  }
  if (sectionOf(actor.getSnapshot()) !== sectionId) throw new Error(`Could not reach ${sectionId}`);
}
