/**
 * The assistant's follow-ups in the records (issue 21; hazards H54–H56): the supervision record's
 * stage shows an answered follow-up as "Follow-up: question — answer" and a dismissed one with its
 * reason, nothing of one put aside or left; the record names the noticings that were on; and the
 * child's record never carries an assistant's question — only the practitioner's answers given in
 * the stages the entry takes.
 */
import { describe, expect, it } from 'vitest';
import { findTemplate } from '../../machines/templates/index.ts';
import type { CaseDiscussionV1, FollowUpV1, SessionContentV1 } from '../../machines/model/record.ts';
import { buildRecordDocument } from '../../machines/record/document.ts';
import { recordDocumentToText } from '../../machines/record/text.ts';
import { childRecordSummary } from '../../machines/record/childSummary.ts';
import { childRecordExtras } from '../../machines/record/childRecordChoices.ts';
import { childEntryDocumentReference } from '../../machines/record/fhir.ts';
import { noticingRules } from '../../machines/noticings/index.ts';
import { noticingsInForce } from '../../machines/noticings/settings.ts';
import { caseDiscussion, realisticContent } from './fixtures.ts';
import mammoth from 'mammoth';
import { recordToWord, toBlob } from '../../client/export/word.ts';
import { verifyRecord } from '../../machines/record/verify.ts';

const template = findTemplate('derby-derbyshire-appendix-3');
if (!template) throw new Error('No Derby template');

const q = (stage: string, n: number) => `ASSISTANT QUESTION ${stage} ${n}: what do we know?`;
const followUpsAt = (stage: string): FollowUpV1[] => [
  { ruleId: 'child-voice', questionIndex: 0, question: q(stage, 1), outcome: 'answered', answer: `Answer given at ${stage}.` },
  { ruleId: 'invisible-men', questionIndex: 1, question: q(stage, 2), outcome: 'dismissed', reason: `Reason given at ${stage}.` },
  { ruleId: 'other-agencies', questionIndex: 0, question: q(stage, 3), outcome: 'notNow' },
  { ruleId: 'start-again', questionIndex: 0, question: q(stage, 4), outcome: 'raised' },
];
const stages = ['experience', 'reflection', 'analysis', 'actionPlanning'] as const;

function content(): SessionContentV1 {
  const base = caseDiscussion(template!, 'case-tilly-0001', 'Tilly', {
    experience: 'Home visit on Monday.',
    reflection: 'I felt uneasy.',
    analysis: 'Risk of emotional harm.',
    actionPlanning: 'Refer to early help.',
  });
  const discussion: CaseDiscussionV1 = { ...base, followUps: Object.fromEntries(stages.map((s) => [s, followUpsAt(s)])) };
  const inForce = noticingsInForce(noticingRules.rules, { schema: 'noticing-settings/v1', on: true, off: ['single-explanation'] });
  return realisticContent(template!, { cases: [discussion], actions: [], noticings: { on: inForce.on, rules: inForce.rules, by: inForce.by } });
}

describe('the supervision record', () => {
  const doc = buildRecordDocument(template, content());
  const text = recordDocumentToText(doc);

  it('each stage shows its answered follow-up as "Follow-up: question — answer" and its dismissed one with the reason', () => {
    const caseBlock = doc.sections.flatMap((s) => s.blocks).find((b) => b.kind === 'case');
    if (caseBlock?.kind !== 'case') throw new Error('No case in the record');
    for (const stage of caseBlock.entry.stages) {
      expect(stage.followUps).toEqual([
        `Follow-up: ${q(stage.stage, 1)} — Answer given at ${stage.stage}.`,
        `Follow-up not relevant: ${q(stage.stage, 2)} — Reason given at ${stage.stage}.`,
      ]);
    }
    expect(text).toContain(`Follow-up: ${q('analysis', 1)} — Answer given at analysis.`);
  });

  it('the Word file carries the same lines, and nothing of those put aside or left', async () => {
    const record = content();
    const blob = await toBlob(recordToWord(buildRecordDocument(template, record), verifyRecord(record), 'Val Visitor'));
    const { value: word } = await mammoth.extractRawText({ buffer: Buffer.from(await blob.arrayBuffer()) });
    expect(word).toContain(`Follow-up: ${q('analysis', 1)} — Answer given at analysis.`);
    expect(word).toContain(`Follow-up not relevant: ${q('experience', 2)} — Reason given at experience.`);
    expect(word).toContain('Noticings on: ');
    for (const s of stages) expect(word).not.toContain(q(s, 3));
  });

  it('one put aside ("Not now") or left unanswered is not in the record', () => {
    for (const s of stages) {
      expect(text).not.toContain(q(s, 3));
      expect(text).not.toContain(q(s, 4));
    }
  });

  it('the record says which noticings were on, by name, and a record without them says nothing of them', () => {
    const row = doc.meta.find((r) => r.label === 'The assistant’s noticings');
    expect(row?.value).toMatch(/^Noticings on: .+\.$/);
    expect(row?.value).not.toContain('single explanation');
    expect(row?.value).toContain("the child's voice and daily life");
    const old = buildRecordDocument(template, realisticContent(template));
    expect(old.meta.some((r) => r.label === 'The assistant’s noticings')).toBe(false);
    const off = buildRecordDocument(template, realisticContent(template, { noticings: { on: false, rules: [], by: 'supervisor' } }));
    expect(off.meta.find((r) => r.label === 'The assistant’s noticings')?.value).toBe('Noticings off.');
  });
});

describe('the child’s record (H54)', () => {
  const record = content();

  it('never carries an assistant’s question or a dismissal’s reason, with every stage included', () => {
    for (const include of [[], childRecordExtras]) {
      const summary = childRecordSummary(template, record, 'case-tilly-0001', { include });
      const fhir = JSON.stringify(childEntryDocumentReference(summary, { sessionId: record.sessionId, supervisor: 'Sam Supervisor', signedAt: '2031-03-07T12:00:00.000Z' }));
      for (const s of stages)
        for (const n of [1, 2, 3, 4]) {
          expect(summary.text).not.toContain(q(s, n));
          expect(fhir).not.toContain(q(s, n));
        }
      expect(summary.text).not.toMatch(/ASSISTANT QUESTION|Follow-up|Reason given/);
    }
  });

  it('takes the practitioner’s answers from the analysis and plan stages only, by default', () => {
    const summary = childRecordSummary(template, record, 'case-tilly-0001');
    expect(summary.text).toContain('Answer given at analysis.');
    expect(summary.text).toContain('Answer given at actionPlanning.');
    expect(summary.text).not.toContain('Answer given at experience.');
    expect(summary.text).not.toContain('Answer given at reflection.');
  });
});
