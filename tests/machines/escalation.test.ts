/**
 * "Escalate an immediate concern" from anywhere: the escalation region opens over whatever
 * the agenda is doing, and closing it returns to exactly the same place with nothing lost.
 */
import { describe, expect, it } from 'vitest';
import { sectionsFor } from '../../machines/model/template.ts';
import { contentHashOf, signedContentOf } from '../../machines/model/seal.ts';
import {
  cycleOf,
  derby,
  driveToSignatures,
  escalation,
  eventsOf,
  everySessionType,
  replay,
  requireCycle,
  satisfy,
  sectionOf,
  sessionPaths,
  signature,
  signBoth,
  startSession,
  type SessionActor,
} from './fixtures.ts';

const escalationOf = (actor: SessionActor) => (actor.getSnapshot().value as { escalation: unknown }).escalation;
const agendaValue = (actor: SessionActor) => (actor.getSnapshot().value as { agenda: unknown }).agenda;
const unsigned = { supervisor: null, supervisee: null };

describe.each(everySessionType)('escalation from every reachable state: $name', ({ template: t, sessionType }) => {
  // Every state the agenda can be in (xstate/graph), each replayed on a real running actor.
  const paths = sessionPaths(t, sessionType);

  it('has states to test, including mid-case and signing', () => {
    const sections = new Set(paths.map((p) => JSON.stringify((p.state.value as { agenda: unknown }).agenda)));
    expect(paths.length).toBeGreaterThan(50);
    expect([...sections].some((s) => s.includes('discussing'))).toBe(true);
    expect([...sections].some((s) => s.includes('signing')), 'the signatures section is reachable').toBe(true);
  });

  it('concern.escalate opens the region and changes nothing else', () => {
    for (const path of paths) {
      // Arrange
      const actor = replay(t, sessionType, eventsOf(path));
      expect(actor.getSnapshot().value).toEqual(path.state.value);
      expect(actor.getSnapshot().context).toEqual(path.state.context);
      const before = actor.getSnapshot();
      const child = cycleOf(actor);
      // Act
      actor.send({ type: 'concern.escalate' });
      // Assert
      expect(escalationOf(actor)).toBe('open');
      expect(agendaValue(actor)).toEqual((before.value as { agenda: unknown }).agenda);
      expect(actor.getSnapshot().context).toEqual(before.context);
      expect(cycleOf(actor)).toBe(child);
      actor.stop();
    }
  });

  it('an empty concern is refused: the region stays open and nothing is recorded', () => {
    for (const path of paths) {
      const actor = replay(t, sessionType, eventsOf(path));
      actor.send({ type: 'concern.escalate' });
      const before = actor.getSnapshot();
      for (const concern of ['', '   ']) {
        actor.send({ type: 'concern.recorded', escalation: escalation(concern) });
        expect(escalationOf(actor)).toBe('open');
        expect(actor.getSnapshot().context).toEqual(before.context);
      }
      actor.stop();
    }
  });

  it('a concern is appended to the record and the agenda is exactly where it was', () => {
    for (const path of paths) {
      // Arrange
      const actor = replay(t, sessionType, eventsOf(path));
      const before = actor.getSnapshot();
      const child = cycleOf(actor);
      const childBefore = child?.getSnapshot();
      const sealed = before.context.contentHash !== null;
      // Act
      actor.send({ type: 'concern.escalate' });
      actor.send({ type: 'concern.recorded', escalation: escalation() });
      // Assert
      const after = actor.getSnapshot();
      expect(agendaValue(actor)).toEqual((before.value as { agenda: unknown }).agenda);
      expect(cycleOf(actor)).toBe(child);
      expect(child?.getSnapshot().value).toEqual(childBefore?.value);
      expect(child?.getSnapshot().context).toEqual(childBefore?.context);
      if (sealed) {
        // A sealed record takes no more content; the app keeps the concern as an amendment.
        expect(after.context).toEqual(before.context);
        expect(after.context.contentHash).toBe(contentHashOf(signedContentOf(after.context)));
      } else {
        expect(escalationOf(actor)).toBe('closed');
        expect(after.context.escalations).toEqual([...before.context.escalations, escalation()]);
        // A concern is part of what is signed, so a lone first signature no longer covers it.
        expect(after.context.signatures).toEqual(unsigned);
        expect({ ...after.context, escalations: before.context.escalations, signatures: before.context.signatures }).toEqual(before.context);
      }
      actor.stop();
    }
  });

  it('concern.cancelled returns to the same place with nothing recorded', () => {
    for (const path of paths) {
      const actor = replay(t, sessionType, eventsOf(path));
      const before = actor.getSnapshot();
      actor.send({ type: 'concern.escalate' });
      actor.send({ type: 'concern.cancelled' });
      expect(actor.getSnapshot().value).toEqual(before.value);
      expect(actor.getSnapshot().context).toEqual(before.context);
      actor.stop();
    }
  });
});

describe('escalation in the middle of a case', () => {
  function midCase(): SessionActor {
    const actor = startSession(derby(), 'safeguarding-supervision');
    for (const section of sectionsFor(derby(), 'safeguarding-supervision')) {
      if (section.collects.kind === 'cases') break;
      satisfy(actor, section);
      actor.send({ type: 'step.next' });
    }
    actor.send({ type: 'case.started', caseId: 'case-0001', label: 'Baby T', chosenBy: null });
    const cycle = requireCycle(actor);
    cycle.send({ type: 'stage.answered', stage: 'experience', field: 'notes', text: 'Bruise on a non-mobile baby' });
    cycle.send({ type: 'stage.completed' });
    cycle.send({ type: 'stage.answered', stage: 'reflection', field: 'notes', text: 'Felt uneasy' });
    cycle.send({ type: 'stage.completed' });
    cycle.send({ type: 'stage.answered', stage: 'analysis', field: 'notes', text: 'Unexplained injury' });
    return actor;
  }

  it('records the concern and leaves the case machine’s stage and answers untouched', () => {
    // Arrange
    const actor = midCase();
    const cycle = requireCycle(actor);
    const caseBefore = cycle.getSnapshot();
    const agendaBefore = agendaValue(actor);
    // Act
    actor.send({ type: 'concern.escalate' });
    actor.send({ type: 'concern.recorded', escalation: { ...escalation(), caseId: 'case-0001', raisedDuring: 'Case discussion and reflections — Analysis' } });
    // Assert
    expect(agendaValue(actor)).toEqual(agendaBefore);
    expect(agendaBefore).toEqual({ 'case-discussion': 'discussing' });
    expect(cycleOf(actor)).toBe(cycle);
    expect(cycle.getSnapshot().value).toBe('analysis');
    expect(cycle.getSnapshot().context).toEqual(caseBefore.context);
    expect(actor.getSnapshot().context.escalations.map((e) => e.caseId)).toEqual(['case-0001']);
  });

  it('the case can be finished afterwards with every answer', () => {
    const actor = midCase();
    actor.send({ type: 'concern.escalate' });
    actor.send({ type: 'concern.recorded', escalation: escalation() });
    const cycle = requireCycle(actor);
    cycle.send({ type: 'stage.completed' });
    cycle.send({ type: 'stage.answered', stage: 'actionPlanning', field: 'notes', text: 'Strategy discussion today' });
    cycle.send({ type: 'stage.completed' });
    expect(actor.getSnapshot().context.cases[0]?.stages).toEqual({
      experience: { notes: 'Bruise on a non-mobile baby' },
      reflection: { notes: 'Felt uneasy' },
      analysis: { notes: 'Unexplained injury' },
      actionPlanning: { notes: 'Strategy discussion today' },
    });
  });
});

describe('escalation once signed', () => {
  function sealedDerby(): SessionActor {
    const actor = startSession(derby(), 'safeguarding-supervision');
    driveToSignatures(actor, derby(), 'safeguarding-supervision');
    signBoth(actor);
    return actor;
  }

  it('still opens: supervision never stands between a worker and escalation', () => {
    const actor = sealedDerby();
    expect(sectionOf(actor.getSnapshot())).toBe('signed');
    actor.send({ type: 'concern.escalate' });
    expect(escalationOf(actor)).toBe('open');
    expect(agendaValue(actor)).toBe('signed');
  });

  it('leaves the sealed record as it was signed, and can be closed', () => {
    const actor = sealedDerby();
    const before = actor.getSnapshot().context;
    actor.send({ type: 'concern.escalate' });
    actor.send({ type: 'concern.recorded', escalation: escalation() });
    expect(actor.getSnapshot().context).toEqual(before);
    expect(before.contentHash).toBe(contentHashOf(signedContentOf(actor.getSnapshot().context)));
    actor.send({ type: 'concern.cancelled' });
    expect(escalationOf(actor)).toBe('closed');
  });

  it('between the two signatures, a recorded concern undoes the first signature', () => {
    const actor = startSession(derby(), 'safeguarding-supervision');
    driveToSignatures(actor, derby(), 'safeguarding-supervision');
    actor.send({ type: 'record.readThrough' });
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    actor.send({ type: 'concern.escalate' });
    actor.send({ type: 'concern.recorded', escalation: escalation() });
    actor.send({ type: 'signature.added', signature: signature('supervisee') });
    const { context } = actor.getSnapshot();
    expect(context.contentHash).toBeNull();
    expect(context.signatures).toEqual({ supervisor: null, supervisee: signature('supervisee') });
  });
});
