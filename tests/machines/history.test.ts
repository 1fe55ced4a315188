/**
 * A supervisee's history: their sessions newest first, their actions, and for each case a
 * timeline of every signed discussion of it (whatever the label's spelling), with the drift
 * raised and how it was answered; and the case history a new session's drift check compares
 * against. Then the record quality check as a gap before signing, dismissed only with a reason.
 */
import { describe, expect, it } from 'vitest';
import type { ActionV1, CaseHistoryEntryV1, DriftResponseV1, EscalationV1, SessionContentV1 } from '../../machines/model/record.ts';
import { contentHashOf, signedContentOf } from '../../machines/model/seal.ts';
import type { DriftKind } from '../../machines/review/drift.ts';
import { driftFlags } from '../../machines/review/drift.ts';
import { buildHistory, caseHistoryOf, type HistoryAction, type HistorySession } from '../../machines/review/history.ts';
import { qualityMessages } from '../../machines/review/quality.ts';
import { signingGaps } from '../../machines/session/gaps.ts';
import {
  derby,
  DERBY,
  derbySections,
  driveToSignatures,
  escalation,
  requireCycle,
  sectionOf,
  signature,
  signBoth,
  specificAnswer,
  startSession,
  stepNext,
  type SessionActor,
} from './fixtures.ts';

const throughStorage = <T>(value: T): T => JSON.parse(JSON.stringify(value));

// ---------------------------------------------------------------------------------------
// Four sessions with one supervisee, run through the real session machine

type CaseScript = {
  caseId: string;
  label: string;
  skipAnalysis?: boolean;
  actions: ActionV1[];
  escalation?: EscalationV1;
  /** Left part-way through (set aside after experience). */
  setAside?: boolean;
};

type SessionScript = {
  sessionId: string;
  date: string;
  caseHistory: Record<string, CaseHistoryEntryV1[]>;
  cases: CaseScript[];
  responses?: Partial<Record<DriftKind, DriftResponseV1>>;
};

const action = (id: string, what: string, dueDate: string, caseId: string): ActionV1 => ({
  id,
  what,
  owner: { kind: 'supervisee', name: '' },
  dueDate,
  caseId,
});

function discuss(actor: SessionActor, script: CaseScript): void {
  actor.send({ type: 'case.started', caseId: script.caseId, label: script.label, chosenBy: null });
  const cycle = requireCycle(actor);
  cycle.send({ type: 'stage.answered', stage: 'experience', field: 'notes', text: specificAnswer(script.label, 'experience') });
  if (script.setAside) {
    cycle.send({ type: 'case.setAside' });
    return;
  }
  cycle.send({ type: 'stage.completed' });
  cycle.send({ type: 'stage.answered', stage: 'reflection', field: 'notes', text: specificAnswer(script.label, 'reflection') });
  cycle.send({ type: 'stage.completed' });
  if (script.skipAnalysis) {
    cycle.send({ type: 'stage.skipped', reason: 'Out of time' });
  } else {
    cycle.send({ type: 'stage.answered', stage: 'analysis', field: 'notes', text: specificAnswer(script.label, 'analysis') });
    cycle.send({ type: 'stage.completed' });
  }
  cycle.send({ type: 'stage.answered', stage: 'actionPlanning', field: 'notes', text: specificAnswer(script.label, 'actionPlanning') });
  if (script.escalation) {
    actor.send({ type: 'concern.escalate' });
    actor.send({ type: 'concern.recorded', escalation: script.escalation });
  }
  // The case's actions are agreed during its action planning, as the case screen does.
  for (const agreed of script.actions) actor.send({ type: 'action.added', action: agreed });
  cycle.send({ type: 'stage.completed' });
}

/** A Derby session with no earlier actions, at its case discussion with the scripted cases discussed and drift answered. */
function runSession(script: SessionScript): SessionActor {
  const actor = startSession(derby(), DERBY, { sessionId: script.sessionId, date: script.date, previousActions: [], caseHistory: script.caseHistory });
  stepNext(actor, 3);
  for (const c of script.cases) discuss(actor, c);
  for (const flag of driftFlags(actor.getSnapshot().context)) {
    const response = script.responses?.[flag.kind];
    if (response) actor.send({ type: 'drift.responded', flagId: flag.id, response });
  }
  return actor;
}

function signedSession(script: SessionScript): SessionContentV1 {
  const actor = runSession(script);
  driveToSignatures(actor, derby(), DERBY);
  signBoth(actor, [signature('supervisor', `${script.date}T11:00:00.000Z`), signature('supervisee', `${script.date}T11:01:00.000Z`)]);
  if (sectionOf(actor.getSnapshot()) !== 'signed') throw new Error(`${script.sessionId} not signed: ${actor.getSnapshot().context.refusal.join('; ')}`);
  return throughStorage(actor.getSnapshot().context);
}

const babyTAction = action('action-0901-t', 'Refer Baby T to the family hub', '2026-09-15', 'case-0901-t');
const childQAction = (id: string, caseId: string) => action(id, 'Check Child Q’s attendance with the school weekly', '2026-12-18', caseId);
const babyTEscalation: EscalationV1 = { ...escalation(), id: 'escalation-0901', caseId: 'case-0901-t' };

/** September: Baby T (an action, an escalation) and Child Q. */
const september = signedSession({
  sessionId: 'session-0901',
  date: '2026-09-01',
  caseHistory: {},
  cases: [
    { caseId: 'case-0901-t', label: 'Baby T', actions: [babyTAction], escalation: babyTEscalation },
    { caseId: 'case-0901-q', label: 'Child Q', actions: [childQAction('action-0901-q', 'case-0901-q')] },
  ],
});

/** October: Child Q again, the same plan. */
const october = signedSession({
  sessionId: 'session-1001',
  date: '2026-10-01',
  caseHistory: caseHistoryOf([september]),
  cases: [{ caseId: 'case-1001-q', label: 'Child Q', actions: [childQAction('action-1001-q', 'case-1001-q')] }],
});

const skippedResponse: DriftResponseV1 = { response: 'continue', reason: 'Analysis at the strategy meeting on 3 November' };
const staticResponse: DriftResponseV1 = { response: 'escalate', reason: 'Raised with the named nurse' };

/** November: Baby T again, labelled differently, analysis skipped; Child Q a third time, the plan unchanged. */
const november = signedSession({
  sessionId: 'session-1101',
  date: '2026-11-01',
  caseHistory: caseHistoryOf([september, october]),
  cases: [
    { caseId: 'case-1101-t', label: 'baby  t.', skipAnalysis: true, actions: [action('action-1101-t', 'Book a core group meeting for Baby T', '2026-11-20', 'case-1101-t')] },
    { caseId: 'case-1101-q', label: 'Child Q', actions: [childQAction('action-1101-q', 'case-1101-q')] },
  ],
  responses: { skippedAnalysis: skippedResponse, staticPlan: staticResponse },
});

/** Today, not yet signed: Baby T discussed with analysis skipped (unanswered), Child R set aside. */
const today = throughStorage(
  runSession({
    sessionId: 'session-1122',
    date: '2026-11-22',
    caseHistory: caseHistoryOf([september, october, november]),
    cases: [
      { caseId: 'case-1122-t', label: 'Baby T', skipAnalysis: true, actions: [] },
      { caseId: 'case-1122-r', label: 'Child R', actions: [], setAside: true },
    ],
  }).getSnapshot().context,
);

const session = (record: SessionContentV1, status: HistorySession['status']): HistorySession => ({ record, templateTitle: derby().title, status });
const sessions = [session(october, 'signed'), session(today, 'inProgress'), session(september, 'signed'), session(november, 'signed')];

const historyAction = (id: string, what: string, raisedOn: string): HistoryAction => ({
  id,
  sessionId: `session-${raisedOn.slice(5, 7)}01`,
  what,
  ownerLabel: 'Supervisee',
  raisedOn,
  dueDate: '',
  caseLabel: null,
  status: 'open',
  reviews: [],
});
const actions = [
  historyAction('action-1001-b', 'Book a core group meeting', '2026-10-01'),
  historyAction('action-0901-z', 'Visit weekly', '2026-09-01'),
  historyAction('action-1001-a', 'Ask the GP for the growth chart', '2026-10-01'),
];

const history = buildHistory(sessions, actions);
const timeline = (key: string) => {
  const found = history.cases.find((c) => c.key === key);
  if (!found) throw new Error(`No timeline for ${key}`);
  return found;
};

describe('the four sessions made for these tests', () => {
  it('three are sealed and one is still in progress', () => {
    for (const record of [september, october, november]) expect(record.contentHash).toBe(contentHashOf(signedContentOf(record)));
    expect(today.contentHash).toBeNull();
  });

  it('drift was raised where expected: in November for both cases, today for Baby T', () => {
    expect(driftFlags(september)).toEqual([]);
    expect(driftFlags(october)).toEqual([]);
    expect(driftFlags(november).map((f) => f.id)).toEqual(['skippedAnalysis:case-1101-t', 'staticPlan:case-1101-q']);
    expect(driftFlags(today).map((f) => f.id)).toEqual(['skippedAnalysis:case-1122-t']);
  });
});

describe('buildHistory', () => {
  it('lists the sessions newest first, the one in progress included', () => {
    expect(history.sessions.map((s) => [s.record.sessionId, s.status])).toEqual([
      ['session-1122', 'inProgress'],
      ['session-1101', 'signed'],
      ['session-1001', 'signed'],
      ['session-0901', 'signed'],
    ]);
  });

  it('orders sessions on one day by their id, the same whatever order they come in', () => {
    const sameDay = { ...october, sessionId: 'session-1001-b' };
    const forwards = buildHistory([session(october, 'signed'), session(sameDay, 'signed')], []).sessions.map((s) => s.record.sessionId);
    const backwards = buildHistory([session(sameDay, 'signed'), session(october, 'signed')], []).sessions.map((s) => s.record.sessionId);
    expect(forwards).toEqual(['session-1001-b', 'session-1001']);
    expect(backwards).toEqual(forwards);
  });

  it('sorts the actions by the date raised, then by what is to be done', () => {
    expect(history.actions.map((a) => a.id)).toEqual(['action-0901-z', 'action-1001-a', 'action-1001-b']);
  });

  it('gives each case one timeline, keyed by its label whatever the case or spacing, labelled as last signed', () => {
    expect(history.cases.map((c) => [c.key, c.label])).toEqual([
      ['baby t', 'baby  t.'],
      ['child q', 'Child Q'],
    ]);
  });

  it('a case’s timeline has its signed discussions in date order, each with its stages, actions and escalations', () => {
    const [first, second, ...more] = timeline('baby t').discussions;
    expect(more).toEqual([]);
    expect(first).toEqual({
      sessionId: 'session-0901',
      date: '2026-09-01',
      label: 'Baby T',
      prepared: false,
      stages: [
        { stage: 'experience', text: specificAnswer('Baby T', 'experience'), skipped: null },
        { stage: 'reflection', text: specificAnswer('Baby T', 'reflection'), skipped: null },
        { stage: 'analysis', text: specificAnswer('Baby T', 'analysis'), skipped: null },
        { stage: 'actionPlanning', text: specificAnswer('Baby T', 'actionPlanning'), skipped: null },
      ],
      actions: [{ what: 'Refer Baby T to the family hub', dueDate: '2026-09-15' }],
      escalations: [{ concern: babyTEscalation.concern, actionTaken: babyTEscalation.actionTaken }],
      drift: [],
    });
    expect(second).toMatchObject({
      sessionId: 'session-1101',
      date: '2026-11-01',
      label: 'baby  t.',
      actions: [{ what: 'Book a core group meeting for Baby T', dueDate: '2026-11-20' }],
      escalations: [],
    });
    expect(second?.stages[2]).toEqual({ stage: 'analysis', text: '', skipped: 'Out of time' });
  });

  it('shows the drift raised at each discussion, with the response recorded', () => {
    const babyT = timeline('baby t').discussions;
    expect(babyT.map((d) => d.drift.map((entry) => [entry.flag.id, entry.response]))).toEqual([[], [['skippedAnalysis:case-1101-t', skippedResponse]]]);

    const childQ = timeline('child q').discussions;
    expect(childQ.map((d) => d.date)).toEqual(['2026-09-01', '2026-10-01', '2026-11-01']);
    expect(childQ.map((d) => d.drift)).toEqual([
      [],
      [],
      [
        {
          flag: {
            id: 'staticPlan:case-1101-q',
            kind: 'staticPlan',
            subject: { type: 'case', caseId: 'case-1101-q', caseKey: 'child q' },
            message: 'Child Q has been discussed at 3 sessions and the plan has not changed.',
          },
          response: staticResponse,
        },
      ],
    ]);
  });

  it('leaves out what is not yet signed: today’s discussions and drift', () => {
    const discussed = history.cases.flatMap((c) => c.discussions.map((d) => d.sessionId));
    expect(discussed).not.toContain('session-1122');
    expect(history.cases.map((c) => c.key)).not.toContain('child r');
    expect(history.drift.map((d) => [d.sessionId, d.flag.id, d.response])).toEqual([
      ['session-1101', 'skippedAnalysis:case-1101-t', skippedResponse],
      ['session-1101', 'staticPlan:case-1101-q', staticResponse],
    ]);
  });

  it('shows a drift flag with no response as unanswered', () => {
    const unanswered = { ...november, driftResponses: {} };
    const built = buildHistory([session(september, 'signed'), session(october, 'signed'), session(unanswered, 'signed')], []);
    expect(built.drift.map((d) => d.response)).toEqual([null, null]);
  });

  it('marks a discussion the supervisee prepared', () => {
    const prepared = { ...september, cases: september.cases.map((c) => ({ ...c, prepared: true })) };
    const built = buildHistory([session(prepared, 'signed')], []);
    expect(built.cases.map((c) => c.discussions.map((d) => d.prepared))).toEqual([[true], [true]]);
  });
});

describe('caseHistoryOf: earlier signed discussions by case key, oldest first', () => {
  const caseHistory = caseHistoryOf([november, september, october]);

  it('keys each case by its label, whatever the case or spacing', () => {
    expect(Object.keys(caseHistory).sort()).toEqual(['baby t', 'child q']);
  });

  it('gives each discussion its plan (planOf), its actions and the stages skipped, oldest first', () => {
    expect(caseHistory['baby t']).toEqual([
      {
        sessionId: 'session-0901',
        date: '2026-09-01',
        label: 'Baby T',
        plan: 'baby t share the visit summary with the school nurse by friday so she can follow up | refer baby t to the family hub',
        actions: ['Refer Baby T to the family hub'],
        skipped: [],
      },
      {
        sessionId: 'session-1101',
        date: '2026-11-01',
        label: 'baby  t.',
        plan: 'baby t share the visit summary with the school nurse by friday so she can follow up | book a core group meeting for baby t',
        actions: ['Book a core group meeting for Baby T'],
        skipped: ['analysis'],
      },
    ]);
  });

  it('gives the same plan to discussions that agreed the same plan', () => {
    const plans = (caseHistory['child q'] ?? []).map((entry) => entry.plan);
    expect(plans).toHaveLength(3);
    expect(new Set(plans).size).toBe(1);
  });

  it('ignores a discussion set aside before action planning', () => {
    expect(today.cases.map((c) => [c.label, c.complete])).toEqual([
      ['Baby T', true],
      ['Child R', false],
    ]);
    expect(Object.keys(caseHistoryOf([today]))).toEqual(['baby t']);
  });

  it('is nothing for no records, or records with no cases', () => {
    expect(caseHistoryOf([])).toEqual({});
    expect(caseHistoryOf([{ ...september, cases: [] }])).toEqual({});
  });
});

// ---------------------------------------------------------------------------------------
// Quality flags as signing gaps

describe('a record quality flag before signing', () => {
  // A dismissal is keyed by the flag's place and the words dismissed there.
  const flagId = 'vague:any-other-business|Discussed';
  const gap = `Quality check — Any other business: ${qualityMessages.vague} Fix it, or dismiss it with a reason.`;

  /** A Derby session ready to sign, read through, with "Discussed" as its any other business. */
  function readyWithVagueAnswer(): SessionActor {
    const actor = startSession(derby(), DERBY);
    driveToSignatures(actor, derby(), DERBY);
    actor.send({ type: 'answer.changed', sectionId: 'any-other-business', text: 'Discussed' });
    actor.send({ type: 'record.readThrough' });
    return actor;
  }

  it('is a signing gap while not dismissed', () => {
    // Arrange
    const actor = readyWithVagueAnswer();
    // Act
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    // Assert
    const { context } = actor.getSnapshot();
    expect(context.signatures.supervisor).toBeNull();
    expect(context.refusal).toEqual([gap]);
    expect(signingGaps(derbySections, context)).toEqual([gap]);
  });

  it.each(['', '   '])('is not dismissed with the reason %j', (reason) => {
    const actor = readyWithVagueAnswer();
    actor.send({ type: 'quality.dismissed', flagId, reason });
    expect(actor.getSnapshot().context.qualityDismissals).toEqual({});
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    expect(actor.getSnapshot().context.refusal).toEqual([gap]);
  });

  it('dismissed with a reason, is no longer a gap and the reason is kept', () => {
    // Arrange
    const actor = readyWithVagueAnswer();
    // Act
    actor.send({ type: 'quality.dismissed', flagId, reason: '  Nothing else was raised; both agree  ' });
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    // Assert
    const { context } = actor.getSnapshot();
    expect(context.qualityDismissals).toEqual({ [flagId]: 'Nothing else was raised; both agree' });
    expect(context.refusal).toEqual([]);
    expect(context.signatures.supervisor).toEqual(signature('supervisor'));
  });

  it('a dismissal of another flag leaves it a gap', () => {
    const actor = readyWithVagueAnswer();
    actor.send({ type: 'quality.dismissed', flagId: 'vague:issues-or-concerns', reason: 'Checked' });
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    expect(actor.getSnapshot().context.refusal).toEqual([gap]);
  });

  it('undismissed, is a gap again, and the first signature is cleared', () => {
    // Arrange
    const actor = readyWithVagueAnswer();
    actor.send({ type: 'quality.dismissed', flagId, reason: 'Nothing else was raised' });
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    // Act
    actor.send({ type: 'quality.undismissed', flagId });
    actor.send({ type: 'signature.added', signature: signature('supervisee') });
    // Assert
    const { context } = actor.getSnapshot();
    expect(context.qualityDismissals).toEqual({});
    expect(context.signatures).toEqual({ supervisor: null, supervisee: null });
    expect(context.refusal).toEqual([gap]);
  });

  it('lapses when the entry is rewritten, even into another vague one', () => {
    const actor = readyWithVagueAnswer();
    actor.send({ type: 'quality.dismissed', flagId, reason: 'Nothing else was raised' });
    actor.send({ type: 'answer.changed', sectionId: 'any-other-business', text: 'Noted' });
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    expect(actor.getSnapshot().context.signatures.supervisor).toBeNull();
    expect(actor.getSnapshot().context.refusal).toEqual([gap]);
  });

  it('fixed in the text, needs no dismissal', () => {
    const actor = readyWithVagueAnswer();
    actor.send({ type: 'answer.changed', sectionId: 'any-other-business', text: 'Annual leave booked for 20 to 24 December; cover agreed with Jo.' });
    signBoth(actor);
    expect(sectionOf(actor.getSnapshot())).toBe('signed');
  });

  it('a dismissal is part of what is signed, and cannot be changed once sealed', () => {
    const actor = readyWithVagueAnswer();
    actor.send({ type: 'quality.dismissed', flagId, reason: 'Nothing else was raised' });
    signBoth(actor);
    const { context } = actor.getSnapshot();
    expect(sectionOf(actor.getSnapshot())).toBe('signed');
    expect(signedContentOf(context).qualityDismissals).toEqual({ [flagId]: 'Nothing else was raised' });
    expect(contentHashOf(signedContentOf({ ...context, qualityDismissals: {} }))).not.toBe(context.contentHash);
    actor.send({ type: 'quality.undismissed', flagId });
    actor.send({ type: 'quality.dismissed', flagId, reason: 'Another reason' });
    expect(actor.getSnapshot().context).toEqual(context);
  });
});
