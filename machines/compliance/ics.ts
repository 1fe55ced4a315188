/**
 * The small part of iCalendar (RFC 5545) the product writes: escaped TEXT values, content
 * lines folded at 75 octets, CRLF line endings, and the Europe/London time zone definition.
 */

const encoder = new TextEncoder();

export const ICS_LINE_OCTETS = 75;

/** RFC 5545 3.3.11 TEXT: backslash, semicolon, comma and newlines escaped; other controls removed. */
export function escapeIcsText(value: string): string {
  return value
    .replace(/\r\n|\r|\n/g, '\n')
    // Control characters other than tab and newline are not allowed in TEXT.
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

/**
 * RFC 5545 3.1: a content line longer than 75 octets is split, each continuation starting
 * with a single space; a UTF-8 character is never split across lines.
 */
export function foldIcsLine(line: string): string[] {
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = lines.length === 0 ? ICS_LINE_OCTETS : ICS_LINE_OCTETS - 1;
    if (octets + size > limit) {
      lines.push(lines.length === 0 ? current : ` ${current}`);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  lines.push(lines.length === 0 ? current : ` ${current}`);
  return lines;
}

/** Content lines → the iCalendar stream: every line folded and ended by CRLF. */
export function icsDocument(contentLines: readonly string[]): string {
  return contentLines.flatMap(foldIcsLine).map((line) => `${line}\r\n`).join('');
}

export const LONDON_TZID = 'Europe/London';

/** Europe/London as a VTIMEZONE: GMT, and BST from the last Sunday of March to the last Sunday of October. */
export const londonTimezoneLines: readonly string[] = [
  'BEGIN:VTIMEZONE',
  `TZID:${LONDON_TZID}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'TZNAME:BST',
  'DTSTART:19700329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'TZNAME:GMT',
  'DTSTART:19701025T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** An instant → DATE-TIME in UTC form, e.g. 20261122T090000Z. */
export function icsUtcDateTime(epochMs: number): string {
  const at = new Date(epochMs);
  return (
    `${pad(at.getUTCFullYear(), 4)}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}` +
    `T${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}Z`
  );
}

/**
 * A wall-clock date and time plus some minutes, as local DATE-TIME (no Z), e.g.
 * 20261122T100000. Arithmetic is on the wall clock, so it never depends on a time zone.
 */
export function icsLocalDateTime(date: string, time: string, plusMinutes = 0): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(year, month - 1, day, hours, minutes) + plusMinutes * 60_000;
  return icsUtcDateTime(wall).slice(0, -1);
}
