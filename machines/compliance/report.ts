/**
 * The compliance report for a period: for each person, attendance, dates and compliance
 * status only. It takes the least of each session it needs (who, when, whether signed), so
 * case content cannot reach a row, and copies no free text from records or appointments.
 */
import { compareDates, inRange, maxDate } from './dates.ts';
import { formatDate } from '../dates/format.ts';
import { complianceStatus, countInLastYear, describeRule, type ComplianceStatus, type FrequencyRuleV1 } from './frequency.ts';
import { rebookingStatus, type AppointmentV1, type RebookingRuleV1 } from './schedule.ts';

/** What the report reads of a session record (a SessionContentV1 satisfies it). */
export type ReportSession = {
  date: string;
  parties: { supervisee: { personId: string } };
  signatures: { supervisor: object | null; supervisee: object | null };
};

export type ReportPerson = { id: string; name: string; role: string };

export type ComplianceReportInput = {
  from: string;
  to: string;
  people: readonly ReportPerson[];
  /** Session records; a person's signed ones give their session dates unless `signedDates` has them. */
  sessions?: readonly ReportSession[];
  /**
   * Each person's signed session dates, by person id: what the device's index holds (a session is
   * "signed" there only once sealed with both signatures), so a decade of records is not read to
   * count them. A person listed here is counted from it alone.
   */
  signedDates?: Readonly<Record<string, readonly string[]>>;
  appointments: readonly AppointmentV1[];
  /** Each person's frequency rule, by person id. A person without one is "not applicable". */
  rules: Readonly<Record<string, FrequencyRuleV1>>;
  today: string;
  /** Each person's rebooking rule, by person id; Devon's two weeks for anyone without one. */
  rebooking?: Readonly<Record<string, RebookingRuleV1>>;
  dueSoonDays?: number;
};

export type ComplianceRow = {
  personId: string;
  name: string;
  role: string;
  frequency: string;
  /** Signed sessions dated in the period, oldest first. */
  sessionDates: string[];
  sessionsHeld: number;
  /** Appointments dated in the period that were cancelled. */
  cancelled: number;
  /** Of those, how many were rebooked. */
  rebooked: number;
  rebookingOverdue: number;
  /** The last signed session on or before today (in the period or not). */
  lastSession: string | null;
  status: ComplianceStatus;
  nextDue: string | null;
  /** For "n times a year": signed sessions in the 12 months to today, and the number required. */
  heldInLast12Months: number | null;
  requiredIn12Months: number | null;
};

export function isSigned(session: ReportSession): boolean {
  return session.signatures.supervisor !== null && session.signatures.supervisee !== null;
}

export function complianceReport(input: ComplianceReportInput): ComplianceRow[] {
  const { from, to, today } = input;
  if (compareDates(from, to) > 0) throw new RangeError('The report period ends before it starts');
  const rows = input.people.map((person): ComplianceRow => {
    const indexed = input.signedDates?.[person.id];
    const signedDates = (indexed ? [...indexed] : (input.sessions ?? []).filter((s) => s.parties.supervisee.personId === person.id && isSigned(s)).map((s) => s.date)).sort(compareDates);
    const sessionDates = signedDates.filter((d) => inRange(d, from, to));
    const lastSession = maxDate(signedDates.filter((d) => compareDates(d, today) <= 0));
    const cancelledInPeriod = input.appointments.filter(
      (a) => a.personId === person.id && a.status === 'cancelled' && inRange(a.date, from, to),
    );
    const rebookings = cancelledInPeriod.map((a) => rebookingStatus(a, input.appointments, today, input.rebooking?.[person.id])?.status);
    const rule = input.rules[person.id];
    const compliance = rule ? complianceStatus(rule, lastSession, today, input.dueSoonDays) : null;
    const year = rule ? countInLastYear(rule, signedDates, today) : null;
    return {
      personId: person.id,
      name: person.name,
      role: person.role,
      frequency: rule ? describeRule(rule) : 'No frequency set',
      sessionDates,
      sessionsHeld: sessionDates.length,
      cancelled: cancelledInPeriod.length,
      rebooked: rebookings.filter((s) => s === 'rebooked').length,
      rebookingOverdue: rebookings.filter((s) => s === 'rebookingOverdue').length,
      lastSession,
      status: compliance?.status ?? 'notApplicable',
      nextDue: compliance?.dueDate ?? null,
      heldInLast12Months: year?.held ?? null,
      requiredIn12Months: year?.required ?? null,
    };
  });
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'en-GB') || a.personId.localeCompare(b.personId));
}

// ---------------------------------------------------------------------------------------
// CSV (RFC 4180)

export const statusWords: Record<ComplianceStatus, string> = {
  upToDate: 'Up to date',
  dueSoon: 'Due soon',
  overdue: 'Overdue',
  notApplicable: 'Not applicable',
};

/** Characters that make a spreadsheet read a cell as a formula (tab and CR too, after OWASP). */
const formulaStart = /^[=+\-@\t\r]/;

/** One field: a leading formula character neutralised with an apostrophe, then quoted with quotes doubled. */
export function csvField(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (formulaStart.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export const csvHeaders = [
  'Name',
  'Role',
  'Frequency',
  'Sessions held',
  'Session dates',
  'Cancelled',
  'Rebooked',
  'Rebooking overdue',
  'Last session',
  'Status',
  'Next due',
  'Held in last 12 months',
  'Required in 12 months',
] as const;

/** The byte-order mark that tells Excel on Windows the file is UTF-8 (without it, accented names are garbled). */
export const CSV_BOM = '\uFEFF';

export function reportToCsv(rows: readonly ComplianceRow[]): string {
  const records: (string | number | null)[][] = [
    [...csvHeaders],
    ...rows.map((row) => [
      row.name,
      row.role,
      row.frequency,
      row.sessionsHeld,
      // Dates as a person reads them (British order, month in words); Excel in an en-GB locale still reads them as dates.
      row.sessionDates.map(formatDate).join('; '),
      row.cancelled,
      row.rebooked,
      row.rebookingOverdue,
      row.lastSession === null ? null : formatDate(row.lastSession),
      statusWords[row.status],
      row.nextDue === null ? null : formatDate(row.nextDue),
      row.heldInLast12Months,
      row.requiredIn12Months,
    ]),
  ];
  return CSV_BOM + records.map((record) => `${record.map(csvField).join(',')}\r\n`).join('');
}
