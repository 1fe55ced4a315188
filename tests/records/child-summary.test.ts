import { describe, expect, it } from 'vitest';
import { findTemplate } from '../../machines/templates/index.ts';
import type { RecordTemplateV1 } from '../../machines/model/template.ts';
import type { SessionContentV1 } from '../../machines/model/record.ts';
import { childRecordSummary, childRecordSummaryText, childSummaryFileName } from '../../machines/record/child-summary.ts';
import { formatRecordDate } from '../../machines/record/dates.ts';
import { otherChildTerms, withholdOtherChildren } from '../../machines/record/withhold.ts';
import { caseDiscussion, realisticContent } from './fixtures.ts';

function template(id: string): RecordTemplateV1 {
  const found = findTemplate(id);
  if (!found) throw new Error(`No template ${id}`);
  return found;
}

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

describe('childRecordSummary', () => {
  const derby = template('derby-derbyshire-appendix-3');
  const content = twoChildren(derby);
  const baby = childRecordSummary(derby, content, 'case-baby-t-01');
  const jay = childRecordSummary(derby, content, 'case-jay-smith');

  it('is headed for its child and says where it goes', () => {
    expect(baby.caseId).toBe('case-baby-t-01');
    expect(baby.caseLabel).toBe('Baby T');
    expect(baby.text.startsWith('Safeguarding supervision — entry for Baby T\nFor the child\'s health record.\n')).toBe(true);
    expect(jay.text.startsWith('Safeguarding supervision — entry for Jay Smith\n')).toBe(true);
  });

  it('names only its own child: the other label and its words are withheld', () => {
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
  });

  it('includes only its own actions, with owner and due date', () => {
    expect(baby.text).toContain('Agreed actions and timescales\n1. Refer to MASH — Supervisee (Val Visitor); by 8 March 2031.');
    expect(baby.text).not.toContain('Arrange TAF meeting');
    expect(baby.text).not.toContain('Find a refresher course');
    expect(jay.text).toContain('1. Arrange TAF meeting — Pat Jones, school nurse; by 21 March 2031.');
    expect(jay.text).not.toContain('Refer to MASH —');
    expect(jay.text).not.toContain('Find a refresher course');
  });

  it('uses the date of the supervision, never today’s date', () => {
    const today = formatRecordDate(new Date().toISOString().slice(0, 10));
    expect(baby.date).toBe('2031-03-07');
    expect(baby.text).toContain('Date of supervision: 7 March 2031');
    expect(baby.text).not.toContain(today);
  });

  it('says a supervision discussion took place, and who was present by role and name', () => {
    expect(baby.text).toContain('A safeguarding supervision discussion took place about this child or family (Baby T).');
    expect(baby.text).toContain('Present: Supervisor (Named Nurse) and Supervisee (Health Visitor).');
    expect(baby.text).toContain('Names: Sam Supervisor (Supervisor); Val Visitor (Supervisee).');
    expect(baby.text).toContain('Type of supervision: Safeguarding Supervision');
  });

  it('summarises the four stages in order and says whether any was skipped', () => {
    const stages = ['Experience: ', 'Reflection: ', 'Analysis: ', 'Action planning: '].map((s) => baby.text.indexOf(`\n${s}`));
    expect(stages.every((at) => at > 0)).toBe(true);
    expect([...stages].sort((a, b) => a - b)).toEqual(stages);
    expect(baby.text).toContain('All four stages of the supervision cycle were discussed.');
    expect(jay.text).toContain('Reflection: Skipped — reason: Time ran short; to pick up next session.');
    expect(jay.text).toContain('Stages not discussed: Reflection.');
  });

  it('includes the escalation raised about this child only, with its time', () => {
    expect(baby.text).toContain(
      'Immediate concerns escalated\n7 March 2031 at 10:32: Bruising on a non-mobile baby; [another child] present. Action taken: Supervisor phoned MASH during the session.',
    );
    expect(jay.text).not.toContain('Immediate concerns escalated');
    expect(jay.text).not.toContain('Bruising');
  });

  it('uses the policy’s case fields and titles (Temple, CPOMS)', () => {
    const temple = template('temple-learning-academy-appendix-2');
    const summary = childRecordSummary(temple, twoChildren(temple), 'case-baby-t-01');
    expect(summary.text).toContain('For the ‘Supervision’ category within CPOMS.');
    expect(summary.text).toContain('Present: Lead Designate (Named Nurse) and CP Designate (Health Visitor).');
    expect(summary.text).toContain('Experience: Summary of events since the last supervision: Home visit: bruising noted on Baby T.');
    expect(summary.text).toContain('Actions taken? Home visit');
    expect(summary.text).toContain('1. Refer to MASH — CP Designate (Val Visitor); by 8 March 2031.');
    expect(summary.text).not.toMatch(/\b(jay|smith)\b/i);
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
      actions: [{ id: 'action-000009', what: 'Visit with Jay’s mother', owner: { kind: 'other' as const, name: 'Ms Smith (mother)' }, dueDate: '2031-03-10', caseId: 'case-baby-t-01' }],
    };
    const summary = childRecordSummary(derby, withOwner, 'case-baby-t-01');
    expect(summary.text).toContain('1. Visit with [another child]’s mother — Ms [another child] (mother); by 10 March 2031.');
  });

  it('refuses a case that was not discussed in the session', () => {
    expect(() => childRecordSummary(derby, content, 'case-unknown-01')).toThrow(/No case case-unknown-01/);
  });

  it('offers the text alone and a file name from the supervision date and a safe slug', () => {
    expect(childRecordSummaryText(derby, content, 'case-baby-t-01')).toBe(baby.text);
    // Case ids are random in the app; the name never carries the child's label.
    const name = childSummaryFileName({ ...baby, caseId: '3F2A9C1E-77b0-4c1d-9a55-0e6f7d8c9b10' });
    expect(name).toBe('supervision-2031-03-07-child-record-entry-3f2a9c1e.txt');
    expect(name).not.toContain(baby.caseLabel.toLowerCase().split(' ')[0] ?? '');
    expect(childSummaryFileName({ date: '2031-03-07', caseId: '../../' })).toBe('supervision-2031-03-07-child-record-entry-case.txt');
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
