/**
 * The record quality check run before signing: vague entries, actions without a verb, risk
 * with no escalation decision, and judgements without reasons — flagged where they sit, with
 * ids that stay put while the text is unchanged and disappear when it is fixed.
 */
import { describe, expect, it } from 'vitest';
import {
  actionWordingProblem,
  escalationsSectionId,
  excerptOf,
  isVague,
  mentionsEscalationDecision,
  mentionsRisk,
  normaliseText,
  qualityFlags,
  qualityMessages,
  type QualityFlag,
  type QualityFlagKind,
} from '../../machines/review/quality.ts';
import { templates } from '../../machines/templates/index.ts';
import { derby, sessionContent, southGlos, temple, template } from './fixtures.ts';
import { sectionsFor, type RecordTemplateV1, type SectionV1 } from '../../machines/model/template.ts';
import {
  $SessionContentV1,
  type ActionV1,
  type CaseDiscussionV1,
  type EscalationV1,
  type SessionContentV1,
} from '../../machines/model/record.ts';

// ---------------------------------------------------------------------------------------
// Builders

const derbyTemplate = derby();
const derbySections = sectionsFor(derbyTemplate, 'safeguarding-supervision');
const southGlosSections = sectionsFor(southGlos(), 'one-to-one');
const templeSections = sectionsFor(temple(), 'supervision');

/** An empty Derby record (no previous actions, priority agreed, next meeting set), as the machine starts one. */
function content(overrides: Partial<SessionContentV1> = {}): SessionContentV1 {
  return sessionContent(
    { priorityAgreed: true, nextMeeting: { date: '2027-01-10', time: '10:00', venue: 'Clinic room 2' }, ...overrides },
    { previousActions: [] },
  );
}

function discussion(
  stages: Partial<CaseDiscussionV1['stages']>,
  { id = 'case-0001', label = 'Baby T' }: { id?: string; label?: string } = {},
): CaseDiscussionV1 {
  return {
    id,
    label,
    chosenBy: null,
    stages: { experience: {}, reflection: {}, analysis: {}, actionPlanning: {}, ...stages },
    skipped: {},
    complete: true,
  };
}

function action(what: string, id = 'action-0001'): ActionV1 {
  return { id, what, owner: { kind: 'supervisee', name: '' }, dueDate: '2026-12-01', caseId: null };
}

function escalationOf(concern: string, actionTaken: string, id = 'escalation-0001'): EscalationV1 {
  return { id, raisedAt: '2026-11-22T10:30:00.000Z', raisedDuring: 'Case discussion and reflections', caseId: null, concern, actionTaken };
}

const ofKind = (flags: readonly QualityFlag[], kind: QualityFlagKind) => flags.filter((f) => f.kind === kind);
const derbyFlags = (overrides: Partial<SessionContentV1>) => qualityFlags(derbySections, content(overrides));
/** Flags for one Derby free-text answer. */
const answerFlags = (sectionId: string, text: string, extra: Partial<SessionContentV1> = {}) =>
  derbyFlags({ answers: { [sectionId]: text }, ...extra });
/** Flags for one case stage answer of Baby T. */
const stageFlags = (stage: keyof CaseDiscussionV1['stages'], text: string, extra: Partial<SessionContentV1> = {}) =>
  derbyFlags({ cases: [discussion({ [stage]: { notes: text } })], ...extra });

// ---------------------------------------------------------------------------------------

describe('normaliseText and excerpts', () => {
  it.each([
    ['Case Discussed.', 'case discussed'],
    ['  N/A ', 'na'],
    ['Children’s  Social-Care', 'childrens social care'],
    ['Self-harm; non-accidental!', 'self harm non accidental'],
    ['Café, 1:1', 'cafe 1 1'],
    ['', ''],
  ])('%j → %j', (text, expected) => {
    expect(normaliseText(text)).toBe(expected);
  });

  it('keeps short text whole and cuts long text at a word to about 80 characters', () => {
    expect(excerptOf('  Plan   agreed \n today ')).toBe('Plan agreed today');
    const long = 'Baby T was seen at home with mum and grandmother; the bruise on the left cheek was about two centimetres across.';
    const excerpt = excerptOf(long);
    expect(excerpt.length).toBeLessThanOrEqual(80);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(long.startsWith(excerpt.slice(0, -1))).toBe(true);
  });
});

describe('1. vague entries', () => {
  it.each([
    'Case discussed.',
    'Discussed',
    'Plan agreed',
    'Noted.',
    'As above',
    'As per plan',
    'No concerns',
    'Ongoing',
    'Continue to monitor',
    'monitor',
    'See notes',
    'Update given.',
    'All fine',
    'OK',
    'Case discussed, plan agreed, continue to monitor.',
    'Discussed Baby T',
    'Discussed in supervision – no concerns at present.',
    'Yes',
    'n/a',
    'Nil',
    'None, as above',
  ])('flags %j in a case stage', (text) => {
    const flags = ofKind(stageFlags('experience', text), 'vague');
    expect(flags).toEqual([
      {
        id: 'vague:case-discussion:case-0001:experience:notes',
        kind: 'vague',
        sectionId: 'case-discussion',
        where: 'Case discussion and reflections — Baby T: Experience',
        excerpt: text.trim(),
        message: qualityMessages.vague,
      },
    ]);
  });

  it.each([
    'Discussed Baby T’s injuries with the GP because the explanation did not fit the bruise',
    'Home visit',
    'Risk',
    'Continue to monitor school attendance weekly',
    'No concerns about attendance since September',
    'Noted: mum missed two health visits in October',
    'Plan agreed: GP to review weight in 2 weeks',
    'Safety plan in place with grandparents',
    'Bruise on left cheek, 2cm',
    'No bruising',
    'Mum tearful; Val felt out of her depth',
    // Long entries are never called vague, even if made of stock phrases.
    'Discussed. Noted. Plan agreed. As above. Continue to monitor. Ongoing. No concerns. Update given. All fine.',
  ])('does not flag %j', (text) => {
    expect(ofKind(stageFlags('experience', text), 'vague')).toEqual([]);
  });

  it.each(['', '   ', '\n\t'])('never flags an empty entry (%j renders as "Nothing recorded")', (text) => {
    expect(stageFlags('analysis', text)).toEqual([]);
    expect(answerFlags('any-other-business', text)).toEqual([]);
  });

  it.each(['None', 'N/A', 'Nil', 'nothing to report'])(
    'accepts the nil return %j as an answer to a section or a labelled field, not in a case',
    (text) => {
      expect(answerFlags('any-other-business', text)).toEqual([]);
      const temple = qualityFlags(templeSections, content({ fields: { 'since-last-supervision': { 'sickness-absence': text } } }));
      expect(temple).toEqual([]);
      expect(ofKind(stageFlags('analysis', text), 'vague')).toHaveLength(1);
    },
  );

  it('names a labelled field without its colon, and a key issue and a review reason by number', () => {
    const temple = qualityFlags(templeSections, content({ fields: { 'since-last-supervision': { 'cp-safeguarding-training': 'Ongoing' } } }));
    expect(temple).toMatchObject([
      {
        id: 'vague:since-last-supervision:cp-safeguarding-training',
        where: 'Since the last supervision, detail whether there has been any: — CP/Safeguarding Training',
      },
    ]);

    const somerset = sectionsFor(template('somerset-icb-appendix-1'), 'individual');
    const flags = qualityFlags(
      somerset,
      content({
        keyIssues: [
          { id: 'issue-0001', text: 'Baby T: missed health visits, mum’s new partner' },
          { id: 'issue-0002', text: 'Case discussion' },
        ],
        previousActions: [
          { id: 'prev-0001', what: 'Request chronology', ownerLabel: 'Supervisee', dueDate: '', raisedOn: '2026-10-01', caseLabel: null, timesCarriedForward: 0 },
        ],
        reviews: { 'prev-0001': { outcome: 'notDone', reason: 'Ongoing', newDueDate: '' } },
      }),
    );
    expect(flags.map((f) => [f.id, f.where])).toEqual([
      ['vague:key-issues:issue:issue-0002', 'How will the focus of the supervision session be agreed? — issue 2'],
      [
        'vague:actions-from-previous-session:review:prev-0001',
        'Agreeing and monitoring actions agreed at a previous session regarding a specific case — previous action 1',
      ],
    ]);
  });

  it('checks the reason no case was discussed and the escalations', () => {
    const flags = derbyFlags({
      noCasesReason: 'n/a',
      escalations: [escalationOf('Bruising on a non-mobile baby', 'Discussed')],
    });
    expect(flags.map((f) => [f.id, f.sectionId, f.where])).toEqual([
      ['vague:case-discussion:no-cases', 'case-discussion', 'Case discussion and reflections — reason no case was discussed'],
      [
        'vague:escalation:escalation-0001:action-taken',
        escalationsSectionId,
        'Immediate concerns escalated during the session — escalation 1: Action taken',
      ],
    ]);
  });

  it('the matcher alone', () => {
    expect(isVague('Discussed')).toBe(true);
    expect(isVague('None')).toBe(true);
    expect(isVague('None', { nilAllowed: true })).toBe(false);
    expect(isVague('Discussed with GP, who will weigh Baby T on Friday')).toBe(false);
  });
});

describe('2. actions that do not say what will be done', () => {
  it.each([
    ['MASH referral', 'noVerb'],
    ['Referral to MASH', 'noVerb'],
    ['GP letter', 'noVerb'],
    ['Chronology', 'noVerb'],
    ['Home visit in two weeks', 'noVerb'],
    ['Further discussion at next supervision', 'noVerb'],
    ['Baby T — health visiting contacts', 'noVerb'],
    ['Strategy meeting next week', 'noVerb'],
    ['The school should be contacted', 'noVerb'],
    ['Social care', 'noVerb'],
    ['Refer', 'short'],
    ['Monitor', 'short'],
    ['Contact GP', 'short'],
    ['To chase', 'short'],
  ] as const)('flags %j (%s)', (what, problem) => {
    expect(actionWordingProblem(what)).toBe(problem);
    const flags = derbyFlags({ actions: [action('Book a joint visit with the social worker', 'action-0001'), action(what, 'action-0002')] });
    expect(ofKind(flags, 'actionVerb')).toEqual([
      {
        id: 'actionVerb:action-0002',
        kind: 'actionVerb',
        sectionId: 'plan-and-actions',
        where: 'Plan and actions — action 2',
        excerpt: what,
        message: problem === 'noVerb' ? qualityMessages.actionVerb : qualityMessages.actionShort,
      },
    ]);
  });

  it.each([
    'Refer to MASH',
    'To refer to MASH',
    'to contact GP re weight',
    'Supervisee to contact GP re weight',
    'HV will visit on Monday',
    'Follow up with the school nurse',
    'Follow-up call to mum by Friday',
    'Feed back to the team meeting',
    'Re-refer to children’s social care',
    'Urgently discuss with the named nurse',
    'Book joint visit with social worker',
    'Chase the school for attendance figures',
    'Liaise with GP re immunisations',
    '1. Request chronology from school nurse',
    'Signpost mum to the food bank',
    'Continue to monitor weight fortnightly',
    'Val: visit on Monday with the student nurse',
  ])('accepts %j', (what) => {
    expect(actionWordingProblem(what)).toBeNull();
    expect(derbyFlags({ actions: [action(what)] })).toEqual([]);
  });

  it('leaves an empty action to the signing gaps', () => {
    expect(actionWordingProblem('  ')).toBeNull();
    expect(derbyFlags({ actions: [action('')] })).toEqual([]);
  });

  it('does not call an action vague: its own check covers it', () => {
    expect(derbyFlags({ actions: [action('Continue to monitor')] })).toEqual([]);
  });
});

describe('3. risk without a decision about escalation', () => {
  it.each([
    'Bruising seen on Baby T’s upper arm',
    'Mum disclosed domestic abuse by her partner',
    'Concern about neglect: home cold, no food',
    'Child went missing from home twice this month',
    'Self-harm disclosed to the school nurse',
    'Injuries unexplained',
    'Possible non-accidental injury',
    'At risk of sexual exploitation',
    'Dad is violent when drinking',
    'Not clear whether the injuries were accidental',
    'No concerns at school but bruising seen at home',
    'Safeguarding concerns raised by nursery',
    'Baby T is not safe with dad',
  ])('flags %j', (text) => {
    const flags = answerFlags('professional-challenges', text);
    expect(ofKind(flags, 'riskWithoutEscalation')).toEqual([
      {
        id: 'risk:professional-challenges',
        kind: 'riskWithoutEscalation',
        sectionId: 'professional-challenges',
        where: 'Professional challenges / escalation/ risk',
        excerpt: text,
        message: qualityMessages.riskWithoutEscalation,
      },
    ]);
  });

  it.each([
    'No risk identified',
    'No safeguarding concerns',
    'No bruising or injuries seen',
    'Child not at risk',
    'There is no evidence of any risk of harm to the children',
    'Risks identified: none',
    'Information missing from the chronology',
    'Attended the sexual health clinic with her aunt',
    'Home visit, baby thriving and gaining weight',
    'Nil safeguarding concerns this term',
    'Disclosure and barring check renewed',
  ])('does not count %j as a risk mention', (text) => {
    expect(mentionsRisk(text)).toBe(false);
    expect(ofKind(answerFlags('professional-challenges', text), 'riskWithoutEscalation')).toEqual([]);
  });

  const risk = 'Bruising seen on Baby T’s upper arm';
  it.each<[string, Partial<SessionContentV1>]>([
    ['a referral in another section', { answers: { 'professional-challenges': risk, 'any-other-business': 'Referred to MASH on 20 November' } }],
    ['a decision not to escalate', { answers: { 'professional-challenges': `${risk}; explanation consistent, does not meet threshold` } }],
    ['"no escalation" in a case', { answers: { 'professional-challenges': risk }, cases: [discussion({ analysis: { notes: 'No escalation needed: GP saw it' } })] }],
    ['an action to refer', { answers: { 'professional-challenges': risk }, actions: [action('Refer to children’s social care today')] }],
    ['a strategy discussion', { answers: { 'professional-challenges': `${risk}. Strategy discussion held 21/11.` } }],
    ['an escalation recorded', { answers: { 'professional-challenges': risk }, escalations: [escalationOf('Bruise on a baby', 'Phoned the front door')] }],
    ['NFA', { answers: { 'professional-challenges': `${risk}. NFA as seen by GP, explanation fits.` } }],
  ])('is satisfied by %s anywhere in the record', (_name, overrides) => {
    expect(ofKind(derbyFlags(overrides), 'riskWithoutEscalation')).toEqual([]);
  });

  it('gives one flag per location: one for a case whatever its stages say, one per other case and section', () => {
    const flags = derbyFlags({
      answers: { 'issues-or-concerns': 'Neglect of the older children', 'any-other-business': 'Dad’s violence towards mum' },
      cases: [
        discussion({ experience: { notes: 'Bruise on cheek' }, analysis: { notes: 'Injuries not explained by the history' } }),
        discussion({ experience: { notes: 'Disclosed abuse at school' } }, { id: 'case-0002', label: 'Child B' }),
        discussion({ experience: { notes: 'Thriving' } }, { id: 'case-0003', label: 'Child C' }),
      ],
    });
    expect(ofKind(flags, 'riskWithoutEscalation').map((f) => [f.id, f.where])).toEqual([
      ['risk:issues-or-concerns', 'Discussion of issues or concerns brought to supervision'],
      ['risk:case-discussion:case-0001', 'Case discussion and reflections — Baby T: Experience'],
      ['risk:case-discussion:case-0002', 'Case discussion and reflections — Child B: Experience'],
      ['risk:any-other-business', 'Any other business'],
    ]);
  });

  it('quotes the sentence that mentions the risk', () => {
    const text = 'Mum engaging well with the health visitor. Baby T has a bruise on the ear. Weight on the 50th centile.';
    expect(ofKind(answerFlags('issues-or-concerns', text), 'riskWithoutEscalation')[0]?.excerpt).toBe('Baby T has a bruise on the ear.');
  });

  it('the decision matcher alone', () => {
    expect(mentionsEscalationDecision('Below threshold for social care')).toBe(true);
    expect(mentionsEscalationDecision('Not escalated: explanation fits')).toBe(true);
    expect(mentionsEscalationDecision('Police attended on Saturday')).toBe(true);
    expect(mentionsEscalationDecision('Section 47 enquiry under way')).toBe(true);
    expect(mentionsEscalationDecision('See the reference in the chronology')).toBe(false);
    expect(mentionsEscalationDecision('Home visit went well')).toBe(false);
  });
});

describe('4. judgements without reasons', () => {
  it.each([
    'I think Baby T is safe at home.',
    'My view is that mum can protect.',
    'In my judgement the care is good enough.',
    'In my judgment dad poses no threat.',
    'Assessed as low risk.',
    'Child A is not at risk.',
    'Does not meet threshold for section 47.',
    'Meets the threshold for early help.',
    'Decided to close the case.',
    'Concluded the bruise was accidental.',
    'We agreed that the plan is working.',
    'Baby is safe.',
    'NFA.',
    'No further action.',
    'Assessed as low risk as above.',
    'Since the last visit, decided to step down.',
    'Mum is safe as long as dad stays away.',
  ])('flags %j', (text) => {
    const flags = ofKind(answerFlags('issues-or-concerns', text, { escalations: [escalationOf('x', 'y')] }), 'judgementWithoutRationale');
    expect(flags).toEqual([
      {
        id: 'judgement:issues-or-concerns',
        kind: 'judgementWithoutRationale',
        sectionId: 'issues-or-concerns',
        where: 'Discussion of issues or concerns brought to supervision',
        excerpt: text,
        message: qualityMessages.judgementWithoutRationale,
      },
    ]);
  });

  it.each([
    'I think Baby T is safe because the GP found the bruise consistent with the fall described.',
    'Assessed as low risk due to dad having left the home.',
    'Assessed as low risk as dad has left the home.',
    'Decided to refer since mum disclosed that her partner hits her.',
    'Does not meet threshold based on the nursery’s and GP’s reports.',
    'In light of the GP’s report, we concluded the injury was accidental.',
    'Following the strategy discussion, NFA.',
    'Meets threshold, therefore referred to MASH.',
    'Home visit on 3 November; baby clean and fed.',
    'Not yet decided — awaiting the school report.',
    'Given the history of missed appointments, we agreed that a joint visit is needed.',
    'Evidence: nursery attendance now 95%. Mum is safe to care for the children.',
  ])('does not flag %j', (text) => {
    expect(ofKind(answerFlags('issues-or-concerns', text), 'judgementWithoutRationale')).toEqual([]);
  });

  it('reads wider judgement wording in the Analysis stage only', () => {
    const text = 'Likely to be neglectful care at weekends';
    const escalated = { escalations: [escalationOf('x', 'y')] };
    expect(ofKind(stageFlags('analysis', text, escalated), 'judgementWithoutRationale')).toMatchObject([
      { id: 'judgement:case-discussion:case-0001:analysis:notes', where: 'Case discussion and reflections — Baby T: Analysis' },
    ]);
    expect(ofKind(stageFlags('experience', text, escalated), 'judgementWithoutRationale')).toEqual([]);
    expect(ofKind(stageFlags('analysis', `${text}, because dad works away and mum drinks`, escalated), 'judgementWithoutRationale')).toEqual([]);
  });

  it('treats every entry in South Gloucestershire’s "Professional Judgment(s)" as a judgement', () => {
    const flagsFor = (text: string) =>
      ofKind(qualityFlags(southGlosSections, content({ answers: { 'professional-judgements': text } })), 'judgementWithoutRationale');
    expect(flagsFor('Mother able to meet the children’s needs')).toMatchObject([
      { id: 'judgement:professional-judgements', where: 'Professional Judgment(s)' },
    ]);
    expect(flagsFor('Mother able to meet the children’s needs: evidence from three unannounced visits')).toEqual([]);
    expect(flagsFor('None')).toEqual([]);
    expect(flagsFor('No judgements made this session')).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------

/** A Derby record with something to flag in most places. */
function poorDerby(): SessionContentV1 {
  return content({
    answers: {
      'issues-or-concerns': 'Case discussed',
      'professional-challenges': 'I think mum is coping.',
      'development-training': 'Ongoing',
      'any-other-business': 'None',
    },
    cases: [
      discussion({
        experience: { notes: 'Bruising to Baby T’s arm seen at the home visit on 18 November' },
        reflection: { notes: 'Noted' },
        analysis: { notes: 'Assessed as low risk.' },
        actionPlanning: { notes: 'Plan agreed' },
      }),
      discussion({ experience: { notes: 'Discussed' } }, { id: 'case-0002', label: 'Child B' }),
    ],
    actions: [action('Chronology', 'action-0001'), action('Book a joint visit with the social worker', 'action-0002'), action('MASH referral?', 'action-0003')],
  });
}

describe('ids, fixing and order', () => {
  it('flags a poor record in record order, with stable ids distinct across locations', () => {
    const flags = qualityFlags(derbySections, poorDerby());
    expect(flags.map((f) => f.id)).toEqual([
      'vague:issues-or-concerns',
      'judgement:professional-challenges',
      'vague:case-discussion:case-0001:reflection:notes',
      'judgement:case-discussion:case-0001:analysis:notes',
      'vague:case-discussion:case-0001:actionPlanning:notes',
      'vague:case-discussion:case-0002:experience:notes',
      'vague:development-training',
      'actionVerb:action-0001',
      'actionVerb:action-0003',
    ]);
    expect(new Set(flags.map((f) => f.id)).size).toBe(flags.length);
    // The same record checked again gives the same flags.
    expect(qualityFlags(derbySections, poorDerby())).toEqual(flags);
    // "MASH referral?" counts as a decision about escalation, so the bruising is not flagged.
    expect(ofKind(flags, 'riskWithoutEscalation')).toEqual([]);
  });

  it('raises the risk flag once the only escalation wording is gone, and keeps every other id', () => {
    const record = poorDerby();
    const before = qualityFlags(derbySections, record);
    const after = qualityFlags(derbySections, { ...record, actions: record.actions.filter((a) => a.id !== 'action-0003') });
    expect(after.map((f) => f.id)).toEqual([
      ...before.map((f) => f.id).filter((id) => id !== 'actionVerb:action-0003').slice(0, 2),
      'risk:case-discussion:case-0001',
      ...before.map((f) => f.id).filter((id) => id !== 'actionVerb:action-0003').slice(2),
    ]);
  });

  it('drops exactly the flag whose text is fixed, and keeps it while the text is unchanged', () => {
    const record = poorDerby();
    const before = qualityFlags(derbySections, record);
    const [first] = record.cases;
    if (!first) throw new Error('No case');
    const fixed: SessionContentV1 = {
      ...record,
      cases: [
        {
          ...first,
          stages: { ...first.stages, analysis: { notes: 'Assessed as low risk because the GP found the bruise consistent with the fall mum described' } },
        },
        ...record.cases.slice(1),
      ],
      actions: record.actions.map((a) => (a.id === 'action-0001' ? { ...a, what: 'Request a chronology from the school nurse' } : a)),
    };
    const after = qualityFlags(derbySections, fixed);
    expect(after.map((f) => f.id)).toEqual(
      before.map((f) => f.id).filter((id) => id !== 'judgement:case-discussion:case-0001:analysis:notes' && id !== 'actionVerb:action-0001'),
    );
    // An edit that still trips the check keeps the id (a dismissal stays attached to the place).
    const stillVague: SessionContentV1 = { ...record, answers: { ...record.answers, 'issues-or-concerns': 'Discussed.' } };
    expect(qualityFlags(derbySections, stillVague).find((f) => f.id === 'vague:issues-or-concerns')?.excerpt).toBe('Discussed.');
  });

  it('follows the template’s order, not the order the content was written in', () => {
    const record = content({
      answers: { 'any-other-business': 'No concerns', 'development-training': 'Discussed', 'issues-or-concerns': 'Noted' },
      cases: [
        discussion({ actionPlanning: { notes: 'As above' }, experience: { notes: 'Update given' } }, { id: 'case-0002', label: 'Child B' }),
        discussion({ analysis: { notes: 'See notes' } }),
      ],
      actions: [action('Chase', 'action-0009'), action('Letter', 'action-0001')],
    });
    expect(qualityFlags(derbySections, record).map((f) => f.where)).toEqual([
      'Discussion of issues or concerns brought to supervision',
      'Case discussion and reflections — Child B: Experience',
      'Case discussion and reflections — Child B: Action planning',
      'Case discussion and reflections — Baby T: Analysis',
      'Development / training needs and opportunities',
      'Plan and actions — action 1',
      'Plan and actions — action 2',
      'Any other business',
    ]);
  });

  it('checks only the sections given', () => {
    const record = content({ answers: { 'issues-or-concerns': 'Noted' } });
    expect(qualityFlags(derbySections.filter((s) => s.id !== 'issues-or-concerns'), record)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------

/** A realistic, well-written record for any template: it should raise no flag at all. */
function goodRecord(t: RecordTemplateV1, sessionType: string, sections: readonly SectionV1[]): SessionContentV1 {
  const answers: Record<string, string> = {};
  const fields: Record<string, Record<string, string>> = {};
  for (const section of sections) {
    if (section.collects.kind === 'freeText') {
      answers[section.id] = isJudgementSectionHeading(section)
        ? 'Baby T can stay at home with a safety plan, because the GP found the bruise consistent with the fall described and mum acted on advice.'
        : `Val described the week’s visits for “${section.heading}”; workload is high but manageable with the extra clinic cover agreed with her manager.`;
    }
    if (section.collects.kind === 'fields') {
      fields[section.id] = Object.fromEntries(section.collects.fields.map((f, i) => [f.id, i === 0 ? 'None' : 'Level 3 safeguarding update, 4 November']));
    }
  }
  const structure = t.caseStructure?.fields;
  const stageText = {
    experience: 'Home visit on 18 November: Baby T had a 2cm bruise on the upper arm; mum said he rolled against the cot bars.',
    reflection: 'Val felt uneasy because the explanation came quickly; she wondered whether she was being reassured too easily.',
    analysis: 'Bruising on a non-mobile baby is a red flag. The GP saw him the same day and found it consistent with the account; weight and care are good.',
    actionPlanning: 'Discussed with the named nurse: below threshold for a referral to children’s social care, given the GP’s findings. Review at the next visit.',
  };
  const stages = (): CaseDiscussionV1['stages'] => {
    const result: Record<keyof typeof stageText, Record<string, string>> = { experience: {}, reflection: {}, analysis: {}, actionPlanning: {} };
    // Fields placed in the 4x4x4 stages (a template's caseStructure, as Temple's 1.0.0 had), else each stage's own question.
    if (structure && structure.length > 0) for (const field of structure) result[field.stage as keyof typeof stageText][field.id] = stageText[field.stage as keyof typeof stageText];
    else for (const stage of ['experience', 'reflection', 'analysis', 'actionPlanning'] as const) result[stage].notes = stageText[stage];
    return result;
  };
  return $SessionContentV1.parse(
    content({
      templateId: t.id,
      templateVersion: t.version,
      sessionType,
      answers,
      fields,
      keyIssues: [{ id: 'issue-0001', text: 'Baby T: bruise on the arm of a non-mobile baby' }],
      previousActions: [
        { id: 'prev-0001', what: 'Request chronology', ownerLabel: 'Supervisee', dueDate: '2026-11-01', raisedOn: '2026-10-01', caseLabel: 'Baby T', timesCarriedForward: 0 },
      ],
      reviews: { 'prev-0001': { outcome: 'notDone', reason: 'School nurse on leave until 25 November; chased by email on 10 November.', newDueDate: '' } },
      cases: [
        { ...discussion({}), stages: stages(), chosenBy: 'supervisor' },
        { ...discussion({}, { id: 'case-0002', label: 'Child B' }), stages: stages(), chosenBy: 'supervisee' },
      ],
      actions: [action('Visit Baby T again within 7 days and check the bruise has faded', 'action-0001'), action('Supervisee to request the chronology from the school nurse', 'action-0002')],
    }),
  );
}

function isJudgementSectionHeading(section: SectionV1): boolean {
  return /judge?ment/i.test(section.heading);
}

const everySessionType = templates.flatMap((t) => t.sessionTypes.map((type) => ({ name: `${t.id} / ${type.id}`, template: t, sessionType: type.id })));

describe.each(everySessionType)('shipped template $name', ({ template: t, sessionType }) => {
  const sections = sectionsFor(t, sessionType);

  it('raises no flag on a well-written record', () => {
    expect(qualityFlags(sections, goodRecord(t, sessionType, sections))).toEqual([]);
  });

  it('flags a poorly written record in template order, every flag placed in a real section', () => {
    const good = goodRecord(t, sessionType, sections);
    const poor: SessionContentV1 = {
      ...good,
      answers: Object.fromEntries(Object.keys(good.answers).map((id) => [id, 'Discussed'])),
      cases: good.cases.map((c) => ({ ...c, stages: { ...c.stages, reflection: { ...c.stages.reflection, extra: 'As above' } } })),
      actions: [action('Chronology')],
    };
    const flags = qualityFlags(sections, poor);
    const sectionIds = sections.map((s) => s.id);
    for (const flag of flags) {
      expect(sectionIds).toContain(flag.sectionId);
      expect(flag.excerpt.length).toBeLessThanOrEqual(80);
      expect(flag.where.startsWith(sections.find((s) => s.id === flag.sectionId)?.heading ?? '?')).toBe(true);
    }
    const positions = flags.map((f) => sectionIds.indexOf(f.sectionId));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(ofKind(flags, 'vague')).toHaveLength(Object.keys(good.answers).length + good.cases.length);
    expect(ofKind(flags, 'actionVerb')).toHaveLength(1);
    expect(new Set(flags.map((f) => f.id)).size).toBe(flags.length);
  });
});
