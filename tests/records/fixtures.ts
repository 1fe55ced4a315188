/** Realistic session content for the record outputs, built for any shipped template. */
import { $SessionContentV1, type CaseDiscussionV1, type SessionContentV1 } from '../../machines/model/record.ts';
import { sectionsFor, type CycleStage, type RecordTemplateV1 } from '../../machines/model/template.ts';
import { contentHashOf, signedContentOf } from '../../machines/model/seal.ts';
import type { AmendmentV1 } from '../../machines/record/amendment.ts';

export const pixel =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** A supervision date far from any day these tests run on. */
export const supervisionDate = '2031-03-07';

/** The answers for one stage, keyed as the case screen keys them: the policy's field ids, else "notes". */
function stageAnswers(template: RecordTemplateV1, stage: CycleStage, text: string): Record<string, string> {
  const fields = (template.caseStructure?.fields ?? []).filter((f) => f.stage === stage);
  if (fields.length === 0) return { notes: text };
  return Object.fromEntries(fields.map((f, i) => [f.id, `${text}${i === 0 ? '' : ` (${f.id})`}`]));
}

export function caseDiscussion(
  template: RecordTemplateV1,
  id: string,
  label: string,
  texts: Record<CycleStage, string>,
  options: { chosenBy?: CaseDiscussionV1['chosenBy']; skip?: Partial<Record<CycleStage, string>> } = {},
): CaseDiscussionV1 {
  const skip = options.skip ?? {};
  const stage = (s: CycleStage) => (skip[s] ? {} : stageAnswers(template, s, texts[s]));
  return {
    id,
    label,
    chosenBy: options.chosenBy ?? null,
    stages: {
      experience: stage('experience'),
      reflection: stage('reflection'),
      analysis: stage('analysis'),
      actionPlanning: stage('actionPlanning'),
    },
    skipped: skip,
    complete: true,
  };
}

export function realisticContent(template: RecordTemplateV1, overrides: Partial<SessionContentV1> = {}): SessionContentV1 {
  const sessionType = template.sessionTypes[0]?.id ?? 'unknown';
  const sections = sectionsFor(template, sessionType);
  const answers = Object.fromEntries(
    sections.filter((s) => s.collects.kind === 'freeText').map((s) => [s.id, `Discussed under “${s.heading}”.\nSecond line.`]),
  );
  const fields = Object.fromEntries(
    sections.flatMap((s) => (s.collects.kind === 'fields' ? [[s.id, Object.fromEntries(s.collects.fields.map((f) => [f.id, `None (${f.id})`]))]] : [])),
  );
  const content: SessionContentV1 = {
    sessionId: 'session-records-0001',
    templateId: template.id,
    templateVersion: template.version,
    sessionType,
    date: supervisionDate,
    parties: {
      supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' },
      supervisee: { personId: 'person-0001', name: 'Val Visitor', role: 'Health Visitor' },
    },
    answers,
    fields,
    keyIssues: [
      { id: 'issue-000001', text: 'Drift in the child protection plan' },
      { id: 'issue-000002', text: 'Workload' },
    ],
    priorityAgreed: true,
    previousActions: [
      {
        id: 'prev-action-0001',
        what: 'Request chronology from school nurse',
        ownerLabel: 'Supervisee',
        dueDate: '2031-02-01',
        raisedOn: '2031-01-10',
        caseLabel: 'Baby T',
        timesCarriedForward: 0,
      },
      {
        id: 'prev-action-0002',
        what: 'Book safeguarding level 3 refresher',
        ownerLabel: 'Supervisor',
        dueDate: '2031-02-14',
        raisedOn: '2031-01-10',
        caseLabel: null,
        timesCarriedForward: 1,
      },
      {
        id: 'prev-action-0003',
        what: 'Check GP registration',
        ownerLabel: 'Supervisee',
        dueDate: '2031-02-20',
        raisedOn: '2031-01-10',
        caseLabel: 'Baby T',
        timesCarriedForward: 0,
      },
    ],
    reviews: {
      'prev-action-0001': { outcome: 'done', reason: '', newDueDate: '' },
      'prev-action-0002': { outcome: 'notDone', reason: 'Course cancelled by provider', newDueDate: '' },
      'prev-action-0003': { outcome: 'carriedForward', reason: '', newDueDate: '2031-04-01' },
    },
    cases: [
      caseDiscussion(
        template,
        'case-baby-t-01',
        'Baby T',
        {
          experience: 'Home visit: bruising noted on Baby T.',
          reflection: 'Worried and unsettled after the visit.',
          analysis: 'Non-mobile baby with bruising: the threshold for referral is met.',
          actionPlanning: 'Refer to MASH today.',
        },
        { chosenBy: 'supervisee' },
      ),
      caseDiscussion(
        template,
        'case-jay-smith',
        'Jay Smith',
        {
          experience: 'Missed school nurse appointments.',
          reflection: '',
          analysis: 'Pattern of neglect emerging.',
          actionPlanning: 'Request a team around the family meeting.',
        },
        { chosenBy: 'supervisor', skip: { reflection: 'Time ran short; to pick up next session' } },
      ),
    ],
    noCasesReason: '',
    actions: [
      { id: 'action-000001', what: 'Refer to MASH', owner: { kind: 'supervisee', name: '' }, dueDate: '2031-03-08', caseId: 'case-baby-t-01' },
      { id: 'action-000002', what: 'Arrange TAF meeting', owner: { kind: 'other', name: 'Pat Jones, school nurse' }, dueDate: '2031-03-21', caseId: 'case-jay-smith' },
      { id: 'action-000003', what: 'Find a refresher course', owner: { kind: 'supervisor', name: '' }, dueDate: '2031-04-30', caseId: null },
    ],
    nextMeeting: { date: '2031-04-18', time: '10:00', venue: 'Room 4, Health Centre' },
    escalations: [
      {
        id: 'escalation-01',
        raisedAt: '2031-03-07T10:32:00.000Z',
        raisedDuring: 'Case discussion — Analysis',
        caseId: 'case-baby-t-01',
        concern: 'Bruising on a non-mobile baby',
        actionTaken: 'Supervisor phoned MASH during the session',
      },
    ],
    signatures: {
      supervisor: { role: 'supervisor', fullName: 'Sam Supervisor', drawing: pixel, signedAt: '2031-03-07T11:00:00.000Z' },
      supervisee: { role: 'supervisee', fullName: 'Val Visitor', drawing: pixel, signedAt: '2031-03-07T11:02:00.000Z' },
    },
    contentHash: null,
    furthestSection: sections.length - 1,
    refusal: [],
    ...overrides,
  };
  // Keep the fixtures honest: they must be records the app could store.
  return $SessionContentV1.parse(content);
}

export function sealed(content: SessionContentV1): SessionContentV1 {
  return { ...content, contentHash: contentHashOf(signedContentOf(content)) };
}

export function amendment(overrides: Partial<AmendmentV1> = {}): AmendmentV1 {
  return {
    id: 'amendment-0001',
    sessionId: 'session-records-0001',
    madeAt: '2031-03-09T09:15:00.000Z',
    madeBy: 'Val Visitor',
    sectionId: null,
    text: 'The MASH referral reference is 12345.',
    ...overrides,
  };
}
