import { describe, expect, it } from 'vitest';
import { findTemplate, templates } from '../../machines/templates/index.ts';
import { savedTemplate } from '../machines/fixtures.ts';
import type { RecordTemplateV1 } from '../../machines/model/template.ts';
import type { ActionV1, CaseDiscussionV1, EscalationV1, SessionContentV1 } from '../../machines/model/record.ts';
import { childRecordSummary, childRecordSummaryText, childSummaryFileName } from '../../machines/record/childSummary.ts';
import { childRecordExtras, type ChildRecordExtra } from '../../machines/record/childRecordChoices.ts';
import { formatDate } from '../../machines/dates/format.ts';
import { otherChildTerms, withholdOtherChildren } from '../../machines/record/withhold.ts';
import { createNameCheck } from '../../machines/review/names.ts';
import { caseDiscussion, realisticContent } from './fixtures.ts';

function template(id: string): RecordTemplateV1 {
  const found = findTemplate(id);
  if (!found) throw new Error(`No template ${id}`);
  return found;
}

/** Everything an entry can carry: the default and both stages a case's choice can add. */
const everything = { include: childRecordExtras };

/** The tester's sentence (issue 16, point 3): the supervisee's reflection, quoted word for word in the entry. */
const TESTER_REFLECTION = 'I felt anxious and unwelcome, and left sooner than I meant to';

/** Two children discussed in one session, each mentioned while discussing the other. */
function twoChildren(tpl: RecordTemplateV1): SessionContentV1 {
  return realisticContent(tpl, {
    cases: [
      caseDiscussion(
        tpl,
        'case-baby-t-01',
        'Baby T',
        {
          experience: 'Home visit: bruising noted on Baby T. Jay Smith (cousin) was present; Jay said he saw a fall.',
          reflection: 'Worried; the smith household felt chaotic.',
          analysis: 'Non-mobile baby with bruising. JAY SMITH’s account does not fit the injury.',
          actionPlanning: 'Refer to MASH today and tell the Smith family’s social worker.',
        },
        { chosenBy: 'supervisee' },
      ),
      caseDiscussion(
        tpl,
        'case-jay-smith',
        'Jay Smith',
        {
          experience: 'Missed school nurse appointments. Jay is Baby T’s cousin; the baby was at the house when Jay was seen.',
          reflection: '',
          analysis: 'Pattern of neglect; babysitting for baby t falls to Jay.',
          actionPlanning: 'Request a team around the family meeting.',
        },
        { chosenBy: 'supervisor', skip: { reflection: 'Time ran short; to pick up next session' } },
      ),
    ],
    escalations: [
      {
        id: 'escalation-01',
        raisedAt: '2031-03-07T10:32:00.000Z',
        raisedDuring: 'Case discussion — Analysis',
        caseId: 'case-baby-t-01',
        concern: 'Bruising on a non-mobile baby; Jay Smith present',
        actionTaken: 'Supervisor phoned MASH during the session',
      },
    ],
  });
}

/** How often `term` stands in `text` as a whole word (any case, any spacing between its words). */
function occurrences(text: string, term: string): number {
  const words = term.trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return (text.match(new RegExp(`(?<![\\p{L}\\p{N}])${words.join('\\s+')}(?![\\p{L}\\p{N}])`, 'giu')) ?? []).length;
}

/** Brackets (round or square) opened inside others, anywhere in the text. */
function hasNestedBrackets(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (char === '(' || char === '[') depth += 1;
    if (char === ')' || char === ']') depth = Math.max(0, depth - 1);
    if (depth > 1) return true;
  }
  return false;
}

/** The ways an entry could read badly once pasted: each is a problem found, by name. */
function problemsOf(text: string, tpl: RecordTemplateV1): string[] {
  const problems: string[] = [];
  if (/[.,;:!?…][ \t]*[.,;:!?]/u.test(text)) problems.push(`doubled punctuation: ${/.{0,20}[.,;:!?…][ \t]*[.,;:!?].{0,20}/u.exec(text)?.[0]}`);
  if (/ [.,;:!?]/u.test(text)) problems.push('a space before punctuation');
  if (/[ \t]{2,}/u.test(text)) problems.push('doubled spaces');
  if (/^[ \t]|[ \t]$/mu.test(text)) problems.push('a line starting or ending with a space');
  if (/\n{3,}/u.test(text)) problems.push('more than one blank line');
  if (hasNestedBrackets(text)) problems.push('nested brackets');
  for (const line of text.split('\n')) {
    if (/\b(copy|paste|enter this|add this)\b/iu.test(line) || /^For /u.test(line) || line.includes(tpl.childRecord.system)) problems.push(`an instruction line: ${line}`);
  }
  return problems;
}

describe('childRecordSummary', () => {
  const derby = template('derby-derbyshire-appendix-3');
  const content = twoChildren(derby);
  const baby = childRecordSummary(derby, content, 'case-baby-t-01');
  const jay = childRecordSummary(derby, content, 'case-jay-smith');

  it('is headed for its child, with no instruction or destination inside the text', () => {
    expect(baby.caseId).toBe('case-baby-t-01');
    expect(baby.caseLabel).toBe('Baby T');
    // Where the entry goes is said on the screen beside it: the text is only what is pasted.
    expect(baby.text.startsWith('Safeguarding supervision — entry for Baby T\nDate of supervision: 7 March 2031\n')).toBe(true);
    expect(baby.text).not.toContain(derby.childRecord.system);
    expect(jay.text.startsWith('Safeguarding supervision — entry for Jay Smith\n')).toBe(true);
    expect(problemsOf(baby.text, derby)).toEqual([]);
    expect(problemsOf(jay.text, derby)).toEqual([]);
  });

  it('names only its own child: the other label and its words are withheld', () => {
    // The widest entry (every stage chosen), so every typed word passes the check.
    const baby = childRecordSummary(derby, content, 'case-baby-t-01', everything);
    const jay = childRecordSummary(derby, content, 'case-jay-smith', everything);
    expect(baby.text).not.toMatch(/\bjay\b/i);
    expect(baby.text).not.toMatch(/\bsmith\b/i);
    expect(baby.withheld).toEqual(['Jay Smith', 'Smith', 'Jay']);
    expect(baby.text).toContain('[another child] (cousin) was present; [another child] said he saw a fall.');
    expect(baby.text).toContain('the [another child] household');
    expect(baby.text).toContain('Baby T');

    expect(jay.text).not.toMatch(/\bbaby\b/i);
    expect(jay.text).not.toMatch(/\bbaby t\b/i);
    expect(jay.withheld).toEqual(['Baby T', 'Baby']);
    expect(jay.text).toContain('Jay is [another child]’s cousin; the [another child] was at the house when Jay was seen.');
    // Whole words only: a longer word that starts with a withheld one is left alone.
    expect(jay.text).toContain('babysitting for [another child] falls to Jay.');

    // The default entry withholds in what it carries, and lists only what it withheld.
    expect(childRecordSummary(derby, content, 'case-baby-t-01').text).not.toMatch(/\b(jay|smith)\b/i);
    expect(childRecordSummary(derby, content, 'case-baby-t-01').withheld).toEqual(['Jay Smith', 'Smith']);
  });

  it('includes only its own actions, with owner and due date', () => {
    // The supervisor and supervisee are named once, at the top; their actions carry their title.
    expect(baby.text).toContain('Agreed actions and timescales\n1. Refer to MASH — Supervisee; by 8 March 2031.');
    expect(baby.text).not.toContain('Arrange TAF meeting');
    expect(baby.text).not.toContain('Find a refresher course');
    expect(jay.text).toContain('1. Arrange TAF meeting — Pat Jones, school nurse; by 21 March 2031.');
    expect(jay.text).not.toContain('Refer to MASH —');
    expect(jay.text).not.toContain('Find a refresher course');
  });

  it('uses the date of the supervision, never today’s date', () => {
    const today = formatDate(new Date().toISOString().slice(0, 10));
    expect(baby.date).toBe('2031-03-07');
    expect(baby.text).toContain('Date of supervision: 7 March 2031');
    expect(baby.text).not.toContain(today);
  });

  it('says a supervision discussion took place, of which kind, and who held it, naming each person once', () => {
    expect(baby.text).toContain('Type of supervision: Safeguarding Supervision\nA safeguarding supervision discussion took place about this child or family.\n');
    expect(baby.text).toContain('Supervisor: Sam Supervisor, Named Nurse\nSupervisee: Val Visitor, Health Visitor\n');
    for (const name of ['Sam Supervisor', 'Val Visitor', 'Baby T']) expect(occurrences(baby.text, name), name).toBe(1);
    const catchUp = childRecordSummary(derby, { ...content, sessionType: 'one-to-one-catch-up' }, 'case-baby-t-01');
    expect(catchUp.text).toContain('Type of supervision: 1:1 catch up\n');
  });

  it('carries the analysis and the plan by default; what happened and what it was like only when chosen, in the cycle’s order', () => {
    expect(baby.included).toEqual([]);
    expect(baby.text).toContain(
      'Summary of the discussion\nAnalysis: Non-mobile baby with bruising. [another child]’s account does not fit the injury.\nAction planning: Refer to MASH today and tell the [another child] family’s social worker.\n',
    );
    for (const left of ['Experience:', 'Reflection:', 'Home visit', 'Worried', 'household']) expect(baby.text).not.toContain(left);
    // Nor whether a stage was skipped, where that stage is not carried.
    expect(jay.text).not.toContain('Reflection');
    expect(jay.text).not.toContain('Time ran short');

    const full = childRecordSummary(derby, content, 'case-jay-smith', { include: ['reflection', 'experience'] });
    expect(full.included).toEqual(['experience', 'reflection']);
    const stages = ['Experience: ', 'Reflection: ', 'Analysis: ', 'Action planning: '].map((s) => full.text.indexOf(`\n${s}`));
    expect(stages.every((at) => at > 0)).toBe(true);
    expect([...stages].sort((a, b) => a - b)).toEqual(stages);
    expect(full.text).toContain('Reflection: Skipped — reason: Time ran short; to pick up next session.');

    const withExperience = childRecordSummary(derby, content, 'case-baby-t-01', { include: ['experience'] });
    expect(withExperience.text).toContain('\nExperience: Home visit: bruising noted on Baby T. [another child] (cousin) was present');
    expect(withExperience.text).not.toContain('Reflection');
  });

  it('includes the escalation raised about this child only, with its time', () => {
    expect(baby.text).toContain(
      'Immediate concerns escalated\n7 March 2031 at 10:32: Bruising on a non-mobile baby; [another child] present. Action taken: Supervisor phoned MASH during the session.',
    );
    expect(jay.text).not.toContain('Immediate concerns escalated');
    expect(jay.text).not.toContain('Bruising');
  });

  it('uses the policy’s case fields and titles (Temple, CPOMS)', () => {
    // Temple 1.0.0 placed Appendix 3's fields in the 4x4x4 stages; sessions begun with it keep it.
    const temple = savedTemplate('temple-learning-academy-appendix-2', '1.0.0');
    const summary = childRecordSummary(temple, twoChildren(temple), 'case-baby-t-01');
    expect(summary.text).toContain('Lead Designate: Sam Supervisor, Named Nurse\nCP Designate: Val Visitor, Health Visitor\n');
    // Appendix 3's analysis and action fields, each under its own label; the aide-memoire's
    // account of events and the designate's relationship with the family only when chosen.
    expect(summary.text).toContain('\nIdentified Risks/Issues? Non-mobile baby with bruising.');
    expect(summary.text).toContain('\nSafety/Protective factors put into place? Non-mobile baby with bruising.');
    expect(summary.text).toContain('\nAgreed Actions? Refer to MASH today and tell the [another child] family’s social worker.\n');
    expect(summary.text).not.toContain('Summary of events since the last supervision');
    expect(summary.text).not.toContain('Actions taken?');
    expect(summary.text).not.toContain('What is the CP designate’s role/relationship with the family?');
    expect(summary.text).toContain('1. Refer to MASH — CP Designate; by 8 March 2031.');
    expect(summary.text).not.toMatch(/\b(jay|smith)\b/i);

    const full = childRecordSummary(temple, twoChildren(temple), 'case-baby-t-01', everything);
    expect(full.text).toContain('\nSummary of events since the last supervision: Home visit: bruising noted on Baby T.');
    expect(full.text).toContain('\nActions taken? Home visit');
    expect(full.text).toContain('\nWhat is the CP designate’s role/relationship with the family? Worried; the [another child] household felt chaotic.\n');
    expect(full.text).not.toMatch(/\b(jay|smith)\b/i);
  });

  it('says when no actions were agreed for the child and when the discussion was set aside', () => {
    const content = twoChildren(derby);
    const setAside = {
      ...content,
      actions: content.actions.filter((a) => a.caseId !== 'case-jay-smith'),
      cases: content.cases.map((c) => (c.id === 'case-jay-smith' ? { ...c, complete: false, stages: { ...c.stages, actionPlanning: {} } } : c)),
    };
    const summary = childRecordSummary(derby, setAside, 'case-jay-smith');
    expect(summary.text).toContain('No actions were agreed for this child or family in this supervision.');
    expect(summary.text).toContain('Action planning: Nothing recorded.');
    expect(summary.text).toContain('The discussion was set aside before action planning was completed.');
  });

  it('withholds other children from names, roles and owners typed by users too', () => {
    const content = twoChildren(derby);
    const withOwner = {
      ...content,
      parties: { ...content.parties, supervisor: { name: 'Sam Supervisor', role: 'Named Nurse, Smith Road clinic' } },
      actions: [{ id: 'action-000009', what: 'Visit with Jay’s mother', owner: { kind: 'other' as const, name: 'Ms Smith (mother)' }, dueDate: '2031-03-10', caseId: 'case-baby-t-01' }],
    };
    const summary = childRecordSummary(derby, withOwner, 'case-baby-t-01');
    expect(summary.text).toContain('1. Visit with [another child]’s mother — Ms [another child] (mother); by 10 March 2031.');
    expect(summary.text).toContain('Supervisor: Sam Supervisor, Named Nurse, [another child] Road clinic\n');
  });

  it('refuses a case that was not discussed in the session', () => {
    expect(() => childRecordSummary(derby, content, 'case-unknown-01')).toThrow(/No case case-unknown-01/);
  });

  it('offers the text alone and a file name from the supervision date and a safe slug', () => {
    expect(childRecordSummaryText(derby, content, 'case-baby-t-01')).toBe(baby.text);
    expect(childRecordSummaryText(derby, content, 'case-baby-t-01', everything)).toBe(childRecordSummary(derby, content, 'case-baby-t-01', everything).text);
    // Case ids are random in the app; the name never carries the child's label.
    const name = childSummaryFileName({ ...baby, caseId: '3F2A9C1E-77b0-4c1d-9a55-0e6f7d8c9b10' });
    expect(name).toBe('supervision-2031-03-07-child-record-entry-3f2a9c1e.txt');
    expect(name).not.toContain(baby.caseLabel.toLowerCase().split(' ')[0] ?? '');
    expect(childSummaryFileName({ date: '2031-03-07', caseId: '../../' })).toBe('supervision-2031-03-07-child-record-entry-case.txt');
  });
});

describe('an entry by policy, for every template', () => {
  /** A Baby T discussion whose reflection is the tester's sentence, in every field the template puts in that stage. */
  function testerSession(tpl: RecordTemplateV1): SessionContentV1 {
    return realisticContent(tpl, {
      date: '2026-12-04',
      cases: [
        caseDiscussion(tpl, 'case-baby-t-01', 'Baby T', {
          experience: 'Home visit on 2 December: the baby was asleep and the flat was cold.',
          reflection: TESTER_REFLECTION,
          analysis: 'The home is not warm enough for a baby; mother is not yet accepting help.',
          actionPlanning: 'Refer to the health visiting team’s warm-home scheme and visit again next week.',
        }),
      ],
      actions: [{ id: 'action-000001', what: 'Visit again with the GP', owner: { kind: 'supervisee', name: '' }, dueDate: '2026-12-31', caseId: 'case-baby-t-01' }],
      escalations: [],
    });
  }

  describe.each(templates.map((t) => [t.id, t] as const))('%s', (_id, tpl) => {
    const session = testerSession(tpl);
    const entry = childRecordSummary(tpl, session, 'case-baby-t-01');

    it('carries no reflection by default: not the tester’s sentence, nor any field the template places in Reflection', () => {
      expect(entry.text).not.toContain('anxious');
      expect(entry.text).not.toContain('left sooner than I meant to');
      expect(entry.text).not.toContain('Reflection');
      for (const field of (tpl.caseStructure?.fields ?? []).filter((f) => f.stage === 'reflection' || f.stage === 'experience')) {
        expect(entry.text).not.toContain(field.label);
      }
      expect(entry.text).not.toContain('the flat was cold');
    });

    it('carries the date, that a discussion took place and its kind, the analysis, the plan and the actions with owner and date in words', () => {
      const kind = tpl.sessionTypes[0]?.label ?? '';
      expect(entry.text).toContain('Date of supervision: 4 December 2026\n');
      expect(entry.text).toContain(`Type of supervision: ${kind}\n`);
      expect(entry.text).toContain('A safeguarding supervision discussion took place about this child or family.');
      expect(entry.text).toContain('The home is not warm enough for a baby; mother is not yet accepting help.');
      expect(entry.text).toContain('Refer to the health visiting team’s warm-home scheme and visit again next week.');
      expect(entry.text).toContain(`1. Visit again with the GP — ${tpl.parties.supervisee.title}; by 31 December 2026.`);
      expect(occurrences(entry.text, 'Baby T')).toBe(1);
      expect(problemsOf(entry.text, tpl)).toEqual([]);
    });

    it('brings the reflection in when it is chosen for the case, and what happened when that is', () => {
      const reflection = childRecordSummary(tpl, session, 'case-baby-t-01', { include: ['reflection'] });
      expect(reflection.text).toContain(`${TESTER_REFLECTION}.`);
      expect(reflection.text).not.toContain('the flat was cold');
      const experience = childRecordSummary(tpl, session, 'case-baby-t-01', { include: ['experience'] });
      expect(experience.text).toContain('the flat was cold');
      expect(experience.text).not.toContain('anxious');
      for (const chosen of [reflection, experience]) expect(problemsOf(chosen.text, tpl)).toEqual([]);
      // Otherwise the same entry: the chosen stage adds its own lines and nothing else.
      expect(reflection.text.split('\n').filter((line) => !line.includes('anxious')).join('\n')).toBe(entry.text);
      expect(experience.text.split('\n').filter((line) => !line.includes('the flat was cold')).join('\n')).toBe(entry.text);
    });
  });

  it('joins typed text to its own words without doubling punctuation or spaces', () => {
    const derby = template('derby-derbyshire-appendix-3');
    const content = realisticContent(derby, {
      parties: {
        supervisor: { name: ' Sam  Supervisor ', role: 'Named Nurse.' },
        supervisee: { personId: 'person-0001', name: 'Val Visitor', role: '' },
      },
      cases: [
        caseDiscussion(derby, 'case-baby-t-01', 'Baby  T', {
          experience: 'Seen at home..',
          reflection: 'Uneasy,',
          analysis: 'Threshold met ,\n\n  the  father minimises:',
          actionPlanning: 'Refer today...',
        }),
      ],
      actions: [
        { id: 'action-000001', what: 'Refer to MASH.', owner: { kind: 'other', name: 'Pat Jones, school nurse.' }, dueDate: '2031-03-08', caseId: 'case-baby-t-01' },
        { id: 'action-000002', what: 'Ask the GP?', owner: { kind: 'supervisor', name: '' }, dueDate: '', caseId: 'case-baby-t-01' },
      ],
      escalations: [{ id: 'escalation-01', raisedAt: '2031-03-07T10:32:00.000Z', raisedDuring: 'Case discussion', caseId: 'case-baby-t-01', concern: 'Bruising;', actionTaken: 'Phoned MASH.' }],
    });
    const entry = childRecordSummary(derby, content, 'case-baby-t-01', everything);
    expect(problemsOf(entry.text, derby)).toEqual([]);
    expect(entry.text).toContain('Safeguarding supervision — entry for Baby T\n');
    expect(entry.text).toContain('Supervisor: Sam Supervisor, Named Nurse\nSupervisee: Val Visitor\n');
    expect(entry.text).toContain('Experience: Seen at home.\nReflection: Uneasy.\nAnalysis: Threshold met,\nthe father minimises.\nAction planning: Refer today…\n');
    expect(entry.text).toContain('1. Refer to MASH — Pat Jones, school nurse; by 8 March 2031.\n2. Ask the GP — Supervisor; no due date recorded.\n');
    expect(entry.text).toContain('7 March 2031 at 10:32: Bruising. Action taken: Phoned MASH.\n');
  });
});

/**
 * Property-style checks over generated sessions: a seeded generator (mulberry32), so every
 * run checks the same cases and a failure names the seed that made it.
 */
describe('generated sessions, for every template', () => {
  function random(seed: number) {
    let state = seed >>> 0;
    const next = () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const int = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
    const pick = <T,>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
    return { next, int, pick };
  }

  // Labels and filler never share a word with the entry's fixed wording or the templates' (a
  // label word that did would be withheld from typed text but left in the wording, by design).
  const FIRST = ['Baby', 'Tilly', 'Jay', 'Kai', 'Rosa', 'Ellis'];
  const LAST = ['Smith', 'Moss', 'Green', 'Ali', 'T', 'B'];
  const FILLER = ['home', 'visit', 'seen', 'at', 'school', 'with', 'the', 'mother', 'nurse', 'referral', 'plan', 'concern', 'today', 'missed', 'two', 'appointments'];
  // Markers of the two stages an entry leaves out by default: never in filler or labels.
  const EXPERIENCE_MARK = 'doorstep';
  const REFLECTION_MARK = 'unwelcome';
  const ENDINGS = ['', '', '.', ',', ';', ':', '!', '?', '..', ' .', ' ,', '...', ' ', '\n', ',\n\n'];
  const GAPS = [' ', ' ', ' ', '  ', '\n', ' \n\n ', '\t'];

  type Gen = ReturnType<typeof random>;

  /** Typed text: filler with other children's names and words among it, odd spacing and endings. */
  function typed(g: Gen, words: readonly string[], mark?: string): string {
    const count = g.int(1, 8);
    const tokens = Array.from({ length: count }, () => (words.length > 0 && g.next() < 0.3 ? g.pick(words) : g.pick(FILLER)));
    if (mark) tokens.splice(g.int(0, tokens.length), 0, mark);
    const body = tokens.map((token, i) => (i === 0 ? token : `${g.next() < 0.15 ? g.pick([',', ';', '.', ':']) : ''}${g.pick(GAPS)}${token}`)).join('');
    return `${g.next() < 0.2 ? ' ' : ''}${body}${g.pick(ENDINGS)}`;
  }

  function stageAnswers(g: Gen, tpl: RecordTemplateV1, stage: keyof CaseDiscussionV1['stages'], words: readonly string[], mark?: string): Record<string, string> {
    const fields = (tpl.caseStructure?.fields ?? []).filter((f) => f.stage === stage).map((f) => f.id);
    const ids = fields.length > 0 ? fields : ['notes'];
    return Object.fromEntries(ids.map((id) => [id, g.next() < 0.15 ? '' : typed(g, words, mark)]));
  }

  function generated(seed: number, tpl: RecordTemplateV1): SessionContentV1 {
    const g = random(seed);
    const count = g.int(1, 4);
    const labels: string[] = [];
    for (let i = 0; i < count; i++) {
      // Now and then the same child twice in one session (the same label is not another child).
      labels.push(i > 0 && g.next() < 0.1 ? (labels[0] as string) : `${g.pick(FIRST)} ${g.pick(LAST)}`);
    }
    const wordsOf = (label: string) => [label, ...label.split(' ')];
    const cases: CaseDiscussionV1[] = [];
    const actions: ActionV1[] = [];
    const escalations: EscalationV1[] = [];
    labels.forEach((label, index) => {
      const id = `case-gen-${String(index).padStart(4, '0')}`;
      const own = new Set(label.split(' ').map((w) => w.toLowerCase()));
      // Other children's names and words, never this child's own (its label stands once, in the heading).
      const others = labels.filter((l) => l !== label).flatMap(wordsOf).filter((w) => !w.split(' ').some((part) => own.has(part.toLowerCase())));
      const skip: CaseDiscussionV1['skipped'] = {};
      if (g.next() < 0.2) skip.reflection = typed(g, others, REFLECTION_MARK);
      if (g.next() < 0.1) skip.experience = typed(g, others, EXPERIENCE_MARK);
      if (g.next() < 0.1) skip.analysis = typed(g, others);
      cases.push({
        id,
        label,
        chosenBy: null,
        stages: {
          experience: skip.experience ? {} : stageAnswers(g, tpl, 'experience', others, EXPERIENCE_MARK),
          reflection: skip.reflection ? {} : stageAnswers(g, tpl, 'reflection', others, REFLECTION_MARK),
          analysis: skip.analysis ? {} : stageAnswers(g, tpl, 'analysis', others),
          actionPlanning: stageAnswers(g, tpl, 'actionPlanning', others),
        },
        skipped: skip,
        complete: g.next() < 0.9,
      });
      for (let a = g.int(0, 3); a > 0; a--) {
        const kind = g.pick(['supervisor', 'supervisee', 'other', 'other', null] as const);
        actions.push({
          id: `action-gen-${index}-${a}`,
          what: typed(g, others),
          owner: { kind, name: kind === 'other' ? `Pat ${typed(g, others)}` : '' },
          dueDate: g.next() < 0.8 ? `2026-${String(g.int(1, 12)).padStart(2, '0')}-${String(g.int(1, 28)).padStart(2, '0')}` : '',
          caseId: id,
        });
      }
      if (g.next() < 0.3) {
        escalations.push({ id: `escalation-gen-${index}`, raisedAt: '2026-12-04T10:32:00.000Z', raisedDuring: 'Case discussion', caseId: id, concern: typed(g, others), actionTaken: g.next() < 0.3 ? '' : typed(g, others) });
      }
    });
    // A role may carry one word of any child's label (never a whole one: it stands in every entry).
    const anyWord = labels.flatMap((l) => l.split(' ')).filter((w) => w.length > 2);
    const role = () => `${typed(g, []).replace(/[\s.,;:!?…]+$/u, '')}${g.next() < 0.3 ? ` ${g.pick(anyWord.length > 0 ? anyWord : FILLER)}` : ''}${g.pick(ENDINGS)}`;
    return realisticContent(tpl, {
      sessionType: g.pick(tpl.sessionTypes).id,
      date: '2026-12-04',
      parties: { supervisor: { name: 'Sam Supervisor', role: role() }, supervisee: { personId: 'person-0001', name: 'Val Visitor', role: role() } },
      cases,
      actions,
      escalations,
    });
  }

  const includes: readonly (readonly ChildRecordExtra[])[] = [[], ['reflection'], ['experience'], childRecordExtras];

  it.each(templates.map((t) => [t.id, t] as const))('%s: every entry reads cleanly, names only its own child once, and carries its stages as chosen', (_id, tpl) => {
    let checked = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const content = generated(seed * 7919, tpl);
      for (const discussion of content.cases) {
        const others = content.cases.filter((c) => c.id !== discussion.id).map((c) => c.label);
        const terms = otherChildTerms(discussion.label, others);
        for (const include of includes) {
          const { text } = childRecordSummary(tpl, content, discussion.id, { include });
          const where = `seed ${seed * 7919}, ${discussion.label}, include [${include.join(', ')}]:\n${text}`;
          expect(problemsOf(text, tpl), where).toEqual([]);
          expect(occurrences(text, discussion.label), where).toBe(1);
          for (const term of terms) expect(occurrences(text, term), `${term} in ${where}`).toBe(0);
          for (const name of ['Sam Supervisor', 'Val Visitor']) expect(occurrences(text, name), where).toBe(1);
          // A stage's marker is in the entry exactly when the stage was chosen and something was written or a skip recorded.
          for (const [stage, mark] of [['reflection', REFLECTION_MARK], ['experience', EXPERIENCE_MARK]] as const) {
            const written = Boolean(discussion.skipped[stage]) || Object.values(discussion.stages[stage] ?? {}).some((answer) => answer.trim());
            expect(text.includes(mark), `${stage} in ${where}`).toBe(include.includes(stage) && written);
          }
          for (const action of content.actions.filter((a) => a.caseId === discussion.id && a.dueDate)) {
            expect(text, where).toContain(`by ${formatDate(action.dueDate)}`);
          }
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(600);
  });
});

describe('withholding other children', () => {
  it('takes whole labels and their capitalised words of more than two letters', () => {
    expect(otherChildTerms('Baby T', ['Jay Smith'])).toEqual(['Jay Smith', 'Smith', 'Jay']);
    expect(otherChildTerms('Jay Smith', ['Baby T'])).toEqual(['Baby T', 'Baby']);
    expect(otherChildTerms('Baby T', ['the Ali family', 'Child B'])).toEqual(['the Ali family', 'Child B', 'Child', 'Ali']);
    expect(otherChildTerms('Baby T', ['Kai'])).toEqual(['Kai']);
  });

  it('ignores words that are also in this child’s label, and the same label discussed twice', () => {
    expect(otherChildTerms('Baby T Smith', ['Jay Smith'])).toEqual(['Jay Smith', 'Jay']);
    expect(otherChildTerms('Baby T', ['baby t', 'Baby  T'])).toEqual([]);
  });

  it('keeps this child’s own label and never searches a replacement again', () => {
    const own = withholdOtherChildren('Jay', ['Jay Smith']);
    expect(own.withhold('Jay Smith and Jay, and smith.')).toBe('[another child] and Jay, and [another child].');
    expect(own.withheld()).toEqual(['Jay Smith', 'Smith']);

    const child = withholdOtherChildren('Baby T', ['Another Child']);
    expect(child.withhold('The child spoke to another child.')).toBe('The [another child] spoke to [another child].');
  });

  it('matches across line breaks and leaves text alone when there is no other child', () => {
    expect(withholdOtherChildren('Baby T', ['Jay Smith']).withhold('seen with Jay\nSmith')).toBe('seen with [another child]');
    const none = withholdOtherChildren('Baby T', []);
    expect(none.withhold('Baby T and Jay')).toBe('Baby T and Jay');
    expect(none.withheld()).toEqual([]);
  });
});

describe('other children found by the name finder (issue 16, point 2: the same detector as the group outputs)', () => {
  const derby = template('derby-derbyshire-appendix-3');
  const names = (options: { allowed: readonly string[] }) => createNameCheck(options);
  /** Tilly's plan mentions Mia; Mia is named only in Jay's discussion, as his sister. Kacper is named only in Tilly's. */
  const content = realisticContent(derby, {
    cases: [
      caseDiscussion(derby, 'case-tilly-001', 'Baby Tilly', {
        experience: '',
        reflection: '',
        analysis: 'Tilly is not brought to clinic; her brother Kacper says the car has broken down.',
        actionPlanning: 'Home visit this week; ask whether Mia still looks after Tilly after school.',
      }),
      caseDiscussion(derby, 'case-jay-smith', 'Jay Smith', {
        experience: 'Jay lives with his sister Mia, who is fourteen.',
        reflection: '',
        analysis: 'Mia is a young carer for Jay and for a neighbour’s baby.',
        actionPlanning: 'Young carers referral for Mia.',
      }),
    ],
    escalations: [],
  });

  it('withholds a child named only in another child’s discussion, and lists for checking a name typed for this child', () => {
    const entry = childRecordSummary(derby, content, 'case-tilly-001', { names });
    expect(entry.text).not.toMatch(/\bMia\b/);
    expect(entry.text).toContain('ask whether [another child] still looks after Tilly');
    expect(entry.withheld).toContain('Mia');
    // Kacper is named only in Tilly's own discussion: kept, and listed for the person copying it to check.
    expect(entry.text).toContain('Kacper');
    expect(entry.possibleNames).toEqual(['Kacper']);
    // The child's own name and the parties' are never listed.
    expect(entry.possibleNames).not.toContain('Tilly');
  });

  it('without the finder, only the other cases’ labels are withheld (as before)', () => {
    const entry = childRecordSummary(derby, content, 'case-tilly-001');
    expect(entry.text).toMatch(/\bMia\b/);
    expect(entry.possibleNames).toEqual([]);
  });
});

describe('brackets typed around a withheld name', () => {
  it('never nest: inside someone’s brackets the withheld name reads without brackets of its own', () => {
    const derby = template('derby-derbyshire-appendix-3');
    const content = twoChildren(derby);
    const withPlan = { ...content, cases: content.cases.map((c) => (c.id === 'case-baby-t-01' ? { ...c, stages: { ...c.stages, actionPlanning: { ...c.stages.actionPlanning, plan: 'Visit again (seen with Jay Smith last time).' } } } : c)) };
    const answers = Object.keys(withPlan.cases[0]!.stages.actionPlanning ?? {});
    expect(answers.length).toBeGreaterThan(0);
    const text = childRecordSummary(derby, withPlan, 'case-baby-t-01').text;
    expect(text).toContain('(seen with another child last time)');
    expect(text).not.toMatch(/\([^()]*\[/);
  });
});
