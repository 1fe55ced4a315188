/**
 * Calendar arithmetic on stored dates (YYYY-MM-DD), done on day numbers so no time zone or
 * clock is ever involved. "Today" is always passed in by the caller.
 */

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const msPerDay = 86_400_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** True for a real calendar date written YYYY-MM-DD (so 2025-02-29 is not one). */
export function isCalendarDate(value: string): boolean {
  const match = datePattern.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  // Years before 1000 are not supervision dates (and Date.UTC reads 0–99 as 1900–1999).
  return year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export type DateParts = { year: number; month: number; day: number };

export function dateParts(date: string): DateParts {
  if (!isCalendarDate(date)) throw new RangeError(`"${date}" is not a date as YYYY-MM-DD`);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

/** Days since 1970-01-01 (negative before it). */
export function dayNumber(date: string): number {
  const { year, month, day } = dateParts(date);
  return Date.UTC(year, month - 1, day) / msPerDay;
}

export function fromDayNumber(days: number): string {
  const at = new Date(days * msPerDay);
  return `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * Calendar months later (or earlier, for a negative count), keeping the day of the month where
 * it exists and otherwise taking the month's last day: 31 January + 1 month = 28 (or 29) February.
 */
export function addMonths(date: string, months: number): string {
  const { year, month, day } = dateParts(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return `${pad(targetYear, 4)}-${pad(targetMonth)}-${pad(targetDay)}`;
}

export function compareDates(a: string, b: string): number {
  return dayNumber(a) - dayNumber(b);
}

export function maxDate(dates: readonly string[]): string | null {
  let latest: string | null = null;
  for (const date of dates) if (latest === null || compareDates(date, latest) > 0) latest = date;
  return latest;
}

export function inRange(date: string, from: string, to: string): boolean {
  return compareDates(date, from) >= 0 && compareDates(date, to) <= 0;
}
