/**
 * The shipped record templates: each reproduces its policy's own form, in the policy's order
 * and wording, and the schema refuses templates that would break the session rules.
 */
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { parseTemplates, templateProblems, templates } from '../../machines/templates/index.ts';
import { $RecordTemplateV1, sectionsFor, type SectionKind } from '../../machines/model/template.ts';
import { contentHashOf, signedContentOf } from '../../machines/model/seal.ts';
import { createSessionMachine } from '../../machines/session/session.machine.ts';
import derbyJson from '../../machines/templates/derby-derbyshire-appendix-3.template.json';
import { DERBY_HEADINGS, SOMERSET_HEADINGS, SOUTH_GLOUCESTERSHIRE_HEADINGS, TEMPLE_HEADINGS } from '../fixtures/policy-headings.ts';
import { derby, driveToSignatures, savedTemplate, sectionOf, sessionInput, signBoth, somerset, temple } from './fixtures.ts';

type RawSection = Record<string, unknown> & { id: string; collects: Record<string, unknown> };
type RawTemplate = Record<string, unknown> & { sections: RawSection[] };

/** A fresh, mutable copy of the Derby template as it is stored on disk. */
function rawDerby(): RawTemplate {
  return JSON.parse(JSON.stringify(derbyJson));
}

function problemsOf(data: unknown): string[] {
  const parsed = $RecordTemplateV1.safeParse(data);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
}

function moveSection(raw: RawTemplate, id: string, toIndex: number): RawTemplate {
  const from = raw.sections.findIndex((s) => s.id === id);
  const [section] = raw.sections.splice(from, 1);
  if (!section) throw new Error(`No section ${id}`);
  raw.sections.splice(toIndex, 0, section);
  return raw;
}

const policyForms: { id: string; headings: readonly string[]; kinds: SectionKind[]; addedByProduct: string[] }[] = [
  {
    id: 'derby-derbyshire-appendix-3',
    headings: DERBY_HEADINGS,
    kinds: ['previousActions', 'freeText', 'freeText', 'cases', 'freeText', 'actions', 'freeText', 'nextMeeting', 'signatures'],
    addedByProduct: [],
  },
  {
    id: 'temple-learning-academy-appendix-2',
    headings: TEMPLE_HEADINGS,
    kinds: ['fields', 'previousActions', 'cases', 'freeText', 'freeText', 'actions', 'nextMeeting', 'signatures'],
    addedByProduct: ['Next supervision'],
  },
  {
    id: 'south-gloucestershire-appendix-2',
    headings: SOUTH_GLOUCESTERSHIRE_HEADINGS,
    kinds: ['previousActions', 'cases', 'freeText', 'freeText', 'freeText', 'freeText', 'actions', 'nextMeeting', 'signatures'],
    addedByProduct: [],
  },
  {
    id: 'somerset-icb-appendix-1',
    headings: SOMERSET_HEADINGS,
    kinds: ['keyIssues', 'previousActions', 'cases', 'freeText', 'freeText', 'freeText', 'actions', 'nextMeeting', 'signatures'],
    addedByProduct: ['Agreed actions', 'Next session'],
  },
];

describe('shipped templates', () => {
  it('all parse: no template is reported as a problem', () => {
    expect(templateProblems).toEqual([]);
  });

  it('are exactly the four policy forms', () => {
    expect(templates.map((t) => t.id).sort()).toEqual(policyForms.map((f) => f.id).sort());
  });

  it.each(policyForms)('$id has the policy’s headings, in the policy’s order', ({ id, headings, kinds }) => {
    // Arrange
    const found = templates.find((t) => t.id === id);
    // Act
    const sections = found?.sections ?? [];
    // Assert
    expect(sections.map((s) => s.heading)).toEqual(headings);
    expect(sections.map((s) => s.collects.kind)).toEqual(kinds);
  });

  it.each(policyForms)('$id marks exactly the headings the product adds', ({ id, addedByProduct }) => {
    const found = templates.find((t) => t.id === id);
    expect(found?.sections.filter((s) => s.addedByProduct).map((s) => s.heading)).toEqual(addedByProduct);
  });

  it.each<[string, string[]]>([
    ['derby-derbyshire-appendix-3', ['Professional challenges / escalation/ risk']],
    ['somerset-icb-appendix-1', ['Facilitation of any escalation required regarding a specific safeguarding issue.']],
    // Neither form has a heading for escalation: the concerns are in the record's log of escalations only.
    ['temple-learning-academy-appendix-2', []],
    ['south-gloucestershire-appendix-2', []],
  ])('%s records escalations under its own escalation heading, and only there', (id, headings) => {
    const found = templates.find((t) => t.id === id);
    expect(found?.sections.filter((s) => s.recordsEscalations).map((s) => s.heading)).toEqual(headings);
  });

  it.each(templates.map((t) => [t.id, t] as const))('%s reviews previous actions before any case or new action', (_id, t) => {
    const kinds = t.sections.map((s) => s.collects.kind);
    const review = kinds.indexOf('previousActions');
    expect(review).toBeGreaterThanOrEqual(0);
    expect(review).toBeLessThan(kinds.indexOf('cases'));
    expect(review).toBeLessThan(kinds.indexOf('actions'));
    expect(kinds.at(-1)).toBe('signatures');
  });

  it('Derby has its three session types, labelled as the policy labels them', () => {
    expect(derby().sessionTypes).toEqual([
      { id: 'safeguarding-supervision', label: 'Safeguarding Supervision' },
      { id: 'children-in-care-supervision', label: 'Children in Care Supervision' },
      { id: 'one-to-one-catch-up', label: '1:1 catch up' },
    ]);
  });

  it('Temple discusses each case with the Appendix 3 fields, placed in the 4x4x4 stages (template 1.0.0, kept for sessions begun with it)', () => {
    expect(savedTemplate('temple-learning-academy-appendix-2', '1.0.0').caseStructure).toEqual({
      heading: 'Appendix 3',
      caseLabel: 'Name of Student:',
      fields: [
        { id: 'summary-of-events', stage: 'experience', label: 'Summary of events since the last supervision' },
        { id: 'actions-taken', stage: 'experience', label: 'Actions taken?' },
        { id: 'role-with-family', stage: 'reflection', label: 'What is the CP designate’s role/relationship with the family?' },
        { id: 'risks-issues', stage: 'analysis', label: 'Identified Risks/Issues?' },
        { id: 'protective-factors', stage: 'analysis', label: 'Safety/Protective factors put into place?' },
        { id: 'agreed-actions', stage: 'actionPlanning', label: 'Agreed Actions?' },
      ],
    });
  });

  it('Temple’s cases section wants one case chosen by each of the two people', () => {
    const cases = temple().sections.find((s) => s.collects.kind === 'cases');
    expect(cases?.collects).toEqual({ kind: 'cases', oneChosenByEach: true, minimum: 2 });
  });

  it('Somerset opens by agreeing key issues, then reviews previous actions', () => {
    expect(somerset().sections.slice(0, 2).map((s) => s.collects.kind)).toEqual(['keyIssues', 'previousActions']);
  });
});

describe('the template schema', () => {
  it('accepts the unaltered Derby file (the base every rejection below alters)', () => {
    expect(problemsOf(rawDerby())).toEqual([]);
  });

  it('rejects a section id used twice', () => {
    const raw = rawDerby();
    const [, second] = raw.sections;
    if (!second) throw new Error('Derby has sections');
    second.id = 'review-of-previous-supervision';
    expect(problemsOf(raw)).toContain('Section id "review-of-previous-supervision" is used twice');
  });

  it('rejects a section id the session machine uses for its own states ("signed")', () => {
    const raw = rawDerby();
    const last = raw.sections.at(-1);
    if (!last) throw new Error('Derby has sections');
    last.id = 'signed';
    expect(problemsOf(raw)).toEqual(['"signed" is reserved for the session\'s own states; choose another section id']);
  });

  it('rejects a template without a signatures section', () => {
    const raw = rawDerby();
    raw.sections = raw.sections.filter((s) => s.collects.kind !== 'signatures');
    expect(problemsOf(raw)).toEqual(expect.arrayContaining(['A template needs a "signatures" section', 'The signatures section comes last']));
  });

  it('rejects signatures anywhere but last', () => {
    const raw = moveSection(rawDerby(), 'signatures', 6);
    expect(problemsOf(raw)).toEqual(['The signatures section comes last']);
  });

  it('rejects reviewing previous actions after the cases', () => {
    const raw = moveSection(rawDerby(), 'review-of-previous-supervision', 4);
    expect(problemsOf(raw)).toEqual(['A template reviews previous actions before cases and new actions are discussed']);
  });

  it('rejects a template with no review of previous actions at all', () => {
    const raw = rawDerby();
    raw.sections = raw.sections.filter((s) => s.collects.kind !== 'previousActions');
    expect(problemsOf(raw)).toEqual(['A template reviews previous actions before cases and new actions are discussed']);
  });

  it('rejects a section restricted to a session type the template does not have', () => {
    const raw = rawDerby();
    const [, issues] = raw.sections;
    if (!issues) throw new Error('Derby has sections');
    issues.sessionTypes = ['safeguarding-supervision', 'weekly-huddle'];
    expect(problemsOf(raw)).toEqual(['Unknown session type "weekly-huddle"']);
  });

  it('rejects two sections of a kind that may appear once', () => {
    const raw = rawDerby();
    raw.sections.splice(6, 0, { ...raw.sections[5], id: 'more-actions' } as RawSection);
    expect(problemsOf(raw)).toEqual(['Only one "actions" section is allowed']);
  });

  it('rejects two sections recording the escalations, and the signatures recording them', () => {
    const raw = rawDerby();
    const aob = raw.sections.find((s) => s.id === 'any-other-business');
    if (!aob) throw new Error('Derby has any other business');
    aob.recordsEscalations = true;
    expect(problemsOf(raw)).toEqual(['Only one section records the escalations']);

    const signing = rawDerby();
    for (const section of signing.sections) delete section.recordsEscalations;
    const last = signing.sections.at(-1);
    if (!last) throw new Error('Derby has sections');
    last.recordsEscalations = true;
    expect(problemsOf(signing)).toEqual(['The signatures section cannot record the escalations']);
  });

  it('leaves a section without the flag as it was: no default is added (saved template copies parse unchanged)', () => {
    const raw = rawDerby();
    const parsed = $RecordTemplateV1.parse(raw);
    expect(parsed.sections.map((s) => 'recordsEscalations' in s)).toEqual(raw.sections.map((s) => 'recordsEscalations' in s));
  });

  it('rejects an empty object', () => {
    expect(problemsOf({}).length).toBeGreaterThan(0);
  });
});

describe('a new template is only data', () => {
  /** Written as it would be in a new *.template.json file: no code changes. */
  const exampleTrust = {
    schema: 'record-template/v1',
    id: 'example-community-trust',
    version: '1.0.0',
    title: 'Example Community Trust — Safeguarding supervision record',
    source: { organisation: 'Example Community Trust', policy: 'Safeguarding Supervision Policy', appendix: 'Appendix 4' },
    parties: {
      supervisor: { heading: 'Supervisor:', title: 'Supervisor' },
      supervisee: { heading: 'Practitioner:', title: 'Practitioner' },
    },
    childRecord: { system: 'the electronic patient record' },
    sessionTypes: [
      { id: 'one-to-one', label: 'One-to-one' },
      { id: 'group', label: 'Group' },
    ],
    sections: [
      {
        id: 'wellbeing',
        heading: 'Wellbeing check',
        collects: { kind: 'fields', fields: [{ id: 'workload', label: 'Workload:' }] },
        prompt: 'sections/wellbeing',
        functions: ['support'],
        sessionTypes: ['one-to-one'],
      },
      { id: 'actions-review', heading: 'Actions from last time', collects: { kind: 'previousActions' }, prompt: 'sections/review-previous-actions', functions: ['management'] },
      { id: 'themes', heading: 'Themes from the group', collects: { kind: 'freeText' }, prompt: 'sections/themes', functions: ['development'], sessionTypes: ['group'] },
      { id: 'cases', heading: 'Cases', collects: { kind: 'cases' }, prompt: 'sections/case-discussion', functions: ['management'] },
      { id: 'actions', heading: 'Actions', collects: { kind: 'actions' }, prompt: 'sections/plan-and-actions', functions: ['management'] },
      { id: 'next', heading: 'Next meeting', collects: { kind: 'nextMeeting' }, prompt: 'sections/next-meeting', functions: ['management'] },
      {
        id: 'sign-off',
        heading: 'Sign-off',
        collects: { kind: 'signatures', supervisor: 'Supervisor signature', supervisee: 'Practitioner signature' },
        prompt: 'sections/signatures',
        functions: ['management'],
      },
    ],
  };

  function parsedExample() {
    const [result] = parseTemplates({ 'example-community-trust.template.json': exampleTrust });
    if (!result?.ok) throw new Error(`The example did not parse: ${result?.message}`);
    return result.template;
  }

  it('parses through parseTemplates, with the schema’s defaults filled in', () => {
    const parsed = parsedExample();
    expect(parsed.id).toBe('example-community-trust');
    expect(parsed.dateHeading).toBe('Date');
    expect(parsed.sections.find((s) => s.id === 'cases')?.collects).toEqual({ kind: 'cases', oneChosenByEach: false, minimum: 1 });
  });

  it('is reported, never used, when it does not parse', () => {
    const broken = { ...exampleTrust, sections: exampleTrust.sections.slice(0, -1) };
    const results = parseTemplates({ 'z-broken.template.json': broken, 'a-good.template.json': exampleTrust });
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(results[1]).toMatchObject({ ok: false, file: 'z-broken.template.json' });
    expect(results[1]?.ok === false && results[1].message).toContain('A template needs a "signatures" section');
  });

  it.each([
    ['one-to-one', ['wellbeing', 'actions-review', 'cases', 'actions', 'next', 'sign-off']],
    ['group', ['actions-review', 'themes', 'cases', 'actions', 'next', 'sign-off']],
  ])('a %s session built from it follows its order to a sealed record', (sessionType, order) => {
    // Arrange
    const parsed = parsedExample();
    const actor = createActor(createSessionMachine(parsed, sessionType), { input: sessionInput({ sessionType }) }).start();
    // Act
    const visited = driveToSignatures(actor, parsed, sessionType);
    signBoth(actor);
    // Assert
    expect(sectionsFor(parsed, sessionType).map((s) => s.id)).toEqual(order);
    expect(visited).toEqual(order);
    const { context } = actor.getSnapshot();
    expect(sectionOf(actor.getSnapshot())).toBe('signed');
    expect(context.contentHash).toBe(contentHashOf(signedContentOf(context)));
  });
});
