import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { findTemplate } from '../../machines/templates/index.ts';
import { createSessionMachine } from '../../machines/session/session.machine.ts';
import { verifyRecord } from '../../machines/record/verify.ts';
import { $AmendmentV1 } from '../../machines/record/amendment.ts';
import { completeAction, sessionInput, signature } from '../machines/fixtures.ts';
import { amendment, realisticContent, sealed } from './fixtures.ts';

const derby = () => {
  const found = findTemplate('derby-derbyshire-appendix-3');
  if (!found) throw new Error('No Derby template');
  return found;
};

describe('verifyRecord', () => {
  it('says a record without a seal is unsigned', () => {
    expect(verifyRecord(realisticContent(derby()), [])).toEqual({ status: 'unsigned' });
  });

  it('accepts a sealed record whose content is unchanged', () => {
    const content = sealed(realisticContent(derby()));
    expect(verifyRecord(content, [])).toEqual({ status: 'valid', hash: content.contentHash });
  });

  it('ignores navigation state, which is not part of what was signed', () => {
    const content = sealed(realisticContent(derby()));
    const moved = { ...content, furthestSection: 0, refusal: ['Some gap'] };
    expect(verifyRecord(moved, []).status).toBe('valid');
  });

  it('finds a record invalid when an answer changed after sealing', () => {
    const content = sealed(realisticContent(derby()));
    const changed = { ...content, answers: { ...content.answers, 'any-other-business': 'Changed after signing.' } };
    const result = verifyRecord(changed, []);
    expect(result.status).toBe('invalid');
    if (result.status !== 'invalid') return;
    expect(result.expected).toBe(content.contentHash);
    expect(result.actual).toMatch(/^[0-9a-f]{64}$/);
    expect(result.actual).not.toBe(result.expected);
  });

  it('finds a record invalid when a case stage or an action changed after sealing', () => {
    const content = sealed(realisticContent(derby()));
    const [first, ...rest] = content.cases;
    if (!first) throw new Error('A case');
    const stage = { ...first, stages: { ...first.stages, analysis: { notes: 'Softened after signing.' } } };
    expect(verifyRecord({ ...content, cases: [stage, ...rest] }, []).status).toBe('invalid');
    const action = content.actions.map((a, i) => (i === 0 ? { ...a, dueDate: '2031-06-01' } : a));
    expect(verifyRecord({ ...content, actions: action }, []).status).toBe('invalid');
  });

  it('finds a record invalid when its hash was replaced', () => {
    const content = sealed(realisticContent(derby()));
    expect(verifyRecord({ ...content, contentHash: '0'.repeat(64) }, []).status).toBe('invalid');
  });

  it('says a sealed record with amendments is amended, and the seal still holds', () => {
    const content = sealed(realisticContent(derby()));
    const second = amendment({ id: 'amendment-0002', sectionId: 'plan-and-actions', text: 'Strategy meeting booked.' });
    expect(verifyRecord(content, [amendment(), second])).toEqual({ status: 'amended', hash: content.contentHash, amendments: 2 });
  });

  it('reports a changed record as invalid even when it has amendments', () => {
    const content = sealed(realisticContent(derby()));
    const changed = { ...content, noCasesReason: 'Edited' };
    expect(verifyRecord(changed, [amendment()]).status).toBe('invalid');
  });

  it('verifies a record sealed by the session machine', () => {
    const actor = createActor(createSessionMachine(derby(), 'safeguarding-supervision'), { input: sessionInput() }).start();
    actor.send({ type: 'review.changed', actionId: 'prev-action-0001', review: { outcome: 'done', reason: '', newDueDate: '' } });
    actor.send({ type: 'step.next' });
    actor.send({ type: 'step.next' });
    actor.send({ type: 'step.next' });
    actor.send({ type: 'case.started', caseId: 'case-0001', label: 'Baby T', chosenBy: null });
    const cycle = actor.getSnapshot().children['cycle'];
    if (!cycle) throw new Error('The case cycle is running');
    cycle.send({ type: 'stage.answered', stage: 'experience', field: 'notes', text: 'Home visit' });
    cycle.send({ type: 'stage.completed' });
    cycle.send({ type: 'stage.skipped', reason: 'Time' });
    cycle.send({ type: 'stage.answered', stage: 'analysis', field: 'notes', text: 'Risk' });
    cycle.send({ type: 'stage.completed' });
    cycle.send({ type: 'stage.answered', stage: 'actionPlanning', field: 'notes', text: 'Refer' });
    cycle.send({ type: 'stage.completed' });
    actor.send({ type: 'step.next' });
    actor.send({ type: 'step.next' });
    actor.send({ type: 'action.added', action: completeAction('action-0001', 'case-0001') });
    actor.send({ type: 'step.next' });
    actor.send({ type: 'step.next' });
    actor.send({ type: 'step.next' });
    actor.send({ type: 'record.readThrough' });
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    actor.send({ type: 'signature.added', signature: signature('supervisee') });
    const { context } = actor.getSnapshot();
    expect(context.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyRecord(context, [])).toEqual({ status: 'valid', hash: context.contentHash });
  });

  it('refuses amendments belonging to another session', () => {
    const content = sealed(realisticContent(derby()));
    expect(() => verifyRecord(content, [amendment({ sessionId: 'session-other-0001' })])).toThrow(/belongs to session/);
  });
});

describe('$AmendmentV1', () => {
  it('accepts a dated, named amendment and refuses an empty one', () => {
    expect($AmendmentV1.parse(amendment())).toEqual(amendment());
    expect($AmendmentV1.safeParse(amendment({ text: '   ' })).success).toBe(false);
    expect($AmendmentV1.safeParse(amendment({ madeBy: '' })).success).toBe(false);
    expect($AmendmentV1.safeParse(amendment({ madeAt: '9 March 2031' })).success).toBe(false);
    expect($AmendmentV1.safeParse({ ...amendment(), extra: true }).success).toBe(false);
  });
});
