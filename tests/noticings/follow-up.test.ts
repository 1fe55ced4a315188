/**
 * What a noticing leaves in the records (machines/noticings/followUp.ts): the supervision
 * record's stage gains "Follow-up: question — answer" and dismissals with their reason; the
 * child's own record gains the practitioner's answers only, never the assistant's question.
 */
import { describe, expect, it } from 'vitest';
import { childRecordWords, supervisionRecordLines, type FollowUp } from '../../machines/noticings/followUp.ts';

const asked: FollowUp[] = [
  { ruleId: 'child-voice', question: 'What would Tilly say about what is happening at home?', outcome: 'answered', answer: 'Tilly told me she is frightened when dad shouts.' },
  { ruleId: 'invisible-men', question: 'Has anyone met Tilly’s father?', outcome: 'dismissed', reason: 'Dad died in 2024.' },
  { ruleId: 'other-agencies', question: 'What do other agencies know about Tilly?', outcome: 'notNow' },
  { ruleId: 'start-again', question: 'What does the whole history tell us?', outcome: 'raised' },
];

describe('follow-ups in the records', () => {
  it('the supervision record: answered as "Follow-up: question — answer", dismissed with the reason, nothing for put aside or unanswered', () => {
    expect(supervisionRecordLines(asked)).toEqual([
      'Follow-up: What would Tilly say about what is happening at home? — Tilly told me she is frightened when dad shouts.',
      'Follow-up not relevant: Has anyone met Tilly’s father? — Dad died in 2024.',
    ]);
  });

  it('a follow-up question never reaches the child’s record: only the practitioner’s own words, only from analysis and plan stages', () => {
    const analysis = childRecordWords('analysis', 'Risk of emotional harm from conflict at home.', asked);
    expect(analysis).toBe('Risk of emotional harm from conflict at home.\nTilly told me she is frightened when dad shouts.');
    for (const f of asked) expect(analysis).not.toContain(f.question);
    expect(analysis).not.toContain('Dad died');
    expect(analysis).not.toMatch(/Follow-up/);
    expect(childRecordWords('account', 'Home visit on Monday.', asked)).toBe('');
    expect(childRecordWords('account', 'Home visit on Monday.', asked, ['account', 'analysis', 'plan'])).toContain('Home visit on Monday.');
  });
});
