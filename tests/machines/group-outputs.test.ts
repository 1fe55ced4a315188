/**
 * The outputs of a group supervision session: the themes record the session lead
 * circulates (themes and attendance, never anything that identifies a child, and blocked
 * rather than redacted when a theme would), each presenter's child-record summary naming
 * their child only, each member's attendance record, and themes compared across sessions.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { $GroupSessionContentV1, type GroupSessionContentV1, type ThemeV1 } from '../../machines/model/group.ts';
import {
  attendanceRecord,
  groupWording,
  presenterSummary,
  themeComparison,
  themesNameFlags,
  themesRecord,
  type ThemesRecord,
  type ThemesRecordProblem,
} from '../../machines/group/outputs.ts';
import { dee, facilitator, jay, lee, priya, sam, session, theme, themes, tilly } from './group-fixtures.ts';

/** The session's themes counted by tag: "Neglect" and "neglect" are one tag, in the group's vocabulary spelling. */
const themeTagCounts = [
  { tag: 'neglect', count: 2 },
  { tag: 'escalation', count: 1 },
  { tag: 'information sharing', count: 1 },
  { tag: 'professional disagreement', count: 1 },
];

function recordOf(content: GroupSessionContentV1): { record: ThemesRecord; text: string } {
  const result = themesRecord(content);
  if (!result.ok) throw new Error(`Expected a themes record, got ${JSON.stringify(result.problems)}`);
  return result;
}

function withTheme(index: number, patch: Partial<ThemeV1>): ThemeV1[] {
  return themes.map((t, i) => (i === index ? { ...t, ...patch } : t));
}

describe('themes record', () => {
  it('records the date, group, facilitator, attendance, agreement, themes with counts, learning and organisational issues', () => {
    const { record, text } = recordOf(session());
    expect(record.date).toBe('2026-11-18');
    expect(record.dateText).toBe('18 November 2026');
    expect(record.groupName).toBe('North locality health visiting group');
    expect(record.facilitator).toEqual({ personId: facilitator.personId, name: 'Ruth Okafor', role: 'Named Nurse for Safeguarding' });
    expect(record.attendance.present.map((p) => p.name)).toEqual(['Ruth Okafor', 'Priya Shah', 'Tom Reed', 'Lee Grant', 'Ana Costa']);
    expect(record.attendance.apologies).toEqual([{ personId: dee.personId, name: 'Dee Clark', role: 'Health Visitor' }]);
    expect(record.attendance.absent).toEqual([{ personId: sam.personId, name: 'Sam Hill', role: 'School Nurse' }]);
    expect(record.confidentiality).toEqual({
      agreed: true,
      agreedAt: '2026-11-18T10:02:00Z',
      newMembers: [{ personId: lee.personId, name: 'Lee Grant', role: 'Health Visitor' }],
    });
    expect(record.themes).toEqual([
      { number: 1, text: themes[0]?.text, tags: ['information sharing', 'neglect'] },
      { number: 2, text: themes[1]?.text, tags: ['escalation', 'professional disagreement'] },
      { number: 3, text: themes[2]?.text, tags: ['Neglect'] },
      { number: 4, text: themes[3]?.text, tags: [] },
    ]);
    expect(record.tagCounts).toEqual(themeTagCounts);
    expect(record.untagged).toBe(1);
    expect(record.learning).toBe('Use the neglect screening tool at every contact, not only when concerns are raised.');
    expect(record.organisationalIssues).toContain('raise with the Designated Nurse');

    expect(text).toContain('Group safeguarding supervision — themes record');
    expect(text).toContain('Date: 18 November 2026');
    expect(text).toContain('Facilitator: Ruth Okafor (Named Nurse for Safeguarding)');
    expect(text).toContain('Present: Ruth Okafor (Named Nurse for Safeguarding); Priya Shah (Health Visitor); Tom Reed (School Nurse); Lee Grant (Health Visitor); Ana Costa (Family Nurse)');
    expect(text).toContain('Apologies: Dee Clark (Health Visitor)');
    expect(text).toContain('Absent: Sam Hill (School Nurse)');
    expect(text).toContain(groupWording.themes.agreed);
    expect(text).toContain('They were agreed again with the members new to the group: Lee Grant (Health Visitor).');
    expect(text).toContain(`1. ${themes[0]?.text}`);
    expect(text).toContain('Tags: escalation, professional disagreement');
    expect(text).toContain('Tags: No tags');
    expect(text).toContain('neglect: 2 themes');
    expect(text).toContain('escalation: 1 theme');
    expect(text).toContain('Without a tag: 1 theme');
    expect(text).toContain(`Learning\n${record.learning}`);
    expect(text).toContain(`Organisational issues to raise\n${record.organisationalIssues}`);
  });

  it('carries nothing that identifies a child: no labels, notes, questions or actions', () => {
    const { record, text } = recordOf(session());
    const everything = `${JSON.stringify(record)}\n${text}`;
    for (const word of ['Tilly', 'Jay', 'Smith']) expect(everything.toLowerCase()).not.toContain(word.toLowerCase());
    for (const c of [tilly, jay]) {
      expect(everything).not.toContain(c.id);
      expect(everything).not.toContain(c.question);
      expect(everything).not.toContain(c.notes.reflecting);
      for (const a of c.actions) expect(everything).not.toContain(a.what);
    }
  });

  it('says when the boundaries were not recorded as agreed, and does not claim new members agreed them', () => {
    const { record, text } = recordOf(session({ agreement: null }));
    expect(record.confidentiality).toEqual({ agreed: false, agreedAt: null, newMembers: [] });
    expect(text).toContain(groupWording.themes.notAgreed);
    expect(text).not.toContain('agreed again');
  });

  it('is blocked, with no record, when a theme mentions a child discussed', () => {
    const result = themesRecord(session({ themes: withTheme(1, { text: 'Tilly’s mother missed three appointments before anyone escalated' }) }));
    expect(result.ok).toBe(false);
    expect(result).not.toHaveProperty('record');
    expect(result).not.toHaveProperty('text');
    if (result.ok) return;
    expect(result.problems).toEqual([
      {
        where: 'Theme 2',
        term: 'Tilly',
        message: '“Tilly” could identify a child discussed in this session. Reword it before the themes record is circulated.',
      },
    ]);
  });

  it('is blocked when the learning names a family, when a tag does, and for each place and term', () => {
    const result = themesRecord(
      session({
        themes: withTheme(3, { tags: ['emotional impact', 'jay'] }),
        learning: 'Ask earlier about who stays at weekends, as with the Smith family.',
        organisationalIssues: 'Baby Tilly’s records were split across two systems; and tilly again.',
      }),
    );
    if (result.ok) throw new Error('Expected the themes record to be blocked');
    expect(result.problems.map(({ where, term }) => ({ where, term }))).toEqual([
      { where: 'Theme 4', term: 'Jay' },
      { where: 'Learning', term: 'Smith' },
      { where: 'Organisational issues', term: 'Baby Tilly' },
      { where: 'Organisational issues', term: 'Tilly' },
    ]);
    expect(result.problems[1]?.message).toBe('“Smith” could identify a child discussed in this session. Reword it before the themes record is circulated.');
  });

  it('matches whole words only: a word that merely contains a label word is not a match', () => {
    const overrides = {
      themes: withTheme(2, { text: 'Jayne from the front door team explained the smithing of a referral; Tillyard Road clinic is closing' }),
      learning: 'Blacksmiths and jaywalking are not children.',
    };
    // Since the names check, "Jayne" is flagged as a person's name (not as the case label "Jay") until confirmed.
    const unconfirmed = themesRecord(session(overrides));
    if (unconfirmed.ok) throw new Error('Expected “Jayne” to be flagged as a name');
    expect(unconfirmed.problems.map(({ where, term, nameFlag }) => ({ where, term, kind: nameFlag ? 'name' : 'caseLabel' }))).toEqual([{ where: 'Theme 3', term: 'Jayne', kind: 'name' }]);
    const confirmed = { part: { kind: 'theme' as const, themeId: 'theme-0003' }, name: 'Jayne', confirmedBy: facilitator.personId, confirmedAt: '2026-11-18T11:00:00Z' };
    const result = themesRecord(session({ ...overrides, nameConfirmations: [confirmed] }));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.record.themes[2]?.text).toContain('Jayne');
  });
});

describe('presenter summary', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2027-03-01T09:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('names Baby Tilly only, says group supervision, uses the session date and lists her actions', () => {
    const summary = presenterSummary(session(), tilly.id);
    const { text } = summary;
    expect(summary.consultationId).toBe(tilly.id);
    expect(summary.caseLabel).toBe('Baby Tilly');
    expect(summary.date).toBe('2026-11-18');
    expect(text).toContain('Safeguarding group supervision — entry for Baby Tilly');
    expect(text).toContain('Date of supervision: 18 November 2026');
    expect(text).not.toContain('2027');
    expect(text).not.toContain('1 March');
    expect(text).toContain('This child or family (Baby Tilly) was discussed in group supervision (North locality health visiting group).');
    expect(text).toContain('Facilitator: Ruth Okafor (Named Nurse for Safeguarding).');
    expect(text).toContain('Presented by: Priya Shah (Health Visitor).');
    // Tom, Lee and Ana: present, neither facilitating nor presenting this case.
    expect(text).toContain('3 other colleagues from the group were present.');
    expect(text).not.toContain('Dee Clark');
    expect(text).toContain(`The presenter’s question\n${tilly.question}`);
    expect(text).toContain('The case as presented: Baby Tilly is 7 months old.');
    expect(text).toContain('The group’s reflections and hypotheses: Hypothesis:');
    expect(text).toContain('The presenter’s response: Priya recognised');
    expect(text).toContain('1. Complete a neglect screening tool at the next visit — Presenter (Priya Shah); by 25 November 2026.');
    expect(text).toContain('2. Share the weight chart with the GP — Practice nurse, Riverside Surgery; by 2 December 2026.');
    expect(text).not.toContain(jay.actions[0]?.what ?? '');
    expect(text).not.toContain(jay.question);

    expect(text).not.toMatch(/Jay|Smith/i);
    expect(text).toContain('[another child], a cousin');
    expect(summary.withheld).toEqual(['Jay Smith', 'Jay']);
  });

  it('names Jay Smith only, and withholds Baby Tilly even in lower case', () => {
    const summary = presenterSummary(session(), jay.id);
    const { text } = summary;
    expect(text).toContain('entry for Jay Smith');
    expect(text).toContain('(Jay Smith) was discussed in group supervision');
    expect(text).toContain('Date of supervision: 18 November 2026');
    expect(text).toContain('Presented by: Tom Reed (School Nurse).');
    expect(text).toContain('Jay Smith, 9, attendance down to 70%.');
    expect(text).toContain('Smith family known to early help before.');
    expect(text).toContain('1. Raise professional disagreement with the DSL using the escalation policy — Presenter (Tom Reed); by 21 November 2026.');
    expect(text).not.toMatch(/Tilly/i);
    // "baby Tilly" is the whole label in lower case: withheld as one.
    expect(text).toContain('whose [another child] is known');
    expect(summary.withheld).toEqual(['Baby Tilly']);
  });

  it('includes the notes on actions and escalations raised in that consultation only', () => {
    const content = session({
      consultations: [tilly, { ...jay, actions: [], notes: { ...jay.notes, actions: 'No new actions: the plan stands until the review on Friday.' } }],
      escalations: [
        {
          id: 'escalation-0001',
          raisedAt: '2026-11-18T10:40:00Z',
          raisedDuring: 'Consultation — reflecting',
          caseId: jay.id,
          concern: 'Jay said an adult at the weekend house hit him',
          actionTaken: 'Tom phoned the MASH during the break',
        },
      ],
    });
    const jayText = presenterSummary(content, jay.id).text;
    expect(jayText).toContain(groupWording.presenter.noActions);
    expect(jayText).toContain('Notes on actions: No new actions: the plan stands until the review on Friday.');
    expect(jayText).toContain('Immediate concerns escalated\n18 November 2026 at 10:40: Jay said an adult at the weekend house hit him. Action taken: Tom phoned the MASH during the break.');
    expect(presenterSummary(content, tilly.id).text).not.toContain('Immediate concerns');
  });

  it('throws for a consultation that did not take place in the session', () => {
    expect(() => presenterSummary(session(), 'consult-9999')).toThrow(/consult-9999/);
  });
});

describe('attendance record', () => {
  it('records a present member who presented, with the themes’ tags and not their text', () => {
    const record = attendanceRecord(session(), priya.personId);
    expect(record.person).toEqual(priya);
    expect(record.attendance).toBe('present');
    expect(record.presented).toBe(true);
    expect(record.facilitated).toBe(false);
    expect(record.themeTags).toEqual(themeTagCounts);
    expect(record.untagged).toBe(1);
    expect(record.text).toContain('Group safeguarding supervision — attendance record');
    expect(record.text).toContain('Name: Priya Shah (Health Visitor)');
    expect(record.text).toContain('Group: North locality health visiting group');
    expect(record.text).toContain('Date: 18 November 2026');
    expect(record.text).toContain('Facilitator: Ruth Okafor (Named Nurse for Safeguarding)');
    expect(record.text).toContain('Attendance: Present');
    expect(record.text).toContain('You presented a case for consultation.');
    expect(record.text).toContain('neglect (2), escalation (1), information sharing (1), professional disagreement (1)');
    expect(record.text).toContain('Themes without a tag: 1');
    for (const t of themes) expect(record.text).not.toContain(t.text);
    expect(`${JSON.stringify(record)}`).not.toMatch(/Tilly|Jay|Smith|consult-/);
  });

  it('records a present member who did not present, and the facilitator', () => {
    const leeRecord = attendanceRecord(session(), lee.personId);
    expect(leeRecord.attendance).toBe('present');
    expect(leeRecord.presented).toBe(false);
    expect(leeRecord.text).toContain('You did not present a case.');
    const ruth = attendanceRecord(session(), facilitator.personId);
    expect(ruth.facilitated).toBe(true);
    expect(ruth.text).toContain('You facilitated this session.');
  });

  it('records apologies and absence', () => {
    const deeRecord = attendanceRecord(session(), dee.personId);
    expect(deeRecord.attendance).toBe('apologies');
    expect(deeRecord.presented).toBe(false);
    expect(deeRecord.text).toContain('Attendance: Apologies');
    const samRecord = attendanceRecord(session(), sam.personId);
    expect(samRecord.attendance).toBe('absent');
    expect(samRecord.text).toContain('Attendance: Absent');
    expect(samRecord.text).toContain('Themes discussed (by tag)');
  });

  it('never shows a tag that names a child, and throws for someone not in the group', () => {
    const record = attendanceRecord(session({ themes: withTheme(3, { tags: ['Tilly'] }) }), lee.personId);
    expect(record.text).not.toMatch(/Tilly/i);
    expect(record.themeTags).toContainEqual({ tag: '[another child]', count: 1 });
    expect(() => attendanceRecord(session(), 'person-nobody')).toThrow(/person-nobody/);
  });
});

describe('theme comparison', () => {
  const september = session({
    sessionId: 'group-session-0000',
    date: '2026-09-16',
    consultations: [],
    themes: [
      theme(5, 'Thresholds for early help differ between the two areas', ['escalation']),
      theme(6, 'Home conditions in temporary accommodation', ['neglect']),
      theme(7, 'Caseloads after the vacancies', ['workload']),
    ],
    vocabulary: ['neglect', 'escalation', 'workload'],
  });
  const january = session({
    sessionId: 'group-session-0002',
    date: '2027-01-20',
    consultations: [],
    themes: [
      theme(8, 'Fathers and partners missing from assessments', ['domestic abuse', 'information sharing']),
      theme(9, 'Feeling unsupported after a serious incident', []),
    ],
  });

  it('counts each tag per session in date order, with totals and the untagged', () => {
    const comparison = themeComparison([january, session(), september]);
    expect(comparison.sessions).toEqual([
      { sessionId: 'group-session-0000', date: '2026-09-16', dateText: '16 September 2026', themes: 3 },
      { sessionId: 'group-session-0001', date: '2026-11-18', dateText: '18 November 2026', themes: 4 },
      { sessionId: 'group-session-0002', date: '2027-01-20', dateText: '20 January 2027', themes: 2 },
    ]);
    expect(comparison.tags).toEqual([
      { tag: 'neglect', counts: [1, 2, 0], total: 3 },
      { tag: 'escalation', counts: [1, 1, 0], total: 2 },
      { tag: 'information sharing', counts: [0, 1, 1], total: 2 },
      { tag: 'domestic abuse', counts: [0, 0, 1], total: 1 },
      { tag: 'professional disagreement', counts: [0, 1, 0], total: 1 },
      { tag: 'workload', counts: [1, 0, 0], total: 1 },
    ]);
    expect(comparison.untagged).toEqual({ counts: [0, 1, 1], total: 2 });
  });

  it('is empty for no sessions, and refuses sessions from different groups', () => {
    expect(themeComparison([])).toEqual({ sessions: [], tags: [], untagged: { counts: [], total: 0 } });
    expect(() => themeComparison([session(), { ...january, groupId: 'group-south-0001' }])).toThrow(groupWording.comparison.mixedGroups);
  });
});

describe('the themes guard and words that say who, not which', () => {
  it('does not block a theme about “a new baby” because a case is “Baby Tilly”, but blocks “Tilly”', () => {
    const generic = themesRecord(session({ themes: withTheme(0, { text: 'Pre-birth work with a new baby in a crowded home' }) }));
    expect(generic.ok).toBe(true);
    const named = themesRecord(session({ themes: withTheme(0, { text: 'Work with Tilly’s mother' }) }));
    expect(named.ok).toBe(false);
  });
});

describe('the agreement in the themes record', () => {
  it('at the group’s first recorded agreement names nobody as agreeing “again”', () => {
    const first = session({ previouslyAgreed: [] });
    const result = themesRecord({ ...first, agreement: first.agreement ? { ...first.agreement, newMembers: first.members.map((m) => m.personId) } : null });
    if (!result.ok) throw new Error('blocked');
    expect(result.record.confidentiality.newMembers).toEqual([]);
    expect(result.text).not.toContain('agreed again');
  });
});

describe('names in the themes record (issue 16)', () => {
  /** Tilly's presenter mentions her brother Kacper in the notes only. */
  const withKacper = { ...tilly, notes: { ...tilly.notes, presenting: `${tilly.notes.presenting} Her brother Kacper keeps arriving at school hungry.` } };
  const namedSession = (overrides: Partial<GroupSessionContentV1> = {}) =>
    session({
      consultations: [withKacper, jay],
      themes: withTheme(0, { text: 'Kacper keeps arriving at school hungry' }).map((t, i) => (i === 3 ? { ...t, text: 'Worried about how Ellie-May copes at home' } : t)),
      ...overrides,
    });
  const problemsOf = (content: GroupSessionContentV1): ThemesRecordProblem[] => {
    const result = themesRecord(content);
    if (result.ok) throw new Error('Expected the themes record to be blocked');
    return result.problems;
  };
  const confirmation = (themeId: string, name: string) => ({ part: { kind: 'theme' as const, themeId }, name, confirmedBy: facilitator.personId, confirmedAt: '2026-11-18T11:00:00Z' });

  it('blocks the record for a name in the presenter’s notes and for a name found by language analysis, not only case labels', () => {
    const problems = problemsOf(namedSession());
    expect(problems.map(({ where, term, message }) => ({ where, term, message }))).toEqual([
      {
        where: 'Theme 1',
        term: 'Kacper',
        message: '“Kacper” is a name in this session’s notes. Reword it, or confirm it is not a child or family member, before the themes record is circulated.',
      },
      {
        where: 'Theme 4',
        term: 'Ellie-May',
        message: '“Ellie-May” looks like a person’s name. Reword it, or confirm it is not a child or family member, before the themes record is circulated.',
      },
    ]);
    expect(problems.map((p) => p.nameFlag?.part)).toEqual([
      { kind: 'theme', themeId: 'theme-0001' },
      { kind: 'theme', themeId: 'theme-0004' },
    ]);
  });

  it('checks the tags, the learning and the organisational issues, in any case', () => {
    const problems = problemsOf(
      namedSession({
        themes: withTheme(2, { tags: ['Neglect', 'kacper'] }),
        learning: 'We learned from how Oliwia’s mother was never offered an interpreter.',
        organisationalIssues: 'No interpreter booked for the Kowalski family.',
      }),
    );
    expect(problems.map(({ where, term }) => [where, term])).toEqual([
      ['Theme 3', 'kacper'],
      ['Learning', 'Oliwia'],
      ['Organisational issues', 'Kowalski'],
    ]);
  });

  it('is circulated once each flagged name is confirmed for its own text, and says what was checked and who confirmed', () => {
    const content = namedSession({ nameConfirmations: [confirmation('theme-0001', 'Kacper'), confirmation('theme-0004', 'ellie-may')] });
    const result = recordOf(content);
    expect(result.record.namesChecked).toEqual({ sessionNames: 4, confirmedTexts: 2, confirmedBy: [{ personId: facilitator.personId, name: 'Ruth Okafor', role: 'Named Nurse for Safeguarding' }] });
    expect(result.text).toContain(
      'Checked for names of people: the session’s case labels and presenter notes (4 names) and names found by language analysis; 2 texts confirmed as not naming a child or family member by Ruth Okafor.',
    );
    expect(themesNameFlags(content).map((f) => [f.name, f.confirmation?.confirmedBy])).toEqual([
      ['Kacper', facilitator.personId],
      ['Ellie-May', facilitator.personId],
    ]);
  });

  it('says when nothing needed confirming', () => {
    expect(recordOf(session()).text).toContain(
      'Checked for names of people: the session’s case labels and presenter notes (3 names) and names found by language analysis; no text needed confirming as not naming a child or family member.',
    );
  });

  it('does not take a confirmation for another text or another name, nor one for a case label', () => {
    const elsewhere = problemsOf(namedSession({ nameConfirmations: [confirmation('theme-0002', 'Kacper'), confirmation('theme-0001', 'Ellie-May')] }));
    expect(elsewhere.map((p) => p.term)).toEqual(['Kacper', 'Ellie-May']);
    const label = problemsOf(session({ themes: withTheme(0, { text: 'Tilly’s weight' }), nameConfirmations: [confirmation('theme-0001', 'Tilly')] }));
    expect(label).toEqual([{ where: 'Theme 1', term: 'Tilly', message: groupWording.themes.problem('Tilly') }]);
  });

  it('still lets words that say who, not which, through', () => {
    const result = themesRecord(namedSession({ themes: withTheme(0, { text: 'Mum, dad and the new baby: a family where the older brother cares for everyone' }).slice(0, 3) }));
    expect(result.ok).toBe(true);
  });

  it('parses a session saved before the names check, without confirmations', () => {
    const { nameConfirmations: _none, ...before } = session();
    expect($GroupSessionContentV1.parse(before)).toEqual(before);
    expect(recordOf(before).record.namesChecked.confirmedTexts).toBe(0);
  });
});
