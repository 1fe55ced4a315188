/**
 * Dates and times as they are written in a record. Stored dates (YYYY-MM-DD) are read as
 * calendar dates, never through a time zone, so a record never shows the day before.
 * Instants are shown in UK time: the product's records are for UK services, and the
 * same record must read the same on every device that opens it.
 */
const months = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

/** "2026-11-22" → "22 November 2026"; anything else is returned as it is. */
export function formatRecordDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  const [, year, month, day] = match;
  const name = months[Number(month) - 1];
  if (!name || !day) return isoDate;
  return `${Number(day)} ${name} ${year}`;
}

const ukParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An ISO instant → its UK calendar date and 24-hour time, or null when it is not a time. */
export function ukDateAndTime(iso: string): { date: string; time: string } | null {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  const parts = Object.fromEntries(ukParts.formatToParts(at).map((p) => [p.type, p.value]));
  return { date: `${parts['year']}-${parts['month']}-${parts['day']}`, time: `${parts['hour']}:${parts['minute']}` };
}

/** "2026-11-22T11:00:00Z" → "22 November 2026 at 11:00". */
export function formatRecordInstant(iso: string): string {
  const uk = ukDateAndTime(iso);
  return uk ? `${formatRecordDate(uk.date)} at ${uk.time}` : iso;
}

/** "2026-11-22T11:00:00Z" → "11:00" (UK time). */
export function formatRecordTime(iso: string): string {
  return ukDateAndTime(iso)?.time ?? iso;
}
