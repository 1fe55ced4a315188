/**
 * Supervision agreements as data: each shipped agreement reproduces its policy's headings
 * and wording; the schema refuses agreements that would break the flow's rules; the flow
 * reaches a sealed agreement only through every section and both signatures; review dates
 * fall on real days.
 */
import { createActor, transition, type Actor, type SnapshotFrom } from 'xstate';
import { getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { agreementTemplateProblems, agreementTemplates, findAgreementTemplate, parseAgreementTemplates } from '../../machines/agreements/index.ts';
import {
  agreementOf,
  agreementSectionOf,
  createAgreementMachine,
  type AgreementContext,
  type AgreementEvent,
  type AgreementInput,
  type AgreementMachine,
} from '../../machines/agreements/agreement.machine.ts';
import {
  $AgreementTemplateV1,
  $AgreementV1,
  agreementContentHashOf,
  agreementGaps,
  agreementStatus,
  blankAgreement,
  fieldsOf,
  isAgreementSealIntact,
  placeholderValues,
  reviewDueOf,
  sectionGaps,
  withPlaceholders,
  type AgreementSectionKind,
  type AgreementSectionV1,
  type AgreementTemplateV1,
  type AgreementV1,
} from '../../machines/model/agreement.ts';
import type { SignatureRole, SignatureV1 } from '../../machines/model/record.ts';
import devonJson from '../../machines/agreements/devon-torbay-appendix-a.agreement.json';
import {
  DERBY_APPENDIX_1_HEADINGS,
  DERBY_APPENDIX_2_HEADINGS,
  DEVON_APPENDIX_A_HEADINGS,
  DEVON_CONTRIBUTION_GROUP,
  PRODUCT_HEADINGS,
  SOMERSET_CONTRACT_HEADINGS,
  SOUTH_GLOUCESTERSHIRE_APPENDIX_1_HEADINGS,
  SOUTH_GLOUCESTERSHIRE_ARRANGEMENTS,
  SOUTH_GLOUCESTERSHIRE_CHECKLIST,
  TEMPLE_CONTRACT_HEADINGS,
} from '../fixtures/agreement-headings.ts';

// ---------------------------------------------------------------------------------------
// Builders

type AgreementActor = Actor<AgreementMachine>;
type AgreementSnapshot = SnapshotFrom<AgreementMachine>;

function agreement(id: string): AgreementTemplateV1 {
  const found = findAgreementTemplate(id);
  if (!found) throw new Error(`No agreement ${id}`);
  return found;
}
const derby1 = () => agreement('derby-derbyshire-appendix-1');
const derby2 = () => agreement('derby-derbyshire-appendix-2');
const somerset = () => agreement('somerset-icb-contract');
const devon = () => agreement('devon-torbay-appendix-a');
const temple = () => agreement('temple-learning-academy-contract');
const southGlos = () => agreement('south-gloucestershire-appendix-1');

const input: AgreementInput = {
  agreementId: 'agreement-0001',
  parties: {
    supervisor: { name: 'Dee Designated', role: 'Designated Nurse' },
    supervisee: { personId: 'person-0001', name: 'Nat Named', role: 'Named Nurse' },
  },
};

const pixel = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
function signature(role: SignatureRole, signedAt = '2027-01-31T12:00:00.000Z'): SignatureV1 {
  return { role, fullName: role === 'supervisor' ? 'Dee Designated' : 'Nat Named', drawing: pixel, signedAt };
}
const sign = (role: SignatureRole, signedAt?: string): AgreementEvent => ({ type: 'signature.added', signature: signature(role, signedAt) });

function start(t: AgreementTemplateV1): AgreementActor {
  return createActor(createAgreementMachine(t), { input }).start();
}

const sectionOf = (actor: AgreementActor) => agreementSectionOf(actor.getSnapshot().value);
const contextOf = (actor: AgreementActor) => actor.getSnapshot().context;
const signaturesOf = (t: AgreementTemplateV1) => {
  const last = t.sections.at(-1);
  if (last?.kind !== 'signatures') throw new Error(`${t.id} does not end with signatures`);
  return last;
};

/** Fill every field (required or not) and tick every item of one section. */
function satisfy(actor: AgreementActor, section: AgreementSectionV1): void {
  for (const field of fieldsOf(section)) {
    actor.send({ type: 'field.changed', sectionId: section.id, fieldId: field.id, text: `${field.label} — agreed` });
  }
  if (section.kind === 'checklist') {
    for (const item of section.items) actor.send({ type: 'checklistItem.ticked', sectionId: section.id, itemId: item.id, ticked: true });
  }
}

/** Walk forward through every section, satisfying each; returns the sections visited, in order. */
function driveToSignatures(actor: AgreementActor, t: AgreementTemplateV1): string[] {
  const visited: string[] = [];
  for (const section of t.sections) {
    visited.push(sectionOf(actor));
    if (section.kind === 'signatures') break;
    satisfy(actor, section);
    actor.send({ type: 'step.next' });
  }
  return visited;
}

function sealed(t: AgreementTemplateV1, signedAt?: string): AgreementActor {
  const actor = start(t);
  driveToSignatures(actor, t);
  actor.send({ type: 'agreement.readThrough' });
  actor.send(sign('supervisor', signedAt));
  actor.send(sign('supervisee', signedAt));
  return actor;
}

function readyToSign(t: AgreementTemplateV1): AgreementActor {
  const actor = start(t);
  driveToSignatures(actor, t);
  actor.send({ type: 'agreement.readThrough' });
  return actor;
}

// ---------------------------------------------------------------------------------------
// The shipped agreements

const policyAgreements: { id: string; headings: readonly string[]; kinds: AgreementSectionKind[] }[] = [
  { id: 'derby-derbyshire-appendix-1', headings: DERBY_APPENDIX_1_HEADINGS, kinds: ['policyText', 'policyText', 'signatures'] },
  { id: 'derby-derbyshire-appendix-2', headings: DERBY_APPENDIX_2_HEADINGS, kinds: ['policyText', 'fields', 'policyText', 'signatures'] },
  {
    id: 'somerset-icb-contract',
    headings: SOMERSET_CONTRACT_HEADINGS,
    kinds: ['policyText', 'fields', 'policyText', 'policyText', 'policyText', 'policyText', 'signatures'],
  },
  {
    id: 'devon-torbay-appendix-a',
    headings: DEVON_APPENDIX_A_HEADINGS,
    kinds: ['fields', 'fields', 'policyText', 'fields', 'fields', 'fields', 'fields', 'fields', 'policyText', 'policyText', 'signatures'],
  },
  {
    id: 'temple-learning-academy-contract',
    headings: TEMPLE_CONTRACT_HEADINGS,
    kinds: ['policyText', 'policyText', 'policyText', 'policyText', 'policyText', 'policyText', 'policyText', 'signatures'],
  },
  { id: 'south-gloucestershire-appendix-1', headings: SOUTH_GLOUCESTERSHIRE_APPENDIX_1_HEADINGS, kinds: ['checklist', 'signatures'] },
];

describe('shipped agreements', () => {
  it('all parse: no agreement is reported as a problem', () => {
    expect(agreementTemplateProblems).toEqual([]);
  });

  it('are exactly the six policy agreements (Derby has two)', () => {
    expect(agreementTemplates.map((t) => t.id).sort()).toEqual(policyAgreements.map((a) => a.id).sort());
  });

  it.each(policyAgreements)('$id has the policy’s headings, literally, in the policy’s order', ({ id, headings, kinds }) => {
    // Arrange
    const t = agreement(id);
    // Act
    const sections = t.sections;
    // Assert
    expect(sections.map((s) => s.heading)).toEqual(headings);
    expect(sections.map((s) => s.kind)).toEqual(kinds);
  });

  it.each(policyAgreements)('$id marks exactly the headings the product adds, each saying why', ({ id }) => {
    const added = agreement(id).sections.filter((s) => s.addedByProduct);
    expect(added.map((s) => s.heading)).toEqual(PRODUCT_HEADINGS[id]);
    for (const section of added) expect(section.productNote?.length).toBeGreaterThan(20);
  });

  it.each(agreementTemplates.map((t) => [t.id, t] as const))('%s is reviewed annually and signs last', (_id, t) => {
    expect(t.reviewMonths).toBe(12);
    expect(t.sections.at(-1)?.kind).toBe('signatures');
  });

  it('each policy’s frequency, in its words, where it states one', () => {
    expect(Object.fromEntries(agreementTemplates.map((t) => [t.id, t.frequency ?? null]))).toEqual({
      'derby-derbyshire-appendix-1': { text: '3 monthly', rule: { kind: 'everyMonths', months: 3 } },
      'derby-derbyshire-appendix-2': { text: 'minimum every 6 months', rule: { kind: 'everyMonths', months: 6 } },
      'somerset-icb-contract': { text: 'Quarterly', rule: { kind: 'everyMonths', months: 3 } },
      'devon-torbay-appendix-a': null,
      'temple-learning-academy-contract': { text: 'a minimum interval of once every half term', rule: { kind: 'halfTermly' } },
      'south-gloucestershire-appendix-1': { text: 'six times in any 12 month period', rule: { kind: 'timesPerYear', times: 6 } },
    });
  });

  it('each names its two people as its policy does', () => {
    expect(Object.fromEntries(agreementTemplates.map((t) => [t.id, [t.parties.supervisor.heading, t.parties.supervisee.heading]]))).toEqual({
      'derby-derbyshire-appendix-1': ['Designated Professional', 'Named Professional'],
      'derby-derbyshire-appendix-2': ['Designated Nurse for Children in Care', 'Named Nurse for Children in Care'],
      'somerset-icb-contract': ['SUPERVISOR:', 'SUPERVISEE:'],
      'devon-torbay-appendix-a': ['Between: Supervisor', 'And Supervisee'],
      'temple-learning-academy-contract': ['Supervisor', 'Supervisee'],
      'south-gloucestershire-appendix-1': ['Supervisor', 'Supervisee'],
    });
  });

  it('Devon has the three headings the issue quotes, under its “Making supervision work” heading', () => {
    const headings = devon().sections.map((s) => s.heading);
    for (const quoted of ['what I want from you as my supervisor', 'what I will contribute', 'what we will do if there are difficulties working together']) {
      expect(headings.some((h) => h.toLowerCase().startsWith(quoted.toLowerCase()))).toBe(true);
    }
    const grouped = devon().sections.filter((s) => s.group === DEVON_CONTRIBUTION_GROUP);
    expect(grouped.map((s) => s.heading)).toEqual(DEVON_APPENDIX_A_HEADINGS.slice(3, 8));
    expect(grouped.flatMap((s) => fieldsOf(s).map((f) => f.writtenBy))).toEqual(['supervisee', 'supervisee', 'supervisor', 'supervisor', 'both']);
  });

  it('Devon leaves frequency, length and location to be filled, with its own labels', () => {
    const arrangements = devon().sections.find((s) => s.id === 'arrangements');
    expect(arrangements && fieldsOf(arrangements).map((f) => [f.label, f.prefilled ?? null, f.required])).toEqual([
      ['Frequency:', null, true],
      ['Length:', null, true],
      ['Location:', null, true],
    ]);
  });

  it('Devon’s [organisation] and [Safeguarding Supervision Policy] are filled in where the policy uses them', () => {
    const t = devon();
    const values = placeholderValues(t, { organisation: { organisation: 'Torbay Council', 'supervision-policy': 'Child Protection Supervision Policy' } });
    const process = t.sections.find((s) => s.id === 'process');
    const intro = t.sections[0];
    expect(withPlaceholders(process?.heading ?? '', values)).toBe('Process to be followed as per Child Protection Supervision Policy');
    expect(intro?.kind === 'fields' && intro.text[0]?.kind === 'paragraph' && withPlaceholders(intro.text[0].text, values)).toBe(
      'Torbay Council expects all staff working directly with children and their families to access supervision in line with the Torbay Council safeguarding children supervision policy.',
    );
  });

  it('South Gloucestershire has exactly its ten checklist items, in the policy’s words', () => {
    const checklist = southGlos().sections[0];
    if (checklist?.kind !== 'checklist') throw new Error('South Gloucestershire opens with its checklist');
    expect(checklist.items).toHaveLength(10);
    expect(checklist.items.map((i) => i.text)).toEqual(SOUTH_GLOUCESTERSHIRE_CHECKLIST);
    expect(checklist.items[1]?.fields.map((f) => f.label)).toEqual(SOUTH_GLOUCESTERSHIRE_ARRANGEMENTS);
    expect(checklist.items[1]?.fields.every((f) => f.required && !f.addedByProduct)).toBe(true);
    // Fields the product adds to an item are optional, never a new gate.
    const productFields = checklist.items.flatMap((i) => i.fields).filter((f) => f.addedByProduct);
    expect(productFields.length).toBeGreaterThan(0);
    expect(productFields.every((f) => !f.required)).toBe(true);
  });

  it('Somerset’s arrangements come filled in as the contract fills them', () => {
    const arrangements = somerset().sections.find((s) => s.id === 'arrangements');
    expect(arrangements && fieldsOf(arrangements).map((f) => [f.label, f.prefilled])).toEqual([
      ['Frequency:', 'Quarterly'],
      ['Length:', 'Minimum 1 hour'],
      ['Location:', 'Wynford House'],
    ]);
  });

  it('Somerset’s shared commitment keeps the policy’s three lists under their own lines', () => {
    const commitment = somerset().sections.find((s) => s.id === 'shared-commitment');
    expect(commitment?.kind === 'policyText' && commitment.text.filter((b) => b.kind === 'subheading').map((b) => b.kind === 'subheading' && b.text)).toEqual([
      'The Supervisor and Supervisee will commit to:',
      'The Supervisor will commit to:',
      'The Supervisee will commit to:',
    ]);
  });

  it('Derby Appendix 1 keeps all twelve contractual points, and its words around the signatures', () => {
    const points = derby1().sections[1];
    expect(points?.kind === 'policyText' && points.text[0]?.kind === 'points' && points.text[0].items.length).toBe(12);
    const signing = signaturesOf(derby1());
    expect([signing.supervisor, signing.supervisee]).toEqual([
      { heading: 'Designated Professional', lines: ['Name:', 'Signature:', 'Date:'] },
      { heading: 'Named Professional', lines: ['Name:', 'Signature:', 'Date:'] },
    ]);
    expect(signing.closing).toEqual([{ kind: 'paragraph', text: 'A copy of this signed contract will be kept by both parties.' }]);
  });

  it('Temple’s signatures carry its review line and its label for the review date', () => {
    const signing = signaturesOf(temple());
    expect(signing.closing).toEqual([{ kind: 'paragraph', text: 'This contract should be reviewed on an annual basis.' }]);
    expect(signing.reviewDateLabel).toBe('Date of review of contract:');
    expect(temple().sections.slice(0, 3).map((s) => s.group)).toEqual(['Purpose of Supervision', 'Purpose of Supervision', 'Purpose of Supervision']);
  });
});

// ---------------------------------------------------------------------------------------
// The schema

type RawSection = Record<string, unknown> & { id: string; kind: string };
type RawTemplate = Record<string, unknown> & { sections: RawSection[] };

/** A fresh, mutable copy of Devon's agreement as stored on disk (it has every kind but checklist, and placeholders). */
function rawDevon(): RawTemplate {
  return JSON.parse(JSON.stringify(devonJson));
}

function problemsOf(data: unknown): string[] {
  const parsed = $AgreementTemplateV1.safeParse(data);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
}

function moveSection(raw: RawTemplate, id: string, toIndex: number): RawTemplate {
  const from = raw.sections.findIndex((s) => s.id === id);
  const [section] = raw.sections.splice(from, 1);
  if (!section) throw new Error(`No section ${id}`);
  raw.sections.splice(toIndex, 0, section);
  return raw;
}

describe('the agreement template schema', () => {
  it('accepts the unaltered Devon file (the base every rejection below alters)', () => {
    expect(problemsOf(rawDevon())).toEqual([]);
  });

  it('rejects an empty object', () => {
    expect(problemsOf({}).length).toBeGreaterThan(0);
  });

  it('rejects an agreement with no sections', () => {
    expect(problemsOf({ ...rawDevon(), sections: [] }).length).toBeGreaterThan(0);
  });

  it('rejects signatures anywhere but last', () => {
    expect(problemsOf(moveSection(rawDevon(), 'signatures', 3))).toEqual(['The signatures section comes last']);
  });

  it('rejects an agreement without signatures', () => {
    const raw = rawDevon();
    raw.sections = raw.sections.filter((s) => s.kind !== 'signatures');
    expect(problemsOf(raw)).toEqual(['An agreement needs a "signatures" section', 'The signatures section comes last']);
  });

  it('rejects two signatures sections', () => {
    const raw = rawDevon();
    const last = raw.sections.at(-1);
    raw.sections.push({ ...last, id: 'signatures-again' } as RawSection);
    expect(problemsOf(raw)).toEqual(['Only one "signatures" section is allowed']);
  });

  it('rejects a placeholder used before the field that fills it', () => {
    const raw = moveSection(rawDevon(), 'organisation', 3);
    expect(problemsOf(raw)).toEqual([
      '“Process to be followed as per [Safeguarding Supervision Policy]” uses [Safeguarding Supervision Policy] before the field that fills it',
    ]);
  });

  it('rejects a field filling a placeholder no wording uses', () => {
    const raw = rawDevon();
    const organisation = raw.sections[0] as RawSection & { fields: Record<string, unknown>[] };
    organisation.fields.push({ id: 'trust', label: 'Trust', fills: '[trust]', addedByProduct: true });
    expect(problemsOf(raw)).toEqual(['No policy wording contains the placeholder [trust] that a field fills']);
  });

  it('rejects a section id used twice, and an id the machine keeps for itself', () => {
    const raw = rawDevon();
    const [, second, third] = raw.sections;
    if (!second || !third) throw new Error('Devon has sections');
    second.id = 'organisation';
    third.id = 'sealed';
    expect(problemsOf(raw)).toEqual([
      'Section id "organisation" is used twice',
      '"sealed" is reserved for the agreement\'s own states; choose another section id',
    ]);
  });

  it('rejects a field id used twice in one section', () => {
    const raw = rawDevon();
    const arrangements = raw.sections[1] as RawSection & { fields: Record<string, unknown>[] };
    arrangements.fields.push({ id: 'frequency', label: 'Frequency again:' });
    expect(problemsOf(raw)).toEqual(['Field or item id "frequency" is used twice in section "arrangements"']);
  });

  it('rejects a heading the product adds without saying why', () => {
    const raw = rawDevon();
    const last = raw.sections.at(-1);
    if (!last) throw new Error('Devon has sections');
    delete last['productNote'];
    expect(problemsOf(raw)).toEqual(['"Signatures" is added by the product: say why in productNote']);
  });

  it.each([
    ['dotted leaders', 'Frequency: ……………'],
    ['a tab', 'Frequency:\tWeekly'],
    ['a doubled space', 'Making supervision work:  agreement of contribution:'],
    ['a trailing space', 'Frequency: '],
  ])('rejects policy wording with page artefacts: %s', (_name, label) => {
    const raw = rawDevon();
    const arrangements = raw.sections[1] as RawSection & { fields: Record<string, unknown>[] };
    const [frequency] = arrangements.fields;
    if (!frequency) throw new Error('Devon has a frequency field');
    frequency['label'] = label;
    expect(problemsOf(raw)).toEqual([expect.stringContaining('cleaned of page artefacts')]);
  });

  it('rejects a section kind it does not know', () => {
    const raw = rawDevon();
    const [first] = raw.sections;
    if (!first) throw new Error('Devon has sections');
    first.kind = 'essay';
    expect(problemsOf(raw).length).toBeGreaterThan(0);
  });

  it('fills in its defaults: fields required, review after 12 months', () => {
    const raw = rawDevon();
    delete raw['reviewMonths'];
    const parsed = $AgreementTemplateV1.parse(raw);
    expect(parsed.reviewMonths).toBe(12);
    expect(parsed.sections[1] && fieldsOf(parsed.sections[1]).every((f) => f.required && !f.multiline)).toBe(true);
  });

  it('a broken agreement file is reported, never used', () => {
    const broken = moveSection(rawDevon(), 'signatures', 0);
    const results = parseAgreementTemplates({ 'z-broken.agreement.json': broken, 'a-good.agreement.json': rawDevon() });
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(results[1]).toMatchObject({ ok: false, file: 'z-broken.agreement.json' });
    expect(results[1]?.ok === false && results[1].message).toContain('The signatures section comes last');
  });
});

// ---------------------------------------------------------------------------------------
// Review dates and status

describe('reviewDueOf', () => {
  it.each([
    ['2026-11-22', 12, '2027-11-22'],
    ['2028-02-29', 12, '2029-02-28'],
    ['2027-01-31', 1, '2027-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-08-31', 1, '2026-09-30'],
    ['2027-03-31', 11, '2028-02-29'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2027-02-28', 12, '2028-02-28'],
    ['2026-05-31', 0, '2026-05-31'],
    ['2026-01-31', 36, '2029-01-31'],
  ])('%s + %i months → %s', (agreedOn, months, expected) => {
    expect(reviewDueOf(agreedOn, months)).toBe(expected);
  });

  it.each([['2027-02-29'], ['2026-13-01'], ['22/11/2026'], ['']])('refuses "%s", which is not a calendar date', (date) => {
    expect(() => reviewDueOf(date, 12)).toThrow(RangeError);
  });

  it('refuses a part or negative number of months', () => {
    expect(() => reviewDueOf('2026-11-22', 1.5)).toThrow(RangeError);
    expect(() => reviewDueOf('2026-11-22', -1)).toThrow(RangeError);
  });
});

describe('agreementStatus', () => {
  const inForce = { contentHash: 'a'.repeat(64), reviewDue: '2027-11-22' };

  it('is a draft until sealed, whatever the day', () => {
    expect(agreementStatus({ contentHash: null, reviewDue: null }, '2026-01-01')).toBe('draft');
    expect(agreementStatus({ contentHash: null, reviewDue: null }, '2099-01-01')).toBe('draft');
  });

  it.each([
    ['2026-11-22', 'inForce'], // the day it was agreed
    ['2027-10-22', 'inForce'], // 31 days before the review
    ['2027-10-23', 'reviewDue'], // 30 days before
    ['2027-11-21', 'reviewDue'],
    ['2027-11-22', 'reviewDue'], // the review day itself
    ['2027-11-23', 'overdue'], // the day after
    ['2030-01-01', 'overdue'],
  ] as const)('on %s it is %s', (today, status) => {
    expect(agreementStatus(inForce, today)).toBe(status);
  });

  it('counts the days of a leap February', () => {
    const dueInMarch = { contentHash: 'a'.repeat(64), reviewDue: '2028-03-01' };
    expect(agreementStatus(dueInMarch, '2028-01-31')).toBe('reviewDue'); // 30 days, with 29 February
    expect(agreementStatus(dueInMarch, '2028-01-30')).toBe('inForce');
  });
});

// ---------------------------------------------------------------------------------------
// The guided flow

describe.each(agreementTemplates.map((t) => ({ id: t.id, t })))('the flow for $id', ({ t }) => {
  const order = t.sections.map((s) => s.id);

  it('starts at the first section', () => {
    expect(sectionOf(start(t))).toBe(order[0]);
  });

  it('visits every section in the policy’s order, arriving at signatures to read it through', () => {
    // Arrange
    const actor = start(t);
    // Act
    const visited = driveToSignatures(actor, t);
    // Assert
    expect(visited).toEqual(order);
    expect(actor.getSnapshot().value).toEqual({ drafting: { [order.at(-1) ?? '']: 'reading' } });
    expect(contextOf(actor).furthestSection).toBe(order.length - 1);
  });

  it('goes back from every section to the one before', () => {
    const actor = start(t);
    driveToSignatures(actor, t);
    for (let index = order.length - 1; index > 0; index--) {
      expect(sectionOf(actor)).toBe(order[index]);
      actor.send({ type: 'step.back' });
    }
    expect(sectionOf(actor)).toBe(order[0]);
  });

  it('is sealed by the second signature, dated that day, reviewed a year on, with a hash of what was signed', () => {
    // Arrange, Act
    const actor = sealed(t, '2027-01-31T12:00:00.000Z');
    // Assert
    const snapshot = actor.getSnapshot();
    expect(snapshot.value).toBe('sealed');
    expect(snapshot.status).toBe('done');
    const { context } = snapshot;
    expect(context.signatures).toEqual({ supervisor: signature('supervisor'), supervisee: signature('supervisee') });
    expect([context.agreedOn, context.reviewDue]).toEqual(['2027-01-31', '2028-01-31']);
    expect(context.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(context.contentHash).toBe(agreementContentHashOf(agreementOf(context)));
    expect(snapshot.output).toEqual(agreementOf(context));
    expect($AgreementV1.safeParse(snapshot.output).success).toBe(true);
    expect(isAgreementSealIntact(agreementOf(context))).toBe(true);
  });
});

describe('the flow’s gates, each naming what is missing', () => {
  it('a checklist section is not left until every item is ticked, each missing item named', () => {
    // Arrange
    const actor = start(southGlos());
    // Act
    actor.send({ type: 'step.next' });
    // Assert
    expect(sectionOf(actor)).toBe('checklist');
    expect(contextOf(actor).refusal).toEqual([
      ...SOUTH_GLOUCESTERSHIRE_CHECKLIST.slice(0, 2).map((item) => `Not yet ticked as discussed and agreed: “${item}”`),
      ...SOUTH_GLOUCESTERSHIRE_ARRANGEMENTS.map((label) => `Fill in “${label}” under “Arrangements:”`),
      ...SOUTH_GLOUCESTERSHIRE_CHECKLIST.slice(2).map((item) => `Not yet ticked as discussed and agreed: “${item}”`),
    ]);
  });

  it('ticking all but one item still refuses, naming only that one', () => {
    const t = southGlos();
    const checklist = t.sections[0];
    if (checklist?.kind !== 'checklist') throw new Error('South Gloucestershire opens with its checklist');
    const actor = start(t);
    satisfy(actor, checklist);
    actor.send({ type: 'checklistItem.ticked', sectionId: 'checklist', itemId: 'disagreements', ticked: false });
    actor.send({ type: 'step.next' });
    expect(sectionOf(actor)).toBe('checklist');
    expect(contextOf(actor).refusal).toEqual([
      'Not yet ticked as discussed and agreed: “Disagreements and mediation arrangements (e.g. where there is a disagreement consider third party mediation)”',
    ]);

    actor.send({ type: 'checklistItem.ticked', sectionId: 'checklist', itemId: 'disagreements', ticked: true });
    expect(contextOf(actor).refusal).toEqual([]);
    actor.send({ type: 'step.next' });
    expect(sectionOf(actor)).toBe('signatures');
  });

  it('ticking every item is not enough while “Arrangements:” is not written down', () => {
    const actor = start(southGlos());
    for (const item of ['parties', 'arrangements', 'function', 'key-areas', 'confidentiality', 'unscheduled-supervision', 'line-management', 'disagreements', 'recording-and-signing', 'performance-management']) {
      actor.send({ type: 'checklistItem.ticked', sectionId: 'checklist', itemId: item, ticked: true });
    }
    actor.send({ type: 'field.changed', sectionId: 'checklist', fieldId: 'frequency', text: 'Six-weekly' });
    actor.send({ type: 'field.changed', sectionId: 'checklist', fieldId: 'venue', text: '   ' });
    actor.send({ type: 'step.next' });
    expect(contextOf(actor).refusal).toEqual(['Fill in “Duration:” under “Arrangements:”', 'Fill in “Venue” under “Arrangements:”', 'Fill in “Type” under “Arrangements:”']);
  });

  it('a fields section is not left with a required field empty (Devon’s arrangements)', () => {
    const actor = start(devon());
    satisfy(actor, devon().sections[0] as AgreementSectionV1);
    actor.send({ type: 'step.next' });
    expect(sectionOf(actor)).toBe('arrangements');
    actor.send({ type: 'field.changed', sectionId: 'arrangements', fieldId: 'length', text: '90 minutes' });
    actor.send({ type: 'step.next' });
    expect(sectionOf(actor)).toBe('arrangements');
    expect(contextOf(actor).refusal).toEqual(['Fill in “Frequency:”', 'Fill in “Location:”']);
  });

  it('Somerset’s arrangements pass as filled in by the contract, and not once one is cleared', () => {
    const actor = start(somerset());
    actor.send({ type: 'step.next' });
    expect(contextOf(actor).answers['arrangements']).toEqual({ frequency: 'Quarterly', length: 'Minimum 1 hour', location: 'Wynford House' });
    actor.send({ type: 'field.changed', sectionId: 'arrangements', fieldId: 'location', text: '' });
    actor.send({ type: 'step.next' });
    expect(sectionOf(actor)).toBe('arrangements');
    expect(contextOf(actor).refusal).toEqual(['Fill in “Location:”']);
  });

  it('policy text is read, not filled: the flow moves on from it at once', () => {
    const actor = start(derby1());
    actor.send({ type: 'step.next' });
    actor.send({ type: 'step.next' });
    expect(sectionOf(actor)).toBe('signatures');
  });

  it('jumps back only to sections already reached', () => {
    const actor = start(devon());
    actor.send({ type: 'step.goto', sectionId: 'difficulties' });
    expect(sectionOf(actor)).toBe('organisation');
    satisfy(actor, devon().sections[0] as AgreementSectionV1);
    actor.send({ type: 'step.next' });
    actor.send({ type: 'step.back' });
    actor.send({ type: 'step.goto', sectionId: 'arrangements' });
    expect(sectionOf(actor)).toBe('arrangements');
  });

  it('ignores an answer for a field or item the agreement does not have', () => {
    const actor = start(southGlos());
    const before = contextOf(actor);
    actor.send({ type: 'field.changed', sectionId: 'checklist', fieldId: 'salary', text: 'x' });
    actor.send({ type: 'field.changed', sectionId: 'signatures', fieldId: 'frequency', text: 'x' });
    actor.send({ type: 'checklistItem.ticked', sectionId: 'checklist', itemId: 'holidays', ticked: true });
    actor.send({ type: 'checklistItem.ticked', sectionId: 'signatures', itemId: 'parties', ticked: true });
    expect(contextOf(actor)).toEqual(before);
  });
});

describe('signing', () => {
  it('is not offered before the agreement is read through', () => {
    const actor = start(derby1());
    driveToSignatures(actor, derby1());
    actor.send(sign('supervisor'));
    expect(contextOf(actor).signatures.supervisor).toBeNull();
  });

  it('one signature does not seal; the second does, in the same step', () => {
    const actor = readyToSign(temple());
    actor.send(sign('supervisee'));
    expect(actor.getSnapshot().value).toEqual({ drafting: { signatures: 'signing' } });
    expect(contextOf(actor).contentHash).toBeNull();
    actor.send(sign('supervisor'));
    expect(actor.getSnapshot().value).toBe('sealed');
  });

  it('the same person signing twice does not seal it', () => {
    const actor = readyToSign(derby2());
    actor.send(sign('supervisor'));
    actor.send(sign('supervisor', '2027-02-01T09:00:00.000Z'));
    expect(sectionOf(actor)).toBe('signatures');
    expect(contextOf(actor).signatures).toEqual({ supervisor: signature('supervisor', '2027-02-01T09:00:00.000Z'), supervisee: null });
  });

  it('refuses a signature without a drawing or a full name, saying which', () => {
    const actor = readyToSign(derby2());
    actor.send({ type: 'signature.added', signature: { ...signature('supervisor'), fullName: 'D', drawing: '' } });
    expect(contextOf(actor).signatures.supervisor).toBeNull();
    expect(contextOf(actor).refusal).toEqual(['Type your full name', 'Draw your signature']);
  });

  it('a signature can be withdrawn before the other is given', () => {
    const actor = readyToSign(derby2());
    actor.send(sign('supervisor'));
    actor.send({ type: 'signature.removed', role: 'supervisor' });
    expect(contextOf(actor).signatures).toEqual({ supervisor: null, supervisee: null });
  });

  it('an edit after the first signature clears it and asks for a new read-through', () => {
    // Arrange
    const actor = readyToSign(devon());
    actor.send(sign('supervisor'));
    // Act
    actor.send({ type: 'field.changed', sectionId: 'difficulties', fieldId: 'answer', text: 'Ask the named nurse to mediate' });
    // Assert
    expect(contextOf(actor).signatures).toEqual({ supervisor: null, supervisee: null });
    expect(actor.getSnapshot().value).toEqual({ drafting: { signatures: 'reading' } });
    actor.send(sign('supervisee'));
    expect(contextOf(actor).signatures.supervisee).toBeNull();
  });

  it('unticking an item after the first signature clears it, and nothing can be signed until it is ticked again', () => {
    const actor = readyToSign(southGlos());
    actor.send(sign('supervisee'));
    actor.send({ type: 'checklistItem.ticked', sectionId: 'checklist', itemId: 'function', ticked: false });
    expect(contextOf(actor).signatures.supervisee).toBeNull();
    actor.send({ type: 'agreement.readThrough' });
    expect(actor.getSnapshot().value).toEqual({ drafting: { signatures: 'reading' } });
    expect(contextOf(actor).refusal).toEqual(['Not yet ticked as discussed and agreed: “Function”']);

    actor.send({ type: 'checklistItem.ticked', sectionId: 'checklist', itemId: 'function', ticked: true });
    actor.send({ type: 'agreement.readThrough' });
    actor.send(sign('supervisee'));
    actor.send(sign('supervisor'));
    expect(actor.getSnapshot().value).toBe('sealed');
  });

  it('going back from the signatures, or jumping back, clears a signature already given', () => {
    const back = readyToSign(somerset());
    back.send(sign('supervisor'));
    back.send({ type: 'step.back' });
    expect(contextOf(back).signatures.supervisor).toBeNull();

    const jump = readyToSign(somerset());
    jump.send(sign('supervisor'));
    jump.send({ type: 'step.goto', sectionId: 'aims' });
    expect(sectionOf(jump)).toBe('aims');
    expect(contextOf(jump).signatures.supervisor).toBeNull();
  });

  it('is dated by the UK calendar day of the second signature', () => {
    // 23:30 on 31 March 2027 in UTC is 00:30 on 1 April in British Summer Time.
    const actor = readyToSign(derby1());
    actor.send(sign('supervisor', '2027-03-30T10:00:00.000Z'));
    actor.send(sign('supervisee', '2027-03-31T23:30:00.000Z'));
    expect([contextOf(actor).agreedOn, contextOf(actor).reviewDue]).toEqual(['2027-04-01', '2028-04-01']);
  });

  it('agreed on 29 February, it is reviewed on 28 February the next year', () => {
    const actor = sealed(derby1(), '2028-02-29T10:00:00.000Z');
    expect([contextOf(actor).agreedOn, contextOf(actor).reviewDue]).toEqual(['2028-02-29', '2029-02-28']);
  });

  it('nothing changes a sealed agreement: the actor is done, and even a pure transition leaves it as it was', () => {
    const snapshot = sealed(southGlos()).getSnapshot();
    expect(snapshot.status).toBe('done');
    const machine = createAgreementMachine(southGlos());
    const attempts: AgreementEvent[] = [
      { type: 'field.changed', sectionId: 'checklist', fieldId: 'frequency', text: 'Never' },
      { type: 'checklistItem.ticked', sectionId: 'checklist', itemId: 'function', ticked: false },
      { type: 'signature.removed', role: 'supervisor' },
      { type: 'step.goto', sectionId: 'checklist' },
      { type: 'step.back' },
      sign('supervisor', '2030-01-01T10:00:00.000Z'),
    ];
    for (const event of attempts) {
      const [after] = transition(machine, snapshot, event);
      expect(after.value).toBe('sealed');
      expect(after.context).toEqual(snapshot.context);
    }
  });

  it('the seal covers every answer: an agreement altered afterwards no longer matches it', () => {
    const done = agreementOf(contextOf(sealed(devon())));
    const altered: AgreementV1 = { ...done, answers: { ...done.answers, arrangements: { ...done.answers['arrangements'], frequency: 'Yearly' } } };
    expect(isAgreementSealIntact(done)).toBe(true);
    expect(isAgreementSealIntact(altered)).toBe(false);
    expect(isAgreementSealIntact({ ...done, reviewDue: '2099-01-01' })).toBe(false);
  });
});

describe('$AgreementV1', () => {
  it('accepts a blank agreement, with the policy’s entries filled in and nothing ticked', () => {
    const blank = blankAgreement(southGlos(), { id: 'agreement-0002', parties: input.parties });
    expect($AgreementV1.parse(blank)).toEqual(blank);
    expect(Object.values(blank.ticks['checklist'] ?? {})).toEqual(Array(10).fill(false));
    expect(agreementGaps(southGlos(), blank)).toHaveLength(14);
  });

  it('rejects an empty object', () => {
    expect($AgreementV1.safeParse({}).success).toBe(false);
  });

  it('rejects a sealed agreement whose review date is not its agreed date plus the review period', () => {
    const done = agreementOf(contextOf(sealed(derby1())));
    const issues = $AgreementV1.safeParse({ ...done, reviewDue: '2028-02-01' }).error?.issues.map((i) => i.message);
    expect(issues).toEqual(['The review is due on 2028-01-31: the agreed date plus the review period']);
  });

  it('rejects a sealed agreement signed by one, and a draft with dates', () => {
    const done = agreementOf(contextOf(sealed(derby1())));
    expect($AgreementV1.safeParse({ ...done, signatures: { ...done.signatures, supervisee: null } }).error?.issues.map((i) => i.message)).toEqual([
      'A sealed agreement is signed by both',
    ]);
    expect($AgreementV1.safeParse({ ...done, contentHash: null }).error?.issues.map((i) => i.message)).toEqual([
      'An agreement is dated when the second signature seals it, not before',
    ]);
  });

  it('rejects a signature in the other person’s place', () => {
    const done = agreementOf(contextOf(sealed(derby1())));
    const swapped = { ...done, signatures: { supervisor: done.signatures.supervisee, supervisee: done.signatures.supervisor } };
    expect($AgreementV1.safeParse(swapped).error?.issues.map((i) => i.message)).toEqual([
      "The supervisor's signature is signed in another role",
      "The supervisee's signature is signed in another role",
    ]);
  });
});

// ---------------------------------------------------------------------------------------
// Every path (xstate/graph)

/**
 * Every event the agreement screens can send, from a given snapshot. Fields are filled and
 * cleared, items ticked and unticked, in template order, so the states stay countable
 * while every gate is still met and unmet on the way.
 */
function eventsFor(t: AgreementTemplateV1) {
  const required = t.sections.flatMap((section) => fieldsOf(section).filter((f) => f.required).map((field) => ({ section, field })));
  const items = t.sections.flatMap((section) => (section.kind === 'checklist' ? section.items.map((item) => ({ section, item })) : []));
  const isFilled = (c: AgreementContext, sectionId: string, fieldId: string) => (c.answers[sectionId]?.[fieldId] ?? '').trim() !== '';
  return (snapshot: AgreementSnapshot): AgreementEvent[] => {
    const c = snapshot.context;
    const nextField = required.find(({ section, field }) => !isFilled(c, section.id, field.id));
    const lastField = required.findLast(({ section, field }) => isFilled(c, section.id, field.id));
    const nextItem = items.find(({ section, item }) => c.ticks[section.id]?.[item.id] !== true);
    const lastItem = items.findLast(({ section, item }) => c.ticks[section.id]?.[item.id] === true);
    return [
      { type: 'step.next' },
      { type: 'step.back' },
      ...t.sections.map((s) => ({ type: 'step.goto' as const, sectionId: s.id })),
      ...(nextField ? [{ type: 'field.changed' as const, sectionId: nextField.section.id, fieldId: nextField.field.id, text: 'Agreed' }] : []),
      ...(lastField ? [{ type: 'field.changed' as const, sectionId: lastField.section.id, fieldId: lastField.field.id, text: ' ' }] : []),
      ...(nextItem ? [{ type: 'checklistItem.ticked' as const, sectionId: nextItem.section.id, itemId: nextItem.item.id, ticked: true }] : []),
      ...(lastItem ? [{ type: 'checklistItem.ticked' as const, sectionId: lastItem.section.id, itemId: lastItem.item.id, ticked: false }] : []),
      { type: 'agreement.readThrough' },
      sign('supervisor'),
      sign('supervisee'),
      { type: 'signature.added', signature: { ...signature('supervisee'), fullName: '' } },
      { type: 'signature.removed', role: 'supervisor' },
    ];
  };
}

/** States told apart by what the rules read; a refusal's wording does not make a new state. */
const serializeState = (s: AgreementSnapshot) =>
  JSON.stringify({ value: s.value, answers: s.context.answers, ticks: s.context.ticks, signatures: s.context.signatures, furthest: s.context.furthestSection });
// A pure transition() on a final snapshot is still offered events: traversal stops at done.
const stopWhen = (s: AgreementSnapshot) => s.status !== 'active';

describe.each(agreementTemplates.map((t) => ({ id: t.id, t })))('every path: $id', ({ t }) => {
  const machine = createAgreementMachine(t);
  const options = { input, events: eventsFor(t), serializeState, stopWhen };
  const paths = getShortestPaths(machine, options);
  const toSealed = paths.filter((p) => p.state.value === 'sealed');
  const order = t.sections.map((s) => s.id);
  type Transition = { event: AgreementEvent; state: AgreementSnapshot };
  const edges = Object.values(getAdjacencyMap(machine, options)).flatMap(({ state, transitions }) =>
    // Keyed by a branded string, which Object.values cannot see through.
    (Object.values(transitions) as Transition[]).map((tr) => ({ from: state, event: tr.event, to: tr.state })),
  );
  const place = (s: AgreementSnapshot) => (s.value === 'sealed' ? order.length : order.indexOf(agreementSectionOf(s.value)));

  it('reaches every section, and sealed', () => {
    expect(new Set(paths.map((p) => agreementSectionOf(p.state.value)))).toEqual(new Set([...order, 'sealed']));
    expect(toSealed.length).toBeGreaterThan(0);
  });

  it('every shortest path to sealed goes through every section in order, is read through, and signed by both', () => {
    for (const path of toSealed) {
      // Arrange
      const entered: string[] = [];
      for (const step of path.steps) {
        const section = agreementSectionOf(step.state.value);
        if (section !== 'sealed' && !entered.includes(section)) entered.push(section);
      }
      // Act
      const events = path.steps.map((s) => s.event);
      const lastRead = events.findLastIndex((e) => e.type === 'agreement.readThrough');
      const signedBy = events.slice(lastRead).flatMap((e) => (e.type === 'signature.added' ? [e.signature.role] : []));
      // Assert
      expect(entered).toEqual(order);
      expect(lastRead).toBeGreaterThan(-1);
      expect(new Set(signedBy)).toEqual(new Set(['supervisor', 'supervisee']));
      expect(agreementGaps(t, path.state.context)).toEqual([]);
      expect(path.state.context.contentHash).toBe(agreementContentHashOf(agreementOf(path.state.context)));
    }
  });

  it('every edge forward is step.next to the very next section with nothing missing, or a jump back to a section already reached', () => {
    const forward = edges.filter((e) => place(e.to) > place(e.from));
    expect(forward.length).toBeGreaterThan(0);
    for (const { from, event, to } of forward) {
      if (to.value === 'sealed') continue;
      expect(event.type === 'step.next' || event.type === 'step.goto').toBe(true);
      if (event.type === 'step.next') {
        expect(place(to)).toBe(place(from) + 1);
        const section = t.sections[place(from)];
        expect(section && sectionGaps(section, from.context)).toEqual([]);
      } else {
        expect(place(to)).toBeLessThanOrEqual(from.context.furthestSection);
      }
    }
  });

  it('every edge into sealed is the second signature, read through, with nothing missing', () => {
    const intoSealed = edges.filter((e) => e.to.value === 'sealed');
    expect(intoSealed.length).toBeGreaterThan(0);
    for (const { from, event, to } of intoSealed) {
      expect(from.value).toEqual({ drafting: { [order.at(-1) ?? '']: 'signing' } });
      expect(event.type).toBe('signature.added');
      const other = event.type === 'signature.added' && event.signature.role === 'supervisor' ? 'supervisee' : 'supervisor';
      expect(from.context.signatures[other]).not.toBeNull();
      expect(agreementGaps(t, from.context)).toEqual([]);
      expect(to.context.agreedOn).toBe('2027-01-31');
      expect(to.context.reviewDue).toBe('2028-01-31');
    }
  });

  it('every edit clears both signatures', () => {
    const edits = edges.filter((e) => e.event.type === 'field.changed' || e.event.type === 'checklistItem.ticked');
    const withFields = t.sections.some((s) => fieldsOf(s).some((f) => f.required)) || t.sections.some((s) => s.kind === 'checklist');
    expect(edits.length > 0).toBe(withFields);
    for (const { to } of edits) expect(to.context.signatures).toEqual({ supervisor: null, supervisee: null });
  });
});
