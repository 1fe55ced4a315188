/**
 * Backup reminders (issue 17, point 8): the date of the last backup made on this device, a
 * reminder on the start page after the chosen number of days or signed records since it, and the
 * settings for both (on the Security page).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { copy } from '../../content/copy.ts';
import { formatInstantDate } from '../../content/format.ts';
import { hrefFor } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { useKeptFigures } from '../../app/useKeptFigures.ts';
import { Input } from '../../components/Input.tsx';
import { Section } from '../../components/Section.tsx';
import { WarningCallout } from '../../components/WarningCallout.tsx';
import type { BackupReminder } from '../../../machines/retention/retention.ts';

const w = copy.backups;

type Status = { ok: true; lastBackupAt: string | null; reminder: BackupReminder; days: number; signedRecords: number } | { ok: false; message: string };

function useBackupStatus(): Status | undefined {
  const { repositories } = useServices();
  // The count of signed records is kept between visits: a change behind it reads it again.
  const keptFigures = useKeptFigures(repositories);
  return useLiveQuery(async (): Promise<Status> => {
    try {
      const status = await (await repositories.retention()).backups.status();
      return { ok: true, lastBackupAt: status.lastBackupAt, reminder: status.reminder, days: status.settings.days, signedRecords: status.settings.signedRecords };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  }, [repositories, keptFigures]);
}

function LastBackup({ status }: { status: Status }) {
  if (!status.ok) return <p className="nhsuk-error-message">{status.message}</p>;
  return <p className="app-last-backup">{status.lastBackupAt === null ? w.never : w.last(formatInstantDate(status.lastBackupAt))}</p>;
}

/** On the start page: the last backup, and a reminder when one is due. */
export function BackupReminderNotice() {
  const status = useBackupStatus();
  if (!status) return null;
  const reminder = status.ok ? status.reminder : { due: false as const };
  return (
    <>
      {reminder.due && (
        <WarningCallout title={w.reminderTitle} level={2}>
          <p>{reminder.reason === 'never' ? w.neverReminder : reminder.reason === 'days' ? w.daysReminder(reminder.days) : w.recordsReminder(reminder.records)}</p>
          <p>
            <a href={hrefFor({ name: 'security' })}>{w.makeNow}</a>
          </p>
        </WarningCallout>
      )}
      <LastBackup status={status} />
    </>
  );
}

/** On the Security page: the last backup, and when the start page reminds. */
export function BackupReminderSettings() {
  const { repositories } = useServices();
  const status = useBackupStatus();
  const [days, setDays] = useState<string | null>(null);
  const [records, setRecords] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  if (!status) return null;
  const shownDays = days ?? (status.ok ? String(status.days) : '');
  const shownRecords = records ?? (status.ok ? String(status.signedRecords) : '');

  const save = (event: FormEvent) => {
    event.preventDefault();
    void (async () => {
      const whole = /^\s*\d+\s*$/;
      if (!whole.test(shownDays) || !whole.test(shownRecords)) {
        setSaved(false);
        return setError(w.wholeNumber);
      }
      try {
        const result = await (await repositories.retention()).settings.setReminder({ days: Number(shownDays), signedRecords: Number(shownRecords) });
        if (!result.ok) {
          setSaved(false);
          return setError(result.message);
        }
        setError(null);
        setDays(null);
        setRecords(null);
        setSaved(true);
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
    })();
  };

  return (
    <Section id="backup-reminders" title={w.settingsTitle}>
      <LastBackup status={status} />
      <p>{w.settingsLede}</p>
      {error && (
        <p className="nhsuk-error-message" role="alert">
          {error}
        </p>
      )}
      {saved && <p role="status">{w.saved}</p>}
      <form onSubmit={save} noValidate>
        <Input id="reminder-days" label={w.days} inputMode="numeric" width={10} value={shownDays} onChange={setDays} />
        <Input id="reminder-records" label={w.records} inputMode="numeric" width={10} value={shownRecords} onChange={setRecords} />
        <button type="submit" className="nhsuk-button nhsuk-button--secondary">
          {w.save}
        </button>
      </form>
    </Section>
  );
}
