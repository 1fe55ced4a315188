/**
 * The compliance domain: frequency rules from the five policies and whether each person is up
 * to date (at the boundaries: the day before, on and after a due date or a half term's end;
 * 29 February; month ends), rebooking clocks (Devon two weeks, South Gloucestershire the same
 * day), urgent supervision within 24 hours, calendar files checked by a small RFC 5545 parser,
 * the swingometer of the four functions, and the compliance report and its CSV, which never
 * carry case content. Every date is injected: nothing here reads the clock.
 */
import { describe, expect, it } from 'vitest';
import type { SessionContentV1 } from '../../machines/model/record.ts';
import { sectionsFor, type SectionV1 } from '../../machines/model/template.ts';
import { addDays, addMonths, daysBetween, isCalendarDate, isLeapYear } from '../../machines/compliance/dates.ts';
import {
  $FrequencyRuleV1,
  complianceStatus,
  countInLastYear,
  describeRule,
  exampleHalfTerms2025to26,
  findPreset,
  frequencyPresets,
  nextDue,
  nextDueOf,
  otherPresets,
  somersetPresets,
  spacingDays,
  type FrequencyRuleV1,
  type HalfTermV1,
} from '../../machines/compliance/frequency.ts';
import {
  $AppointmentV1,
  DEVON_REBOOK_WITHIN_DAYS,
  ICS_DESCRIPTION,
  type IcsReminder,
  appointmentToIcs,
  bookingsFromSignedSession,
  DEFAULT_MEETING_MINUTES,
  londonToEpochMs,
  rebookingStatus,
  rebookingTarget,
  urgentStatus,
  type AppointmentInput,
  type AppointmentV1,
  type RebookingRuleV1,
} from '../../machines/compliance/schedule.ts';
import { escapeIcsText, foldIcsLine } from '../../machines/compliance/ics.ts';
import { eventOf, octets, parseIcs, prop, unescapeText } from '../fixtures/ics.ts';
import {
  MANAGEMENT_DOMINANT_SHARE,
  SUPPORT_DOMINANT_SHARE,
  balanceOverTime,
  balanceWarning,
  caseFunctions,
  functionBalance,
  type FunctionShares,
} from '../../machines/compliance/balance.ts';
import { models } from '../../machines/models/index.ts';
import { supervisionFunctions } from '../../machines/model/template.ts';
import { complianceReport, csvField, isSigned, reportToCsv, type ComplianceRow } from '../../machines/compliance/report.ts';
import { derby, sessionContent, signature, southGlos, temple } from './fixtures.ts';

// ---------------------------------------------------------------------------------------
// Builders

/** Appears in every piece of case content the report and calendar tests build. */
const MARKER = 'ZZ-CASE-MARKER-7731';

/** An empty Derby record (no previous actions), as the session machine starts one. */
const baseContent: SessionContentV1 = sessionContent({ date: '2026-01-15' }, { date: '2026-01-15', previousActions: [] });

function content(overrides: Partial<SessionContentV1> = {}): SessionContentV1 {
  return { ...structuredClone(baseContent), ...overrides };
}

function discussed(id: string, label: string, text: string): SessionContentV1['cases'][number] {
  return {
    id,
    label,
    chosenBy: null,
    stages: { experience: { notes: text }, reflection: { notes: text }, analysis: { notes: text }, actionPlanning: { notes: text } },
    skipped: {},
    complete: true,
  };
}

/** A signed session full of case content, every piece of which carries the marker. */
function markedSession(sessionId: string, personId: string, date: string, signed = true): SessionContentV1 {
  return content({
    sessionId,
    date,
    parties: {
      supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' },
      supervisee: { personId, name: `Supervisee ${personId}`, role: 'Health Visitor' },
    },
    answers: { 'issues-or-concerns': `Worried about ${MARKER}`, 'development-training': `Course on ${MARKER}` },
    fields: { 'since-last-supervision': { sickness: MARKER } },
    keyIssues: [{ id: 'issue-0001', text: `Issue ${MARKER}` }],
    cases: [discussed('case-0001', `Child ${MARKER}`, `Home visit ${MARKER}`)],
    noCasesReason: MARKER,
    actions: [{ id: 'action-0001', what: `Refer ${MARKER}`, owner: { kind: 'supervisee', name: '' }, dueDate: '2026-02-01', caseId: 'case-0001' }],
    escalations: [
      {
        id: 'escalation-0001',
        raisedAt: '2026-01-15T10:00:00.000Z',
        raisedDuring: 'Case discussion',
        caseId: 'case-0001',
        concern: `Concern ${MARKER}`,
        actionTaken: `Rang MASH about ${MARKER}`,
      },
    ],
    nextMeeting: { date: '2026-04-15', time: '10:00', venue: 'Room 2' },
    signatures: signed
      ? { supervisor: signature('supervisor', `${date}T11:00:00.000Z`), supervisee: signature('supervisee', `${date}T11:05:00.000Z`) }
      : { supervisor: null, supervisee: null },
  });
}

function appointment(overrides: Partial<AppointmentInput> = {}): AppointmentV1 {
  return $AppointmentV1.parse({
    id: 'appt-0001',
    personId: 'person-0001',
    date: '2026-03-10',
    time: '10:00',
    durationMinutes: 60,
    venue: 'Room 4, Riverside House',
    kind: 'planned',
    status: 'booked',
    ...overrides,
  });
}

function cancelled(overrides: Partial<AppointmentInput> = {}): AppointmentV1 {
  return appointment({ status: 'cancelled', cancelledBy: 'supervisee', cancelReason: `Off sick; ${MARKER}`, cancelledOn: '2026-03-02', ...overrides });
}

const everyThreeMonths: FrequencyRuleV1 = { kind: 'everyMonths', months: 3 };
const sixWeekly: FrequencyRuleV1 = { kind: 'everyWeeks', weeks: 6 };
const sixAYear: FrequencyRuleV1 = { kind: 'timesPerYear', times: 6 };
const halfTermly: FrequencyRuleV1 = { kind: 'halfTermly', termDates: exampleHalfTerms2025to26.map((t) => ({ ...t })) };

// ---------------------------------------------------------------------------------------
// Dates

describe('calendar arithmetic on stored dates', () => {
  it('knows 29 February exists only in leap years', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('1900-02-29')).toBe(false);
    expect(isLeapYear(2100)).toBe(false);
    expect(isCalendarDate('2026-04-31')).toBe(false);
    expect(isCalendarDate('2026-4-30')).toBe(false);
  });

  it('adds months keeping month ends, through 29 February', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
    expect(addMonths('2026-08-31', 3)).toBe('2026-11-30');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-01-15', -12)).toBe('2025-01-15');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
  });

  it('adds days across month and year ends and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });
});

// ---------------------------------------------------------------------------------------
// Rules and presets

describe('frequency rules as data', () => {
  it('parses each kind and rejects what is not a rule', () => {
    for (const rule of [everyThreeMonths, sixWeekly, sixAYear, halfTermly, { kind: 'adHoc' }]) {
      expect($FrequencyRuleV1.safeParse(rule).success).toBe(true);
    }
    expect($FrequencyRuleV1.safeParse({ kind: 'everyMonths', months: 0 }).success).toBe(false);
    expect($FrequencyRuleV1.safeParse({ kind: 'everyWeeks', weeks: 1.5 }).success).toBe(false);
    expect($FrequencyRuleV1.safeParse({ kind: 'timesPerYear', times: 0 }).success).toBe(false);
    expect($FrequencyRuleV1.safeParse({ kind: 'fortnightly' }).success).toBe(false);
    expect($FrequencyRuleV1.safeParse({ kind: 'adHoc', months: 3 }).success).toBe(false);
    expect($FrequencyRuleV1.safeParse({ kind: 'halfTermly', termDates: [] }).success).toBe(false);
  });

  it('rejects half terms that end before they start, overlap, or use a date that does not exist', () => {
    const terms = (termDates: HalfTermV1[]) => $FrequencyRuleV1.safeParse({ kind: 'halfTermly', termDates }).success;
    expect(terms([{ name: 'Autumn 1', start: '2025-10-24', end: '2025-09-03' }])).toBe(false);
    expect(terms([{ name: 'Spring 2', start: '2025-02-23', end: '2025-02-29' }])).toBe(false);
    expect(
      terms([
        { name: 'Autumn 1', start: '2025-09-03', end: '2025-10-24' },
        { name: 'Autumn 2', start: '2025-10-24', end: '2025-12-19' },
      ]),
    ).toBe(false);
    expect(
      terms([
        { name: 'Autumn 2', start: '2025-11-03', end: '2025-12-19' },
        { name: 'Autumn 1', start: '2025-09-03', end: '2025-10-24' },
      ]),
    ).toBe(true);
  });

  it('describes each rule in words', () => {
    expect(describeRule(everyThreeMonths)).toBe('Every 3 months');
    expect(describeRule(sixWeekly)).toBe('Every 6 weeks');
    expect(describeRule(sixAYear)).toBe('6 times a year');
    expect(describeRule(halfTermly)).toBe('Every half term');
    expect(describeRule({ kind: 'adHoc' })).toBe('As required (ad hoc)');
  });
});

describe('presets quote their policies', () => {
  // Written out by hand from Somerset's table "STAFF REQUIREMENTS FOR SAFEGUARDING SUPERVISION".
  const somersetTable: [role: string, wording: string, mode: string][] = [
    ['Designated Professionals', '3 monthly', 'both'],
    ['ICB Safeguarding / LeDeR Team', 'Quarterly', 'group'],
    ['GP / POD Safeguarding Leads', '3 monthly', 'both'],
    ['Named Professionals for Safeguarding (long form contracts) within provider trusts', 'Quarterly', 'both'],
    ['Safeguarding leads (short form contract services)', '6 monthly', 'group'],
    ['Deputy Named Professionals within provider trusts', '3 monthly', 'both'],
    ['Continuing Health Care (CHC) Identified Roles', '6 weekly', 'group'],
    ['SEND Team', 'Quarterly', 'group'],
    ['Complex Care Team', 'Quarterly', 'group'],
    ['ICB roles that support complex cases', 'Quarterly', 'group'],
    ['Other ICB roles', 'Ad-hoc', 'asRequired'],
  ];
  const ruleForWording: Record<string, FrequencyRuleV1> = {
    '3 monthly': everyThreeMonths,
    Quarterly: everyThreeMonths,
    '6 monthly': { kind: 'everyMonths', months: 6 },
    '6 weekly': sixWeekly,
    'Ad-hoc': { kind: 'adHoc' },
  };

  it('has every row of the Somerset table, in order, with its frequency and individual/group', () => {
    expect(somersetPresets.map((p) => [p.role, p.policyWording, p.mode])).toEqual(somersetTable);
    for (const preset of somersetPresets) {
      expect(preset.rule).toEqual(ruleForWording[preset.policyWording]);
      expect(preset.source.policy).toMatch(/Somerset/);
      expect(preset.supervisors).toBeTruthy();
    }
  });

  it('has Derby (3-monthly; looked after children 6-monthly), Temple (half-termly) and South Gloucestershire (6 a year)', () => {
    expect(findPreset('derby-designated-named')?.rule).toEqual(everyThreeMonths);
    expect(findPreset('derby-looked-after-children')?.rule).toEqual({ kind: 'everyMonths', months: 6 });
    expect(findPreset('derby-looked-after-children')?.source.section).toMatch(/Appendix 2/);
    expect(findPreset('temple-school-staff')?.rule.kind).toBe('halfTermly');
    expect(findPreset('south-gloucestershire')?.rule).toEqual(sixAYear);
    expect(otherPresets).toHaveLength(4);
  });

  it('every preset is a valid rule with a unique id and a source', () => {
    const ids = frequencyPresets.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const preset of frequencyPresets) {
      expect($FrequencyRuleV1.parse(preset.rule)).toEqual(preset.rule);
      expect(preset.source.policy.length).toBeGreaterThan(0);
      expect(preset.source.section.length).toBeGreaterThan(0);
    }
  });

  it("Temple's half terms are editable data: a copy, not the shared example", () => {
    const preset = findPreset('temple-school-staff');
    if (preset?.rule.kind !== 'halfTermly') throw new Error('Temple is half-termly');
    expect(preset.rule.termDates).toEqual(exampleHalfTerms2025to26);
    expect(preset.rule.termDates[0]).not.toBe(exampleHalfTerms2025to26[0]);
  });
});

// ---------------------------------------------------------------------------------------
// Due dates and status at the boundaries

describe('every n months', () => {
  it('is up to date, due soon from 14 days before, due soon on the day, overdue the day after', () => {
    const last = '2025-11-30';
    expect(nextDue(everyThreeMonths, last, '2025-12-01')).toBe('2026-02-28');
    expect(complianceStatus(everyThreeMonths, last, '2026-02-13')).toMatchObject({ status: 'upToDate', daysUntilDue: 15 });
    expect(complianceStatus(everyThreeMonths, last, '2026-02-14')).toMatchObject({ status: 'dueSoon', daysUntilDue: 14 });
    expect(complianceStatus(everyThreeMonths, last, '2026-02-27')).toMatchObject({ status: 'dueSoon', daysUntilDue: 1 });
    expect(complianceStatus(everyThreeMonths, last, '2026-02-28')).toMatchObject({ status: 'dueSoon', daysUntilDue: 0, dueDate: '2026-02-28' });
    expect(complianceStatus(everyThreeMonths, last, '2026-03-01')).toMatchObject({ status: 'overdue', daysUntilDue: -1 });
  });

  it('reaches 29 February in a leap year and the month end otherwise', () => {
    expect(nextDue(everyThreeMonths, '2023-11-30', '2024-01-01')).toBe('2024-02-29');
    expect(complianceStatus(everyThreeMonths, '2023-11-30', '2024-02-29').status).toBe('dueSoon');
    expect(complianceStatus(everyThreeMonths, '2023-11-30', '2024-03-01').status).toBe('overdue');
    expect(nextDue({ kind: 'everyMonths', months: 6 }, '2024-02-29', '2024-03-01')).toBe('2024-08-29');
    expect(nextDue({ kind: 'everyMonths', months: 12 }, '2024-02-29', '2024-03-01')).toBe('2025-02-28');
    expect(nextDue(everyThreeMonths, '2026-08-31', '2026-09-01')).toBe('2026-11-30');
  });

  it('is due now when nothing has been signed yet', () => {
    expect(complianceStatus(everyThreeMonths, null, '2026-05-05')).toEqual({
      status: 'dueSoon',
      dueDate: '2026-05-05',
      daysUntilDue: 0,
      neverHeld: true,
      problem: null,
    });
  });

  it('takes a different due-soon window', () => {
    expect(complianceStatus(everyThreeMonths, '2025-11-30', '2026-02-20', 7).status).toBe('upToDate');
    expect(complianceStatus(everyThreeMonths, '2025-11-30', '2026-02-21', 7).status).toBe('dueSoon');
  });
});

describe('six-weekly (Somerset CHC roles)', () => {
  it('is due 42 days after the last session, with the boundaries either side', () => {
    expect(nextDue(sixWeekly, '2026-01-05', '2026-01-06')).toBe('2026-02-16');
    expect(complianceStatus(sixWeekly, '2026-01-05', '2026-02-01').status).toBe('upToDate');
    expect(complianceStatus(sixWeekly, '2026-01-05', '2026-02-02').status).toBe('dueSoon');
    expect(complianceStatus(sixWeekly, '2026-01-05', '2026-02-15').status).toBe('dueSoon');
    expect(complianceStatus(sixWeekly, '2026-01-05', '2026-02-16').status).toBe('dueSoon');
    expect(complianceStatus(sixWeekly, '2026-01-05', '2026-02-17').status).toBe('overdue');
  });

  it('counts 29 February as a day', () => {
    expect(nextDue(sixWeekly, '2024-02-01', '2024-02-02')).toBe('2024-03-14');
    expect(nextDue(sixWeekly, '2025-02-01', '2025-02-02')).toBe('2025-03-15');
    expect(nextDue(sixWeekly, '2024-01-18', '2024-01-19')).toBe('2024-02-29');
  });
});

describe('six times a year (South Gloucestershire), spread evenly', () => {
  it('is due floor(365 / 6) = 60 days after the last session', () => {
    expect(spacingDays(6)).toBe(60);
    expect(spacingDays(1)).toBe(365);
    expect(nextDue(sixAYear, '2026-01-10', '2026-01-11')).toBe('2026-03-11');
    expect(nextDue(sixAYear, '2024-01-10', '2024-01-11')).toBe('2024-03-10');
    expect(complianceStatus(sixAYear, '2026-01-10', '2026-03-11').status).toBe('dueSoon');
    expect(complianceStatus(sixAYear, '2026-01-10', '2026-03-12').status).toBe('overdue');
  });

  it('sessions every 60 days make six in twelve months', () => {
    const dates = Array.from({ length: 6 }, (_, i) => addDays('2026-01-10', i * 60));
    expect(dates.at(-1)).toBe('2026-11-06');
    expect(countInLastYear(sixAYear, dates, '2026-12-31')).toEqual({ held: 6, required: 6, shortBy: 0, from: '2026-01-01', to: '2026-12-31' });
    // A year after the first session it drops out of the window.
    expect(countInLastYear(sixAYear, dates, '2027-01-10')?.held).toBe(5);
    expect(countInLastYear(sixAYear, dates, '2027-01-09')?.held).toBe(6);
  });

  it('counts the 12 months to today: a session exactly a year ago is outside, the next day inside', () => {
    const dates = ['2025-12-31', '2026-01-01', '2026-06-30', '2027-01-01'];
    expect(countInLastYear(sixAYear, dates, '2026-12-31')).toMatchObject({ held: 2, shortBy: 4 });
    // Today 29 February: the window starts 1 March 2023.
    expect(countInLastYear(sixAYear, ['2023-02-28', '2023-03-01', '2024-02-29'], '2024-02-29')).toMatchObject({ held: 2, from: '2023-03-01' });
    expect(countInLastYear(everyThreeMonths, dates, '2026-12-31')).toBeNull();
  });
});

describe('half-termly (Temple), from editable term dates', () => {
  // Autumn 1: 3 Sep – 24 Oct 2025; Autumn 2: 3 Nov – 19 Dec 2025; Spring 1: 5 Jan – 13 Feb 2026.
  it('is due by the end of the half term after the last session: the day before, on, and after that end', () => {
    const last = '2025-10-01';
    expect(nextDue(halfTermly, last, '2025-10-02')).toBe('2025-12-19');
    expect(complianceStatus(halfTermly, last, '2025-12-04').status).toBe('upToDate');
    expect(complianceStatus(halfTermly, last, '2025-12-05').status).toBe('dueSoon');
    expect(complianceStatus(halfTermly, last, '2025-12-18')).toMatchObject({ status: 'dueSoon', daysUntilDue: 1 });
    expect(complianceStatus(halfTermly, last, '2025-12-19')).toMatchObject({ status: 'dueSoon', daysUntilDue: 0 });
    expect(complianceStatus(halfTermly, last, '2025-12-20')).toMatchObject({ status: 'overdue', daysUntilDue: -1 });
  });

  it('places a session on the last day, in the holiday after, and on the first day of the next half term', () => {
    expect(nextDue(halfTermly, '2025-10-23', '2025-11-10')).toBe('2025-12-19');
    expect(nextDue(halfTermly, '2025-10-24', '2025-11-10')).toBe('2025-12-19');
    // In the holiday: it counts for the half term just ended, so Autumn 2 still needs one.
    expect(nextDue(halfTermly, '2025-10-25', '2025-11-10')).toBe('2025-12-19');
    expect(nextDue(halfTermly, '2025-11-02', '2025-11-10')).toBe('2025-12-19');
    expect(nextDue(halfTermly, '2025-11-03', '2025-11-10')).toBe('2026-02-13');
    // Before the first half term: due by the end of the first.
    expect(nextDue(halfTermly, '2025-08-20', '2025-09-10')).toBe('2025-10-24');
  });

  it('with no session yet, is due by the end of the current half term (or the next, in a holiday)', () => {
    expect(complianceStatus(halfTermly, null, '2025-10-23')).toMatchObject({ status: 'dueSoon', dueDate: '2025-10-24', daysUntilDue: 1, neverHeld: true });
    expect(complianceStatus(halfTermly, null, '2025-10-24')).toMatchObject({ status: 'dueSoon', dueDate: '2025-10-24', daysUntilDue: 0 });
    expect(complianceStatus(halfTermly, null, '2025-10-25')).toMatchObject({ dueDate: '2025-12-19' });
  });

  it('is overdue when a whole half term passed without a session', () => {
    expect(complianceStatus(halfTermly, '2025-10-01', '2026-01-10')).toMatchObject({ status: 'overdue', dueDate: '2025-12-19' });
  });

  it('asks for more term dates rather than guessing past the last half term', () => {
    expect(nextDueOf(halfTermly, '2026-06-10', '2026-06-11')).toEqual({ dueDate: null, problem: 'termDatesNeeded' });
    expect(complianceStatus(halfTermly, '2026-06-10', '2026-06-11')).toMatchObject({ status: 'notApplicable', problem: 'termDatesNeeded' });
    expect(complianceStatus(halfTermly, null, '2026-08-01').problem).toBe('termDatesNeeded');
  });

  it("uses the school's own dates, in any order, including a half term ending on 29 February", () => {
    const school: FrequencyRuleV1 = {
      kind: 'halfTermly',
      termDates: [
        { name: 'Spring 2', start: '2024-03-04', end: '2024-03-28' },
        { name: 'Spring 1', start: '2024-01-08', end: '2024-02-29' },
        { name: 'Autumn 2', start: '2023-11-06', end: '2023-12-20' },
      ],
    };
    expect(nextDue(school, '2023-12-01', '2024-01-10')).toBe('2024-02-29');
    expect(complianceStatus(school, '2023-12-01', '2024-02-28').status).toBe('dueSoon');
    expect(complianceStatus(school, '2023-12-01', '2024-02-29').status).toBe('dueSoon');
    expect(complianceStatus(school, '2023-12-01', '2024-03-01').status).toBe('overdue');
    expect(nextDue(school, '2024-03-01', '2024-03-02')).toBe('2024-03-28');
  });
});

describe('ad hoc and custom rules', () => {
  it('ad hoc (Somerset "Other ICB roles") is never due', () => {
    const adHoc = findPreset('somerset-other-icb-roles')?.rule;
    if (!adHoc) throw new Error('missing preset');
    expect(nextDue(adHoc, null, '2026-01-01')).toBeNull();
    expect(complianceStatus(adHoc, null, '2026-01-01')).toMatchObject({ status: 'notApplicable', dueDate: null, neverHeld: true, problem: null });
    expect(complianceStatus(adHoc, '2020-01-01', '2026-01-01').status).toBe('notApplicable');
  });

  it('an organisation’s own rule, stored as JSON, works like a preset', () => {
    const custom = $FrequencyRuleV1.parse(JSON.parse('{"kind":"everyWeeks","weeks":4}'));
    expect(describeRule(custom)).toBe('Every 4 weeks');
    expect(nextDue(custom, '2026-12-17', '2026-12-18')).toBe('2027-01-14');
    expect(complianceStatus(custom, '2026-12-17', '2027-01-14', 3).status).toBe('dueSoon');
    expect(complianceStatus(custom, '2026-12-17', '2027-01-10', 3).status).toBe('upToDate');
    expect(complianceStatus(custom, '2026-12-17', '2027-01-15', 3).status).toBe('overdue');
    const monthly = $FrequencyRuleV1.parse({ kind: 'everyMonths', months: 2 });
    expect(nextDue(monthly, '2025-12-31', '2026-01-01')).toBe('2026-02-28');
    const fourAYear = $FrequencyRuleV1.parse({ kind: 'timesPerYear', times: 4 });
    expect(nextDue(fourAYear, '2026-01-01', '2026-01-02')).toBe(addDays('2026-01-01', 91));
  });
});

// ---------------------------------------------------------------------------------------
// Appointments and rebooking

describe('appointments as data', () => {
  it('accepts a booked appointment and fills the cancellation fields with nothing', () => {
    expect(appointment()).toMatchObject({ cancelledBy: null, cancelReason: '', cancelledOn: null, rebookedAs: null, requestedAt: null, bookedOn: null });
  });

  it('refuses inconsistent appointments', () => {
    const base = { id: 'appt-0001', personId: 'person-0001', date: '2026-03-10', time: '10:00', durationMinutes: 60, venue: 'Room 4', kind: 'planned', status: 'booked' };
    const bad = (overrides: Record<string, unknown>) => $AppointmentV1.safeParse({ ...base, ...overrides }).success;
    expect(bad({})).toBe(true);
    expect(bad({ status: 'cancelled' })).toBe(false);
    expect(bad({ status: 'cancelled', cancelledBy: 'supervisor' })).toBe(false);
    expect(bad({ status: 'cancelled', cancelledBy: 'supervisor', cancelledOn: '2026-03-01' })).toBe(true);
    expect(bad({ rebookedAs: 'appt-0002' })).toBe(false);
    expect(bad({ cancelReason: 'why' })).toBe(false);
    expect(bad({ status: 'cancelled', cancelledBy: 'other', cancelledOn: '2026-03-01', rebookedAs: 'appt-0001' })).toBe(false);
    expect(bad({ kind: 'urgent' })).toBe(false);
    expect(bad({ kind: 'urgent', requestedAt: '2026-03-09T15:00:00Z' })).toBe(true);
    expect(bad({ requestedAt: '2026-03-09T15:00:00Z' })).toBe(false);
    expect(bad({ time: '24:00' })).toBe(false);
    expect(bad({ date: '2026-02-29' })).toBe(false);
    expect(bad({ date: '2028-02-29' })).toBe(true);
    expect(bad({ extra: true })).toBe(false);
  });
});

describe('rebooking a cancelled session', () => {
  it('targets: Devon within two weeks, South Gloucestershire the same day, or a custom number of days', () => {
    expect(DEVON_REBOOK_WITHIN_DAYS).toBe(14);
    expect(rebookingTarget('devon', '2026-01-20')).toBe('2026-02-03');
    expect(rebookingTarget('devon', '2024-02-20')).toBe('2024-03-05');
    expect(rebookingTarget('devon', '2025-02-20')).toBe('2025-03-06');
    expect(rebookingTarget('devon', '2026-12-25')).toBe('2027-01-08');
    expect(rebookingTarget('southGlos', '2026-01-31')).toBe('2026-01-31');
    expect(rebookingTarget('custom', '2026-01-31', 7)).toBe('2026-02-07');
    expect(() => rebookingTarget('custom', '2026-01-31')).toThrow(RangeError);
    expect(() => rebookingTarget('custom', '2026-01-31', -1)).toThrow(RangeError);
  });

  it('Devon: awaiting rebooking to the end of day 14, overdue on day 15', () => {
    const off = cancelled();
    expect(rebookingStatus(off, [off], '2026-03-02')).toMatchObject({ status: 'awaitingRebooking', target: '2026-03-16' });
    expect(rebookingStatus(off, [off], '2026-03-15')?.status).toBe('awaitingRebooking');
    expect(rebookingStatus(off, [off], '2026-03-16')?.status).toBe('awaitingRebooking');
    expect(rebookingStatus(off, [off], '2026-03-17')?.status).toBe('rebookingOverdue');
  });

  it('South Gloucestershire: awaiting on the day of cancelling, overdue the next day', () => {
    const off = cancelled({ cancelledOn: '2026-02-28' });
    const sg = { policy: 'southGlos' } as const;
    expect(rebookingStatus(off, [off], '2026-02-28', sg)).toMatchObject({ status: 'awaitingRebooking', target: '2026-02-28' });
    expect(rebookingStatus(off, [off], '2026-03-01', sg)?.status).toBe('rebookingOverdue');
    const custom = { policy: 'custom', days: 3 } as const;
    expect(rebookingStatus(off, [off], '2026-03-03', custom)?.status).toBe('awaitingRebooking');
    expect(rebookingStatus(off, [off], '2026-03-04', custom)?.status).toBe('rebookingOverdue');
  });

  it('is rebooked once its replacement exists, saying whether it was booked in time', () => {
    const inTime = appointment({ id: 'appt-0002', date: '2026-03-20', bookedOn: '2026-03-16' });
    const late = appointment({ id: 'appt-0003', date: '2026-03-25', bookedOn: '2026-03-17' });
    const unknown = appointment({ id: 'appt-0004', date: '2026-03-25' });
    const all = [inTime, late, unknown];
    expect(rebookingStatus(cancelled({ rebookedAs: 'appt-0002' }), all, '2026-04-30')).toMatchObject({ status: 'rebooked', withinTarget: true, rebooking: { id: 'appt-0002' } });
    expect(rebookingStatus(cancelled({ rebookedAs: 'appt-0003' }), all, '2026-04-30')).toMatchObject({ status: 'rebooked', withinTarget: false });
    expect(rebookingStatus(cancelled({ rebookedAs: 'appt-0004' }), all, '2026-04-30')).toMatchObject({ status: 'rebooked', withinTarget: null });
    // On the same day under South Gloucestershire.
    const sameDay = appointment({ id: 'appt-0005', bookedOn: '2026-03-02' });
    expect(rebookingStatus(cancelled({ rebookedAs: 'appt-0005' }), [sameDay], '2026-03-09', { policy: 'southGlos' })).toMatchObject({ status: 'rebooked', withinTarget: true });
  });

  it('does not count a replacement that is missing or belongs to someone else', () => {
    const someoneElse = appointment({ id: 'appt-0002', personId: 'person-0002' });
    expect(rebookingStatus(cancelled({ rebookedAs: 'appt-0002' }), [someoneElse], '2026-03-20')?.status).toBe('rebookingOverdue');
    expect(rebookingStatus(cancelled({ rebookedAs: 'appt-0009' }), [], '2026-03-10')?.status).toBe('awaitingRebooking');
  });

  it('says nothing about an appointment that was not cancelled', () => {
    expect(rebookingStatus(appointment(), [], '2026-03-20')).toBeNull();
    expect(rebookingStatus(appointment({ status: 'held' }), [], '2026-03-20')).toBeNull();
  });
});

describe('urgent supervision within 24 hours', () => {
  const urgent = (overrides: Partial<AppointmentInput> = {}) =>
    appointment({ kind: 'urgent', requestedAt: '2026-03-10T09:30:00Z', date: '2026-03-10', time: '15:00', ...overrides });

  it('reads UK times in GMT and BST', () => {
    expect(new Date(londonToEpochMs('2026-01-15', '10:00')).toISOString()).toBe('2026-01-15T10:00:00.000Z');
    expect(new Date(londonToEpochMs('2026-07-15', '10:00')).toISOString()).toBe('2026-07-15T09:00:00.000Z');
    expect(new Date(londonToEpochMs('2026-03-29', '03:00')).toISOString()).toBe('2026-03-29T02:00:00.000Z');
    expect(new Date(londonToEpochMs('2026-10-25', '03:00')).toISOString()).toBe('2026-10-25T03:00:00.000Z');
  });

  it('is due while booked within the 24 hours, met once held in them', () => {
    expect(urgentStatus(urgent(), [], '2026-03-10T12:00:00Z')).toMatchObject({ status: 'due', deadline: '2026-03-11T09:30:00.000Z', startsAt: '2026-03-10T15:00:00.000Z' });
    expect(urgentStatus(urgent({ status: 'held' }), [], '2026-03-10T16:00:00Z')?.status).toBe('met');
  });

  it('is met at exactly 24 hours and missed a minute later', () => {
    expect(urgentStatus(urgent({ status: 'held', date: '2026-03-11', time: '09:30' }), [], '2026-03-12T00:00:00Z')?.status).toBe('met');
    expect(urgentStatus(urgent({ status: 'held', date: '2026-03-11', time: '09:31' }), [], '2026-03-12T00:00:00Z')?.status).toBe('missed');
  });

  it('is missed when booked beyond the 24 hours, or when the deadline passes without it being held', () => {
    expect(urgentStatus(urgent({ date: '2026-03-12' }), [], '2026-03-10T10:00:00Z')?.status).toBe('missed');
    expect(urgentStatus(urgent(), [], '2026-03-11T09:30:00Z')?.status).toBe('due');
    expect(urgentStatus(urgent(), [], '2026-03-11T09:30:01Z')?.status).toBe('missed');
  });

  it('counts 24 elapsed hours across the change to summer time', () => {
    // Asked for at 10:00 GMT on Saturday 28 March 2026; the clocks go forward that night.
    const spring = (time: string) => urgent({ requestedAt: '2026-03-28T10:00:00Z', date: '2026-03-29', time, status: 'held' });
    expect(urgentStatus(spring('11:00'), [], '2026-03-30T00:00:00Z')?.status).toBe('met');
    expect(urgentStatus(spring('11:01'), [], '2026-03-30T00:00:00Z')?.status).toBe('missed');
    // In summer time: asked for at 09:00 BST, held at 09:00 BST the next day.
    const summer = urgent({ requestedAt: '2026-07-01T09:00:00+01:00', date: '2026-07-02', time: '09:00', status: 'held' });
    expect(urgentStatus(summer, [], '2026-07-03T00:00:00Z')).toMatchObject({ status: 'met', deadline: '2026-07-02T08:00:00.000Z' });
  });

  it('follows a cancelled urgent session to its rebooking', () => {
    const first = urgent({ status: 'cancelled', cancelledBy: 'supervisor', cancelledOn: '2026-03-10', rebookedAs: 'appt-0002' });
    const second = urgent({ id: 'appt-0002', date: '2026-03-11', time: '08:00', status: 'held' });
    expect(urgentStatus(first, [first, second], '2026-03-12T00:00:00Z')).toMatchObject({ status: 'met', answeredBy: { id: 'appt-0002' } });
    const notRebooked = urgent({ status: 'cancelled', cancelledBy: 'supervisor', cancelledOn: '2026-03-10' });
    expect(urgentStatus(notRebooked, [], '2026-03-10T20:00:00Z')).toMatchObject({ status: 'due', startsAt: null });
    expect(urgentStatus(notRebooked, [], '2026-03-11T10:00:00Z')?.status).toBe('missed');
    // A loop of rebookings ends rather than spinning.
    const a = urgent({ id: 'appt-000a', status: 'cancelled', cancelledBy: 'other', cancelledOn: '2026-03-10', rebookedAs: 'appt-000b' });
    const b = urgent({ id: 'appt-000b', status: 'cancelled', cancelledBy: 'other', cancelledOn: '2026-03-10', rebookedAs: 'appt-000a' });
    expect(urgentStatus(a, [a, b], '2026-03-11T10:00:00Z')?.status).toBe('missed');
  });

  it('says nothing about planned supervision and refuses a "now" that is not an instant', () => {
    expect(urgentStatus(appointment(), [], '2026-03-10T10:00:00Z')).toBeNull();
    expect(() => urgentStatus(urgent(), [], 'yesterday')).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------
// Calendar files, read back by a small RFC 5545 parser


describe('the next meeting set in a signed session', () => {
  const session = { sessionId: 'session-0001', personId: 'person-0001', date: '2026-03-10', nextMeeting: { date: '2026-06-09', time: '14:00', venue: ' Room 4 ' } };
  let n = 0;
  const deps = { newId: () => `appt-new-${++n}`, today: '2026-03-10' };

  it('becomes a booked planned appointment linked to the session', () => {
    const { booked, held } = bookingsFromSignedSession(session, [], deps);
    expect(held).toEqual([]);
    expect(booked).toMatchObject({
      personId: 'person-0001',
      date: '2026-06-09',
      time: '14:00',
      venue: 'Room 4',
      durationMinutes: DEFAULT_MEETING_MINUTES,
      kind: 'planned',
      status: 'booked',
      bookedOn: '2026-03-10',
      fromSessionId: 'session-0001',
    });
  });

  it('marks held the booked appointment on the session’s own day (that person’s only)', () => {
    const today = appointment({ id: 'appt-today', date: '2026-03-10' });
    const someoneElse = appointment({ id: 'appt-other', personId: 'person-0002', date: '2026-03-10' });
    const off = cancelled({ id: 'appt-off', date: '2026-03-10' });
    const { held } = bookingsFromSignedSession(session, [today, someoneElse, off], deps);
    expect(held.map((a) => [a.id, a.status])).toEqual([['appt-today', 'held']]);
  });

  it('books nothing with no date, a date on or before the session, or when already booked or made', () => {
    const none = (nextMeeting: typeof session.nextMeeting, existing: AppointmentV1[] = []) => bookingsFromSignedSession({ ...session, nextMeeting }, existing, deps).booked;
    expect(none({ date: '', time: '10:00', venue: '' })).toBeNull();
    expect(none({ date: '2026-03-10', time: '15:00', venue: '' })).toBeNull();
    expect(none({ date: '2026-03-01', time: '15:00', venue: '' })).toBeNull();
    expect(none(session.nextMeeting, [appointment({ date: '2026-06-09', time: '14:00' })])).toBeNull();
    expect(none({ ...session.nextMeeting, time: '' }, [appointment({ date: '2026-06-09', time: '09:00' })])).toBeNull();
    expect(none(session.nextMeeting, [appointment({ id: 'appt-made', date: '2026-07-01', fromSessionId: 'session-0001' })])).toBeNull();
    // Another time on that day is another meeting.
    expect(none(session.nextMeeting, [appointment({ date: '2026-06-09', time: '09:00' })])).not.toBeNull();
  });

  it('keeps the day when the time is missing or not a time', () => {
    expect(bookingsFromSignedSession({ ...session, nextMeeting: { date: '2026-06-09', time: '', venue: '' } }, [], deps).booked?.time).toBe('');
    expect(bookingsFromSignedSession({ ...session, nextMeeting: { date: '2026-06-09', time: '99:99', venue: '' } }, [], deps).booked?.time).toBe('');
  });

  it('an urgent appointment needs a time', () => {
    expect($AppointmentV1.safeParse({ ...appointment({ kind: 'urgent', requestedAt: '2026-03-09T10:00:00Z' }), time: '' }).success).toBe(false);
  });
});

describe('an appointment as an iCalendar file', () => {
  const tom = { name: 'Tom Smith' };
  const stamp = '2026-03-01T09:15:30.000Z';

  it('escapes text and folds at 75 octets without splitting a character', () => {
    expect(escapeIcsText('a,b;c\\d\ne\r\nf')).toBe('a\\,b\\;c\\\\d\\ne\\nf');
    const long = `DESCRIPTION:${'é'.repeat(100)}`;
    const folded = foldIcsLine(long);
    expect(folded.length).toBeGreaterThan(1);
    for (const line of folded) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(folded.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(folded[0] + folded.slice(1).map((l) => l.slice(1)).join('')).toBe(long);
    expect(foldIcsLine('SHORT:x')).toEqual(['SHORT:x']);
  });

  it('is a VCALENDAR with Europe/London and one event, in UK local times', () => {
    const calendar = parseIcs(appointmentToIcs(appointment(), { supervisee: tom }, stamp));
    expect(prop(calendar, 'VERSION').value).toBe('2.0');
    expect(prop(calendar, 'PRODID').value).toMatch(/^-\/\//);
    const timezone = calendar.components.find((c) => c.name === 'VTIMEZONE');
    expect(timezone && prop(timezone, 'TZID').value).toBe('Europe/London');
    expect(timezone?.components.map((c) => c.name)).toEqual(['DAYLIGHT', 'STANDARD']);
    const event = eventOf(calendar);
    expect(prop(event, 'UID').value).toBe('appt-0001@safeguarding-supervision');
    expect(prop(event, 'DTSTAMP').value).toBe('20260301T091530Z');
    expect(prop(event, 'DTSTART')).toEqual({ name: 'DTSTART', params: { TZID: 'Europe/London' }, value: '20260310T100000' });
    expect(prop(event, 'DTEND')).toEqual({ name: 'DTEND', params: { TZID: 'Europe/London' }, value: '20260310T110000' });
    expect(prop(event, 'STATUS').value).toBe('CONFIRMED');
    expect(unescapeText(prop(event, 'SUMMARY').value)).toBe('Safeguarding supervision: Tom Smith (one-to-one)');
    expect(unescapeText(prop(event, 'DESCRIPTION').value)).toBe('Safeguarding supervision\nVenue: Room 4, Riverside House');
    expect(unescapeText(prop(event, 'LOCATION').value)).toBe('Room 4, Riverside House');
  });

  it('ends past midnight, and on 1 March after 29 February', () => {
    const late = parseIcs(appointmentToIcs(appointment({ date: '2026-12-31', time: '23:00', durationMinutes: 90 }), { supervisee: tom }, stamp));
    expect(prop(eventOf(late), 'DTEND').value).toBe('20270101T003000');
    const leap = parseIcs(appointmentToIcs(appointment({ date: '2028-02-29', time: '23:30', durationMinutes: 60 }), { supervisee: tom }, stamp));
    expect(prop(eventOf(leap), 'DTSTART').value).toBe('20280229T233000');
    expect(prop(eventOf(leap), 'DTEND').value).toBe('20280301T003000');
  });

  it('escapes and folds a long venue and title with commas, semicolons, backslashes, newlines and accents', () => {
    const venue = 'Siân’s room; Block C, 2nd floor \\ annex\nRing the bell, then wait — Ffordd y Môr, Caerdydd; CF10 1AA, '.repeat(2).trim();
    const name = 'Siân O’Brien-Ffordd, “Sî”; \\ Tîm Diogelu Plant'.repeat(3);
    const text = appointmentToIcs(appointment({ venue }), { supervisee: { name } }, stamp);
    const event = eventOf(parseIcs(text));
    expect(unescapeText(prop(event, 'SUMMARY').value)).toBe(`Safeguarding supervision: ${name} (one-to-one)`);
    expect(unescapeText(prop(event, 'LOCATION').value)).toBe(venue);
    expect(unescapeText(prop(event, 'DESCRIPTION').value)).toBe(`${ICS_DESCRIPTION}\nVenue: ${venue}`);
    // Every special character in a TEXT value is escaped.
    for (const name of ['SUMMARY', 'LOCATION', 'DESCRIPTION']) {
      expect(prop(event, name).value).not.toMatch(/(?<!\\)[;,]/);
    }
  });

  it('never carries case content, the cancellation reason or the person', () => {
    const off = cancelled({ rebookedAs: null });
    const text = appointmentToIcs(off, { supervisee: tom }, stamp);
    expect(text).not.toContain(MARKER);
    expect(text).not.toContain('Off sick');
    expect(text).not.toContain('person-0001');
    const event = eventOf(parseIcs(text));
    expect(prop(event, 'STATUS').value).toBe('CANCELLED');
    expect(prop(event, 'SEQUENCE').value).toBe('1');
    const descriptions = event.properties.filter((p) => p.name === 'DESCRIPTION').map((p) => unescapeText(p.value));
    expect(descriptions).toEqual(['Safeguarding supervision\nVenue: Room 4, Riverside House']);
  });

  it('is an all-day entry when the day is agreed but not the time (DTEND the next day, exclusive)', () => {
    const event = eventOf(parseIcs(appointmentToIcs(appointment({ date: '2028-02-28', time: '' }), { supervisee: tom }, stamp)));
    expect(prop(event, 'DTSTART')).toEqual({ name: 'DTSTART', params: { VALUE: 'DATE' }, value: '20280228' });
    expect(prop(event, 'DTEND')).toEqual({ name: 'DTEND', params: { VALUE: 'DATE' }, value: '20280229' });
    const yearEnd = eventOf(parseIcs(appointmentToIcs(appointment({ date: '2026-12-31', time: '' }), { supervisee: tom }, stamp)));
    expect(prop(yearEnd, 'DTEND').value).toBe('20270101');
  });

  it('can leave the venue out, and refuses a stamp that is not an instant', () => {
    const text = appointmentToIcs(appointment(), { supervisee: { name: '' }, description: 'withoutVenue' }, stamp);
    const event = eventOf(parseIcs(text));
    expect(unescapeText(prop(event, 'DESCRIPTION').value)).toBe('Safeguarding supervision');
    expect(unescapeText(prop(event, 'SUMMARY').value)).toBe('Safeguarding supervision (one-to-one)');
    expect(event.properties.some((p) => p.name === 'LOCATION')).toBe(false);
    expect(text).not.toContain('Riverside');
    expect(() => appointmentToIcs(appointment(), { supervisee: tom }, 'not a time')).toThrow(RangeError);
  });

  it('names the supervisee and the session type: twelve supervisees, twelve different titles', () => {
    const urgent = eventOf(parseIcs(appointmentToIcs(appointment({ kind: 'urgent', requestedAt: '2026-03-09T15:00:00.000Z' }), { supervisee: { name: 'Ann Able' } }, stamp)));
    expect(unescapeText(prop(urgent, 'SUMMARY').value)).toBe('Safeguarding supervision: Ann Able (urgent, one-to-one)');
    const titles = new Set(
      Array.from({ length: 12 }, (_, i) => unescapeText(prop(eventOf(parseIcs(appointmentToIcs(appointment(), { supervisee: { name: `Person ${i}` } }, stamp))), 'SUMMARY').value)),
    );
    expect(titles.size).toBe(12);
  });

  it('carries ORGANIZER and ATTENDEE when the email addresses are known, and neither when not', () => {
    const both = eventOf(
      parseIcs(appointmentToIcs(appointment(), { supervisee: { ...tom, email: 'tom.smith@example.nhs.uk' }, organiser: { name: 'Sam Supervisor', email: 'sam@example.nhs.uk' } }, stamp)),
    );
    expect(prop(both, 'ORGANIZER')).toEqual({ name: 'ORGANIZER', params: { CN: 'Sam Supervisor' }, value: 'mailto:sam@example.nhs.uk' });
    expect(prop(both, 'ATTENDEE')).toEqual({
      name: 'ATTENDEE',
      params: { CN: 'Tom Smith', ROLE: 'REQ-PARTICIPANT', PARTSTAT: 'NEEDS-ACTION' },
      value: 'mailto:tom.smith@example.nhs.uk',
    });
    const none = eventOf(parseIcs(appointmentToIcs(appointment(), { supervisee: tom, organiser: { name: 'Sam Supervisor' } }, stamp)));
    expect(none.properties.some((p) => p.name === 'ORGANIZER' || p.name === 'ATTENDEE')).toBe(false);
    // Something that is not an address never reaches the line.
    const odd = appointmentToIcs(appointment(), { supervisee: { name: 'Tom "T" Smith', email: 'tom;ROLE=CHAIR:x' } }, stamp);
    expect(odd).not.toContain('ATTENDEE');
  });

  it('sets the reminder the user chose (none, 15 minutes, 1 hour, 1 day) and none on a cancellation', () => {
    const alarms = (reminder: IcsReminder, a = appointment()) => eventOf(parseIcs(appointmentToIcs(a, { supervisee: tom, reminder }, stamp))).components;
    expect(alarms('none')).toEqual([]);
    for (const [reminder, trigger] of [['15m', '-PT15M'], ['1h', '-PT1H'], ['1d', '-P1D']] as const) {
      const [alarm, ...rest] = alarms(reminder);
      expect(rest).toEqual([]);
      expect(alarm?.name).toBe('VALARM');
      expect(prop(alarm!, 'ACTION').value).toBe('DISPLAY');
      expect(prop(alarm!, 'TRIGGER').value).toBe(trigger);
      expect(unescapeText(prop(alarm!, 'DESCRIPTION').value)).toBe('Safeguarding supervision: Tom Smith (one-to-one)');
    }
    expect(alarms('1d', cancelled({ rebookedAs: null }))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// The swingometer

const derbySections: SectionV1[] = sectionsFor(derby(), 'safeguarding-supervision');

function derbySession(overrides: Partial<SessionContentV1> = {}): SessionContentV1 {
  return content({
    previousActions: [
      { id: 'prev-0001', what: 'Chase chronology', ownerLabel: 'Supervisee', dueDate: '', raisedOn: '2025-12-01', caseLabel: null, timesCarriedForward: 0 },
    ],
    reviews: { 'prev-0001': { outcome: 'done', reason: '', newDueDate: '' } },
    actions: [{ id: 'action-0001', what: 'Refer to MASH', owner: { kind: 'supervisee', name: '' }, dueDate: '2026-02-01', caseId: null }],
    nextMeeting: { date: '2026-04-15', time: '10:00', venue: 'Room 2' },
    signatures: { supervisor: signature('supervisor'), supervisee: signature('supervisee') },
    ...overrides,
  });
}

describe('the balance of the four functions', () => {
  it('counts each section with recorded content for its functions, and each case for the functions of its model’s answered stages', () => {
    const session = derbySession({
      answers: { 'issues-or-concerns': 'Caseload pressure', 'development-training': 'Neglect toolkit course', 'any-other-business': '   ' },
      cases: [
        discussed('case-0001', 'Child A', 'notes'),
        discussed('case-0002', 'Child B', 'notes'),
        { ...discussed('case-0003', 'Child C', ''), complete: false },
      ],
    });
    const balance = functionBalance(derbySections, session);
    // review 1 (M); issues 1 (M, S); cases 2, each through the 4x4x4 cycle's four stages —
    // experience (M), reflection (S), analysis (D), action planning (M, Med) — so M, S, D, Med once
    // each; development 1 (D); actions 1 (M).
    expect(balance.counts).toEqual({ management: 5, development: 3, support: 3, mediation: 2 });
    expect(balance.total).toBe(13);
    expect(balance.shares.management).toBeCloseTo(5 / 13);
    expect(balance.casesCounted).toBe(2);
    // The next meeting and the signatures are administration, and do not count.
    expect(balance.sectionsCounted).toEqual(['review-of-previous-supervision', 'issues-or-concerns', 'case-discussion', 'development-training', 'plan-and-actions']);
    expect(balanceWarning(balance.shares)).toBeNull();
  });

  it('counts a case by the stages its own model maps to the functions, and by the cases section when its model is not on this device', () => {
    const gibbsCase = { ...discussed('case-0001', 'Child A', ''), model: { id: 'gibbs', version: '1.0.0' }, stages: { description: { notes: 'Home visit' }, feelings: { notes: 'Uneasy' }, actionPlan: { notes: 'Refer' } } };
    const gibbs = models.find((m) => m.id === 'gibbs');
    if (!gibbs) throw new Error('Gibbs ships with the app');
    const expected = new Set(gibbs.stages.filter((st) => ['description', 'feelings', 'actionPlan'].includes(st.id)).flatMap((st) => st.functions));
    const casesSection = derbySections.find((x) => x.collects.kind === 'cases');
    if (!casesSection) throw new Error('Derby has a cases section');
    expect(caseFunctions(gibbsCase, casesSection)).toEqual(expected);
    // Only the stages answered count: Gibbs' analysis stage (development) was not.
    const unanswered = gibbs.stages.filter((st) => !['description', 'feelings', 'actionPlan'].includes(st.id)).flatMap((st) => st.functions);
    expect(unanswered.length).toBeGreaterThan(0);
    // A model this device does not have: the cases section's own functions.
    const elsewhere = { ...gibbsCase, model: { id: 'riverside-huddle', version: '2.0.0' } };
    expect(caseFunctions(elsewhere, casesSection)).toEqual(new Set(casesSection.functions));
    const balance = functionBalance(derbySections, content({ cases: [gibbsCase] }));
    for (const f of supervisionFunctions) expect(balance.counts[f]).toBe(expected.has(f) ? 1 : 0);
  });

  it('reads fields and key issues, and counts nothing for an empty record', () => {
    const templeSections = sectionsFor(temple(), temple().sessionTypes[0]?.id ?? '');
    const fieldsSection = templeSections.find((s) => s.collects.kind === 'fields');
    if (fieldsSection?.collects.kind !== 'fields') throw new Error('Temple has a fields section');
    const firstField = fieldsSection.collects.fields[0]?.id ?? '';
    const withFields = functionBalance(templeSections, content({ fields: { [fieldsSection.id]: { [firstField]: 'Two days' } } }));
    expect(withFields.counts).toEqual({ management: 0, development: 1, support: 1, mediation: 0 });
    const empty = functionBalance(derbySections, content());
    expect(empty).toMatchObject({ total: 0, shares: { management: 0, development: 0, support: 0, mediation: 0 } });
    expect(balanceWarning(empty.shares)).toBeNull();
  });

  it('warns of "checking up" when management dominates and support and development are absent', () => {
    const checking = functionBalance(derbySections, derbySession());
    expect(checking.counts).toEqual({ management: 2, development: 0, support: 0, mediation: 0 });
    expect(balanceWarning(checking.shares)).toBe('checkingUp');
  });

  it('warns of counselling when support dominates', () => {
    const sgSections = sectionsFor(southGlos(), southGlos().sessionTypes[0]?.id ?? '');
    const supportOnly = functionBalance(sgSections, content({ answers: { 'support-issues': 'Vicarious trauma after the review' } }));
    expect(supportOnly.counts.support).toBe(1);
    expect(balanceWarning(supportOnly.shares)).toBe('counselling');
  });

  it('uses the thresholds as strict limits', () => {
    const shares = (s: Partial<FunctionShares>): FunctionShares => ({ management: 0, development: 0, support: 0, mediation: 0, ...s });
    expect(MANAGEMENT_DOMINANT_SHARE).toBe(0.6);
    expect(SUPPORT_DOMINANT_SHARE).toBe(0.6);
    expect(balanceWarning(shares({ management: 0.61, mediation: 0.39 }))).toBe('checkingUp');
    expect(balanceWarning(shares({ management: 0.6, mediation: 0.4 }))).toBeNull();
    expect(balanceWarning(shares({ management: 0.8, support: 0.2 }))).toBeNull();
    expect(balanceWarning(shares({ management: 0.8, development: 0.2 }))).toBeNull();
    expect(balanceWarning(shares({ support: 0.61, management: 0.39 }))).toBe('counselling');
    expect(balanceWarning(shares({ support: 0.6, management: 0.4 }))).toBeNull();
  });

  it('plots sessions over time, oldest first, with the overall balance', () => {
    const later = derbySession({ sessionId: 'session-0003', date: '2026-06-01', answers: { 'issues-or-concerns': 'x' } });
    const earlier = derbySession({ sessionId: 'session-0002', date: '2026-02-28' });
    const leap = derbySession({ sessionId: 'session-0004', date: '2028-02-29', answers: { 'development-training': 'y' } });
    const over = balanceOverTime([
      { sections: derbySections, content: leap },
      { sections: derbySections, content: later },
      { sections: derbySections, content: earlier },
    ]);
    expect(over.points.map((p) => [p.date, p.warning])).toEqual([
      ['2026-02-28', 'checkingUp'],
      ['2026-06-01', null],
      ['2028-02-29', null],
    ]);
    expect(over.overall.counts).toEqual({ management: 7, development: 1, support: 1, mediation: 0 });
    expect(over.overall.total).toBe(9);
    expect(over.overall.warning).toBeNull();
    expect(balanceOverTime([]).points).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// The compliance report

/** RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF records. */
function readCsv(file: string): string[][] {
  // Excel on Windows reads the file as UTF-8 only with a byte-order mark.
  expect(file.startsWith('\uFEFF')).toBe(true);
  const text = file.slice(1);
  expect(text.endsWith('\r\n')).toBe(true);
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    expect(text[i]).toBe('"');
    let field = '';
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined) throw new Error('Unterminated field');
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        i++;
        break;
      }
      field += c;
      i++;
    }
    record.push(field);
    if (text[i] === ',') i++;
    else {
      expect(text.slice(i, i + 2)).toBe('\r\n');
      i += 2;
      records.push(record);
      record = [];
    }
  }
  return records;
}

describe('the compliance report', () => {
  const people = [
    { id: 'person-000a', name: 'Ann Able', role: 'Named Nurse' },
    { id: 'person-000b', name: 'Bea Baker', role: 'Social Worker' },
    { id: 'person-000c', name: 'Cal Cole', role: 'DSL' },
    { id: 'person-000d', name: 'Dee Dunn', role: 'ICB officer' },
  ];
  const sessions = [
    markedSession('session-a001', 'person-000a', '2025-12-15'),
    markedSession('session-a002', 'person-000a', '2026-02-10'),
    markedSession('session-a003', 'person-000a', '2026-03-20', false),
    markedSession('session-b001', 'person-000b', '2025-06-01'),
    markedSession('session-b002', 'person-000b', '2025-08-01'),
    markedSession('session-b003', 'person-000b', '2026-01-05'),
    markedSession('session-c001', 'person-000c', '2025-10-01'),
  ];
  const appointments = [
    cancelled({ id: 'appt-a001', personId: 'person-000a', date: '2026-01-20', cancelledOn: '2026-01-19', rebookedAs: 'appt-a002' }),
    appointment({ id: 'appt-a002', personId: 'person-000a', date: '2026-02-10', status: 'held', bookedOn: '2026-01-19' }),
    cancelled({ id: 'appt-b001', personId: 'person-000b', date: '2026-03-03', cancelledOn: '2026-03-01' }),
    cancelled({ id: 'appt-b002', personId: 'person-000b', date: '2026-04-03', cancelledOn: '2026-03-01' }),
  ];
  const rules: Record<string, FrequencyRuleV1> = {
    'person-000a': everyThreeMonths,
    'person-000b': sixAYear,
    'person-000c': halfTermly,
  };
  const report = () =>
    complianceReport({ from: '2026-01-01', to: '2026-03-31', people: [...people].reverse(), sessions, appointments, rules, today: '2026-03-20' });

  it('gives each person attendance, dates and status only', () => {
    const rows = report();
    expect(rows.map((r) => r.name)).toEqual(['Ann Able', 'Bea Baker', 'Cal Cole', 'Dee Dunn']);
    const [ann, bea, cal, dee] = rows as [ComplianceRow, ComplianceRow, ComplianceRow, ComplianceRow];
    expect(ann).toEqual({
      personId: 'person-000a',
      name: 'Ann Able',
      role: 'Named Nurse',
      frequency: 'Every 3 months',
      sessionDates: ['2026-02-10'],
      sessionsHeld: 1,
      cancelled: 1,
      rebooked: 1,
      rebookingOverdue: 0,
      lastSession: '2026-02-10',
      status: 'upToDate',
      nextDue: '2026-05-10',
      heldInLast12Months: null,
      requiredIn12Months: null,
    });
    expect(bea).toMatchObject({
      sessionDates: ['2026-01-05'],
      cancelled: 1,
      rebooked: 0,
      rebookingOverdue: 1,
      lastSession: '2026-01-05',
      // 60 days after 5 January is 6 March: overdue on 20 March.
      status: 'overdue',
      nextDue: '2026-03-06',
      heldInLast12Months: 3,
      requiredIn12Months: 6,
    });
    expect(cal).toMatchObject({ sessionsHeld: 0, lastSession: '2025-10-01', status: 'overdue', nextDue: '2025-12-19', frequency: 'Every half term' });
    expect(dee).toMatchObject({ sessionsHeld: 0, lastSession: null, status: 'notApplicable', nextDue: null, frequency: 'No frequency set' });
  });

  it('counts the same from the index\'s signed dates as from the records (a decade is not read to count it)', () => {
    const signedDates: Record<string, string[]> = {};
    for (const session of sessions.filter(isSigned)) (signedDates[session.parties.supervisee.personId] ??= []).unshift(session.date);
    const fromIndex = complianceReport({ from: '2026-01-01', to: '2026-03-31', people, signedDates, appointments, rules, today: '2026-03-20' });
    expect(fromIndex).toEqual(complianceReport({ from: '2026-01-01', to: '2026-03-31', people, sessions, appointments, rules, today: '2026-03-20' }));
    // A person in the index is counted from it alone, whatever records are passed.
    const only = complianceReport({ from: '2026-01-01', to: '2026-03-31', people, sessions, signedDates: { 'person-000a': [] }, appointments, rules, today: '2026-03-20' });
    expect(only.find((r) => r.personId === 'person-000a')).toMatchObject({ sessionsHeld: 0, lastSession: null });
    expect(only.find((r) => r.personId === 'person-000b')).toMatchObject({ lastSession: '2026-01-05' });
  });

  it('uses the chosen rebooking rule', () => {
    const withRule = (rebooking: RebookingRuleV1) =>
      complianceReport({
        from: '2026-01-01',
        to: '2026-03-31',
        people,
        sessions,
        appointments: [cancelled({ id: 'appt-b001', personId: 'person-000b', date: '2026-03-12', cancelledOn: '2026-03-10' })],
        rules,
        today: '2026-03-20',
        rebooking: { 'person-000b': rebooking },
      }).find((r) => r.personId === 'person-000b')?.rebookingOverdue;
    expect(withRule({ policy: 'southGlos' })).toBe(1);
    expect(withRule({ policy: 'devon' })).toBe(0);
    expect(withRule({ policy: 'custom', days: 10 })).toBe(0);
    expect(withRule({ policy: 'custom', days: 9 })).toBe(1);
    expect(() => complianceReport({ from: '2026-04-01', to: '2026-03-31', people, sessions, appointments, rules, today: '2026-03-20' })).toThrow(RangeError);
  });

  it('never contains case content, in the rows or in the CSV', () => {
    // The marker is in every answer, field, key issue, case label and stage, action, escalation and cancellation reason.
    expect(JSON.stringify(sessions)).toContain(MARKER);
    expect(JSON.stringify(appointments)).toContain(MARKER);
    const rows = report();
    expect(JSON.stringify(rows)).not.toContain(MARKER);
    expect(reportToCsv(rows)).not.toContain(MARKER);
    expect(JSON.stringify(rows)).not.toContain('Off sick');
    expect(JSON.stringify(rows)).not.toContain('Room 2');
  });

  it('writes RFC 4180 CSV: every field quoted, quotes doubled, CRLF records, after a UTF-8 byte-order mark, dates as a person reads them', () => {
    const rows = report();
    const csv = reportToCsv(rows);
    expect([...new TextEncoder().encode(csv).slice(0, 4)]).toEqual([0xef, 0xbb, 0xbf, 0x22]);
    expect(/\r(?!\n)|(?<!\r)\n/.test(csv)).toBe(false);
    const records = readCsv(csv);
    expect(records).toHaveLength(5);
    expect(records[0]?.[0]).toBe('Name');
    expect(records.every((r) => r.length === 13)).toBe(true);
    expect(records[1]).toEqual(['Ann Able', 'Named Nurse', 'Every 3 months', '1', '10 February 2026', '1', '1', '0', '10 February 2026', 'Up to date', '10 May 2026', '', '']);
    expect(records[2]?.[4]).toBe('5 January 2026');
    expect(records[2]?.slice(11)).toEqual(['3', '6']);
  });

  it('guards against formula injection and keeps awkward names intact', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+44 117')).toBe(`"'+44 117"`);
    expect(csvField('-1')).toBe(`"'-1"`);
    expect(csvField('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvField('\t=1')).toBe(`"'\t=1"`);
    expect(csvField("O'Brien")).toBe(`"O'Brien"`);
    expect(csvField(3)).toBe('"3"');
    expect(csvField(null)).toBe('""');
    const rows = complianceReport({
      from: '2026-01-01',
      to: '2026-03-31',
      people: [
        { id: 'person-000e', name: '=cmd|"/c calc"!A1', role: 'Lead, "senior"\nteam' },
        { id: 'person-000f', name: '@Ann', role: '-' },
      ],
      sessions: [],
      appointments: [],
      rules: {},
      today: '2026-03-20',
    });
    const records = readCsv(reportToCsv(rows));
    const byName = records.slice(1).map((r) => [r[0], r[1]]);
    expect(byName).toContainEqual([`'=cmd|"/c calc"!A1`, 'Lead, "senior"\nteam']);
    expect(byName).toContainEqual(["'@Ann", "'-"]);
  });
});
