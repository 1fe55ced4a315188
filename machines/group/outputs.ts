/**
 * The outputs of a group supervision session, as pure functions of its content:
 *
 * - the themes record the session lead circulates (Derby 7.3): attendance, the group's
 *   confidentiality agreement, the themes and their tags, the learning and the
 *   organisational issues. It carries nothing that identifies a child: no case labels,
 *   consultation notes, questions or actions. Before it is produced, every typed part of it
 *   is checked (nameCheck.ts) for any part of a case label and for people's names; a case
 *   label BLOCKS the record until the facilitator rewords it, and so does a name until it
 *   is reworded or the facilitator confirms it is not a child or family member, because a
 *   circulated record cannot be un-circulated. The record says what was checked;
 * - the presenter's child-record summary, naming that child only (Temple: "the records
 *   should reflect that this was a group discussion");
 * - each member's own attendance record;
 * - the themes counted and compared across a group's sessions (comparison.ts, apart so the
 *   group's page does not load the themes record's checks).
 */
import {
  attendanceMarks,
  type AttendanceMark,
  type ConsultationV1,
  type GroupMemberV1,
  type GroupSessionContentV1,
  type NameConfirmationV1,
  type ThemesRecordPartV1,
} from '../model/group.ts';
import type { ActionOwner } from '../model/record.ts';
import { formatDate, formatInstant } from '../dates/format.ts';
import { withholdOtherChildren } from '../record/withhold.ts';
import { byCountThenName, comparisonWording, countTags, tagWithholder, type TagCount } from './comparison.ts';
import { sessionNameCheckOf } from './nameCheck.ts';
import { nameKey, type NameSource } from '../review/names.ts';
import { labelled, sentence } from '../record/wording.ts';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The fixed words of every group output. */
export const groupWording = {
  nothingRecorded: 'Nothing recorded',
  none: 'None',
  unknownPerson: 'A person no longer in the group',
  person: (name: string, role: string) => (role.trim() ? `${name} (${role.trim()})` : name),
  marks: { present: 'Present', apologies: 'Apologies', absent: 'Absent', notRecorded: 'Not recorded' } as Record<
    AttendanceMark | 'notRecorded',
    string
  >,
  themes: {
    title: 'Group safeguarding supervision — themes record',
    group: 'Group',
    date: 'Date',
    facilitator: 'Facilitator',
    attendanceHeading: 'Attendance',
    markLine: (mark: string, people: string) => `${mark}: ${people}`,
    confidentialityHeading: 'Confidentiality',
    agreed: 'The group’s confidentiality boundaries and ground rules were agreed at this session by those present.',
    reagreed: (people: string) => `They were agreed again with the members new to the group: ${people}.`,
    notAgreed: 'The group’s confidentiality boundaries and ground rules were not recorded as agreed at this session.',
    themesOnly: 'This record gives the themes of the discussion only. It carries no names of children or families and no case detail.',
    themesHeading: 'Themes',
    noThemes: 'No themes were recorded.',
    tags: 'Tags',
    noTags: 'No tags',
    countsHeading: 'Themes by tag',
    count: (tag: string, n: number) => `${tag}: ${plural(n, 'theme', 'themes')}`,
    untagged: (n: number) => `Without a tag: ${plural(n, 'theme', 'themes')}`,
    learningHeading: 'Learning',
    organisationalHeading: 'Organisational issues to raise',
    where: {
      theme: (n: number): ThemeWhere => `Theme ${n}`,
      learning: 'Learning',
      organisationalIssues: 'Organisational issues',
    },
    problem: (term: string) =>
      `“${term}” could identify a child discussed in this session. Reword it before the themes record is circulated.`,
    nameProblem: (name: string, source: NameSource) =>
      `${source === 'known' ? `“${name}” is a name in this session’s notes.` : `“${name}” looks like a person’s name.`} Reword it, or confirm it is not a child or family member, before the themes record is circulated.`,
    namesChecked: (sessionNames: number, confirmedTexts: number, by: string) =>
      `Checked for names of people: the session’s case labels and presenter notes (${plural(sessionNames, 'name', 'names')}) and names found by language analysis; ${
        confirmedTexts === 0
          ? 'no text needed confirming as not naming a child or family member.'
          : `${plural(confirmedTexts, 'text', 'texts')} confirmed as not naming a child or family member by ${by}.`
      }`,
  },
  presenter: {
    heading: (label: string) => `Safeguarding group supervision — entry for ${label}`,
    date: 'Date of supervision',
    discussed: (label: string, group: string) =>
      group.trim()
        ? `This child or family (${label}) was discussed in group supervision (${group.trim()}).`
        : `This child or family (${label}) was discussed in group supervision.`,
    facilitator: 'Facilitator',
    presenter: 'Presented by',
    colleagues: (n: number) =>
      n === 0 ? 'No other colleagues were present.' : `${plural(n, 'other colleague', 'other colleagues')} from the group ${n === 1 ? 'was' : 'were'} present.`,
    question: 'The presenter’s question',
    summaryHeading: 'Summary of the discussion',
    phases: {
      presenting: 'The case as presented',
      reflecting: 'The group’s reflections and hypotheses',
      responding: 'The presenter’s response',
    },
    notComplete: 'The consultation was not completed before its actions were agreed.',
    actionsHeading: 'Agreed actions and timescales',
    actionNotes: 'Notes on actions',
    noActions: 'No actions were agreed for this child or family in this group supervision.',
    ownedBy: { facilitator: 'Facilitator', presenter: 'Presenter' },
    noOwner: 'no owner recorded',
    otherUnnamed: 'another person (not named)',
    due: (date: string) => `by ${date}`,
    noDueDate: 'no due date recorded',
    escalationsHeading: 'Immediate concerns escalated',
    escalation: (time: string, concern: string, actionTaken: string) =>
      `${time}: ${sentence(concern)} Action taken: ${sentence(actionTaken)}`,
    noEscalationAction: 'No action recorded',
  },
  attendance: {
    title: 'Group safeguarding supervision — attendance record',
    name: 'Name',
    group: 'Group',
    date: 'Date',
    facilitator: 'Facilitator',
    attendance: 'Attendance',
    facilitated: 'You facilitated this session.',
    presented: 'You presented a case for consultation.',
    didNotPresent: 'You did not present a case.',
    themesHeading: 'Themes discussed (by tag)',
    tag: (tag: string, n: number) => `${tag} (${n})`,
    noTags: 'No tagged themes were recorded.',
    untagged: (n: number) => `Themes without a tag: ${n}`,
  },
  comparison: comparisonWording,
} as const;

const w = groupWording;

// ---------------------------------------------------------------------------------------
// Shared helpers

export type GroupPerson = { personId: string; name: string; role: string };

function nothingOr(text: string): string {
  return text.trim() || w.nothingRecorded;
}

/** Everyone the session knows by id: the facilitator and the members. */
function peopleOf(content: GroupSessionContentV1): Map<string, GroupMemberV1> {
  const people = new Map<string, GroupMemberV1>();
  people.set(content.facilitator.personId, content.facilitator);
  for (const member of content.members) people.set(member.personId, member);
  return people;
}

function personOf(content: GroupSessionContentV1, personId: string): GroupPerson {
  const found = peopleOf(content).get(personId);
  return found ? { personId, name: found.name, role: found.role } : { personId, name: w.unknownPerson, role: '' };
}

function personText(person: GroupPerson): string {
  return w.person(person.name, person.role);
}

// ---------------------------------------------------------------------------------------
// 1. The themes record

export type ThemeWhere = `Theme ${number}`;

export type ThemesRecordProblem = {
  where: ThemeWhere | 'Learning' | 'Organisational issues';
  /** The part of a case label found (as it is in the label), or the name (as written). */
  term: string;
  message: string;
  /** When it is a name, not a case label: the flag the facilitator can confirm. */
  nameFlag?: NameFlag;
};

/** A word in a part of the themes record that looks like a person's name (not a case label's). */
export type NameFlag = {
  part: ThemesRecordPartV1;
  where: ThemesRecordProblem['where'];
  /** As written in the text (first spelling in the part). */
  name: string;
  /** In the session's notes, or found by language analysis. */
  source: NameSource;
  /** The facilitator's confirmation that it is not a child or family member, if given for this wording. */
  confirmation: NameConfirmationV1 | null;
};

export type ThemesRecord = {
  sessionId: string;
  groupId: string;
  /** The session's date (YYYY-MM-DD) and as written in the record. */
  date: string;
  dateText: string;
  groupName: string;
  facilitator: GroupPerson;
  attendance: Record<AttendanceMark, GroupPerson[]>;
  confidentiality: {
    agreed: boolean;
    agreedAt: string | null;
    /** Members agreeing the boundaries for the first time at this session. */
    newMembers: GroupPerson[];
  };
  themes: { number: number; text: string; tags: string[] }[];
  /** Themes per tag, most first. */
  tagCounts: TagCount[];
  untagged: number;
  learning: string;
  organisationalIssues: string;
  /** What was checked before it could be circulated. */
  namesChecked: {
    /** Names the session's case labels and notes hold. */
    sessionNames: number;
    /** Parts (a theme, the learning, the issues) with a name confirmed as not a child or family member. */
    confirmedTexts: number;
    confirmedBy: GroupPerson[];
  };
};

export type ThemesRecordResult = { ok: true; record: ThemesRecord; text: string } | { ok: false; problems: ThemesRecordProblem[] };

type RecordPart = { part: ThemesRecordPartV1; where: ThemesRecordProblem['where']; texts: string[] };

/** Every typed part of the themes record, in its order. */
function recordParts(content: GroupSessionContentV1): RecordPart[] {
  return [
    ...content.themes.map((theme, index): RecordPart => ({ part: { kind: 'theme', themeId: theme.id }, where: w.themes.where.theme(index + 1), texts: [theme.text, ...theme.tags] })),
    { part: { kind: 'learning' }, where: w.themes.where.learning, texts: [content.learning] },
    { part: { kind: 'organisationalIssues' }, where: w.themes.where.organisationalIssues, texts: [content.organisationalIssues] },
  ];
}

export function samePart(a: ThemesRecordPartV1, b: ThemesRecordPartV1): boolean {
  return a.kind === b.kind && (a.kind !== 'theme' || (b.kind === 'theme' && a.themeId === b.themeId));
}

/** Each part's case-label terms and name flags, each once. */
function checkParts(content: GroupSessionContentV1): { where: RecordPart['where']; labelTerms: string[]; names: NameFlag[] }[] {
  const check = sessionNameCheckOf(content);
  const confirmations = content.nameConfirmations ?? [];
  return recordParts(content).map(({ part, where, texts }) => {
    const labelTerms = new Map<string, string>();
    const names = new Map<string, NameFlag>();
    for (const text of texts)
      for (const flag of check.flagsIn(text)) {
        const key = nameKey(flag.term);
        if (flag.kind === 'caseLabel') {
          if (!labelTerms.has(key)) labelTerms.set(key, flag.term);
        } else if (!names.has(key)) {
          const confirmation = confirmations.find((c) => samePart(c.part, part) && nameKey(c.name) === key) ?? null;
          names.set(key, { part, where, name: flag.term, source: flag.source, confirmation });
        }
      }
    return { where, labelTerms: [...labelTerms.values()], names: [...names.values()] };
  });
}

/** Every name flagged in the themes record's typed parts, confirmed or not. */
export function themesNameFlags(content: GroupSessionContentV1): NameFlag[] {
  return checkParts(content).flatMap((p) => p.names);
}

/**
 * What stops the themes record being circulated: anything in it that could identify a
 * child. In each part, case-label terms first (never confirmable), then names not confirmed.
 */
export function themesRecordProblems(content: GroupSessionContentV1): ThemesRecordProblem[] {
  return checkParts(content).flatMap(({ where, labelTerms, names }) => [
    ...labelTerms.map((term) => ({ where, term, message: w.themes.problem(term) })),
    ...names.filter((flag) => !flag.confirmation).map((flag) => ({ where, term: flag.name, message: w.themes.nameProblem(flag.name, flag.source), nameFlag: flag })),
  ]);
}

function attendanceOf(content: GroupSessionContentV1): Record<AttendanceMark, GroupPerson[]> {
  const byMark: Record<AttendanceMark, GroupPerson[]> = { present: [], apologies: [], absent: [] };
  const ordered = [...peopleOf(content).keys()];
  for (const personId of Object.keys(content.attendance)) if (!ordered.includes(personId)) ordered.push(personId);
  for (const personId of ordered) {
    const mark = content.attendance[personId];
    if (mark) byMark[mark].push(personOf(content, personId));
  }
  return byMark;
}

function buildThemesRecord(content: GroupSessionContentV1): ThemesRecord {
  const { counts, untagged } = countTags(content.themes, content.vocabulary);
  return {
    sessionId: content.sessionId,
    groupId: content.groupId,
    date: content.date,
    dateText: formatDate(content.date),
    groupName: content.groupName,
    facilitator: personOf(content, content.facilitator.personId),
    attendance: attendanceOf(content),
    confidentiality: {
      agreed: content.agreement !== null,
      agreedAt: content.agreement?.agreedAt ?? null,
      // At a group's first recorded agreement nobody is "new": there was nothing to agree again.
      newMembers: content.previouslyAgreed.length === 0 ? [] : (content.agreement?.newMembers ?? []).map((id) => personOf(content, id)),
    },
    themes: content.themes.map((theme, index) => ({
      number: index + 1,
      text: theme.text.trim(),
      tags: theme.tags.map((t) => t.trim()).filter(Boolean),
    })),
    tagCounts: [...counts.values()].sort(byCountThenName),
    untagged,
    learning: content.learning.trim(),
    organisationalIssues: content.organisationalIssues.trim(),
    namesChecked: namesCheckedOf(content),
  };
}

function namesCheckedOf(content: GroupSessionContentV1): ThemesRecord['namesChecked'] {
  const confirmed = themesNameFlags(content).flatMap((flag) => (flag.confirmation ? [flag.confirmation] : []));
  const parts: ThemesRecordPartV1[] = [];
  for (const c of confirmed) if (!parts.some((p) => samePart(p, c.part))) parts.push(c.part);
  return {
    sessionNames: sessionNameCheckOf(content).sessionNames.length,
    confirmedTexts: parts.length,
    confirmedBy: [...new Set(confirmed.map((c) => c.confirmedBy))].map((id) => personOf(content, id)),
  };
}

/** The record's statement of what was checked for names. */
export function namesCheckedText(record: Pick<ThemesRecord, 'namesChecked'>): string {
  const { sessionNames, confirmedTexts, confirmedBy } = record.namesChecked;
  return w.themes.namesChecked(sessionNames, confirmedTexts, confirmedBy.map((p) => p.name).join(' and '));
}

export function themesRecordText(record: ThemesRecord): string {
  const t = w.themes;
  const people = (list: GroupPerson[]) => (list.length === 0 ? w.none : list.map(personText).join('; '));
  const groups: string[][] = [
    [
      t.title,
      labelled(t.group, record.groupName.trim() || w.nothingRecorded),
      labelled(t.date, record.dateText),
      labelled(t.facilitator, personText(record.facilitator)),
    ],
    [t.attendanceHeading, ...attendanceMarks.map((mark) => t.markLine(w.marks[mark], people(record.attendance[mark])))],
    [
      t.confidentialityHeading,
      record.confidentiality.agreed ? t.agreed : t.notAgreed,
      ...(record.confidentiality.agreed && record.confidentiality.newMembers.length > 0
        ? [t.reagreed(record.confidentiality.newMembers.map(personText).join('; '))]
        : []),
      t.themesOnly,
      namesCheckedText(record),
    ],
    [
      t.themesHeading,
      ...(record.themes.length === 0
        ? [t.noThemes]
        : record.themes.flatMap((theme) => [
            `${theme.number}. ${theme.text}`,
            `   ${labelled(t.tags, theme.tags.length === 0 ? t.noTags : theme.tags.join(', '))}`,
          ])),
    ],
    [t.countsHeading, ...record.tagCounts.map((c) => t.count(c.tag, c.count)), t.untagged(record.untagged)],
    [t.learningHeading, nothingOr(record.learning)],
    [t.organisationalHeading, nothingOr(record.organisationalIssues)],
  ];
  return `${groups.map((g) => g.join('\n')).join('\n\n')}\n`;
}

/**
 * The themes record to circulate, or the problems that block it. It is never produced with
 * redactions: a reworded theme reads better than "[another child]", and a blocked record
 * makes the facilitator look at exactly what would have gone out.
 */
export function themesRecord(content: GroupSessionContentV1): ThemesRecordResult {
  const problems = themesRecordProblems(content);
  if (problems.length > 0) return { ok: false, problems };
  const record = buildThemesRecord(content);
  return { ok: true, record, text: themesRecordText(record) };
}

// ---------------------------------------------------------------------------------------
// 2. The presenter's child-record summary

/** An action agreed for the presenter's child, as the entry writes it (other children withheld). */
export type PresenterAction = { number: number; what: string; owner: string; due: string };

/** A part of the entry under its heading; the actions part lists its actions before its lines. */
export type PresenterSection = { heading: string; lines: string[]; actions?: { items: PresenterAction[]; emptyText: string } };

export type PresenterSummary = {
  consultationId: string;
  caseLabel: string;
  /** The session's date (YYYY-MM-DD), never the day the summary is made. */
  date: string;
  /** The entry as parts (for Word); `text` is the same words as plain text. */
  title: string;
  intro: string[];
  sections: PresenterSection[];
  text: string;
  /** Other children's labels (and parts of them) replaced by "[another child]". */
  withheld: string[];
};

function ownerText(content: GroupSessionContentV1, consultation: ConsultationV1, owner: ActionOwner): string {
  const p = w.presenter;
  switch (owner.kind) {
    case 'supervisor':
      return `${p.ownedBy.facilitator} (${personOf(content, consultation.roles.facilitatorId).name})`;
    case 'supervisee':
      return `${p.ownedBy.presenter} (${personOf(content, consultation.presenterId).name})`;
    case 'other':
      return owner.name.trim() || p.otherUnnamed;
    default:
      return p.noOwner;
  }
}

export function presenterSummary(content: GroupSessionContentV1, consultationId: string): PresenterSummary {
  const consultation = content.consultations.find((c) => c.id === consultationId);
  if (!consultation) throw new Error(`No consultation ${consultationId} took place in group session ${content.sessionId}`);
  const p = w.presenter;
  const caseLabel = consultation.caseLabel.trim();
  const otherLabels = content.consultations.filter((c) => c.id !== consultationId).map((c) => c.caseLabel);
  const withholder = withholdOtherChildren(caseLabel, otherLabels);
  const withhold = withholder.withhold;
  const typed = (text: string) => withhold(nothingOr(text));

  const facilitator = personOf(content, consultation.roles.facilitatorId);
  const presenter = personOf(content, consultation.presenterId);
  const colleagues = Object.entries(content.attendance).filter(
    ([id, mark]) => mark === 'present' && id !== facilitator.personId && id !== presenter.personId,
  ).length;
  const escalations = content.escalations.filter((e) => e.caseId === consultationId);

  const title = p.heading(caseLabel);
  const intro = [
    labelled(p.date, formatDate(content.date)),
    p.discussed(caseLabel, withhold(content.groupName)),
    `${labelled(p.facilitator, withhold(personText(facilitator)))}.`,
    `${labelled(p.presenter, withhold(personText(presenter)))}.`,
    p.colleagues(colleagues),
  ];
  const actions: PresenterAction[] = consultation.actions.map((action, index) => ({
    number: index + 1,
    what: typed(action.what),
    owner: withhold(ownerText(content, consultation, action.owner)),
    due: action.dueDate ? p.due(formatDate(action.dueDate)) : p.noDueDate,
  }));
  const sections: PresenterSection[] = [
    { heading: p.question, lines: [typed(consultation.question)] },
    {
      heading: p.summaryHeading,
      lines: [
        labelled(p.phases.presenting, typed(consultation.notes.presenting)),
        labelled(p.phases.reflecting, typed(consultation.notes.reflecting)),
        labelled(p.phases.responding, typed(consultation.notes.responding)),
        ...(consultation.complete ? [] : [p.notComplete]),
      ],
    },
    {
      heading: p.actionsHeading,
      actions: { items: actions, emptyText: p.noActions },
      lines: consultation.notes.actions.trim() ? [labelled(p.actionNotes, withhold(consultation.notes.actions.trim()))] : [],
    },
    ...(escalations.length === 0
      ? []
      : [
          {
            heading: p.escalationsHeading,
            lines: escalations.map((e) =>
              p.escalation(formatInstant(e.raisedAt), withhold(e.concern.trim()), withhold(e.actionTaken.trim() || p.noEscalationAction)),
            ),
          },
        ]),
  ];
  const groups: string[][] = [
    [title],
    intro,
    ...sections.map((section) => [
      section.heading,
      ...(section.actions
        ? section.actions.items.length === 0
          ? [section.actions.emptyText]
          : section.actions.items.map((a) => `${a.number}. ${a.what} — ${a.owner}; ${a.due}.`)
        : []),
      ...section.lines,
    ]),
  ];

  return {
    consultationId,
    caseLabel,
    date: content.date,
    title,
    intro,
    sections,
    text: `${groups.map((g) => g.join('\n')).join('\n\n')}\n`,
    withheld: withholder.withheld(),
  };
}

// ---------------------------------------------------------------------------------------
// 3. A member's attendance record

export type AttendanceRecord = {
  person: GroupPerson;
  date: string;
  dateText: string;
  groupName: string;
  facilitator: GroupPerson;
  /** Null when the register has no mark for them. */
  attendance: AttendanceMark | null;
  facilitated: boolean;
  /** Whether they presented a case (never which). */
  presented: boolean;
  /** The themes' tags, most first; no theme text. */
  themeTags: TagCount[];
  untagged: number;
  text: string;
};

export function attendanceRecord(content: GroupSessionContentV1, personId: string): AttendanceRecord {
  const known = peopleOf(content).has(personId) || personId in content.attendance;
  if (!known) throw new Error(`${personId} is not a member of group session ${content.sessionId}`);
  const a = w.attendance;
  const person = personOf(content, personId);
  const facilitator = personOf(content, content.facilitator.personId);
  const attendance = content.attendance[personId] ?? null;
  const facilitated = personId === content.facilitator.personId;
  const presented = content.consultations.some((c) => c.presenterId === personId);
  // Tags are typed; none reaches a member's record carrying part of a child's label.
  const { counts, untagged } = countTags(content.themes, content.vocabulary, tagWithholder(content));
  const themeTags = [...counts.values()].sort(byCountThenName);

  const lines = [
    a.title,
    labelled(a.name, personText(person)),
    labelled(a.group, content.groupName.trim() || w.nothingRecorded),
    labelled(a.date, formatDate(content.date)),
    labelled(a.facilitator, personText(facilitator)),
    labelled(a.attendance, w.marks[attendance ?? 'notRecorded']),
    ...(facilitated ? [a.facilitated] : []),
    presented ? a.presented : a.didNotPresent,
  ];
  const themes = [
    a.themesHeading,
    themeTags.length === 0 ? a.noTags : themeTags.map((t) => a.tag(t.tag, t.count)).join(', '),
    ...(untagged > 0 ? [a.untagged(untagged)] : []),
  ];

  return {
    person,
    date: content.date,
    dateText: formatDate(content.date),
    groupName: content.groupName,
    facilitator,
    attendance,
    facilitated,
    presented,
    themeTags,
    untagged,
    text: `${lines.join('\n')}\n\n${themes.join('\n')}\n`,
  };
}

export { themeComparison, type TagCount, type ThemeComparison } from './comparison.ts';
