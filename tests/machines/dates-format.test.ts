import { describe, expect, it } from 'vitest';
import { formatDate, formatDateAndTime, formatInstant, formatInstantDate, formatTime, ISO_DATE_IN_TEXT, ukDateAndTime } from '../../machines/dates/format.ts';

describe('the one date module', () => {
  it('writes a stored date the British way, never through a time zone', () => {
    const cases: [string, string][] = [
      ['2026-12-04', '4 December 2026'],
      ['2027-01-31', '31 January 2027'],
      ['2026-03-29', '29 March 2026'],
    ];
    for (const [iso, text] of cases) expect(formatDate(iso)).toBe(text);
  });

  it('returns what is not a date as it is', () => {
    for (const notADate of ['', 'soon', '2026-13-01', '2026-12-4']) expect(formatDate(notADate)).toBe(notADate);
    expect(formatInstant('not a time')).toBe('not a time');
  });

  it('shows instants in 24-hour UK time, winter and summer', () => {
    expect(formatInstant('2026-12-04T14:05:00.000Z')).toBe('4 December 2026 at 14:05');
    expect(formatTime('2026-12-04T11:33:03.043Z')).toBe('11:33');
    // British Summer Time: an hour ahead of UTC.
    expect(formatInstant('2026-07-01T13:05:00Z')).toBe('1 July 2026 at 14:05');
    expect(formatTime(new Date('2026-07-01T00:30:00Z'))).toBe('01:30');
    // Late on 4 July UTC is already 5 July in London.
    expect(formatInstantDate('2026-07-04T23:30:00Z')).toBe('5 July 2026');
    expect(ukDateAndTime('2026-10-25T00:59:00Z')).toEqual({ date: '2026-10-25', time: '01:59' });
    expect(ukDateAndTime('2026-10-25T01:00:00Z')).toEqual({ date: '2026-10-25', time: '01:00' });
  });

  it('joins a date and a wall-clock time', () => {
    expect(formatDateAndTime('2027-02-20', '10:00')).toBe('20 February 2027 at 10:00');
    expect(formatDateAndTime('2027-02-20', '')).toBe('20 February 2027');
    expect(formatDateAndTime('2027-02-20', null)).toBe('20 February 2027');
  });

  it('never leaves an ISO date in what it writes', () => {
    for (const iso of ['2026-01-01', '2026-06-15', '2026-12-31', '2028-02-29']) expect(formatDate(iso)).not.toMatch(ISO_DATE_IN_TEXT);
    expect(formatInstant('2026-12-04T11:33:03.043Z')).not.toMatch(ISO_DATE_IN_TEXT);
    expect('by 2026-12-31').toMatch(ISO_DATE_IN_TEXT);
  });
});
