import { describe, expect, it } from 'vitest';
import { verifyRecord } from '../../machines/record/verify.ts';
import { $AmendmentV1 } from '../../machines/record/amendment.ts';
import { completeAction, derby, derbySignedWithSkippedReflection } from '../machines/fixtures.ts';
import { amendment, realisticContent, sealed } from './fixtures.ts';

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
    const { context } = derbySignedWithSkippedReflection(completeAction('action-0001', 'case-0001')).getSnapshot();
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
