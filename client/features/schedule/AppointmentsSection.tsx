/** A supervisee's appointments: book, mark held, cancel (who and why), rebook, and a calendar file for each. */
import { useEffect, useState } from 'react';
import {
  appointmentToIcs,
  icsReminders,
  type IcsReminder,
  rebookingStatus,
  urgentStatus,
  type AppointmentV1,
  type RebookingRuleV1,
} from '../../../machines/compliance/schedule.ts';
import { copy } from '../../content/copy.ts';
import { formatDate, formatDateAndTime, formatInstant } from '../../content/format.ts';
import { downloadText } from '../../components/download.ts';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary.tsx';
import { Input } from '../../components/Input.tsx';
import { Radios } from '../../components/Radios.tsx';
import { Select } from '../../components/Select.tsx';
import { Details } from '../../components/Details.tsx';
import type { PersonV1 } from '../../../machines/model/record.ts';
import type { ProfileV1 } from '../../../machines/model/trust.ts';
import { TextArea } from '../../components/TextArea.tsx';
import { useServices } from '../../app/services.tsx';

const w = copy.schedule.appointments;
const statusTag = { booked: 'nhsuk-tag--blue', held: 'nhsuk-tag--green', cancelled: 'nhsuk-tag--grey' } as const;
const rebookTag = { rebooked: 'nhsuk-tag--green', awaitingRebooking: 'nhsuk-tag--yellow', rebookingOverdue: 'nhsuk-tag--red' } as const;
const urgentTag = { met: 'nhsuk-tag--green', due: 'nhsuk-tag--yellow', missed: 'nhsuk-tag--red' } as const;

type Open = { kind: 'cancel'; id: string } | { kind: 'rebook'; id: string } | null;

/** "1 December 2026 at 10:00", or the day alone when the time is still to be agreed. */
export function whenOf(a: Pick<AppointmentV1, 'date' | 'time'>): string {
  return a.time ? formatDateAndTime(a.date, a.time) : `${formatDate(a.date)} (${w.timeToAgree})`;
}

export function AppointmentsSection(props: { person: PersonV1; appointments: AppointmentV1[]; today: string; rebookingRule: RebookingRuleV1 }) {
  const { person, appointments, today, rebookingRule } = props;
  const personId = person.id;
  const { repositories, now } = useServices();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [open, setOpen] = useState<Open>(null);
  const [date, setDate] = useState('');
  const [time, setTime] = useState('');
  const [duration, setDuration] = useState('60');
  const [venue, setVenue] = useState('');
  const [kind, setKind] = useState<AppointmentV1['kind']>('planned');
  const [cancelledBy, setCancelledBy] = useState<string | null>(null);
  const [reason, setReason] = useState('');

  function fail(fieldId: string, message: string) {
    setErrors([{ fieldId, message }]);
  }

  async function book() {
    if (!date) return fail('book-date', 'Enter the date');
    if (!time) return fail('book-time', 'Enter the time');
    const result = await repositories.appointments.book(personId, { date, time, durationMinutes: Number(duration), venue, kind });
    if (!result.ok) return fail('book-date', result.message);
    setErrors([]);
    setDate('');
    setTime('');
    setVenue('');
  }

  async function cancel(id: string) {
    if (!cancelledBy) return fail('cancel-by', 'Say who cancelled');
    if (!reason.trim()) return fail('cancel-reason', 'Say why it was cancelled');
    const result = await repositories.appointments.cancel(id, { cancelledBy, reason });
    if (!result.ok) return fail('cancel-reason', result.message);
    setErrors([]);
    setOpen(null);
    setCancelledBy(null);
    setReason('');
  }

  async function rebook(original: AppointmentV1) {
    if (!date) return fail('rebook-date', 'Enter the date');
    if (!time) return fail('rebook-time', 'Enter the time');
    const result = await repositories.appointments.rebook(original.id, { date, time, durationMinutes: original.durationMinutes, venue: original.venue });
    if (!result.ok) return fail('rebook-date', result.message);
    setErrors([]);
    setOpen(null);
    setDate('');
    setTime('');
  }

  const calendar = useCalendarSettings(person);

  function download(appointment: AppointmentV1) {
    const stamp = now().toISOString();
    const { profile, reminder } = calendar;
    const options = { supervisee: { name: person.name, email: person.email }, organiser: profile ? { name: profile.name, email: profile.email } : null, reminder };
    downloadText(`supervision-${appointment.date}.ics`, appointmentToIcs(appointment, options, stamp));
  }

  const nowIso = now().toISOString();
  const error = (id: string) => errors.find((e) => e.fieldId === id)?.message;

  return (
    <section aria-labelledby="appointments-title">
      <h2 className="nhsuk-heading-m" id="appointments-title">
        {w.title}
      </h2>
      <ErrorSummary title={copy.schedule.errorTitle} errors={errors} />
      <CalendarSettings person={person} settings={calendar} />
      {appointments.length === 0 && <p>{w.none}</p>}
      <ul className="nhsuk-list" aria-label={w.title}>
        {appointments.map((a) => {
          const rebooking = rebookingStatus(a, appointments, today, rebookingRule);
          const urgent = urgentStatus(a, appointments, nowIso);
          return (
            <li key={a.id} className="nhsuk-card nhsuk-u-padding-3" aria-label={whenOf(a)}>
              <p className="nhsuk-u-margin-bottom-2">
                <strong>{whenOf(a)}</strong>
                , {w.minutes(a.durationMinutes)}{a.venue ? `, ${a.venue}` : ''} ({w.kinds[a.kind]}){' '}
                <strong className={`nhsuk-tag ${statusTag[a.status]}`}>{w.statuses[a.status]}</strong>
              </p>
              {a.fromSessionId && <p className="nhsuk-body-s">{w.fromSession}</p>}
              {a.status === 'cancelled' && (
                <p className="nhsuk-body-s">
                  {w.cancelledBy}: {a.cancelledBy ? w.parties[a.cancelledBy] : ''}. {w.reason}: {a.cancelReason}
                </p>
              )}
              {rebooking && (
                <p className="nhsuk-body-s">
                  <strong className={`nhsuk-tag ${rebookTag[rebooking.status]}`}>{w.rebooking[rebooking.status]}</strong> {w.rebookBy} {formatDate(rebooking.target)}
                  {rebooking.rebooking ? ` (${whenOf(rebooking.rebooking)})` : ''}
                </p>
              )}
              {urgent && (
                <p className="nhsuk-body-s">
                  <strong className={`nhsuk-tag ${urgentTag[urgent.status]}`}>{w.urgent[urgent.status]}</strong> {w.deadline} {formatInstant(urgent.deadline)}
                </p>
              )}
              <div className="nhsuk-button-group">
                {a.status === 'booked' && (
                  <>
                    <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => void repositories.appointments.markHeld(a.id)}>
                      {w.markHeld}
                    </button>
                    <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => setOpen({ kind: 'cancel', id: a.id })}>
                      {w.cancel}
                    </button>
                    <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => download(a)}>
                      {w.ics}
                    </button>
                  </>
                )}
                {a.status === 'cancelled' && a.rebookedAs === null && (
                  <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => setOpen({ kind: 'rebook', id: a.id })}>
                    {w.rebook}
                  </button>
                )}
              </div>
              {open?.id === a.id && open.kind === 'cancel' && (
                <div className="nhsuk-inset-text">
                  <Radios
                    name="cancel-by"
                    legend={w.cancelledBy}
                    small
                    error={error('cancel-by')}
                    value={cancelledBy}
                    onChange={setCancelledBy}
                    options={(['supervisor', 'supervisee', 'other'] as const).map((p) => ({ value: p, label: w.parties[p] }))}
                  />
                  <TextArea id="cancel-reason" label={w.reason} value={reason} onChange={setReason} error={error('cancel-reason')} />
                  <button type="button" className="nhsuk-button nhsuk-button--warning" onClick={() => void cancel(a.id)}>
                    {w.confirmCancel}
                  </button>
                </div>
              )}
              {open?.id === a.id && open.kind === 'rebook' && (
                <div className="nhsuk-inset-text">
                  <Input id="rebook-date" type="date" label={w.date} value={date} onChange={setDate} error={error('rebook-date')} />
                  <Input id="rebook-time" type="time" label={w.time} value={time} onChange={setTime} error={error('rebook-time')} />
                  <button type="button" className="nhsuk-button" onClick={() => void rebook(a)}>
                    {w.confirmRebook}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {open?.kind !== 'rebook' && (
        <>
          <h3 className="nhsuk-heading-s">{w.book}</h3>
          <Input id="book-date" type="date" label={w.date} value={date} onChange={setDate} error={error('book-date')} />
          <Input id="book-time" type="time" label={w.time} value={time} onChange={setTime} error={error('book-time')} />
          <Input id="book-duration" label={w.duration} inputMode="numeric" width={10} value={duration} onChange={setDuration} />
          <Input id="book-venue" label={w.venue} hint={w.venueHint} value={venue} onChange={setVenue} />
          <Radios
            name="book-kind"
            legend={w.kind}
            small
            value={kind}
            onChange={(v) => setKind(v === 'urgent' ? 'urgent' : 'planned')}
            options={(['planned', 'urgent'] as const).map((k) => ({ value: k, label: w.kinds[k] }))}
          />
          <button type="button" className="nhsuk-button" onClick={() => void book()}>
            {w.submit}
          </button>
        </>
      )}
    </section>
  );
}

const c = w.calendar;

type CalendarSettingsState = {
  profile: ProfileV1 | null;
  reminder: IcsReminder;
  setReminder: (reminder: IcsReminder) => void;
  saveProfileEmail: (email: string) => Promise<string | null>;
};

/** This device's person (the organiser), read when the screen opens, and the reminder chosen. */
function useCalendarSettings(person: PersonV1): CalendarSettingsState {
  const { repositories } = useServices();
  const [profile, setProfile] = useState<ProfileV1 | null>(null);
  const [reminder, setReminder] = useState<IcsReminder>('none');
  useEffect(() => {
    let cancelled = false;
    repositories
      .trust()
      .then((trust) => trust.profile.get())
      .then((found) => !cancelled && setProfile(found))
      .catch(() => !cancelled && setProfile(null));
    return () => {
      cancelled = true;
    };
  }, [repositories, person.id]);
  async function saveProfileEmail(email: string): Promise<string | null> {
    if (!profile) return null;
    const trust = await repositories.trust();
    const result = await trust.profile.save({ name: profile.name, jobRole: profile.jobRole, email });
    if (!result.ok) return result.message;
    setProfile(result.value);
    return null;
  }
  return { profile, reminder, setReminder, saveProfileEmail };
}

/** The supervisee's and your email addresses (kept for every calendar file) and the reminder to set. */
function CalendarSettings({ person, settings }: { person: PersonV1; settings: CalendarSettingsState }) {
  const { repositories } = useServices();
  const [theirs, setTheirs] = useState(person.email ?? '');
  const [yours, setYours] = useState<string | null>(null);
  const [problems, setProblems] = useState<{ theirs?: string; yours?: string }>({});
  const [saved, setSaved] = useState(false);
  const yourValue = yours ?? settings.profile?.email ?? '';

  async function save() {
    setSaved(false);
    const found: typeof problems = {};
    const result = await repositories.people.setEmail(person.id, theirs);
    if (!result.ok) found.theirs = result.message;
    if (settings.profile) {
      const message = await settings.saveProfileEmail(yourValue);
      if (message) found.yours = message;
    }
    setProblems(found);
    setSaved(!found.theirs && !found.yours);
  }

  return (
    <Details summary={c.title}>
      <p className="nhsuk-body-s">{c.lede}</p>
      <Input id="calendar-their-email" type="email" label={c.superviseeEmail(person.name)} value={theirs} onChange={setTheirs} error={problems.theirs} />
      <Input
        id="calendar-your-email"
        type="email"
        label={c.yourEmail}
        hint={settings.profile ? undefined : c.needsProfile}
        value={yourValue}
        onChange={setYours}
        error={problems.yours}
        disabled={!settings.profile}
      />
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void save()}>
        {c.save}
      </button>
      {saved && (
        <p className="nhsuk-body-s" role="status">
          {c.saved}
        </p>
      )}
      <Select
        id="calendar-reminder"
        label={c.reminder}
        value={settings.reminder}
        options={icsReminders.map((r) => ({ value: r, label: c.reminders[r] }))}
        onChange={(value) => settings.setReminder((icsReminders as readonly string[]).includes(value) ? (value as IcsReminder) : 'none')}
      />
    </Details>
  );
}
