/**
 * How often someone must have safeguarding supervision, and whether they are up to date.
 * Rules are data (an organisation may set its own); the presets quote the five policies.
 * Every function takes `today` (YYYY-MM-DD) from the caller and never reads the clock.
 */
import { z } from 'zod';
import { addDays, addMonths, compareDates, daysBetween, isCalendarDate } from './dates.ts';

export const $CalendarDate = z.string().refine(isCalendarDate, 'A real date as YYYY-MM-DD');

export const $HalfTermV1 = z
  .strictObject({
    name: z.string().trim().min(1, 'Name the half term').max(100),
    start: $CalendarDate,
    end: $CalendarDate,
  })
  .refine((term) => !isCalendarDate(term.start) || !isCalendarDate(term.end) || compareDates(term.start, term.end) <= 0, {
    message: 'A half term ends on or after the day it starts',
    path: ['end'],
  });
export type HalfTermV1 = z.infer<typeof $HalfTermV1>;

export const frequencyKinds = ['everyMonths', 'everyWeeks', 'timesPerYear', 'halfTermly', 'adHoc'] as const;

export const $FrequencyRuleV1 = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('everyMonths'), months: z.number().int().min(1).max(24) }),
  z.strictObject({ kind: z.literal('everyWeeks'), weeks: z.number().int().min(1).max(104) }),
  /** Spread evenly through the year: the next is due floor(365 / times) days after the last. */
  z.strictObject({ kind: z.literal('timesPerYear'), times: z.number().int().min(1).max(52) }),
  z.strictObject({
    kind: z.literal('halfTermly'),
    /** The school's own half-term dates: they differ by school and by year, so they are edited, never built in. */
    termDates: z
      .array($HalfTermV1)
      .min(1, 'Enter at least one half term')
      .superRefine((terms, ctx) => {
        const valid = terms.filter((t) => isCalendarDate(t.start) && isCalendarDate(t.end));
        const sorted = [...valid].sort((a, b) => compareDates(a.start, b.start));
        for (let i = 1; i < sorted.length; i++) {
          const previous = sorted[i - 1];
          const term = sorted[i];
          if (previous && term && compareDates(term.start, previous.end) <= 0) {
            ctx.addIssue({ code: 'custom', message: `“${term.name}” overlaps “${previous.name}”` });
          }
        }
      }),
  }),
  /** As required: never due. */
  z.strictObject({ kind: z.literal('adHoc') }),
]);
export type FrequencyRuleV1 = z.infer<typeof $FrequencyRuleV1>;

/** Days before a due date from which it shows as due soon. */
export const DEFAULT_DUE_SOON_DAYS = 14;
/** The days between sessions for "n times a year", spread evenly. */
export const DAYS_IN_YEAR_FOR_SPACING = 365;

export function spacingDays(times: number): number {
  return Math.floor(DAYS_IN_YEAR_FOR_SPACING / times);
}

export function describeRule(rule: FrequencyRuleV1): string {
  switch (rule.kind) {
    case 'everyMonths':
      return rule.months === 1 ? 'Every month' : `Every ${rule.months} months`;
    case 'everyWeeks':
      return rule.weeks === 1 ? 'Every week' : `Every ${rule.weeks} weeks`;
    case 'timesPerYear':
      return rule.times === 1 ? 'Once a year' : `${rule.times} times a year`;
    case 'halfTermly':
      return 'Every half term';
    case 'adHoc':
      return 'As required (ad hoc)';
  }
}

// ---------------------------------------------------------------------------------------
// Half terms

function sortedTerms(terms: readonly HalfTermV1[]): HalfTermV1[] {
  return [...terms].sort((a, b) => compareDates(a.start, b.start));
}

/**
 * The half term a date belongs to, as an index into the sorted terms. A date in a holiday
 * belongs to the half term just ended (so a holiday session never skips a half term);
 * a date before the first half term gives -1.
 */
export function halfTermIndexOf(terms: readonly HalfTermV1[], date: string): number {
  const sorted = sortedTerms(terms);
  let index = -1;
  sorted.forEach((term, i) => {
    if (compareDates(term.start, date) <= 0) index = i;
  });
  return index;
}

/** The half term running on a date, or the next to start when the date is in a holiday. */
export function currentOrNextHalfTerm(terms: readonly HalfTermV1[], date: string): HalfTermV1 | null {
  return sortedTerms(terms).find((term) => compareDates(term.end, date) >= 0) ?? null;
}

// ---------------------------------------------------------------------------------------
// Due dates and status

export type DueProblem = 'termDatesNeeded';

export type NextDue = {
  /** The last day by which the next session should take place; null when never due (ad hoc) or not known. */
  dueDate: string | null;
  /** Set when the due date cannot be worked out until more data is entered. */
  problem: DueProblem | null;
};

/**
 * The date by which the next session is due. With no signed session yet, supervision is due
 * now (today), except half-termly, where it is due by the end of the current half term.
 */
export function nextDueOf(rule: FrequencyRuleV1, lastSignedDate: string | null, today: string): NextDue {
  switch (rule.kind) {
    case 'adHoc':
      return { dueDate: null, problem: null };
    case 'everyMonths':
      return { dueDate: lastSignedDate === null ? today : addMonths(lastSignedDate, rule.months), problem: null };
    case 'everyWeeks':
      return { dueDate: lastSignedDate === null ? today : addDays(lastSignedDate, rule.weeks * 7), problem: null };
    case 'timesPerYear':
      return { dueDate: lastSignedDate === null ? today : addDays(lastSignedDate, spacingDays(rule.times)), problem: null };
    case 'halfTermly': {
      const sorted = sortedTerms(rule.termDates);
      const term =
        lastSignedDate === null
          ? currentOrNextHalfTerm(sorted, today)
          : (sorted[halfTermIndexOf(sorted, lastSignedDate) + 1] ?? null);
      return term ? { dueDate: term.end, problem: null } : { dueDate: null, problem: 'termDatesNeeded' };
    }
  }
}

/** The due date alone (null when never due or when half-term dates run out). */
export function nextDue(rule: FrequencyRuleV1, lastSignedDate: string | null, today: string): string | null {
  return nextDueOf(rule, lastSignedDate, today).dueDate;
}

export const complianceStatuses = ['upToDate', 'dueSoon', 'overdue', 'notApplicable'] as const;
export type ComplianceStatus = (typeof complianceStatuses)[number];

export type ComplianceResult = {
  status: ComplianceStatus;
  dueDate: string | null;
  /** Days from today to the due date: 0 on the day, negative once overdue. */
  daysUntilDue: number | null;
  /** No signed session on record. */
  neverHeld: boolean;
  problem: DueProblem | null;
};

/**
 * Up to date until `dueSoonDays` before the due date; due soon from then to the due date
 * itself (inclusive); overdue from the day after. Ad hoc is never due.
 */
export function complianceStatus(
  rule: FrequencyRuleV1,
  lastSignedDate: string | null,
  today: string,
  dueSoonDays: number = DEFAULT_DUE_SOON_DAYS,
): ComplianceResult {
  const { dueDate, problem } = nextDueOf(rule, lastSignedDate, today);
  const neverHeld = lastSignedDate === null;
  if (dueDate === null) return { status: 'notApplicable', dueDate: null, daysUntilDue: null, neverHeld, problem };
  const daysUntilDue = daysBetween(today, dueDate);
  const status: ComplianceStatus = daysUntilDue < 0 ? 'overdue' : daysUntilDue <= dueSoonDays ? 'dueSoon' : 'upToDate';
  return { status, dueDate, daysUntilDue, neverHeld, problem };
}

export type YearCount = { held: number; required: number; shortBy: number; from: string; to: string };

/**
 * For "n times a year": the signed sessions in the 12 months ending today (from the day after
 * the same date a year ago, to today), against the number required. Null for other rules.
 */
export function countInLastYear(rule: FrequencyRuleV1, signedDates: readonly string[], today: string): YearCount | null {
  if (rule.kind !== 'timesPerYear') return null;
  const from = addDays(addMonths(today, -12), 1);
  const held = new Set(signedDates.filter((d) => compareDates(d, from) >= 0 && compareDates(d, today) <= 0)).size;
  return { held, required: rule.times, shortBy: Math.max(0, rule.times - held), from, to: today };
}

// ---------------------------------------------------------------------------------------
// Presets, each quoting its policy

export const supervisionModes = ['individual', 'group', 'both', 'asRequired'] as const;
export type SupervisionMode = (typeof supervisionModes)[number];

export type FrequencyPreset = {
  id: string;
  organisation: string;
  /** The role as the policy names it. */
  role: string;
  rule: FrequencyRuleV1;
  /** The frequency in the policy's own words. */
  policyWording: string;
  mode: SupervisionMode | null;
  /** Who supervises, where the policy says. */
  supervisors: string | null;
  source: { policy: string; section: string };
};

const somersetSource = {
  policy: 'NHS Somerset ICB Safeguarding Supervision Policy',
  section: '5. Staff requirements for safeguarding supervision',
};

type SomersetRow = [id: string, role: string, wording: string, rule: FrequencyRuleV1, mode: SupervisionMode, supervisors: string];

const threeMonthly: FrequencyRuleV1 = { kind: 'everyMonths', months: 3 };
const sixMonthly: FrequencyRuleV1 = { kind: 'everyMonths', months: 6 };

/** Each row of Somerset's table "STAFF REQUIREMENTS FOR SAFEGUARDING SUPERVISION", in its order. */
const somersetRows: SomersetRow[] = [
  ['designated-professionals', 'Designated Professionals', '3 monthly', threeMonthly, 'both', 'Peer / out of area'],
  ['icb-safeguarding-leder-team', 'ICB Safeguarding / LeDeR Team', 'Quarterly', threeMonthly, 'group', 'Peer'],
  [
    'gp-pod-safeguarding-leads',
    'GP / POD Safeguarding Leads',
    '3 monthly',
    threeMonthly,
    'both',
    'Named Professional for safeguarding in Primary Care and PODS / Safeguarding Professional',
  ],
  [
    'named-professionals-provider-trusts',
    'Named Professionals for Safeguarding (long form contracts) within provider trusts',
    'Quarterly',
    threeMonthly,
    'both',
    'Designated Professionals',
  ],
  ['safeguarding-leads-short-form', 'Safeguarding leads (short form contract services)', '6 monthly', sixMonthly, 'group', 'Deputy Designated professionals'],
  ['deputy-named-professionals', 'Deputy Named Professionals within provider trusts', '3 monthly', threeMonthly, 'both', 'Deputy Designated Professionals'],
  ['chc-identified-roles', 'Continuing Health Care (CHC) Identified Roles', '6 weekly', { kind: 'everyWeeks', weeks: 6 }, 'group', 'Deputy Designated Professionals'],
  ['send-team', 'SEND Team', 'Quarterly', threeMonthly, 'group', 'Deputy Designated Nurse for Safeguarding Children'],
  [
    'complex-care-team',
    'Complex Care Team',
    'Quarterly',
    threeMonthly,
    'group',
    'Named Professional for Safeguarding in Primary Care and PODS / Safeguarding Professional',
  ],
  ['icb-complex-cases', 'ICB roles that support complex cases', 'Quarterly', threeMonthly, 'group', 'Designated/ Deputy Designated Professionals'],
  ['other-icb-roles', 'Other ICB roles', 'Ad-hoc', { kind: 'adHoc' }, 'asRequired', 'ICB Safeguarding Team'],
];

export const somersetPresets: readonly FrequencyPreset[] = somersetRows.map(([id, role, policyWording, rule, mode, supervisors]) => ({
  id: `somerset-${id}`,
  organisation: 'NHS Somerset ICB',
  role,
  rule,
  policyWording,
  mode,
  supervisors,
  source: somersetSource,
}));

/**
 * An example academic year's half terms (a typical English school year, 2025–26). Not any
 * school's real dates: each school enters its own, which vary by local authority and year.
 */
export const exampleHalfTerms2025to26: readonly HalfTermV1[] = [
  { name: 'Autumn 1', start: '2025-09-03', end: '2025-10-24' },
  { name: 'Autumn 2', start: '2025-11-03', end: '2025-12-19' },
  { name: 'Spring 1', start: '2026-01-05', end: '2026-02-13' },
  { name: 'Spring 2', start: '2026-02-23', end: '2026-03-27' },
  { name: 'Summer 1', start: '2026-04-13', end: '2026-05-22' },
  { name: 'Summer 2', start: '2026-06-01', end: '2026-07-22' },
];

export const otherPresets: readonly FrequencyPreset[] = [
  {
    id: 'derby-designated-named',
    organisation: 'NHS Derby and Derbyshire ICB',
    role: 'Named Professional (supervised by the Designated Professional)',
    rule: threeMonthly,
    policyWording: 'Set sessions will take place 3 monthly.',
    mode: 'individual',
    supervisors: 'Designated Professional',
    source: { policy: 'Safeguarding Children and Looked after Children Supervision Policy', section: 'Appendix 1 – Safeguarding Children Agreement' },
  },
  {
    id: 'derby-looked-after-children',
    organisation: 'NHS Derby and Derbyshire ICB',
    role: 'Named Nurse for Children in Care',
    rule: sixMonthly,
    policyWording: 'minimum every 6 months',
    mode: 'individual',
    supervisors: 'Designated Nurse for Children in Care',
    source: { policy: 'Safeguarding Children and Looked after Children Supervision Policy', section: 'Appendix 2 – Looked After Children Agreement' },
  },
  {
    id: 'temple-school-staff',
    organisation: 'Temple Learning Academy',
    role: 'School staff (designated safeguarding staff)',
    rule: { kind: 'halfTermly', termDates: exampleHalfTerms2025to26.map((term) => ({ ...term })) },
    policyWording: 'a minimum interval of once every half term',
    mode: null,
    supervisors: null,
    source: { policy: 'Temple Learning Academy Supervision Policy', section: '3. Supervision for school staff' },
  },
  {
    id: 'south-gloucestershire',
    organisation: 'South Gloucestershire Safeguarding Children Board',
    role: 'All relevant staff',
    rule: { kind: 'timesPerYear', times: 6 },
    policyWording: 'As a minimum, management supervision should take place six times in any 12 month period.',
    mode: null,
    supervisors: null,
    source: { policy: 'South Gloucestershire Integrated Supervision Policy', section: '3. Frequency and Duration of Supervision Sessions (3.1)' },
  },
];

export const frequencyPresets: readonly FrequencyPreset[] = [...somersetPresets, ...otherPresets];

export function findPreset(id: string): FrequencyPreset | undefined {
  return frequencyPresets.find((preset) => preset.id === id);
}
