/**
 * What the app shows when the database cannot be used as this code expects (databaseFaults.ts):
 * in place of everything for a newer database or a failed upgrade (with a backup made from the
 * records as they are, for the latter); above the screen, which stays as it was, when another
 * tab has updated the app (a Reload button; what was typed here was saved first, or it says so).
 * On the first screen, so it carries only React, the lock's words and its components; the backup
 * code loads when a backup is asked for.
 */
import { useState, useSyncExternalStore, type FormEvent, type ReactNode } from 'react';
import { databaseFault } from '../db/databaseFaults.ts';
import { lockCopy } from '../content/lockCopy.ts';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary.tsx';
import { PassphraseInput } from '../components/PassphraseInput.tsx';
import { downloadText } from '../components/download.ts';

const w = lockCopy.database;

function reload(): void {
  window.location.reload();
}

function ReloadButton() {
  return (
    <button type="button" className="nhsuk-button" onClick={reload}>
      {w.reload}
    </button>
  );
}

/** The backup made from the records as installed: the app's passphrase opens them, the backup's seals the file. */
function BackupAsInstalled() {
  const [appPassphrase, setAppPassphrase] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [status, setStatus] = useState<'idle' | 'making' | 'made'>('idle');

  async function make(event: FormEvent) {
    event.preventDefault();
    if (status === 'making') return;
    if (passphrase !== confirmation) return setErrors([{ fieldId: 'legacy-backup-confirm', message: w.mismatch }]);
    setStatus('making');
    try {
      const { backupAsInstalled } = await import('../db/legacyBackup.ts');
      const made = await backupAsInstalled(appPassphrase, passphrase);
      if (!made.ok) {
        setErrors([{ fieldId: 'legacy-app-passphrase', message: made.message }]);
        return setStatus('idle');
      }
      const { backupFileName } = await import('../db/backup.ts');
      downloadText(backupFileName(new Date().toISOString().slice(0, 10)), made.fileText, 'application/json');
      setErrors([]);
      setStatus('made');
    } catch (error) {
      setErrors([{ fieldId: 'legacy-app-passphrase', message: error instanceof Error ? error.message : String(error) }]);
      setStatus('idle');
    }
  }
  const error = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  return (
    <form onSubmit={(event) => void make(event)} noValidate aria-labelledby="legacy-backup-title">
      <h2 className="nhsuk-heading-m" id="legacy-backup-title">
        {w.backupTitle}
      </h2>
      <p>{w.backupLede}</p>
      <ErrorSummary title={lockCopy.lock.problem} errors={errors} />
      <PassphraseInput id="legacy-app-passphrase" label={w.appPassphrase} value={appPassphrase} onChange={setAppPassphrase} autoComplete="current-password" error={error('legacy-app-passphrase')} />
      <PassphraseInput id="legacy-backup-passphrase" label={w.backupPassphrase} value={passphrase} onChange={setPassphrase} autoComplete="new-password" error={error('legacy-backup-passphrase')} />
      <PassphraseInput id="legacy-backup-confirm" label={w.backupConfirm} value={confirmation} onChange={setConfirmation} autoComplete="new-password" error={error('legacy-backup-confirm')} />
      <div role="status">{status === 'making' ? <p>{w.making}</p> : status === 'made' ? <p>{w.made}</p> : null}</div>
      <button type="submit" className="nhsuk-button nhsuk-button--secondary" aria-disabled={status === 'making'}>
        {w.makeBackup}
      </button>
    </form>
  );
}

/** The app, or in its place what the database's fault needs the user to do. */
export function DatabaseFaultGate({ children }: { children: ReactNode }) {
  const fault = useSyncExternalStore(databaseFault.subscribe, databaseFault.get);
  if (fault?.kind === 'newer' || fault?.kind === 'upgradeFailed')
    return (
      <main className="nhsuk-main-wrapper" id="maincontent">
        <div className="nhsuk-width-container">
          <div className="nhsuk-error-summary" role="alert" aria-labelledby="database-fault-title">
            <h1 className="nhsuk-error-summary__title" id="database-fault-title">
              {fault.kind === 'newer' ? w.newerTitle : w.upgradeFailedTitle}
            </h1>
            <p>{fault.kind === 'newer' ? w.newer : w.upgradeFailed}</p>
            {fault.kind === 'upgradeFailed' && <p className="nhsuk-body-s">{w.detail(fault.reason)}</p>}
          </div>
          <ReloadButton />
          {fault.kind === 'upgradeFailed' && <BackupAsInstalled />}
        </div>
      </main>
    );
  return (
    <>
      {fault?.kind === 'updatedElsewhere' && (
        <div className="nhsuk-width-container">
          <div className="nhsuk-error-summary app-updated-elsewhere" role="alert" aria-labelledby="updated-elsewhere-title">
            <h2 className="nhsuk-error-summary__title" id="updated-elsewhere-title">
              {w.updatedElsewhereTitle}
            </h2>
            <p>{fault.saved ? w.updatedElsewhere : w.updatedElsewhereUnsaved}</p>
            <ReloadButton />
          </div>
        </div>
      )}
      {children}
    </>
  );
}
