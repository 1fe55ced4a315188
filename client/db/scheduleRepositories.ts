/**
 * Repositories for a supervisee's schedule: how often they need supervision (their frequency
 * rule) and their appointments (booked, held, cancelled and rebooked). Everything read is
 * parsed with zod; invalid input changes nothing.
 */
import { readEach } from './damage.ts';
import { z } from 'zod';
import { $FrequencyRuleV1 } from '../../machines/compliance/frequency.ts';
import {
  $AppointmentV1,
  $RebookingRuleV1,
  bookingsFromSignedSession,
  cancellingParties,
  type AppointmentV1,
  type SessionBookingChanges,
  type SignedSessionFacts,
} from '../../machines/compliance/schedule.ts';
import type { PersonV1 } from '../../machines/model/record.ts';
import type { SupervisionDB } from './db.ts';
import type { Result } from './result.ts';
import { localIsoDate } from '../content/format.ts';
import { storageCopy } from '../content/storageCopy.ts';

type Deps = { now: () => Date; newId: () => string; person: (id: string) => Promise<PersonV1 | undefined> };

export class StoredScheduleError extends Error {
  override name = 'StoredScheduleError';
}

/** A supervisee's rules: how often they need supervision, and how soon a cancelled session is rebooked. */
export type SavedFrequencyRule = z.infer<typeof $SavedRule>;
export type SavedFrequencyRuleInput = z.input<typeof $SavedRule>;

export type BookingInput = {
  date: string;
  time: string;
  durationMinutes: number;
  venue: string;
  kind: AppointmentV1['kind'];
};

export type CancellingParty = (typeof cancellingParties)[number];

const $SavedRule = z.strictObject({
  rule: $FrequencyRuleV1,
  presetId: z.string().min(1).max(100).nullable(),
  /** Rules saved before the rebooking rule was kept read as Devon's two weeks, the default shown then. */
  rebooking: $RebookingRuleV1.default({ policy: 'devon' }),
});

function firstMessage(error: z.ZodError): string {
  return error.issues[0]?.message ?? storageCopy.schedule.notValid;
}


function readAppointment(content: unknown): AppointmentV1 {
  const parsed = $AppointmentV1.safeParse(content);
  if (!parsed.success) throw new StoredScheduleError(storageCopy.schedule.appointmentUnreadable(firstMessage(parsed.error)));
  return parsed.data;
}

export function createScheduleRepositories(db: SupervisionDB, { now, newId, person }: Deps) {
  async function put(appointment: AppointmentV1): Promise<void> {
    await db.appointments.put({
      id: appointment.id,
      personId: appointment.personId,
      date: appointment.date,
      status: appointment.status,
      updatedAt: now().toISOString(),
      content: appointment,
    });
  }

  /** A new appointment, validated; nothing is written here. */
  function draft(personId: string, input: BookingInput, extra: { requestedAt?: string | null } = {}): Result<AppointmentV1> {
    const at = now();
    const parsed = $AppointmentV1.safeParse({
      id: newId(),
      personId,
      date: input.date,
      time: input.time,
      durationMinutes: input.durationMinutes,
      venue: input.venue,
      kind: input.kind,
      status: 'booked',
      requestedAt: input.kind === 'urgent' ? (extra.requestedAt ?? at.toISOString()) : null,
      bookedOn: localIsoDate(at),
    });
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: firstMessage(parsed.error) };
  }

  const frequencyRules = {
    async save(personId: string, input: SavedFrequencyRuleInput): Promise<Result<SavedFrequencyRule>> {
      if (!(await person(personId))) return { ok: false, message: storageCopy.schedule.chooseSupervisee };
      const parsed = $SavedRule.safeParse(input);
      if (!parsed.success) return { ok: false, message: firstMessage(parsed.error) };
      await db.frequencyRules.put({ personId, updatedAt: now().toISOString(), content: parsed.data });
      return { ok: true, value: parsed.data };
    },
    async get(personId: string): Promise<SavedFrequencyRule | undefined> {
      const row = await db.frequencyRules.get(personId);
      if (!row) return undefined;
      const parsed = $SavedRule.safeParse(row.content);
      if (!parsed.success) throw new StoredScheduleError(storageCopy.schedule.ruleUnreadable(firstMessage(parsed.error)));
      return parsed.data;
    },
  };

  const appointments = {
    async book(personId: string, input: BookingInput): Promise<Result<AppointmentV1>> {
      if (!(await person(personId))) return { ok: false, message: storageCopy.schedule.chooseSupervisee };
      const made = draft(personId, input);
      if (!made.ok) return made;
      await put(made.value);
      return made;
    },

    async get(id: string): Promise<AppointmentV1 | undefined> {
      const row = await db.appointments.get(id);
      return row ? readAppointment(row.content) : undefined;
    },

    /** This supervisee's appointments, soonest first. */
    async listFor(personId: string): Promise<AppointmentV1[]> {
      const rows = await db.appointments.where('personId').equals(personId).toArray();
      return readEach(db, 'appointments', rows, (row) => readAppointment(row.content)).sort((a, b) => a.date.localeCompare(b.date) || a.time.localeCompare(b.time));
    },

    /** This supervisee's appointments on these dates (read through the [personId+date] index). */
    async onDates(personId: string, dates: readonly string[]): Promise<AppointmentV1[]> {
      const wanted = [...new Set(dates.filter((date) => date !== ''))];
      if (wanted.length === 0) return [];
      const rows = await db.appointments.where('[personId+date]').anyOf(wanted.map((date) => [personId, date])).toArray();
      return readEach(db, 'appointments', rows, (row) => readAppointment(row.content));
    },

    /**
     * This supervisee's cancelled appointments with what they were rebooked as: all that rebooking
     * needs, without reading every appointment they ever had.
     */
    async cancelledFor(personId: string): Promise<AppointmentV1[]> {
      const cancelled = readEach(db, 'appointments', await db.appointments.where('[personId+status]').equals([personId, 'cancelled']).toArray(), (row) => readAppointment(row.content));
      const rebookedAs = cancelled.flatMap((a) => (a.rebookedAs ? [a.rebookedAs] : []));
      const replacements = rebookedAs.length === 0 ? [] : readEach(db, 'appointments', (await db.appointments.bulkGet(rebookedAs)).flatMap((row) => (row ? [row] : [])), (row) => readAppointment(row.content));
      return [...cancelled, ...replacements];
    },

    /**
     * Called inside the transaction that seals a session: the next meeting it set becomes an
     * appointment, and a booked appointment on the session's day is marked held. Only the
     * appointments on those two days can be affected, so only they are read.
     */
    async fromSignedSession(session: SignedSessionFacts): Promise<SessionBookingChanges> {
      const existing = await appointments.onDates(session.personId, [session.date, session.nextMeeting.date]);
      const changes = bookingsFromSignedSession(session, existing, { newId, today: localIsoDate(now()) });
      for (const appointment of [...changes.held, ...(changes.booked ? [changes.booked] : [])]) await put(appointment);
      return changes;
    },

    async markHeld(id: string): Promise<Result<AppointmentV1>> {
      return db.transaction('rw', db.appointments, async (): Promise<Result<AppointmentV1>> => {
        const existing = await appointments.get(id);
        if (!existing) return { ok: false, message: storageCopy.schedule.noSuchAppointment };
        if (existing.status !== 'booked') return { ok: false, message: storageCopy.schedule.onlyBookedHeld };
        const held: AppointmentV1 = { ...existing, status: 'held' };
        await put(held);
        return { ok: true, value: held };
      });
    },

    /** Cancels a booked appointment: who cancelled and why are both required. */
    async cancel(id: string, input: { cancelledBy: string | null; reason: string }): Promise<Result<AppointmentV1>> {
      const by = cancellingParties.find((p) => p === input.cancelledBy);
      if (!by) return { ok: false, message: storageCopy.schedule.sayWhoCancelled };
      const reason = input.reason.trim();
      if (!reason) return { ok: false, message: storageCopy.schedule.sayWhyCancelled };
      return db.transaction('rw', db.appointments, async (): Promise<Result<AppointmentV1>> => {
        const existing = await appointments.get(id);
        if (!existing) return { ok: false, message: storageCopy.schedule.noSuchAppointment };
        if (existing.status !== 'booked') return { ok: false, message: storageCopy.schedule.onlyBookedCancelled };
        const parsed = $AppointmentV1.safeParse({ ...existing, status: 'cancelled', cancelledBy: by, cancelReason: reason, cancelledOn: localIsoDate(now()) });
        if (!parsed.success) return { ok: false, message: firstMessage(parsed.error) };
        await put(parsed.data);
        return { ok: true, value: parsed.data };
      });
    },

    /**
     * Rebooks a cancelled appointment: a new appointment (booked today) linked from the
     * cancelled one by `rebookedAs`. An urgent request keeps its request time.
     */
    async rebook(id: string, input: Omit<BookingInput, 'kind'>): Promise<Result<AppointmentV1>> {
      return db.transaction('rw', db.appointments, async (): Promise<Result<AppointmentV1>> => {
        const existing = await appointments.get(id);
        if (!existing) return { ok: false, message: storageCopy.schedule.noSuchAppointment };
        if (existing.status !== 'cancelled') return { ok: false, message: storageCopy.schedule.onlyCancelledRebooked };
        if (existing.rebookedAs !== null) return { ok: false, message: storageCopy.schedule.alreadyRebooked };
        const made = draft(existing.personId, { ...input, kind: existing.kind }, { requestedAt: existing.requestedAt });
        if (!made.ok) return made;
        const linked = $AppointmentV1.safeParse({ ...existing, rebookedAs: made.value.id });
        if (!linked.success) return { ok: false, message: firstMessage(linked.error) };
        await put(made.value);
        await put(linked.data);
        return made;
      });
    },
  };

  return { frequencyRules, appointments };
}
