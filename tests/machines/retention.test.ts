/**
 * Retention dates, due reviews, the destruction log's entry and backup reminders: pure functions,
 * every date injected, at the boundaries (the day before, on and after a period ends; 29 February).
 */
import { describe, expect, it } from 'vitest';
import {
  $DestructionEntryV1,
  $RetentionSettingsV1,
  addYears,
  backupReminder,
  checkHold,
  DEFAULT_REMINDER,
  destructionEntry,
  dueForReview,
  effectiveYears,
  itemKey,
  policyRetention,
  PRODUCT_DEFAULT_YEARS,
  retentionEndsOn,
  type RetentionItem,
} from '../../machines/retention/retention.ts';

const years = PRODUCT_DEFAULT_YEARS;
const session = (id: string, personId: string, date: string): RetentionItem => ({ kind: 'session', id, personId, date });

describe('retention periods', () => {
  it('has no period from any of the five policies: every default is the product’s', () => {
    expect(policyRetention).toHaveLength(5);
    expect(policyRetention.every((p) => p.period === null)).toBe(true);
    expect(PRODUCT_DEFAULT_YEARS).toEqual({ session: 6, agreement: 6, preparation: 1, groupSession: 6, practice: 1 });
  });

  it('adds whole years, keeping 29 February as 28 February in a year without it', () => {
    expect(addYears('2020-02-29', 1)).toBe('2021-02-28');
    expect(addYears('2020-02-29', 4)).toBe('2024-02-29');
    expect(addYears('2019-06-30', 6)).toBe('2025-06-30');
  });

  it('never ends a supervisee’s record while they are supervised, and ends it N years after they leave', () => {
    const item = session('s1', 'p1', '2015-03-01');
    expect(retentionEndsOn(item, years, new Map())).toBeNull();
    expect(retentionEndsOn(item, years, new Map([['p1', '2019-06-30']]))).toBe('2025-06-30');
    expect(retentionEndsOn({ ...item, kind: 'preparation' }, years, new Map([['p1', '2019-06-30']]))).toBe('2020-06-30');
  });

  it('starts a group record’s and a practice session’s clock on their own date', () => {
    expect(retentionEndsOn({ kind: 'groupSession', id: 'g1', personId: null, date: '2018-01-10' }, years, new Map())).toBe('2024-01-10');
    expect(retentionEndsOn({ kind: 'practice', id: 'x1', personId: null, date: '2024-05-01' }, years, new Map())).toBe('2025-05-01');
  });

  it('takes the periods a user set, the defaults for the rest, and refuses a period out of range', () => {
    expect(effectiveYears({ version: 1, years: { session: 8 } })).toEqual({ ...PRODUCT_DEFAULT_YEARS, session: 8 });
    expect(effectiveYears(null)).toEqual(PRODUCT_DEFAULT_YEARS);
    expect($RetentionSettingsV1.safeParse({ version: 1, years: { session: 0 } }).success).toBe(false);
    expect($RetentionSettingsV1.safeParse({ version: 1, years: { session: 2.5 } }).success).toBe(false);
    expect($RetentionSettingsV1.safeParse({ version: 1, years: { other: 2 } }).success).toBe(false);
  });
});

describe('records due for review', () => {
  const left = new Map([['p1', '2019-06-30']]);
  const items = [session('s1', 'p1', '2019-01-01'), session('s2', 'p2', '2010-01-01'), session('s0', 'p1', '2018-05-01')];

  it('is due on the day the period ends, not the day before', () => {
    expect(dueForReview(items, years, left, new Map(), '2025-06-29')).toEqual([]);
    const due = dueForReview(items, years, left, new Map(), '2025-06-30');
    // Oldest first; the supervisee still supervised (p2) is never due, however old the record.
    expect(due.map((d) => d.id)).toEqual(['s0', 's1']);
    expect(due[0]?.endsOn).toBe('2025-06-30');
  });

  it('leaves a record kept for longer until its review date, then shows it again with the decision', () => {
    const hold = { reason: 'Court proceedings', reviewOn: '2026-01-01', decidedAt: '2025-07-01T10:00:00.000Z' };
    const holds = new Map([[itemKey({ kind: 'session', id: 's1' }), hold]]);
    expect(dueForReview(items, years, left, holds, '2025-12-31').map((d) => d.id)).toEqual(['s0']);
    const again = dueForReview(items, years, left, holds, '2026-01-01');
    expect(again.map((d) => d.id)).toEqual(['s0', 's1']);
    expect(again[1]?.hold).toEqual(hold);
  });

  it('asks for a reason and a review date after today to keep a record for longer', () => {
    expect(checkHold({ reason: '  ', reviewOn: '2030-01-01' }, '2026-01-01')).toMatchObject({ ok: false, field: 'reason' });
    expect(checkHold({ reason: 'Complaint open', reviewOn: '' }, '2026-01-01')).toMatchObject({ ok: false, field: 'reviewOn' });
    expect(checkHold({ reason: 'Complaint open', reviewOn: '2026-01-01' }, '2026-01-01')).toMatchObject({ ok: false, field: 'reviewOn' });
    expect(checkHold({ reason: ' Complaint open ', reviewOn: '2026-01-02' }, '2026-01-01')).toEqual({ ok: true, value: { reason: 'Complaint open', reviewOn: '2026-01-02' } });
  });
});

describe('the destruction log entry', () => {
  it('counts by kind and lists the dates, and has nowhere to put content or a name', () => {
    const entry = destructionEntry(
      [session('s1', 'p1', '2019-01-01'), session('s0', 'p1', '2018-05-01'), { kind: 'agreement', id: 'a1', personId: 'p1', date: '2018-05-01' }],
      '2026-12-04T09:00:00.000Z',
      'Sam Supervisor',
      1,
    );
    expect(entry.counts).toEqual({ session: 2, agreement: 1, preparation: 0, groupSession: 0, practice: 0 });
    expect(entry.dates).toEqual(['2018-05-01', '2019-01-01']);
    expect($DestructionEntryV1.safeParse(entry).success).toBe(true);
    expect($DestructionEntryV1.safeParse({ ...entry, personName: 'Ava' }).success).toBe(false);
  });
});

describe('backup reminders', () => {
  const settings = DEFAULT_REMINDER;
  it('reminds on a device never backed up once something is signed, not before', () => {
    expect(backupReminder({ lastBackupOn: null, signedSince: 0, settings, today: '2026-12-04' })).toEqual({ due: false });
    expect(backupReminder({ lastBackupOn: null, signedSince: 1, settings, today: '2026-12-04' })).toEqual({ due: true, reason: 'never' });
  });

  it('reminds after the chosen number of days, not the day before', () => {
    expect(backupReminder({ lastBackupOn: '2026-11-04', signedSince: 0, settings, today: '2026-12-03' })).toEqual({ due: false });
    expect(backupReminder({ lastBackupOn: '2026-11-04', signedSince: 0, settings, today: '2026-12-04' })).toEqual({ due: true, reason: 'days', days: 30 });
  });

  it('reminds after the chosen number of signed records', () => {
    expect(backupReminder({ lastBackupOn: '2026-12-01', signedSince: 4, settings, today: '2026-12-04' })).toEqual({ due: false });
    expect(backupReminder({ lastBackupOn: '2026-12-01', signedSince: 5, settings, today: '2026-12-04' })).toEqual({ due: true, reason: 'records', records: 5 });
    expect(backupReminder({ lastBackupOn: '2026-12-01', signedSince: 2, settings: { days: 30, signedRecords: 2 }, today: '2026-12-04' })).toMatchObject({ due: true });
  });
});
