import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { $SessionContentV1 } from '../../machines/model/record.ts';
import { $RecordTemplateV1, sectionsFor, type RecordTemplateV1 } from '../../machines/model/template.ts';
import { templates, findTemplate } from '../../machines/templates/index.ts';
import { buildRecordDocument, type CaseEntry, type RecordBlock, type RecordDocument } from '../../machines/record/document.ts';
import { recordDocumentToText } from '../../machines/record/text.ts';
import { verifyRecord } from '../../machines/record/verify.ts';
import { DERBY_HEADINGS } from '../fixtures/policy-headings.ts';
import signedBefore from '../fixtures/records/derby-signed-before-reasons.json';
import { savedTemplate } from '../machines/fixtures.ts';
import { amendment, caseDiscussion, realisticContent, sealed, supervisionDate } from './fixtures.ts';

/** A signed record as a session row held it, with what it is there to show. */
const $SignedBeforeFixture = z.strictObject({ description: z.string(), record: z.unknown() });

function template(id: string): RecordTemplateV1 {
  const found = findTemplate(id);
  if (!found) throw new Error(`No template ${id}`);
  return found;
}

function blocksOf(doc: RecordDocument, kind: RecordBlock['kind']): RecordBlock[] {
  return doc.sections.flatMap((s) => s.blocks.filter((b) => b.kind === kind));
}

function casesOf(doc: RecordDocument): CaseEntry[] {
  return doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'case' ? [b.entry] : [])));
}

function single<K extends RecordBlock['kind']>(doc: RecordDocument, kind: K): Extract<RecordBlock, { kind: K }> {
  const found = blocksOf(doc, kind);
  expect(found).toHaveLength(1);
  return found[0] as Extract<RecordBlock, { kind: K }>;
}

describe('buildRecordDocument for every shipped template', () => {
  it('has the four shipped templates to check', () => {
    expect(templates.map((t) => t.id).sort()).toEqual([
      'derby-derbyshire-appendix-3',
      'somerset-icb-appendix-1',
      'south-gloucestershire-appendix-2',
      'temple-learning-academy-appendix-2',
    ]);
  });

  describe.each(templates.map((t) => [t.id, t] as const))('%s', (_id, tpl) => {
    const content = realisticContent(tpl);
    const doc = buildRecordDocument(tpl, content);

    it('follows the template’s sections exactly: headings, order, wording and flags', () => {
      const expected = sectionsFor(tpl, content.sessionType);
      expect(doc.sections.map((s) => s.heading)).toEqual(expected.map((s) => s.heading));
      expect(doc.sections.map((s) => s.id)).toEqual(expected.map((s) => s.id));
      expect(doc.sections.map((s) => s.kind)).toEqual(expected.map((s) => s.collects.kind));
      expect(doc.sections.map((s) => s.policyWording)).toEqual(expected.map((s) => s.policyWording ?? null));
      expect(doc.sections.map((s) => s.addedByProduct)).toEqual(expected.map((s) => s.addedByProduct));
    });

    it('heads the record with the title, marking, source and meta rows', () => {
      expect(doc.title).toBe(tpl.title);
      expect(doc.marking).toBe(tpl.marking ?? null);
      expect(doc.source).toContain(tpl.source.organisation);
      expect(doc.source).toContain(tpl.source.appendix);
      expect(doc.source).toContain(`Template version ${tpl.version}`);
      expect(doc.meta).toEqual([
        { label: tpl.dateHeading, value: '7 March 2031' },
        { label: 'Type of session', value: tpl.sessionTypes[0]?.label },
        { label: tpl.parties.supervisor.heading, value: 'Sam Supervisor, Named Nurse' },
        { label: tpl.parties.supervisee.heading, value: 'Val Visitor, Health Visitor' },
      ]);
      expect(doc.date).toBe(supervisionDate);
      expect(doc.notices).toEqual([]);
    });

    it('records each case through the four 4x4x4 stages in order', () => {
      const cases = casesOf(doc);
      expect(cases.map((c) => c.label)).toEqual(['Baby T', 'Jay Smith']);
      for (const entry of cases) {
        expect(entry.stages.map((s) => s.stage)).toEqual(['experience', 'reflection', 'analysis', 'actionPlanning']);
        expect(entry.stages.map((s) => s.title)).toEqual(['Experience', 'Reflection', 'Analysis', 'Action planning']);
        expect(entry.labelRow).toEqual({ label: tpl.caseStructure?.caseLabel ?? 'Child or family', value: entry.label });
      }
    });

    it('shows a skipped stage with its reason', () => {
      const jay = casesOf(doc).find((c) => c.label === 'Jay Smith');
      const reflection = jay?.stages.find((s) => s.stage === 'reflection');
      expect(reflection?.skippedText).toBe('Skipped — reason: Time ran short; to pick up next session');
      expect(reflection?.answers).toEqual([]);
      const baby = casesOf(doc).find((c) => c.label === 'Baby T');
      expect(baby?.stages.every((s) => s.skippedText === null)).toBe(true);
    });

    it('reviews previous actions with their outcomes', () => {
      const block = single(doc, 'previousActions');
      expect(block.items.map((i) => i.outcomeText)).toEqual([
        'Done',
        'Not done — Course cancelled by provider',
        'Carried forward (new due date 1 April 2031)',
      ]);
      expect(block.items[0]).toMatchObject({
        what: 'Request chronology from school nurse',
        owner: 'Supervisee',
        dueDate: '1 February 2031',
        caseLabel: 'Baby T',
      });
    });

    it('lists actions with owners in the template’s titles, due dates and cases', () => {
      const block = single(doc, 'actions');
      expect(block.items).toEqual([
        { number: 1, what: 'Refer to MASH', owner: `${tpl.parties.supervisee.title} (Val Visitor)`, dueDate: '8 March 2031', caseLabel: 'Baby T', caseId: 'case-baby-t-01' },
        { number: 2, what: 'Arrange TAF meeting', owner: 'Pat Jones, school nurse', dueDate: '21 March 2031', caseLabel: 'Jay Smith', caseId: 'case-jay-smith' },
        { number: 3, what: 'Find a refresher course', owner: `${tpl.parties.supervisor.title} (Sam Supervisor)`, dueDate: '30 April 2031', caseLabel: 'Not about one case', caseId: null },
      ]);
    });

    it('records the next meeting and both signatures in the policy’s words', () => {
      const next = doc.sections.find((s) => s.kind === 'nextMeeting');
      expect(next?.blocks).toEqual([
        {
          kind: 'rows',
          rows: [
            { label: 'Date', value: '18 April 2031' },
            { label: 'Time', value: '10:00' },
            { label: 'Venue', value: 'Room 4, Health Centre' },
          ],
        },
      ]);
      const signing = tpl.sections.at(-1)?.collects;
      if (signing?.kind !== 'signatures') throw new Error('The last section signs');
      const block = single(doc, 'signatures');
      expect(block.signatures.map((s) => [s.caption, s.fullName, s.signedAt])).toEqual([
        [signing.supervisor, 'Sam Supervisor', '7 March 2031 at 11:00'],
        [signing.supervisee, 'Val Visitor', '7 March 2031 at 11:02'],
      ]);
      expect(block.signatures.every((s) => s.drawing?.startsWith('data:image/png;base64,'))).toBe(true);
    });

    it('lists escalations with their time and the action taken', () => {
      expect(doc.escalations.items).toEqual([
        {
          raisedAt: '7 March 2031 at 10:32',
          raisedDuring: 'Case discussion — Analysis',
          caseLabel: 'Baby T',
          concern: 'Bruising on a non-mobile baby',
          actionTaken: 'Supervisor phoned MASH during the session',
        },
      ]);
    });

    it('shows the escalations again under the form’s own escalation heading, where it has one', () => {
      const inSections = doc.sections.flatMap((section) => section.blocks.filter((b) => b.kind === 'escalations').map((block) => [section.heading, block]));
      const declared = sectionsFor(tpl, content.sessionType).filter((s) => s.recordsEscalations);
      expect(inSections.map(([heading]) => heading)).toEqual(declared.map((s) => s.heading));
      for (const [, block] of inSections) {
        expect(block).toEqual({
          kind: 'escalations',
          heading: 'Concerns escalated during this session',
          note: 'The same concerns are listed after the signatures, with every concern escalated during the session.',
          items: doc.escalations.items,
          emptyText: 'No immediate concern was escalated during this session.',
        });
      }
    });

    it('renders as text with every heading in order', () => {
      const text = recordDocumentToText(buildRecordDocument(tpl, sealed(content), [amendment()]));
      const headings = [
        tpl.title,
        ...doc.sections.map((s) => s.heading),
        'Immediate concerns escalated during the session',
        'Seal',
        'Amendments after signing',
      ];
      let from = 0;
      for (const heading of headings) {
        const underlined = new RegExp(`^${heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n[-=]{3,}$`, 'm');
        const at = text.slice(from).search(underlined);
        expect(at, `heading "${heading}" after position ${from}`).toBeGreaterThanOrEqual(0);
        from += at + heading.length;
      }
      if (tpl.marking) expect(text.startsWith(`${tpl.marking.toUpperCase()}\n`)).toBe(true);
      expect(text).toContain('The MASH referral reference is 12345.');
      expect(text.indexOf('The MASH referral reference')).toBeGreaterThan(text.indexOf('Amendments after signing'));
    });
  });
});

describe('buildRecordDocument details', () => {
  it('labels Temple case answers with its Appendix 3 fields and who chose each case', () => {
    // Temple 1.0.0 placed Appendix 3's fields in the 4x4x4 stages; sessions begun with it keep it.
    const tpl = savedTemplate('temple-learning-academy-appendix-2', '1.0.0');
    const [baby, jay] = casesOf(buildRecordDocument(tpl, realisticContent(tpl)));
    expect(baby?.labelRow).toEqual({ label: 'Name of Student:', value: 'Baby T' });
    expect(baby?.structureHeading).toBe('Appendix 3');
    expect(baby?.chosenBy).toBe('CP Designate (supervisee)');
    expect(jay?.chosenBy).toBe('Lead Designate (supervisor)');
    expect(baby?.stages[0]?.answers).toEqual([
      { label: 'Summary of events since the last supervision', value: 'Home visit: bruising noted on Baby T.' },
      { label: 'Actions taken?', value: 'Home visit: bruising noted on Baby T. (actions-taken)' },
    ]);
    expect(baby?.stages[3]?.answers).toEqual([{ label: 'Agreed Actions?', value: 'Refer to MASH today.' }]);
  });

  it('labels answers with the stage’s question where the template has no case structure', () => {
    const tpl = template('derby-derbyshire-appendix-3');
    const [baby] = casesOf(buildRecordDocument(tpl, realisticContent(tpl)));
    expect(baby?.labelRow.label).toBe('Child or family');
    expect(baby?.chosenBy).toBe('Supervisee');
    expect(baby?.stages.map((s) => s.answers)).toEqual([
      [{ label: 'What happened?', value: 'Home visit: bruising noted on Baby T.' }],
      [{ label: 'What was it like?', value: 'Worried and unsettled after the visit.' }],
      [{ label: 'What does this mean?', value: 'Non-mobile baby with bruising: the threshold for referral is met.' }],
      [{ label: 'What next?', value: 'Refer to MASH today.' }],
    ]);
  });

  it('says "Nothing recorded" for an empty free-text section and shows field rows', () => {
    const derby = template('derby-derbyshire-appendix-3');
    const doc = buildRecordDocument(derby, realisticContent(derby, { answers: {} }));
    const aob = doc.sections.find((s) => s.id === 'any-other-business');
    expect(aob?.blocks).toEqual([{ kind: 'text', text: 'Nothing recorded', recorded: false }]);

    const temple = template('temple-learning-academy-appendix-2');
    const since = buildRecordDocument(temple, realisticContent(temple)).sections[0];
    expect(since?.blocks).toEqual([
      {
        kind: 'rows',
        rows: [
          { label: 'Sickness absence:', value: 'None (sickness-absence)' },
          { label: 'CP/Safeguarding Training:', value: 'None (cp-safeguarding-training)' },
        ],
      },
    ]);
  });

  it('numbers key issues in the agreed order and says whether the priority was agreed', () => {
    const tpl = template('somerset-icb-appendix-1');
    const agreed = single(buildRecordDocument(tpl, realisticContent(tpl)), 'keyIssues');
    expect(agreed.issues).toEqual([
      { number: 1, text: 'Drift in the child protection plan' },
      { number: 2, text: 'Workload' },
    ]);
    expect(agreed.priorityAgreed).toBe(true);
    const content = realisticContent(tpl, {
      keyIssues: [
        { id: 'issue-000002', text: 'Workload' },
        { id: 'issue-000001', text: 'Drift in the child protection plan' },
      ],
      priorityAgreed: false,
    });
    const notAgreed = single(buildRecordDocument(tpl, content), 'keyIssues');
    expect(notAgreed.issues.map((i) => i.text)).toEqual(['Workload', 'Drift in the child protection plan']);
    expect(notAgreed.priorityText).toBe('The order of priority was not agreed.');
  });

  it('records why no case was discussed', () => {
    const tpl = template('south-gloucestershire-appendix-2');
    const doc = buildRecordDocument(tpl, realisticContent(tpl, { cases: [], actions: [], escalations: [], noCasesReason: 'Annual leave; caseload reviewed by email' }));
    const section = doc.sections.find((s) => s.kind === 'cases');
    expect(section?.blocks).toEqual([{ kind: 'noCases', text: 'No case discussed — reason: Annual leave; caseload reviewed by email' }]);
  });

  it('keeps amendments apart from the signed content, oldest first, naming the section', () => {
    const tpl = template('derby-derbyshire-appendix-3');
    const content = sealed(realisticContent(tpl));
    const later = amendment({ id: 'amendment-0002', madeAt: '2031-03-10T14:00:00.000Z', madeBy: 'Sam Supervisor', sectionId: 'plan-and-actions', text: 'MASH replied: strategy meeting on 12 March.' });
    const doc = buildRecordDocument(tpl, content, [later, amendment()]);
    expect(doc.amendments.items).toEqual([
      { id: 'amendment-0001', madeAt: '9 March 2031 at 09:15', madeBy: 'Val Visitor', concerns: 'The record as a whole', text: 'The MASH referral reference is 12345.' },
      { id: 'amendment-0002', madeAt: '10 March 2031 at 14:00', madeBy: 'Sam Supervisor', concerns: 'Plan and actions', text: 'MASH replied: strategy meeting on 12 March.' },
    ]);
    expect(doc.sections).toEqual(buildRecordDocument(tpl, content).sections);
    expect(JSON.stringify(doc.sections)).not.toContain('strategy meeting');
    expect(doc.contentHash).toBe(content.contentHash);
    expect(doc.seal.text).toContain(content.contentHash ?? 'a hash');
  });

  it('refuses amendments of another session', () => {
    const tpl = template('derby-derbyshire-appendix-3');
    expect(() => buildRecordDocument(tpl, realisticContent(tpl), [amendment({ sessionId: 'session-other-0001' })])).toThrow(/belongs to session/);
  });

  it('has no content hash until sealed', () => {
    const tpl = template('derby-derbyshire-appendix-3');
    const doc = buildRecordDocument(tpl, realisticContent(tpl));
    expect(doc.contentHash).toBeNull();
    expect(doc.seal.text).toBe('Not sealed: the record has not been signed by both.');
  });

  it('shows unsigned signature blocks and never keeps a drawing that is not a PNG data URL', () => {
    const tpl = template('derby-derbyshire-appendix-3');
    const content = realisticContent(tpl);
    const tampered = {
      ...content,
      signatures: {
        supervisor: { ...content.signatures.supervisor!, drawing: 'javascript:alert(1)' },
        supervisee: null,
      },
    };
    const block = single(buildRecordDocument(tpl, tampered), 'signatures');
    expect(block.signatures[0]?.drawing).toBeNull();
    expect(block.signatures[1]).toMatchObject({ signed: false, fullName: 'Not signed', drawing: null });
  });

  it('includes only the sections for the session type', () => {
    const derby = template('derby-derbyshire-appendix-3');
    const restricted = $RecordTemplateV1.parse({
      ...derby,
      sections: derby.sections.map((s) => (s.id === 'development-training' ? { ...s, sessionTypes: ['one-to-one-catch-up'] } : s)),
    });
    const content = realisticContent(restricted);
    expect(content.sessionType).toBe('safeguarding-supervision');
    const headings = buildRecordDocument(restricted, content).sections.map((s) => s.heading);
    expect(headings).not.toContain('Development / training needs and opportunities');
    const catchUp = buildRecordDocument(restricted, { ...content, sessionType: 'one-to-one-catch-up' });
    expect(catchUp.sections.map((s) => s.heading)).toContain('Development / training needs and opportunities');
    expect(catchUp.meta[1]).toEqual({ label: 'Type of session', value: '1:1 catch up' });
  });

  it('refuses a template other than the one the record was made with, and notes a version difference', () => {
    const derby = template('derby-derbyshire-appendix-3');
    const temple = template('temple-learning-academy-appendix-2');
    expect(() => buildRecordDocument(temple, realisticContent(derby))).toThrow(/made with template/);
    const doc = buildRecordDocument(derby, { ...realisticContent(derby), templateVersion: '0.9.0' });
    expect(doc.notices).toEqual(['Recorded with template version 0.9.0; shown with template version 1.1.0.']);
  });

  describe('Derby’s “Professional challenges / escalation/ risk”: the concerns escalated during the session', () => {
    const tpl = template('derby-derbyshire-appendix-3');
    const base = realisticContent(tpl);
    const second = {
      id: 'escalation-02',
      raisedAt: '2031-03-07T09:05:00.000Z',
      raisedDuring: 'Professional challenges / escalation/ risk',
      caseId: null,
      concern: 'Health visitor told of domestic abuse at the home of a child on her caseload',
      actionTaken: '',
    };
    const content = realisticContent(tpl, { escalations: [second, ...base.escalations] });
    const doc = buildRecordDocument(tpl, content);
    const challenges = doc.sections.find((s) => s.heading === 'Professional challenges / escalation/ risk');

    it('follows what was written under the heading, in the order raised, as the log after the signatures lists them', () => {
      expect(challenges?.blocks.map((b) => b.kind)).toEqual(['text', 'escalations']);
      const block = challenges?.blocks[1];
      if (block?.kind !== 'escalations') throw new Error('No escalations under the heading');
      expect(block.items.map((e) => [e.raisedAt, e.concern, e.caseLabel, e.actionTaken])).toEqual([
        ['7 March 2031 at 09:05', 'Health visitor told of domestic abuse at the home of a child on her caseload', null, 'No action recorded'],
        ['7 March 2031 at 10:32', 'Bruising on a non-mobile baby', 'Baby T', 'Supervisor phoned MASH during the session'],
      ]);
      expect(block.items).toEqual(doc.escalations.items);
    });

    it('says none was escalated when none was', () => {
      const none = buildRecordDocument(tpl, realisticContent(tpl, { escalations: [] }));
      const block = none.sections.find((s) => s.id === 'professional-challenges')?.blocks[1];
      expect(block).toMatchObject({ kind: 'escalations', items: [], emptyText: 'No immediate concern was escalated during this session.' });
      expect(recordDocumentToText(none)).toContain(
        'Professional challenges / escalation/ risk\n' +
          '------------------------------------------\n\n' +
          'Discussed under “Professional challenges / escalation/ risk”.\nSecond line.\n\n' +
          'Concerns escalated during this session\n' +
          'The same concerns are listed after the signatures, with every concern escalated during the session.\n' +
          'No immediate concern was escalated during this session.\n\n' +
          'Case discussion and reflections',
      );
    });

    it('writes them under the heading in the text, numbered as in the log', () => {
      const text = recordDocumentToText(doc);
      const under = text.slice(text.indexOf('Professional challenges / escalation/ risk\n---'), text.indexOf('Case discussion and reflections\n---'));
      expect(under).toContain(
        'Concerns escalated during this session\n' +
          'The same concerns are listed after the signatures, with every concern escalated during the session.\n' +
          '1. Health visitor told of domestic abuse at the home of a child on her caseload\n' +
          '    Raised: 7 March 2031 at 09:05\n' +
          '    During: Professional challenges / escalation/ risk\n' +
          '    Action taken: No action recorded\n' +
          '2. Bruising on a non-mobile baby\n' +
          '    Raised: 7 March 2031 at 10:32\n' +
          '    During: Case discussion — Analysis\n' +
          '    Case: Baby T\n' +
          '    Action taken: Supervisor phoned MASH during the session\n',
      );
      const log = text.slice(text.indexOf('Immediate concerns escalated during the session\n---'));
      expect(log).toContain('1. Health visitor told of domestic abuse');
      expect(log).toContain('2. Bruising on a non-mobile baby');
    });

    it('is driven by the template, not the section’s id: without the flag, no section shows them', () => {
      const unflagged = { ...tpl, sections: tpl.sections.map(({ recordsEscalations: _flag, ...section }) => section) };
      expect(blocksOf(buildRecordDocument(unflagged, content), 'escalations')).toEqual([]);
      const moved = { ...unflagged, sections: unflagged.sections.map((s) => (s.id === 'any-other-business' ? { ...s, recordsEscalations: true } : s)) };
      expect(buildRecordDocument(moved, content).sections.filter((s) => s.blocks.some((b) => b.kind === 'escalations')).map((s) => s.heading)).toEqual([
        'Any other business',
      ]);
    });
  });

  describe('the review of previous actions: reasons, drift flags and the supervisor’s responses', () => {
    const tpl = template('derby-derbyshire-appendix-3');
    const base = realisticContent(tpl);
    // "Check GP registration" (due 20 February 2031) carried forward a third time, and overdue; both flags answered.
    const content = realisticContent(tpl, {
      previousActions: base.previousActions.map((a) => (a.id === 'prev-action-0003' ? { ...a, timesCarriedForward: 2 } : a)),
      reviews: { ...base.reviews, 'prev-action-0003': { outcome: 'carriedForward', reason: 'Awaiting school records', newDueDate: '2031-04-01' } },
      driftResponses: {
        'carriedForward:prev-action-0003': { response: 'escalate', reason: 'escalate to team manager' },
        'overdue:prev-action-0003': { response: 'continue', reason: 'The practice has promised it by Friday' },
      },
    });
    const doc = buildRecordDocument(tpl, content);
    const [, notDone, carried] = single(doc, 'previousActions').items;

    it('words a carried-forward outcome with its reason, as "not done" is', () => {
      expect(carried?.outcomeText).toBe('Carried forward (new due date 1 April 2031) — Awaiting school records');
      expect(notDone?.outcomeText).toBe('Not done — Course cancelled by provider');
    });

    it('puts each drift flag under its action, named by its kind, with the response given', () => {
      expect(carried?.drift).toEqual([
        {
          flagged: { label: 'Drift flagged (carried forward 3 times)', value: '“Check GP registration” has been carried forward 3 times.' },
          response: { label: 'Supervisor’s response', value: 'Escalate — escalate to team manager' },
          answered: true,
        },
        {
          flagged: { label: 'Drift flagged (overdue)', value: '“Check GP registration” was due on 20 February 2031 and is not done.' },
          response: { label: 'Supervisor’s response', value: 'Continue unchanged — The practice has promised it by Friday' },
          answered: true,
        },
      ]);
    });

    it('says so where a flag has no response (a record is only signed once each has one)', () => {
      expect(notDone?.drift).toEqual([
        {
          flagged: { label: 'Drift flagged (overdue)', value: '“Book safeguarding level 3 refresher” was due on 14 February 2031 and is not done.' },
          response: { label: 'Supervisor’s response', value: 'No response recorded' },
          answered: false,
        },
      ]);
      const unexplained = buildRecordDocument(tpl, { ...content, driftResponses: { 'overdue:prev-action-0002': { response: 'continue', reason: ' ' } } });
      expect(single(unexplained, 'previousActions').items[1]?.drift[0]?.response.value).toBe('Continue unchanged — no reason recorded');
    });

    it('shows no drift for a record made before drift was checked (it has no responses at all)', () => {
      expect(base.driftResponses).toBeUndefined();
      expect(single(buildRecordDocument(tpl, base), 'previousActions').items.map((i) => i.drift)).toEqual([[], [], []]);
    });

    it('puts a case’s drift flag under the case', () => {
      const skipped = caseDiscussion(tpl, 'case-skipped-01', 'Baby Q', { experience: 'Seen at clinic.', reflection: 'Uneasy.', analysis: '', actionPlanning: 'Visit weekly.' }, { skip: { analysis: 'Out of time' } });
      const withCase = buildRecordDocument(tpl, { ...content, cases: [skipped], driftResponses: { 'skippedAnalysis:case-skipped-01': { response: 'revise', reason: '' } } });
      expect(casesOf(withCase)[0]?.drift).toEqual([
        {
          flagged: { label: 'Drift flagged (analysis skipped)', value: 'The discussion of Baby Q skipped analysis (reason given: Out of time).' },
          response: { label: 'Supervisor’s response', value: 'Revise the plan' },
          answered: true,
        },
      ]);
      expect(recordDocumentToText(withCase)).toContain(
        '    Skipped — reason: Out of time\n' +
          '  Action planning — What next?\n    Visit weekly.\n' +
          '  Drift flagged (analysis skipped): The discussion of Baby Q skipped analysis (reason given: Out of time).\n' +
          '  Supervisor’s response: Revise the plan',
      );
    });

    it('writes the reason and the flags into the text, under the action', () => {
      expect(recordDocumentToText(doc)).toContain(
        [
          '3. Check GP registration',
          '    Owner: Supervisee',
          '    Due: 20 February 2031',
          '    Agreed on: 10 January 2031',
          '    Case: Baby T',
          '    Carried forward before: 2 times',
          '    Outcome: Carried forward (new due date 1 April 2031) — Awaiting school records',
          '    Drift flagged (carried forward 3 times): “Check GP registration” has been carried forward 3 times.',
          '    Supervisor’s response: Escalate — escalate to team manager',
          '    Drift flagged (overdue): “Check GP registration” was due on 20 February 2031 and is not done.',
          '    Supervisor’s response: Continue unchanged — The practice has promised it by Friday',
        ].join('\n'),
      );
    });
  });

  it('indents nested items in the text and keeps multi-line answers aligned', () => {
    const tpl = template('derby-derbyshire-appendix-3');
    const text = recordDocumentToText(buildRecordDocument(tpl, realisticContent(tpl)));
    expect(text).toContain('Discussed under “Any other business”.\nSecond line.');
    expect(text).toContain('  Baby T\n  ~~~~~~\n  Child or family: Baby T\n  Chosen by: Supervisee\n  Experience — What happened?\n    Home visit: bruising noted on Baby T.');
    expect(text).toContain('  Reflection — What was it like?\n    Skipped — reason: Time ran short; to pick up next session');
    expect(text).toContain('1. Refer to MASH\n    Owner: Supervisee (Val Visitor)\n    Due: 8 March 2031\n    Case: Baby T');
    expect(text).toContain('Outcome: Not done — Course cancelled by provider');
    expect(text).not.toMatch(/\n\n\n/);
    expect(text).not.toMatch(/[ \t]+\n/);
  });
});

describe('a record signed before carry-forward reasons and the escalation section (a fixture)', () => {
  const stored = $SignedBeforeFixture.parse(signedBefore).record;
  const record = $SessionContentV1.parse(stored);
  const tpl = savedTemplate(record.templateId, record.templateVersion);

  it('parses to exactly what was stored: no field added, none defaulted', () => {
    expect(record).toEqual(stored);
    expect(canonicalize(record)).toBe(canonicalize(stored));
  });

  it('still verifies against the hash sealed when it was signed', () => {
    expect(record.contentHash).toBe('c690faf86b657073a0274324206d0840d69cefa10bc16db0d86ebd5a9e97de6c');
    expect(verifyRecord(record)).toEqual({ status: 'valid', hash: record.contentHash });
  });

  it('opens as a document with the template it was made with', () => {
    const doc = buildRecordDocument(tpl, record);
    expect(doc.notices).toEqual([]);
    expect(doc.sections.map((s) => s.heading)).toEqual(DERBY_HEADINGS);
  });

  it('shows its escalation in the log only: the template it was made with had no section recording them', () => {
    const doc = buildRecordDocument(tpl, record);
    expect(tpl.version).toBe('1.0.0');
    expect(blocksOf(doc, 'escalations')).toEqual([]);
    expect(doc.escalations.items.map((e) => e.concern)).toEqual(['Sibling disclosed being hit at home']);
  });

  it('reads its carried-forward action as it did (no reason was asked for), with the drift flags and responses it was signed with', () => {
    const [carried, done] = single(buildRecordDocument(tpl, record), 'previousActions').items;
    expect(carried?.outcomeText).toBe('Carried forward (new due date 15 December 2026)');
    expect(carried?.drift.map((d) => [d.flagged.label, d.response.value])).toEqual([
      ['Drift flagged (carried forward 2 times)', 'Escalate — escalate to team manager'],
      ['Drift flagged (overdue)', 'Continue unchanged — Awaiting school records; chased on 20 November'],
    ]);
    expect(done?.drift).toEqual([]);
  });
});
