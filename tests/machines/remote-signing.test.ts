/**
 * Signing from the other party's device, in the session machine (headless): a request for one
 * party's signature holds the record still (no edit, no going back) until their signature comes
 * back over the same words, the record is returned unsigned with a reason, or the request is
 * withdrawn; a concern recorded meanwhile is taken and withdraws the request. The party who is here
 * may still sign. The graph of every path from the read-through shows no path seals a record whose
 * received signature was over other words, and none leaves the awaiting state by an edit.
 */
import { describe, expect, it } from 'vitest';
import { getShortestPaths } from 'xstate/graph';
import { createSessionMachine, type SessionEvent } from '../../machines/session/session.machine.ts';
import { contentHashOf, documentHashOf, signedContentOf } from '../../machines/model/seal.ts';
import type { SessionContentV1, SignatureRequestStateV1 } from '../../machines/model/record.ts';
import type { KeySignatureV1 } from '../../machines/model/keys.ts';
import { createActor } from 'xstate';
import { completeAction, DERBY, derby, driveDerbyWithoutCases, escalation, sectionOf, sessionInput, signature, traversable, type SessionActor } from './fixtures.ts';

const keySignature: KeySignatureV1 = {
  algorithm: 'ECDSA-P256-SHA256',
  publicKey: { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43) },
  signature: `${'C'.repeat(86)}==`,
};

/** The key signature of an answer to another request (a stale or forged one). */
const strayKeySignature: KeySignatureV1 = { ...keySignature, signature: `${'D'.repeat(86)}==` };

function request(context: SessionContentV1, overrides: Partial<SignatureRequestStateV1> = {}): SignatureRequestStateV1 {
  return {
    requestId: 'request-0001',
    role: 'supervisee',
    documentHash: documentHashOf(context),
    sentAt: '2026-12-04T10:00:00.000Z',
    expiresAt: '2026-12-07T10:00:00.000Z',
    ...overrides,
  };
}

function received(overrides: Partial<Extract<SessionEvent, { type: 'signature.received' }>> = {}): SessionEvent {
  return {
    type: 'signature.received',
    requestId: 'request-0001',
    signature: signature('supervisee'),
    keySignature,
    comment: { kind: 'disagreement', text: 'I do not agree that the home visit can wait a fortnight.' },
    ...overrides,
  };
}

/** A Derby session read through and ready to sign. */
function atSigning(machine = createSessionMachine(derby(), DERBY)): SessionActor {
  const actor = createActor(machine, { input: sessionInput({ sessionType: DERBY }) }).start();
  for (const previous of actor.getSnapshot().context.previousActions) {
    actor.send({ type: 'review.changed', actionId: previous.id, review: { outcome: 'done', reason: '', newDueDate: '' } });
  }
  driveDerbyWithoutCases(actor, completeAction());
  actor.send({ type: 'record.readThrough' });
  return actor;
}

const subState = (actor: SessionActor) => (actor.getSnapshot().value as unknown as { agenda: Record<string, string> }).agenda.signatures;

describe('asking for the other party’s signature on their own device', () => {
  it('waits for it, holding the record still; their signature over the same words seals with the one given here', () => {
    // Arrange
    const actor = atSigning();
    const before = actor.getSnapshot().context;
    // Act
    actor.send({ type: 'signature.requested', request: request(before) });
    // Assert: awaiting, and nothing in the record can change.
    expect(subState(actor)).toBe('awaiting');
    actor.send({ type: 'answer.changed', sectionId: 'supervisee-reflections', text: 'Changed while they were reading' });
    actor.send({ type: 'action.added', action: completeAction('action-0002') });
    actor.send({ type: 'quality.dismissed', flagId: 'any', reason: 'because' });
    actor.send({ type: 'step.goto', sectionId: 'previous-actions' });
    expect(subState(actor)).toBe('awaiting');
    expect(signedContentOf(actor.getSnapshot().context)).toEqual(signedContentOf({ ...before, signatureRequest: actor.getSnapshot().context.signatureRequest }));
    actor.send({ type: 'step.back' });
    expect(subState(actor)).toBe('awaiting');
    expect(actor.getSnapshot().context.refusal).toEqual(['A signature has been asked for on the other party’s device: withdraw the request before changing the record']);
    // The supervisor, who is here, signs meanwhile; the supervisee's slot cannot be filled here.
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    actor.send({ type: 'signature.added', signature: signature('supervisee') });
    expect(actor.getSnapshot().context.signatures.supervisee).toBeNull();
    // Their signature arrives: sealed, with their key signature and disagreement in what is signed.
    actor.send(received());
    const sealed = actor.getSnapshot().context;
    expect(sectionOf(actor.getSnapshot())).toBe('signed');
    expect(sealed.keySignatures?.supervisee).toEqual(keySignature);
    expect(sealed.signerComments?.supervisee?.kind).toBe('disagreement');
    expect(sealed.signatureRequest).toBeNull();
    expect(sealed.contentHash).toBe(contentHashOf(signedContentOf(sealed)));
    // The request itself is not part of what is signed; the words are unchanged since it was sent.
    expect(Object.keys(signedContentOf(sealed))).not.toContain('signatureRequest');
    expect(documentHashOf(sealed)).toBe(documentHashOf(before));
  });

  it('their signature first leaves the record waiting for the one here, which then seals it', () => {
    const actor = atSigning();
    actor.send({ type: 'signature.requested', request: request(actor.getSnapshot().context) });
    actor.send(received({ comment: null }));
    expect(subState(actor)).toBe('signing');
    expect(actor.getSnapshot().context.contentHash).toBeNull();
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    expect(sectionOf(actor.getSnapshot())).toBe('signed');
    expect(actor.getSnapshot().context.signerComments).toEqual({});
  });

  it('refuses a request for words that are not the record’s, or for a party who has signed', () => {
    const actor = atSigning();
    const context = actor.getSnapshot().context;
    actor.send({ type: 'signature.requested', request: request(context, { documentHash: 'f'.repeat(64) }) });
    expect(subState(actor)).toBe('signing');
    actor.send({ type: 'signature.added', signature: signature('supervisee') });
    actor.send({ type: 'signature.requested', request: request(context) });
    expect(subState(actor)).toBe('signing');
    expect(actor.getSnapshot().context.signatureRequest).toBeNull();
  });

  it('ignores a signature that answers another request, signs for the other party, or comes after a withdrawal', () => {
    const actor = atSigning();
    actor.send({ type: 'signature.requested', request: request(actor.getSnapshot().context) });
    actor.send(received({ requestId: 'request-9999' }));
    actor.send(received({ signature: signature('supervisor') }));
    expect(subState(actor)).toBe('awaiting');
    expect(actor.getSnapshot().context.signatures).toEqual({ supervisor: null, supervisee: null });
    actor.send({ type: 'signature.requestWithdrawn', requestId: 'request-0001' });
    expect(subState(actor)).toBe('signing');
    actor.send(received());
    expect(actor.getSnapshot().context.signatures.supervisee).toBeNull();
  });

  it('returned unsigned: the reason is kept (not signed) and the record can be changed again', () => {
    const actor = atSigning();
    actor.send({ type: 'signature.requested', request: request(actor.getSnapshot().context) });
    actor.send({ type: 'signature.returned', requestId: 'request-0001', reason: 'The action on the chronology is not what we agreed.', at: '2026-12-04T12:00:00.000Z' });
    const context = actor.getSnapshot().context;
    expect(subState(actor)).toBe('signing');
    expect(context.signatureReturned).toEqual({ role: 'supervisee', reason: 'The action on the chronology is not what we agreed.', at: '2026-12-04T12:00:00.000Z' });
    expect(Object.keys(signedContentOf(context))).not.toContain('signatureReturned');
    actor.send({ type: 'step.back' });
    expect(sectionOf(actor.getSnapshot())).not.toBe('signatures');
  });

  it('an expired request sent again keeps its words and takes the new expiry', () => {
    const actor = atSigning();
    actor.send({ type: 'signature.requested', request: request(actor.getSnapshot().context) });
    actor.send({ type: 'signature.requestRenewed', requestId: 'request-0001', sentAt: '2026-12-08T09:00:00.000Z', expiresAt: '2026-12-11T09:00:00.000Z' });
    expect(actor.getSnapshot().context.signatureRequest).toMatchObject({ sentAt: '2026-12-08T09:00:00.000Z', expiresAt: '2026-12-11T09:00:00.000Z' });
    actor.send(received());
    expect(actor.getSnapshot().context.signatures.supervisee).not.toBeNull();
  });

  it('a concern can always be recorded: it enters the record and withdraws the request, whose answer is then refused', () => {
    const actor = atSigning();
    actor.send({ type: 'signature.requested', request: request(actor.getSnapshot().context) });
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    actor.send({ type: 'concern.escalate' });
    actor.send({ type: 'concern.recorded', escalation: escalation() });
    const context = actor.getSnapshot().context;
    expect(context.escalations).toHaveLength(1);
    expect(context.signatureRequest).toBeNull();
    expect(context.signatures).toEqual({ supervisor: null, supervisee: null });
    expect(subState(actor)).toBe('signing');
    actor.send(received());
    expect(actor.getSnapshot().context.contentHash).toBeNull();
    expect(actor.getSnapshot().context.signatures.supervisee).toBeNull();
  });
});

describe('remote signing as a graph', () => {
  const start = atSigning();
  const context = start.getSnapshot().context;
  start.stop();
  const events: SessionEvent[] = [
    { type: 'signature.requested', request: request(context) },
    { type: 'signature.requestRenewed', requestId: 'request-0001', sentAt: '2026-12-08T09:00:00.000Z', expiresAt: '2026-12-11T09:00:00.000Z' },
    { type: 'signature.requestWithdrawn', requestId: 'request-0001' },
    { type: 'signature.returned', requestId: 'request-0001', reason: 'Not as agreed', at: '2026-12-04T12:00:00.000Z' },
    received(),
    received({ requestId: 'request-0002', keySignature: strayKeySignature }),
    { type: 'signature.added', signature: signature('supervisor') },
    { type: 'signature.added', signature: signature('supervisee') },
    { type: 'signature.removed', role: 'supervisor' },
    { type: 'answer.changed', sectionId: 'supervisee-reflections', text: 'An edit' },
    { type: 'step.back' },
    { type: 'concern.escalate' },
    { type: 'concern.recorded', escalation: escalation() },
  ];
  // A snapshot carries its machine (and its guards), so each traversal starts from its own machine's.
  const fromOf = (machine: ReturnType<typeof createSessionMachine>) => {
    const actor = atSigning(machine);
    const snapshot = actor.getSnapshot();
    actor.stop();
    return snapshot;
  };
  const pathsOf = (machine: ReturnType<typeof createSessionMachine>) =>
    getShortestPaths(traversable(machine), {
      fromState: fromOf(machine),
      // One concern is enough: each one recorded adds to the record, so more would never end.
      events: (snapshot) => events.filter((e) => e.type !== 'concern.recorded' || snapshot.context.escalations.length === 0),
      serializeState: (snapshot) => JSON.stringify({ value: snapshot.value, context: { ...snapshot.context, refusal: [] } }),
      stopWhen: (snapshot) => sectionOf(snapshot) !== 'signatures' && sectionOf(snapshot) !== 'signed',
    });
  const paths = pathsOf(createSessionMachine(derby(), DERBY));

  it('reaches awaiting, signing and sealed states', () => {
    const reached = new Set(paths.map((p) => `${sectionOf(p.state)}:${JSON.stringify((p.state.value as { agenda: unknown }).agenda)}`));
    expect([...reached].some((s) => s.includes('awaiting'))).toBe(true);
    expect([...reached].some((s) => s.startsWith('signed'))).toBe(true);
    expect(paths.length).toBeGreaterThan(10);
  });

  it('no edit or step back ever leaves the awaiting state, and every awaiting state holds a request over the record’s words', () => {
    for (const path of paths) {
      const agenda = (path.state.value as { agenda: unknown }).agenda as Record<string, string> | string;
      if (typeof agenda === 'object' && agenda.signatures === 'awaiting') {
        expect(path.state.context.signatureRequest?.documentHash).toBe(documentHashOf(path.state.context));
        const last = path.steps.at(-1)?.event.type;
        expect(['answer.changed', 'step.back']).not.toContain(last);
      }
    }
  });

  it('every sealed record whose supervisee signature came from their device carries their key signature, over the words sent', () => {
    const sealed = paths.filter((p) => sectionOf(p.state) === 'signed');
    expect(sealed.length).toBeGreaterThan(0);
    for (const path of sealed) {
      const { context: done } = path.state;
      expect(done.contentHash).toBe(contentHashOf(signedContentOf(done)));
      const viaDevice = path.steps.some((s) => s.event.type === 'signature.received');
      if (viaDevice) {
        expect(done.keySignatures?.supervisee).toEqual(keySignature);
        expect(documentHashOf(done)).toBe(documentHashOf(context));
      }
      expect(done.signatures.supervisor).not.toBeNull();
      expect(done.signatures.supervisee).not.toBeNull();
    }
  });

  it('the check can fail: with the awaited-signature guard switched off, an answer to another request is taken', () => {
    const stray = (list: ReturnType<typeof pathsOf>) => list.some((p) => p.state.context.keySignatures?.supervisee?.signature === strayKeySignature.signature);
    expect(stray(paths)).toBe(false);
    const loose = pathsOf(createSessionMachine(derby(), DERBY).provide({ guards: { isAwaitedSignature: ({ event }) => event.type === 'signature.received' } }));
    expect(stray(loose)).toBe(true);
  });
});
