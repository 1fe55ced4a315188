/**
 * Appointments for supervision: booking, cancelling, the clock for rebooking a cancelled
 * session (Devon: within two weeks; South Gloucestershire: immediately), the 24-hour clock
 * for urgent supervision (South Gloucestershire), and a calendar file for each appointment.
 * Dates are YYYY-MM-DD, times HH:MM in UK time, instants ISO; the caller supplies "now".
 */
import { z } from 'zod';
import { $IsoInstant, $RecordId } from '../model/record.ts';
import { addDays, compareDates } from './dates.ts';
import { $CalendarDate } from './frequency.ts';
import { LONDON_TZID, escapeIcsText, icsDocument, icsLocalDateTime, icsUtcDateTime, londonTimezoneLines } from './ics.ts';

export const appointmentKinds = ['planned', 'urgent'] as const;
export const appointmentStatuses = ['booked', 'held', 'cancelled'] as const;
export const cancellingParties = ['supervisor', 'supervisee', 'other'] as const;

export const $TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time as HH:MM');

export const $AppointmentV1 = z
  .strictObject({
    id: $RecordId,
    personId: $RecordId,
    date: $CalendarDate,
    /** UK local time (Europe/London); '' when the day is agreed but not yet the time. */
    time: $TimeOfDay.or(z.literal('')),
    durationMinutes: z.number().int().min(5).max(600),
    venue: z.string().trim().max(500),
    kind: z.enum(appointmentKinds),
    status: z.enum(appointmentStatuses),
    cancelledBy: z.enum(cancellingParties).nullable().default(null),
    /** Why it was cancelled. Never leaves the device in a calendar file or a report. */
    cancelReason: z.string().max(2000).default(''),
    cancelledOn: $CalendarDate.nullable().default(null),
    /** The appointment that replaces this cancelled one. */
    rebookedAs: $RecordId.nullable().default(null),
    /** When urgent supervision was asked for (the 24-hour clock starts here). */
    requestedAt: $IsoInstant.nullable().default(null),
    /** The day the appointment was made: says whether a rebooking was made in time. */
    bookedOn: $CalendarDate.nullable().default(null),
    /** The session whose "next meeting" made this appointment (set when that session was signed). */
    fromSessionId: $RecordId.nullable().default(null),
  })
  .superRefine((a, ctx) => {
    if (a.status === 'cancelled') {
      if (a.cancelledBy === null) ctx.addIssue({ code: 'custom', path: ['cancelledBy'], message: 'Say who cancelled' });
      if (a.cancelledOn === null) ctx.addIssue({ code: 'custom', path: ['cancelledOn'], message: 'Say when it was cancelled' });
    } else {
      for (const key of ['cancelledBy', 'cancelledOn', 'rebookedAs'] as const) {
        if (a[key] !== null) ctx.addIssue({ code: 'custom', path: [key], message: 'Only a cancelled appointment has this' });
      }
      if (a.cancelReason !== '') ctx.addIssue({ code: 'custom', path: ['cancelReason'], message: 'Only a cancelled appointment has this' });
    }
    if (a.rebookedAs !== null && a.rebookedAs === a.id) {
      ctx.addIssue({ code: 'custom', path: ['rebookedAs'], message: 'An appointment cannot be rebooked as itself' });
    }
    if (a.kind === 'urgent' && a.requestedAt === null) {
      ctx.addIssue({ code: 'custom', path: ['requestedAt'], message: 'Say when urgent supervision was asked for' });
    }
    if (a.kind === 'urgent' && a.time === '') {
      ctx.addIssue({ code: 'custom', path: ['time'], message: 'Urgent supervision needs a time' });
    }
    if (a.kind === 'planned' && a.requestedAt !== null) {
      ctx.addIssue({ code: 'custom', path: ['requestedAt'], message: 'Only urgent supervision has a request time' });
    }
  });
export type AppointmentV1 = z.infer<typeof $AppointmentV1>;
export type AppointmentInput = z.input<typeof $AppointmentV1>;

// ---------------------------------------------------------------------------------------
// Rebooking a cancelled session

/** Devon and Torbay, Appendix A: "a new date is negotiated within 2 weeks wherever possible". */
export const DEVON_REBOOK_WITHIN_DAYS = 14;
/** South Gloucestershire 3.3: "it must be rebooked immediately" — the same day. */
export const SOUTH_GLOS_REBOOK_WITHIN_DAYS = 0;

export const rebookingPolicies = ['devon', 'southGlos', 'custom'] as const;
export type RebookingPolicy = (typeof rebookingPolicies)[number];

export const $RebookingRuleV1 = z.discriminatedUnion('policy', [
  z.strictObject({ policy: z.literal('devon') }),
  z.strictObject({ policy: z.literal('southGlos') }),
  z.strictObject({ policy: z.literal('custom'), days: z.number().int().min(0).max(90) }),
]);
export type RebookingRuleV1 = z.infer<typeof $RebookingRuleV1>;

/** The last day by which a session cancelled on `cancelledOn` should be rebooked. */
export function rebookingTarget(policy: RebookingPolicy, cancelledOn: string, customDays?: number): string {
  switch (policy) {
    case 'devon':
      return addDays(cancelledOn, DEVON_REBOOK_WITHIN_DAYS);
    case 'southGlos':
      return addDays(cancelledOn, SOUTH_GLOS_REBOOK_WITHIN_DAYS);
    case 'custom':
      if (customDays === undefined || !Number.isInteger(customDays) || customDays < 0) {
        throw new RangeError('A custom rebooking rule needs a whole number of days (0 or more)');
      }
      return addDays(cancelledOn, customDays);
  }
}

export function rebookingTargetFor(rule: RebookingRuleV1, cancelledOn: string): string {
  return rule.policy === 'custom' ? rebookingTarget('custom', cancelledOn, rule.days) : rebookingTarget(rule.policy, cancelledOn);
}

export const rebookingStatuses = ['rebooked', 'awaitingRebooking', 'rebookingOverdue'] as const;
export type RebookingStatus = (typeof rebookingStatuses)[number];

export type RebookingResult = {
  status: RebookingStatus;
  /** The last day to rebook by. */
  target: string;
  /** The replacement appointment, when rebooked. */
  rebooking: AppointmentV1 | null;
  /** Whether the replacement was booked by the target: null when not rebooked or its booking day is not known. */
  withinTarget: boolean | null;
};

/** The replacement for a cancelled appointment: same person, present in the list. */
function replacementOf(appointment: AppointmentV1, appointments: readonly AppointmentV1[]): AppointmentV1 | null {
  if (appointment.rebookedAs === null) return null;
  return appointments.find((a) => a.id === appointment.rebookedAs && a.personId === appointment.personId) ?? null;
}

/**
 * Where a cancelled appointment stands: rebooked, still awaiting rebooking (to the end of the
 * target day), or overdue for rebooking. Null for an appointment that was not cancelled.
 * A `rebookedAs` that names no appointment of the same person counts as not rebooked.
 */
export function rebookingStatus(
  appointment: AppointmentV1,
  appointments: readonly AppointmentV1[],
  today: string,
  rule: RebookingRuleV1 = { policy: 'devon' },
): RebookingResult | null {
  if (appointment.status !== 'cancelled' || appointment.cancelledOn === null) return null;
  const target = rebookingTargetFor(rule, appointment.cancelledOn);
  const rebooking = replacementOf(appointment, appointments);
  if (rebooking) {
    const withinTarget = rebooking.bookedOn === null ? null : compareDates(rebooking.bookedOn, target) <= 0;
    return { status: 'rebooked', target, rebooking, withinTarget };
  }
  return { status: compareDates(today, target) <= 0 ? 'awaitingRebooking' : 'rebookingOverdue', target, rebooking: null, withinTarget: null };
}

// ---------------------------------------------------------------------------------------
// Urgent supervision within 24 hours

/** South Gloucestershire 3.4: urgent supervision "within 24 hours". */
export const URGENT_WITHIN_HOURS = 24;

export const urgentStatuses = ['met', 'due', 'missed'] as const;
export type UrgentStatus = (typeof urgentStatuses)[number];

export type UrgentResult = {
  status: UrgentStatus;
  /** requestedAt + 24 hours, as an ISO instant (UTC). */
  deadline: string;
  /** The appointment that answers the request (the last of any rebookings). */
  answeredBy: AppointmentV1;
  /** When that appointment starts, or null when it is cancelled. */
  startsAt: string | null;
};

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON_TZID,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Minutes Europe/London is ahead of UTC at an instant (0 in winter, 60 in summer). */
function londonOffsetMinutes(epochMs: number): number {
  const parts = Object.fromEntries(londonParts.formatToParts(new Date(epochMs)).map((p) => [p.type, Number(p.value)]));
  const asUtc = Date.UTC(parts['year'] ?? 0, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0);
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

/** A UK wall-clock date and time → the instant (ms since the epoch). */
export function londonToEpochMs(date: string, time: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(year, month - 1, day, hours, minutes);
  const first = wall - londonOffsetMinutes(wall) * 60_000;
  return wall - londonOffsetMinutes(first) * 60_000;
}

function instantMs(iso: string, what: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`${what} is not an instant: "${iso}"`);
  return ms;
}

/**
 * Whether urgent supervision took place within 24 hours of the request. Met: held, starting
 * by the deadline. Missed: booked to start after it, or the deadline has passed without it
 * being held. Due otherwise. A cancelled urgent session is followed to its rebooking.
 * Null for a planned appointment.
 */
export function urgentStatus(appointment: AppointmentV1, appointments: readonly AppointmentV1[], now: string): UrgentResult | null {
  if (appointment.kind !== 'urgent' || appointment.requestedAt === null) return null;
  const deadlineMs = instantMs(appointment.requestedAt, 'requestedAt') + URGENT_WITHIN_HOURS * 3_600_000;
  const deadline = new Date(deadlineMs).toISOString();
  const nowMs = instantMs(now, 'now');
  let current = appointment;
  const seen = new Set<string>([current.id]);
  while (current.status === 'cancelled') {
    const next = replacementOf(current, appointments);
    if (!next || seen.has(next.id)) break;
    seen.add(next.id);
    current = next;
  }
  if (current.status === 'cancelled') {
    return { status: nowMs <= deadlineMs ? 'due' : 'missed', deadline, answeredBy: current, startsAt: null };
  }
  const startMs = londonToEpochMs(current.date, current.time);
  const startsAt = new Date(startMs).toISOString();
  const inTime = startMs <= deadlineMs;
  let status: UrgentStatus;
  if (current.status === 'held') status = inTime ? 'met' : 'missed';
  else status = !inTime || nowMs > deadlineMs ? 'missed' : 'due';
  return { status, deadline, answeredBy: current, startsAt };
}

// ---------------------------------------------------------------------------------------
// Calendar file

/** The fixed words of every calendar entry: it never carries a child, a case or a reason. */
export const ICS_DESCRIPTION = 'Safeguarding supervision';
export const ICS_PRODID = '-//Safeguarding supervision//Appointments 1.0//EN';

/** The session type each appointment is, as its calendar entry names it. */
export const icsSessionTypes: Record<AppointmentV1['kind'], string> = { planned: 'one-to-one', urgent: 'urgent, one-to-one' };

/** The reminders a user can choose for a calendar entry, and each as an RFC 5545 trigger before the start. */
export const icsReminders = ['none', '15m', '1h', '1d'] as const;
export type IcsReminder = (typeof icsReminders)[number];
const reminderTriggers: Record<Exclude<IcsReminder, 'none'>, string> = { '15m': '-PT15M', '1h': '-PT1H', '1d': '-P1D' };

/** A person in a calendar entry: their name, and their email address when it is known. */
export type IcsPerson = { name: string; email?: string | undefined };

export type IcsOptions = {
  /** Whom the supervision is with: named in the title, an attendee when their email address is known. */
  supervisee: IcsPerson;
  /** The supervisor making the file: the organiser, when their email address is known. */
  organiser?: IcsPerson | null;
  /** The reminder before the start the user chose (none by default). */
  reminder?: IcsReminder;
  /** What the description says: the fixed words, with or without the venue. It is never free text. */
  description?: 'withVenue' | 'withoutVenue';
};

/** "Safeguarding supervision: Tom Smith (one-to-one)". */
export function icsSummary(appointment: Pick<AppointmentV1, 'kind'>, supervisee: IcsPerson): string {
  const name = supervisee.name.trim();
  return name ? `${ICS_DESCRIPTION}: ${name} (${icsSessionTypes[appointment.kind]})` : `${ICS_DESCRIPTION} (${icsSessionTypes[appointment.kind]})`;
}

/** A parameter value (RFC 5545 3.2): quoted, with no quotes or control characters inside. */
function icsParam(value: string): string {
  return `"${value.replace(/[\u0000-\u001F\u007F"]/g, '').trim()}"`;
}

/** An email address as a CAL-ADDRESS, or null when it is not one (nothing else may reach the line). */
function mailto(email: string | undefined): string | null {
  const address = email?.trim() ?? '';
  return /^[^\s@:;,"<>]+@[^\s@:;,"<>]+\.[^\s@:;,"<>]+$/.test(address) ? `mailto:${address}` : null;
}

/**
 * One appointment as an iCalendar (RFC 5545) file: local UK times with the Europe/London
 * definition, DTSTAMP from `stamp` (an ISO instant), a cancelled appointment as CANCELLED. It is
 * titled with the supervisee and the session type; the organiser and the supervisee are named as
 * ORGANIZER and ATTENDEE where their email addresses are known, and a reminder is set if chosen.
 * The description is only "Safeguarding supervision" and the venue: no case content, no
 * cancellation reason, no person id.
 */
export function appointmentToIcs(appointment: AppointmentV1, options: IcsOptions, stamp: string): string {
  const withVenue = (options.description ?? 'withVenue') === 'withVenue' && appointment.venue.trim() !== '';
  const title = icsSummary(appointment, options.supervisee);
  const venue = appointment.venue.trim();
  const description = withVenue ? `${ICS_DESCRIPTION}\nVenue: ${venue}` : ICS_DESCRIPTION;
  const cancelled = appointment.status === 'cancelled';
  const organiser = options.organiser ? mailto(options.organiser.email) : null;
  const attendee = mailto(options.supervisee.email);
  const cn = (person: IcsPerson) => (person.name.trim() ? `;CN=${icsParam(person.name)}` : '');
  const reminder = options.reminder ?? 'none';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${ICS_PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...londonTimezoneLines,
    'BEGIN:VEVENT',
    `UID:${appointment.id}@safeguarding-supervision`,
    `DTSTAMP:${icsUtcDateTime(instantMs(stamp, 'stamp'))}`,
    ...(appointment.time === ''
      ? // The day is agreed but not the time: an all-day entry (DTEND is exclusive, so the next day).
        [`DTSTART;VALUE=DATE:${appointment.date.replaceAll('-', '')}`, `DTEND;VALUE=DATE:${addDays(appointment.date, 1).replaceAll('-', '')}`]
      : [
          `DTSTART;TZID=${LONDON_TZID}:${icsLocalDateTime(appointment.date, appointment.time)}`,
          `DTEND;TZID=${LONDON_TZID}:${icsLocalDateTime(appointment.date, appointment.time, appointment.durationMinutes)}`,
        ]),
    `SUMMARY:${escapeIcsText(title)}`,
    `DESCRIPTION:${escapeIcsText(description)}`,
    ...(withVenue ? [`LOCATION:${escapeIcsText(venue)}`] : []),
    ...(organiser && options.organiser ? [`ORGANIZER${cn(options.organiser)}:${organiser}`] : []),
    ...(attendee ? [`ATTENDEE${cn(options.supervisee)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:${attendee}`] : []),
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    // A cancellation replaces the earlier copy of the same UID in the user's calendar.
    `SEQUENCE:${cancelled ? 1 : 0}`,
    'CLASS:PRIVATE',
    'TRANSP:OPAQUE',
    ...(reminder === 'none' || cancelled
      ? []
      : ['BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${escapeIcsText(title)}`, `TRIGGER:${reminderTriggers[reminder]}`, 'END:VALARM']),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return icsDocument(lines);
}

// ---------------------------------------------------------------------------------------
// The next meeting agreed in a session

/** Minutes booked for a meeting set in a session: Somerset and Temple say at least or about an hour. */
export const DEFAULT_MEETING_MINUTES = 60;

export type SignedSessionFacts = {
  sessionId: string;
  personId: string;
  /** The day the session took place. */
  date: string;
  nextMeeting: { date: string; time: string; venue: string };
};

export type SessionBookingChanges = {
  /** The appointment made from the session's "next meeting", or null when none is needed. */
  booked: AppointmentV1 | null;
  /** Booked appointments on the session's own day, now held. */
  held: AppointmentV1[];
};

/**
 * What signing a session changes in the schedule: the next meeting it set becomes a booked
 * appointment (unless one was made from this session already, or the same day and time is
 * already booked), and a booked appointment on the session's own day is marked held.
 * `existing` is this person's appointments; `ids` gives a new id; `today` is the booking day.
 */
export function bookingsFromSignedSession(
  session: SignedSessionFacts,
  existing: readonly AppointmentV1[],
  deps: { newId: () => string; today: string },
): SessionBookingChanges {
  const mine = existing.filter((a) => a.personId === session.personId);
  const held = mine.filter((a) => a.status === 'booked' && a.date === session.date).map((a): AppointmentV1 => ({ ...a, status: 'held' }));
  const { date, venue } = session.nextMeeting;
  const time = $TimeOfDay.safeParse(session.nextMeeting.time).success ? session.nextMeeting.time : '';
  const alreadyMade = mine.some((a) => a.fromSessionId === session.sessionId);
  const alreadyBooked = mine.some((a) => a.status === 'booked' && a.date === date && (a.time === time || time === ''));
  if (date === '' || alreadyMade || alreadyBooked || compareDates(date, session.date) <= 0) return { booked: null, held };
  const booked = $AppointmentV1.parse({
    id: deps.newId(),
    personId: session.personId,
    date,
    time,
    durationMinutes: DEFAULT_MEETING_MINUTES,
    venue: venue.trim(),
    kind: 'planned',
    status: 'booked',
    bookedOn: deps.today,
    fromSessionId: session.sessionId,
  });
  return { booked, held };
}
