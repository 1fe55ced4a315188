/** Dates as people read them: the one date module (machines/dates/format.ts), for the client. */
export { formatDate, formatDateAndTime, formatInstant, formatInstantDate, formatTime } from '../../machines/dates/format.ts';

/** Today's date on this device, as YYYY-MM-DD (stored, never shown: show it with formatDate). */
export function localIsoDate(now: Date = new Date()): string {
  const offset = now.getTimezoneOffset() * 60_000;
  return new Date(now.getTime() - offset).toISOString().slice(0, 10);
}
