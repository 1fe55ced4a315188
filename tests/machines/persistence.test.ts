/**
 * Saving and restoring sessions: a snapshot taken at any step restores to exactly that step
 * (including a case half-discussed), and anything that cannot be restored is rebuilt from the
 * saved record at the furthest section reached, with nothing written lost.
 */
import { createActor } from 'xstate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { envelopeOf, inputOf, restoreSession, type RestoredSession } from '../../client/live/session.ts';
import { $SessionSnapshotEnvelopeV1, envelopeWithoutRecord, sessionMachineVersion } from '../../machines/model/envelope.ts';
import { $SessionContentV1, type CaseDiscussionV1, type SessionContentV1 } from '../../machines/model/record.ts';
import { contentHashOf, signedContentOf } from '../../machines/model/seal.ts';
import {
  completeAction,
  cycleOf,
  derby,
  DERBY,
  driveToSignatures,
  escalation,
  previousAction,
  requireCycle,
  savedTemplate,
  sectionOf,
  signature,
  signBoth,
  startSession,
  temple,
  type SessionActor,
  type SessionSnapshot,
} from './fixtures.ts';

const savedAt = '2026-11-22T10:15:00.000Z';

/** A step of a session: what a person does, to the session or to the case being discussed. */
type Move = { does: string; to: (actor: SessionActor) => void };
const session = (event: Parameters<SessionActor['send']>[0]): Move => ({ does: event.type, to: (actor) => actor.send(event) });
const inCase = (event: Parameters<ReturnType<typeof requireCycle>['send']>[0]): Move => ({
  does: `case: ${event.type}`,
  to: (actor) => requireCycle(actor).send(event),
});

/** A whole Derby session, one person's action at a time, from opening to sealed. */
const fullDerbySession: Move[] = [
  session({ type: 'review.changed', actionId: previousAction.id, review: { outcome: 'done', reason: '', newDueDate: '' } }),
  session({ type: 'step.next' }),
  session({ type: 'answer.changed', sectionId: 'issues-or-concerns', text: 'Caseload is high after a colleague left' }),
  session({ type: 'step.next' }),
  session({ type: 'concern.escalate' }),
  session({ type: 'concern.recorded', escalation: escalation() }),
  session({ type: 'step.next' }),
  session({ type: 'case.started', caseId: 'case-0001', label: 'Baby T', chosenBy: 'supervisee' }),
  inCase({ type: 'stage.answered', stage: 'experience', field: 'notes', text: 'Home visit: bruise on the cheek' }),
  inCase({ type: 'stage.completed' }),
  inCase({ type: 'stage.skipped', reason: 'Covered at the strategy meeting' }),
  inCase({ type: 'stage.answered', stage: 'analysis', field: 'notes', text: 'Injury unexplained in a non-mobile baby' }),
  session({ type: 'concern.escalate' }),
  inCase({ type: 'stage.completed' }),
  inCase({ type: 'stage.answered', stage: 'actionPlanning', field: 'notes', text: 'Refer to MASH today' }),
  session({ type: 'concern.cancelled' }),
  inCase({ type: 'stage.completed' }),
  session({ type: 'step.next' }),
  session({ type: 'answer.changed', sectionId: 'development-training', text: 'ICON training' }),
  session({ type: 'step.next' }),
  session({ type: 'action.added', action: completeAction('action-0001', 'case-0001') }),
  session({ type: 'step.next' }),
  session({ type: 'step.next' }),
  session({ type: 'nextMeeting.changed', nextMeeting: { date: '2027-01-05', time: '10:00', venue: 'Clinic' } }),
  session({ type: 'step.next' }),
  session({ type: 'record.readThrough' }),
  session({ type: 'signature.added', signature: signature('supervisor') }),
  session({ type: 'signature.added', signature: signature('supervisee') }),
];

/** The case of `fullDerbySession` as the record holds it, given its action planning and whether it was finished. */
function babyT(actionPlanning: CaseDiscussionV1['stages']['actionPlanning'], complete: boolean): CaseDiscussionV1 {
  return {
    id: 'case-0001',
    label: 'Baby T',
    chosenBy: 'supervisee',
    stages: {
      experience: { notes: 'Home visit: bruise on the cheek' },
      reflection: {},
      analysis: { notes: 'Injury unexplained in a non-mobile baby' },
      actionPlanning,
    },
    skipped: { reflection: 'Covered at the strategy meeting' },
    complete,
  };
}

/** What is saved after a step: the envelope and the record, as they come back from storage. */
type Saved = {
  step: number;
  after: string;
  /** As the app saved it before the record was kept once: the snapshot with its context. */
  envelope: unknown;
  /** As the app saves it now: the snapshot without its context (the session row holds the record). */
  recordless: unknown;
  content: SessionContentV1;
  value: unknown;
  cycle: { value: unknown; context: unknown } | null;
};

const throughStorage = <T>(value: T): T => JSON.parse(JSON.stringify(value));

function save(actor: SessionActor, step: number, after: string): Saved {
  const snapshot = actor.getSnapshot();
  const cycle = cycleOf(actor)?.getSnapshot();
  return {
    step,
    after,
    envelope: throughStorage(envelopeOf(actor.getPersistedSnapshot(), savedAt)),
    recordless: throughStorage(envelopeWithoutRecord(actor.getPersistedSnapshot(), savedAt)),
    content: throughStorage(snapshot.context),
    value: snapshot.value,
    cycle: cycle ? { value: cycle.value, context: cycle.context } : null,
  };
}

function saveEveryStep(moves: readonly Move[]): Saved[] {
  const actor = startSession(derby(), DERBY);
  const saves = [save(actor, 0, 'opening')];
  moves.forEach((move, index) => {
    move.to(actor);
    saves.push(save(actor, index + 1, move.does));
  });
  actor.stop();
  return saves;
}

function resume(restored: RestoredSession, content: SessionContentV1): SessionActor {
  return createActor(restored.machine, { snapshot: restored.snapshot, input: inputOf(content) }).start();
}

const saves = saveEveryStep(fullDerbySession);
/** Saved part-way through analysis, with its answer written but the stage not completed. */
const midCase = saves.find((s) => s.cycle?.value === 'analysis' && s.after === 'case: stage.answered');
if (!midCase) throw new Error('The session never paused mid-case');

describe('a full Derby session saved at every step', () => {
  it('covers the whole session: mid-case, escalation open, signing and sealed', () => {
    expect(saves.some((s) => s.cycle !== null)).toBe(true);
    expect(saves.some((s) => (s.value as { escalation: string }).escalation === 'open')).toBe(true);
    expect(saves.at(-1)?.content.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(saves.flatMap((s) => [[s.step, s.after, 'with the record inside (older saves)', s.envelope, s] as const, [s.step, s.after, 'without it (the record from the session row)', s.recordless, s] as const]))('step %i (after %s) restores exactly from an envelope %s', (_step, _after, _shape, envelope, saved) => {
    // Arrange
    const t = derby();
    // Act
    const restored = restoreSession(t, saved.content, envelope);
    const actor = resume(restored, saved.content);
    // Assert
    expect(restored.kind).toBe('restored');
    expect(actor.getSnapshot().value).toEqual(saved.value);
    expect(actor.getSnapshot().context).toEqual(saved.content);
    const cycle = cycleOf(actor)?.getSnapshot();
    expect(cycle ? { value: cycle.value, context: cycle.context } : null).toEqual(saved.cycle);
    actor.stop();
  });

  it('a restored mid-case session carries on to a sealed record, keeping what was written before the save', () => {
    // Arrange
    const t = derby();
    const actor = resume(restoreSession(t, midCase.content, midCase.envelope), midCase.content);
    // Act
    const cycle = requireCycle(actor);
    cycle.send({ type: 'stage.completed' });
    cycle.send({ type: 'stage.answered', stage: 'actionPlanning', field: 'notes', text: 'Refer to MASH today' });
    cycle.send({ type: 'stage.completed' });
    driveToSignatures(actor, t, DERBY);
    signBoth(actor);
    // Assert
    const { context } = actor.getSnapshot();
    expect(sectionOf(actor.getSnapshot())).toBe('signed');
    expect(context.contentHash).toBe(contentHashOf(signedContentOf(context)));
    expect(context.cases).toEqual([babyT({ notes: 'Refer to MASH today' }, true)]);
  });
});

describe('rebuilding when a save cannot be restored', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const withEnvelope = (change: (envelope: Record<string, unknown> & { snapshot: Record<string, unknown> }) => void) => {
    const envelope = throughStorage(midCase.envelope) as Record<string, unknown> & { snapshot: Record<string, unknown> };
    change(envelope);
    return envelope;
  };

  /** The record as rebuilt: the saved content, plus the case in progress kept as set aside. */
  const salvaged: SessionContentV1 = {
    ...midCase.content,
    cases: [babyT({}, false)],
    refusal: [],
  };

  it('from another machine version: at the furthest section, with the case in progress salvaged', () => {
    // Arrange
    const envelope = withEnvelope((e) => {
      e.machineVersion = sessionMachineVersion + 1;
    });
    // Act
    const restored = restoreSession(derby(), midCase.content, envelope);
    const actor = resume(restored, midCase.content);
    // Assert
    expect(restored).toMatchObject({ kind: 'rebuilt', why: 'the app has been updated since this session was saved' });
    expect(actor.getSnapshot().value).toEqual({ agenda: { 'case-discussion': 'choosing' }, escalation: 'closed' });
    expect(actor.getSnapshot().context).toEqual(salvaged);
    expect(cycleOf(actor)).toBeUndefined();
  });

  it('the salvaged case stops the session moving on until it is reopened and finished', () => {
    const envelope = withEnvelope((e) => {
      e.machineVersion = sessionMachineVersion + 1;
    });
    const actor = resume(restoreSession(derby(), midCase.content, envelope), midCase.content);
    actor.send({ type: 'step.next' });
    expect(actor.getSnapshot().context.refusal).toEqual([
      'The discussion of “Baby T” was set aside before action planning',
      'No case has been discussed: discuss one, or record why none was discussed',
    ]);

    actor.send({ type: 'case.reopened', caseId: 'case-0001' });
    const cycle = requireCycle(actor);
    expect(cycle.getSnapshot().context.stages.analysis).toEqual({ notes: 'Injury unexplained in a non-mobile baby' });
    cycle.send({ type: 'stage.completed' });
    cycle.send({ type: 'stage.skipped', reason: 'Already covered' });
    cycle.send({ type: 'stage.completed' });
    cycle.send({ type: 'stage.answered', stage: 'actionPlanning', field: 'notes', text: 'Refer to MASH today' });
    cycle.send({ type: 'stage.completed' });
    actor.send({ type: 'step.next' });
    expect(sectionOf(actor.getSnapshot())).toBe('development-training');
  });

  it.each<[string, unknown]>([
    ['nothing saved', undefined],
    ['null', null],
    ['a string', 'not an envelope'],
    ['an empty object', {}],
    ['another machine', { machineId: 'agreement', machineVersion: 1, savedAt, snapshot: {} }],
    ['no timestamp', { machineId: 'session', machineVersion: 1, snapshot: {} }],
    ['a version of zero', { machineId: 'session', machineVersion: 0, savedAt, snapshot: {} }],
  ])('from a garbage envelope (%s): at the furthest section with the content intact', (_name, envelope) => {
    const restored = restoreSession(derby(), midCase.content, envelope);
    const actor = resume(restored, midCase.content);
    expect(restored).toMatchObject({ kind: 'rebuilt', why: 'the saved position could not be read' });
    expect(sectionOf(actor.getSnapshot())).toBe('case-discussion');
    // No snapshot to salvage a case from: the record is exactly as saved.
    expect(actor.getSnapshot().context).toEqual({ ...midCase.content, refusal: [] });
  });

  it.each<[string, (e: Record<string, unknown> & { snapshot: Record<string, unknown> }) => void]>([
    ['a context that is not a record', (e) => void (e.snapshot['context'] = { sessionId: 'x' })],
    ['no escalation region', (e) => void (e.snapshot['value'] = { agenda: 'plan-and-actions' })],
  ])('from a snapshot that no longer fits (%s)', (_name, change) => {
    const restored = restoreSession(derby(), midCase.content, withEnvelope(change));
    expect(restored).toMatchObject({ kind: 'rebuilt', why: 'the saved position did not match this version of the app' });
    expect((restored.snapshot as SessionSnapshot).context.cases).toEqual(salvaged.cases);
  });

  it('rebuilds from the newest record: the envelope\'s, written as the users typed, when the session row is behind', () => {
    const behind = saves[0]!.content;
    const envelope = withEnvelope((e) => {
      e.machineVersion = sessionMachineVersion + 1;
    });
    const actor = resume(restoreSession(derby(), behind, envelope), behind);
    expect(actor.getSnapshot().context).toEqual(salvaged);
  });

  it('never resumes an envelope holding another session\'s record', () => {
    const envelope = withEnvelope((e) => void ((e.snapshot['context'] as Record<string, unknown>)['sessionId'] = 'session-other'));
    const restored = restoreSession(derby(), midCase.content, envelope);
    expect(restored).toMatchObject({ kind: 'rebuilt', why: 'the saved position belongs to another session' });
    expect((restored.snapshot as SessionSnapshot).context.sessionId).toBe(midCase.content.sessionId);
  });

  it('an envelope without a record takes the session row\'s, never one of its own making', () => {
    const envelope = withEnvelope((e) => delete e.snapshot['context']);
    const restored = restoreSession(derby(), midCase.content, envelope);
    expect(restored.kind).toBe('restored');
    expect((restored.snapshot as SessionSnapshot).context).toEqual(midCase.content);
    expect(envelope.snapshot).not.toHaveProperty('context');
  });

  it.each<[string, unknown]>([
    ['a section that no longer exists', 'supervision-contract'],
    ['a compound section that no longer exists', { 'supervision-contract': 'choosing' }],
  ])('from an unknown agenda state (%s)', (_name, agenda) => {
    const envelope = withEnvelope((e) => {
      e.snapshot['value'] = { agenda, escalation: 'closed' };
    });
    const restored = restoreSession(derby(), midCase.content, envelope);
    const actor = resume(restored, midCase.content);
    expect(restored).toMatchObject({ kind: 'rebuilt', why: 'the template no longer has that step' });
    expect(actor.getSnapshot().value).toEqual({ agenda: { 'case-discussion': 'choosing' }, escalation: 'closed' });
    expect(actor.getSnapshot().context).toEqual(salvaged);
  });

  it('from a known section with an unknown step inside it', () => {
    // Fails today: the probe in restoreSession relies on try/catch, but an actor that cannot
    // restore its snapshot does not throw from start(); it goes to status 'error' and reports
    // the error later from a timer. Fake timers keep that stray report out of other tests.
    vi.useFakeTimers();
    const envelope = withEnvelope((e) => {
      e.snapshot['value'] = { agenda: { 'case-discussion': 'deciding' }, escalation: 'closed' };
    });
    const restored = restoreSession(derby(), midCase.content, envelope);
    vi.clearAllTimers();
    expect(restored.kind).toBe('rebuilt');
  });

  it('from a mid-case save whose case machine is missing', () => {
    // Fails today: the schema makes children.cycle optional, so a "discussing" snapshot
    // without its child restores, and the session is stuck: step.next/back/goto are refused
    // ("Finish this case…") and there is no case machine to finish or set aside.
    const envelope = withEnvelope((e) => {
      e.snapshot['children'] = {};
    });
    const restored = restoreSession(derby(), midCase.content, envelope);
    const actor = resume(restored, midCase.content);
    const stuck = sectionOf(actor.getSnapshot()) === 'case-discussion' && cycleOf(actor) === undefined && JSON.stringify(actor.getSnapshot().value).includes('discussing');
    expect(stuck).toBe(false);
    expect(restored.kind).toBe('rebuilt');
  });

  it('at the furthest section reached, not where the person had gone back to', () => {
    const actor = startSession(derby(), DERBY);
    driveToSignatures(actor, derby(), DERBY);
    actor.send({ type: 'step.goto', sectionId: 'issues-or-concerns' });
    const content = throughStorage(actor.getSnapshot().context);
    const restored = restoreSession(derby(), content, null);
    expect((restored.snapshot as SessionSnapshot).value).toEqual({ agenda: { signatures: 'reading' }, escalation: 'closed' });
    expect((restored.snapshot as SessionSnapshot).context).toEqual(content);
  });

  it('a sealed record is rebuilt as signed, its seal intact', () => {
    const sealed = saves.at(-1);
    if (!sealed) throw new Error('No saves');
    const restored = restoreSession(derby(), sealed.content, 'garbage');
    const actor = resume(restored, sealed.content);
    expect(actor.getSnapshot().value).toEqual({ agenda: 'signed', escalation: 'closed' });
    expect(actor.getSnapshot().context.contentHash).toBe(contentHashOf(signedContentOf(actor.getSnapshot().context)));
    actor.send({ type: 'answer.changed', sectionId: 'any-other-business', text: 'late edit' });
    expect(actor.getSnapshot().context.answers['any-other-business']).toBeUndefined();
  });

  it('a Temple session saved at its signatures section is rebuilt there', () => {
    // Temple's signatures section once had the id "signed", the session machine's final
    // state: the rebuild then resolved { signed: 'reading' } and threw. "signed" is now reserved.
    const actor = startSession(temple(), 'supervision');
    const visited = driveToSignatures(actor, temple(), 'supervision');
    const content = throughStorage(actor.getSnapshot().context);
    expect(visited.at(-1)).toBe('signatures');
    const rebuilt = restoreSession(temple(), content, null);
    expect(rebuilt.kind).toBe('rebuilt');
    expect(rebuilt.snapshot).toMatchObject({ value: { agenda: { signatures: 'reading' } } });
  });
});

/** A saved envelope kept as a file, with the record saved beside it and what it must restore to. */
const $SavedSessionFixture = z.strictObject({
  description: z.string().min(1),
  templateId: z.string(),
  templateVersion: z.string(),
  content: $SessionContentV1,
  envelope: $SessionSnapshotEnvelopeV1,
  expected: z.strictObject({
    value: z.unknown(),
    cycle: z.strictObject({ value: z.string(), context: z.record(z.string(), z.unknown()) }).nullable(),
  }),
});

const fixtureFiles = Object.entries(import.meta.glob('../fixtures/session-envelopes/*.json', { eager: true, import: 'default' }));

describe('saved envelopes kept as fixtures still restore', () => {
  it('there are fixtures, including a Derby session saved mid-case', () => {
    const parsed = fixtureFiles.map(([, data]) => $SavedSessionFixture.parse(data));
    expect(parsed.some((f) => f.templateId === 'derby-derbyshire-appendix-3' && f.expected.cycle !== null)).toBe(true);
  });

  it.each(fixtureFiles)('%s', (_file, data) => {
    // Arrange
    const fixture = $SavedSessionFixture.parse(data);
    // The template the session ran with, as its row keeps it (an earlier version once the shipped one moves on).
    const t = savedTemplate(fixture.templateId, fixture.templateVersion);
    // Act
    const restored = restoreSession(t, fixture.content, fixture.envelope);
    const actor = resume(restored, fixture.content);
    // Assert
    expect(restored.kind).toBe('restored');
    expect(actor.getSnapshot().value).toEqual(fixture.expected.value);
    expect(actor.getSnapshot().context).toEqual(fixture.content);
    const cycle = cycleOf(actor)?.getSnapshot();
    expect(cycle ? { value: cycle.value, context: cycle.context } : null).toEqual(fixture.expected.cycle);
  });

  it.each(fixtureFiles)('%s can be carried on to a sealed record', (_file, data) => {
    const fixture = $SavedSessionFixture.parse(data);
    const t = savedTemplate(fixture.templateId, fixture.templateVersion);
    const actor = resume(restoreSession(t, fixture.content, fixture.envelope), fixture.content);
    const cycle = cycleOf(actor);
    if (cycle) {
      // Finish the case from wherever it was saved.
      for (let i = 0; i < 4 && cycleOf(actor); i++) {
        const stage = cycle.getSnapshot().value;
        if (stage === 'experience' || stage === 'reflection' || stage === 'analysis' || stage === 'actionPlanning') {
          cycle.send({ type: 'stage.answered', stage, field: 'notes', text: 'Continued after reload' });
        }
        cycle.send({ type: 'stage.completed' });
      }
    }
    driveToSignatures(actor, t, fixture.content.sessionType);
    // Saved before a carried-forward action needed a reason: it is given now, as the signing asks.
    for (const [actionId, review] of Object.entries(actor.getSnapshot().context.reviews)) {
      if (review.outcome === 'carriedForward' && !review.reason.trim()) {
        actor.send({ type: 'review.changed', actionId, review: { ...review, reason: 'Given on resuming' } });
      }
    }
    signBoth(actor);
    const { context } = actor.getSnapshot();
    expect(context.contentHash).toBe(contentHashOf(signedContentOf(context)));
    expect(context.cases.every((c) => c.complete)).toBe(true);
  });

  it('a session saved at the signatures with an action carried forward without a reason resumes there; signing names the gap until the reason is given', () => {
    // Arrange
    const fixture = $SavedSessionFixture.parse(fixtureFiles.find(([file]) => file.endsWith('derby-carried-forward-without-reason.v1.json'))?.[1]);
    const t = savedTemplate(fixture.templateId, fixture.templateVersion);
    const restored = restoreSession(t, fixture.content, fixture.envelope);
    const actor = resume(restored, fixture.content);
    expect(restored.kind).toBe('restored');
    expect(actor.getSnapshot().value).toEqual({ agenda: { signatures: 'signing' }, escalation: 'closed' });
    // Act
    actor.send({ type: 'signature.added', signature: signature('supervisee') });
    // Assert
    expect(actor.getSnapshot().context.contentHash).toBeNull();
    expect(actor.getSnapshot().context.refusal).toEqual(['Previous action “Request chronology from school nurse” is carried forward without a reason']);

    const review = actor.getSnapshot().context.reviews['prev-action-0001'];
    if (!review) throw new Error('No review');
    actor.send({ type: 'review.changed', actionId: 'prev-action-0001', review: { ...review, reason: 'Awaiting school records' } });
    // The change undid the supervisor's signature (they signed other words): both sign again.
    expect(actor.getSnapshot().context.signatures.supervisor).toBeNull();
    signBoth(actor);
    expect(sectionOf(actor.getSnapshot())).toBe('signed');
  });
});

