/**
 * Every date and time a person reads, in one place: on screen, in text downloads, in print
 * and in every output. British English: "4 December 2026", and times in 24-hour UK time
 * ("14:05"), the same on every device whatever its own time zone, because the records are for
 * UK services and a record must read the same wherever it is opened.
 *
 * Stored dates (YYYY-MM-DD) are calendar dates: they are read as they are, never through a
 * time zone, so nothing ever shows the day before. Instants (ISO times) are shown in UK time.
 * Anything that is not a date is returned as it is (a formatter never hides what it was given).
 */
const months = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

const UK_TIME_ZONE = 'Europe/London';

/** "2026-12-04" → "4 December 2026". */
export function formatDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  const [, year, month, day] = match;
  const name = months[Number(month) - 1];
  if (!name || !day || Number(day) < 1 || Number(day) > 31) return isoDate;
  return `${Number(day)} ${name} ${year}`;
}

const ukParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: UK_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function asDate(at: Date | string): Date {
  return typeof at === 'string' ? new Date(at) : at;
}

/** An instant → its UK calendar date (YYYY-MM-DD) and 24-hour time ("14:05"), or null when it is not a time. */
export function ukDateAndTime(at: Date | string): { date: string; time: string } | null {
  const date = asDate(at);
  if (Number.isNaN(date.getTime())) return null;
  const parts = Object.fromEntries(ukParts.formatToParts(date).map((p) => [p.type, p.value]));
  return { date: `${parts['year']}-${parts['month']}-${parts['day']}`, time: `${parts['hour']}:${parts['minute']}` };
}

/** A calendar date and a wall-clock time → "4 December 2026 at 14:05" (the date alone when there is no time). */
export function formatDateAndTime(isoDate: string, time: string | null | undefined): string {
  return time ? `${formatDate(isoDate)} at ${time}` : formatDate(isoDate);
}

/** "2026-12-04T14:05:00Z" → "4 December 2026 at 14:05" (UK time). */
export function formatInstant(at: Date | string): string {
  const uk = ukDateAndTime(at);
  return uk ? formatDateAndTime(uk.date, uk.time) : String(at);
}

/** "2026-12-04T23:30:00Z" → "4 December 2026": the day of an instant in UK time. */
export function formatInstantDate(at: Date | string): string {
  const uk = ukDateAndTime(at);
  return uk ? formatDate(uk.date) : String(at);
}

/** "2026-12-04T14:05:00Z" → "14:05" (UK time, 24-hour). */
export function formatTime(at: Date | string): string {
  return ukDateAndTime(at)?.time ?? String(at);
}

/** An ISO date (2026-12-04) anywhere in a text: what a person must never be shown. */
export const ISO_DATE_IN_TEXT = /\b\d{4}-\d{2}-\d{2}\b/;
