/**
 * Retention (issue 17, point 7): how long each kind of record is kept, when a record's period
 * ends, and which records are due for review. Pure: dates in, dates out (YYYY-MM-DD).
 *
 * None of the five policies this product is built from sets a retention period: they say who
 * keeps a record (both parties), that it is kept securely and may be seen by an authorised
 * third party later, never for how long. So every period here is a product default, labelled
 * as such wherever it is shown, to be changed to the organisation's own records management
 * policy (for NHS bodies, the Records Management Code of Practice).
 *
 * A supervisee's records (sessions, agreements, preparations) are kept for a number of years
 * after the supervision relationship ends, which is when the supervisee is marked as having
 * left: while they are supervised, their records are never due. Group records and practice
 * sessions belong to no one supervisee: their clock starts on the record's own date.
 */
import { z } from 'zod';
import { addMonths, compareDates, daysBetween } from '../compliance/dates.ts';
import { $IsoDate } from '../model/record.ts';

export const recordKinds = ['session', 'agreement', 'preparation', 'groupSession', 'practice'] as const;
export type RecordKind = (typeof recordKinds)[number];

/** When a kind's clock starts: the supervisee's leaving date, or the record's own date. */
export type RetentionClock = 'relationshipEnds' | 'recordDate';
export const clockOf: Record<RecordKind, RetentionClock> = {
  session: 'relationshipEnds',
  agreement: 'relationshipEnds',
  preparation: 'relationshipEnds',
  groupSession: 'recordDate',
  practice: 'recordDate',
};

export const MIN_YEARS = 1;
export const MAX_YEARS = 100;
export const $Years = z.number().int().min(MIN_YEARS).max(MAX_YEARS);
export type RetentionYears = Record<RecordKind, number>;

/** The product's defaults (no policy sets a period: see above). */
export const PRODUCT_DEFAULT_YEARS: RetentionYears = { session: 6, agreement: 6, preparation: 1, groupSession: 6, practice: 1 };

/** What a user changed (kinds not set keep the default). */
export const $RetentionSettingsV1 = z.strictObject({ version: z.literal(1), years: z.strictObject(Object.fromEntries(recordKinds.map((kind) => [kind, $Years.optional()])) as Record<RecordKind, z.ZodOptional<typeof $Years>>) });
export type RetentionSettingsV1 = z.infer<typeof $RetentionSettingsV1>;

export function effectiveYears(settings: RetentionSettingsV1 | null): RetentionYears {
  const years = { ...PRODUCT_DEFAULT_YEARS };
  for (const kind of recordKinds) {
    const set = settings?.years[kind];
    if (set !== undefined) years[kind] = set;
  }
  return years;
}

/** What each organisation's policy says about keeping records, in its own words (none sets a period). */
export type PolicyRetention = { organisation: string; says: string; period: null };
export const policyRetention: readonly PolicyRetention[] = [
  { organisation: 'NHS Derby and Derbyshire Integrated Care Board', says: 'A record of each individual supervision meeting will be kept by the supervisor and supervisee and signed by both (7.1).', period: null },
  { organisation: 'NHS Somerset Integrated Care Board', says: 'Maintain and securely store accurate, meaningful, and contemporaneous records.', period: null },
  { organisation: 'Devon and Torbay Safeguarding Children Boards', says: 'The organisation provides clarity about documentation and storage/access to records.', period: null },
  { organisation: 'South Gloucestershire Safeguarding Children Board', says: 'Sight of the records may be required by an authorised third party, e.g. in the event of a future dispute, complaint, audit, investigation or court proceedings.', period: null },
  { organisation: 'Temple Learning Academy', says: 'All records of supervision are confidential and should be stored securely by the supervisor. They will be subject to inspection and audit.', period: null },
];

export function addYears(date: string, years: number): string {
  return addMonths(date, years * 12);
}

/** A record as retention sees it: its kind, id, whose it is (null for group and practice records) and its date. */
export type RetentionItem = { kind: RecordKind; id: string; personId: string | null; date: string };

/** A decision to keep a record past its period: why, and when to look again. */
export type RetentionHold = { reason: string; reviewOn: string; decidedAt: string };

export function itemKey(item: Pick<RetentionItem, 'kind' | 'id'>): string {
  return `${item.kind}:${item.id}`;
}

/**
 * The date a record's period ends, or null while its supervisee is still supervised (a record of
 * someone whose relationship has not ended is never due).
 */
export function retentionEndsOn(item: RetentionItem, years: RetentionYears, leftOn: ReadonlyMap<string, string>): string | null {
  if (clockOf[item.kind] === 'recordDate') return item.date === '' ? null : addYears(item.date, years[item.kind]);
  const left = item.personId === null ? undefined : leftOn.get(item.personId);
  return left === undefined ? null : addYears(left, years[item.kind]);
}

export type DueItem = RetentionItem & { endsOn: string; hold: RetentionHold | null };

/**
 * The records whose period has ended by `today` and that have no decision to keep them still in
 * force (a hold whose review date has come is due again). Oldest first, then by kind.
 */
export function dueForReview(
  items: readonly RetentionItem[],
  years: RetentionYears,
  leftOn: ReadonlyMap<string, string>,
  holds: ReadonlyMap<string, RetentionHold>,
  today: string,
): DueItem[] {
  const due: DueItem[] = [];
  for (const item of items) {
    const endsOn = retentionEndsOn(item, years, leftOn);
    if (endsOn === null || compareDates(endsOn, today) > 0) continue;
    const hold = holds.get(itemKey(item)) ?? null;
    if (hold && compareDates(hold.reviewOn, today) > 0) continue;
    due.push({ ...item, endsOn, hold });
  }
  return due.sort((a, b) => compareDates(a.date || a.endsOn, b.date || b.endsOn) || recordKinds.indexOf(a.kind) - recordKinds.indexOf(b.kind) || a.id.localeCompare(b.id));
}

/** A keep-for-longer decision: a reason and a review date after today. */
/** A supervisee marked as having left: the date their retention clock starts. */
export const $DepartureV1 = z.strictObject({ leftOn: $IsoDate });
/** A decision to keep a record past its period: why, and when to look again. */
export const $RetentionHoldV1 = z.strictObject({ reason: z.string().min(1).max(500), reviewOn: $IsoDate, decidedAt: z.string() });

export const $HoldInput = z.strictObject({
  reason: z.string().trim().min(1, 'Say why the record is kept for longer').max(500, 'Keep the reason under 500 characters'),
  reviewOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the review date'),
});
export function checkHold(input: { reason: string; reviewOn: string }, today: string): { ok: true; value: { reason: string; reviewOn: string } } | { ok: false; field: 'reason' | 'reviewOn'; message: string } {
  const parsed = $HoldInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, field: issue?.path[0] === 'reviewOn' ? 'reviewOn' : 'reason', message: issue?.message ?? 'That is not valid' };
  }
  if (compareDates(parsed.data.reviewOn, today) <= 0) return { ok: false, field: 'reviewOn', message: 'The review date must be after today' };
  return { ok: true, value: parsed.data };
}

/** The destruction log's entry: what kind, how many, which dates, when, by whom. Never content, never a name of a child. */
export const $DestructionEntryV1 = z.strictObject({
  version: z.literal(1),
  at: z.iso.datetime({ offset: true }),
  by: z.string().max(200),
  counts: z.strictObject(Object.fromEntries(recordKinds.map((kind) => [kind, z.number().int().min(0)])) as Record<RecordKind, z.ZodNumber>),
  /** The dates of the records destroyed (YYYY-MM-DD), oldest first. */
  dates: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).max(100_000),
  /** Copies on the relay this device held delete keys for (deleted at once, or kept on a list to retry). */
  relayCopies: z.number().int().min(0),
});
export type DestructionEntryV1 = z.infer<typeof $DestructionEntryV1>;

export function destructionEntry(items: readonly RetentionItem[], at: string, by: string, relayCopies: number): DestructionEntryV1 {
  const counts = Object.fromEntries(recordKinds.map((kind) => [kind, 0])) as Record<RecordKind, number>;
  for (const item of items) counts[item.kind] += 1;
  const dates = [...new Set(items.map((item) => item.date).filter((date) => date !== ''))].sort(compareDates);
  return { version: 1, at, by, counts, dates, relayCopies };
}

/** Backup reminders (issue 17, point 8). */
export const DEFAULT_REMINDER = { days: 30, signedRecords: 5 } as const;
export const $ReminderSettingsV1 = z.strictObject({
  version: z.literal(1),
  days: z.number().int().min(1, 'At least 1 day').max(365, 'At most 365 days'),
  signedRecords: z.number().int().min(1, 'At least 1 record').max(1000, 'At most 1000 records'),
});
export type ReminderSettingsV1 = z.infer<typeof $ReminderSettingsV1>;

export type BackupReminder = { due: false } | { due: true; reason: 'never' } | { due: true; reason: 'days'; days: number } | { due: true; reason: 'records'; records: number };

/**
 * Whether to remind: never backed up with a signed record here; or `days` since the last backup
 * (local dates); or `signedRecords` signed (or changed) since it. Never backed up and nothing signed: no reminder.
 */
export function backupReminder(input: { lastBackupOn: string | null; signedSince: number; settings: Pick<ReminderSettingsV1, 'days' | 'signedRecords'>; today: string }): BackupReminder {
  const { lastBackupOn, signedSince, settings, today } = input;
  if (lastBackupOn === null) return signedSince > 0 ? { due: true, reason: 'never' } : { due: false };
  const days = daysBetween(lastBackupOn, today);
  if (signedSince >= settings.signedRecords) return { due: true, reason: 'records', records: signedSince };
  if (days >= settings.days) return { due: true, reason: 'days', days };
  return { due: false };
}
